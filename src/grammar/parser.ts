// The parser for script-language.md §3, an EmbeddedActionsParser whose rules build the AST
// directly (build-ast.ts). Read this first: it parses a SUPERSET of the language (any
// option value token, any attribute combination, any struct field order, statements in
// any order) and build-ast.ts / check.ts narrow it with positioned diagnostics, so one
// mistake yields one precise message instead of a cascade. Rule comments name the spec
// section and packetdrill's parser.y nonterminal.
//
// Chevrotain's own recovery is off. It repairs a statement token by token (inserting or
// deleting one), which reports several errors for one slip and lets the repaired
// statement into the AST, and its bookkeeping costs about 4x in parse time even on valid
// input. Instead the parser stops at a syntax error and resync.ts restarts it at the next
// line, so every broken statement is reported once and the statements that parsed are
// checked.
import type { IRecognitionException, IToken, TokenType } from 'chevrotain';
import type { Action, EventTime, Expr, MplsEntry, OptionLine } from './ast.js';
import type { Statement } from './assemble.js';
import type { AstBuilder, BlockEnd, TimeNum } from './build-ast.js';
import type { Item } from './build-expr.js';
import { PacketRules } from './parser-packet.js';
import { errorMessages } from './parser-messages.js';
import * as T from './tokens.js';

const K = T.K;

/** Script, event and syscall rules; the packet rules live in parser-packet.ts. */
export class ScriptParser extends PacketRules {
  private starters: ReadonlySet<TokenType> | undefined;

  /**
   * `validate`: run Chevrotain's checks of the grammar (ambiguities, left recursion). They
   * cost ~20 ms of every `tcpdrill check`, so test/grammar/parser.ts runs them once instead.
   */
  constructor(opts: { readonly validate: boolean }) {
    super([...T.ALL_TOKENS], { recoveryEnabled: false, maxLookahead: 3, errorMessageProvider: errorMessages, skipValidations: !opts.validate });
    this.performSelfAnalysis();
  }

  /**
   * Hand the statements of `tokens` to `builder` one by one, up to the end or the first
   * syntax error, which is returned. Setting `.input` resets the parser (style.md §c).
   */
  parseStatements(tokens: IToken[], builder: AstBuilder): IRecognitionException | undefined {
    this.b = builder;
    this.input = tokens;
    this.script();
    return this.errors[0];
  }

  /** The token types a statement can begin with, from the grammar itself. */
  statementStarters(): ReadonlySet<TokenType> {
    this.starters ??= new Set(this.computeContentAssist('statement', []).map((p) => p.nextTokenType));
    return this.starters;
  }

  // §3 script; parser.y: script. Order rules (options first, one init/cleanup command)
  // are checked by the builder's ScriptAssembler.
  script = this.RULE('script', () => {
    this.MANY(() => {
      const first = this.ACTION(() => this.LA(1));
      const statement = this.SUBRULE(this.statement);
      this.ACTION(() => this.b.statement(first, this.LA(0), statement));
    });
  });

  // §3 option_line | init/cleanup command | event; parser.y: option_list, command_spec, event
  statement = this.RULE('statement', (): Statement =>
    this.OR([
      { ALT: () => this.SUBRULE(this.optionLine) },
      {
        ALT: () => {
          const tok = this.CONSUME(T.BackQuoted);
          return this.ACTION(() => this.b.command(tok));
        },
      },
      { ALT: () => this.SUBRULE(this.event) },
    ]),
  );

  // §2.6 option_line; parser.y: option
  optionLine = this.RULE('optionLine', (): OptionLine => {
    const name = this.CONSUME(T.OptionName);
    let value: IToken | undefined;
    let defineValue: IToken | undefined;
    this.OPTION(() => {
      this.CONSUME(T.Equals);
      value = this.SUBRULE(this.optionValue);
      this.OPTION2(() => {
        this.CONSUME2(T.Equals);
        defineValue = this.SUBRULE2(this.optionValue);
      });
    });
    return this.ACTION(() => this.b.optionLine(name, value, defineValue));
  });

