// The fast path of parsing: a hand-written recursive-descent copy of the grammar in
// parser.ts, one method per rule, that builds the AST with the same AstBuilder calls in the
// same order. Read this first: parser.ts is the grammar and the only source of syntax
// errors. Chevrotain's parser takes ~120 ns a token just to recognize it, even without
// recovery or actions (BENCHMARKS.md, issue 2), so a script is parsed here first; wherever
// the grammar would report a syntax error this copy gives up, and index.ts parses the
// script again with Chevrotain.
// fast-path.ts feeds it tokens one at a time (token-stream.ts).
// test/grammar/descent.ts holds the two to the same ASTs and diagnostics.
import type { IToken, TokenType } from 'chevrotain';
import type { Action, EventTime, Expr, MplsEntry, OptionLine, Script } from './ast.js';
import type { AstBuilder, BlockEnd, Statement, TimeNum } from './build-ast.js';
import type { Item } from './build-expr.js';
import { DescentPackets, GIVE_UP } from './descent-packet.js';
import { FIELD_KEYWORDS } from './parser.js';
import type { TokenStream } from './token-stream.js';
import * as T from './tokens.js';

const K = T.K;

const OPTION_VALUES: ReadonlySet<TokenType> = new Set([
  T.Integer, T.Word, T.StringLit, T.BackQuoted, T.Ipv4Addr, T.Ipv6Addr, K.ipv4, K.ipv6, T.Float, T.HexInteger,
]);
const FIELD_NAMES: ReadonlySet<TokenType> = new Set(FIELD_KEYWORDS.map((kw) => K[kw]));
const CALL_LIKE: ReadonlySet<TokenType> = new Set([K.inet_addr, K.inet6_addr, K.htons]);
const TIME_NUMS: ReadonlySet<TokenType> = new Set([T.Integer, T.Float]);
const NOTE_FIRST: ReadonlySet<TokenType> = new Set([T.Word, K.flags]);

/** The script `tokens` make, or undefined where parser.ts would report a syntax error. */
export function parseFast(tokens: TokenStream, b: AstBuilder): Script | undefined {
  try {
    return new Descent(tokens, b).script();
  } catch (e) {
    if (e === GIVE_UP) return undefined;
    throw e;
  }
}

class Descent extends DescentPackets {
  // §3 script
  script(): Script {
    const assembler = this.b.scriptAssembler();
    while (!this.atEnd) assembler.add(this.statement());
    return assembler.finish();
  }

  private statement(): Statement {
    const t = this.la();
    if (t === T.OptionName) return this.optionLine();
    if (t === T.BackQuoted) return this.b.command(this.consume(t));
    return this.event();
  }

  // §2.6 option_line
  private optionLine(): OptionLine {
    const name = this.consume(T.OptionName);
    let value: IToken | undefined;
    let defineValue: IToken | undefined;
    if (this.skipIf(T.Equals)) {
      value = this.consumeOneOf(OPTION_VALUES);
      if (this.skipIf(T.Equals)) defineValue = this.consumeOneOf(OPTION_VALUES);
    }
    return this.b.optionLine(name, value, defineValue);
  }

  // §3 event
  private event(): Statement {
    const { time, blockEnd } = this.eventTime();
    const action = this.action(blockEnd);
    return this.b.event(time, blockEnd, action);
  }

  private eventTime(): { time: EventTime; blockEnd: BlockEnd } {
    let time: EventTime;
    if (this.la() === T.Star) time = this.b.anyTime(this.consume(T.Star));
    else {
      const plus = this.accept(T.Plus);
      const start = this.timeNum();
      let endPlus: IToken | undefined;
      let end: TimeNum | undefined;
      if (this.skipIf(T.Tilde)) {
        endPlus = this.accept(T.Plus);
        end = this.timeNum();
      }
      time = this.b.pointOrWindow(plus, start, endPlus, end);
    }
    const blockEnd = this.skipIf(T.Ellipsis) ? this.timeNum() : undefined;
    return { time, blockEnd };
  }

  private timeNum(): TimeNum {
    return this.b.timeNum(this.consumeOneOf(TIME_NUMS));
  }

