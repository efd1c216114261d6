// Start-up figures of issue 14: a short script's whole-process wall time, CPU
// and peak RSS against packetdrill's (paired runs), per-script overhead in a
// suite, and a profile of where a run's time goes, from the marks that
// src/profile-mark.ts writes when TCPDRILL_PROFILE names a file.

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { V4, bin, epochMs, fmt, median, packetdrill, packetdrillCommand, packetdrillPackets, probes, ratio, root, stats, table, timed } from './lib.mjs';

/** short.pkt's timeline (its last event), ms: subtracted to get overhead. */
const SHORT_TIMELINE_MS = 100;

// ---- single script, paired -------------------------------------------------------

export function singleScript({ pairs }) {
  const ours = [];
  const theirs = [];
  for (let i = 0; i < pairs; i++) {
    // Alternate which tool goes first, so a drifting load favours neither.
    const a = () => ours.push(timed(process.execPath, [bin, 'run', ...V4, 'short.pkt']));
    const b = () => packetdrill && theirs.push(timed(...packetdrillCommand([...V4, 'short.pkt'])));
    if (i % 2 === 0) (a(), b());
    else (b(), a());
  }
  const failed = ours.filter((r) => r.status !== 0).length + theirs.filter((r) => r.status !== 0).length;
  console.log(`### One short script, whole process (issue 14): scripts/bench/probes/short.pkt, ${pairs} alternating pairs\n`);
  console.log('Wall from spawn to exit; CPU = user + system of the process and its children; peak RSS = the largest');
  console.log('single process (/usr/bin/time -f %M). packetdrill is started as its runner starts it (in_netns.sh).\n');
  const row = (name, rs) => {
    const w = stats(rs.map((r) => r.wallMs));
    return [name, fmt(w.p50, 0), fmt(w.min, 0), fmt(w.max, 0), fmt(median(rs.map((r) => r.cpuS)), 3), fmt(median(rs.map((r) => r.rssMiB)), 1)];
  };
  const rows = [row('tcpdrill', ours)];
  if (packetdrill) {
    rows.push(row('packetdrill', theirs));
    const pairRatios = ours.map((o, k) => o.wallMs / theirs[k].wallMs);
    const r = stats(pairRatios);
    rows.push([
      'tcpdrill/packetdrill',
      `${fmt(r.p50, 2)} (median of pair ratios; ${fmt(r.min, 2)}–${fmt(r.max, 2)})`,
      '',
      '',
      ratio(median(ours.map((x) => x.cpuS)), median(theirs.map((x) => x.cpuS))),
      ratio(median(ours.map((x) => x.rssMiB)), median(theirs.map((x) => x.rssMiB))),
    ]);
  }
  table(['tool', 'wall p50 (ms)', 'min', 'max', 'CPU p50 (s)', 'peak RSS p50 (MiB)'], rows);
  if (failed > 0) console.log(`note: ${failed} of the runs did not pass.\n`);
  console.log('Targets: wall ratio ≤ 1.0, peak RSS ≤ 60 MiB.\n');
}

// ---- per-script overhead in a suite -------------------------------------------------

export function suiteOverhead({ samples, size }) {
  const alone = [];
  const inSuite = [];
  const pd = [];
  for (let i = 0; i < samples; i++) {
    alone.push(wallOf([bin, 'run', '-j', '1', ...V4, 'short.pkt']) - SHORT_TIMELINE_MS);
    inSuite.push((wallOf([bin, 'run', '-j', '1', ...V4, ...Array(size).fill('short.pkt')]) - size * SHORT_TIMELINE_MS) / size);
    if (packetdrill) {
      // packetdrill's runner starts one packetdrill per script: a suite costs that many starts.
      const t0 = epochMs();
      for (let k = 0; k < size; k++) spawnSync(...packetdrillCommand([...V4, 'short.pkt']), { cwd: probes });
      pd.push((epochMs() - t0 - size * SHORT_TIMELINE_MS) / size);
    }
  }
  console.log(`### Per-script overhead (ms): wall minus the ${SHORT_TIMELINE_MS} ms timeline of short.pkt, ${samples} samples (issues 4, 14)\n`);
  const rows = [
    dist('one script per `tcpdrill run` (Node start-up, parse, namespace, child)', alone),
    dist(`per script in a suite of ${size} at -j 1 (namespace, child process)`, inSuite),
  ];
  if (packetdrill) {
    rows.push(dist(`packetdrill, per script in a serial run of ${size} (in_netns.sh each)`, pd));
    rows.push(`| tcpdrill suite / packetdrill (p50) | | ${ratio(stats(inSuite).p50, stats(pd).p50)} | | |`);
  }
  table(['measure', 'n', 'p50', 'p99', 'max'], rows);
  console.log('Target: per-script overhead in a suite ≤ 100 ms.\n');
}