  // §2.6 option_value (superset: floats and hex are rejected in build-ast.ts); parser.y: opt_value
  optionValue = this.RULE('optionValue', (): IToken =>
    this.OR([
      { ALT: () => this.CONSUME(T.Integer) },
      { ALT: () => this.CONSUME(T.Word) },
      { ALT: () => this.CONSUME(T.StringLit) },
      { ALT: () => this.CONSUME(T.BackQuoted) },
      { ALT: () => this.CONSUME(T.Ipv4Addr) },
      { ALT: () => this.CONSUME(T.Ipv6Addr) },
      { ALT: () => this.CONSUME(K.ipv4) },
      { ALT: () => this.CONSUME(K.ipv6) },
      { ALT: () => this.CONSUME(T.Float) },
      { ALT: () => this.CONSUME(T.HexInteger) },
    ]),
  );

  // §3 event; parser.y: event
  event = this.RULE('event', (): Statement => {
    const time = this.SUBRULE(this.eventTime);
    const blockEnd = this.ACTION(() => time.blockEnd);
    const action = this.SUBRULE(this.action, { ARGS: [blockEnd] });
    return this.ACTION(() => this.b.event(time.time, blockEnd, action));
  });

  // §1.5 / §3 event_time, plus the `...E` blocking end of a syscall; parser.y: event_time
  eventTime = this.RULE('eventTime', (): { time: EventTime; blockEnd: BlockEnd } => {
    const time = this.OR([
      {
        ALT: () => {
          const star = this.CONSUME(T.Star);
          return this.ACTION(() => this.b.anyTime(star));
        },
      },
      {
        ALT: () => {
          const plus = this.OPTION(() => this.CONSUME(T.Plus));
          const start = this.SUBRULE(this.timeNum);
          let endPlus: IToken | undefined;
          let end: TimeNum | undefined;
          this.OPTION2(() => {
            this.CONSUME(T.Tilde);
            endPlus = this.OPTION3(() => this.CONSUME2(T.Plus));
            end = this.SUBRULE2(this.timeNum);
          });
          return this.ACTION(() => this.b.pointOrWindow(plus, start, endPlus, end));
        },
      },
    ]);
    const blockEnd = this.OPTION4(() => {
      this.CONSUME(T.Ellipsis);
      return this.SUBRULE3(this.timeNum);
    });
    return { time, blockEnd };
  });

  // §2.2 TIME; parser.y: time
  timeNum = this.RULE('timeNum', (): TimeNum => {
    const tok = this.OR([{ ALT: () => this.CONSUME(T.Integer) }, { ALT: () => this.CONSUME(T.Float) }]);
    return this.ACTION(() => this.b.timeNum(tok));
  });

  // §3 action; parser.y: action
  action = this.RULE('action', (blockEnd: BlockEnd): Action | undefined =>
    this.OR([
      { ALT: () => this.SUBRULE(this.packet) },
      { ALT: () => this.SUBRULE(this.syscall, { ARGS: [blockEnd] }) },
      { ALT: () => this.SUBRULE(this.stateAssertion) },
      {
        ALT: () => {
          const tok = this.CONSUME(T.BackQuoted);
          return this.ACTION(() => this.b.command(tok));
        },
      },
      {
        ALT: () => {
          const tok = this.CONSUME(T.Code);
          return this.ACTION(() => this.b.code(tok));
        },
      },
    ]),
  );

  // architecture.md "State assertions": `state TCP_X`
  stateAssertion = this.RULE('stateAssertion', (): Action | undefined => {
    const keyword = this.CONSUME(T.Word);
    const state = this.CONSUME2(T.Word);
    return this.ACTION(() => this.b.stateAssertion(keyword, state));
  });

