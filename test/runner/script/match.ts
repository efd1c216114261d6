import t from 'tap';
import { belongsTo, matchOutbound, needsMore, type CapturedPacket, type MatchOptions } from '../../../src/runner/script/match.js';
import type { Packet } from '../../../src/runner/wire/frame.js';
import type { TcpOption } from '../../../src/runner/wire/tcp-options.js';
import type { TcpRepr } from '../../../src/runner/wire/tcp.js';
import { seq } from '../../../src/runner/wire/seq.js';
import { established, tcp, opt, LOCAL4, REMOTE4 } from '../fixtures/ast.js';

const OPTS: MatchOptions = { strictSegments: false, tsTickUsecs: 0, tsToleranceUsecs: 4000 };
const ISN = 5_000_000;

/** A kernel segment in live space; seq/ack given relative (script) for readability. */
function live(flags: number, relSeq: number, relAck: number, len: number, o: Partial<TcpRepr> & { tos?: number; ttl?: number } = {}): CapturedPacket {
  const options: readonly TcpOption[] = o.options ?? [];
  const optLen = options.reduce((n, x) => n + (x.kind === 'nop' || x.kind === 'eol' ? 1 : x.kind === 'timestamp' ? 10 : x.kind === 'mss' ? 4 : 2), 0);
  const t: TcpRepr = { srcPort: 8080, dstPort: 50000, seq: seq(ISN + relSeq), ack: seq(1000 + relAck), dataOffset: 5 + optLen / 4, reserved: 0, flags, window: 502, checksum: 0, urgent: 0, payload: new Uint8Array(len), ...o, options };
  const packet: Packet = { ip: { version: 4, tos: o.tos ?? 0, headerLength: 20, totalLength: 20 + t.dataOffset * 4 + len, id: 0, fragOff: 0x4000, ttl: o.ttl ?? 64, protocol: 6, checksum: 0, src: LOCAL4, dst: REMOTE4, options: new Uint8Array(0) }, l4: { kind: 'tcp', tcp: t } };
  return { packet, captureNs: 1n };
}

t.test('a matching data segment has no diffs', async (t) => {
  const r = matchOutbound(tcp('outbound', 'P.', 1, 1000, { ack: 1, win: 502 }), [live(0x18, 1, 1, 1000)], established(), OPTS);
  t.same(r.diffs, []);
  t.equal(r.ok, true);
});

