// packetdrill's corpus runs under tcpdrill as under packetdrill (issue 10): the
// environment its commands see, the root qdisc left to scripts, packetdrill's
// spelling of the address family, the reasons a command failed, and a suite that
// goes on past a script that does not parse. Each behaviour has a script that
// passes and a twin that must fail with the right message.
import t, { type Test } from 'tap';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { root, runJson, type Report, type ScriptResult } from '../helpers/cli.js';
import { Libc } from '../../src/runner/kernel/libc.js';
import { jiffyNs } from '../../src/runner/kernel/tick.js';
import { tickNote } from '../../src/runner/run/steps/fire.js';

const dir = join(root, 'test', 'runner', 'compat');
const script = (name: string): string => join(dir, name);

t.test('commands run from the script directory with PACKETDRILL_PID, on the default qdisc, with a private /tmp', async (t) => {
  // tcpdrill makes each run's /tmp under TMPDIR: one of this test's own, so that
  // other runs on the machine cannot be mistaken for leftovers.
  const host = mkdtempSync(join(tmpdir(), 'tcpdrill-compat-'));
  const saved = process.env['TMPDIR'];
  process.env['TMPDIR'] = host;
  t.teardown(() => {
    if (saved === undefined) delete process.env['TMPDIR'];
    else process.env['TMPDIR'] = saved;
    rmSync(host, { recursive: true, force: true });
  });
  // Run from the project root: the helper resolves only against the script's folder.
  const report = runJson(['-j', '1', script('own-qdisc.pkt')]);
  const r = report.results[0]!;
  t.equal(r.verdict, 'pass', r.failure?.failure.message ?? '');
  t.notOk(existsSync('/tmp/tcpdrill-compat-marker'), 'what the script wrote to /tmp did not reach the host');
  t.same(readdirSync(host), [], 'the run removed its private /tmp');
});

const detail = (r: ScriptResult | undefined): string => (r?.failure?.failure.detail ?? []).join('\n');

t.test('a failing command quotes the end of its stderr', async (t) => {
  const report = runJson(['-j', '1', script('own-qdisc-twice.fail.pkt'), script('missing-helper.fail.pkt')]);
  const [twice, missing] = report.results;
  t.equal(twice?.verdict, 'fail');
  t.equal(twice?.failure?.failure.message, 'error executing init command: non-zero status 2', 'the message stays one line');
  t.match(detail(twice), /^its stderr ended with:\n.*(File exists|Exclusivity flag on)/);
  t.equal(missing?.verdict, 'fail');
  t.equal(missing?.failure?.line, 3);
  t.match(missing?.failure?.failure.message ?? '', /non-zero status 127$/);
  t.match(detail(missing), /^its stderr ended with:\n.*no-such-helper\.sh: not found/);
});

t.test("packetdrill's --ip_version= picks the address family; --ip-version wins over it", async (t) => {
  const v6 = runJson(['--ip_version=ipv6', script('own-qdisc.pkt')]).results[0]!;
  t.equal(v6.ipVersion, 'ipv6');
  t.equal(v6.verdict, 'pass', v6.failure?.failure.message ?? '');
  const both = runJson(['--ip-version', 'ipv4', '--ip_version=ipv6', script('own-qdisc.pkt')]).results[0]!;
  t.equal(both.ipVersion, 'ipv4');
});

t.test('a script that does not parse is reported with its diagnostics; the rest of the suite runs', async (t) => {
  const cli = join(root, 'bin', 'tcpdrill');
  const files = [script('broken.fail.pkt'), script('own-qdisc.pkt')].map((f) => relative(root, f));
  const r = spawnSync('/usr/bin/env', ['-u', 'NODE_OPTIONS', process.execPath, cli, 'run', '--reporter', 'json', ...files], { cwd: root, encoding: 'utf8' });
  t.equal(r.status, 2, 'exit 2: a script does not parse');
  t.match(r.stderr, /broken\.fail\.pkt:\d+:\d+: error/, 'the diagnostic names file:line:col');
  const report = JSON.parse(r.stdout) as Report;
  const [broken, good] = report.results;
  t.equal(broken?.verdict, 'error');
  t.equal(broken?.failure?.failure.kind, 'script');
  t.match(broken?.failure?.failure.message ?? '', /^\S*broken\.fail\.pkt:\d+:\d+: error[^\n]*$/, 'the message is the first diagnostic line');
  t.match(detail(broken), /\n\s+\d+ \| .*\n\s+\| +\^/, 'the detail shows the line and a caret');
  t.equal(good?.verdict, 'pass', 'the good script still ran');
});