  // §7 syscall; parser.y: syscall_spec (the errno/note pairing is checked in build-ast.ts)
  syscall = this.RULE('syscall', (end: BlockEnd): Action => {
    const name = this.CONSUME(T.Word);
    const args: Expr[] = [];
    this.CONSUME(T.LParen);
    this.OPTION(() => {
      args.push(this.SUBRULE(this.expr));
      this.MANY(() => {
        this.CONSUME(T.Comma);
        args.push(this.SUBRULE2(this.expr));
      });
    });
    this.CONSUME(T.RParen);
    const equals = this.CONSUME(T.Equals);
    const result = this.SUBRULE3(this.expr);
    const errno = this.OPTION2(() => this.CONSUME2(T.Word));
    const note = this.OPTION3(() => this.SUBRULE(this.note));
    return this.ACTION(() => this.b.syscall(name, args, equals, result, errno, note, end));
  });

  // §3 note; parser.y: opt_note
  note = this.RULE('note', (): string => {
    const words: IToken[] = [];
    this.CONSUME(T.LParen);
    words.push(this.OR([{ ALT: () => this.CONSUME(T.Word) }, { ALT: () => this.CONSUME(K.flags) }]));
    this.MANY(() => words.push(this.CONSUME2(T.Word)));
    this.CONSUME(T.RParen);
    return this.ACTION(() => words.map((t) => t.image).join(' '));
  });

  // §3 expr: `a | b | c`; parser.y: expression, binary_expression
  expr = this.RULE('expr', (): Expr => {
    let left = this.SUBRULE(this.primary);
    this.MANY(() => {
      this.CONSUME(T.Pipe);
      const right = this.SUBRULE2(this.primary);
      left = this.ACTION(() => this.b.or(left, right));
    });
    return left;
  });

  // §3 expr alternatives; parser.y: expression
  primary = this.RULE('primary', (): Expr =>
    this.OR([
      {
        ALT: () => {
          const tok = this.CONSUME(T.Ellipsis);
          return this.ACTION(() => this.b.ellipsis(tok));
        },
      },
      {
        ALT: () => {
          const tok = this.CONSUME(T.Integer);
          return this.ACTION(() => this.b.int(tok));
        },
      },
      {
        ALT: () => {
          const tok = this.CONSUME(T.HexInteger);
          return this.ACTION(() => this.b.int(tok));
        },
      },
      {
        ALT: () => {
          const tok = this.CONSUME(T.Word);
          const value = this.OPTION(() => {
            this.CONSUME(T.Equals);
            return this.SUBRULE(this.expr);
          });
          return this.ACTION(() => this.b.symbol(tok, value));
        },
      },
      {
        ALT: () => {
          const toks: IToken[] = [];
          this.AT_LEAST_ONE(() => toks.push(this.CONSUME(T.StringLit)));
          const ellipsis = this.OPTION2(() => this.CONSUME2(T.Ellipsis));
          return this.ACTION(() => this.b.string(toks, ellipsis !== undefined));
        },
      },
      {
        ALT: () => {
          const open = this.CONSUME(T.LBracket);
          const items: Expr[] = [];
          this.OPTION3(() => {
            items.push(this.SUBRULE2(this.expr));
            this.MANY(() => {
              this.CONSUME(T.Comma);
              items.push(this.SUBRULE3(this.expr));
            });
          });
          this.CONSUME(T.RBracket);
          return this.ACTION(() => this.b.list(open, items));
        },
      },
      {
        ALT: () => {
          const open = this.CONSUME(T.LBrace);
          const body = this.SUBRULE(this.braceBody, { ARGS: [open] });
          this.CONSUME(T.RBrace);
          return body;
        },
      },
      { ALT: () => this.SUBRULE(this.callLike) },
    ]),
  );

