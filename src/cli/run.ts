// `tcpdrill run`: validate every script in the parent (exit 2 before anything
// runs), check the environment (exit 3), then run the suite and report.

import { writeFileSync } from 'node:fs';
import chalk from 'chalk';
import type { ScriptResult } from '../runner/results.js';
import type { VariantChoice } from '../runner/suite/index.js';
import { PLAIN, renderLadderText, renderReport, renderScript, renderSummary, type Palette, type ReporterName } from '../runner/report/index.js';
import { defaultJobs, runScripts, type RunScriptsOptions } from '../run-scripts.js';
import { parseDefines } from './files.js';
import { writeHtml } from './write-html.js';
import { mark } from '../profile-mark.js';

export interface RunOptions {
  readonly jobs?: string;
  readonly reporter: string;
  readonly output?: string;
  readonly pcap?: string;
  readonly verbose?: boolean;
  readonly strict?: boolean;
  readonly define: string[];
  /** Unset unless given: packetdrill's --ip_version=... then applies (the kernel's runner passes it). */
  readonly ipVersion?: string;
  readonly toleranceUsecs?: string;
  readonly timeout: string;
  readonly shard?: string;
  readonly color: boolean;
  readonly html?: string;
  readonly ladder?: boolean;
}

const VARIANTS = ['ipv4', 'ipv6', 'ipv4-mapped-ipv6', 'all'];
const REPORTERS = ['pretty', 'tap', 'ktap', 'junit', 'json'];

type Usage = { ok: false; message: string };
type Parsed = { ok: true; reporter: ReporterName; options: RunScriptsOptions };

/** The command line's strings as runScripts options; its own checks catch the rest. */
function parseOptions(opts: RunOptions, packetdrillArgs: readonly (readonly [string, string | true])[]): Parsed | Usage {
  const ipVersion = opts.ipVersion ?? packetdrillArgs.findLast(([k]) => k === 'ip_version')?.[1] ?? 'ipv4';
  if (typeof ipVersion !== 'string' || !VARIANTS.includes(ipVersion)) return { ok: false, message: `--ip-version must be one of ${VARIANTS.join(', ')}` };
  if (!REPORTERS.includes(opts.reporter)) return { ok: false, message: `--reporter must be one of ${REPORTERS.join(', ')}` };
  const jobs = opts.jobs === undefined ? defaultJobs() : Number(opts.jobs);
  if (!Number.isInteger(jobs) || jobs < 1) return { ok: false, message: '--jobs must be a positive integer' };
  const timeoutSecs = Number(opts.timeout);
  if (!(timeoutSecs > 0)) return { ok: false, message: '--timeout must be a positive number of seconds' };
  let shard: RunScriptsOptions['shard'];
  if (opts.shard !== undefined) {
    const m = /^(\d+)\/(\d+)$/.exec(opts.shard);
    const index = Number(m?.[1]);
    const count = Number(m?.[2]);
    if (!m || count < 1 || index < 1 || index > count) return { ok: false, message: '--shard must be i/n with 1 <= i <= n' };
    shard = { index, count };
  }
  const defines = parseDefines(opts.define);
  if (!(defines instanceof Map)) return { ok: false, message: defines.message };
  const options: RunScriptsOptions = {
    jobs,
    timeoutSecs,
    shard,
    ipVersion: ipVersion as VariantChoice,
    pcapDir: opts.pcap,
    defines: Object.fromEntries(defines),
    options: Object.fromEntries(cliOptions(opts, packetdrillArgs)),
  };
  return { ok: true, reporter: opts.reporter as ReporterName, options };
}

/** The command line's script-affecting options, in packetdrill spelling. */
function cliOptions(opts: RunOptions, packetdrillArgs: readonly (readonly [string, string | true])[]): [string, string | true][] {
  const out: [string, string | true][] = packetdrillArgs.map(([k, v]) => [k, v]);
  if (opts.strict) out.push(['strict', true]);
  if (opts.toleranceUsecs !== undefined) out.push(['tolerance_usecs', opts.toleranceUsecs]);
  if (opts.verbose) out.push(['verbose', true]);
  return out;
}

