// TAP 14 (https://testanything.org/tap-version-14-specification.html): one test
// point per run; a failure carries a YAML diagnostic block.

import type { ScriptResult } from '../results.js';
import { PLAIN, renderFailure, runName } from './pretty.js';

/** A directive's reason ends at the line's end. */
function oneLine(s: string): string {
  return s.replace(/[\r\n]+/g, ' ');
}

function yamlString(s: string): string {
  return JSON.stringify(s);
}

export function renderTap(results: readonly ScriptResult[]): string {
  const out = ['TAP version 14', `1..${results.length}`];
  results.forEach((r, i) => {
    // A skip is a passing test point with a SKIP directive (TAP 14, "Directives").
    const ok = r.verdict === 'pass' || r.verdict === 'skip';
    const skip = r.verdict === 'skip' ? ` # SKIP ${oneLine(r.skipReason ?? '')}` : '';
    out.push(`${ok ? 'ok' : 'not ok'} ${i + 1} - ${runName(r).replace(/#/g, '\\#')}${skip}`);
    if (!ok && r.failure) {
      out.push('  ---');
      out.push(`  line: ${r.failure.line}`);
      out.push(`  kind: ${r.failure.failure.kind}`);
      out.push(`  message: ${yamlString(renderFailure(r.failure.failure, PLAIN).join('\n'))}`);
      out.push(`  duration_ms: ${r.wallMs}`);
      out.push('  ...');
    }
  });
  return out.join('\n');
}
