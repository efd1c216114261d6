// TCP rules of the script grammar (script-language.md §4.1–§4.5, §4.7), the base class of
// PacketRules (parser-packet.ts), with the builder that every rule hands the tokens and
// sub-results it recognized, in an embedded action; there is no CST. Like the rest of the
// grammar they parse a superset that build-ast.ts and check.ts narrow. Rule comments name
// the spec section and packetdrill's parser.y nonterminal.
import type { IToken } from 'chevrotain';
import type { PacketAction, Ports, SeqRange, TcpFlagsSpec, TcpOptionAst, TcpOptionsSpec } from './ast.js';
import type { AstBuilder, Psp } from './build-ast.js';
import type { Num } from './build-expr.js';
import { EmbeddedActionsParser } from './chevrotain.js';
import { ACCECN_FIELDS } from './token-kinds.js';
import * as T from './tokens.js';

const K = T.K;

export class TcpRules extends EmbeddedActionsParser {
  private builder: AstBuilder | undefined;

  /** The builder of the parse in progress (set by ScriptParser.parse). */
  protected get b(): AstBuilder {
    if (this.builder === undefined) throw new Error('the grammar was run without an AST builder');
    return this.builder;
  }

  protected set b(builder: AstBuilder) {
    this.builder = builder;
  }

  // NUM = INTEGER | HEX_INTEGER
  num = this.RULE('num', (): Num => {
    const tok = this.OR([{ ALT: () => this.CONSUME(T.Integer) }, { ALT: () => this.CONSUME(T.HexInteger) }]);
    return this.ACTION(() => this.b.num(tok));
  });

  // §4.7 ports; parser.y: opt_port_info
  ports = this.RULE('ports', (): Ports => {
    const src = this.CONSUME(T.Integer);
    this.CONSUME(T.Gt);
    const dst = this.CONSUME2(T.Integer);
    return this.ACTION(() => this.b.ports(src, dst));
  });

  // §3 tcp_packet; parser.y: tcp_packet_spec
  tcpBody = this.RULE('tcpBody', (psp: Psp): PacketAction['body'] => {
    const ports = this.OPTION(() => this.SUBRULE(this.ports));
    const flags = this.SUBRULE(this.tcpFlags);
    const seq = this.SUBRULE(this.seqRange);
    const ack = this.OPTION2(() => { this.CONSUME(K.ack); return this.CONSUME(T.Integer); });
    const win = this.OPTION3(() => { this.CONSUME(K.win); return this.CONSUME2(T.Integer); });
    const urg = this.OPTION4(() => { this.CONSUME(K.urg); return this.CONSUME3(T.Integer); });
    const options = this.OPTION5(() => this.SUBRULE(this.tcpOptions));
    return this.ACTION(() => this.b.tcpBody(psp, ports, flags, seq, ack, win, urg, options));
  });

  // §4.2 tcp_flags; parser.y: flags (letters checked in check.ts)
  tcpFlags = this.RULE('tcpFlags', (): TcpFlagsSpec => {
    const toks: IToken[] = [];
    this.OR([
      {
        ALT: () => {
          toks.push(this.CONSUME(T.Word));
          this.OPTION(() =>
            toks.push(this.OR2([{ ALT: () => this.CONSUME(T.Dot) }, { ALT: () => this.CONSUME(T.Float) }])),
          );
        },
      },
      { ALT: () => toks.push(this.CONSUME2(T.Float)) },
      { ALT: () => toks.push(this.CONSUME2(T.Dot)) },
      { ALT: () => toks.push(this.CONSUME(T.Minus)) },
      { ALT: () => toks.push(this.CONSUME(T.Integer)) },
    ]);
    return this.ACTION(() => this.b.tcpFlags(toks));
  });

  // §4.3 seq_range; parser.y: seq
  seqRange = this.RULE('seqRange', (): SeqRange => {
    const start = this.CONSUME(T.Integer);
    this.CONSUME(T.Colon);
    const end = this.CONSUME2(T.Integer);
    this.CONSUME(T.LParen);
    const len = this.CONSUME3(T.Integer);
    this.CONSUME(T.RParen);
    return this.ACTION(() => this.b.seqRange(start, end, len));
  });

