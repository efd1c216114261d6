// Reporters render results as data says, in formats other tools can read back.
import t from 'tap';
import { Parser } from 'tap-parser';
import type { ScriptResult } from '../../../src/runner/results.js';
import { renderReport } from '../../../src/runner/report/index.js';
import { PLAIN, highlight, renderScript, renderSummary } from '../../../src/runner/report/pretty.js';
import { xmlEscape } from '../../../src/runner/report/junit.js';

const base: ScriptResult = {
  file: 'fixtures/close/simultaneous-close.pkt',
  ipVersion: 'ipv4',
  verdict: 'pass',
  events: [],
  trace: [],
  failure: undefined,
  warnings: [],
  wallMs: 420,
  timelineMs: 180,
  pcapFile: undefined,
};

const stateFailure: ScriptResult = {
  ...base,
  ipVersion: 'ipv6',
  verdict: 'fail',
  events: [
    {
      line: 18,
      kind: 'state',
      source: '+0 state TCP_TIME_WAIT',
      scheduledUsecs: 500_000,
      actualUsecs: 500_100,
      testerLateUsecs: 100,
      verdict: 'fail',
      failure: undefined,
    },
  ],
  trace: [
    { direction: 'inbound', atUsecs: 500_000, text: 'F. 1:1(0) ack 3001 win 260', line: 17 },
    { direction: 'outbound', atUsecs: 500_050, text: '. 3002:3002(0) ack 2', line: undefined },
  ],
  failure: {
    line: 18,
    failure: { kind: 'state', message: 'expected TCP_TIME_WAIT, the connection is in TCP_CLOSING', expected: 'TCP_TIME_WAIT', actual: 'TCP_CLOSING' },
  },
};

const packetFailure: ScriptResult = {
  ...base,
  verdict: 'fail',
  failure: {
    line: 12,
    failure: {
      kind: 'packet',
      message: 'outbound packet differs from the script',
      diffs: [{ field: 'tcp_ack_seq', expected: '2', actual: '1' }],
      scriptPacket: '0.000 S. 0:0(0) ack 2',
      livePacket: '0.001 S. 0:0(0) ack 1 win 64240',
    },
  },
};

const skipped: ScriptResult = { ...base, file: 'fixtures/ecn/accecn.pkt', verdict: 'skip', skipReason: 'this kernel does not accept tcp_ecn=3' };

t.test('pretty: the failing line, expected against actual, the packets before', async (t) => {
  const text = renderScript(stateFailure, PLAIN, false);
  t.match(text, /^FAIL fixtures\/close\/simultaneous-close\.pkt \(ipv6, 0\.42s\)/);
  t.match(text, /18 \| \+0 state TCP_TIME_WAIT/);
  t.match(text, /expected TCP_TIME_WAIT, the connection is in TCP_CLOSING/);
  t.match(text, /last packets:\n +0\.500000 < F\. 1:1\(0\) ack 3001 win 260\n +0\.500050 > \. 3002:3002\(0\) ack 2/);
  const packet = renderScript(packetFailure, PLAIN, false);
  t.match(packet, /tcp_ack_seq: expected 2, got 1/);
  t.match(packet, /script: 0\.000 S\. 0:0\(0\) ack 2\n +actual: 0\.001 S\. 0:0\(0\) ack 1 win 64240/);
  t.match(renderSummary([base, stateFailure], 1500, PLAIN), '1 passed, 1 failed, 0 skipped, 0 errored in 1.50s');
});

