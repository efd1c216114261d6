// JSON report. The schema is the ScriptResult type of results.ts, wrapped as
// { tool, version: 1, wallMs, summary: { total, passed, failed, skipped, errored }, results }; README.md documents it. Every
// event carries its scheduled and actual time and tcpdrill's own lateness.

import type { ScriptResult } from '../results.js';
import { countVerdicts } from './summary.js';

export const JSON_SCHEMA_VERSION = 1;

export function renderJson(results: readonly ScriptResult[], wallMs: number): string {
  const summary = countVerdicts(results);
  return JSON.stringify({ tool: 'tcpdrill', version: JSON_SCHEMA_VERSION, wallMs, summary, results }, null, 2);
}