// Each case: a field, the line, and a live packet differing only there.
const cases: { field: string; line: ReturnType<typeof tcp>; pkt: CapturedPacket; expected: string; actual: string }[] = [
  { field: 'tcp_seq', line: tcp('outbound', '.', 1, 0, { ack: 1 }), pkt: live(0x10, 2, 1, 0), expected: '1', actual: '2' },
  { field: 'tcp_ack_seq', line: tcp('outbound', '.', 1, 0, { ack: 1 }), pkt: live(0x10, 1, 11, 0), expected: '1', actual: '11' },
  { field: 'tcp_window', line: tcp('outbound', '.', 1, 0, { ack: 1, win: 500 }), pkt: live(0x10, 1, 1, 0), expected: '500', actual: '502' },
  { field: 'tcp_urg_ptr', line: tcp('outbound', '.', 1, 0, { ack: 1 }), pkt: live(0x10, 1, 1, 0, { urgent: 9 }), expected: '0', actual: '9' },
  { field: 'tcp_fin', line: tcp('outbound', '.', 1, 0, { ack: 1 }), pkt: live(0x11, 1, 1, 0), expected: '0', actual: '1' },
  { field: 'tcp_syn', line: tcp('outbound', 'S.', 0, 0, { ack: 1 }), pkt: live(0x10, 0, 1, 0), expected: '1', actual: '0' },
  { field: 'tcp_rst', line: tcp('outbound', 'R.', 1, 0, { ack: 1 }), pkt: live(0x10, 1, 1, 0), expected: '1', actual: '0' },
  { field: 'tcp_psh', line: tcp('outbound', '.', 1, 0, { ack: 1 }), pkt: live(0x18, 1, 1, 0), expected: '0', actual: '1' },
  { field: 'tcp_ece', line: tcp('outbound', 'E.', 1, 0, { ack: 1 }), pkt: live(0x10, 1, 1, 0), expected: '1', actual: '0' },
  { field: 'tcp_cwr', line: tcp('outbound', '.', 1, 0, { ack: 1 }), pkt: live(0x90, 1, 1, 0), expected: '0', actual: '1' },
  { field: 'tcp_ae', line: tcp('outbound', '.', 1, 0, { ack: 1 }), pkt: live(0x110, 1, 1, 0), expected: '0', actual: '1' },
  { field: 'tcp_ace', line: tcp('outbound', '.', 1, 0, { ack: 1, ace: 5 }), pkt: live(0x50, 1, 1, 0), expected: '5', actual: '1' },
  { field: 'tcp_reserved_bits', line: tcp('outbound', '.', 1, 0, { ack: 1 }), pkt: live(0x10, 1, 1, 0, { reserved: 2 }), expected: '0', actual: '2' },
  { field: 'ip_ecn', line: tcp('outbound', '.', 1, 0, { ack: 1, ip: { ecn: 'ect0' } }), pkt: live(0x10, 1, 1, 0, { tos: 1 }), expected: '2', actual: '1' },
  { field: 'tos', line: tcp('outbound', '.', 1, 0, { ack: 1, ip: { tos: 0x02 } }), pkt: live(0x10, 1, 1, 0, { tos: 0x22 }), expected: '2', actual: '34' },
  { field: 'ttl', line: tcp('outbound', '.', 1, 0, { ack: 1, ip: { ttl: 32 } }), pkt: live(0x10, 1, 1, 0), expected: '32', actual: '64' },
  { field: 'tcp_options', line: tcp('outbound', '.', 1, 0, { ack: 1, options: [opt.nop, opt.nop, opt.ts(1, 2)] }), pkt: live(0x10, 1, 1, 0), expected: '<nop,nop,TS val 1 ecr 2>', actual: '<>' },
  { field: 'tcp_option_mss', line: tcp('outbound', 'S.', 0, 0, { ack: 1, options: [opt.mss(1460)] }), pkt: live(0x12, 0, -999, 0, { options: [{ kind: 'mss', value: 1400 }] }), expected: 'mss 1460', actual: 'mss 1400' },
  { field: 'tcp_option_sack', line: tcp('outbound', '.', 1, 0, { ack: 1, options: [opt.nop, opt.nop, opt.sack([1, 1001])] }), pkt: live(0x10, 1, 1, 0, { dataOffset: 8, options: [{ kind: 'nop' }, { kind: 'nop' }, { kind: 'sack', blocks: [{ left: seq(1001), right: seq(3001) }] }] }), expected: 'sack 1:1001', actual: 'sack 1:2001' },
];

for (const c of cases) {
  t.test(`${c.field}: reported with script values`, async (t) => {
    const r = matchOutbound(c.line, [c.pkt], established(), OPTS);
    t.equal(r.ok, false);
    t.equal(r.fatal, undefined);
    t.match(r.diffs.find((d) => d.field === c.field), { expected: c.expected, actual: c.actual });
    t.equal(r.diffs.length, c.field === 'tcp_options' ? 3 : 1, 'only that field (data offset and IP length follow the options)');
  });
}

t.test('every differing field is reported, with live values', async (t) => {
  const r = matchOutbound(tcp('outbound', '.', 1, 0, { ack: 1, win: 100 }), [live(0x10, 5, 7, 0)], established(), OPTS);
  t.same(r.diffs.map((d) => d.field), ['tcp_seq', 'tcp_ack_seq', 'tcp_window']);
  t.equal(r.diffs[0]!.liveActual, String(ISN + 5));
});

t.test('<...> accepts any options and sizes the header from the live ones', async (t) => {
  const pkt = live(0x10, 1, 1, 0, { options: [{ kind: 'nop' }, { kind: 'nop' }, { kind: 'timestamp', val: 1, ecr: 2 }] });
  t.same(matchOutbound(tcp('outbound', '.', 1, 0, { ack: 1, options: 'any' }), [pkt], established(), OPTS).diffs, []);
});

