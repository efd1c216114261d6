// The fast path of parseScript (index.ts): the hand-written scanner (scan.ts) feeds the
// hand-written parser (descent.ts) one token at a time (token-stream.ts), with defines
// substituted on the way (§2.6), so tokens die young instead of filling the heap. It
// yields a script only where the Chevrotain path would find no lexical or syntax error;
// anything else (undefined) goes to the Chevrotain path, which reports the errors.
import type { IToken } from 'chevrotain';
import type { Diagnostic, Script } from './ast.js';
import { AstBuilder } from './build-ast.js';
import { definesOf, optionSectionEnd } from './defines.js';
import { parseFast } from './descent.js';
import { Reporter, type LineIndex } from './positions.js';
import { Scanner } from './scan.js';
import { TokenStream } from './token-stream.js';

export interface FastParse {
  readonly script: Script;
  /** What the AST builder reported (statement order, hex-only numbers, ...). */
  readonly built: readonly Diagnostic[];
  /** The defines in force, in-script and command-line. */
  readonly defines: ReadonlyMap<string, string>;
}

export function parseFastPath(text: string, lines: LineIndex, file: string, cli: ReadonlyMap<string, string> | undefined): FastParse | undefined {
  const scanner = new Scanner(text);
  // The option section comes first and holds the in-script defines: read it ahead.
  const head: IToken[] = [];
  const end = optionSectionEnd((i) => {
    while (head.length <= i) {
      const tok = scanner.next();
      if (tok === undefined) return undefined;
      head.push(tok);
    }
    return head[i];
  });
  // Where the scanner gave up, Chevrotain's lexer reports an error: the head may be cut short.
  if (scanner.gaveUp) return undefined;
  const defines = definesOf(head, end, cli);
  const r = new Reporter(file, lines);
  const script = parseFast(new TokenStream(text, scanner, head, end, defines), new AstBuilder(r, lines, file));
  if (script === undefined || scanner.gaveUp) return undefined;
  return { script, built: r.list, defines };
}
