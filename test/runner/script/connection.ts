import t from 'tap';
import {
  Connection, bindOutbound, checkFlowLabel, inboundAck, inboundAckToScript, inboundSeq, inboundSeqToScript, inferTsEcr,
  learnRemoteIsn, numberingOf, outboundAck, outboundSeq, outboundTsVal, recordOutbound, wireAddress,
} from '../../../src/runner/script/connection.js';
import { seq } from '../../../src/runner/wire/seq.js';
import { encodeDatagram, decodeDatagram, type Packet } from '../../../src/runner/wire/frame.js';
import { established, tcp, opt, LOCAL4, REMOTE4 } from '../fixtures/ast.js';

t.test('§6.3 table, SYN set and clear', async (t) => {
  const c = established(); // Rs 1000, Kl 5000000, Ks 0
  c.setKernelIsn({ kind: 'known', live: seq(5_000_000), script: seq(10) });
  t.equal(inboundSeq(c, true, 1000), 1000);
  t.equal(inboundSeq(c, false, 1001), 2001, '§6.2 example: 1000 + 1001');
  t.equal(inboundAck(c, true, 11), 5_000_001);
  t.equal(inboundAck(c, false, 1), 5_000_001);
  t.equal(outboundSeq(c, true, seq(5_000_000)), 10);
  t.equal(outboundSeq(c, false, seq(5_000_001)), 1);
  t.equal(outboundAck(c, true, seq(1001)), 1001);
  t.equal(outboundAck(c, false, seq(1001)), 1);
});

t.test('arithmetic wraps modulo 2^32', async (t) => {
  const c = established();
  c.setKernelIsn({ kind: 'known', live: seq(0xffffff00), script: seq(0) });
  t.equal(inboundAck(c, false, 0x200), 0x100);
  t.equal(outboundSeq(c, false, seq(0x100)), 0x200);
});

t.test('nothing learned: raw comparison (§6.3 closed-port RST)', async (t) => {
  const c = new Connection({ addr: LOCAL4, port: 8080 }, { addr: REMOTE4, port: 50000 });
  t.equal(outboundSeq(c, false, seq(0)), 0);
  t.equal(outboundAck(c, false, seq(1)), 1);
});

t.test('TS ecr inference (§6.4)', async (t) => {
  const c = established();
  t.same(inferTsEcr(c, 100, false), { ok: false, reason: 'unable to infer live TS ecr for script TS ecr 100;  no matching or preceding outbound TS val' });
  const line = tcp('outbound', 'S.', 0, 0, { ack: 1, options: [opt.ts(100, 700)] });
  const live: Packet = { ip: { version: 4, tos: 0, headerLength: 20, totalLength: 0, id: 0, fragOff: 0, ttl: 64, protocol: 6, checksum: 0, src: LOCAL4, dst: REMOTE4, options: new Uint8Array(0) }, l4: { kind: 'tcp', tcp: { srcPort: 8080, dstPort: 50000, seq: seq(5_000_000), ack: seq(1001), dataOffset: 0, reserved: 0, flags: 0x12, window: 65535, checksum: 0, urgent: 0, options: [{ kind: 'timestamp', val: 9000, ecr: 700 }], payload: new Uint8Array(0) } } };
  recordOutbound(c, line, live);
  t.same(inferTsEcr(c, 100, false), { ok: true, liveEcr: 9000 }, 'exact hit');
  t.same(inferTsEcr(c, 150, true), { ok: true, liveEcr: 9050 }, 'scaled from the baseline');
  t.equal(inferTsEcr(c, 150, false).ok, false, 'no scaling without --tcp_ts_ecr_scaled');
  t.equal(outboundTsVal(c, 9010), 110);
  recordOutbound(c, { ...line, body: { ...line.body, options: { kind: 'any', pos: line.pos } } as never }, live);
  t.equal(c.tsVals.size, 1, '<...> records nothing');
});

t.test('bindOutbound learns Ks, Kl and the local port of a connecting socket', async (t) => {
  const c = new Connection({ addr: LOCAL4, port: 0 }, { addr: REMOTE4, port: 8080 });
  c.setKernelIsn({ kind: 'awaiting', from: 'syn' });
  const bytes = encodeDatagram({ ip: { version: 4, tos: 0, headerLength: 20, totalLength: 0, id: 0, fragOff: 0, ttl: 64, protocol: 6, checksum: 0, src: LOCAL4, dst: REMOTE4, options: new Uint8Array(0) }, l4: { kind: 'tcp', tcp: { srcPort: 43210, dstPort: 8080, seq: seq(777), ack: seq(0), dataOffset: 0, reserved: 0, flags: 0x02, window: 65535, checksum: 0, urgent: 0, options: [], payload: new Uint8Array(0) } } });
  const d = decodeDatagram(bytes);
  if (!d.ok) throw new Error(d.reason);
  bindOutbound(c, tcp('outbound', 'S.', 0, 0), d.packet);
  t.same(c.kernelIsn, { kind: 'awaiting', from: 'syn' }, 'a SYN-ACK line does not bind a connecting socket');
  bindOutbound(c, tcp('outbound', 'S', 5, 0), d.packet);
  t.same(c.kernelIsn, { kind: 'known', live: 777, script: 5 });
  t.equal(c.local.port, 43210);
});

t.test('flow labels (§5.7)', async (t) => {
  const c = established();
  t.same(checkFlowLabel(c, 1, 0), { ok: false, reason: 'flowlabel unmarked in the live packet' });
  t.same(checkFlowLabel(c, 1, 0xabc), { ok: true });
  c.flowLabel = { script: 1, live: 0xabc };
  t.same(checkFlowLabel(c, 1, 0xabc), { ok: true });
  t.match(checkFlowLabel(c, 1, 0xabd), { ok: false, reason: /inconsistent flowlabels/ });
  t.same(checkFlowLabel(c, 2, 0xabc), { ok: false, reason: 'expected a different flowlabel but got the same' });
  t.same(checkFlowLabel(c, 2, 0xabd), { ok: true });
});

t.test('ipv4-mapped addresses go on the wire as IPv4', async (t) => {
  const mapped = new Uint8Array([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 0, 2, 1]);
  t.same(wireAddress(mapped), REMOTE4);
  t.equal(wireAddress(new Uint8Array(16)).length, 16);
});

t.test('numberingOf keeps the numbering of the moment: an inbound packet rendered after the timeline reads as it did when injected', async (t) => {
  const c = established();
  c.setKernelIsn({ kind: 'known', live: seq(5_000_000), script: seq(0) });
  const then = numberingOf(c);
  learnRemoteIsn(c, 7);
  c.setKernelIsn({ kind: 'awaiting', from: 'syn' });
  t.equal(inboundSeqToScript(then, false, seq(2001)), 1001, 'Rs of the moment (1000)');
  t.equal(inboundAckToScript(then, false, seq(5_000_001)), 1, 'Kl of the moment');
  t.equal(inboundSeqToScript(c, false, seq(2001)), 1994, 'the connection itself moved on');
});
