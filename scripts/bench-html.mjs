#!/usr/bin/env node
// The HTML report's speed and size (issue 13): a real run with 2,000 packets
// (1,000 writes of 100 bytes, each acked, 2 ms apart), then renderHtml on its
// JSON report: the first call (cold) and the median of 5 more, and the page's
// size. Needs root (the run uses a network namespace); `npm run build` first.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { requestResponseScript } from './bench/lib.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { renderHtml } = await import(join(root, 'dist', 'runner', 'report', 'html.js'));
const { readJsonReport } = await import(join(root, 'dist', 'runner', 'report', 'read-json.js'));
const ROUNDS = 1000;

const work = mkdtempSync(join(tmpdir(), 'tcpdrill-bench-html-'));
try {
  const pkt = join(work, 'two-thousand.pkt');
  const json = join(work, 'report.json');
  writeFileSync(pkt, requestResponseScript({ rounds: ROUNDS, gap: '.002' }));
  // What is measured is the rendering: a generous tolerance lets the whole
  // timeline run on a busy machine instead of stopping at a late event.
  const args = ['run', '--reporter', 'json', '-o', json, '--tolerance-usecs', '100000', pkt];
  const run = spawnSync(process.execPath, [join(root, 'bin', 'tcpdrill'), ...args], { encoding: 'utf8' });
  if (run.status !== 0 && run.status !== 1) throw new Error(`tcpdrill run exited ${run.status}: ${run.stderr}`);
  const report = readJsonReport(readFileSync(json, 'utf8'));
  if (!report.ok) throw new Error(report.message);
  const packets = report.results[0].trace.length;
  const time = () => {
    const t0 = process.hrtime.bigint();
    const page = renderHtml(report.results, report.wallMs);
    return { ms: Number(process.hrtime.bigint() - t0) / 1e6, bytes: Buffer.byteLength(page) };
  };
  const cold = time();
  const warm = Array.from({ length: 5 }, time).map((x) => x.ms).sort((a, b) => a - b)[2];
  console.log('| measure | result | target |');
  console.log('|---|---|---|');
  console.log(`| renderHtml, one run of ${packets} packets (${report.results[0].verdict}), first call | ${cold.ms.toFixed(0)} ms | < 1 s |`);
  console.log(`| the same, median of 5 more | ${warm.toFixed(0)} ms | < 1 s |`);
  console.log(`| page size | ${(cold.bytes / 1e6).toFixed(2)} MB | < 2 MB |`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
