// Many scripts: expand files into runs (one per address-family variant), shard,
// run them N at a time, each in a child process inside its own network namespace,
// and hand results back in a stable order.

import { availableParallelism } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { readSync } from 'node:fs';
import type { Socket } from 'node:net';
import type { Script } from '../../grammar/ast.js';
import type { IpVersion } from '../config.js';
import { RESULT_FD, type Job } from '../run/job.js';
import { PROGRESS_BYTES, readProgress, type ProgressSnapshot } from '../run/progress.js';
import type { ScriptResult } from '../results.js';
import { errorResult, scriptErrorResult } from '../not-run.js';
import { EnvError } from '../errors.js';
import { SlotFiles } from '../kernel/cpu-slots.js';
import { plannedLengthUsecs } from '../run/timing.js';
import { describeStuck, type Stuck } from './timeout.js';
import type { Launched } from './launch.js';
import type { Spares } from './spares.js';
import { mark } from '../../profile-mark.js';

export type VariantChoice = IpVersion | 'all';

export interface SuiteOptions {
  readonly jobs: number;
  readonly ipVersion: VariantChoice;
  readonly cliOptions: readonly (readonly [string, string | true])[];
  readonly defines: readonly (readonly [string, string])[];
  readonly pcapDir: string | undefined;
  readonly timeoutSecs: number;
  readonly shard: { readonly index: number; readonly count: number } | undefined;
  /** Where each run's child comes from: started ahead, or when the run starts. */
  readonly spares: Spares;
}

export interface PlannedRun {
  readonly file: string;
  readonly ipVersion: IpVersion;
}

/** A script the parent has read and parsed, ready to be sent to a child. */
export interface ParsedScript {
  readonly source: string;
  readonly script: Script;
}

/** A script as the parent found it: ready to run, or why it cannot (its diagnostics). */
export type ScriptEntry = ({ readonly ok: true } & ParsedScript) | { readonly ok: false; readonly message: string };

/**
 * The variants of one file, the way packetdrill's runner picks them: `all` runs
 * IPv4, IPv6 and IPv4-mapped-IPv6, except that names ending in `v4.pkt` skip IPv6
 * and names ending in `v6.pkt` run only over IPv6 (script-language.md §1.2).
 */
export function variantsOf(file: string, choice: VariantChoice): IpVersion[] {
  if (choice !== 'all') return [choice];
  if (file.endsWith('v6.pkt')) return ['ipv6'];
  if (file.endsWith('v4.pkt')) return ['ipv4', 'ipv4-mapped-ipv6'];
  return ['ipv4', 'ipv6', 'ipv4-mapped-ipv6'];
}

/** Expands files into runs and keeps this shard's share: run k goes to shard k mod n. */
export function planRuns(files: readonly string[], choice: VariantChoice, shard: SuiteOptions['shard']): PlannedRun[] {
  const runs = files.flatMap((file) => variantsOf(file, choice).map((ipVersion) => ({ file, ipVersion })));
  if (!shard) return runs;
  return runs.filter((_, k) => k % shard.count === shard.index - 1);
}

/**
 * pcap file names, one per run, derived from each script's path relative to
 * `cwd` so that two basic.pkt in different folders cannot collide:
 * fixtures/close/basic.pkt over IPv6 is fixtures_close_basic.ipv6.pcap. Paths
 * that still flatten to the same name (a_b/c.pkt and a/b_c.pkt) get -2, -3, ...
 * in plan order.
 */
