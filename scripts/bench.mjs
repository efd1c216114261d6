#!/usr/bin/env node
// `npm run bench`: the figures recorded in BENCHMARKS.md.
//   1. parse time of a 2,000-line script and `tcpdrill check` wall time (scripts/bench-parse.mjs);
//   2. tcpdrill's own lateness per event kind over a timing-heavy script;
//   3. per-script overhead: wall time of `tcpdrill run` minus the script's timeline.
// Needs root (the run benchmarks use network namespaces). Run `npm run build` first.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'tcpdrill');
const work = mkdtempSync(join(tmpdir(), 'tcpdrill-bench-'));

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function stats(values) {
  const s = [...values].sort((a, b) => a - b);
  return { n: s.length, p50: percentile(s, 50), p99: percentile(s, 99), max: s[s.length - 1] };
}

/** A passive open followed by `rounds` request/response exchanges 5 ms apart. */
function timingScript(rounds) {
  const lines = [
    '0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3',
    '+0 setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0',
    '+0 bind(3, ..., ...) = 0',
    '+0 listen(3, 1) = 0',
    '+0 < S 0:0(0) win 65535 <mss 1460,sackOK,nop,nop,nop,wscale 7>',
    '+0 > S. 0:0(0) ack 1 <mss 1460,nop,nop,sackOK,nop,wscale 10>',
    '+.005 < . 1:1(0) ack 1 win 514',
    '+0 accept(3, ..., ...) = 4',
    '+0 setsockopt(4, SOL_TCP, TCP_NODELAY, [1], 4) = 0',
  ];
  for (let i = 0; i < rounds; i++) {
    const a = 1 + i * 100;
    lines.push(`+.005 write(4, ..., 100) = 100`);
    lines.push(`+0 > P. ${a}:${a + 100}(100) ack 1`);
    lines.push(`+.005 < . 1:1(0) ack ${a + 100} win 514`);
    lines.push(`+0 state TCP_ESTABLISHED`);
  }
  return `${lines.join('\n')}\n`;
}

function runJson(file, extra = []) {
  const out = join(work, 'report.json');
  const r = spawnSync(process.execPath, [bin, 'run', '--reporter', 'json', '-o', out, '-v', ...extra, file], { encoding: 'utf8' });
  if (r.status !== 0 && r.status !== 1) throw new Error(`tcpdrill run failed (${r.status}): ${r.stderr}`);
  return JSON.parse(readFileSync(out, 'utf8'));
}

function lateness() {
  const file = join(work, 'timing.pkt');
  writeFileSync(file, timingScript(200));
  const report = runJson(file, ['-j', '1']);
  const result = report.results[0];
  if (result.verdict !== 'pass') console.error('note: timing script did not pass:', JSON.stringify(result.failure));
  const byKind = new Map();
  for (const e of result.events) {
    if (e.testerLateUsecs === undefined || e.testerLateUsecs === null) continue;
    const key = e.kind === 'syscall' ? 'syscall start' : e.kind === 'inbound' ? 'inbound injection' : e.kind;
    if (!byKind.has(key)) byKind.set(key, []);
    byKind.get(key).push(e.testerLateUsecs / 1000);
  }
  const outbound = result.events
    .filter((e) => e.kind === 'outbound' && e.actualUsecs != null && e.scheduledUsecs != null)
    .map((e) => (e.actualUsecs - e.scheduledUsecs) / 1000);
  byKind.set('outbound capture vs expectation', outbound);
  return byKind;
}

/** Wall time of one `tcpdrill run` of `files` minus their timelines, in ms. */
function timed(files, timelineMs) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [bin, 'run', '-j', '1', ...files], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tiny script failed: ${r.stdout}${r.stderr}`);
  return Number(process.hrtime.bigint() - t0) / 1e6 - timelineMs;
}

/** A 100 ms script: alone (Node start-up included), and per script in a suite of 10. */
function overhead(runs) {
  const file = join(work, 'tiny.pkt');
  writeFileSync(file, '0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+.1 close(3) = 0\n');
  const alone = [];
  const inSuite = [];
  for (let i = 0; i < runs; i++) {
    alone.push(timed([file], 100));
    inSuite.push(timed(Array(10).fill(file), 1000) / 10);
  }
  return { alone: stats(alone), inSuite: stats(inSuite) };
}

const fmt = (x) => (Number.isFinite(x) ? x.toFixed(3) : 'n/a');

spawnSync(process.execPath, [join(root, 'scripts', 'bench-parse.mjs')], { stdio: 'inherit' });

console.log('\n### Scheduling lateness (ms), 200-round request/response script, -j 1\n');
console.log('| event kind | n | p50 | p99 | max |');
console.log('|---|---|---|---|---|');
for (const [kind, values] of lateness()) {
  const s = stats(values);
  console.log(`| ${kind} | ${s.n} | ${fmt(s.p50)} | ${fmt(s.p99)} | ${fmt(s.max)} |`);
}

const o = overhead(10);
console.log('\n### Per-script overhead (ms): wall time minus the script\'s 100 ms timeline, 10 samples\n');
console.log('| measure | p50 | p99 | max |');
console.log('|---|---|---|---|');
console.log(`| one script per \`tcpdrill run\` (Node start-up, parse, namespace) | ${fmt(o.alone.p50)} | ${fmt(o.alone.p99)} | ${fmt(o.alone.max)} |`);
console.log(`| per script in a suite of 10 at -j 1 (namespace, child process) | ${fmt(o.inSuite.p50)} | ${fmt(o.inSuite.p99)} | ${fmt(o.inSuite.max)} |`);

rmSync(work, { recursive: true, force: true });
