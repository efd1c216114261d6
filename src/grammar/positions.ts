// Offset → line/column mapping. Chevrotain v11 types its token line/column as optional,
// so positions are computed from offsets (style.md §c) with one line-start table per file.
import type { IToken } from 'chevrotain';
import type { Diagnostic, Pos } from './ast.js';

export class LineIndex {
  private readonly starts: number[] = [0];
  /** Index of the line of the last lookup: the parser asks in text order, mostly on one line. */
  private last = 0;

  constructor(readonly text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  pos(offset: number, length: number): Pos {
    const safe = Number.isFinite(offset) ? Math.min(Math.max(offset, 0), this.text.length) : 0;
    const line = this.lineOf(safe);
    return { line: line + 1, col: safe - this.starts[line]! + 1, offset: safe, length: Math.max(length, 0) };
  }

  /** 0-based index of the line holding `offset`: the last line or the next, else a binary search. */
  private lineOf(offset: number): number {
    const { starts, last } = this;
    if (starts[last]! <= offset) {
      if (last + 1 === starts.length || offset < starts[last + 1]!) return last;
      if (last + 2 === starts.length || offset < starts[last + 2]!) return (this.last = last + 1);
    }
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return (this.last = lo);
  }

  /** Position of a token; the end of the file (Chevrotain's EOF token, NaN offset) goes after `previous`. */
  tokenPos(tok: IToken, previous?: IToken): Pos {
    if (Number.isFinite(tok.startOffset)) return this.pos(tok.startOffset, tok.image.length);
    if (previous && Number.isFinite(previous.startOffset)) {
      return this.pos(previous.startOffset + previous.image.length, 1);
    }
    return this.pos(this.text.length, 1);
  }

  /** The source text of line `line` (1-based), without its newline. */
  lineText(line: number): string {
    const start = this.starts[line - 1] ?? this.text.length;
    const next = this.starts[line];
    return this.text.slice(start, next === undefined ? undefined : next - 1);
  }
}

export function diagnostic(file: string, pos: Pos, message: string, expected?: string): Diagnostic {
  return { file, line: pos.line, col: pos.col, length: pos.length, message, expected };
}

/** Collects diagnostics for one file. */
export class Reporter {
  readonly list: Diagnostic[] = [];
  constructor(readonly file: string, readonly lines: LineIndex) {}

  error(pos: Pos, message: string, expected?: string): void {
    this.list.push(diagnostic(this.file, pos, message, expected));
  }

  /** Every diagnostic collected so far, which this reporter then forgets. */
  take(): Diagnostic[] {
    return this.list.splice(0);
  }

  clear(): void {
    this.list.length = 0;
  }
}
