// JUnit XML, the dialect CI systems (Jenkins, GitLab, GitHub annotations) read:
// one <testsuite>, one <testcase> per run, <failure> or <error> when it did not pass.

import type { ScriptResult } from '../results.js';
import { PLAIN, renderFailure, runName } from './pretty.js';

export function xmlEscape(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    // XML 1.0 cannot carry most control characters at all.
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
}

export function renderJunit(results: readonly ScriptResult[], wallMs: number): string {
  const failures = results.filter((r) => r.verdict === 'fail').length;
  const errors = results.filter((r) => r.verdict === 'error').length;
  const cases = results.map((r) => {
    const attrs = `name="${xmlEscape(runName(r))}" classname="${xmlEscape(r.file)}" time="${(r.wallMs / 1000).toFixed(3)}"`;
    if (r.verdict === 'pass' || !r.failure) return `    <testcase ${attrs}/>`;
    const tag = r.verdict === 'fail' ? 'failure' : 'error';
    const text = renderFailure(r.failure.failure, PLAIN).join('\n');
    const message = `line ${r.failure.line}: ${text.split('\n')[0] ?? ''}`;
    return `    <testcase ${attrs}>\n      <${tag} message="${xmlEscape(message)}" type="${r.failure.failure.kind}">${xmlEscape(text)}</${tag}>\n    </testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites tests="${results.length}" failures="${failures}" errors="${errors}" time="${(wallMs / 1000).toFixed(3)}">`,
    `  <testsuite name="tcpdrill" tests="${results.length}" failures="${failures}" errors="${errors}" time="${(wallMs / 1000).toFixed(3)}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
  ].join('\n');
}
