// KTAP output read back by the format's rules (Documentation/dev-tools/ktap.rst).
import t from 'tap';
import type { ScriptResult } from '../../../src/runner/results.js';
import { renderKtap, ktapName } from '../../../src/runner/report/ktap.js';

interface KtapTest {
  readonly ok: boolean;
  readonly number: number;
  readonly description: string;
  readonly directive: string | undefined;
  /** Diagnostic lines seen since the previous result line (kselftest attaches them to this test). */
  readonly diagnostics: string[];
}

/** A strict KTAP v1 reader for a flat (no subtests) document; throws on anything else. */
function parseKtap(text: string): { plan: number; tests: KtapTest[]; trailing: string[] } {
  const lines = text.split('\n');
  if (lines[0] !== 'KTAP version 1') throw new Error(`first line is not the version line: ${lines[0]}`);
  const plan = /^1\.\.(\d+)$/.exec(lines[1] ?? '');
  if (!plan) throw new Error(`second line is not a plan: ${lines[1]}`);
  const tests: KtapTest[] = [];
  let pending: string[] = [];
  for (const line of lines.slice(2)) {
    if (line === '#' || line.startsWith('# ')) {
      pending.push(line.slice(2));
      continue;
    }
    const m = /^(ok|not ok) (\d+)(?: ([^#]*?))?(?: # (.*))?$/.exec(line);
    if (!m) throw new Error(`not a KTAP line: ${JSON.stringify(line)}`);
    tests.push({ ok: m[1] === 'ok', number: Number(m[2]), description: m[3] ?? '', directive: m[4], diagnostics: pending });
    pending = [];
  }
  return { plan: Number(plan[1]), tests, trailing: pending };
}

const base: ScriptResult = {
  file: 'tcp/close/basic.pkt',
  ipVersion: 'ipv4',
  verdict: 'pass',
  events: [],
  trace: [],
  failure: undefined,
  warnings: [],
  wallMs: 10,
  timelineMs: 5,
  pcapFile: undefined,
};
const failed: ScriptResult = {
  ...base,
  ipVersion: 'ipv6',
  verdict: 'fail',
  failure: { line: 18, failure: { kind: 'state', message: 'x', expected: 'TCP_TIME_WAIT', actual: 'TCP_CLOSING' } },
};
const skipped: ScriptResult = { ...base, file: 'tcp/ecn/accecn.pkt', verdict: 'skip', skipReason: 'kernel lacks AccECN (tcp_ecn=3)' };
const errored: ScriptResult = { ...base, file: 'odd#name.pkt', verdict: 'error', failure: { line: 0, failure: { kind: 'runtime', message: 'tun0: EPERM\nsecond line' } } };

t.test('ktap: version, plan, one result line per run, diagnostics and SKIP', async (t) => {
  const text = renderKtap([base, failed, skipped, errored]);
  const doc = parseKtap(text);
  t.equal(doc.plan, 4);
  t.same(doc.tests.map((x) => x.number), [1, 2, 3, 4], 'numbered from 1 in order');
  t.same(doc.tests.map((x) => x.ok), [true, false, true, false]);
  t.same(doc.tests.map((x) => x.description), ['tcp/close/basic.pkt ipv4', 'tcp/close/basic.pkt ipv6', 'tcp/ecn/accecn.pkt ipv4', 'odd_name.pkt ipv4']);
  t.same(doc.tests.map((x) => x.directive), [undefined, undefined, 'SKIP kernel lacks AccECN (tcp_ecn=3)', undefined]);
  t.same(doc.tests[1]?.diagnostics, ['line 18:', 'expected TCP_TIME_WAIT, the connection is in TCP_CLOSING']);
  t.same(doc.tests[3]?.diagnostics, ['line 0:', 'tun0: EPERM', 'second line'], 'a multi-line message is one diagnostic line each');
  t.same(doc.trailing, ['Totals: pass:1 fail:1 xfail:0 xpass:0 skip:1 error:1']);
});

t.test('ktap: an empty suite is a valid document', async (t) => {
  t.same(parseKtap(renderKtap([])), { plan: 0, tests: [], trailing: ['Totals: pass:0 fail:0 xfail:0 xpass:0 skip:0 error:0'] });
});

t.test('ktap: names cannot break the line', async (t) => {
  t.equal(ktapName({ ...base, file: 'a#b\nc.pkt' }), 'a_b_c.pkt ipv4');
  const doc = parseKtap(renderKtap([{ ...skipped, skipReason: 'two\nlines' }]));
  t.equal(doc.tests[0]?.directive, 'SKIP two lines');
});
