// The script from a capture: relative numbers, options, inferred calls, comments and
// state assertions, on hand-built conversations; and the choice of connection and side.
import t from 'tap';
import { parseScript } from '../../src/grammar/index.js';
import { flowTable } from '../../src/record/flows.js';
import { captureSegments } from '../../src/record/read-capture.js';
import { listFlows, localSide, recordScript, selectFlow } from '../../src/record/record.js';
import { conversation, type Pkt } from '../helpers/tcp-capture.js';

const ts = (val: number, ecr: number) => ({ kind: 'timestamp', val, ecr }) as const;
const SYN_OPTS = [{ kind: 'mss', value: 1460 }, { kind: 'sackOK' }, ts(100, 0), { kind: 'nop' }, { kind: 'wscale', shift: 7 }] as const;

function script(pkts: Pkt[], opts: { local?: string; states?: boolean; flow?: string } = {}): string {
  const capture = captureSegments(conversation(pkts));
  if (!capture.ok) throw new Error(capture.message);
  const flows = flowTable(capture.segments, capture.icmp);
  const flow = selectFlow(flows, opts.flow);
  if (!flow.ok) throw new Error(flow.message);
  const local = localSide(flow.flow, opts.local);
  if (!local.ok) throw new Error(local.message);
  const text = recordScript({ captureName: 'x.pcap', capture, flow: flow.flow, local: local.local, states: opts.states ?? false });
  const parsed = parseScript(text, 'recorded.pkt');
  if (parsed.diagnostics.length > 0) throw new Error(`does not parse: ${JSON.stringify(parsed.diagnostics[0])}\n${text}`);
  return text;
}

/** The event lines without times and trailing comments, e.g. `> S. 0:0(0) ack 1`. */
const events = (text: string): string[] =>
  text.split('\n').filter((l) => /^(0|\+)/.test(l)).map((l) => l.replace(/^\S+\s+/, '').replace(/\s+\/\/.*$/, ''));

/** A passive open without options, both ISNs 0, done at 10 ms. */
const HANDSHAKE: readonly Pkt[] = [
  { ms: 0, from: 'client', flags: 'S', seq: 0 },
  { ms: 0.1, from: 'server', flags: 'S.', seq: 0, ack: 1 },
  { ms: 10, from: 'client', flags: '.', seq: 1, ack: 1 },
];

const CLIENT_ISN = 1_000_000;
const SERVER_ISN = 5000;
const passive: Pkt[] = [
  { ms: 0, from: 'client', flags: 'S', seq: CLIENT_ISN, win: 65535, options: SYN_OPTS },
  { ms: 0.1, from: 'server', flags: 'S.', seq: SERVER_ISN, ack: CLIENT_ISN + 1, options: [{ kind: 'mss', value: 1460 }, { kind: 'sackOK' }, ts(7000, 100), { kind: 'nop' }, { kind: 'wscale', shift: 10 }] },
  { ms: 10, from: 'client', flags: '.', seq: CLIENT_ISN + 1, ack: SERVER_ISN + 1, options: [{ kind: 'nop' }, { kind: 'nop' }, ts(101, 7000)] },
  { ms: 12, from: 'client', flags: 'P.', seq: CLIENT_ISN + 1, ack: SERVER_ISN + 1, len: 10, options: [{ kind: 'nop' }, { kind: 'nop' }, ts(102, 7000)] },
  { ms: 12.1, from: 'server', flags: '.', seq: SERVER_ISN + 1, ack: CLIENT_ISN + 11, options: [{ kind: 'nop' }, { kind: 'nop' }, ts(7001, 102)] },
  { ms: 15, from: 'server', flags: '.', seq: SERVER_ISN + 1, ack: CLIENT_ISN + 11, len: 1448, options: [{ kind: 'nop' }, { kind: 'nop' }, ts(7004, 102)] },
  { ms: 15.01, from: 'server', flags: 'P.', seq: SERVER_ISN + 1449, ack: CLIENT_ISN + 11, len: 552, options: [{ kind: 'nop' }, { kind: 'nop' }, ts(7004, 102)] },
  // ecr 7003 was never sent: interpolated.
  { ms: 25, from: 'client', flags: '.', seq: CLIENT_ISN + 11, ack: SERVER_ISN + 2001, options: [{ kind: 'nop' }, { kind: 'nop' }, ts(110, 7003)] },
  { ms: 26, from: 'client', flags: 'F.', seq: CLIENT_ISN + 11, ack: SERVER_ISN + 2001, options: [{ kind: 'nop' }, { kind: 'nop' }, ts(111, 7004)] },
  { ms: 29, from: 'server', flags: '.', seq: SERVER_ISN + 2001, ack: CLIENT_ISN + 12, options: [{ kind: 'nop' }, { kind: 'nop' }, ts(7008, 111)] },
  { ms: 50, from: 'server', flags: 'F.', seq: SERVER_ISN + 2001, ack: CLIENT_ISN + 12, options: [{ kind: 'nop' }, { kind: 'nop' }, ts(7030, 111)] },
  { ms: 60, from: 'client', flags: '.', seq: CLIENT_ISN + 12, ack: SERVER_ISN + 2002, options: [{ kind: 'nop' }, { kind: 'nop' }, ts(120, 7030)] },
];

