// `tcpdrill report <results.json>`: renders a saved JSON report again, so CI can
// keep the JSON and draw the HTML page (or text ladders) later, with no kernel.

import { readFileSync } from 'node:fs';
import { readJsonReport, renderLadderText, renderScript } from '../runner/report/index.js';
import { paletteFor } from './run.js';
import { writeHtml } from './write-html.js';

export interface ReportOptions {
  readonly html?: string;
  readonly ladder?: boolean;
  readonly color: boolean;
}

export function runReport(file: string, opts: ReportOptions): number {
  if (opts.html === undefined && opts.ladder !== true) {
    console.error('tcpdrill: report needs --html <file> or --ladder');
    return 2;
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    console.error(`tcpdrill: cannot read ${file}: ${(err as Error).message}`);
    return 2;
  }
  const report = readJsonReport(text);
  if (!report.ok) {
    console.error(`tcpdrill: ${file}: ${report.message}`);
    return 2;
  }
  if (opts.ladder === true) {
    const palette = paletteFor(opts.color, true);
    for (const r of report.results) console.log(`${renderScript(r, palette, false)}\n${renderLadderText(r, palette)}\n`);
  }
  if (opts.html !== undefined) {
    const err = writeHtml(opts.html, report.results, report.wallMs);
    console.error(err ?? `tcpdrill: wrote ${opts.html} (${report.results.length} runs)`);
    if (err !== undefined) return 2;
  }
  return 0;
}
