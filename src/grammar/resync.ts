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
//
// The parser reads the script in windows of a few thousand tokens, cut before a token that
// begins a line and could begin a statement, because each restart hands it a new array: a
// script with an error on every line must not cost the square of its length. A complete
// statement never continues with such a token (test/grammar/parser.ts), so a window that
// parses cleanly parsed what the whole script would have; one that ends in the middle of
// a statement is parsed again, larger, from that statement on. A file that is no script at
// all (binary junk) may offer no place to cut; so parsing stops after MAX_SYNTAX_ERRORS.

import type { IRecognitionException, IToken, TokenType } from 'chevrotain';
import type { Pos } from './ast.js';
import type { AstBuilder } from './build-ast.js';
import type { LexicalErrors } from './lexical-errors.js';
import { EOF } from './chevrotain.js';
import { describeToken } from './parser-messages.js';
import { scriptParser } from './parser.js';
import type { Reporter } from './positions.js';
import { didYouMean } from './suggest.js';
import * as T from './tokens.js';


/** Parse `tokens` into `builder`, reporting each syntax error to `r`. */
export function parseStatements(tokens: IToken[], builder: AstBuilder, r: Reporter, lexical: LexicalErrors): void {
  const parser = scriptParser.get();
  const at = new Resync(tokens, r, lexical, parser.statementStarters());
  let start = 0;
  let size = WINDOW;
  let errors = 0;
  while (start < tokens.length) {
    const end = at.cut(start + size);
    const lastBefore = builder.lastStatementEnd;
    const error = parser.parseStatements(end === tokens.length && start === 0 ? tokens : tokens.slice(start, end), builder);
    if (error === undefined) {
      start = end;
      size = WINDOW;
    } else if (error.token.tokenType === EOF && end < tokens.length) {
      // The window cut a statement short: parse it again, from its start, in a larger one.
      builder.discardUnfinished();
      const last = builder.lastStatementEnd;
      if (last !== lastBefore && last !== undefined) start = tokens.indexOf(last, start) + 1;
      size *= 2;
    } else {
      const broken = at.report(error, start);
      builder.abandon(broken.line);
      if (broken.next === undefined) return;
      start = broken.next;
      size = WINDOW;
      if (++errors === MAX_SYNTAX_ERRORS) {
        r.error(r.lines.tokenPos(tokens[start]!), `stopped after ${MAX_SYNTAX_ERRORS} syntax errors: the rest of the script is not checked`);
        return;
      }
    }
  }
}

/** Tokens in a window (see above). */
const WINDOW = 4096;
/** Far more than anyone reads (`tcpdrill check` shows 50 diagnostics); see above. */
export const MAX_SYNTAX_ERRORS = 200;

class Resync {
  constructor(
    private readonly tokens: readonly IToken[],
    private readonly r: Reporter,
    private readonly lexical: LexicalErrors,
    private readonly starters: ReadonlySet<TokenType>,
  ) {}

  /**
   * Where a window that should hold about `from` tokens ends: the end of the script, or the
   * first token from `from` on that begins a line and could begin a statement.
   */
  cut(from: number): number {
    const { tokens } = this;
    // No place to cut lies between the last query and its answer: reuse it.
    if (from >= this.lastCut.from && from <= this.lastCut.at) return this.lastCut.at;
    let i = Math.max(from, 1);
    while (i < tokens.length && !(this.starters.has(tokens[i]!.tokenType) && this.lineOf(tokens[i]!.startOffset) > this.lineOf(endOf(tokens[i - 1]!)))) i++;
    this.lastCut = { from, at: Math.min(i, tokens.length) };
    return this.lastCut.at;
  }

  private lastCut = { from: 0, at: -1 };

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
    let next = index + 1;
    while (next < tokens.length && this.lineOf(tokens[next]!.startOffset) <= end) next++;
    return { line: this.lineOf(tok.startOffset), next: next < tokens.length ? next : undefined };
  }

  /** A lexical error earlier on the same line already explains a syntax error. */
  private error(pos: Pos, message: string): void {
    const explained = this.lexical.within(pos.offset - pos.col + 1, pos.offset - 1);
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
