// Packet rules of the hand-written fast path (descent.ts), one method per rule of
// parser-packet.ts, in the same order, calling the same AstBuilder methods at the same
// points. Read this first: parser-packet.ts is the grammar; this copy only accepts what it
// accepts, and gives up (throws GIVE_UP) wherever it would report a syntax error.
import type { IToken, TokenType } from 'chevrotain';
import type { IcmpEchoed, IpAttrs, MplsEntry, OuterHeader, PacketAction, Ports, SeqRange, TcpFlagsSpec, TcpOptionAst, TcpOptionsSpec } from './ast.js';
import type { AstBuilder, IpAttr, Psp } from './build-ast.js';
import type { GreFlag, Num } from './build-expr.js';
import type { TokenStream } from './token-stream.js';
import * as T from './tokens.js';

const K = T.K;

/** Thrown where the grammar would report a syntax error; parseFast() catches it. */
export const GIVE_UP: unique symbol = Symbol('not a clean parse');

const ECN_KEYWORDS: ReadonlySet<TokenType> = new Set([K.noecn, K.ect0, K.ect1, K.ect01, K.ce]);
const NUMBERED_ATTR_KEYWORDS: ReadonlySet<TokenType> = new Set([K.tos, K.flowlabel, K.ttl]);
const FLAG_TOKENS: ReadonlySet<TokenType> = new Set([T.Word, T.Float, T.Dot, T.Minus, T.Integer]);

export class DescentPackets {
  constructor(private readonly tokens: TokenStream, protected readonly b: AstBuilder) {}

  protected get atEnd(): boolean {
    return this.tokens.la(1) === undefined;
  }

  /** Type of the next token (k = 1) or the one after it (k = 2); undefined past the end. */
  protected la(k: 1 | 2 = 1): TokenType | undefined {
    return this.tokens.la(k);
  }

  /** Take the next token, which must be of type `type`. */
  protected consume(type: TokenType): IToken {
    if (this.tokens.la(1) !== type) throw GIVE_UP;
    return this.tokens.take();
  }

  /** Move past the next token, which must be of type `type` (no token object is made). */
  protected expect(type: TokenType): void {
    if (this.tokens.la(1) !== type) throw GIVE_UP;
    this.tokens.shift();
  }

  /** Take the next token if its type is `type`. */
  protected accept(type: TokenType): IToken | undefined {
    return this.tokens.la(1) === type ? this.tokens.take() : undefined;
  }

  /** Move past the next token if its type is `type`; whether it did. */
  protected skipIf(type: TokenType): boolean {
    if (this.tokens.la(1) !== type) return false;
    this.tokens.shift();
    return true;
  }

  /** Take the next token, which must be one of `types`. */
  protected consumeOneOf(types: ReadonlySet<TokenType>): IToken {
    const type = this.tokens.la(1);
    if (type === undefined || !types.has(type)) throw GIVE_UP;
    return this.tokens.take();
  }

  // §4.1 packet
  protected packet(): PacketAction {
    const dir = this.la() === T.Lt ? this.consume(T.Lt) : this.consume(T.Gt);
    const outer: OuterHeader[] = [];
    for (let t = this.la(); t === K.ipv4 || t === K.ipv6 || t === K.gre || t === K.mpls; t = this.la()) outer.push(this.outerHeader());
    const ip = this.la() === T.LParen || this.la() === T.LBracket ? this.ipAttrs() : undefined;
    const psp = this.la() === K.encap ? this.pspEncap() : undefined;
    const body = this.packetBody(psp);
    return this.b.packet(dir, outer, ip, body);
  }

  private packetBody(psp: Psp): PacketAction['body'] {
    const t = this.la();
    if (t === K.udp) return this.udpBody();
    if (t === K.icmp) return this.icmpBody();
    return this.tcpBody(psp);
  }

  // §4.10 outer headers
  private outerHeader(): OuterHeader {
    let header: OuterHeader;
    const t = this.la();
    if (t === K.ipv4 || t === K.ipv6) {
      const kw = this.consume(t);
      const attrs = this.la() === T.LParen || this.la() === T.LBracket ? this.ipAttrs() : undefined;
      const src = this.address();
      this.expect(T.Gt);
      const dst = this.address();
      header = this.b.ipHeader(kw, attrs, src, dst);
    } else if (t === K.gre) {
      const kw = this.consume(K.gre);
      this.skipIf(T.Comma);
      const fields = this.la() === K.flags ? this.greFields() : undefined;
      header = this.b.greHeader(kw, fields);
    } else {
      const kw = this.consume(K.mpls);
      const entries: MplsEntry[] = [];
      while (this.la() === T.LParen) entries.push(this.mplsEntry());
      header = this.b.mplsHeader(kw, entries);
    }
    this.expect(T.Colon);
    return header;
  }

