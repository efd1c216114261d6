// The host facts for `tcpdrill doctor` (doctor/facts.ts). This file and
// probe-namespace.ts are the doctor's only contact with the system; they read
// /proc and run tools, and change nothing.

import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg, release } from 'node:os';
import { gunzipSync } from 'node:zlib';
import { CLOCK_MONOTONIC_COARSE } from '../../../linux/kernel.js';
import { Libc } from '../libc.js';
import { findTool } from '../netns.js';
import { TOOLS, type HostFacts, type Outcome, type ToolName } from '../../doctor/facts.js';

/** `CONFIG_HZ=250` in a kernel config. */
export function hzFromConfig(config: string): number | undefined {
  const m = /^CONFIG_HZ=(\d+)$/m.exec(config);
  return m ? Number(m[1]) : undefined;
}

/** CLOCK_MONOTONIC_COARSE advances once per tick, so its resolution is 1/HZ. */
export function hzFromResolutionNs(ns: number): number | undefined {
  return ns > 0 ? Math.round(1e9 / ns) : undefined;
}

/** The aggregate `cpu` line of /proc/stat: [busy, total] jiffies (idle and iowait count as idle). */
export function cpuTimes(stat: string): [number, number] | undefined {
  const line = stat.split('\n').find((l) => l.startsWith('cpu '));
  if (line === undefined) return undefined;
  // user nice system idle iowait irq softirq steal (guest time is already in user).
  const f = line.trim().split(/\s+/).slice(1, 9).map(Number);
  const total = f.reduce((a, b) => a + b, 0);
  const idle = (f[3] ?? 0) + (f[4] ?? 0);
  return [total - idle, total];
}

/** CPUs' worth of busy time between two /proc/stat samples. */
export function busyCpusBetween(before: string, after: string, cpus: number): number | undefined {
  const a = cpuTimes(before);
  const b = cpuTimes(after);
  if (!a || !b || b[1] <= a[1]) return undefined;
  return ((b[0] - a[0]) / (b[1] - a[1])) * cpus;
}

function tunAccess(): HostFacts['tun'] {
  try {
    closeSync(openSync('/dev/net/tun', 'r+'));
    return 'ok';
  } catch (e) {
    const code = (e as { code?: string }).code;
    return code === 'EACCES' || code === 'EPERM' ? 'denied' : 'missing';
  }
}

function userNamespaces(unshare: string | undefined): Outcome {
  if (unshare === undefined) return { ok: false, why: "'unshare' not found" };
  const r = spawnSync(unshare, ['--user', '--map-root-user', '--net', 'true'], { encoding: 'utf8', timeout: 10_000 });
  if (r.status === 0) return { ok: true };
  return { ok: false, why: r.stderr.trim().split('\n').at(-1) ?? `unshare exited ${String(r.status)}` };
}

function hz(): HostFacts['hz'] {
  try {
    const fromConfig = hzFromConfig(gunzipSync(readFileSync('/proc/config.gz')).toString('latin1'));
    if (fromConfig !== undefined) return { hz: fromConfig, source: 'config' };
  } catch {
    // No /proc/config.gz (CONFIG_IKCONFIG_PROC off): measure instead.
  }
  const ts = new Uint8Array(16);
  if (Libc.load().call('clock_getres', CLOCK_MONOTONIC_COARSE, ts).ret !== 0) return undefined;
  const dv = new DataView(ts.buffer);
  const measured = hzFromResolutionNs(Number(dv.getBigInt64(0, true)) * 1e9 + Number(dv.getBigInt64(8, true)));
  return measured === undefined ? undefined : { hz: measured, source: 'clock' };
}

function readTrimmed(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return undefined;
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** How long /proc/stat is watched for other processes' CPU use. */
const CPU_SAMPLE_MS = 500;

export async function probeHost(): Promise<HostFacts> {
  const cpus = availableParallelism();
  // First, while this process sleeps and has started nothing else.
  const before = readTrimmed('/proc/stat');
  await sleep(CPU_SAMPLE_MS);
  const after = readTrimmed('/proc/stat');
  const uid = process.getuid?.() ?? 0;
  const tools = Object.fromEntries(TOOLS.map((t) => [t, findTool(t)])) as { [K in ToolName]: string | undefined };
  return {
    uid,
    tun: tunAccess(),
    userNamespaces: uid === 0 ? undefined : userNamespaces(tools.unshare),
    tools,
    kernelRelease: release(),
    hz: hz(),
    defaultQdisc: readTrimmed('/proc/sys/net/core/default_qdisc'),
    cpus,
    loadAverage: loadavg()[0],
    busyCpus: before !== undefined && after !== undefined ? busyCpusBetween(before, after, cpus) : undefined,
  };
}
