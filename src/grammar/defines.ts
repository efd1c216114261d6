// §2.6 defines: in-script `--define=NAME=VALUE` lines and command-line `-D NAME=VALUE`
// replace WORD tokens after the leading option section (index.ts).
import type { IToken, TokenType } from 'chevrotain';
import * as T from './tokens.js';

/**
 * Index of the first token after the option lines (`--name [= v [= v]]`). Never past the
 * last token, even when a script ends inside an option line.
 */
function optionSectionEnd(tokens: readonly IToken[]): number {
  let i = 0;
  while (tokens[i]?.tokenType === T.OptionName) {
    i++;
    for (let k = 0; k < 2 && tokens[i]?.tokenType === T.Equals && tokens[i + 1] !== undefined; k++) i += 2;
  }
  return i;
}

/** The defines in force: the in-script ones of the option section, overridden by `cli`'s. */
export function definesOf(tokens: readonly IToken[], cli: ReadonlyMap<string, string> | undefined): Map<string, string> {
  const defines = new Map<string, string>();
  const end = optionSectionEnd(tokens);
  for (let i = 0; i < end; i++) {
    const t = tokens[i]!;
    if (t.image === '--define' && tokens[i + 1]?.tokenType === T.Equals && tokens[i + 3]?.tokenType === T.Equals) {
      const value = tokens[i + 4];
      if (value && value.tokenType !== T.Integer) defines.set(tokens[i + 2]!.image, value.image);
    }
  }
  for (const [name, value] of cli ?? []) defines.set(name, value);
  return defines;
}

/** A token after the option section: a defined WORD becomes STRING, BACK_QUOTED, INTEGER or WORD. */
function substituted(tok: IToken, defines: ReadonlyMap<string, string>): IToken {
  const value = tok.tokenType === T.Word ? defines.get(tok.image) : undefined;
  if (value === undefined) return tok;
  const [type, image] = classifyDefine(value);
  return { ...tok, image, tokenType: type, tokenTypeIdx: type.tokenTypeIdx! };
}

/** `substituted` over a whole token array, in place. */
export function substituteDefines(tokens: IToken[], defines: ReadonlyMap<string, string>): void {
  if (defines.size === 0) return;
  for (let i = optionSectionEnd(tokens); i < tokens.length; i++) tokens[i] = substituted(tokens[i]!, defines);
}

function classifyDefine(value: string): [TokenType, string] {
  if (value.startsWith('"')) return [T.StringLit, value];
  if (value.startsWith('`')) return [T.BackQuoted, value];
  const int = cInteger(value);
  return int === undefined ? [T.Word, value] : [T.Integer, int];
}

/** A C integer literal (decimal, 0x hex, leading-0 octal, optional sign; empty is 0) as decimal text. */
function cInteger(value: string): string | undefined {
  const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)?$/.exec(value);
  if (!m) return undefined;
  const body = m[2] ?? '0';
  const n = /^0[xX]/.test(body) ? BigInt(body) : body.length > 1 && body.startsWith('0') ? BigInt(`0o${body.slice(1)}`) : BigInt(body);
  return (m[1] === '-' ? -n : n).toString();
}
