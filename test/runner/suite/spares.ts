// Children started ahead of their runs (src/runner/suite/launch.ts, spares.ts):
// the first before the scripts are parsed, each next one while a run plays, and
// none left behind (no process, no private /tmp, no unnamed pcap) whether it
// served a run or was never needed. Timings are the bench's; these check order.
import t, { type Test } from 'tap';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { root } from '../../helpers/cli.js';
import { PARENT_PID_ENV } from '../../../src/runner/kernel/netns.js';
import { sparesFor } from '../../../src/runner/suite/spares.js';

const cli = join(root, 'bin', 'tcpdrill');
const PASSING = ['fixtures/handshake/passive-open.pkt', 'fixtures/close/simultaneous-close.pkt'];
const BROKEN = 'test/runner/compat/broken.fail.pkt';

interface Mark {
  readonly label: string;
  readonly ms: number;
}

/** A host /tmp and a work directory of the test's own, removed after it, and the `tcpdrill run` command line that uses them. */
function scratch(t: Test): { host: string; work: string; profile: string; argv: (args: readonly string[]) => string[] } {
  const host = mkdtempSync(join(tmpdir(), 'tcpdrill-spares-'));
  const work = mkdtempSync(join(tmpdir(), 'tcpdrill-spares-work-'));
  t.teardown(() => {
    rmSync(host, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });
  const profile = join(work, 'marks.tsv');
  return { host, work, profile, argv: (args) => ['-u', 'NODE_OPTIONS', `TMPDIR=${host}`, `TCPDRILL_PROFILE=${profile}`, process.execPath, cli, 'run', ...args] };
}

/** `tcpdrill run`, and its profile marks. */
function run(t: Test, args: readonly string[]): { status: number | null; stderr: string; marks: Mark[]; host: string; pid: number } {
  const { host, profile, argv } = scratch(t);
  const r = spawnSync('/usr/bin/env', argv(['--reporter', 'json', ...args]), { cwd: root, encoding: 'utf8' });
  const marks = existsSync(profile)
    ? readFileSync(profile, 'utf8')
        .trim()
        .split('\n')
        .map((line) => line.split('\t'))
        .map(([label, , ms]) => ({ label: label ?? '', ms: Number(ms) }))
    : [];
  return { status: r.status, stderr: r.stderr, marks, host, pid: r.pid ?? 0 };
}

const at = (marks: readonly Mark[], label: string): number[] => marks.filter((m) => m.label === label).map((m) => m.ms);

/**
 * Live processes a tcpdrill process started (children carry its pid in their
 * environment), after giving them a second to go: the last child may still be
 * closing its TUN device when tcpdrill exits, and PR_SET_PDEATHSIG then kills it.
 */
async function childrenOf(pid: number): Promise<string[]> {
  for (let waited = 0; waited < 1000 && live(pid).length > 0; waited += 50) await new Promise((r) => setTimeout(r, 50));
  return live(pid);
}

function live(pid: number): string[] {
  return readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .filter((p) => {
      try {
        return readFileSync(`/proc/${p}/environ`, 'latin1').split('\0').includes(`${PARENT_PID_ENV}=${pid}`);
      } catch {
        return false;
      }
    });
}

t.test('children wait while timelines play only on cores no timeline needs', async (t) => {
  t.equal(sparesFor(1, 2), 1, '-j 1 on two cores: one');
  t.equal(sparesFor(2, 2), 0);
  t.equal(sparesFor(4, 2), 0, 'the default -j: none');
  t.equal(sparesFor(1, 1), 0);
});

// -j 1 needs a second core for a child to start while the first run plays.
t.test('the first child starts before the parse, the next while a run plays, one per run', { skip: availableParallelism() < 2 && 'one core' }, async (t) => {
  const pcaps = mkdtempSync(join(tmpdir(), 'tcpdrill-spares-pcap-'));
  t.teardown(() => rmSync(pcaps, { recursive: true, force: true }));
  const r = run(t, ['-j', '1', '--pcap', pcaps, ...PASSING, BROKEN]);
  t.equal(r.status, 2, `exit 2: one script does not parse\n${r.stderr}`);
  const spawns = at(r.marks, 'parent: spawn child');
  const results = at(r.marks, 'parent: result received');
  t.equal(spawns.length, 2, 'one child per script that parses, none wasted');
  t.ok((spawns[0] as number) < (at(r.marks, 'cli: scripts parsed')[0] as number), 'the first child started before the scripts were parsed');
  t.ok((spawns[1] as number) < (results[0] as number), 'the second child started while the first run played');
  t.same(readdirSync(pcaps).sort(), ['fixtures_close_simultaneous-close.ipv4.pcap', 'fixtures_handshake_passive-open.ipv4.pcap'], 'each pcap under its run name, no unnamed part left');
  t.same(readdirSync(r.host), [], 'every private /tmp removed');
  t.same(await childrenOf(r.pid), [], 'no child process left');
});

t.test('at -j as high as the core count, no child starts while runs play', async (t) => {
  const jobs = availableParallelism();
  const r = run(t, ['-j', String(jobs), ...Array<string>(jobs + 1).fill(PASSING[0] as string)]);
  t.equal(r.status, 0, r.stderr);
  const spawns = at(r.marks, 'parent: spawn child');
  const parsed = at(r.marks, 'cli: scripts parsed')[0] as number;
  t.equal(spawns.length, jobs + 1);
  t.ok(spawns.slice(0, jobs).every((ms) => ms < parsed), "each worker's first child started before the parse");
  t.ok((spawns[jobs] as number) > (at(r.marks, 'parent: result received')[0] as number), 'the last one only when a run was over');
});

t.test('children started for scripts that then fail to parse are ended, and leave nothing', async (t) => {
  const pcaps = join(mkdtempSync(join(tmpdir(), 'tcpdrill-spares-pcap-')), 'new');
  t.teardown(() => rmSync(join(pcaps, '..'), { recursive: true, force: true }));
  const r = run(t, ['-j', '2', '--pcap', pcaps, BROKEN, BROKEN]);
  t.equal(r.status, 2);
  t.match(r.stderr, /broken\.fail\.pkt:\d+:\d+: error/);
  t.equal(at(r.marks, 'parent: spawn child').length, 2, 'two children had started');
  t.notOk(existsSync(pcaps), 'the pcap directory made for them is gone');
  t.same(readdirSync(r.host), [], 'every private /tmp removed');
  t.same(await childrenOf(r.pid), [], 'no child process left');
});

t.test("a run's first child starts before the CLI's modules load, and serves the run", async (t) => {
  const r = run(t, [PASSING[0] as string]);
  t.equal(r.status, 0, r.stderr);
  const spawns = at(r.marks, 'parent: spawn child');
  t.equal(spawns.length, 1, 'one child: the one started early');
  t.ok((spawns[0] as number) < (at(r.marks, 'cli: modules loaded')[0] as number), 'started before the CLI loaded');
  t.equal(at(r.marks, 'node start').length, 2, "the parent's and the child's boot lines, once each");
  t.same(readdirSync(r.host), [], 'its private /tmp removed');
  t.same(await childrenOf(r.pid), [], 'no child process left');
});

// Each of these starts the child before the CLI can know it will not be needed.
for (const [why, args, status] of [
  ['the script does not parse', [BROKEN], 2],
  ['the path does not exist', ['no/such/script.pkt'], 2],
  ['an option is unknown', ['--no-such-option', PASSING[0] as string], 2],
  ['an option is out of range', ['-j', '0', PASSING[0] as string], 2],
] as const) {
  t.test(`a first child nobody claims, because ${why}, is ended and leaves nothing`, async (t) => {
    const r = run(t, args);
    t.equal(r.status, status, r.stderr);
    t.equal(at(r.marks, 'parent: spawn child').length, 1, 'it had started');
    t.same(readdirSync(r.host), [], 'its private /tmp removed');
    t.same(await childrenOf(r.pid), [], 'no child process left');
  });
}

t.test('run --help starts no child', async (t) => {
  const r = run(t, ['--help']);
  t.equal(r.status, 0, r.stderr);
  t.same(at(r.marks, 'parent: spawn child'), []);
});

/** Starts `tcpdrill run` on a script that sleeps 5 s, and sends it SIGINT once `label` is marked. */
async function interrupted(t: Test, label: string): Promise<{ signal: NodeJS.Signals | null; host: string; pid: number }> {
  const { host, work, profile, argv } = scratch(t);
  const script = join(work, 'sleeps.pkt');
  writeFileSync(script, '0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+5 close(3) = 0\n');
  const child = spawn('/usr/bin/env', argv([script]), { stdio: 'ignore' });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  const marked = (): boolean => existsSync(profile) && readFileSync(profile, 'utf8').includes(`${label}\t`);
  for (let waited = 0; !marked() && waited < 10_000; waited += 5) await new Promise((r) => setTimeout(r, 5));
  // env execs node in its own place: the pid is tcpdrill's.
  process.kill(child.pid as number, 'SIGINT');
  return { signal: await exited, host, pid: child.pid as number };
}

for (const label of ['parent: spawn child', 'child: time zero']) {
  t.test(`Ctrl-C after "${label}" ends the run and leaves nothing`, async (t) => {
    const r = await interrupted(t, label);
    t.equal(r.signal, 'SIGINT', 'tcpdrill dies of the signal, as an interrupted command does');
    t.same(readdirSync(r.host), [], 'every private /tmp removed');
    t.same(await childrenOf(r.pid), [], 'no child process left');
  });
}