t.test('TS val: unchecked by default, checked with tsTickUsecs', async (t) => {
  const c = established();
  c.tsBaseline = { scriptVal: 100, liveVal: 9000 };
  const line = tcp('outbound', '.', 1, 0, { ack: 1, options: [opt.nop, opt.nop, opt.ts(110, 0)] });
  const pkt = live(0x10, 1, 1, 0, { options: [{ kind: 'nop' }, { kind: 'nop' }, { kind: 'timestamp', val: 9500, ecr: 5 }] });
  t.same(matchOutbound(line, [pkt], c, OPTS).diffs, []);
  const r = matchOutbound(line, [pkt], c, { ...OPTS, tsTickUsecs: 1000 });
  t.match(r.diffs, [{ field: 'tcp_option_ts_val', expected: '110', actual: '600', liveActual: '9500', message: 'bad outbound TCP timestamp value, tolerance 4000' }]);
  t.same(matchOutbound(line, [live(0x10, 1, 1, 0, { options: [{ kind: 'nop' }, { kind: 'nop' }, { kind: 'timestamp', val: 9012, ecr: 5 }] })], c, { ...OPTS, tsTickUsecs: 1000 }).diffs, []);
});

t.test('payload length mismatch is fatal', async (t) => {
  const r = matchOutbound(tcp('outbound', '.', 1, 0, { ack: 1 }), [live(0x10, 1, 1, 1000)], established(), OPTS);
  t.equal(r.fatal, 'live packet payload: expected 0 bytes vs actual 1000 bytes');
});

t.test('non-zero payload bytes are reported', async (t) => {
  const pkt = live(0x18, 1, 1, 10);
  if (pkt.packet.l4.kind === 'tcp') pkt.packet.l4.tcp.payload[3] = 7;
  t.match(matchOutbound(tcp('outbound', 'P.', 1, 10, { ack: 1 }), [pkt], established(), OPTS).diffs, [{ field: 'payload' }]);
});

t.test('unknown option kinds abort even with <...>', async (t) => {
  const pkt = live(0x10, 1, 1, 0, { options: [{ kind: 'raw', code: 30, data: new Uint8Array(2) }] });
  t.equal(matchOutbound(tcp('outbound', '.', 1, 0, { ack: 1, options: 'any' }), [pkt], established(), OPTS).fatal, 'unknown TCP option kind 30 in the live packet');
});

t.test('aggregation (§5.3)', async (t) => {
  const line = tcp('outbound', 'P.', 1, 2000, { ack: 1 });
  const a = live(0x10, 1, 1, 1000);
  const b = live(0x18, 1001, 1, 1000);
  t.equal(needsMore(2000, [a], false), true);
  t.equal(needsMore(2000, [a, b], false), false);
  t.equal(needsMore(2000, [a], true), false, '--strict_segments reads one piece');
  const r = matchOutbound(line, [a, b], established(), OPTS);
  t.same(r.diffs, [], 'merged: flags of the last piece, seq of the first');
  const gap = live(0x18, 1500, 1, 1000);
  t.match(matchOutbound(line, [a, gap], established(), OPTS), { ok: false, fatal: /aggregate candidate header mismatch in piece 1: tcp_seq/ });
  const otherWin = live(0x18, 1001, 1, 1000, { window: 1 });
  t.match(matchOutbound(line, [a, otherWin], established(), OPTS), { fatal: /tcp_window/ });
});

t.test('a zero-length ACK in front of a data segment is absorbed, unless strict', async (t) => {
  const line = tcp('outbound', 'P.', 1, 1000, { ack: 1 });
  const pureAck = live(0x10, 1, 1, 0);
  const data = live(0x18, 1, 1, 1000);
  t.equal(needsMore(1000, [pureAck], false), true);
  t.same(matchOutbound(line, [pureAck, data], established(), OPTS).diffs, []);
  t.equal(needsMore(1000, [pureAck], true), false);
  const strict = matchOutbound(line, [pureAck], established(), { ...OPTS, strictSegments: true });
  t.equal(strict.fatal, 'live packet payload: expected 1000 bytes vs actual 0 bytes');
});

t.test('belongsTo: 4-tuple, or a connecting SYN', async (t) => {
  const c = established();
  t.equal(belongsTo(live(0x10, 1, 1, 0).packet, c), true);
  const other = live(0x10, 1, 1, 0, { srcPort: 9999 });
  t.equal(belongsTo(other.packet, c), false);
  c.local = { addr: LOCAL4, port: 0 };
  c.setKernelIsn({ kind: 'awaiting', from: 'syn' });
  t.equal(belongsTo(live(0x02, 0, 0, 0, { srcPort: 43210, dstPort: 50000 }).packet, c), true);
  t.equal(belongsTo(live(0x12, 0, 0, 0, { srcPort: 43210 }).packet, c), false, 'a SYN-ACK is not a connecting SYN');
});
