// Start-up figures of issue 14: a short script's whole-process wall time, CPU
// and peak RSS against packetdrill's (paired runs), per-script overhead in a
// suite, and a profile of where a run's time goes, from the marks that
// src/profile-mark.ts writes when TCPDRILL_PROFILE names a file.

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { CHILD_V8_FLAGS, CLI_V8_FLAGS } from '../../dist/v8-flags.cjs';
import { V4, bin, epochMs, fmt, median, packetdrill, packetdrillCommand, packetdrillPackets, probes, ratio, root, stats, table, timed } from './lib.mjs';

/** short.pkt's timeline (its last event), ms: subtracted to get overhead. */
const SHORT_TIMELINE_MS = 100;

// ---- single script, paired -------------------------------------------------------

export function singleScript({ pairs }) {
  const ours = [];
  const theirs = [];
  for (let i = 0; i < pairs; i++) {
    // Alternate which tool goes first, so a drifting load favours neither.
    const a = () => ours.push(timed(bin, ['run', ...V4, 'short.pkt']));
    const b = () => packetdrill && theirs.push(timed(...packetdrillCommand([...V4, 'short.pkt'])));
    if (i % 2 === 0) (a(), b());
    else (b(), a());
  }
  const failed = ours.filter((r) => r.status !== 0).length + theirs.filter((r) => r.status !== 0).length;
  console.log(`### One short script, whole process (issue 14): scripts/bench/probes/short.pkt, ${pairs} alternating pairs\n`);
  console.log('Wall from spawn to exit; CPU = user + system of the process and its children; peak RSS = the largest');
  console.log('single process (/usr/bin/time -f %M). tcpdrill is started as a user starts it (bin/tcpdrill, through its #! line);\n' +
    'packetdrill as its runner starts it (in_netns.sh).\n');
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

/** The pretty reporter's first FAIL and the lines that explain it, on one line. */
function failureLines(stdout) {
  const lines = stdout.split('\n');
  const at = lines.findIndex((l) => l.startsWith('FAIL') || l.startsWith('ERROR'));
  return (at < 0 ? lines.slice(-3) : lines.slice(at, at + 4)).map((l) => l.trim()).join(' / ');
}

function wallOf(argv) {
  const t0 = epochMs();
  const [cmd, ...args] = argv;
  const r = spawnSync(cmd, args, { cwd: probes, encoding: 'utf8' });
  if (r.status !== 0) console.log(`note: a run did not pass: ${failureLines(r.stdout)}\n`);
  return epochMs() - t0;
}

// ---- the profile --------------------------------------------------------------------

/**
 * What each mark (src/profile-mark.ts) ends. Children start ahead of their runs
 * (src/runner/suite/launch.ts), so parent and child steps overlap: a single run
 * is shown as a time line (when each mark came, from the spawn of tcpdrill), and
 * a suite as the steps of one run from the moment its job reached its child.
 */
const MARKS = new Map([
  ['node start', 'parent: exec of node'],
  ['node bootstrapped', 'parent: Node bootstrap'],
  ['parent: spawn child', "parent: the first child's bundle (cli/first-child.ts), up to its spawn"],
  ['cli: modules loaded', "parent: the spawn, the CLI's bundle (commander; a command loads its own)"],
  ['cli: scripts parsed', 'parent: grammar loaded (Chevrotain), script read, parsed and validated'],
  ['parent: job sent', 'parent: suite planned, job about to be written'],
  ['child node start', 'child: unshare --net --mount + exec of node'],
  ['child node bootstrapped', 'child: Node bootstrap'],
  ['child: modules loaded', 'child: module loading (runner, koffi native module), compiled eagerly'],
  ['child: koffi loaded', 'child: libc bindings (koffi declarations), parent-death signal'],
  ['child: lo up', 'child: lo up (rtnetlink)'],
  ['child: mappings locked', 'child: mlock of file-backed mappings'],
  ['child: packet paths warmed', 'child: generic packet paths warmed (IPv4 SYN), before the job'],
  ['child: job read', 'child: job (AST) received and decoded (waits for the parent)'],
  ['child: blocking-call thread started', 'child: blocking-call thread (scripts with a blocking call only)'],
  ['child: private /tmp', 'child: private /tmp (bind mounts)'],
  ['child: TUN up', 'child: plan, TUN device (ioctls, sysctls; address, link and route by rtnetlink)'],
  ['child: capture up', 'child: capture socket, CPU slot files'],
  ['child: warm-up done', 'child: warm-up passes'],
  ['child: time zero', 'child: init command, real-time priority, wait for a kernel tick'],
  ['child: timeline done', "child: the script's timeline (and the wait for a last blocking call)"],
  ['child: result sent', 'child: teardown, trace, JSON result'],
  ['parent: result received', 'parent: result read'],
  ['cli: suite done', 'parent: suite bookkeeping'],
  ['cli: report written', 'parent: report writing'],
  ['exit', 'parent: exit (the last child closes its TUN device meanwhile)'],
]);

/** The steps of one run from its job on, in order: they do not overlap. */
const RUN_STEPS = [...MARKS.keys()].slice([...MARKS.keys()].indexOf('child: blocking-call thread started'), [...MARKS.keys()].indexOf('child: result sent') + 1);

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

/** A single run: ms from tcpdrill's spawn to each mark (the first child's, for child marks). */
function markTimes(marks) {
  const out = new Map();
  for (const m of marks) if (!out.has(m.label)) out.set(m.label, m.t - marks[0].t);
  return out;
}

/**
 * A suite: for each child that served a run, the duration of each of its steps
 * from its job on, and the gap from one run's result to the next run's job;
 * medians over the runs.
 */
function runSteps(marks) {
  const children = [...new Set(marks.filter((m) => m.label === 'child: job read').map((m) => m.pid))];
  const at = (pid, label) => marks.find((m) => m.pid === pid && m.label === label)?.t;
  const steps = new Map(RUN_STEPS.map((label) => [label, []]));
  const gaps = [];
  const results = marks.filter((m) => m.label === 'parent: result received').map((m) => m.t);
  children.forEach((pid, k) => {
    let previous = at(pid, 'child: job read');
    if (k > 0 && results[k - 1] !== undefined) gaps.push(previous - results[k - 1]);
    for (const label of RUN_STEPS) {
      const t = at(pid, label);
      if (t === undefined) continue;
      steps.get(label).push(t - previous);
      previous = t;
    }
  });
  return { steps: new Map([...steps].map(([label, xs]) => [label, median(xs)])), gap: median(gaps) };
}

function profiledRun(files) {
  // Not under /tmp: the child process has a private /tmp of its own.
  const file = join(profileDir(), 'profile.tsv');
  rmSync(file, { force: true });
  const t0 = epochMs();
  const r = spawnSync(bin, ['run', '-j', '1', ...V4, ...files], { cwd: probes, env: { ...process.env, TCPDRILL_PROFILE: file }, encoding: 'utf8' });
  const t1 = epochMs();
  if (r.status !== 0) console.log(`note: a profiled run did not pass: ${failureLines(r.stdout)}\n`);
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

/**
 * The same for one of tcpdrill's bundles (src/code-cache.cts), loaded as its
 * entry point loads it: its Node built-ins, then V8 flags as there (the cache
 * only fits under them).
 */
function bundleCost(bundle, { v8Flags, evaluate }, runs) {
  const code = [
    `const { compileCached } = require(${JSON.stringify(join(root, 'dist', 'code-cache.cjs'))});`,
    `const t = performance.now();`,
    `const c = compileCached(${JSON.stringify(bundle)}, ${JSON.stringify(v8Flags)});`,
    evaluate ? 'c.run();' : '',
    `process.stdout.write(String(performance.now() - t) + ' ' + c.cache);`,
  ].join('\n');
  const xs = [];
  for (let i = 0; i < runs; i++) {
    const [ms, cache] = spawnSync(process.execPath, ['--input-type=commonjs', '-e', code], { cwd: root, encoding: 'utf8' }).stdout.split(' ');
    if (cache !== 'used') throw new Error(`bench: V8 did not take the code cache of ${bundle} (${cache}): are the flags those of its entry point?`);
    xs.push(Number(ms));
  }
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
    single.push(markTimes(profiledRun(['short.pkt']).marks));
    suite.push(runSteps(profiledRun(Array(suiteSize).fill('short.pkt')).marks));
  }
  console.log(`### Start-up profile (issue 14): where a run's time goes, median of ${runs} profiled runs of short.pkt\n`);
  console.log('From env-gated marks (TCPDRILL_PROFILE=file, src/profile-mark.ts). One run, as a time line: when each');
  console.log('mark came, from the spawn of tcpdrill (the first child starts while the parent loads the grammar, so the');
  console.log('two columns overlap):\n');
  const line = [...MARKS]
    .map(([label, name]) => [name, median(single.map((d) => d.get(label)))])
    .filter(([, t]) => Number.isFinite(t))
    .sort((a, b) => a[1] - b[1]);
  table(['step (ends at)', 'ms from spawn'], line.map(([name, t]) => [name, fmt(t, 1)]));
  console.log(`One \`tcpdrill run -j 1\` of ${suiteSize} copies: each run's steps from the moment its job reached its child`);
  console.log('(started ahead, while the run before played), median over the runs:\n');
  const rows = RUN_STEPS.map((label) => [MARKS.get(label), fmt(median(suite.map((d) => d.steps.get(label))), 1)]);
  rows.push(["parent: from one run's result to the next run's job in its child", fmt(median(suite.map((d) => d.gap)), 1)]);
  table(['step', 'per run (ms)'], rows);

  const mods = [
    ['koffi (native module)', 'koffi'],
    ['Chevrotain bundle', join(root, 'dist', 'grammar', 'chevrotain.js')],
    ['tokens.js: bundle + token definitions + the Lexer built at load', join(root, 'dist', 'grammar', 'tokens.js')],
    ['grammar (parseScript and checks)', join(root, 'dist', 'grammar', 'index.js')],
    ["child's runner as ES modules (session.js and its imports)", join(root, 'dist', 'runner', 'run', 'session.js')],
    ['CLI as ES modules (cli/main.js and everything it imports)', join(root, 'dist', 'cli', 'main.js')],
  ];
  const costs = mods.map(([name, spec]) => [name, importCost(spec, runs)]);
  costs.push(
    ['CLI bundle through its code cache, compiled and evaluated (what bin/tcpdrill loads)', bundleCost(join(root, 'dist', 'cli', 'main.bundle.cjs'), { v8Flags: CLI_V8_FLAGS, evaluate: true }, runs)],
    ["child's bundle through its code cache, compiled only (evaluating it starts the child)", bundleCost(join(root, 'dist', 'runner', 'suite', 'child.bundle.cjs'), { v8Flags: CHILD_V8_FLAGS, evaluate: false }, runs)],
  );
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
