import t from 'tap';
import { actionToScript, packetToScript } from '../../../src/runner/script/to-script.js';
import type { TcpOption } from '../../../src/runner/wire/tcp-options.js';
import type { Packet } from '../../../src/runner/wire/frame.js';
import { seq } from '../../../src/runner/wire/seq.js';
import { recordTsPair } from '../../../src/runner/script/connection.js';
import { P, LOCAL4, REMOTE4, established, opt, tcp } from '../fixtures/ast.js';

const ip = (protocol: number, tos = 0) => ({ version: 4 as const, tos, headerLength: 20, totalLength: 0, id: 0, fragOff: 0, ttl: 64, protocol, checksum: 0, src: LOCAL4, dst: REMOTE4, options: new Uint8Array(0) });
const seg = (flags: number, s: number, a: number, len: number, options: readonly TcpOption[] = []): Packet => ({
  ip: ip(6), l4: { kind: 'tcp', tcp: { srcPort: 8080, dstPort: 50000, seq: seq(s), ack: seq(a), dataOffset: 0, reserved: 0, flags, window: 65535, checksum: 0, urgent: 0, options, payload: new Uint8Array(len) } },
});

t.test('decoded outbound packets in script space', async (t) => {
  const c = established();
  recordTsPair(c, { scriptVal: 100, liveVal: 9000 });
  t.equal(
    packetToScript(seg(0x12, 5_000_000, 1001, 0, [{ kind: 'mss', value: 1460 }, { kind: 'sackOK' }, { kind: 'timestamp', val: 9000, ecr: 700 }, { kind: 'nop' }, { kind: 'wscale', shift: 7 }]), c, 'outbound'),
    'S. 0:0(0) ack 1001 win 65535 <mss 1460,sackOK,TS val 100 ecr 700,nop,wscale 7>',
  );
  t.equal(packetToScript({ ...seg(0x18, 5_000_001, 1001, 1000) }, c, 'outbound'), 'P. 1:1001(1000) ack 1 win 65535');
  t.equal(packetToScript({ ...seg(0x10, 5_000_001, 1001, 0), ip: ip(6, 2) }, c, 'outbound'), '(ect0) . 1:1(0) ack 1 win 65535');
  t.equal(packetToScript({ ...seg(0x00, 5_000_001, 0, 0), ip: ip(6, 0x22) }, c, 'outbound'), '(tos 0x22) - 1:1(0) win 65535');
  t.equal(packetToScript(seg(0x18, 2001, 5_000_001, 10), c, 'inbound'), 'P. 1001:1011(10) ack 1 win 65535');
});

t.test('UDP and ICMP', async (t) => {
  const c = established();
  t.equal(packetToScript({ ip: ip(17), l4: { kind: 'udp', udp: { srcPort: 1, dstPort: 2, length: 108, checksum: 0, payload: new Uint8Array(100) } } }, c, 'outbound'), 'udp (100)');
  t.equal(packetToScript({ ip: ip(1), l4: { kind: 'icmp', icmp: { version: 4, type: 3, code: 4, checksum: 0, rest: 1200, payload: new Uint8Array(0) } } }, c, 'outbound'), 'icmp unreachable frag_needed mtu 1200');
  t.equal(packetToScript({ ip: ip(1), l4: { kind: 'icmp', icmp: { version: 6, type: 2, code: 0, checksum: 0, rest: 1280, payload: new Uint8Array(0) } } }, c, 'outbound'), 'icmp packet_too_big mtu 1280');
});

t.test('script lines, normalised', async (t) => {
  t.equal(actionToScript(tcp('outbound', 'S.', 0, 0, { ack: 1, options: [opt.mss(1460), opt.sackOK, opt.ts(100, 700), opt.nop, opt.wscale(8)] })), 'S. 0:0(0) ack 1 <mss 1460,sackOK,TS val 100 ecr 700,nop,wscale 8>');
  t.equal(actionToScript(tcp('outbound', 'F.', 3001, 0, { ack: 1, options: 'any' })), 'F. 3001:3001(0) ack 1 <...>');
  t.equal(actionToScript(tcp('inbound', '.', 1, 0, { ack: 2001, win: 500, ip: { ecn: 'ect0' }, options: [opt.nop, opt.nop, opt.sack([1, 1001])] })), '(ect0) . 1:1(0) ack 2001 win 500 <nop,nop,sack 1:1001>');
  t.equal(actionToScript({ kind: 'packet', direction: 'inbound', outer: [], ip: undefined, pos: P, body: { kind: 'icmp', type: 'unreachable', code: 'frag_needed', mtu: 1200, id: undefined, echoed: { kind: 'tcp', seq: { start: 1, end: 1461, len: 1460, pos: P } }, pos: P } }), 'icmp unreachable frag_needed mtu 1200 [1:1461(1460)]');
  t.equal(actionToScript({ kind: 'packet', direction: 'outbound', outer: [], ip: undefined, pos: P, body: { kind: 'udp', ports: undefined, len: 100, pos: P } }), 'udp (100)');
});
