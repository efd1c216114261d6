// The doctor's findings for a person (one line per check, a fix-it line under
// each that is not ok) and for machines (JSON: { tool, version, ok, checks }).

import { canRun } from './evaluate.js';
import type { Check, CheckStatus } from './facts.js';

export const DOCTOR_JSON_VERSION = 1;

const MARK: { readonly [K in CheckStatus]: string } = { ok: 'ok  ', warn: 'warn', fail: 'FAIL' };

export function renderDoctorText(checks: readonly Check[]): string {
  const width = Math.max(...checks.map((c) => c.title.length));
  const lines = checks.flatMap((c) => {
    const head = `  ${MARK[c.status]}  ${c.title.padEnd(width)}  ${c.detail}`;
    return c.hint === undefined || c.status === 'ok' ? [head] : [head, `        ${' '.repeat(width)}  fix: ${c.hint}`];
  });
  const failures = checks.filter((c) => c.status === 'fail').length;
  const warnings = checks.filter((c) => c.status === 'warn').length;
  const verdict = canRun(checks)
    ? `Runs can work here${warnings > 0 ? `; ${warnings} warning${warnings === 1 ? '' : 's'} above say what may not` : ''}.`
    : `Runs cannot work here: fix the ${failures} failure${failures === 1 ? '' : 's'} above.`;
  return [...lines, '', verdict].join('\n');
}

export function renderDoctorJson(checks: readonly Check[]): string {
    // hint is null, not absent, when there is nothing to fix: one shape for every check.
  const out = checks.map((c) => ({ ...c, hint: c.hint ?? null }));
  return JSON.stringify({ tool: 'tcpdrill', version: DOCTOR_JSON_VERSION, ok: canRun(checks), checks: out }, null, 2);
}
