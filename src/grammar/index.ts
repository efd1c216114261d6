// parseScript: text → { script, diagnostics } (style.md §c). Never throws: lexer, parser
// and semantic errors all come back as Diagnostics, sorted by position.
import type { ILexingError, IRecognitionException, IToken } from 'chevrotain';
import type { Diagnostic, ParseResult, Script } from './ast.js';
import { AstBuilder } from './build-ast.js';
import { checkScript } from './check.js';
import { definesOf, optionSectionEnd, substituteDefines } from './defines.js';
import { parseFastPath } from './fast-path.js';
import { plainParser, recoveringParser } from './parser.js';
import { LineIndex, Reporter } from './positions.js';
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
  const fast = parseFastPath(text, r.lines, r.file, opts.defines);
  if (fast !== undefined) {
    r.list.push(...fast.built);
    checkScript(fast.script, r, { defines: fast.defines });
    return { script: fast.script, diagnostics: sortDiagnostics(r.list) };
  }
  // The Chevrotain path: the grammar itself, which reports every lexical and syntax error.
  const { tokens, swallowed } = lex(text, r);
  const defines = definesOf(tokens, optionSectionEnd((i) => tokens[i]), opts.defines);
  substituteDefines(tokens, defines);
  // What the AST builder reports (statement order, hex-only numbers, ...) counts only for a
  // script without syntax errors: on a broken one it would mostly echo the syntax error.
  const built = new Reporter(r.file, r.lines);
  const parser = plainParser.get();
  const script = parser.parse(tokens, new AstBuilder(built, r.lines, r.file));
  if (parser.errors.length > 0) return { script: reparseRecovering(tokens, r, swallowed), diagnostics: sortDiagnostics(r.list) };
  if (r.list.length > 0) return { script, diagnostics: sortDiagnostics(r.list) };
  r.list.push(...built.list);
  // Semantic checks on a script with lexical errors would mostly echo them; run them only
  // on scripts that parsed cleanly.
  checkScript(script!, r, { defines });
  return { script, diagnostics: sortDiagnostics(r.list) };
}

/**
 * The script's tokens from Chevrotain's lexer, whose errors are reported. `swallowed`: an
 * unterminated string, comment or block took the rest of the file.
 */
function lex(text: string, r: Reporter): { tokens: IToken[]; swallowed: boolean } {
  const lexed = T.scriptLexer.tokenize(text);
  for (const e of lexed.errors) reportLexError(r, text, e);
  const before = r.list.length;
  const tokens = dropBadTokens(lexed.tokens, r);
  const swallowed = tokens.length < lexed.tokens.length && r.list.slice(before).some((d) => d.message.startsWith('unterminated'));
  return { tokens, swallowed };
}

/** Every syntax error of a broken script, and its best-effort AST (recovery may leave holes). */
function reparseRecovering(tokens: IToken[], r: Reporter, swallowed: boolean): Script | undefined {
  const parser = recoveringParser.get();
  const script = parser.parse(tokens, new AstBuilder(new Reporter(r.file, r.lines), r.lines, r.file));
  // An unterminated string/comment/block swallows the rest of the file: what the parser
  // then says about the missing tail only repeats that one error.
  if (!swallowed) for (const e of parser.errors) reportParseError(r, e);
  return script;
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

function reportParseError(r: Reporter, e: IRecognitionException): void {
  const prev = (e as { previousToken?: IToken }).previousToken;
  r.error(r.lines.tokenPos(e.token, prev), e.message);
}
