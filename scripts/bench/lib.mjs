// Shared helpers of `npm run bench`: running tcpdrill and (when PACKETDRILL names
// a binary) packetdrill on the same probe, percentiles, and Markdown tables.
// Everything runs in network namespaces: tcpdrill makes its own, packetdrill runs
// under its runner's in_netns.sh (or `unshare --net` when that is absent).

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, loadavg, cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const bin = join(root, 'bin', 'tcpdrill');
export const probes = join(root, 'scripts', 'bench', 'probes');

/** The arguments packetdrill's runner passes for IPv4; both tools get them, so both use the same addresses. */
export const V4 = ['--ip_version=ipv4', '--local_ip=192.168.0.1', '--gateway_ip=192.168.0.1', '--netmask_ip=255.255.0.0', '--remote_ip=192.0.2.1'];

/** HZ of the kernel under test: the FIN→ACK probe reports each ACK's phase against this tick. */
export const TICK_USECS = 4000;

let workDir;
export function work() {
  workDir ??= mkdtempSync(join(tmpdir(), 'tcpdrill-bench-'));
  return workDir;
}
export function cleanUp() {
  if (workDir !== undefined) rmSync(workDir, { recursive: true, force: true });
}

// ---- statistics ---------------------------------------------------------------

export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export function stats(values) {
  const s = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  return { n: s.length, min: s[0] ?? NaN, p50: percentile(s, 50), p99: percentile(s, 99), max: s.length ? s[s.length - 1] : NaN };
}

export function median(values) {
  return stats(values).p50;
}

export const fmt = (x, digits = 3) => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');

/** One Markdown table row of a distribution: n | p50 | p99 | max. */
export function distRow(label, values, digits = 3) {
  const s = stats(values);
  return `| ${label} | ${s.n} | ${fmt(s.p50, digits)} | ${fmt(s.p99, digits)} | ${fmt(s.max, digits)} |`;
}

export function table(head, rows) {
  console.log(`| ${head.join(' | ')} |`);
  console.log(`|${head.map(() => '---').join('|')}|`);
  for (const r of rows) console.log(typeof r === 'string' ? r : `| ${r.join(' | ')} |`);
  console.log('');
}

export const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b !== 0 ? (a / b).toFixed(2) : 'n/a');

// ---- the machine ----------------------------------------------------------------

/** The load when a section starts: figures taken on a busy machine are noisy. */
export function loadNote() {
  const [one, five] = loadavg();
  return `load average ${one.toFixed(2)} (1 min), ${five.toFixed(2)} (5 min) on ${cpus().length} cores`;
}

// ---- tcpdrill -------------------------------------------------------------------

/** Epoch milliseconds with µs resolution, on the same clock as the profile marks of src/profile-mark.ts. */
export const epochMs = () => performance.timeOrigin + performance.now();

/**
 * Runs `tcpdrill run` with the JSON reporter; returns the report, the wall time
 * of the whole process (ms) and its exit status.
 */
export function tcpdrillJson(files, { args = [], cwd = probes, env = process.env } = {}) {
  const out = join(work(), `report-${process.pid}.json`);
  rmSync(out, { force: true });
  const t0 = epochMs();
  const r = spawnSync(bin, ['run', '--reporter', 'json', '-o', out, ...args, ...files], { cwd, env, encoding: 'utf8' });
  const wallMs = epochMs() - t0;
  if (!existsSync(out)) throw new Error(`tcpdrill run gave no report (exit ${r.status}): ${r.stderr}`);
  return { report: JSON.parse(readFileSync(out, 'utf8')), wallMs, status: r.status, startedMs: t0 };
}

// ---- packetdrill ----------------------------------------------------------------

export const packetdrill = process.env.PACKETDRILL && existsSync(process.env.PACKETDRILL) ? process.env.PACKETDRILL : undefined;

/**
 * How packetdrill is started: as its runner does, through in_netns.sh next to
 * the binary (a fresh namespace per run); `unshare --net` with lo up otherwise.
 */
export function packetdrillCommand(args) {
  const netns = join(dirname(packetdrill), 'in_netns.sh');
  if (existsSync(netns)) return [netns, [packetdrill, ...args]];
  return ['unshare', ['--net', 'sh', '-c', 'ip link set dev lo up && exec "$@"', 'sh', packetdrill, ...args]];
}

/** Runs packetdrill on one script with -v; returns its output and wall time (ms). */
export function packetdrillRun(file, { args = [], cwd = probes } = {}) {
  const [cmd, argv] = packetdrillCommand([...V4, '-v', ...args, file]);
  const t0 = epochMs();
  const r = spawnSync(cmd, argv, { cwd, encoding: 'utf8' });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status, wallMs: epochMs() - t0 };
}

/**
 * packetdrill's `-v` packet lines: "inbound injected packet:  0.010525 F. ..."
 * (taken just before the write to tun0, like tcpdrill's inbound stamp) and
 * "outbound sniffed packet:  0.011550 . ..." (the kernel's capture timestamp).
 * Times in µs of script time.
 */
export function packetdrillPackets(stdout) {
  const out = [];
  for (const line of stdout.split('\n')) {
    const m = /^(inbound injected|outbound sniffed) packet:\s+(-?[0-9.]+) (.*)$/.exec(line);
    if (m) out.push({ direction: m[1].startsWith('in') ? 'inbound' : 'outbound', atUsecs: Number(m[2]) * 1e6, text: m[3] });
  }
  return out;
}

/** Runs `argv` under /usr/bin/time: wall (ms, from here), CPU user+system (s) and peak RSS (MiB) of the largest process. */
export function timed(cmd, argv, { cwd = probes, env = process.env } = {}) {
  const out = join(work(), 'time.txt');
  const t0 = epochMs();
  const r = spawnSync('/usr/bin/time', ['-f', '%U %S %M', '-o', out, cmd, ...argv], { cwd, env, encoding: 'utf8' });
  const wallMs = epochMs() - t0;
  const [user, sys, rssKiB] = readFileSync(out, 'utf8').trim().split('\n').pop().split(' ').map(Number);
  return { wallMs, cpuS: user + sys, rssMiB: rssKiB / 1024, status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * A passive open followed by `rounds` exchanges `gap` seconds apart: a write of
 * 100 bytes, its segment, the peer's ACK (and, with `states`, a state check).
 */
export function requestResponseScript({ rounds, gap, states = false }) {
  const lines = [
    '0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3',
    '+0 setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0',
    '+0 bind(3, ..., ...) = 0',
    '+0 listen(3, 1) = 0',
    '+0 < S 0:0(0) win 65535 <mss 1460,sackOK,nop,nop,nop,wscale 7>',
    '+0 > S. 0:0(0) ack 1 <mss 1460,nop,nop,sackOK,nop,wscale 10>',
    `+${gap} < . 1:1(0) ack 1 win 514`,
    '+0 accept(3, ..., ...) = 4',
    '+0 setsockopt(4, SOL_TCP, TCP_NODELAY, [1], 4) = 0',
  ];
  for (let i = 0; i < rounds; i++) {
    const a = 1 + i * 100;
    lines.push(`+${gap} write(4, ..., 100) = 100`, `+0 > P. ${a}:${a + 100}(100) ack 1`);
    // The ACK comes with the segment, or a gap later when each round is also checked.
    lines.push(states ? `+${gap} < . 1:1(0) ack ${a + 100} win 514` : `+0 < . 1:1(0) ack ${a + 100} win 514`);
    if (states) lines.push('+0 state TCP_ESTABLISHED');
  }
  return `${lines.join('\n')}\n`;
}
