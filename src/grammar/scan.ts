// A hand-written scanner for the tokens of tokens.ts, the fast path of lexing. Read this
// first: Chevrotain's lexer (tokens.ts, `scriptLexer`) is the definition; this scanner
// makes the same tokens, in the same shape, several times faster, by dispatching on the
// first character instead of trying each pattern in turn. It does not report errors: on
// a character the language has no token for, a carriage return or an unterminated
// string/comment/block it gives up, and parseScript lexes the script again with
// Chevrotain, which reports them. test/grammar/scan.ts holds the two to the same output.
import type { IToken, TokenType } from 'chevrotain';
import * as T from './tokens.js';

const enum C {
  Tab = 9, Newline = 10, Space = 32, Quote = 34, Hash = 35, Percent = 37, LParen = 40,
  RParen = 41, Star = 42, Plus = 43, Comma = 44, Minus = 45, Dot = 46, Slash = 47, Zero = 48,
  Colon = 58, Lt = 60, Equals = 61, Gt = 62, LBracket = 91, RBracket = 93, Underscore = 95,
  Backtick = 96, LowerX = 120, LBrace = 123, Pipe = 124, RBrace = 125, Tilde = 126,
}

/** Single-character tokens, by character code. */
const PUNCT: readonly (TokenType | undefined)[] = (() => {
  const table: (TokenType | undefined)[] = new Array<TokenType | undefined>(128).fill(undefined);
  const pairs: readonly (readonly [number, TokenType])[] = [
    [C.Lt, T.Lt], [C.Gt, T.Gt], [C.Plus, T.Plus], [C.Star, T.Star], [C.Tilde, T.Tilde],
    [C.LParen, T.LParen], [C.RParen, T.RParen], [C.LBracket, T.LBracket], [C.RBracket, T.RBracket],
    [C.LBrace, T.LBrace], [C.RBrace, T.RBrace], [C.Comma, T.Comma], [C.Equals, T.Equals], [C.Pipe, T.Pipe],
  ];
  for (const [code, type] of pairs) table[code] = type;
  return table;
})();

/** A keyword spelling and its token type. */
interface Spelling {
  readonly text: string;
  readonly type: TokenType;
}

/** Keyword spellings by first character and length (below 16), so a word is looked up without cutting it out. */
const KEYWORDS_BY_SHAPE: readonly (readonly Spelling[] | undefined)[] = (() => {
  const table: Spelling[][] = [];
  for (const [text, type] of T.KEYWORD_BY_SPELLING) {
    if (/^\w{1,15}$/.test(text)) (table[text.charCodeAt(0) * 16 + text.length] ??= []).push({ text, type });
  }
  return table;
})();

/** Character classes of ASCII codes, as bits; any other code (and NaN, past the end) has none. */
const DIGIT = 1;
const HEX = 2;
const LETTER = 4;
const WORD = 8;
const CLASSES = (() => {
  const table = new Uint8Array(128);
  for (let c = 0; c < 128; c++) {
    const ch = String.fromCharCode(c);
    if (/[0-9]/.test(ch)) table[c]! |= DIGIT;
    if (/[0-9a-fA-F]/.test(ch)) table[c]! |= HEX;
    if (/[A-Za-z]/.test(ch)) table[c]! |= LETTER;
    if (/\w/.test(ch)) table[c]! |= WORD;
  }
  return table;
})();
const has = (c: number, cls: number): boolean => ((CLASSES[c] ?? 0) & cls) !== 0;
const isDigit = (c: number): boolean => has(c, DIGIT);
const isHex = (c: number): boolean => has(c, HEX);
const isLetter = (c: number): boolean => has(c, LETTER);
const isWordChar = (c: number): boolean => has(c, WORD);

