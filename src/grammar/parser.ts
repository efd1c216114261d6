// The parser for script-language.md §3, an EmbeddedActionsParser whose rules build the AST
// directly (build-ast.ts). Read this first: it parses a SUPERSET of the language (any
// option value token, any attribute combination, any struct field order, statements in
// any order) and build-ast.ts / check.ts narrow it with positioned diagnostics, so one
// mistake yields one precise message instead of a cascade. Rule comments name the spec
// section and packetdrill's parser.y nonterminal.
//
// The grammar has two instances (style.md §c asks for recovery on): Chevrotain's recovery bookkeeping costs
// about 4x in parse time even on valid input, so a script is parsed first without it, and
// one with a syntax error again by the recovering instance, which reports every error.
// Both take the same path through the grammar up to the first error, so a clean parse is
// the same in both.
import type { IToken } from 'chevrotain';
import type { Action, EventTime, Expr, MplsEntry, OptionLine, Script } from './ast.js';
import type { AstBuilder, BlockEnd, Statement, TimeNum } from './build-ast.js';
import type { Item } from './build-expr.js';
import { PacketRules } from './parser-packet.js';
import { errorMessages } from './parser-messages.js';
import * as T from './tokens.js';

const K = T.K;

/** Script, event and syscall rules; the packet rules live in parser-packet.ts. */
export class ScriptParser extends PacketRules {
  constructor(opts: { readonly recover: boolean }) {
    super([...T.ALL_TOKENS], { recoveryEnabled: opts.recover, maxLookahead: 3, errorMessageProvider: errorMessages });
    this.tolerant = opts.recover;
    this.performSelfAnalysis();
  }

  /** Parse `tokens` into a Script (undefined if a syntax error stopped it); errors are in `.errors`. */
  parse(tokens: IToken[], builder: AstBuilder): Script | undefined {
    this.b = builder;
    this.input = tokens;
    return this.script();
  }

  // §3 script; parser.y: script. Order rules (options first, one init/cleanup command)
  // are checked by the ScriptAssembler.
  script = this.RULE('script', (): Script => {
    const assembler = this.act(() => this.b.scriptAssembler());
    this.MANY(() => {
      const statement = this.SUBRULE(this.statement);
      this.act(() => assembler.add(statement));
    });
    return this.act(() => assembler.finish());
  });

