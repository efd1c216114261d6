// The tokens the fast path's parser (descent.ts) reads: the option section read ahead by
// fast-path.ts, then the scanner's, with defined words replaced after the option section
// (§2.6). Read this first: two tokens of lookahead are kept as plain fields, and a token
// object is made only when the parser takes a token the AST needs (take()); the
// punctuation it only checks (skip()) never becomes one. On the 200k-line benchmark that
// is half of 4.6M objects less to allocate.
import type { IToken, TokenType } from 'chevrotain';
import { substituted } from './defines.js';
import type { Scanner } from './scan.js';
import * as T from './tokens.js';

export class TokenStream {
  private type1: TokenType | undefined;
  private start1 = 0;
  private end1 = 0;
  private image1: string | undefined;
  private type2: TokenType | undefined;
  private start2 = 0;
  private end2 = 0;
  private image2: string | undefined;
  /** Index of the token read next, to know where the option section ends. */
  private index = 0;

  constructor(
    private readonly text: string,
    private readonly scanner: Scanner,
    private readonly head: readonly IToken[],
    private readonly sectionEnd: number,
    private readonly defines: ReadonlyMap<string, string>,
  ) {
    this.read();
    this.shift();
  }

  /** Type of the next token (k = 1) or the one after it (k = 2); undefined past the end. */
  la(k: 1 | 2): TokenType | undefined {
    return k === 1 ? this.type1 : this.type2;
  }

  /** The next token, as a token object; the stream moves on. */
  take(): IToken {
    const type = this.type1!;
    const tok = { image: this.image1 ?? this.text.slice(this.start1, this.end1), startOffset: this.start1, tokenTypeIdx: type.tokenTypeIdx!, tokenType: type };
    this.shift();
    return tok;
  }

  /** Move past the next token without making a token object. */
  shift(): void {
    this.type1 = this.type2;
    this.start1 = this.start2;
    this.end1 = this.end2;
    this.image1 = this.image2;
    this.read();
  }

  /** Read the next token into the second slot. */
  private read(): void {
    const i = this.index++;
    if (i < this.head.length) {
      const tok = this.head[i]!;
      this.type2 = tok.tokenType;
      this.start2 = tok.startOffset;
      this.end2 = tok.startOffset + tok.image.length;
      this.image2 = tok.image;
    } else if (this.scanner.scan()) {
      this.type2 = this.scanner.type;
      this.start2 = this.scanner.start;
      this.end2 = this.scanner.end;
      this.image2 = this.scanner.image;
    } else {
      this.type2 = undefined;
      return;
    }
    if (i >= this.sectionEnd && this.defines.size > 0 && this.type2 === T.Word) {
      const image = this.image2 ?? this.text.slice(this.start2, this.end2);
      const tok = substituted({ image, startOffset: this.start2, tokenTypeIdx: T.Word.tokenTypeIdx!, tokenType: T.Word }, this.defines);
      this.type2 = tok.tokenType;
      this.image2 = tok.image;
    }
  }
}
