// Acceptance tests of `tcpdrill run` against the real kernel (issue 4): the
// scripts in test/runner/scripts pass in every address family, and mutations of
// the simultaneous-close script (wrong flag, ack, state, time, return value)
// each fail at the mutated line with the right message.
import t from 'tap';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root, runJson, type ScriptResult } from '../../helpers/cli.js';

const scripts = join(root, 'test', 'runner', 'scripts');
const files = readdirSync(scripts).filter((f) => f.endsWith('.pkt')).sort().map((f) => join(scripts, f));

const explain = (r: ScriptResult): string =>
  `${r.file} (${r.ipVersion}): ${r.verdict}${r.failure ? ` at line ${r.failure.line}: ${r.failure.failure.message}` : ''}`;

t.test('acceptance scripts pass in ipv4, ipv6 and ipv4-mapped-ipv6', async (t) => {
  // -j 1: these scripts check timing, and this test runs beside others.
  const report = runJson(['--ip-version', 'all', '-j', '1', ...files]);
  t.equal(report.results.length, files.length * 3);
  for (const r of report.results) t.equal(r.verdict, 'pass', explain(r));
});

interface Mutation {
  readonly name: string;
  readonly from: RegExp;
  readonly to: string;
  readonly line: number;
  readonly message: RegExp;
}

const mutations: readonly Mutation[] = [
  { name: 'wrong flag', from: /> F\. 3001:3001\(0\) ack 1/, to: '> R. 3001:3001(0) ack 1', line: 21, message: /outbound packet differs/ },
  { name: 'wrong ack', from: /> \. 3002:3002\(0\) ack 2/, to: '> . 3002:3002(0) ack 3', line: 24, message: /outbound packet differs/ },
  { name: 'wrong state', from: /state TCP_TIME_WAIT/, to: 'state TCP_FIN_WAIT2', line: 27, message: /expected TCP_FIN_WAIT2, the connection is in TCP_TIME_WAIT/ },
  { name: 'wrong time', from: /\+0 {4}> F\. 3001/, to: '+.2   > F. 3001', line: 21, message: /timing error: expected outbound packet at/ },
  { name: 'wrong return value', from: /close\(4\) = 0/, to: 'close(4) = -1', line: 20, message: /Expected result -1 but got 0/ },
  // --strict: the ACK of the peer's FIN, with no line left to expect it, is named after the FIN's line.
  {
    name: 'a packet no line expects',
    from: /\+0 {4}> \. 3002:3002\(0\) ack 2\n\+0 {4}state TCP_CLOSING\n/,
    to: '',
    line: 23,
    message: /^--strict: unexpected outbound packet at \S+ sec, after line 23, matched by no script line$/,
  },
];

t.test('mutations of the simultaneous close fail with the right message', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tcpdrill-mutations-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const original = readFileSync(join(scripts, 'simultaneous-close.pkt'), 'utf8');
  const paths = mutations.map((m, i) => {
    const text = original.replace(m.from, m.to);
    t.not(text, original, `${m.name}: the mutation applies`);
    const path = join(dir, `${i}.pkt`);
    writeFileSync(path, text);
    return path;
  });
  const report = runJson(['-j', '2', ...paths]);
  mutations.forEach((m, i) => {
    const r = report.results.find((x) => x.file === paths[i]);
    t.ok(r, m.name);
    if (!r) return;
    t.equal(r.verdict, 'fail', `${m.name}: ${explain(r)}`);
    t.equal(r.failure?.line, m.line, `${m.name}: failing line`);
    t.match(r.failure?.failure.message ?? '', m.message, `${m.name}: message`);
  });
  const ack = report.results.find((x) => x.file === paths[1]);
  t.match(ack?.failure?.failure.diffs, [{ field: 'tcp_ack_seq', expected: '3', actual: '2' }], 'the differing field is named');
});

t.test('a failure while a blocking call is in flight is the one reported, not the call left blocked', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tcpdrill-blocked-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  // The accept() of line 10 can only return once the handshake completes; the
  // SYN-ACK line now expects the wrong ack, so the handshake never completes.
  const original = readFileSync(join(scripts, 'blocking-accept.pkt'), 'utf8');
  const text = original.replace('> S. 0:0(0) ack 1 <', '> S. 0:0(0) ack 2 <');
  t.not(text, original, 'the mutation applies');
  const path = join(dir, 'wrong-synack.pkt');
  writeFileSync(path, text);
  const r = runJson([path]).results[0];
  t.equal(r?.verdict, 'fail', r ? explain(r) : 'no result');
  t.equal(r?.failure?.line, 12, 'the SYN-ACK line, not the accept() still blocked');
  t.match(r?.failure?.failure.message ?? '', /outbound packet differs/);
  t.notMatch(JSON.stringify(r?.events ?? []), /never returned/, 'the blocked accept() is not made a failure of its own');
});