/** The tokens of `text` as Chevrotain's lexer makes them, or undefined if it would report an error. */
export function scanScript(text: string): IToken[] | undefined {
  const tokens: IToken[] = [];
  const scanner = new Scanner(text);
  for (let tok = scanner.next(); tok !== undefined; tok = scanner.next()) tokens.push(tok);
  return scanner.gaveUp ? undefined : tokens;
}

/**
 * The tokens of a text one at a time. scan() leaves the next token's type, offsets and,
 * when matching it already cut it out, its image in the public fields, without making a
 * token object: the fast path makes one only for the tokens the AST needs (token-stream.ts).
 */
export class Scanner {
  /** Where Chevrotain's lexer would report an error; scan() then returns false. */
  gaveUp = false;
  type: TokenType | undefined;
  start = 0;
  end = 0;
  image: string | undefined;
  private offset = 0;

  constructor(private readonly text: string) {}

  /** Move to the next token; false at the end of the text or where the scanner gives up. */
  scan(): boolean {
    const text = this.text;
    while (this.offset < text.length) {
      const at = this.offset;
      const c = text.charCodeAt(at);
      if (c === C.Space || c === C.Tab || c === C.Newline) {
        this.offset++;
        continue;
      }
      this.image = undefined;
      const end = this.token(c, at);
      if (end < 0) {
        this.gaveUp = true;
        this.offset = text.length;
        return false;
      }
      this.offset = end;
      if (this.type !== undefined) {
        this.start = at;
        this.end = end;
        return true;
      }
    }
    return false;
  }

  /** The next token as Chevrotain's lexer makes it. */
  next(): IToken | undefined {
    if (!this.scan()) return undefined;
    const type = this.type!;
    return { image: this.image ?? this.text.slice(this.start, this.end), startOffset: this.start, tokenTypeIdx: type.tokenTypeIdx!, tokenType: type };
  }

  private code(at: number): number {
    return this.text.charCodeAt(at);
  }

  /** The end of the run of characters of class `cls` from `at`. */
  private skip(at: number, cls: number): number {
    while (has(this.text.charCodeAt(at), cls)) at++;
    return at;
  }

  private is(type: TokenType | undefined, end: number): number {
    this.type = type;
    return end;
  }

  /** Match one token at `at`: its end (-1: give up), its type left in `type` (undefined: skipped). */
  private token(c: number, at: number): number {
    const punct = PUNCT[c];
    if (punct !== undefined) return this.is(punct, at + 1);
    if (isDigit(c)) return this.number(at);
    if (isLetter(c) || c === C.Underscore) return this.word(at);
    switch (c) {
      case C.Minus:
        return this.minus(at);
      case C.Dot:
        return this.dot(at);
      case C.Colon:
        return this.ipv6(at) ?? this.is(T.Colon, at + 1);
      case C.Slash:
        return this.comment(at);
      case C.Percent:
        return this.closedBy(at, '%{', '}%', T.Code);
      case C.Quote:
        return this.quoted(at, C.Quote, T.StringLit);
      case C.Backtick:
        return this.quoted(at, C.Backtick, T.BackQuoted);
      default:
        return -1;
    }
  }

  // Ipv4Addr, Ipv6Addr, Float, HexInteger, Integer — in that order, as in ALL_TOKENS.
  private number(at: number): number {
    const digits = this.skip(at, DIGIT);
    const ipv4 = this.ipv4(digits);
    if (ipv4 !== undefined) return this.is(T.Ipv4Addr, ipv4);
    const ipv6 = this.ipv6(at);
    if (ipv6 !== undefined) return ipv6;
    const float = this.fraction(digits);
    if (float !== undefined) return this.is(T.Float, float);
    const word = this.skip(at, WORD);
    if (this.code(at) === C.Zero && this.code(at + 1) === C.LowerX && isHex(this.code(at + 2))) {
      const hex = this.skip(at + 2, HEX);
      return word > hex ? this.is(T.Word, word) : this.is(T.HexInteger, hex);
    }
    // `longer_alt: Word`: `1state` is one word.
    return word > digits ? this.is(T.Word, word) : this.is(T.Integer, digits);
  }

