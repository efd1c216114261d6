// The CstParser for script-language.md §3. Read this first: it parses a SUPERSET of the
// language (any option value token, any attribute combination, any struct field order,
// statements in any order) and build-ast.ts / check.ts narrow it with positioned
// diagnostics, so one mistake yields one precise message instead of a cascade.
// Rule comments name the spec section and packetdrill's parser.y nonterminal.
import type { IParserErrorMessageProvider, IToken, TokenType } from 'chevrotain';
import { CstParser, EOF } from './chevrotain.js';
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

export class ScriptParser extends CstParser {
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

  // §4.1 packet; parser.y: packet_spec
  packet = this.RULE('packet', () => {
    this.OR([{ ALT: () => this.CONSUME(T.Lt) }, { ALT: () => this.CONSUME(T.Gt) }]);
    this.MANY(() => this.SUBRULE(this.outerHeader));
    this.OPTION(() => this.SUBRULE(this.ipAttrs));
    this.OPTION2(() => this.SUBRULE(this.pspEncap));
    this.SUBRULE(this.packetBody);
  });

  // §4.1; parser.y: tcp_packet_spec | udp_packet_spec | icmp_packet_spec
  packetBody = this.RULE('packetBody', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.udpBody) },
      { ALT: () => this.SUBRULE(this.icmpBody) },
      { ALT: () => this.SUBRULE(this.tcpBody) },
    ]);
  });

  // §4.10 outer headers; parser.y: packet_prefix (ip_prefix, gre_prefix, mpls_prefix)
  outerHeader = this.RULE('outerHeader', () => {
    this.OR([
      {
        ALT: () => {
          this.OR2([{ ALT: () => this.CONSUME(K.ipv4) }, { ALT: () => this.CONSUME(K.ipv6) }]);
          this.OPTION(() => this.SUBRULE(this.ipAttrs));
          this.SUBRULE(this.address, { LABEL: 'src' });
          this.CONSUME(T.Gt);
          this.SUBRULE2(this.address, { LABEL: 'dst' });
        },
      },
      {
        ALT: () => {
          this.CONSUME(K.gre);
          this.OPTION2(() => this.CONSUME(T.Comma));
          this.OPTION3(() => this.SUBRULE(this.greFields));
        },
      },
      {
        ALT: () => {
          this.CONSUME(K.mpls);
          this.MANY(() => this.SUBRULE(this.mplsEntry));
        },
      },
    ]);
    this.CONSUME(T.Colon);
  });

  address = this.RULE('address', () => {
    this.OR([{ ALT: () => this.CONSUME(T.Ipv4Addr) }, { ALT: () => this.CONSUME(T.Ipv6Addr) }]);
  });

  // §3 gre_fields; parser.y: gre_header_spec
  greFields = this.RULE('greFields', () => {
    this.CONSUME(K.flags);
    this.SUBRULE(this.greFlags);
    this.OPTION(() => this.CONSUME(T.Comma));
    this.CONSUME(K.sum);
    this.SUBRULE(this.num, { LABEL: 'sum' });
    this.OPTION2(() => this.CONSUME2(T.Comma));
    this.CONSUME(K.off);
    this.SUBRULE2(this.num, { LABEL: 'off' });
    this.OPTION3(() => this.CONSUME3(T.Comma));
    this.CONSUME(K.key);
    this.OPTION4(() => this.CONSUME(T.Equals));
    this.SUBRULE3(this.num, { LABEL: 'key' });
    this.OPTION5(() => this.CONSUME4(T.Comma));
    this.CONSUME(K.seq);
    this.SUBRULE4(this.num, { LABEL: 'seq' });
  });

  greFlags = this.RULE('greFlags', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.LBracket);
          this.SUBRULE(this.greFlag);
          this.MANY(() => {
            this.CONSUME(T.Comma);
            this.SUBRULE2(this.greFlag);
          });
          this.CONSUME(T.RBracket);
        },
      },
      { ALT: () => this.SUBRULE(this.num) },
    ]);
  });

  // §3 gre_flag; parser.y: gre_flag
  greFlag = this.RULE('greFlag', () => {
    this.OR([
      { ALT: () => this.CONSUME(K.none) },
      {
        ALT: () => {
          this.OR2([
            { ALT: () => this.CONSUME(K.checksum) },
            { ALT: () => this.CONSUME(K.key) },
            { ALT: () => this.CONSUME(K['sequence#']) },
          ]);
          this.CONSUME(K.present);
        },
      },
    ]);
  });

  // §3 mpls_entry; parser.y: mpls_stack_entry
  mplsEntry = this.RULE('mplsEntry', () => {
    this.CONSUME(T.LParen);
    this.CONSUME(K.label);
    this.CONSUME(T.Integer, { LABEL: 'label' });
    this.CONSUME(T.Comma);
    this.CONSUME(K.tc);
    this.CONSUME2(T.Integer, { LABEL: 'tc' });
    this.CONSUME2(T.Comma);
    this.OPTION(() => {
      this.CONSUME(T.LBracket);
      this.CONSUME(T.Word, { LABEL: 'bottom' });
      this.CONSUME(T.RBracket);
      this.CONSUME3(T.Comma);
    });
    this.CONSUME(K.ttl);
    this.CONSUME3(T.Integer, { LABEL: 'ttl' });
    this.CONSUME(T.RParen);
  });

  // §4.6 ip_attrs (superset: any list, narrowed in check.ts); parser.y: opt_ip_info
  ipAttrs = this.RULE('ipAttrs', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          this.SUBRULE(this.ipAttrList);
          this.CONSUME(T.RParen);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.LBracket);
          this.SUBRULE2(this.ipAttrList);
          this.CONSUME(T.RBracket);
        },
      },
    ]);
  });

  ipAttrList = this.RULE('ipAttrList', () => {
    this.SUBRULE(this.ipAttr);
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.ipAttr);
    });
  });

  // §4.6 ip_attr; parser.y: ip_ecn, tos_spec, flow_label, ttl
  ipAttr = this.RULE('ipAttr', () => {
    this.OR([
      { ALT: () => this.CONSUME(K.noecn) },
      { ALT: () => this.CONSUME(K.ect0) },
      { ALT: () => this.CONSUME(K.ect1) },
      { ALT: () => this.CONSUME(K.ect01) },
      { ALT: () => this.CONSUME(K.ce) },
      { ALT: () => { this.CONSUME(K.tos); this.SUBRULE(this.num); } },
      { ALT: () => { this.CONSUME(K.flowlabel); this.SUBRULE2(this.num); } },
      { ALT: () => { this.CONSUME(K.ttl); this.SUBRULE3(this.num); } },
    ]);
  });

  // §4.10 psp_encap; parser.y: opt_psp_encap
  pspEncap = this.RULE('pspEncap', () => {
    this.CONSUME(K.encap);
    this.CONSUME(K.psp);
    this.CONSUME(K.spi);
    this.SUBRULE(this.num);
  });

  // NUM = INTEGER | HEX_INTEGER
  num = this.RULE('num', () => {
    this.OR([{ ALT: () => this.CONSUME(T.Integer) }, { ALT: () => this.CONSUME(T.HexInteger) }]);
  });

  // §4.7 ports; parser.y: opt_port_info
  ports = this.RULE('ports', () => {
    this.CONSUME(T.Integer, { LABEL: 'src' });
    this.CONSUME(T.Gt);
    this.CONSUME2(T.Integer, { LABEL: 'dst' });
  });

  // §3 tcp_packet; parser.y: tcp_packet_spec
  tcpBody = this.RULE('tcpBody', () => {
    this.OPTION(() => this.SUBRULE(this.ports));
    this.SUBRULE(this.tcpFlags);
    this.SUBRULE(this.seqRange);
    this.OPTION2(() => { this.CONSUME(K.ack); this.CONSUME(T.Integer, { LABEL: 'ack' }); });
    this.OPTION3(() => { this.CONSUME(K.win); this.CONSUME2(T.Integer, { LABEL: 'win' }); });
    this.OPTION4(() => { this.CONSUME(K.urg); this.CONSUME3(T.Integer, { LABEL: 'urg' }); });
    this.OPTION5(() => this.SUBRULE(this.tcpOptions));
  });

  // §4.2 tcp_flags; parser.y: flags (letters checked in check.ts)
  tcpFlags = this.RULE('tcpFlags', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Word);
          this.OPTION(() =>
            this.OR2([{ ALT: () => this.CONSUME(T.Dot) }, { ALT: () => this.CONSUME(T.Float) }]),
          );
        },
      },
      { ALT: () => this.CONSUME2(T.Float) },
      { ALT: () => this.CONSUME2(T.Dot) },
      { ALT: () => this.CONSUME(T.Minus) },
      { ALT: () => this.CONSUME(T.Integer) },
    ]);
  });

  // §4.3 seq_range; parser.y: seq
  seqRange = this.RULE('seqRange', () => {
    this.CONSUME(T.Integer, { LABEL: 'start' });
    this.CONSUME(T.Colon);
    this.CONSUME2(T.Integer, { LABEL: 'end' });
    this.CONSUME(T.LParen);
    this.CONSUME3(T.Integer, { LABEL: 'len' });
    this.CONSUME(T.RParen);
  });

  // §4.5 tcp_options; parser.y: opt_tcp_options
  tcpOptions = this.RULE('tcpOptions', () => {
    this.CONSUME(T.Lt);
    this.OR([
      { ALT: () => this.CONSUME(T.Ellipsis) },
      {
        ALT: () => {
          this.SUBRULE(this.tcpOption);
          this.MANY(() => {
            this.CONSUME(T.Comma);
            this.SUBRULE2(this.tcpOption);
          });
        },
      },
    ]);
    this.CONSUME(T.Gt);
  });

  // §4.5 tcp_option; parser.y: tcp_option
  tcpOption = this.RULE('tcpOption', () => {
    this.OR([
      { ALT: () => this.CONSUME(K.nop) },
      { ALT: () => this.CONSUME(K.eol) },
      { ALT: () => { this.CONSUME(K.mss); this.CONSUME(T.Integer, { LABEL: 'value' }); } },
      { ALT: () => { this.CONSUME(K.wscale); this.CONSUME2(T.Integer, { LABEL: 'value' }); } },
      { ALT: () => this.CONSUME(K.sackOK) },
      { ALT: () => { this.CONSUME(K.sack); this.MANY(() => this.SUBRULE(this.sackBlock)); } },
      {
        ALT: () => {
          this.CONSUME(K.TS);
          this.CONSUME(K.val);
          this.CONSUME3(T.Integer, { LABEL: 'val' });
          this.CONSUME(K.ecr);
          this.CONSUME4(T.Integer, { LABEL: 'ecr' });
        },
      },
      { ALT: () => { this.CONSUME(K.md5); this.SUBRULE(this.hexBlob); } },
      { ALT: () => { this.CONSUME(K.FO); this.OPTION(() => this.SUBRULE2(this.hexBlob)); } },
      { ALT: () => { this.CONSUME(K.FOEXP); this.OPTION2(() => this.SUBRULE3(this.hexBlob)); } },
      { ALT: () => { this.CONSUME(K.ECN); this.MANY2(() => this.SUBRULE(this.accecnField)); } },
    ]);
  });

  sackBlock = this.RULE('sackBlock', () => {
    this.CONSUME(T.Integer, { LABEL: 'left' });
    this.CONSUME(T.Colon);
    this.CONSUME2(T.Integer, { LABEL: 'right' });
  });

  // §3 accecn_fields (order checked in check.ts); parser.y: opt_accecn
  accecnField = this.RULE('accecnField', () => {
    this.OR([
      { ALT: () => this.CONSUME(K.e0b) },
      { ALT: () => this.CONSUME(K.ceb) },
      { ALT: () => this.CONSUME(K.e1b) },
    ]);
    this.CONSUME(T.Integer);
  });

  // §3 hex_blob; parser.y: fast_open_cookie / md5 option
  hexBlob = this.RULE('hexBlob', () => {
    this.OR([{ ALT: () => this.CONSUME(T.Word) }, { ALT: () => this.CONSUME(T.Integer) }]);
  });

  // §4.8 udp_packet; parser.y: udp_packet_spec
  udpBody = this.RULE('udpBody', () => {
    this.CONSUME(K.udp);
    this.OPTION(() => this.SUBRULE(this.ports));
    this.CONSUME(T.LParen);
    this.CONSUME(T.Integer, { LABEL: 'len' });
    this.CONSUME(T.RParen);
  });

  // §4.9 icmp_packet; parser.y: icmp_packet_spec
  icmpBody = this.RULE('icmpBody', () => {
    this.CONSUME(K.icmp);
    this.CONSUME(T.Word, { LABEL: 'type' });
    this.OPTION(() => this.CONSUME2(T.Word, { LABEL: 'code' }));
    this.OPTION2(() => { this.CONSUME(K.mtu); this.CONSUME(T.Integer, { LABEL: 'mtu' }); });
    this.OPTION3(() => { this.CONSUME(K.id); this.CONSUME2(T.Integer, { LABEL: 'id' }); });
    this.OPTION4(() => this.SUBRULE(this.icmpEchoed));
  });

  // §4.9 icmp_echoed; parser.y: opt_icmp_echoed
  icmpEchoed = this.RULE('icmpEchoed', () => {
    this.CONSUME(T.LBracket);
    this.OR([
      { ALT: () => this.SUBRULE(this.seqRange) },
      {
        ALT: () => {
          this.OR2([{ ALT: () => this.CONSUME(K.udp) }, { ALT: () => this.CONSUME(K.raw) }]);
          this.CONSUME(T.LParen);
          this.CONSUME(T.Integer, { LABEL: 'len' });
          this.CONSUME(T.RParen);
        },
      },
    ]);
    this.CONSUME(T.RBracket);
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
