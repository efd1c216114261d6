// Only the threads the timeline waits on go real-time: the main thread and the
// ones named (the blocking-call thread); V8's helper threads stay ordinary, and
// everything is ordinary again afterwards.
import t, { type Test } from 'tap';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { availableParallelism } from 'node:os';
import { SCHED_OTHER, SCHED_RR } from '../../../src/linux/sched.js';
import { Libc } from '../../../src/runner/kernel/libc.js';
import { realtimeScheduling } from '../../../src/runner/kernel/realtime.js';
import { root, runJson } from '../../helpers/cli.js';

const libc = Libc.load();

/** Scheduling policy of each thread of this process (field 41 of /proc/<pid>/task/<tid>/stat). */
function policies(): Map<number, number> {
  const out = new Map<number, number>();
  for (const tid of readdirSync('/proc/self/task').map(Number)) {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'latin1');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    out.set(tid, Number(fields[38]));
  }
  return out;
}

t.test('the main thread and the named ones switch to SCHED_RR; the others do not', { skip: availableParallelism() < 2 ? 'one CPU: tcpdrill stays ordinary' : false }, async (t) => {
  const helpers = [...policies().keys()].filter((tid) => tid !== process.pid);
  t.ok(helpers.length >= 2, 'Node runs helper threads');
  const named = helpers[0] as number;
  const warning = realtimeScheduling(libc, true, [named]);
  if (warning !== undefined) {
    // Without CAP_SYS_NICE there is nothing to check.
    t.comment(`not permitted here: ${warning}`);
    return;
  }
  t.teardown(() => void realtimeScheduling(libc, false, [named]));
  const on = policies();
  t.equal(on.get(process.pid), SCHED_RR, 'main thread');
  t.equal(on.get(named), SCHED_RR, 'the named thread');
  const forked = spawnSync('/bin/sh', ['-c', 'chrt -p $$'], { encoding: 'utf8' });
  t.match(forked.stdout, /SCHED_OTHER/, 'a process forked meanwhile starts ordinary');
  for (const tid of helpers.slice(1)) t.equal(on.get(tid), SCHED_OTHER, `helper ${tid} stays ordinary`);
  realtimeScheduling(libc, false, [named]);
  const off = policies();
  t.equal(off.get(process.pid), SCHED_OTHER, 'main thread back');
  t.equal(off.get(named), SCHED_OTHER, 'named thread back');
});

const MULTI_CPU = { skip: availableParallelism() < 2 ? 'one CPU: tcpdrill stays ordinary' : false };

/** A fixture pair of test/runner/compat: the first passes; its twin fails on `line` with the command's exit status. */
function commandPair(t: Test, passing: string, failing: string, line: number): void {
  const dir = join(root, 'test', 'runner', 'compat');
  const [pass, fail] = runJson(['-j', '1', join(dir, passing), join(dir, failing)]).results;
  t.equal(pass?.verdict, 'pass', pass?.failure?.failure.message ?? '');
  t.equal(fail?.verdict, 'fail');
  t.equal(fail?.failure?.line, line);
  t.match(fail?.failure?.failure.message ?? '', /non-zero status 1$/);
}

t.test("a script's commands run ordinary while its timeline is real-time", MULTI_CPU, async (t) => {
  commandPair(t, 'command-starts-ordinary.pkt', 'command-starts-realtime.fail.pkt', 7);
});

t.test("the timeline's thread is ordinary while a command runs, and real-time again after", MULTI_CPU, async (t) => {
  commandPair(t, 'tester-ordinary-during-command.pkt', 'tester-realtime-during-command.fail.pkt', 4);
});