  // §3 action: a word followed by '(' is a syscall, by a word a state assertion (LL(2)).
  private action(blockEnd: BlockEnd): Action | undefined {
    const t = this.la();
    if (t === T.Lt || t === T.Gt) return this.packet();
    if (t === T.Word) return this.la(2) === T.Word ? this.stateAssertion() : this.syscall(blockEnd);
    if (t === T.BackQuoted) return this.b.command(this.consume(t));
    return this.b.code(this.consume(T.Code));
  }

  private stateAssertion(): Action | undefined {
    const keyword = this.consume(T.Word);
    return this.b.stateAssertion(keyword, this.consume(T.Word));
  }

  // §7 syscall
  private syscall(end: BlockEnd): Action {
    const name = this.consume(T.Word);
    const args: Expr[] = [];
    this.expect(T.LParen);
    if (this.la() !== T.RParen) {
      args.push(this.expr());
      while (this.skipIf(T.Comma)) args.push(this.expr());
    }
    this.expect(T.RParen);
    const equals = this.consume(T.Equals);
    const result = this.expr();
    const errno = this.accept(T.Word);
    const note = this.la() === T.LParen ? this.note() : undefined;
    return this.b.syscall(name, args, equals, result, errno, note, end);
  }

  private note(): string {
    this.expect(T.LParen);
    const words = [this.consumeOneOf(NOTE_FIRST)];
    for (let w = this.accept(T.Word); w; w = this.accept(T.Word)) words.push(w);
    this.expect(T.RParen);
    return words.map((t) => t.image).join(' ');
  }

  // §3 expr
  private expr(): Expr {
    let left = this.primary();
    while (this.skipIf(T.Pipe)) left = this.b.or(left, this.primary());
    return left;
  }

  private primary(): Expr {
    const t = this.la();
    switch (t) {
      case T.Ellipsis:
        return this.b.ellipsis(this.consume(t));
      case T.Integer:
      case T.HexInteger:
        return this.b.int(this.consume(t));
      case T.Word: {
        const tok = this.consume(t);
        return this.b.symbol(tok, this.skipIf(T.Equals) ? this.expr() : undefined);
      }
      case T.StringLit: {
        const toks = [this.consume(t)];
        for (let s = this.accept(T.StringLit); s; s = this.accept(T.StringLit)) toks.push(s);
        return this.b.string(toks, this.skipIf(T.Ellipsis));
      }
      case T.LBracket: {
        const open = this.consume(t);
        const items: Expr[] = [];
        if (this.la() !== T.RBracket) {
          items.push(this.expr());
          while (this.skipIf(T.Comma)) items.push(this.expr());
        }
        this.expect(T.RBracket);
        return this.b.list(open, items);
      }
      case T.LBrace: {
        const open = this.consume(t);
        const body = this.braceBody(open);
        this.expect(T.RBrace);
        return body;
      }
      default:
        return this.callLike();
    }
  }

  private callLike(): Expr {
    const fn = this.consumeOneOf(CALL_LIKE);
    this.expect(T.LParen);
    const arg = this.accept(T.StringLit) ?? this.consume(T.Integer);
    this.expect(T.RParen);
    return this.b.callLike(fn, arg);
  }

  // §3/§7.4 `{ ... }`
  private braceBody(open: IToken): Expr {
    const t = this.la();
    if (t === T.RBrace) return this.b.mplsStack([], this.b.at(open));
    if (t === T.LParen) {
      const entries: MplsEntry[] = [];
      while (this.la() === T.LParen) entries.push(this.mplsEntry());
      return this.b.mplsStack(entries, this.b.at(open));
    }
    if (t === K.flags) {
      const fields = this.greFields();
      return this.b.gre(fields, this.b.at(open));
    }
    const items = [this.braceItem()];
    while (this.skipIf(T.Comma)) items.push(this.braceItem());
    return this.b.braces(items, this.b.at(open));
  }

  private braceItem(): Item {
    const t = this.la();
    if (t === undefined || !FIELD_NAMES.has(t)) return this.b.item(undefined, undefined, this.expr());
    const field = this.consume(t);
    let count: IToken | undefined;
    if (this.skipIf(T.LParen)) {
      if (!this.skipIf(T.Ellipsis)) count = this.consume(T.Integer);
      this.expect(T.RParen);
    }
    this.expect(T.Equals);
    return this.b.item(field, count, this.expr());
  }
}