  // §3 option_line | init/cleanup command | event; parser.y: option_list, command_spec, event
  statement = this.RULE('statement', (): Statement =>
    this.OR([
      { ALT: () => this.SUBRULE(this.optionLine) },
      {
        ALT: () => {
          const tok = this.CONSUME(T.BackQuoted);
          return this.act(() => this.b.command(tok));
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
    return this.act(() => this.b.optionLine(name, value, defineValue));
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
    const blockEnd = this.act(() => time.blockEnd);
    const action = this.SUBRULE(this.action, { ARGS: [blockEnd] });
    return this.act(() => this.b.event(time.time, blockEnd, action));
  });

  // §1.5 / §3 event_time, plus the `...E` blocking end of a syscall; parser.y: event_time
  eventTime = this.RULE('eventTime', (): { time: EventTime; blockEnd: BlockEnd } => {
    const time = this.OR([
      {
        ALT: () => {
          const star = this.CONSUME(T.Star);
          return this.act(() => this.b.anyTime(star));
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
          return this.act(() => this.b.pointOrWindow(plus, start, endPlus, end));
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
    return this.act(() => this.b.timeNum(tok));
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
          return this.act(() => this.b.command(tok));
        },
      },
      {
        ALT: () => {
          const tok = this.CONSUME(T.Code);
          return this.act(() => this.b.code(tok));
        },
      },
    ]),
  );

  // architecture.md "State assertions": `state TCP_X`
  stateAssertion = this.RULE('stateAssertion', (): Action | undefined => {
    const keyword = this.CONSUME(T.Word);
    const state = this.CONSUME2(T.Word);
    return this.act(() => this.b.stateAssertion(keyword, state));
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
    return this.act(() => this.b.syscall(name, args, equals, result, errno, note, end));
  });

  // §3 note; parser.y: opt_note
  note = this.RULE('note', (): string => {
    const words: IToken[] = [];
    this.CONSUME(T.LParen);
    words.push(this.OR([{ ALT: () => this.CONSUME(T.Word) }, { ALT: () => this.CONSUME(K.flags) }]));
    this.MANY(() => words.push(this.CONSUME2(T.Word)));
    this.CONSUME(T.RParen);
    return this.act(() => words.map((t) => t.image).join(' '));
  });

  // §3 expr: `a | b | c`; parser.y: expression, binary_expression
  expr = this.RULE('expr', (): Expr => {
    let left = this.SUBRULE(this.primary);
    this.MANY(() => {
      this.CONSUME(T.Pipe);
      const right = this.SUBRULE2(this.primary);
      left = this.act(() => this.b.or(left, right));
    });
    return left;
  });

  // §3 expr alternatives; parser.y: expression
  primary = this.RULE('primary', (): Expr =>
    this.OR([
      {
        ALT: () => {
          const tok = this.CONSUME(T.Ellipsis);
          return this.act(() => this.b.ellipsis(tok));
        },
      },
      {
        ALT: () => {
          const tok = this.CONSUME(T.Integer);
          return this.act(() => this.b.int(tok));
        },
      },
      {
        ALT: () => {
          const tok = this.CONSUME(T.HexInteger);
          return this.act(() => this.b.int(tok));
        },
      },
      {
        ALT: () => {
          const tok = this.CONSUME(T.Word);
          const value = this.OPTION(() => {
            this.CONSUME(T.Equals);
            return this.SUBRULE(this.expr);
          });
          return this.act(() => this.b.symbol(tok, value));
        },
      },
      {
        ALT: () => {
          const toks: IToken[] = [];
          this.AT_LEAST_ONE(() => toks.push(this.CONSUME(T.StringLit)));
          const ellipsis = this.OPTION2(() => this.CONSUME2(T.Ellipsis));
          return this.act(() => this.b.string(toks, ellipsis !== undefined));
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
          return this.act(() => this.b.list(open, items));
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
    return this.act(() => this.b.callLike(fn, arg));
  });

  // §3/§7.4 `{ ... }`: struct literals, generic lists, MPLS stacks, GRE fields
  braceBody = this.RULE('braceBody', (open: IToken): Expr => {
    const body = this.OPTION(() =>
      this.OR([
        {
          ALT: () => {
            const entries: MplsEntry[] = [];
            this.AT_LEAST_ONE(() => entries.push(this.SUBRULE(this.mplsEntry)));
            return this.act(() => this.b.mplsStack(entries, this.b.at(open)));
          },
        },
        {
          ALT: () => {
            const fields = this.SUBRULE(this.greFields);
            return this.act(() => this.b.gre(fields, this.b.at(open)));
          },
        },
        {
          ALT: () => {
            const items = [this.SUBRULE(this.braceItem)];
            this.MANY(() => {
              this.CONSUME(T.Comma);
              items.push(this.SUBRULE2(this.braceItem));
            });
            return this.act(() => this.b.braces(items, this.b.at(open)));
          },
        },
      ]),
    );
    return body ?? this.act(() => this.b.mplsStack([], this.b.at(open)));
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
          return this.act(() => this.b.item(field, count, value));
        },
      },
      {
        ALT: () => {
          const value = this.SUBRULE2(this.expr);
          return this.act(() => this.b.item(undefined, undefined, value));
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

/** Built on first use (grammar analysis costs ~15 ms of start-up): most scripts never need it. */
class Lazy<V> {
  private value: V | undefined;
  constructor(private readonly make: () => V) {}
  get(): V {
    this.value ??= this.make();
    return this.value;
  }
}

/** The instance without recovery; setting `.input` resets it (style.md §c). */
export const plainParser = new Lazy(() => new ScriptParser({ recover: false }));

/** The instance that re-parses a script with syntax errors, with recovery on (style.md §c). */
export const recoveringParser = new Lazy(() => new ScriptParser({ recover: true }));
