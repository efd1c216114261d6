// KTAP version 1, the kernel selftests' format
// (Documentation/dev-tools/ktap.rst): a version line, a plan `1..N`, one result
// line per run (`ok N name`, `not ok N name`, `ok N name # SKIP reason`) and
// `# ` diagnostic lines. As kselftest prints them, a test's diagnostics come
// before its result line, and a `# Totals:` line closes the report.

import type { ScriptResult } from '../results.js';
import { PLAIN, renderFailure } from './pretty.js';
import { countVerdicts } from './summary.js';

/**
 * A run's description: the file and address family. KTAP ends the description
 * at `#` (the directive marker) and at the line's end, so neither may appear.
 */
export function ktapName(r: ScriptResult): string {
  return `${r.file} ${r.ipVersion}`.replace(/[#\r\n]/g, '_');
}

function diagnostics(lines: readonly string[]): string[] {
  return lines.flatMap((l) => l.split('\n')).map((l) => `# ${l}`.trimEnd());
}

function resultLine(r: ScriptResult, n: number): string[] {
  const name = ktapName(r);
  switch (r.verdict) {
    case 'pass':
      return [`ok ${n} ${name}`];
    case 'skip':
      return [`ok ${n} ${name} # SKIP ${(r.skipReason ?? '').replace(/[\r\n]+/g, ' ')}`.trimEnd()];
    case 'fail':
    case 'error': {
      const why = r.failure ? [`line ${r.failure.line}:`, ...renderFailure(r.failure.failure, PLAIN)] : [];
      return [...diagnostics(why), `not ok ${n} ${name}`];
    }
    default: {
      const never: never = r.verdict;
      return [String(never)];
    }
  }
}

export function renderKtap(results: readonly ScriptResult[]): string {
  const c = countVerdicts(results);
  return [
    'KTAP version 1',
    `1..${results.length}`,
    ...results.flatMap((r, i) => resultLine(r, i + 1)),
    `# Totals: pass:${c.passed} fail:${c.failed} xfail:0 xpass:0 skip:${c.skipped} error:${c.errored}`,
  ].join('\n');
}
