// JUnit XML, the dialect CI systems (Jenkins, GitLab, GitHub annotations) read:
// one <testsuite>, one <testcase> per run, <failure> or <error> when it did not pass,
// <skipped> with the reason when an init command asked to skip it.

import type { ScriptResult } from '../results.js';
import { PLAIN, renderFailure, runName } from './pretty.js';
import { countVerdicts } from './summary.js';

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
  const { total, failed, skipped, errored } = countVerdicts(results);
  const cases = results.map((r) => {
    const attrs = `name="${xmlEscape(runName(r))}" classname="${xmlEscape(r.file)}" time="${(r.wallMs / 1000).toFixed(3)}"`;
    if (r.verdict === 'skip') {
      return `    <testcase ${attrs}>\n      <skipped message="${xmlEscape(r.skipReason ?? '')}"/>\n    </testcase>`;
    }
    if (r.verdict === 'pass' || !r.failure) return `    <testcase ${attrs}/>`;
    const tag = r.verdict === 'fail' ? 'failure' : 'error';
    const text = renderFailure(r.failure.failure, PLAIN).join('\n');
    const message = `line ${r.failure.line}: ${text.split('\n')[0] ?? ''}`;
    return `    <testcase ${attrs}>\n      <${tag} message="${xmlEscape(message)}" type="${r.failure.failure.kind}">${xmlEscape(text)}</${tag}>\n    </testcase>`;
  });
  const counts = `tests="${total}" failures="${failed}" errors="${errored}" skipped="${skipped}" time="${(wallMs / 1000).toFixed(3)}"`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites ${counts}>`,
    `  <testsuite name="tcpdrill" ${counts}>`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
  ].join('\n');
}
