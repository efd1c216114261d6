// The HTML report (issue 13): one self-contained page, an index of every run
// (failed runs first, a filter for failures only) and, per run, its ladder
// diagram beside the script text. Everything comes from ScriptResult, so the
// same page renders from a saved JSON report (`tcpdrill report`).

import type { ScriptResult } from '../results.js';
import { SCRIPT, STYLE } from './html-assets.js';
import { xmlEscape as esc } from './junit.js';
import { renderLadderSvg } from './ladder-svg.js';
import { PLAIN, renderFailure, renderSummary } from './pretty.js';

/** Failed and errored runs first; otherwise the suite's order. */
function ordered(results: readonly ScriptResult[]): ScriptResult[] {
  const rank = (r: ScriptResult): number => (r.verdict === 'pass' || r.verdict === 'skip' ? 1 : 0);
  return results.map((r, i) => ({ r, i })).sort((a, b) => rank(a.r) - rank(b.r) || a.i - b.i).map((x) => x.r);
}

function verdictCell(r: ScriptResult): string {
  return `<span class="verdict ${r.verdict}">${r.verdict.toUpperCase()}</span>`;
}

function indexTable(runs: readonly ScriptResult[]): string {
  const rows = runs.map(
    (r, i) =>
      `<tr class="run ${r.verdict}"><td>${verdictCell(r)}</td><td><a href="#run-${i}"><code>${esc(r.file)}</code></a></td>` +
      `<td>${esc(r.ipVersion)}</td><td class="num">${(r.wallMs / 1000).toFixed(2)} s</td></tr>`,
  );
  return (
    '<table class="index"><thead><tr><th>verdict</th><th>file</th><th>family</th><th class="num">wall time</th></tr></thead>' +
    `<tbody>\n${rows.join('\n')}\n</tbody></table>`
  );
}

/** The script beside the diagram, one span per line; the failing line marked. */
function scriptText(r: ScriptResult): string {
  const failing = r.failure?.line;
  // Reports written before scriptText existed still have each event's line.
  const lines = r.scriptText?.split('\n') ?? [];
  if (r.scriptText === undefined) for (const e of r.events) if (e.line > 0) lines[e.line - 1] = e.source;
  if (lines.at(-1) === '') lines.pop();
  const spans = Array.from(lines, (l, i) => {
    const cls = i + 1 === failing ? ' class="failed"' : '';
    return `<span data-line="${i + 1}"${cls}><i>${i + 1}</i>${esc(l ?? '')}</span>`;
  });
  return `<pre class="script" aria-label="script text">${spans.join('')}</pre>`;
}

function runSection(r: ScriptResult, i: number): string {
  const ends = r.endpoints ? ` · kernel ${esc(r.endpoints.local)} · peer ${esc(r.endpoints.remote)}` : '';
  const meta = `${esc(r.ipVersion)}${ends} · timeline ${(r.timelineMs / 1000).toFixed(3)} s · wall ${(r.wallMs / 1000).toFixed(2)} s`;
  const failure = r.failure
    ? `<pre class="failure">${esc([`line ${r.failure.line}:`, ...renderFailure(r.failure.failure, PLAIN)].join('\n'))}</pre>`
    : '';
  const warnings = r.warnings.length > 0 ? `<details><summary>${r.warnings.length} warning(s)</summary><pre>${esc(r.warnings.join('\n'))}</pre></details>` : '';
  return (
    `<section class="run ${r.verdict}" id="run-${i}"><h2>${verdictCell(r)} <code>${esc(r.file)}</code></h2>` +
    `<p class="meta">${meta}</p>${failure}${warnings}` +
    `<div class="ladder"><div class="diagram">${renderLadderSvg(r)}</div>${scriptText(r)}</div></section>`
  );
}

export function renderHtml(results: readonly ScriptResult[], wallMs: number): string {
  const runs = ordered(results);
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>tcpdrill: ${esc(renderSummary(results, wallMs, PLAIN))}</title>`,
    `<style>${STYLE}</style></head><body>`,
    `<h1>tcpdrill report</h1><p class="summary">${esc(renderSummary(results, wallMs, PLAIN))}</p>`,
    '<label><input type="checkbox" id="only-failed"> failures only</label>',
    indexTable(runs),
    ...runs.map(runSection),
    `<script>${SCRIPT}</script>`,
    '</body></html>',
    '',
  ].join('\n');
}
