// JSON report. The schema is the ScriptResult type of results.ts, wrapped as
// { tool, version: 1, wallMs, summary, results }; README.md documents it. Every
// event carries its scheduled and actual time and tcpdrill's own lateness.

import type { ScriptResult } from '../results.js';

export const JSON_SCHEMA_VERSION = 1;

export function renderJson(results: readonly ScriptResult[], wallMs: number): string {
  const summary = {
    total: results.length,
    passed: results.filter((r) => r.verdict === 'pass').length,
    failed: results.filter((r) => r.verdict === 'fail').length,
    errored: results.filter((r) => r.verdict === 'error').length,
  };
  return JSON.stringify({ tool: 'tcpdrill', version: JSON_SCHEMA_VERSION, wallMs, summary, results }, null, 2);
}