/** Runs a script that must fail on an outbound line's timing; that failure, or undefined (and a failed assertion). */
function outboundTimingFailure(t: Test, name: string, line: number): { message: string; actualUsecs: number } | undefined {
  const r = runJson(['-j', '1', script(name)]).results[0]!;
  t.equal(r.verdict, 'fail');
  t.equal(r.failure?.line, line);
  const f = r.failure?.failure;
  if (f?.kind === 'timing' && f.actualUsecs !== undefined) return { message: f.message, actualUsecs: f.actualUsecs };
  t.fail(`a timing failure with its time, not ${JSON.stringify(f)}`);
  return undefined;
}

t.test('a packet sent on a kernel timer tick is named so in its timing failure', async (t) => {
  // On a quiet machine the FIN's ACK leaves on the tick; under load the timer's
  // softirq can wait for a CPU and the ACK leaves off the tick. So the run is
  // repeated until the kernel sends it on a tick, and every failure must carry
  // the note exactly when its packet left within the window tickNote allows
  // (time zero is 250 µs after a tick).
  const jiffy = jiffyNs(Libc.load());
  let onTick = 0;
  for (let attempt = 0; attempt < 5 && onTick === 0; attempt++) {
    const f = outboundTimingFailure(t, 'fin-ack-on-tick.fail.pkt', 13);
    if (f === undefined) return;
    t.match(f.message, /^timing error: expected outbound packet at /);
    const sinceTickUsecs = (f.actualUsecs + 250) % (Number(jiffy) / 1000);
    const note = tickNote(sinceTickUsecs, jiffy);
    if (note === undefined) t.notMatch(f.message, /timer tick/, `off the tick (${sinceTickUsecs.toFixed(0)} µs after one): no note`);
    else t.match(f.message, `; ${note}`, 'on the tick: the note');
    if (note !== undefined) onTick++;
  }
  t.equal(onTick, 1, 'the kernel sent it on its tick in one of five runs at least');
});

t.test("a packet the kernel sent inside tcpdrill's injection is named its answer, not a timer's, even on the tick", async (t) => {
  const jiffy = jiffyNs(Libc.load());
  const f = outboundTimingFailure(t, 'answer-near-tick.fail.pkt', 10);
  if (f === undefined) return;
  t.match(f.message, /^timing error: expected outbound packet at .*; the kernel sent it in answer to line 9, during tcpdrill's injection for that line \(started \d\.\d{6} sec after its time\), not from a timer$/);
  t.notMatch(f.message, /timer tick/);
  const sinceTickUsecs = (f.actualUsecs + 250) % (Number(jiffy) / 1000);
  t.comment(`the SYN-ACK left ${sinceTickUsecs.toFixed(0)} µs after a tick${tickNote(sinceTickUsecs, jiffy) === undefined ? '' : ', where the phase alone would have named a timer'}`);
});

t.test('a script kept under /tmp still runs from its directory inside the private /tmp', async (t) => {
  // The run's private /tmp hides the host's; the script's own folder is bound back.
  const dir = mkdtempSync('/tmp/tcpdrill-under-tmp-');
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'blocking-accept.pkt');
  copyFileSync(join(root, 'test', 'runner', 'scripts', 'blocking-accept.pkt'), file);
  const r = runJson(['-j', '1', file]).results[0]!;
  t.equal(r.verdict, 'pass', JSON.stringify(r.failure));
});