const dist = (label, xs) => {
  const s = stats(xs);
  return `| ${label} | ${s.n} | ${fmt(s.p50, 1)} | ${fmt(s.p99, 1)} | ${fmt(s.max, 1)} |`;
};

function wallOf(argv) {
  const t0 = epochMs();
  const r = spawnSync(process.execPath, argv, { cwd: probes, encoding: 'utf8' });
  if (r.status !== 0) console.log(`note: a run did not pass: ${r.stdout.split('\n').slice(-3).join(' ')}`);
  return epochMs() - t0;
}

// ---- the profile --------------------------------------------------------------------

/**
 * The steps of a run, in order, each named by the mark that ends it (see
 * src/profile-mark.ts). `spawn` is when the bench spawned tcpdrill, `exit` when
 * it saw the process end.
 */
const STEPS = [
  ['node start', 'parent: exec of node'],
  ['node bootstrapped', 'parent: Node bootstrap'],
  ['cli: modules loaded', 'parent: CLI module loading (commander, grammar, Chevrotain bundle, runner)'],
  ['cli: scripts parsed', 'parent: read, parse and validate the script'],
  ['parent: spawn child', 'parent: environment check'],
  ['parent: next spawn', "parent: from one child's exit to the next spawn"],
  ['child node start', 'child: unshare --net + exec of node'],
  ['child node bootstrapped', 'child: Node bootstrap'],
  ['child: modules loaded', 'child: module loading (runner, koffi native module)'],
  ['child: koffi loaded', 'child: libc bindings (koffi declarations), parent-death signal'],
  ['child: job read', 'child: job (AST) read from stdin and decoded'],
  ['child: blocking-call thread started', 'child: blocking-call thread (scripts with a blocking call only)'],
  ['child: lo, TUN and capture up', 'child: private /tmp, plan, lo up (`ip`), TUN device, capture socket'],
  ['child: mappings locked', 'child: mlock of file-backed mappings'],
  ['child: warm-up done', 'child: warm-up passes'],
  ['child: time zero', 'child: init command, real-time priority, wait for a kernel tick'],
  ['child: timeline done', "child: the script's timeline (and the wait for a last blocking call)"],
  ['child: result sent', 'child: teardown, trace, JSON result'],
  ['parent: child closed', 'child: exit (namespace gone), parent notified'],
  ['cli: suite done', 'parent: suite bookkeeping'],
  ['cli: report written', 'parent: report writing'],
  ['exit', 'parent: exit'],
];

let profileDirPath;
function profileDir() {
  if (profileDirPath === undefined) {
    mkdirSync(join(root, '.cache'), { recursive: true });
    profileDirPath = mkdtempSync(join(root, '.cache', 'bench-profile-'));
    process.on('exit', () => rmSync(profileDirPath, { recursive: true, force: true }));
  }
  return profileDirPath;
}

function readMarks(file, spawnMs, exitMs) {
  const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => l.split('\t'));
  const parentPid = lines[0][1];
  const marks = [{ label: 'spawn', pid: parentPid, t: spawnMs }];
  for (const [label, pid, t] of lines) marks.push({ label: pid !== parentPid && label.startsWith('node ') ? `child ${label}` : label, pid, t: Number(t) });
  marks.push({ label: 'exit', pid: parentPid, t: exitMs });
  return marks;
}

/** Durations (ms) of each step of one run; for a suite, summed over its children. */
function stepDurations(marks) {
  const out = new Map(STEPS.map(([, name]) => [name, 0]));
  for (let i = 1; i < marks.length; i++) {
    const label = marks[i].label === 'parent: spawn child' && marks[i - 1].label === 'parent: child closed' ? 'parent: next spawn' : marks[i].label;
    const step = STEPS.find(([l]) => l === label);
    if (step) out.set(step[1], out.get(step[1]) + (marks[i].t - marks[i - 1].t));
  }
  return out;
}

function profiledRun(files) {
  // Not under /tmp: the child process has a private /tmp of its own.
  const file = join(profileDir(), 'profile.tsv');
  rmSync(file, { force: true });
  const t0 = epochMs();
  const r = spawnSync(process.execPath, [bin, 'run', '-j', '1', ...V4, ...files], { cwd: probes, env: { ...process.env, TCPDRILL_PROFILE: file }, encoding: 'utf8' });
  const t1 = epochMs();
  if (r.status !== 0) console.log(`note: a profiled run did not pass: ${r.stdout.split('\n').slice(-3).join(' ')}`);
  const marks = readMarks(file, t0, t1);
  if (!marks.some((m) => m.label === 'cli: modules loaded')) throw new Error('no profile marks: is dist/ built from a tree with src/profile-mark.ts?');
  return { marks, wallMs: t1 - t0 };
}