  /** `\d+\.\d+\.\d+\.\d+` given the end of the first `\d+`. */
  private ipv4(at: number): number | undefined {
    for (let part = 0; part < 3; part++) {
      if (this.code(at) !== C.Dot || !isDigit(this.code(at + 1))) return undefined;
      at = this.skip(at + 1, DIGIT);
    }
    return at;
  }

  /** `\.[0-9]+` at `at`, the tail of a Float. */
  private fraction(at: number): number | undefined {
    if (this.code(at) !== C.Dot || !isDigit(this.code(at + 1))) return undefined;
    return this.skip(at + 1, DIGIT);
  }

  /** tokens.ts's matcher, tried only where it can match: at most 4 hex digits, then ':'. */
  private ipv6(at: number): number | undefined {
    let hex = at;
    while (hex - at <= 4 && isHex(this.code(hex))) hex++;
    if (hex - at > 4 || this.code(hex) !== C.Colon) return undefined;
    const m = T.matchIpv6(this.text, at);
    return m === null ? undefined : this.is(T.Ipv6Addr, at + m[0].length);
  }

  // Ipv6Addr, keywords (longer_alt: Word, so only a whole word is a keyword), Word.
  private word(at: number): number {
    const ipv6 = isHex(this.code(at)) ? this.ipv6(at) : undefined;
    if (ipv6 !== undefined) return ipv6;
    const end = this.skip(at, WORD);
    const length = end - at;
    const keywords = length < 16 ? KEYWORDS_BY_SHAPE[this.code(at) * 16 + length] : undefined;
    if (keywords !== undefined) {
      for (let k = 0; k < keywords.length; k++) {
        const spelling = keywords[k]!;
        if (this.text.startsWith(spelling.text, at)) {
          this.image = spelling.text;
          return this.is(spelling.type, end);
        }
      }
    }
    // `sequence#` is the one keyword with a character a word cannot have.
    if (length === 8 && this.code(end) === C.Hash && this.text.startsWith('sequence', at)) return this.is(T.K['sequence#'], end + 1);
    return this.is(T.Word, end);
  }

  // OptionName, Float, Integer, Minus
  private minus(at: number): number {
    if (this.code(at + 1) === C.Minus && isWordChar(this.code(at + 2))) return this.is(T.OptionName, this.skip(at + 2, WORD));
    const digits = this.skip(at + 1, DIGIT);
    const float = this.fraction(digits);
    if (float !== undefined) return this.is(T.Float, float);
    return digits > at + 1 ? this.is(T.Integer, digits) : this.is(T.Minus, at + 1);
  }

  // Ellipsis, Float, Dot
  private dot(at: number): number {
    if (this.text.startsWith('...', at)) return this.is(T.Ellipsis, at + 3);
    const float = this.fraction(at);
    return float !== undefined ? this.is(T.Float, float) : this.is(T.Dot, at + 1);
  }

  // LineComment, BlockComment (skipped)
  private comment(at: number): number {
    if (this.code(at + 1) === C.Slash) {
      const nl = this.text.indexOf('\n', at);
      return this.is(undefined, nl < 0 ? this.text.length : nl);
    }
    return this.closedBy(at, '/*', '*/', undefined);
  }

  /** `open ... close`, shortest match; unterminated gives up. */
  private closedBy(at: number, open: string, close: string, type: TokenType | undefined): number {
    if (!this.text.startsWith(open, at)) return -1;
    const end = this.text.indexOf(close, at + open.length);
    return end < 0 ? -1 : this.is(type, end + close.length);
  }

  /** A string or command: backslash escapes any character. */
  private quoted(at: number, quote: number, type: TokenType): number {
    for (let i = at + 1; i < this.text.length; i++) {
      const c = this.code(i);
      if (c === quote) return this.is(type, i + 1);
      if (c === 0x5c) i++;
    }
    return -1;
  }
}
