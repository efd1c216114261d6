// The CstParser for script-language.md §3. Read this first: it parses a SUPERSET of the
// language (any option value token, any attribute combination, any struct field order,
// statements in any order) and build-ast.ts / check.ts narrow it with positioned
// diagnostics, so one mistake yields one precise message instead of a cascade.
// Rule comments name the spec section and packetdrill's parser.y nonterminal.
import type { IParserErrorMessageProvider, IToken, TokenType } from 'chevrotain';
import { EOF } from './chevrotain.js';
import { PacketRules } from './parser-packet.js';
import * as T from './tokens.js';

const K = T.K;

/** What each rule stands for, in script terms, for "expected ..." messages. */
export const RULE_DESCRIPTIONS: Readonly<Record<string, string>> = {
  statement: 'an event (a time such as 0, +0.1 or *), an option line or a back-quoted command',
  optionValue: 'an option value (a number, word, address or quoted string)',
  eventTime: 'a time (e.g. 0, +0.1, *, 0~1)',
  timeNum: 'a time in seconds (e.g. 0, 0.1)',
  action: "a packet (< or >), a system call, a back-quoted command, a %{ }% block or 'state'",
  packetBody: "a TCP flags word (S, S., P., F., R, ., -), 'udp' or 'icmp'",
  tcpFlags: 'a TCP flags word (S, S., P., F., R, ., -)',
  outerHeader: "an outer header ('ipv4', 'ipv6', 'gre' or 'mpls')",
  ipAttrs: 'IP attributes in ( ) or [ ]',
  ipAttr: 'an IP attribute (noecn, ect0, ect1, ect01, ce, tos 0xNN, flowlabel 0xNNNNN, ttl N)',
  tcpOptions: "TCP options in < >",
  tcpOption: 'a TCP option (nop, eol, mss, wscale, sackOK, sack, TS, md5, FO, FOEXP, ECN)',
  accecnField: "an AccECN counter ('e0b', 'ceb' or 'e1b')",
  hexBlob: 'a hex string (e.g. 3021b9d889017eeb)',
  icmpEchoed: "an echoed packet ([start:end(len)], [udp (len)] or [raw (len)])",
  greFlags: "GRE flags ([...] or a number)",
  greFlag: "a GRE flag (none, checksum present, key present, sequence# present)",
  num: 'a number',
  expr: 'a value (..., a number, a symbol, a string, [...] or {...})',
  primary: 'a value (..., a number, a symbol, a string, [...] or {...})',
  braceBody: 'a struct field, a value, an MPLS entry or GRE fields',
  braceItem: 'a struct field (e.g. fd=3) or a value',
  fieldName: 'a struct field name',
  note: 'a note word',
};

function describeToken(tok: IToken): string {
  return tok.tokenType === EOF ? 'the end of the file' : `'${tok.image.length > 40 ? `${tok.image.slice(0, 40)}…` : tok.image}'`;
}

function labelOf(t: TokenType): string {
  return t.LABEL ?? t.name;
}

/** "expected ..." messages in script terms (style.md §c). */
export const errorMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected, actual }) =>
    `expected ${expected === EOF ? RULE_DESCRIPTIONS['statement'] : labelOf(expected)} but found ${describeToken(actual)}`,
  buildNotAllInputParsedMessage: ({ firstRedundant }) =>
    `expected ${RULE_DESCRIPTIONS['statement']} but found ${describeToken(firstRedundant)}`,
  buildNoViableAltMessage: ({ expectedPathsPerAlt, actual, ruleName }) =>
    `expected ${RULE_DESCRIPTIONS[ruleName] ?? firstTokens(expectedPathsPerAlt)} but found ${describeToken(actual[0] ?? actual[actual.length - 1]!)}`,
  buildEarlyExitMessage: ({ expectedIterationPaths, actual, ruleName }) =>
    `expected ${RULE_DESCRIPTIONS[ruleName] ?? firstTokens([expectedIterationPaths])} but found ${describeToken(actual[0]!)}`,
};

function firstTokens(paths: TokenType[][][]): string {
  const labels = new Set(paths.flat().map((p) => (p[0] ? labelOf(p[0]) : 'nothing')));
  return [...labels].join(' or ');
}

/** Script, event and syscall rules; the packet rules live in parser-packet.ts. */
export class ScriptParser extends PacketRules {
  constructor() {
    super([...T.ALL_TOKENS], { recoveryEnabled: true, maxLookahead: 3, errorMessageProvider: errorMessages });
    this.performSelfAnalysis();
  }

