// Results of runs whose timeline never ran to its end: an error before or
// around the run, a script that does not parse, a kselftest skip. One home, so
// the suite (parent), the child and the session build them alike.

import type { Failure, ScriptResult } from './results.js';

/** What names a run in its result. */
export type RunName = Pick<ScriptResult, 'file' | 'ipVersion'>;

export function errorResult(run: RunName, message: string, wallMs: number): ScriptResult {
  return notRun(run, { kind: 'runtime', message }, wallMs);
}

/** A script that does not parse or plan: reported with its diagnostics, never started. */
export function scriptErrorResult(run: RunName, diagnostics: string): ScriptResult {
  const detail = diagnostics.split('\n');
  return notRun(run, { kind: 'script', message: detail[0] ?? '', detail }, 0);
}

/** A run that asked to be skipped (run/skip.ts), with its reason. */
export function skippedResult(run: RunName, reason: string, wallMs: number): ScriptResult {
  // Keys in the order the JSON reporter has always printed them.
  return {
    file: run.file,
    ipVersion: run.ipVersion,
    verdict: 'skip',
    skipReason: reason,
    events: [],
    trace: [],
    failure: undefined,
    warnings: [],
    wallMs,
    timelineMs: 0,
    pcapFile: undefined,
  };
}

function notRun(run: RunName, failure: Failure, wallMs: number): ScriptResult {
  return {
    file: run.file,
    ipVersion: run.ipVersion,
    verdict: 'error',
    events: [],
    trace: [],
    failure: { line: 0, failure },
    warnings: [],
    wallMs,
    timelineMs: 0,
    pcapFile: undefined,
  };
}