  private address(): IToken {
    return this.accept(T.Ipv4Addr) ?? this.consume(T.Ipv6Addr);
  }

  // §3 gre_fields
  protected greFields(): ReturnType<AstBuilder['greFields']> {
    const kw = this.consume(K.flags);
    const flags = this.greFlags();
    this.skipIf(T.Comma);
    this.expect(K.sum);
    const sum = this.num();
    this.skipIf(T.Comma);
    this.expect(K.off);
    const off = this.num();
    this.skipIf(T.Comma);
    this.expect(K.key);
    this.skipIf(T.Equals);
    const key = this.num();
    this.skipIf(T.Comma);
    this.expect(K.seq);
    const seq = this.num();
    return this.b.greFields(kw, flags, sum, off, key, seq);
  }

  private greFlags(): GreFlag[] | number {
    if (this.la() !== T.LBracket) return this.num().value;
    this.expect(T.LBracket);
    const flags = [this.greFlag()];
    while (this.skipIf(T.Comma)) flags.push(this.greFlag());
    this.expect(T.RBracket);
    return flags;
  }

  private greFlag(): GreFlag {
    const t = this.la();
    let kw: IToken;
    if (t === K.none) kw = this.consume(K.none);
    else if (t === K.checksum || t === K.key || t === K['sequence#']) {
      kw = this.consume(t);
      this.expect(K.present);
    } else throw GIVE_UP;
    return this.b.greFlag(kw);
  }

  // §3 mpls_entry
  protected mplsEntry(): MplsEntry {
    const open = this.consume(T.LParen);
    this.expect(K.label);
    const label = this.consume(T.Integer);
    this.expect(T.Comma);
    this.expect(K.tc);
    const tc = this.consume(T.Integer);
    this.expect(T.Comma);
    let bottom: IToken | undefined;
    if (this.skipIf(T.LBracket)) {
      bottom = this.consume(T.Word);
      this.expect(T.RBracket);
      this.expect(T.Comma);
    }
    this.expect(K.ttl);
    const ttl = this.consume(T.Integer);
    this.expect(T.RParen);
    return this.b.mplsEntry(open, label, tc, bottom, ttl);
  }

  // §4.6 ip_attrs
  private ipAttrs(): IpAttrs {
    const paren = this.la() === T.LParen;
    const open = this.consume(paren ? T.LParen : T.LBracket);
    const attrs = [this.ipAttr()];
    while (this.skipIf(T.Comma)) attrs.push(this.ipAttr());
    this.expect(paren ? T.RParen : T.RBracket);
    return this.b.ipAttrs(open, attrs);
  }

  private ipAttr(): IpAttr {
    const t = this.la();
    if (t !== undefined && ECN_KEYWORDS.has(t)) return this.b.ecnAttr(this.consume(t));
    if (t !== undefined && NUMBERED_ATTR_KEYWORDS.has(t)) {
      const kw = this.consume(t);
      return this.b.numberedAttr(kw, this.num());
    }
    throw GIVE_UP;
  }

  // §4.10 encap psp spi N
  private pspEncap(): Psp {
    const encap = this.consume(K.encap);
    this.expect(K.psp);
    this.expect(K.spi);
    return this.b.pspEncap(encap, this.num());
  }

  protected num(): Num {
    return this.b.num(this.accept(T.Integer) ?? this.consume(T.HexInteger));
  }

  private ports(): Ports {
    const src = this.consume(T.Integer);
    this.expect(T.Gt);
    return this.b.ports(src, this.consume(T.Integer));
  }

  // §3 tcp_packet: `ports` and the flags may both start with an integer (LL(2)).
  private tcpBody(psp: Psp): PacketAction['body'] {
    const ports = this.la() === T.Integer && this.la(2) === T.Gt ? this.ports() : undefined;
    const flags = this.tcpFlags();
    const seq = this.seqRange();
    const ack = this.skipIf(K.ack) ? this.consume(T.Integer) : undefined;
    const win = this.skipIf(K.win) ? this.consume(T.Integer) : undefined;
    const urg = this.skipIf(K.urg) ? this.consume(T.Integer) : undefined;
    const options = this.la() === T.Lt ? this.tcpOptions() : undefined;
    return this.b.tcpBody(psp, ports, flags, seq, ack, win, urg, options);
  }