t.test('skips: every reporter shows the run as skipped, with its reason', async (t) => {
  const results = [base, skipped];
  t.match(renderScript(skipped, PLAIN, false), /^SKIP fixtures\/ecn\/accecn\.pkt \(ipv4, 0\.42s\)\n  this kernel does not accept tcp_ecn=3$/);
  t.equal(renderSummary(results, 1000, PLAIN), '1 passed, 0 failed, 1 skipped, 0 errored in 1.00s');
  t.match(renderReport('tap', results, 1000, false), /\nok 2 - fixtures\/ecn\/accecn\.pkt \(ipv4\) # SKIP this kernel does not accept tcp_ecn=3$/);
  t.match(renderReport('ktap', results, 1000, false), /\nok 2 fixtures\/ecn\/accecn\.pkt ipv4 # SKIP this kernel does not accept tcp_ecn=3\n/);
  const xml = renderReport('junit', results, 1000, false);
  t.match(xml, /<testsuites tests="2" failures="0" errors="0" skipped="1"/);
  t.match(xml, /<testcase name="fixtures\/ecn\/accecn\.pkt \(ipv4\)"[^>]*>\n +<skipped message="this kernel does not accept tcp_ecn=3"\/>\n +<\/testcase>/);
  const doc = JSON.parse(renderReport('json', results, 1000, false)) as Record<string, unknown>;
  t.match(doc, { summary: { total: 2, passed: 1, failed: 0, skipped: 1, errored: 0 }, results: [{}, { verdict: 'skip', skipReason: 'this kernel does not accept tcp_ecn=3' }] });
  const parser = new Parser();
  const done = new Promise<{ ok: boolean; pass: number; skip: number }>((resolve) => parser.on('complete', resolve));
  parser.end(`${renderReport('tap', results, 1000, false)}\n`);
  t.match(await done, { ok: true, pass: 2, skip: 1 }, 'a TAP parser counts the skip and passes the suite');
});

t.test('pretty: only the differing words are highlighted', async (t) => {
  const mark = { ...PLAIN, expected: (s: string) => `[${s}]`, actual: (s: string) => `{${s}}` };
  t.same(highlight('S. 0:0(0) ack 2', 'S. 0:0(0) ack 1 win 9', mark), ['S. 0:0(0) ack [2]', 'S. 0:0(0) ack {1} {win} {9}']);
});

t.test('tap: TAP 14 that a TAP parser reads back', async (t) => {
  const text = renderReport('tap', [base, stateFailure], 1000, false);
  const parser = new Parser();
  const done = new Promise<{ ok: boolean; pass: number; fail: number }>((resolve) => parser.on('complete', resolve));
  parser.end(`${text}\n`);
  const summary = await done;
  t.equal(summary.pass, 1);
  t.equal(summary.fail, 1);
  t.match(text, /not ok 2 - fixtures\/close\/simultaneous-close\.pkt \(ipv6\)\n  ---\n  line: 18\n  kind: state/);
});

t.test('junit: one testcase per run, failures with their message', async (t) => {
  const xml = renderReport('junit', [base, packetFailure], 2000, false);
  t.match(xml, /<testsuites tests="2" failures="1" errors="0" skipped="0" time="2\.000">/);
  t.match(xml, /<testcase name="fixtures\/close\/simultaneous-close\.pkt \(ipv4\)" classname="fixtures\/close\/simultaneous-close\.pkt" time="0\.420"\/>/);
  t.match(xml, /<failure message="line 12: outbound packet differs from the script" type="packet">/);
  // Well-formed: every opened element is closed, in order.
  const stack: string[] = [];
  for (const m of xml.matchAll(/<(\/?)([a-z]+)[^>]*?(\/?)>/g)) {
    if (m[3] === '/') continue;
    if (m[1] === '/') t.equal(stack.pop(), m[2], `</${m[2]}> closes the innermost element`);
    else stack.push(m[2] as string);
  }
  t.same(stack, []);
  t.equal(xmlEscape('a<b & "c"\u0001'), 'a&lt;b &amp; &quot;c&quot;');
});

t.test('json: the documented envelope with per-event timing', async (t) => {
  const doc = JSON.parse(renderReport('json', [base, stateFailure], 3000, false)) as Record<string, unknown>;
  t.match(doc, { tool: 'tcpdrill', version: 1, wallMs: 3000, summary: { total: 2, passed: 1, failed: 1, skipped: 0, errored: 0 } });
  t.match(doc, { results: [{}, { events: [{ line: 18, scheduledUsecs: 500_000, actualUsecs: 500_100, testerLateUsecs: 100 }] }] });
});
