// A whole script, statement by statement (issue 12). Read this first: the parser
// (parser.ts) stops at the first syntax error. Here the error is reported where the writer
// erred, and the parser restarts at the next line, so each broken statement gets one
// error, the line after it none, and the statements that did parse reach check.ts.
//
// Where the writer erred: when the parser needed more of a statement but the next token
// is on a later line and could begin a statement (`+0 bind(3, ..., ...)` followed by
// `+0 < S ...`), the writer left the statement unfinished: the error goes at the end of
// its line and the parser restarts at that next line. Otherwise the error goes on the
// token, and the parser restarts at the first line after it.
import type { IRecognitionException, IToken, TokenType } from 'chevrotain';
import type { Pos } from './ast.js';
import type { AstBuilder } from './build-ast.js';
import { EOF } from './chevrotain.js';
import { describeToken } from './parser-messages.js';
import { scriptParser } from './parser.js';
import type { Reporter } from './positions.js';
import { didYouMean } from './suggest.js';
import * as T from './tokens.js';

/** What the lexer could not read (index.ts). */
export interface LexicalErrors {
  /** Their offsets, in order. */
  readonly offsets: readonly number[];
  /** An unterminated string, comment or block took the rest of the file. */
  readonly swallowed: boolean;
}

/** Parse `tokens` into `builder`, reporting each syntax error to `r`. */
export function parseStatements(tokens: IToken[], builder: AstBuilder, r: Reporter, lexical: LexicalErrors): void {
  const parser = scriptParser.get();
  const at = new Resync(tokens, r, lexical, parser.statementStarters());
  for (let start: number | undefined = 0; start !== undefined; ) {
    const error = parser.parseStatements(start === 0 ? tokens : tokens.slice(start), builder);
    if (error === undefined) return;
    const broken = at.report(error, start);
    builder.abandon(broken.line);
    start = broken.next;
  }
}

class Resync {
  constructor(
    private readonly tokens: readonly IToken[],
    private readonly r: Reporter,
    private readonly lexical: LexicalErrors,
    private readonly starters: ReadonlySet<TokenType>,
  ) {}

  /** Report `e`, met parsing from token `start`: the line it is on, and the token to restart at. */
  report(e: IRecognitionException, start: number): { line: number; next: number | undefined } {
    const { tokens, r } = this;
    const tok = e.token;
    const index = tok.tokenType === EOF ? tokens.length : tokens.indexOf(tok, start);
    const prev = tokens[index - 1];
    if (index === tokens.length) {
      // An unterminated opener swallowed the tail: what is missing at the end only repeats it.
      const pos = r.lines.tokenPos(tok, prev);
      if (!this.lexical.swallowed) this.error(pos, e.message);
      return { line: pos.line, next: undefined };
    }
    const midStatement = e.name !== 'NotAllInputParsedException';
    if (midStatement && index > start && prev !== undefined && this.lineOf(tok.startOffset) > this.lineOf(endOf(prev)) && this.starters.has(tok.tokenType)) {
      const found = `but found ${describeToken(tok)}`;
      const pos = r.lines.pos(endOf(prev) + 1, 1);
      this.error(pos, e.message.replace(found, 'but found the end of the line'));
      return { line: pos.line, next: index };
    }
    // Past the previous statement on its own line: perhaps a misspelled keyword of it.
    const continues = !midStatement && /^\w+$/.test(tok.image) && prev !== undefined && this.lineOf(endOf(prev)) === this.lineOf(tok.startOffset);
    this.error(r.lines.tokenPos(tok), `${e.message}${continues ? didYouMean(tok.image, T.KEYWORD_SPELLINGS) : ''}`);
    const end = this.lineOf(endOf(tok));
    const next = tokens.findIndex((t, i) => i > index && this.lineOf(t.startOffset) > end);
    return { line: this.lineOf(tok.startOffset), next: next === -1 ? undefined : next };
  }

  /** A lexical error earlier on the same line already explains a syntax error. */
  private error(pos: Pos, message: string): void {
    const explained = this.lexical.offsets.some((o) => o < pos.offset && this.lineOf(o) === pos.line);
    if (!explained) this.r.error(pos, message);
  }

  private lineOf(offset: number): number {
    return this.r.lines.pos(offset, 0).line;
  }
}

/** Offset of the last character of `tok` (a define's value is shorter or longer than its name). */
function endOf(tok: IToken): number {
  return tok.endOffset ?? tok.startOffset + tok.image.length - 1;
}