/**
 * Cost of importing one module in a fresh Node process, ms (median), timed
 * inside that process: Node's own start-up, which the load on a shared machine
 * makes vary by tens of ms, stays out of it.
 */
function importCost(spec, runs) {
  const code = `const t = performance.now(); await import(${JSON.stringify(spec)}); process.stdout.write(String(performance.now() - t));`;
  const xs = [];
  for (let i = 0; i < runs; i++) xs.push(Number(spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd: root, encoding: 'utf8' }).stdout));
  return median(xs);
}

/** packetdrill's start-up, from its -v output: how long from spawn to its time zero, and from its last packet to exit. */
function packetdrillProfile() {
  const [cmd, argv] = packetdrillCommand([...V4, '-v', 'short.pkt']);
  const t0 = Date.now() / 1000;
  const r = spawnSync(cmd, argv, { cwd: probes, encoding: 'utf8' });
  const t1 = Date.now() / 1000;
  // The first syscall (script time 0) prints its wall-clock time when it returns.
  const m = /^socket syscall: ([0-9.]+)$/m.exec(r.stdout);
  const last = packetdrillPackets(r.stdout).pop();
  if (!m || !last) return undefined;
  const zero = Number(m[1]);
  return { toZeroMs: (zero - t0) * 1000, afterMs: (t1 - zero) * 1000 - last.atUsecs / 1000, wallMs: (t1 - t0) * 1000 };
}

export function profile({ runs, suiteSize }) {
  const single = [];
  const suite = [];
  for (let i = 0; i < runs; i++) {
    single.push(stepDurations(profiledRun(['short.pkt']).marks));
    suite.push(stepDurations(profiledRun(Array(suiteSize).fill('short.pkt')).marks));
  }
  console.log(`### Start-up profile (issue 14): where a run's time goes, median of ${runs} profiled runs of short.pkt\n`);
  console.log('From env-gated marks (TCPDRILL_PROFILE=file, src/profile-mark.ts): each step ends at a mark. The suite');
  console.log(`column is one \`tcpdrill run -j 1\` of ${suiteSize} copies, per script (sum over children / ${suiteSize}).\n`);
  const rows = [];
  let totalSingle = 0;
  let totalSuite = 0;
  for (const [, name] of STEPS) {
    const a = median(single.map((d) => d.get(name)));
    const b = median(suite.map((d) => d.get(name))) / suiteSize;
    totalSingle += a;
    totalSuite += b;
    rows.push([name, fmt(a, 1), name.startsWith('child') ? fmt(b, 1) : `(${fmt(b * suiteSize, 1)} once)`]);
  }
  rows.push(['**total** (sum of medians)', fmt(totalSingle, 1), '']);
  table(['step', 'single run (ms)', 'in a suite, per script (ms)'], rows);

  const mods = [
    ['koffi (native module)', 'koffi'],
    ['Chevrotain bundle', join(root, 'dist', 'grammar', 'chevrotain.js')],
    ['tokens.js: bundle + token definitions + the Lexer built at load', join(root, 'dist', 'grammar', 'tokens.js')],
    ['grammar (parseScript and checks)', join(root, 'dist', 'grammar', 'index.js')],
    ["child's runner (session.js and its imports)", join(root, 'dist', 'runner', 'session.js')],
    ['CLI (cli/main.js and everything it imports)', join(root, 'dist', 'cli', 'main.js')],
  ];
  const costs = mods.map(([name, spec]) => [name, importCost(spec, runs)]);
  console.log(`Import cost of one module in a fresh Node process, timed inside it (median of ${runs}):\n`);
  table(['module', 'ms'], costs.map(([name, c]) => [name, fmt(c, 1)]));

  if (packetdrill) {
    const ps = [];
    for (let i = 0; i < runs; i++) {
      const p = packetdrillProfile();
      if (p) ps.push(p);
    }
    console.log('packetdrill on the same script, from its -v output (its first syscall prints the wall-clock time):\n');
    table(
      ['step', 'ms (median)'],
      [
        ['spawn → time zero (in_netns.sh, parse, TUN set-up, its 10-tick phase lock spin)', fmt(median(ps.map((p) => p.toZeroMs)), 1)],
        ['last packet → exit (in_netns.sh removes the namespace)', fmt(median(ps.map((p) => p.afterMs)), 1)],
        ['whole process', fmt(median(ps.map((p) => p.wallMs)), 1)],
      ],
    );
  }
}
