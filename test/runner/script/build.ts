import t from 'tap';
import { type InboundConfig, buildInbound, buildRst, withVnetHeader } from '../../../src/runner/script/build.js';
import { decodeDatagram } from '../../../src/runner/wire/frame.js';
import { recordInjected, recordTsPair } from '../../../src/runner/script/connection.js';
import type { IcmpPacket, PacketAction } from '../../../src/grammar/ast.js';
import { decodeQuoted } from '../../../src/runner/wire/icmp.js';
import { internetChecksum } from '../../../src/runner/wire/checksum.js';
import { toHex } from '../../../src/runner/wire/wire.js';
import { P, established, opt, tcp } from '../fixtures/ast.js';

const CFG: InboundConfig = { ipVersion: 4, tsEcrScaled: false };

function decoded(pkt: PacketAction, cfg = CFG, conn = established()) {
  const r = buildInbound(pkt, conn, cfg);
  if (!r.ok) throw new Error(r.reason);
  const d = decodeDatagram(r.bytes);
  if (!d.ok) throw new Error(d.reason);
  return { bytes: r.bytes, packet: d.packet };
}

t.test('§6.2: data segment seq/ack translated, IPv4 defaults', async (t) => {
  // < P. 1001:2001(1000) ack 1 win 257   with Rs 1000, Kl 5000000
  const { bytes, packet } = decoded(tcp('inbound', 'P.', 1001, 1000, { ack: 1, win: 257 }));
  t.equal(toHex(bytes.subarray(0, 10)), '4500041000000000ff06', 'ver/ihl, tos 0, len 1040, id 0, no DF, ttl 255, TCP');
  t.equal(internetChecksum(bytes.subarray(0, 20)), 0);
  t.match(packet.l4, { kind: 'tcp', tcp: { srcPort: 50000, dstPort: 8080, seq: 2001, ack: 5_000_001, window: 257, flags: 0x18 } });
});

t.test('ack without the ACK flag is sent raw', async (t) => {
  const { packet } = decoded(tcp('inbound', 'S', 0, 0, { ack: 7, win: 100 }));
  t.match(packet.l4, { tcp: { seq: 0, ack: 7 } });
});

t.test('SACK edges translated like acks; TS ecr inferred only with ACK', async (t) => {
  const conn = established();
  recordTsPair(conn, { scriptVal: 100, liveVal: 9000 });
  const { packet } = decoded(tcp('inbound', '.', 1, 0, { ack: 1, win: 500, options: [opt.nop, opt.nop, opt.sack([1, 1001]), opt.nop, opt.nop, opt.ts(720, 100)] }), CFG, conn);
  t.match(packet.l4, { tcp: { options: [{}, {}, { kind: 'sack', blocks: [{ left: 5_000_001, right: 5_001_001 }] }, {}, {}, { kind: 'timestamp', val: 720, ecr: 9000 }] } });
  const syn = decoded(tcp('inbound', 'S', 0, 0, { win: 1, options: [opt.ts(700, 55)] }), CFG, conn).packet;
  t.match(syn.l4, { tcp: { options: [{ kind: 'timestamp', ecr: 55 }] } });
  const fail = buildInbound(tcp('inbound', '.', 1, 0, { ack: 1, win: 1, options: [opt.ts(1, 200)] }), conn, CFG);
  t.match(fail, { ok: false, reason: /unable to infer live TS ecr for script TS ecr 200/ });
});

t.test('IP attributes and IPv6', async (t) => {
  const conn = established();
  conn.local = { addr: new Uint8Array(16).fill(1), port: 8080 };
  conn.remote = { addr: new Uint8Array(16).fill(2), port: 50000 };
  const { packet } = decoded(tcp('inbound', '.', 1, 0, { ack: 1, win: 1, ip: { ecn: 'ect0', flowLabel: 0x12345 } }), { ...CFG, ipVersion: 6 }, conn);
  t.match(packet.ip, { version: 6, trafficClass: 2, flowLabel: 0x12345, hopLimit: 255 });
  const v4 = decoded(tcp('inbound', '.', 1, 0, { ack: 1, win: 1, ip: { ttl: 32 } })).packet;
  t.match(v4.ip, { ttl: 32, tos: 0 });
  t.match(buildInbound(tcp('inbound', '.', 1, 0, { ip: { ecn: 'ect01' } }), established(), CFG), { ok: false });
  t.match(buildInbound(tcp('inbound', '.', 1, 0, { options: 'any' }), established(), CFG), { ok: false, reason: /outbound/ });
});

t.test('explicit ports override; oversize segments refused', async (t) => {
  t.match(decoded(tcp('inbound', '.', 1, 0, { win: 1, ports: [1234, 0] })).packet.l4, { tcp: { srcPort: 1234, dstPort: 8080 } });
  t.match(buildInbound(tcp('inbound', '.', 1, 65500, { win: 1 }), established(), CFG), { ok: false, reason: 'TCP segment too large' });
});

const icmp = (o: Partial<IcmpPacket>): PacketAction => ({
  kind: 'packet', direction: 'inbound', outer: [], ip: undefined, pos: P,
  body: { kind: 'icmp', type: 'unreachable', code: 'frag_needed', mtu: 1200, id: undefined, echoed: undefined, pos: P, ...o },
});

t.test('§6.5 ICMP frag_needed quotes the connection with the live seq', async (t) => {
  const { packet } = decoded(icmp({ echoed: { kind: 'tcp', seq: { start: 1, end: 1461, len: 1460, pos: P } } }));
  t.equal(packet.l4.kind, 'icmp');
  if (packet.l4.kind !== 'icmp') return;
  t.match(packet.l4.icmp, { type: 3, code: 4, rest: 1200 });
  t.match(decodeQuoted(packet.l4.icmp.payload, 4), { ok: true, value: { protocol: 6, ipLength: 1500, srcPort: 8080, dstPort: 50000, word1: 5_000_001 } });
  const raw = decoded(icmp({ type: 'echo_request', code: undefined, mtu: undefined, id: 9, echoed: { kind: 'raw', len: 64, pos: P } })).packet;
  t.match(raw.l4, { icmp: { type: 8, code: 0, rest: 9 << 16 } });
  t.equal(raw.l4.kind === 'icmp' && raw.l4.icmp.payload.length, 56);
  t.match(buildInbound(icmp({ type: 'bogus' }), established(), CFG), { ok: false });
});

t.test('virtio header: zero, or GSO with --mss', async (t) => {
  const { bytes } = decoded(tcp('inbound', '.', 1, 3000, { ack: 1, win: 1 }));
  t.equal(toHex(withVnetHeader(bytes).subarray(0, 10)), '00000000000000000000');
  t.equal(toHex(withVnetHeader(bytes, 1000).subarray(0, 10)), '00010000e80300000000', 'TCPV4, gso_size 1000, hdr_len 0 as packetdrill writes it (the window follows it)');
});

t.test('teardown RST continues the last injected segment (§6.6)', async (t) => {
  const conn = established();
  t.equal(buildRst(conn, 4), undefined);
  const sent = decoded(tcp('inbound', 'P.', 1, 100, { ack: 1, win: 1 }), CFG, conn).packet;
  if (sent.l4.kind === 'tcp') recordInjected(conn, sent.l4.tcp);
  const rst = decodeDatagram(buildRst(conn, 4)!);
  t.match(rst, { ok: true, packet: { l4: { tcp: { flags: 0x14, seq: 1101, ack: 5_000_001 } } } });
});