export function pcapNames(runs: readonly PlannedRun[], cwd: string): string[] {
  const seen = new Map<string, number>();
  return runs.map((run) => {
    const parts = relative(cwd, resolve(cwd, run.file)).split(sep).filter((p) => p !== '' && p !== '.' && p !== '..');
    const base = `${parts.join('_').replace(/\.pkt$/, '')}.${run.ipVersion}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return `${n === 1 ? base : base.replace(/\.(?=[^.]+$)/, `-${n}.`)}.pcap`;
  });
}

/**
 * The order in which to start runs: longest planned timeline first, so that a
 * long script does not start last and leave the other workers idle while it
 * finishes (ties keep plan order).
 */
export function startOrder(runs: readonly PlannedRun[], scripts: ReadonlyMap<string, ScriptEntry>): number[] {
  const length = runs.map((r) => {
    const entry = scripts.get(r.file);
    return entry?.ok ? plannedLengthUsecs(entry.script.events) : 0;
  });
  return runs.map((_, k) => k).sort((a, b) => (length[b] as number) - (length[a] as number) || a - b);
}

/**
 * Runs every planned run, at most `jobs` at once, longest first, with one CPU
 * slot per core shared by the children (kernel/cpu-slots.ts). `onResult` sees results
 * in plan order, whatever order they finish in.
 */
export async function runSuite(
  runs: readonly PlannedRun[],
  scripts: ReadonlyMap<string, ScriptEntry>,
  opts: SuiteOptions,
  onResult: (r: ScriptResult, done: number) => void,
  onProgress?: (done: number, failed: number) => void,
): Promise<ScriptResult[]> {
  const results: (ScriptResult | undefined)[] = new Array(runs.length).fill(undefined);
  const order = startOrder(runs, scripts);
  const workers = Math.max(1, Math.min(opts.jobs, runs.length));
  const slots = workers > 1 ? SlotFiles.create(availableParallelism()) : undefined;
  const slotPaths = slots?.paths() ?? [];
  const pcaps = opts.pcapDir === undefined ? undefined : pcapNames(runs, process.cwd()).map((name) => join(opts.pcapDir as string, name));
  let next = 0;
  let emitted = 0;
  let done = 0;
  let failed = 0;
  // Runs that will still need a child, so that none is started for nothing.
  let toStart = runs.filter((r) => scripts.get(r.file)?.ok === true).length;
  const worker = async (): Promise<void> => {
    while (next < runs.length) {
      const k = order[next++] as number;
      const run = runs[k] as PlannedRun;
      const entry = scripts.get(run.file);
      let r: ScriptResult;
      if (entry?.ok) {
        const launched = opts.spares.take();
        toStart--;
        if (launched instanceof EnvError) {
          r = errorResult(run, `${launched.message}; ${launched.hint}`, 0);
        } else {
          // Once the job is down, the next child starts while this one sets up and plays.
          r = await runOne(run, entry, opts, slotPaths, pcaps?.[k], launched, () => opts.spares.topUp(toStart));
        }
      } else {
        r = scriptErrorResult(run, entry?.message ?? 'not read');
      }
      results[k] = r;
      done++;
      if (r.verdict === 'fail' || r.verdict === 'error') failed++;
      onProgress?.(done, failed);
      while (emitted < runs.length && results[emitted] !== undefined) {
        onResult(results[emitted] as ScriptResult, emitted + 1);
        emitted++;
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: workers }, worker));
  } finally {
    slots?.close();
  }
  return results as ScriptResult[];
}

/** Runs one script in the namespace of a child started for it; a child that dies still yields a result. */
export function runOne(
  run: PlannedRun,
  parsed: ParsedScript,
  opts: SuiteOptions,
  cpuSlots: readonly string[],
  pcapFile: string | undefined,
  launched: Launched,
  jobDown?: () => void,
): Promise<ScriptResult> {
  const job: Job = {
    file: run.file,
    // Shell commands resolve paths against the script's directory, as under
    // packetdrill's runners (`../common/defaults.sh`).
    cwd: dirname(resolve(run.file)),
    source: parsed.source,
    script: parsed.script,
    ipVersion: run.ipVersion,
    cliOptions: opts.cliOptions,
    defines: opts.defines,
    pcapFile,
    cpuSlots,
  };
  mark('parent: job sent');
  launched.send(job, jobDown);
  return collect(launched, run, parsed, opts.timeoutSecs, Date.now()).finally(() => launched.release());
}

/** How often the parent reads the board again while the child is writing a record (a store of microseconds). */
const BOARD_READS = 1000;

/** The child's latest progress record (run/progress.ts), read from the file it maps. */
function progressSnapshot(fd: number): ProgressSnapshot {
  const buf = Buffer.alloc(PROGRESS_BYTES);
  const board = new DataView(buf.buffer, buf.byteOffset, buf.length);
  for (let i = 0; i < BOARD_READS; i++) {
    readSync(fd, buf, 0, buf.length, 0);
    const s = readProgress(board);
    if (s !== undefined) return s;
  }
  return NO_PROGRESS;
}

const NO_PROGRESS: ProgressSnapshot = { last: undefined, lastAtMs: 0, zeroAtMs: undefined };

function collect(launched: Launched, run: PlannedRun, parsed: ParsedScript, timeoutSecs: number, started: number): Promise<ScriptResult> {
  const child = launched.child;
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const channel = child.stdio[RESULT_FD];
  if (channel && 'on' in channel) channel.on('data', (b: Buffer) => out.push(b));
  // Shell commands of the script write here; kept to explain a run that died.
  child.stdout?.on('data', (b: Buffer) => err.push(b));
  child.stderr?.on('data', (b: Buffer) => err.push(b));
  let stuck: Stuck | undefined;
  const timer = setTimeout(() => {
    stuck = describeStuck(parsed.script, parsed.source, progressSnapshot(launched.progressFd), Date.now(), timeoutSecs);
    child.kill('SIGTERM');
  }, timeoutSecs * 1000);
  return new Promise((resolve) => {
    // The child sends its result before it closes tun0 and exits: take it at once.
    if (channel && 'on' in channel) {
      channel.on('end', () => {
        if (stuck !== undefined || out.length === 0) return;
        mark('parent: result received');
        clearTimeout(timer);
        resolve(JSON.parse(Buffer.concat(out).toString('utf8')) as ScriptResult);
        // What is left is the child closing its edges: it need not keep tcpdrill
        // alive (if tcpdrill exits first, PR_SET_PDEATHSIG ends the child).
        child.unref();
        for (const pipe of [child.stdout, child.stderr]) if (pipe && 'unref' in pipe) (pipe as Socket).unref();
      });
    }
    child.on('close', (code, signal) => {
      mark('parent: child closed');
      clearTimeout(timer);
      const text = Buffer.concat(out).toString('utf8');
      if (stuck !== undefined) {
        // The script, not the environment, kept the run from finishing: a failure (exit 1).
        resolve({ ...errorResult(run, stuck.message, Date.now() - started), verdict: 'fail', failure: { line: stuck.line, failure: { kind: 'runtime', message: stuck.message } } });
        return;
      }
      if (text.length > 0) {
        resolve(JSON.parse(text) as ScriptResult);
        return;
      }
      const why = `the run died (${signal ?? `exit ${String(code)}`}): ${Buffer.concat(err).toString('utf8').trim().slice(-2000)}`;
      resolve(errorResult(run, why, Date.now() - started));
    });
  });
}
