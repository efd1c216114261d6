// Writing the HTML report to its file, for `run --html` and `report --html`: a
// path that cannot be written is a usage error with a message, not a stack trace.

import { writeFileSync } from 'node:fs';
import type { ScriptResult } from '../runner/results.js';
import { renderHtml } from '../runner/report/index.js';

/** Writes the page; an error message if the file cannot be written. */
export function writeHtml(file: string, results: readonly ScriptResult[], wallMs: number): string | undefined {
  try {
    writeFileSync(file, renderHtml(results, wallMs));
    return undefined;
  } catch (err) {
    return `tcpdrill: cannot write ${file}: ${(err as Error).message}`;
  }
}
