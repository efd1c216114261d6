#!/usr/bin/env node
// `npm run flake-study` (issue 6): the fixture suite, all three address
// families, N times at -j 1 and N times at the default -j. Prints, as the
// Markdown recorded in BENCHMARKS.md, the wall time of every suite run, every
// run whose verdict differs from the expected one (fixtures pass, twins under
// fixtures/must-fail fail), and tcpdrill's own lateness per event kind.
//   node scripts/flake-study.mjs [--runs N] [--jobs J] [--modes serial,parallel]
// (as root, after a build)

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'tcpdrill');
const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' }, jobs: { type: 'string' }, modes: { type: 'string', default: 'serial,parallel' } } });
const runs = Number(values.runs);
const work = mkdtempSync(join(tmpdir(), 'tcpdrill-flake-'));

function suite(jobs) {
  const out = join(work, 'report.json');
  const args = ['run', '--ip-version', 'all', '--reporter', 'json', '-o', out, 'fixtures'];
  if (jobs !== undefined) args.push('-j', String(jobs));
  const t0 = process.hrtime.bigint();
  const r = spawnSync(bin, args, { cwd: root, encoding: 'utf8' });
  const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0 && r.status !== 1) throw new Error(`tcpdrill exited ${r.status}: ${r.stderr}`);
  return { wallS, report: JSON.parse(readFileSync(out, 'utf8')) };
}

function expected(file) {
  return file.includes('/must-fail/') ? 'fail' : 'pass';
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const modes = [
  { key: 'serial', name: '-j 1', jobs: 1 },
  { key: 'parallel', name: values.jobs === undefined ? 'default -j' : `-j ${values.jobs}`, jobs: values.jobs === undefined ? undefined : Number(values.jobs) },
].filter((m) => values.modes.split(',').includes(m.key));
const walls = new Map();
const differing = [];
const lateness = new Map();
try {
  for (const mode of modes) {
    walls.set(mode.name, []);
    for (let i = 1; i <= runs; i++) {
      const { wallS, report } = suite(mode.jobs);
      walls.get(mode.name).push(wallS);
      for (const r of report.results) {
        if (r.verdict !== expected(r.file)) {
          const why = r.failure ? `line ${r.failure.line}: ${r.failure.failure.message.split('\n')[0]}` : '';
          differing.push(`| ${mode.name} | ${i} | ${r.file} | ${r.ipVersion} | ${r.verdict} | ${why} |`);
        }
        for (const e of r.events) {
          if (e.testerLateUsecs === undefined) continue;
          const key = `${mode.name}|${e.kind}`;
          if (!lateness.has(key)) lateness.set(key, []);
          lateness.get(key).push(e.testerLateUsecs / 1000);
        }
      }
      process.stderr.write(`${mode.name} run ${i}: ${wallS.toFixed(1)} s, ${report.results.length} runs\n`);
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
console.log('| mode | suite wall times (s) | mean (s) |');
console.log('|---|---|---|');
for (const [name, xs] of walls) console.log(`| ${name} | ${xs.map((x) => x.toFixed(1)).join(', ')} | ${mean(xs).toFixed(1)} |`);
if (walls.size === 2) {
  const [serial, parallel] = [...walls.values()].map(mean);
  console.log(`\nSpeed-up over -j 1: ${(serial / parallel).toFixed(2)}x`);
}
console.log('');
console.log(`Verdicts differing from the expected one: ${differing.length}\n`);
if (differing.length > 0) {
  console.log('| mode | run | script | family | verdict | failure |');
  console.log('|---|---|---|---|---|---|');
  for (const line of differing) console.log(line);
  console.log('');
}
console.log("| mode | event kind | n | p50 (ms) | p99 (ms) | max (ms) |");
console.log('|---|---|---|---|---|---|');
for (const [key, xs] of lateness) {
  const [mode, kind] = key.split('|');
  const s = xs.sort((a, b) => a - b);
  console.log(`| ${mode} | ${kind} | ${s.length} | ${percentile(s, 50).toFixed(3)} | ${percentile(s, 99).toFixed(3)} | ${s[s.length - 1].toFixed(3)} |`);
}