  // §4.2 tcp_flags
  private tcpFlags(): TcpFlagsSpec {
    const first = this.consumeOneOf(FLAG_TOKENS);
    if (first.tokenType !== T.Word) return this.b.tcpFlags([first]);
    const second = this.accept(T.Dot) ?? this.accept(T.Float);
    return this.b.tcpFlags(second ? [first, second] : [first]);
  }

  // §4.3 seq_range
  private seqRange(): SeqRange {
    const start = this.consume(T.Integer);
    this.expect(T.Colon);
    const end = this.consume(T.Integer);
    this.expect(T.LParen);
    const len = this.consume(T.Integer);
    this.expect(T.RParen);
    return this.b.seqRange(start, end, len);
  }

  // §4.5 tcp_options
  private tcpOptions(): TcpOptionsSpec {
    const open = this.consume(T.Lt);
    let options: TcpOptionAst[] | undefined;
    if (!this.skipIf(T.Ellipsis)) {
      options = [this.tcpOption()];
      while (this.skipIf(T.Comma)) options.push(this.tcpOption());
    }
    this.expect(T.Gt);
    return this.b.tcpOptions(open, options);
  }

  private tcpOption(): TcpOptionAst {
    const t = this.la();
    if (t === K.nop || t === K.eol || t === K.sackOK) return this.b.simpleOption(this.consume(t), undefined);
    if (t === K.mss || t === K.wscale) {
      const kw = this.consume(t);
      return this.b.simpleOption(kw, this.consume(T.Integer));
    }
    if (t === K.sack) {
      const kw = this.consume(t);
      const blocks: { left: number; right: number }[] = [];
      while (this.la() === T.Integer) blocks.push(this.sackBlock());
      return this.b.sackOption(kw, blocks);
    }
    if (t === K.TS) {
      const kw = this.consume(t);
      this.expect(K.val);
      const val = this.consume(T.Integer);
      this.expect(K.ecr);
      return this.b.timestampOption(kw, val, this.consume(T.Integer));
    }
    if (t === K.md5) {
      const kw = this.consume(t);
      return this.b.blobOption(kw, this.hexBlob());
    }
    if (t === K.FO || t === K.FOEXP) {
      const kw = this.consume(t);
      return this.b.blobOption(kw, this.la() === T.Word || this.la() === T.Integer ? this.hexBlob() : undefined);
    }
    if (t === K.ECN) {
      const kw = this.consume(t);
      const fields: { name: 'e0b' | 'ceb' | 'e1b'; value: number }[] = [];
      for (let f = this.la(); f === K.e0b || f === K.ceb || f === K.e1b; f = this.la()) {
        const name = this.consume(f);
        fields.push(this.b.accecnField(name, this.consume(T.Integer)));
      }
      return this.b.accecnOption(kw, fields);
    }
    throw GIVE_UP;
  }

  private sackBlock(): { left: number; right: number } {
    const left = this.consume(T.Integer);
    this.expect(T.Colon);
    return this.b.sackBlock(left, this.consume(T.Integer));
  }

  private hexBlob(): IToken {
    return this.accept(T.Word) ?? this.consume(T.Integer);
  }

  // §4.8 udp
  private udpBody(): PacketAction['body'] {
    const kw = this.consume(K.udp);
    const ports = this.la() === T.Integer ? this.ports() : undefined;
    this.expect(T.LParen);
    const len = this.consume(T.Integer);
    this.expect(T.RParen);
    return this.b.udpBody(kw, ports, len);
  }

  // §4.9 icmp
  private icmpBody(): PacketAction['body'] {
    const kw = this.consume(K.icmp);
    const type = this.consume(T.Word);
    const code = this.accept(T.Word);
    const mtu = this.skipIf(K.mtu) ? this.consume(T.Integer) : undefined;
    const id = this.skipIf(K.id) ? this.consume(T.Integer) : undefined;
    const echoed = this.la() === T.LBracket ? this.icmpEchoed() : undefined;
    return this.b.icmpBody(kw, type, code, mtu, id, echoed);
  }

  private icmpEchoed(): IcmpEchoed {
    this.expect(T.LBracket);
    let echoed: IcmpEchoed;
    if (this.la() === T.Integer) {
      const seq = this.seqRange();
      echoed = { kind: 'tcp', seq };
    } else {
      const kw = this.accept(K.udp) ?? this.consume(K.raw);
      this.expect(T.LParen);
      const len = this.consume(T.Integer);
      this.expect(T.RParen);
      echoed = this.b.echoedUdpOrRaw(kw, len);
    }
    this.expect(T.RBracket);
    return echoed;
  }
}
