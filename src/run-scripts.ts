// Running scripts from paths to results: collect the files, parse and plan every
// script (bad input stops here, before anything runs), check the environment,
// then run the suite. `tcpdrill run` and the programmatic API (index.ts) share it;
// it prints nothing and exits nothing: every outcome is a value.

import { mkdirSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { collectScripts, parseDefines, readScript } from './cli/files.js';
import { mark } from './profile-mark.js';
import { checkEnvironment } from './runner/kernel/index.js';
import { plan, scriptOptions } from './runner/plan.js';
import type { ScriptResult } from './runner/results.js';
import { CHILD_MODULE, Spares, planRuns, runSuite, sparesFor, type ScriptEntry, type VariantChoice } from './runner/suite/index.js';

export interface RunScriptsOptions {
  /** Scripts run at once, each in its own namespace (default: twice the CPUs). */
  readonly jobs?: number;
  /** ipv4 (default), ipv6, ipv4-mapped-ipv6, or all three. */
  readonly ipVersion?: VariantChoice;
  /** Symbols for the scripts, as `-D NAME=VALUE` gives them. */
  readonly defines?: Readonly<Record<string, string>>;
  /** packetdrill options in packetdrill's spelling, winning over the scripts' option lines: `{ tolerance_usecs: '8000', strict: true }`. */
  readonly options?: Readonly<Record<string, string | true>>;
  /** Write a pcap of every run into this directory. */
  readonly pcapDir?: string;
  /** Give up on a script after this many seconds (default 180). */
  readonly timeoutSecs?: number;
  /** Run only the index-th (from 1) of count deterministic slices of the runs. */
  readonly shard?: { readonly index: number; readonly count: number };
  /** Each result in plan order, as soon as it and those before it are done. */
  readonly onResult?: (r: ScriptResult) => void;
  /** After each run: how many are done and failed out of how many. */
  readonly onProgress?: (done: number, failed: number, total: number) => void;
}

export type RunScriptsOutcome =
  /** `errors`: the diagnostics of scripts that did not parse; they are in `results` too, as errors. */
  | { readonly kind: 'ran'; readonly results: readonly ScriptResult[]; readonly wallMs: number; readonly errors: readonly string[] }
  /** Bad options, or no script that parses: nothing ran (the CLI's exit status 2). */
  | { readonly kind: 'invalid'; readonly errors: readonly string[] }
  /** This machine cannot run scripts (status 3): what is wrong and what to do. */
  | { readonly kind: 'environment'; readonly message: string; readonly hint: string };

const VARIANTS: readonly VariantChoice[] = ['ipv4', 'ipv6', 'ipv4-mapped-ipv6', 'all'];
const DEFAULT_TIMEOUT_SECS = 180;

/** Scripts mostly sleep on their timelines, so more of them than cores fit. */
export function defaultJobs(): number {
  return Math.max(2, availableParallelism() * 2);
}

function badOption(o: RunScriptsOptions): string | undefined {
  if (o.ipVersion !== undefined && !VARIANTS.includes(o.ipVersion)) return `ipVersion must be one of ${VARIANTS.join(', ')}`;
  if (o.jobs !== undefined && !(Number.isInteger(o.jobs) && o.jobs >= 1)) return 'jobs must be a positive integer';
  if (o.timeoutSecs !== undefined && !(o.timeoutSecs > 0)) return 'timeout must be a positive number of seconds';
  const s = o.shard;
  if (s !== undefined && !(Number.isInteger(s.index) && Number.isInteger(s.count) && s.index >= 1 && s.index <= s.count)) {
    return 'shard must be i/n with 1 <= i <= n';
  }
  return undefined;
}

/**
 * Parses and plans every script once. A script that cannot run is set aside with
 * its diagnostics (file:line:col, the line and a caret); the others still run.
 */
async function validate(files: readonly string[], defines: ReadonlyMap<string, string>, cli: ReadonlyMap<string, string | true>): Promise<Map<string, ScriptEntry>> {
  // Loaded here, after the first children have started: building the lexer and
  // parser is the longest part of the parent's start-up.
  const { formatDiagnostic, parseScript } = await import('./grammar/index.js');
  const entries = new Map<string, ScriptEntry>();
  for (const file of files) {
    const read = readScript(file);
    if (!read.ok) {
      entries.set(file, { ok: false, message: read.message });
      continue;
    }
    const source = read.text;
    const parsed = parseScript(source, file, { defines });
    if (!parsed.script || parsed.diagnostics.length > 0) {
      entries.set(file, { ok: false, message: parsed.diagnostics.map((d) => formatDiagnostic(d, source)).join('\n') });
      continue;
    }
    const { options, defines: own } = scriptOptions(parsed.script.options);
    const planned = plan(options, cli, own);
    entries.set(file, planned.ok ? { ok: true, source, script: parsed.script } : { ok: false, message: `${file}: ${planned.message}` });
  }
  return entries;
}

/** Runs the scripts under `paths` (files, or directories searched for *.pkt). */
export async function runScripts(paths: readonly string[], o: RunScriptsOptions = {}): Promise<RunScriptsOutcome> {
  const bad = badOption(o);
  if (bad !== undefined) return { kind: 'invalid', errors: [bad] };
  const defineMap = parseDefines(Object.entries(o.defines ?? {}).map(([k, v]) => `${k}=${v}`));
  if (!(defineMap instanceof Map)) return { kind: 'invalid', errors: [defineMap.message] };
  const collected = collectScripts(paths);
  if (!collected.ok) return { kind: 'invalid', errors: [collected.message] };
  // The run's address family is the runs' own (suite.ts), not an option of the plan.
  const cliOptions = Object.entries(o.options ?? {}).filter(([k]) => k !== 'ip_version');
  const runs = planRuns(collected.files, o.ipVersion ?? 'ipv4', o.shard);
  const jobs = o.jobs ?? defaultJobs();
  const workers = Math.min(jobs, runs.length);
  // The first children start before the scripts are parsed, so that their Node
  // start-up overlaps the parse (suite/launch.ts); a script that does not parse
  // still wins over an environment problem (exit 2 before 3).
  const env = checkEnvironment();
  const pcapDirMade = env === undefined && o.pcapDir !== undefined ? mkdirSync(o.pcapDir, { recursive: true }) : undefined;
  const spares = env ?? new Spares({ childModule: CHILD_MODULE, pcapDir: o.pcapDir }, sparesFor(workers));
  if (spares instanceof Spares) spares.startNow(workers);
  try {
    const scripts = await validate(collected.files, defineMap, new Map(cliOptions));
    const errors = [...scripts.values()].flatMap((e) => (e.ok ? [] : [e.message]));
    if (errors.length === scripts.size) {
      if (pcapDirMade !== undefined) rmSync(pcapDirMade, { recursive: true, force: true });
      return { kind: 'invalid', errors };
    }
    mark('cli: scripts parsed');
    if (!(spares instanceof Spares)) return { kind: 'environment', message: spares.message, hint: spares.hint };
    const started = Date.now();
    const results = await runSuite(
      runs,
      scripts,
      {
        jobs,
        ipVersion: o.ipVersion ?? 'ipv4',
        cliOptions,
        defines: [...defineMap],
        pcapDir: o.pcapDir,
        timeoutSecs: o.timeoutSecs ?? DEFAULT_TIMEOUT_SECS,
        shard: o.shard,
        spares,
      },
      (r) => o.onResult?.(r),
      (done, failed) => o.onProgress?.(done, failed, runs.length),
    );
    mark('cli: suite done');
    return { kind: 'ran', results, wallMs: Date.now() - started, errors };
  } finally {
    if (spares instanceof Spares) spares.close();
  }
}
