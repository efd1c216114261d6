// TAP 14 (https://testanything.org/tap-version-14-specification.html): one test
// point per run; a failure carries a YAML diagnostic block.

import type { ScriptResult } from '../results.js';
import { PLAIN, renderFailure, runName } from './pretty.js';

function yamlString(s: string): string {
  return JSON.stringify(s);
}

export function renderTap(results: readonly ScriptResult[]): string {
  const out = ['TAP version 14', `1..${results.length}`];
  results.forEach((r, i) => {
    const ok = r.verdict === 'pass';
    out.push(`${ok ? 'ok' : 'not ok'} ${i + 1} - ${runName(r).replace(/#/g, '\\#')}`);
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
