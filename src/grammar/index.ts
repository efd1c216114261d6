// parseScript: text → { script, diagnostics } (style.md §c). Never throws: lexer, parser
// and semantic errors all come back as Diagnostics, sorted by position. A broken statement
// is reported once and left out; the rest of the script is still parsed and checked
// (resync.ts).
import type { ILexingError, IToken } from 'chevrotain';
import type { Diagnostic, ParseResult } from './ast.js';
import { AstBuilder } from './build-ast.js';
import { checkScript } from './check.js';
import { definesOf, substituteDefines } from './defines.js';
import { LineIndex, Reporter } from './positions.js';
import { LexicalErrors } from './lexical-errors.js';
import { parseStatements } from './resync.js';
import * as T from './tokens.js';

export { formatDiagnostic } from './diagnostics.js';
export { LineIndex } from './positions.js';

export interface ParseOptions {
  /** Command-line `-D NAME=VALUE` defines (§2.6); they override in-script ones. */
  readonly defines?: ReadonlyMap<string, string>;
}

export function parseScript(text: string, file: string, opts: ParseOptions = {}): ParseResult {
  const lines = new LineIndex(text);
  const r = new Reporter(file, lines);
  try {
    return parseInto(text, r, opts);
  } catch (err) {
    // A bug of ours must not become a stack trace for the user (architecture.md, CLI).
    r.error(lines.pos(0, 0), `internal error while parsing: ${err instanceof Error ? err.message : String(err)}`);
    return { script: undefined, diagnostics: r.list };
  }
}

function parseInto(text: string, r: Reporter, opts: ParseOptions): ParseResult {
  const { tokens, lexical } = lex(text, r);
  const defines = definesOf(tokens, opts.defines);
  substituteDefines(tokens, defines);
  const builder = new AstBuilder(r, lexical);
  parseStatements(tokens, builder, r, lexical);
  const { script, gaps } = builder.finish();
  checkScript(script, r, { defines, gaps });
  return { script, diagnostics: sortDiagnostics(r.list) };
}

/** The script's tokens from Chevrotain's lexer, whose errors are reported. */
function lex(text: string, r: Reporter): { tokens: IToken[]; lexical: LexicalErrors } {
  const lexed = T.scriptLexer.tokenize(text);
  for (const e of lexed.errors) reportLexError(r, text, e);
  const bad = lexed.tokens.filter((tok) => tok.tokenType === T.CarriageReturn || tok.tokenType === T.Unterminated);
  const offsets = [...lexed.errors.map((e) => e.offset), ...bad.map((tok) => tok.startOffset)];
  const lexical = new LexicalErrors(offsets, bad.some((tok) => tok.tokenType === T.Unterminated));
  return { tokens: dropBadTokens(lexed.tokens, r), lexical };
}

function sortDiagnostics(list: readonly Diagnostic[]): Diagnostic[] {
  return [...list].sort((a, b) => a.line - b.line || a.col - b.col);
}

const UNTERMINATED: Readonly<Record<string, string>> = {
  '/*': "unterminated comment: expected '*/' to close the comment opened here",
  '%{': "unterminated code block: expected '}%' to close the block opened here",
  '"': 'unterminated string: expected \'"\' to close the string opened here',
  '`': 'unterminated command: expected \'`\' to close the command opened here',
};

/** CR and unterminated openers become diagnostics and never reach the parser. */
function dropBadTokens(tokens: readonly IToken[], r: Reporter): IToken[] {
  const out: IToken[] = [];
  let crCount = 0;
  for (const tok of tokens) {
    if (tok.tokenType === T.CarriageReturn) {
      if (crCount++ === 0) {
        r.error(r.lines.pos(tok.startOffset, 1), 'expected a newline but found a carriage return: CRLF line endings are not allowed (§2.1)');
      }
    } else if (tok.tokenType === T.Unterminated) {
      const opener = tok.image.startsWith('/*') || tok.image.startsWith('%{') ? tok.image.slice(0, 2) : tok.image[0]!;
      r.error(r.lines.pos(tok.startOffset, opener.length), UNTERMINATED[opener]!);
    } else {
      out.push(tok);
    }
  }
  return out;
}

function reportLexError(r: Reporter, text: string, e: ILexingError): void {
  const ch = text.slice(e.offset, e.offset + Math.min(e.length, 1));
  const shown = /[\x20-\x7e]/.test(ch) ? ch : `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`;
  const hint = ch === '#' ? " ('#' is not a comment character; use // or /* */, §2.1)" : '';
  r.error(r.lines.pos(e.offset, e.length), `expected a token of the script language but found '${shown}'${hint}`);
}
