// Rendering of diagnostics, compiler style (style.md §c):
//   path/file.pkt:12:7: error: expected a TCP flags word (...) but found 'Q'
//      12 | +0 < Q 0:0(0) win 1000
//         |      ^
import type { Diagnostic } from './ast.js';
import { LineIndex } from './positions.js';

/** Lines longer than this are cut around the caret so binary junk stays readable. */
const MAX_SHOWN = 120;

export interface FormatOptions {
  /** Wrap parts in ANSI colours (callers decide: NO_COLOR, TTY). */
  readonly color?: boolean;
}

export function formatDiagnostic(d: Diagnostic, sourceText: string | LineIndex, opts: FormatOptions = {}): string {
  const lines = typeof sourceText === 'string' ? new LineIndex(sourceText) : sourceText;
  const paint = (code: string, s: string): string => (opts.color ? `\x1b[${code}m${s}\x1b[0m` : s);
  const head = `${paint('1', `${d.file}:${d.line}:${d.col}:`)} ${paint('1;31', 'error:')} ${d.message}`;
  const raw = lines.lineText(d.line);
  const cut = Math.max(0, d.col - 1 - MAX_SHOWN / 2);
  const shown = printable(raw.slice(cut, cut + MAX_SHOWN));
  const caretCol = d.col - 1 - cut;
  const width = Math.max(1, Math.min(d.length, shown.length - caretCol));
  const gutter = String(d.line);
  const pad = ' '.repeat(gutter.length);
  const caret = paint('1;32', `^${'~'.repeat(width - 1)}`);
  return [
    head,
    `   ${gutter} | ${shown}`,
    `   ${pad} | ${printable(raw.slice(cut, cut + caretCol)).replace(/[^\t]/g, ' ')}${caret}`,
  ].join('\n');
}

/** Control characters other than tab are shown as '?' so the terminal is not disturbed. */
function printable(s: string): string {
  return s.replace(/[\x00-\x08\x0a-\x1f\x7f]/g, '?');
}
