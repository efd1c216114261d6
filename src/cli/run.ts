// `tcpdrill run`: validate every script in the parent (exit 2 before anything
// runs), check the environment (exit 3), then run the suite and report.

import { availableParallelism } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import chalk from 'chalk';
import { parseScript } from '../grammar/index.js';
import { formatDiagnostic } from '../grammar/diagnostics.js';
import { checkEnvironment } from '../runner/netns.js';
import { plan, scriptOptions } from '../runner/plan.js';
import type { ScriptResult } from '../runner/results.js';
import { planRuns, runSuite, type ParsedScript, type VariantChoice, type SuiteOptions } from '../runner/suite.js';
import { PLAIN, renderScript, renderSummary, type Palette } from '../runner/report/pretty.js';
import { renderReport, type ReporterName } from '../runner/report/index.js';
import { renderLadderText } from '../runner/report/ladder-text.js';
import { collectScripts, parseDefines, readScript } from './files.js';
import { writeHtml } from './write-html.js';

export interface RunOptions {
  readonly jobs?: string;
  readonly reporter: string;
  readonly output?: string;
  readonly pcap?: string;
  readonly verbose?: boolean;
  readonly strict?: boolean;
  readonly define: string[];
  readonly ipVersion: string;
  readonly toleranceUsecs?: string;
  readonly timeout: string;
  readonly shard?: string;
  readonly color: boolean;
  readonly html?: string;
  readonly ladder?: boolean;
}

const VARIANTS = ['ipv4', 'ipv6', 'ipv4-mapped-ipv6', 'all'];
const REPORTERS = ['pretty', 'tap', 'junit', 'json'];

/** Scripts mostly sleep on their timelines, so more of them than cores fit. */
export function defaultJobs(): number {
  return Math.max(2, availableParallelism() * 2);
}

type Usage = { ok: false; message: string };

function parseOptions(opts: RunOptions): (Omit<SuiteOptions, 'childModule' | 'cliOptions' | 'defines'> & { ok: true; reporter: ReporterName }) | Usage {
  if (!VARIANTS.includes(opts.ipVersion)) return { ok: false, message: `--ip-version must be one of ${VARIANTS.join(', ')}` };
  if (!REPORTERS.includes(opts.reporter)) return { ok: false, message: `--reporter must be one of ${REPORTERS.join(', ')}` };
  const jobs = opts.jobs === undefined ? defaultJobs() : Number(opts.jobs);
  if (!Number.isInteger(jobs) || jobs < 1) return { ok: false, message: '--jobs must be a positive integer' };
  const timeoutSecs = Number(opts.timeout);
  if (!(timeoutSecs > 0)) return { ok: false, message: '--timeout must be a positive number of seconds' };
  let shard: SuiteOptions['shard'];
  if (opts.shard !== undefined) {
    const m = /^(\d+)\/(\d+)$/.exec(opts.shard);
    const index = Number(m?.[1]);
    const count = Number(m?.[2]);
    if (!m || count < 1 || index < 1 || index > count) return { ok: false, message: '--shard must be i/n with 1 <= i <= n' };
    shard = { index, count };
  }
  return { ok: true, jobs, timeoutSecs, shard, ipVersion: opts.ipVersion as VariantChoice, pcapDir: opts.pcap, reporter: opts.reporter as ReporterName };
}

/** The command line's script-affecting options, in packetdrill spelling. */
function cliOptions(opts: RunOptions, packetdrillArgs: readonly (readonly [string, string | true])[]): [string, string | true][] {
  const out: [string, string | true][] = packetdrillArgs.map(([k, v]) => [k, v]);
  if (opts.strict) out.push(['strict', true]);
  if (opts.toleranceUsecs !== undefined) out.push(['tolerance_usecs', opts.toleranceUsecs]);
  if (opts.verbose) out.push(['verbose', true]);
  return out;
}

/** Parses and plans every script once; errors print with file:line:col and a caret. */
function validate(
  files: readonly string[],
  defines: ReadonlyMap<string, string>,
  cli: ReadonlyMap<string, string | true>,
  parsedScripts: Map<string, ParsedScript>,
): string[] {
  const errors: string[] = [];
  for (const file of files) {
    const read = readScript(file);
    if (!read.ok) {
      errors.push(read.message);
      continue;
    }
    const source = read.text;
    const parsed = parseScript(source, file, { defines });
    errors.push(...parsed.diagnostics.map((d) => formatDiagnostic(d, source)));
    if (parsed.script && parsed.diagnostics.length === 0) {
      parsedScripts.set(file, { source, script: parsed.script });
      const { options, defines: own } = scriptOptions(parsed.script.options);
      const planned = plan(options, cli, own);
      if (!planned.ok) errors.push(`${file}: ${planned.message}`);
    }
  }
  return errors;
}

export async function runRun(paths: string[], opts: RunOptions, packetdrillArgs: readonly (readonly [string, string | true])[]): Promise<number> {
  const parsed = parseOptions(opts);
  const defineMap = parseDefines(opts.define);
  if (!parsed.ok || !(defineMap instanceof Map)) {
    console.error(`tcpdrill: ${!parsed.ok ? parsed.message : (defineMap as { message: string }).message}`);
    return 2;
  }
  const defines = [...defineMap];
  const collected = collectScripts(paths);
  if (!collected.ok) {
    console.error(`tcpdrill: ${collected.message}`);
    return 2;
  }
  const cli = cliOptions(opts, packetdrillArgs);
  const scripts = new Map<string, ParsedScript>();
  const errors = validate(collected.files, defineMap, new Map(cli.filter(([k]) => k !== 'ip_version')), scripts);
  if (errors.length > 0) {
    console.error(errors.join('\n'));
    return 2;
  }
  const env = checkEnvironment();
  if (env) {
    console.error(`tcpdrill: ${env.message}\n  to fix: ${env.hint}`);
    return 3;
  }
  if (parsed.pcapDir !== undefined) mkdirSync(parsed.pcapDir, { recursive: true });
  const palette = paletteFor(opts.color, parsed.reporter === 'pretty' && opts.output === undefined);
  const runs = planRuns(collected.files, parsed.ipVersion, parsed.shard);
  const childModule = join(dirname(fileURLToPath(import.meta.url)), '..', 'runner', 'child.js');
  const started = Date.now();
  const progress = process.stderr.isTTY ? progressLine(runs.length, started) : undefined;
  const results = await runSuite(
    runs,
    scripts,
    { ...parsed, cliOptions: cli, defines, childModule },
    (r) => {
      if (parsed.reporter === 'pretty' && opts.output === undefined) {
        progress?.clear();
        console.log(renderScript(r, palette, opts.verbose === true));
        // --ladder draws every run; -v alone draws the ones that failed.
        if (opts.ladder === true || (opts.verbose === true && r.verdict !== 'pass')) console.log(renderLadderText(r, palette));
      }
    },
    progress?.update,
  );
  progress?.clear();
  const wallMs = Date.now() - started;
  emit(parsed.reporter, results, wallMs, opts, palette);
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