  // §7.4 inet_addr("a.b.c.d"), inet6_addr("x::y"), htons(N); parser.y: inaddr, sockaddr
  callLike = this.RULE('callLike', (): Expr => {
    const fn = this.OR([
      { ALT: () => this.CONSUME(K.inet_addr) },
      { ALT: () => this.CONSUME(K.inet6_addr) },
      { ALT: () => this.CONSUME(K.htons) },
    ]);
    this.CONSUME(T.LParen);
    const arg = this.OR2([{ ALT: () => this.CONSUME(T.StringLit) }, { ALT: () => this.CONSUME(T.Integer) }]);
    this.CONSUME(T.RParen);
    return this.ACTION(() => this.b.callLike(fn, arg));
  });

  // §3/§7.4 `{ ... }`: struct literals, generic lists, MPLS stacks, GRE fields
  braceBody = this.RULE('braceBody', (open: IToken): Expr => {
    const body = this.OPTION(() =>
      this.OR([
        {
          ALT: () => {
            const entries: MplsEntry[] = [];
            this.AT_LEAST_ONE(() => entries.push(this.SUBRULE(this.mplsEntry)));
            return this.ACTION(() => this.b.mplsStack(entries, this.b.at(open)));
          },
        },
        {
          ALT: () => {
            const fields = this.SUBRULE(this.greFields);
            return this.ACTION(() => this.b.gre(fields, this.b.at(open)));
          },
        },
        {
          ALT: () => {
            const items = [this.SUBRULE(this.braceItem)];
            this.MANY(() => {
              this.CONSUME(T.Comma);
              items.push(this.SUBRULE2(this.braceItem));
            });
            return this.ACTION(() => this.b.braces(items, this.b.at(open)));
          },
        },
      ]),
    );
    return body ?? this.ACTION(() => this.b.mplsStack([], this.b.at(open)));
  });

  // `field=expr`, `msg_iov(N)=...`, `msg_name(...)=...`, or a plain value
  braceItem = this.RULE('braceItem', (): Item =>
    this.OR([
      {
        ALT: () => {
          const field = this.SUBRULE(this.fieldName);
          const count = this.OPTION(() => {
            this.CONSUME(T.LParen);
            const inner = this.OR2([
              { ALT: () => { this.CONSUME(T.Ellipsis); return undefined; } },
              { ALT: () => this.CONSUME(T.Integer) },
            ]);
            this.CONSUME(T.RParen);
            return inner;
          });
          this.CONSUME(T.Equals);
          const value = this.SUBRULE(this.expr);
          return this.ACTION(() => this.b.item(field, count, value));
        },
      },
      {
        ALT: () => {
          const value = this.SUBRULE2(this.expr);
          return this.ACTION(() => this.b.item(undefined, undefined, value));
        },
      },
    ]),
  );

  // §2.4 struct field keywords (§7.4)
  fieldName = this.RULE('fieldName', (): IToken =>
    this.OR(FIELD_KEYWORDS.map((kw) => ({ ALT: () => this.CONSUME(K[kw]) }))),
  );
}

export const FIELD_KEYWORDS = [
  'sa_family', 'sin_port', 'sin_addr', 'msg_name', 'msg_iov', 'msg_flags', 'msg_control',
  'cmsg_level', 'cmsg_type', 'cmsg_data', 'ee_errno', 'ee_origin', 'ee_type', 'ee_code',
  'ee_info', 'ee_data', 'scm_sec', 'scm_nsec', 'fd', 'events', 'revents', 'ptr', 'u32',
  'u64', 'onoff', 'linger',
] as const;

/** Built on first use, not at import: grammar analysis costs ~15 ms (style.md §d, no import-time work). */
class Lazy<V> {
  private value: V | undefined;
  constructor(private readonly make: () => V) {}
  get(): V {
    this.value ??= this.make();
    return this.value;
  }
}

/** The one instance; each parse resets it. */
export const scriptParser = new Lazy(() => new ScriptParser({ validate: false }));
