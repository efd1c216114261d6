// Parser benchmark (issue 2 item 7). Run after `npm run build`:
//   node scripts/bench-parse.mjs [fixture.pkt]
// 1. parseScript throughput on a generated ~200k-line script (warm), in lines/s;
// 2. wall time of `bin/tcpdrill check <fixture>` including Node start-up (median of 10).
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseScript } from '../dist/grammar/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const fixture = process.argv[2] ?? join(root, 'fixtures/handshake/passive-open.pkt');

// A realistic mix: packets with options, syscalls with struct arguments, comments.
const BLOCK = [
  '+0 < S 0:0(0) win 65535 <mss 1460,sackOK,TS val 700 ecr 0,nop,wscale 7>',
  '+0 > S. 0:0(0) ack 1 <mss 1460,sackOK,TS val 100 ecr 700,nop,wscale 8>',
  '+.02 < . 1:1(0) ack 1 win 500 <nop,nop,TS val 720 ecr 100>',
  '+0 accept(3, ..., ...) = 4',
  '+0 setsockopt(4, SOL_SOCKET, SO_LINGER, {onoff=1, linger=0}, 8) = 0',
  '+0 write(4, ..., 2000) = 2000 // a comment',
  '+0 > P. 1:2001(2000) ack 1 <nop,nop,TS val 120 ecr 720>',
  '+.01 < [ect0] . 1:1(0) ack 2001 win 500 <nop,nop,sack 1:1001>',
  '+0 poll([{fd=4, events=POLLIN|POLLOUT, revents=POLLOUT}], 1, 0) = 1',
  '+0 connect(5, ..., ...) = -1 EINPROGRESS (Operation now in progress)',
];

function generate(lines) {
  const out = ['0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3'];
  while (out.length < lines) out.push(...BLOCK);
  return `${out.join('\n')}\n`;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const LINES = 200_000;
const text = generate(LINES);
const lineCount = text.split('\n').length - 1;
for (let i = 0; i < 2; i++) parseScript(text, 'bench.pkt'); // warm-up (JIT, parser caches)
const runs = [];
for (let i = 0; i < 5; i++) {
  const t0 = process.hrtime.bigint();
  const r = parseScript(text, 'bench.pkt');
  runs.push(Number(process.hrtime.bigint() - t0) / 1e9);
  if (r.diagnostics.length > 0) throw new Error(`bench script has diagnostics: ${r.diagnostics[0].message}`);
}
const linesPerSec = lineCount / median(runs);

const walls = [];
for (let i = 0; i < 10; i++) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(join(root, 'bin/tcpdrill'), ['check', fixture], { encoding: 'utf8' });
  walls.push(Number(process.hrtime.bigint() - t0) / 1e6);
  if (r.status !== 0) throw new Error(`check failed on ${fixture}: ${r.stderr}`);
}

console.log('| measure | result | target |');
console.log('|---|---|---|');
console.log(`| parseScript, ${lineCount} lines, warm (median of 5) | ${Math.round(linesPerSec).toLocaleString('en-US')} lines/s | ≥ 200,000 lines/s |`);
console.log(`| \`tcpdrill check ${fixture.replace(`${root}/`, '')}\` wall, incl. Node start-up (median of 10) | ${median(walls).toFixed(0)} ms | < 300 ms |`);
