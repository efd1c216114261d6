// Human-readable results for a terminal (architecture.md, "What a failure looks
// like"): the failing line, expected against actual with the differing words
// highlighted, and the packets just before the failure.

import type { Failure, ScriptResult, TraceEntry } from '../results.js';
import { formatSecs } from '../seconds.js';
import { countVerdicts } from './summary.js';

/** Colouring functions; identity when colour is off. */
export interface Palette {
  readonly pass: (s: string) => string;
  readonly fail: (s: string) => string;
  readonly dim: (s: string) => string;
  readonly bold: (s: string) => string;
  readonly expected: (s: string) => string;
  readonly actual: (s: string) => string;
}

export const PLAIN: Palette = {
  pass: (s) => s,
  fail: (s) => s,
  dim: (s) => s,
  bold: (s) => s,
  expected: (s) => s,
  actual: (s) => s,
};

const LAST_PACKETS = 6;

/** A run's name in reports: the file, plus the address family. */
export function runName(r: ScriptResult): string {
  return `${r.file} (${r.ipVersion})`;
}

export function renderScript(r: ScriptResult, p: Palette, verbose: boolean): string {
  const lines = [`${verdictWord(r, p)} ${r.file} ${p.dim(`(${r.ipVersion}, ${(r.wallMs / 1000).toFixed(2)}s)`)}`];
  if (r.verdict === 'skip') lines.push(`  ${r.skipReason ?? ''}`);
  if (verbose) lines.push(...renderTrace(r, p));
  if (r.failure) {
    const { line, failure } = r.failure;
    const event = r.events.find((e) => e.line === line);
    if (event) lines.push(`  ${p.bold(String(line).padStart(4))} | ${event.source.trim()}`);
    lines.push(...renderFailure(failure, p).map((l) => `       ${l}`));
    const before = r.trace.filter((t) => failureTime(r) === undefined || t.atUsecs <= (failureTime(r) ?? 0));
    if (before.length > 0 && !verbose) {
      lines.push('  last packets:');
      lines.push(...before.slice(-LAST_PACKETS).map((t) => `     ${traceLine(t)}`));
    }
  }
  if (verbose) for (const w of r.warnings) lines.push(`  ${p.dim("warning:")} ${w}`);
  return lines.join('\n');
}

function verdictWord(r: ScriptResult, p: Palette): string {
  switch (r.verdict) {
    case 'pass':
      return p.pass('PASS');
    case 'fail':
      return p.fail('FAIL');
    case 'skip':
      return p.dim('SKIP');
    case 'error':
      return p.fail('ERROR');
    default: {
      const never: never = r.verdict;
      return String(never);
    }
  }
}

function failureTime(r: ScriptResult): number | undefined {
  const line = r.failure?.line;
  const ev = r.events.find((e) => e.line === line);
  return ev?.actualUsecs ?? ev?.scheduledUsecs;
}

function traceLine(t: TraceEntry): string {
  return `${formatSecs(t.atUsecs).padStart(10)} ${t.direction === 'inbound' ? '<' : '>'} ${t.text}`;
}

/** The failure, in words, without the line header. */
export function renderFailure(f: Failure, p: Palette): string[] {
  switch (f.kind) {
    case 'packet': {
      const out = [f.message];
      for (const d of f.diffs) out.push(`  ${d.field}: expected ${p.expected(d.expected)}, got ${p.actual(d.actual)}`);
      const [script, live] = highlight(f.scriptPacket, f.livePacket ?? '', p);
      out.push(`script: ${script}`);
      if (f.livePacket !== undefined) out.push(`actual: ${live}`);
      return out;
    }
    case 'timing':
      return [
        f.message,
        p.dim(
          `expected ${formatSecs(f.expectedUsecs)} ±${formatSecs(f.toleranceUsecs)}, happened ${formatSecs(f.actualUsecs)}; ` +
            `tcpdrill itself was ${(f.testerLateUsecs / 1000).toFixed(3)} ms late`,
        ),
      ];
    case 'state':
      return [`expected ${p.expected(f.expected)}, the connection is in ${p.actual(f.actual)}`];
    case 'unexpected':
      return [f.message, `packet: ${p.actual(f.packet)}`];
    case 'command':
    case 'code':
    case 'script':
      return [f.message, ...(f.detail ?? [])];
    case 'syscall':
    case 'runtime':
      return f.message.split('\n');
    default: {
      const never: never = f;
      return [String(never)];
    }
  }
}

/** Marks the words that differ between two packet renderings, word by word. */
export function highlight(script: string, live: string, p: Palette): [string, string] {
  const a = script.split(' ');
  const b = live.split(' ');
  const mark = (words: string[], other: string[], colour: (s: string) => string): string =>
    words.map((w, i) => (other[i] === w ? w : colour(w))).join(' ');
  return [mark(a, b, p.expected), mark(b, a, p.actual)];
}

function renderTrace(r: ScriptResult, p: Palette): string[] {
  const out: string[] = [];
  for (const e of r.events) {
    const at = e.actualUsecs === undefined ? '         *' : formatSecs(e.actualUsecs).padStart(10);
    const late = e.testerLateUsecs === undefined ? '' : p.dim(` (tcpdrill +${(e.testerLateUsecs / 1000).toFixed(3)} ms)`);
    const mark = e.verdict === 'pass' ? ' ' : p.fail('✗');
    out.push(`  ${mark} ${at} ${String(e.line).padStart(4)} | ${e.source.trim()}${late}`);
  }
  const unmatched = r.trace.filter((t) => t.direction === 'outbound' && t.line === undefined);
  for (const t of unmatched) out.push(`  ${p.dim('unmatched')} ${traceLine(t)}`);
  return out;
}

export function renderSummary(results: readonly ScriptResult[], wallMs: number, p: Palette): string {
  const { passed, failed, skipped, errored } = countVerdicts(results);
  const parts = [
    p.pass(`${passed} passed`),
    (failed ? p.fail : p.dim)(`${failed} failed`),
    p.dim(`${skipped} skipped`),
    (errored ? p.fail : p.dim)(`${errored} errored`),
  ];
  return `${parts.join(', ')} in ${(wallMs / 1000).toFixed(2)}s`;
}