t.test('a passive open: relative numbers, full options, inferred calls in order', async (t) => {
  const text = script(passive);
  t.match(text, /^\/\/ Recorded by tcpdrill record from x\.pcap \(pcap, 12 frames\)\.$/m);
  t.match(text, /^\/\/ Local side, under test: 10\.0\.0\.2:80, passive open/m);
  t.match(text, /^--tcp_ts_ecr_scaled$/m, 'an ecr that echoes no written val turns interpolation on');
  t.match(text, /^\/\/ TS ecr 7003 echoes no TS val of an earlier outbound line/m);
  t.same(events(text), [
    'socket(..., SOCK_STREAM, IPPROTO_TCP) = 3',
    'setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0',
    'bind(3, ..., ...) = 0',
    'listen(3, 128) = 0',
    '< S 0:0(0) win 65535 <mss 1460,sackOK,TS val 100 ecr 0,nop,wscale 7>',
    '> S. 0:0(0) ack 1 <mss 1460,sackOK,TS val 7000 ecr 100,nop,wscale 10>',
    '< . 1:1(0) ack 1 win 1000 <nop,nop,TS val 101 ecr 7000>',
    'accept(3, ..., ...) = 4',
    '< P. 1:11(10) ack 1 win 1000 <nop,nop,TS val 102 ecr 7000>',
    '> . 1:1(0) ack 11 <nop,nop,TS val 7001 ecr 102>',
    'read(4, ..., 10) = 10',
    'write(4, ..., 2000) = 2000',
    '> . 1:1449(1448) ack 11 <nop,nop,TS val 7004 ecr 102>',
    '> P. 1449:2001(552) ack 11 <nop,nop,TS val 7004 ecr 102>',
    '< . 11:11(0) ack 2001 win 1000 <nop,nop,TS val 110 ecr 7003>',
    '< F. 11:11(0) ack 2001 win 1000 <nop,nop,TS val 111 ecr 7004>',
    '> . 2001:2001(0) ack 12 <nop,nop,TS val 7008 ecr 111>',
    'read(4, ..., 1000) = 0',
    'close(4) = 0',
    '> F. 2001:2001(0) ack 12 <nop,nop,TS val 7030 ecr 111>',
    '< . 12:12(0) ack 2002 win 1000 <nop,nop,TS val 120 ecr 7030>',
  ]);
  t.match(text, /^\+0\.00225~\+0\.01175 > \. 2001:2001\(0\) ack 12 .*\/\/ 0\.029000 #10 win 1000$/m, 'a 3 ms delayed ACK gets a window');
  t.match(text, /^\+0\.0001 +> S\. 0:0\(0\) ack 1 .*\/\/ 0\.000100 #2 win 1000$/m, 'an immediate answer keeps its exact time');
  t.match(text, /^\+0\.021 +close\(4\) = 0 +\/\/ 0\.050000$/m, 'close() at the FIN, relative to the last event');
});

t.test('--states asserts each transition after the packets that cause it', async (t) => {
  const states = script(passive, { states: true }).split('\n').filter((l) => l.includes('state TCP_')).map((l) => /TCP_\w+/.exec(l)![0]);
  t.same(states, ['TCP_LISTEN', 'TCP_SYN_RECV', 'TCP_ESTABLISHED', 'TCP_CLOSE_WAIT', 'TCP_LAST_ACK', 'TCP_CLOSE']);
});

const active: Pkt[] = [
  { ms: 0, from: 'client', flags: 'S', seq: 0, win: 65535 },
  { ms: 10, from: 'server', flags: 'S.', seq: 300, ack: 1 },
  { ms: 10.1, from: 'client', flags: '.', seq: 1, ack: 301 },
  { ms: 11, from: 'client', flags: 'P.', seq: 1, ack: 301, len: 100 },
  { ms: 240, from: 'client', flags: 'P.', seq: 1, ack: 301, len: 100 },
  { ms: 250, from: 'server', flags: 'P.', seq: 301, ack: 101, len: 50 },
  { ms: 251, from: 'server', flags: 'P.', seq: 401, ack: 101, len: 50 },
  { ms: 260, from: 'client', flags: 'R.', seq: 101, ack: 351 },
];

t.test('an active open: connect, one write for a retransmitted burst, missed segments, RST from close()', async (t) => {
  const text = script(active, { local: '10.0.0.1', states: true });
  t.match(text, /passive open|active open \(non-blocking connect\)/);
  const ev = events(text);
  t.same(ev.slice(0, 5), ['socket(..., SOCK_STREAM, IPPROTO_TCP) = 3', 'fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0', 'connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)', '> S 0:0(0)', 'state TCP_SYN_SENT']);
  t.equal(ev.filter((e) => e.startsWith('write(')).length, 1, 'the retransmission is not a second write');
  t.match(text, /^\/\/ retransmission \(the replay's kernel sends it at its own pace\)\n\+0\.17175~\+0\.29425 +> P\. 1:101\(100\) ack 1 /m);
  t.match(text, /^\/\/ the capture missed remote bytes 51:101: nothing after them is read$/m);
  t.match(text, /^\/\/ never read: close\(\) later sends RST instead of FIN/m);
  t.notOk(ev.some((e) => e.startsWith('read(')), 'unread data is not read');
  t.notOk(ev.some((e) => e.includes('SO_LINGER')), 'unread data explains the RST, no SO_LINGER');
  t.same(ev.slice(-3), ['close(3) = 0', '> R. 101:101(0) ack 51', 'state TCP_CLOSE']);
});

t.test('a RST from close() with nothing unread means SO_LINGER 0', async (t) => {
  const text = script([
    ...HANDSHAKE,
    { ms: 20, from: 'server', flags: 'R.', seq: 1, ack: 1 },
  ]);
  t.same(events(text).slice(-3), ['setsockopt(4, SOL_SOCKET, SO_LINGER, {onoff=1, linger=0}, 8) = 0', 'close(4) = 0', '> R. 1:1(0) ack 1']);
  t.match(text, /^\/\/ close\(\) sent RST with no data left unread: SO_LINGER with a zero timeout is assumed\.$/m);
});

t.test('a refused SYN: no socket, the RST compared as the runner compares it', async (t) => {
  const text = script([{ ms: 0, from: 'client', flags: 'S', seq: 77 }, { ms: 0.1, from: 'server', flags: 'R.', seq: 0, ack: 78 }], { states: true });
  t.same(events(text), ['< S 0:0(0) win 1000', '> R. 0:0(0) ack 1', 'state TCP_CLOSE']);
  t.match(text, /^0 +< S 0:0\(0\) win 1000/m, 'the first event is at time 0');
});

t.test('a bare FIN on a synchronized connection is dropped, and said so', async (t) => {
  const text = script([
    ...HANDSHAKE,
    { ms: 20, from: 'client', flags: 'F', seq: 1 },
  ], { states: true });
  t.match(text, /^\/\/ no ACK flag: a synchronized connection drops this segment/m);
  t.equal(events(text).at(-1), '< F 1:1(0) win 1000', 'no CLOSE_WAIT follows');
});

const twoFlows: Pkt[] = [
  { ms: 0, from: 'client', flags: 'S', seq: 0 },
  { ms: 1, from: 'client', flags: 'S', seq: 0, clientPort: 33001 },
  { ms: 2, from: 'server', flags: 'R.', seq: 0, ack: 1, clientPort: 33001 },
];

t.test('connections: listed, chosen by index or 4-tuple, with clear errors', async (t) => {
  const capture = captureSegments(conversation(twoFlows));
  if (!capture.ok) throw new Error(capture.message);
  const flows = flowTable(capture.segments, capture.icmp);
  t.equal(listFlows(flows, capture.firstNs), [
    '#  connection                    packets  first (s)  ended',
    '1  10.0.0.1:33000 > 10.0.0.2:80  1        0          no answer to the SYN',
    '2  10.0.0.1:33001 > 10.0.0.2:80  2        0.001      refused (RST from 10.0.0.2:80)',
  ].join('\n'));
  t.match(selectFlow(flows, undefined), { ok: false, message: 'the capture holds 2 TCP connections: choose one with --flow (see --list)' });
  t.match(selectFlow(flows, '2'), { ok: true, flow: { index: 2 } });
  t.match(selectFlow(flows, '3'), { ok: false, message: 'no connection 3: the capture holds 2 (see --list)' });
  t.match(selectFlow(flows, '10.0.0.2:80-10.0.0.1:33001'), { ok: true, flow: { index: 2 } });
  t.match(selectFlow(flows, '10.0.0.2:80-10.0.0.1:9'), { ok: false, message: /^no connection 10\.0\.0\.2:80-10\.0\.0\.1:9 / });
  t.match(selectFlow(flows, 'nonsense'), { ok: false, message: /neither an index nor addr:port-addr:port/ });
  t.match(localSide(flows[0]!, undefined), { ok: true, local: { addr: '10.0.0.2', port: 80 } }, 'no SYN-ACK: the side the SYN went to');
  t.match(localSide(flows[0]!, '10.0.0.1'), { ok: true, local: { addr: '10.0.0.1', port: 33000 } });
  t.match(localSide(flows[0]!, '10.0.0.3:80'), { ok: false, message: /is neither end of connection 1/ });
  t.match(localSide(flows[0]!, 'x'), { ok: false, message: /--local: 'x' is not addr:port/ });
});

t.test('a 4-tuple reused after the connection ended is a new connection', async (t) => {
  const capture = captureSegments(conversation([
    { ms: 0, from: 'client', flags: 'S', seq: 0 },
    { ms: 1, from: 'server', flags: 'R.', seq: 0, ack: 1 },
    { ms: 2, from: 'client', flags: 'S', seq: 0 },
    { ms: 1000, from: 'client', flags: 'S', seq: 999 },
  ]));
  if (!capture.ok) throw new Error(capture.message);
  t.same(flowTable(capture.segments, capture.icmp).map((f) => f.segments.length), [3, 1], 'a retransmitted SYN stays, a new ISN starts over');
});

t.test('a connection that began before the capture has no side to default to', async (t) => {
  const capture = captureSegments(conversation([{ ms: 0, from: 'client', flags: '.', seq: 5, ack: 6 }]));
  if (!capture.ok) throw new Error(capture.message);
  t.match(localSide(flowTable(capture.segments, capture.icmp)[0]!, undefined), { ok: false, message: /has no SYN in the capture/ });
});

t.test('a handshake whose SYN the capture missed is said to be incomplete', async (t) => {
  const text = script([{ ms: 0, from: 'server', flags: 'S.', seq: 0, ack: 1 }, { ms: 10, from: 'client', flags: '.', seq: 1, ack: 1 }]);
  t.match(text, /^\/\/ The capture has no SYN from the remote side/m);
});

t.test('an ICMP error quoting a local segment is replayed, and aborts the handshake', async (t) => {
  const syn: Pkt = { ms: 0, from: 'client', flags: 'S', seq: 500 };
  const pkts: Pkt[] = [syn, { ms: 10, from: 'server', flags: '', seq: 0, unreachableFor: syn }];
  const text = script(pkts, { local: '10.0.0.1', states: true });
  t.same(events(text).slice(-4), ['> S 0:0(0)', 'state TCP_SYN_SENT', '< icmp unreachable port_unreachable [0:0(0)]', 'state TCP_CLOSE']);
  t.match(text, /^\/\/ this error aborts the handshake/m);
  const capture = captureSegments(conversation(pkts));
  if (!capture.ok) throw new Error(capture.message);
  t.match(listFlows(flowTable(capture.segments, capture.icmp), capture.firstNs), /aborted by icmp unreachable port_unreachable from 10\.0\.0\.2/);
  const other = script([syn, { ms: 10, from: 'client', flags: '', seq: 0, unreachableFor: { ms: 0, from: 'server', flags: 'R.', seq: 0, ack: 501 } }], { local: '10.0.0.1' });
  t.match(other, /^\/\/ frame #2: icmp unreachable port_unreachable from 10\.0\.0\.1 about a segment of the remote side: not replayed$/m);
});

t.test('data after close() is said to be unreadable', async (t) => {
  const text = script([
    ...HANDSHAKE,
    { ms: 20, from: 'server', flags: 'F.', seq: 1, ack: 1 },
    { ms: 30, from: 'client', flags: 'P.', seq: 1, ack: 2, len: 10 },
  ]);
  t.match(text, /^\/\/ arrives after close\(\): no read\(\) can take it/m);
  t.notOk(events(text).some((e) => e.startsWith('read(')));
});
