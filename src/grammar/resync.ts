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
// Each restart hands the parser the rest of the script as a new array, so a script with an
// error on every line would cost the square of its length: parsing stops after
// MAX_SYNTAX_ERRORS.

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
  let error = parser.parseStatements(tokens, builder);
  for (let start = 0, errors = 1; error !== undefined; errors++) {
    const broken = at.report(error, start);
    builder.abandon(broken.line);
    if (broken.next === undefined) return;
    start = broken.next;
    if (errors === MAX_SYNTAX_ERRORS) {
      r.error(r.lines.tokenPos(tokens[start]!), `stopped after ${MAX_SYNTAX_ERRORS} syntax errors: the rest of the script is not checked`);
      return;
    }
    error = parser.parseStatements(tokens.slice(start), builder);
  }
}

/** Far more than anyone reads (`tcpdrill check` shows 50 diagnostics); see above. */
export const MAX_SYNTAX_ERRORS = 200;

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
