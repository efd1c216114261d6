// Machine-readable reporters, chosen by name. Each renders the finished results
// and nothing else (style.md (a): reporters never touch the kernel).

import type { ScriptResult } from '../results.js';
import { renderJson } from './json.js';
import { renderJunit } from './junit.js';
import { renderKtap } from './ktap.js';
import { renderTap } from './tap.js';
import { PLAIN, renderScript, renderSummary } from './pretty.js';

export { PLAIN, renderScript, renderSummary, type Palette } from './pretty.js';
export { renderHtml } from './html.js';
export { renderLadderText } from './ladder-text.js';
export { readJsonReport } from './read-json.js';

export type ReporterName = 'pretty' | 'tap' | 'ktap' | 'junit' | 'json';

export function renderReport(name: ReporterName, results: readonly ScriptResult[], wallMs: number, verbose: boolean): string {
  switch (name) {
    case 'pretty':
      return [...results.map((r) => renderScript(r, PLAIN, verbose)), renderSummary(results, wallMs, PLAIN)].join('\n');
    case 'tap':
      return renderTap(results);
    case 'ktap':
      return renderKtap(results);
    case 'junit':
      return renderJunit(results, wallMs);
    case 'json':
      return renderJson(results, wallMs);
    default: {
      const never: never = name;
      return String(never);
    }
  }
}