export async function runRun(paths: string[], opts: RunOptions, packetdrillArgs: readonly (readonly [string, string | true])[]): Promise<number> {
  const parsed = parseOptions(opts, packetdrillArgs);
  if (!parsed.ok) {
    console.error(`tcpdrill: ${parsed.message}`);
    return 2;
  }
  const toTerminal = parsed.reporter === 'pretty' && opts.output === undefined;
  const palette = paletteFor(opts.color, toTerminal);
  const started = Date.now();
  let progress: ReturnType<typeof progressLine> | undefined;
  const outcome = await runScripts(paths, {
    ...parsed.options,
    onResult: (r) => {
      if (!toTerminal) return;
      progress?.clear();
      console.log(renderScript(r, palette, opts.verbose === true));
      // --ladder draws every run; -v alone draws the ones that failed.
      if (opts.ladder === true || (opts.verbose === true && r.verdict !== 'pass')) console.log(renderLadderText(r, palette));
    },
    onProgress: (done, failed, total) => {
      progress ??= process.stderr.isTTY ? progressLine(total, started) : undefined;
      progress?.update(done, failed);
    },
  });
  progress?.clear();
  switch (outcome.kind) {
    case 'invalid':
      // Each error names its file and line (or the option) already.
      console.error(outcome.errors.join('\n'));
      return 2;
    case 'environment':
      console.error(`tcpdrill: ${outcome.message}\n  to fix: ${outcome.hint}`);
      return 3;
    case 'ran':
      // Scripts that did not parse were set aside, with their diagnostics, and the rest ran.
      if (outcome.errors.length > 0) console.error(outcome.errors.join('\n'));
      emit(parsed.reporter, outcome.results, outcome.wallMs, opts, palette);
      mark('cli: report written');
      return withHtml(opts, outcome.results, outcome.wallMs);
    default: {
      const never: never = outcome;
      return never;
    }
  }
}

/** Writes --html, if asked; a page that cannot be written makes the status at least 2. */
function withHtml(opts: RunOptions, results: readonly ScriptResult[], wallMs: number): number {
  const htmlError = opts.html === undefined ? undefined : writeHtml(opts.html, results, wallMs);
  if (htmlError !== undefined) console.error(htmlError);
  return htmlError === undefined ? exitStatus(results) : Math.max(2, exitStatus(results));
}

function emit(reporter: ReporterName, results: readonly ScriptResult[], wallMs: number, opts: RunOptions, palette: Palette): void {
  const text = reporter === 'pretty' && opts.output === undefined ? renderSummary(results, wallMs, palette) : renderReport(reporter, results, wallMs, opts.verbose === true);
  if (opts.output !== undefined) writeFileSync(opts.output, `${text}\n`);
  else console.log(text);
  if (opts.output !== undefined) console.error(renderSummary(results, wallMs, PLAIN));
}

export function exitStatus(results: readonly ScriptResult[]): number {
  if (results.some((r) => r.failure?.failure.kind === 'script')) return 2;
  if (results.some((r) => r.verdict === 'error')) return 3;
  return results.some((r) => r.verdict === 'fail') ? 1 : 0;
}

export function paletteFor(colorFlag: boolean, toTerminal: boolean): Palette {
  const on = colorFlag && toTerminal && process.stdout.isTTY && process.env['NO_COLOR'] === undefined;
  if (!on) return PLAIN;
  return {
    pass: chalk.green,
    fail: chalk.red.bold,
    dim: chalk.dim,
    bold: chalk.bold,
    expected: chalk.green,
    actual: chalk.red,
  };
}

function progressLine(total: number, started: number): { update: (done: number, failed: number) => void; clear: () => void } {
  return {
    update: (done, failed) => {
      const secs = ((Date.now() - started) / 1000).toFixed(1);
      process.stderr.write(`\r\x1b[K${done}/${total} done, ${failed} failed, ${secs}s`);
    },
    clear: () => process.stderr.write('\r\x1b[K'),
  };
}