  // §3 script; parser.y: script. Order rules (options first, one init/cleanup command)
  // are checked in build-ast.ts.
  script = this.RULE('script', () => {
    this.MANY(() => this.SUBRULE(this.statement));
  });

  // §3 option_line | init/cleanup command | event; parser.y: option_list, command_spec, event
  statement = this.RULE('statement', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.optionLine) },
      { ALT: () => this.CONSUME(T.BackQuoted) },
      { ALT: () => this.SUBRULE(this.event) },
    ]);
  });

  // §2.6 option_line; parser.y: option
  optionLine = this.RULE('optionLine', () => {
    this.CONSUME(T.OptionName);
    this.OPTION(() => {
      this.CONSUME(T.Equals);
      this.SUBRULE(this.optionValue, { LABEL: 'value' });
      this.OPTION2(() => {
        this.CONSUME2(T.Equals);
        this.SUBRULE2(this.optionValue, { LABEL: 'defineValue' });
      });
    });
  });

  // §2.6 option_value (superset: floats and hex are rejected in check.ts); parser.y: opt_value
  optionValue = this.RULE('optionValue', () => {
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
    ]);
  });

  // §3 event; parser.y: event
  event = this.RULE('event', () => {
    this.SUBRULE(this.eventTime);
    this.SUBRULE(this.action);
  });

  // §1.5 / §3 event_time, plus the `...E` blocking end of a syscall; parser.y: event_time
  eventTime = this.RULE('eventTime', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Star) },
      {
        ALT: () => {
          this.OPTION(() => this.CONSUME(T.Plus, { LABEL: 'plus' }));
          this.SUBRULE(this.timeNum, { LABEL: 'start' });
          this.OPTION2(() => {
            this.CONSUME(T.Tilde);
            this.OPTION3(() => this.CONSUME2(T.Plus, { LABEL: 'endPlus' }));
            this.SUBRULE2(this.timeNum, { LABEL: 'end' });
          });
        },
      },
    ]);
    this.OPTION4(() => {
      this.CONSUME(T.Ellipsis);
      this.SUBRULE3(this.timeNum, { LABEL: 'blockEnd' });
    });
  });

  // §2.2 TIME; parser.y: time
  timeNum = this.RULE('timeNum', () => {
    this.OR([{ ALT: () => this.CONSUME(T.Integer) }, { ALT: () => this.CONSUME(T.Float) }]);
  });

  // §3 action; parser.y: action
  action = this.RULE('action', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.packet) },
      { ALT: () => this.SUBRULE(this.syscall) },
      { ALT: () => this.SUBRULE(this.stateAssertion) },
      { ALT: () => this.CONSUME(T.BackQuoted) },
      { ALT: () => this.CONSUME(T.Code) },
    ]);
  });

  // architecture.md "State assertions": `state TCP_X`
  stateAssertion = this.RULE('stateAssertion', () => {
    this.CONSUME(T.Word, { LABEL: 'keyword' });
    this.CONSUME2(T.Word, { LABEL: 'state' });
  });

  // §7 syscall; parser.y: syscall_spec (the errno/note pairing is checked in build-ast.ts)
  syscall = this.RULE('syscall', () => {
    this.CONSUME(T.Word, { LABEL: 'name' });
    this.CONSUME(T.LParen);
    this.OPTION(() => {
      this.SUBRULE(this.expr, { LABEL: 'args' });
      this.MANY(() => {
        this.CONSUME(T.Comma);
        this.SUBRULE2(this.expr, { LABEL: 'args' });
      });
    });
    this.CONSUME(T.RParen);
    this.CONSUME(T.Equals);
    this.SUBRULE3(this.expr, { LABEL: 'result' });
    this.OPTION2(() => this.CONSUME2(T.Word, { LABEL: 'errno' }));
    this.OPTION3(() => this.SUBRULE(this.note));
  });

  // §3 note; parser.y: opt_note
  note = this.RULE('note', () => {
    this.CONSUME(T.LParen);
    this.OR([{ ALT: () => this.CONSUME(T.Word) }, { ALT: () => this.CONSUME(K.flags) }]);
    this.MANY(() => this.CONSUME2(T.Word));
    this.CONSUME(T.RParen);
  });

  // §3 expr: `a | b | c`; parser.y: expression, binary_expression
  expr = this.RULE('expr', () => {
    this.SUBRULE(this.primary);
    this.MANY(() => {
      this.CONSUME(T.Pipe);
      this.SUBRULE2(this.primary);
    });
  });

  // §3 expr alternatives; parser.y: expression
  primary = this.RULE('primary', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Ellipsis) },
      { ALT: () => this.CONSUME(T.Integer) },
      { ALT: () => this.CONSUME(T.HexInteger) },
      {
        ALT: () => {
          this.CONSUME(T.Word);
          this.OPTION(() => {
            this.CONSUME(T.Equals);
            this.SUBRULE(this.expr, { LABEL: 'value' });
          });
        },
      },
      {
        ALT: () => {
          this.AT_LEAST_ONE(() => this.CONSUME(T.StringLit));
          this.OPTION2(() => this.CONSUME2(T.Ellipsis, { LABEL: 'stringEllipsis' }));
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.LBracket);
          this.OPTION3(() => {
            this.SUBRULE2(this.expr, { LABEL: 'items' });
            this.MANY(() => {
              this.CONSUME(T.Comma);
              this.SUBRULE3(this.expr, { LABEL: 'items' });
            });
          });
          this.CONSUME(T.RBracket);
        },
      },
      { ALT: () => { this.CONSUME(T.LBrace); this.SUBRULE(this.braceBody); this.CONSUME(T.RBrace); } },
      { ALT: () => this.SUBRULE(this.callLike) },
    ]);
  });

  // §7.4 inet_addr("a.b.c.d"), inet6_addr("x::y"), htons(N); parser.y: inaddr, sockaddr
  callLike = this.RULE('callLike', () => {
    this.OR([
      { ALT: () => this.CONSUME(K.inet_addr) },
      { ALT: () => this.CONSUME(K.inet6_addr) },
      { ALT: () => this.CONSUME(K.htons) },
    ]);
    this.CONSUME(T.LParen);
    this.OR2([{ ALT: () => this.CONSUME(T.StringLit) }, { ALT: () => this.CONSUME(T.Integer) }]);
    this.CONSUME(T.RParen);
  });

  // §3/§7.4 `{ ... }`: struct literals, generic lists, MPLS stacks, GRE fields
  braceBody = this.RULE('braceBody', () => {
    this.OPTION(() =>
      this.OR([
        { ALT: () => this.AT_LEAST_ONE(() => this.SUBRULE(this.mplsEntry)) },
        { ALT: () => this.SUBRULE(this.greFields) },
        {
          ALT: () => {
            this.SUBRULE(this.braceItem);
            this.MANY(() => {
              this.CONSUME(T.Comma);
              this.SUBRULE2(this.braceItem);
            });
          },
        },
      ]),
    );
  });

  // `field=expr`, `msg_iov(N)=...`, `msg_name(...)=...`, or a plain value
  braceItem = this.RULE('braceItem', () => {
    this.OR([
      {
        ALT: () => {
          this.SUBRULE(this.fieldName);
          this.OPTION(() => {
            this.CONSUME(T.LParen);
            this.OR2([
              { ALT: () => this.CONSUME(T.Ellipsis) },
              { ALT: () => this.CONSUME(T.Integer, { LABEL: 'count' }) },
            ]);
            this.CONSUME(T.RParen);
          });
          this.CONSUME(T.Equals);
          this.SUBRULE(this.expr, { LABEL: 'value' });
        },
      },
      { ALT: () => this.SUBRULE2(this.expr) },
    ]);
  });

  // §2.4 struct field keywords (§7.4)
  fieldName = this.RULE('fieldName', () => {
    this.OR(FIELD_KEYWORDS.map((kw) => ({ ALT: () => this.CONSUME(K[kw]) })));
  });
}

export const FIELD_KEYWORDS = [
  'sa_family', 'sin_port', 'sin_addr', 'msg_name', 'msg_iov', 'msg_flags', 'msg_control',
  'cmsg_level', 'cmsg_type', 'cmsg_data', 'ee_errno', 'ee_origin', 'ee_type', 'ee_code',
  'ee_info', 'ee_data', 'scm_sec', 'scm_nsec', 'fd', 'events', 'revents', 'ptr', 'u32',
  'u64', 'onoff', 'linger',
] as const;

/** The one parser instance; setting `.input` resets it (style.md §c). */
export const scriptParser = new ScriptParser();
