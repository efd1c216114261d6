// Parser benchmark (issue 12). Run after `npm run build`:
//   node scripts/bench-parse.mjs [fixture.pkt]
// 1. parseScript on a generated 2,000-line script, warm: median of 20 runs;
// 2. the same script with a syntax error every 100 lines (each reported, parsing restarts);
// 3. wall time of `bin/tcpdrill check <fixture>` including Node start-up (median of 10).
// Each comes with its CPU time (user + system), which other load on the machine inflates
// less than wall time.
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
const LINES = 2_000;

function generate(broken) {
  const out = ['0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3'];
  while (out.length < LINES) out.push(...BLOCK);
  // A syscall without '= result' every 100 lines: each is one error at the end of its line.
  if (broken) for (let i = 99; i < out.length; i += 100) out[i] = '+0 bind(3, ..., ...)';
  return `${out.slice(0, LINES).join('\n')}\n`;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const cpuMs = (u) => (u.user + u.system) / 1000;

/** Median warm parse wall and CPU time in ms; `errors`: how many diagnostics the script must get. */
function parseMs(text, errors) {
  for (let i = 0; i < 5; i++) parseScript(text, 'bench.pkt'); // warm-up (JIT, parser instance)
  const walls = [];
  const cpus = [];
  for (let i = 0; i < 20; i++) {
    const t0 = process.hrtime.bigint();
    const c0 = process.cpuUsage();
    const r = parseScript(text, 'bench.pkt');
    cpus.push(cpuMs(process.cpuUsage(c0)));
    walls.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (r.diagnostics.length !== errors) throw new Error(`bench script has ${r.diagnostics.length} diagnostics, not ${errors}: ${r.diagnostics[0]?.message}`);
  }
  return { wall: median(walls), cpu: median(cpus) };
}

const clean = parseMs(generate(false), 0);
const broken = parseMs(generate(true), LINES / 100);

const walls = [];
for (let i = 0; i < 10; i++) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(join(root, 'bin/tcpdrill'), ['check', fixture], { encoding: 'utf8' });
  walls.push(Number(process.hrtime.bigint() - t0) / 1e6);
  if (r.status !== 0) throw new Error(`check failed on ${fixture}: ${r.stderr}`);
}
// The same command through dist/cli/main.js, as bin/tcpdrill runs it, reporting its CPU time at exit.
const CPU_OF_CHECK = `import { main } from ${JSON.stringify(join(root, 'dist/cli/main.js'))};
process.exitCode = await main([process.argv0, 'tcpdrill', 'check', ${JSON.stringify(fixture)}]);
const u = process.cpuUsage();
process.stderr.write(String((u.user + u.system) / 1000));`;
const checkCpus = [];
for (let i = 0; i < 10; i++) {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', CPU_OF_CHECK], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`check failed on ${fixture}: ${r.stderr}`);
  checkCpus.push(Number(r.stderr));
}

const ms = (x) => `${x.toFixed(x < 100 ? 1 : 0)} ms`;
console.log('| measure | wall | CPU | target (wall) |');
console.log('|---|---|---|---|');
console.log(`| parseScript, ${LINES} generated lines, warm (median of 20) | ${ms(clean.wall)} | ${ms(clean.cpu)} | ≤ 100 ms |`);
console.log(`| the same with ${LINES / 100} syntax errors, one per 100 lines (median of 20) | ${ms(broken.wall)} | ${ms(broken.cpu)} | |`);
console.log(`| \`tcpdrill check ${fixture.replace(`${root}/`, '')}\`, incl. Node start-up (median of 10) | ${ms(median(walls))} | ${ms(median(checkCpus))} | ≤ 200 ms |`);