  // §4.5 tcp_options; parser.y: opt_tcp_options
  tcpOptions = this.RULE('tcpOptions', (): TcpOptionsSpec => {
    const open = this.CONSUME(T.Lt);
    const options = this.OR([
      { ALT: () => { this.CONSUME(T.Ellipsis); return undefined; } },
      {
        ALT: () => {
          const list = [this.SUBRULE(this.tcpOption)];
          this.MANY(() => {
            this.CONSUME(T.Comma);
            list.push(this.SUBRULE2(this.tcpOption));
          });
          return list;
        },
      },
    ]);
    this.CONSUME(T.Gt);
    return this.ACTION(() => this.b.tcpOptions(open, options));
  });

  // §4.5 tcp_option; parser.y: tcp_option
  tcpOption = this.RULE('tcpOption', (): TcpOptionAst =>
    this.OR([
      { ALT: () => this.bareOption(this.CONSUME(K.nop)) },
      { ALT: () => this.bareOption(this.CONSUME(K.eol)) },
      { ALT: () => this.numberOption(this.CONSUME(K.mss), this.CONSUME(T.Integer)) },
      { ALT: () => this.numberOption(this.CONSUME(K.wscale), this.CONSUME2(T.Integer)) },
      { ALT: () => this.bareOption(this.CONSUME(K.sackOK)) },
      {
        ALT: () => {
          const kw = this.CONSUME(K.sack);
          const blocks: { left: number; right: number }[] = [];
          this.MANY(() => blocks.push(this.SUBRULE(this.sackBlock)));
          return this.ACTION(() => this.b.sackOption(kw, blocks));
        },
      },
      {
        ALT: () => {
          const kw = this.CONSUME(K.TS);
          this.CONSUME(K.val);
          const val = this.CONSUME3(T.Integer);
          this.CONSUME(K.ecr);
          const ecr = this.CONSUME4(T.Integer);
          return this.ACTION(() => this.b.timestampOption(kw, val, ecr));
        },
      },
      { ALT: () => this.blobOption(this.CONSUME(K.md5), this.SUBRULE(this.hexBlob)) },
      { ALT: () => this.blobOption(this.CONSUME(K.FO), this.OPTION(() => this.SUBRULE2(this.hexBlob))) },
      { ALT: () => this.blobOption(this.CONSUME(K.FOEXP), this.OPTION2(() => this.SUBRULE3(this.hexBlob))) },
      {
        ALT: () => {
          const kw = this.CONSUME(K.ECN);
          const fields: { name: 'e0b' | 'ceb' | 'e1b'; value: number }[] = [];
          this.MANY2(() => fields.push(this.SUBRULE(this.accecnField)));
          return this.ACTION(() => this.b.accecnOption(kw, fields));
        },
      },
    ]),
  );

  private bareOption(kw: IToken): TcpOptionAst {
    return this.ACTION(() => this.b.bareOption(kw));
  }

  private numberOption(kw: IToken, value: IToken): TcpOptionAst {
    return this.ACTION(() => this.b.numberOption(kw, value));
  }

  private blobOption(kw: IToken, hex: IToken | undefined): TcpOptionAst {
    return this.ACTION(() => this.b.blobOption(kw, hex));
  }

  sackBlock = this.RULE('sackBlock', () => {
    const left = this.CONSUME(T.Integer);
    this.CONSUME(T.Colon);
    const right = this.CONSUME2(T.Integer);
    return this.ACTION(() => this.b.sackBlock(left, right));
  });

  // §3 accecn_fields (order checked in check.ts); parser.y: opt_accecn
  accecnField = this.RULE('accecnField', () => {
    const kw = this.OR(Object.values(ACCECN_FIELDS).map((field) => ({ ALT: () => this.CONSUME(field) })));
    const value = this.CONSUME(T.Integer);
    return this.ACTION(() => this.b.accecnField(kw, value));
  });

  // §3 hex_blob; parser.y: fast_open_cookie / md5 option
  hexBlob = this.RULE('hexBlob', (): IToken =>
    this.OR([{ ALT: () => this.CONSUME(T.Word) }, { ALT: () => this.CONSUME(T.Integer) }]),
  );
}
