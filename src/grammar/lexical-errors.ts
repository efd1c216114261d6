// Where the lexer could not read the script (index.ts). A statement that holds a lexical
// error is left out, and a syntax error after one on the same line is not reported: the
// lexical error already explains it (build-ast.ts, resync.ts).

export class LexicalErrors {
  private readonly offsets: readonly number[];

  /** `swallowed`: an unterminated string, comment or block took the rest of the file. */
  constructor(offsets: Iterable<number>, readonly swallowed: boolean) {
    this.offsets = [...offsets].sort((a, b) => a - b);
  }

  /** Whether one lies at an offset from `from` to `to`, both included. */
  within(from: number, to: number): boolean {
    let lo = 0;
    let hi = this.offsets.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.offsets[mid]! < from) lo = mid + 1;
      else hi = mid;
    }
    return lo < this.offsets.length && this.offsets[lo]! <= to;
  }
}
