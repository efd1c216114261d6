// Packet rules of the script grammar (script-language.md §4), the base class of
// ScriptParser (parser.ts); the TCP rules live in parser-tcp.ts. Like the rest of the
// grammar they parse a superset that build-ast.ts and check.ts narrow. Rule comments
// name the spec section and packetdrill's parser.y nonterminal.
import type { IToken } from 'chevrotain';
import type { IcmpEchoed, IpAttrs, MplsEntry, OuterHeader, PacketAction } from './ast.js';
import type { IpAttr, Psp } from './build-ast.js';
import type { GreFlag, Num } from './build-expr.js';
import { TcpRules } from './parser-tcp.js';
import { ECN_MARKERS } from './token-kinds.js';
import * as T from './tokens.js';

const K = T.K;

export class PacketRules extends TcpRules {
  // §4.1 packet; parser.y: packet_spec
  packet = this.RULE('packet', (): PacketAction => {
    const dir = this.OR([{ ALT: () => this.CONSUME(T.Lt) }, { ALT: () => this.CONSUME(T.Gt) }]);
    const outer: OuterHeader[] = [];
    this.MANY(() => outer.push(this.SUBRULE(this.outerHeader)));
    const ip = this.OPTION(() => this.SUBRULE(this.ipAttrs));
    const psp = this.OPTION2(() => this.SUBRULE(this.pspEncap));
    const body = this.SUBRULE(this.packetBody, { ARGS: [psp] });
    return this.ACTION(() => this.b.packet(dir, outer, ip, body));
  });

  // §4.1; parser.y: tcp_packet_spec | udp_packet_spec | icmp_packet_spec
  packetBody = this.RULE('packetBody', (psp: Psp): PacketAction['body'] =>
    this.OR([
      { ALT: () => this.SUBRULE(this.udpBody) },
      { ALT: () => this.SUBRULE(this.icmpBody) },
      { ALT: () => this.SUBRULE(this.tcpBody, { ARGS: [psp] }) },
    ]),
  );

  // §4.10 outer headers; parser.y: packet_prefix (ip_prefix, gre_prefix, mpls_prefix)
  outerHeader = this.RULE('outerHeader', (): OuterHeader => {
    const header = this.OR([
      {
        ALT: () => {
          const kw = this.OR2([{ ALT: () => this.CONSUME(K.ipv4) }, { ALT: () => this.CONSUME(K.ipv6) }]);
          const attrs = this.OPTION(() => this.SUBRULE(this.ipAttrs));
          const src = this.SUBRULE(this.address);
          this.CONSUME(T.Gt);
          const dst = this.SUBRULE2(this.address);
          return this.ACTION(() => this.b.ipHeader(kw, attrs, src, dst));
        },
      },
      {
        ALT: () => {
          const kw = this.CONSUME(K.gre);
          this.OPTION2(() => this.CONSUME(T.Comma));
          const fields = this.OPTION3(() => this.SUBRULE(this.greFields));
          return this.ACTION(() => this.b.greHeader(kw, fields));
        },
      },
      {
        ALT: () => {
          const kw = this.CONSUME(K.mpls);
          const entries: MplsEntry[] = [];
          this.MANY(() => entries.push(this.SUBRULE(this.mplsEntry)));
          return this.ACTION(() => this.b.mplsHeader(kw, entries));
        },
      },
    ]);
    this.CONSUME(T.Colon);
    return header;
  });

  address = this.RULE('address', (): IToken =>
    this.OR([{ ALT: () => this.CONSUME(T.Ipv4Addr) }, { ALT: () => this.CONSUME(T.Ipv6Addr) }]),
  );

  // §3 gre_fields; parser.y: gre_header_spec
  greFields = this.RULE('greFields', () => {
    const kw = this.CONSUME(K.flags);
    const flags = this.SUBRULE(this.greFlags);
    this.OPTION(() => this.CONSUME(T.Comma));
    this.CONSUME(K.sum);
    const sum = this.SUBRULE(this.num);
    this.OPTION2(() => this.CONSUME2(T.Comma));
    this.CONSUME(K.off);
    const off = this.SUBRULE2(this.num);
    this.OPTION3(() => this.CONSUME3(T.Comma));
    this.CONSUME(K.key);
    this.OPTION4(() => this.CONSUME(T.Equals));
    const key = this.SUBRULE3(this.num);
    this.OPTION5(() => this.CONSUME4(T.Comma));
    this.CONSUME(K.seq);
    const seq = this.SUBRULE4(this.num);
    return this.ACTION(() => this.b.greFields(kw, flags, sum, off, key, seq));
  });

  greFlags = this.RULE('greFlags', (): GreFlag[] | number =>
    this.OR([
      {
        ALT: () => {
          const flags: GreFlag[] = [];
          this.CONSUME(T.LBracket);
          flags.push(this.SUBRULE(this.greFlag));
          this.MANY(() => {
            this.CONSUME(T.Comma);
            flags.push(this.SUBRULE2(this.greFlag));
          });
          this.CONSUME(T.RBracket);
          return flags;
        },
      },
      {
        ALT: () => {
          const n = this.SUBRULE(this.num);
          return this.ACTION(() => n.value);
        },
      },
    ]),
  );

  // §3 gre_flag; parser.y: gre_flag
  greFlag = this.RULE('greFlag', (): GreFlag => {
    const kw = this.OR([
      { ALT: () => this.CONSUME(K.none) },
      {
        ALT: () => {
          const name = this.OR2([
            { ALT: () => this.CONSUME(K.checksum) },
            { ALT: () => this.CONSUME(K.key) },
            { ALT: () => this.CONSUME(K['sequence#']) },
          ]);
          this.CONSUME(K.present);
          return name;
        },
      },
    ]);
    return this.ACTION(() => this.b.greFlag(kw));
  });

  // §3 mpls_entry; parser.y: mpls_stack_entry
  mplsEntry = this.RULE('mplsEntry', (): MplsEntry => {
    const open = this.CONSUME(T.LParen);
    this.CONSUME(K.label);
    const label = this.CONSUME(T.Integer);
    this.CONSUME(T.Comma);
    this.CONSUME(K.tc);
    const tc = this.CONSUME2(T.Integer);
    this.CONSUME2(T.Comma);
    const bottom = this.OPTION(() => {
      this.CONSUME(T.LBracket);
      const word = this.CONSUME(T.Word);
      this.CONSUME(T.RBracket);
      this.CONSUME3(T.Comma);
      return word;
    });
    this.CONSUME(K.ttl);
    const ttl = this.CONSUME3(T.Integer);
    this.CONSUME(T.RParen);
    return this.ACTION(() => this.b.mplsEntry(open, label, tc, bottom, ttl));
  });

  // §4.6 ip_attrs (superset: any list, narrowed in check.ts); parser.y: opt_ip_info
  ipAttrs = this.RULE('ipAttrs', (): IpAttrs => {
    const list = this.OR([
      {
        ALT: () => {
          const open = this.CONSUME(T.LParen);
          const attrs = this.SUBRULE(this.ipAttrList);
          this.CONSUME(T.RParen);
          return { open, attrs };
        },
      },
      {
        ALT: () => {
          const open = this.CONSUME(T.LBracket);
          const attrs = this.SUBRULE2(this.ipAttrList);
          this.CONSUME(T.RBracket);
          return { open, attrs };
        },
      },
    ]);
    return this.ACTION(() => this.b.ipAttrs(list.open, list.attrs));
  });

  ipAttrList = this.RULE('ipAttrList', (): IpAttr[] => {
    const attrs = [this.SUBRULE(this.ipAttr)];
    this.MANY(() => {
      this.CONSUME(T.Comma);
      attrs.push(this.SUBRULE2(this.ipAttr));
    });
    return attrs;
  });

  // §4.6 ip_attr; parser.y: ip_ecn, tos_spec, flow_label, ttl
  ipAttr = this.RULE('ipAttr', (): IpAttr =>
    this.OR([
      ...Object.values(ECN_MARKERS).map((marker) => ({ ALT: () => this.ecnAttr(this.CONSUME(marker)) })),
      { ALT: () => this.numberedAttr(this.CONSUME(K.tos), this.SUBRULE(this.num)) },
      { ALT: () => this.numberedAttr(this.CONSUME(K.flowlabel), this.SUBRULE2(this.num)) },
      { ALT: () => this.numberedAttr(this.CONSUME(K.ttl), this.SUBRULE3(this.num)) },
    ]),
  );

  private ecnAttr(kw: IToken): IpAttr {
    return this.ACTION(() => this.b.ecnAttr(kw));
  }

  private numberedAttr(kw: IToken, n: Num): IpAttr {
    return this.ACTION(() => this.b.numberedAttr(kw, n));
  }

  // §4.10 psp_encap; parser.y: opt_psp_encap
  pspEncap = this.RULE('pspEncap', () => {
    const encap = this.CONSUME(K.encap);
    this.CONSUME(K.psp);
    this.CONSUME(K.spi);
    const spi = this.SUBRULE(this.num);
    return this.ACTION(() => this.b.pspEncap(encap, spi));
  });

  // §4.8 udp_packet; parser.y: udp_packet_spec
  udpBody = this.RULE('udpBody', (): PacketAction['body'] => {
    const kw = this.CONSUME(K.udp);
    const ports = this.OPTION(() => this.SUBRULE(this.ports));
    this.CONSUME(T.LParen);
    const len = this.CONSUME(T.Integer);
    this.CONSUME(T.RParen);
    return this.ACTION(() => this.b.udpBody(kw, ports, len));
  });

  // §4.9 icmp_packet; parser.y: icmp_packet_spec
  icmpBody = this.RULE('icmpBody', (): PacketAction['body'] => {
    const kw = this.CONSUME(K.icmp);
    const type = this.CONSUME(T.Word);
    const code = this.OPTION(() => this.CONSUME2(T.Word));
    const mtu = this.OPTION2(() => { this.CONSUME(K.mtu); return this.CONSUME(T.Integer); });
    const id = this.OPTION3(() => { this.CONSUME(K.id); return this.CONSUME2(T.Integer); });
    const echoed = this.OPTION4(() => this.SUBRULE(this.icmpEchoed));
    return this.ACTION(() => this.b.icmpBody(kw, type, code, mtu, id, echoed));
  });

  // §4.9 icmp_echoed; parser.y: opt_icmp_echoed
  icmpEchoed = this.RULE('icmpEchoed', (): IcmpEchoed => {
    this.CONSUME(T.LBracket);
    const echoed = this.OR([
      {
        ALT: (): IcmpEchoed => {
          const seq = this.SUBRULE(this.seqRange);
          return this.ACTION(() => ({ kind: 'tcp', seq }));
        },
      },
      {
        ALT: () => {
          const kw = this.OR2([{ ALT: () => this.CONSUME(K.udp) }, { ALT: () => this.CONSUME(K.raw) }]);
          this.CONSUME(T.LParen);
          const len = this.CONSUME(T.Integer);
          this.CONSUME(T.RParen);
          return this.ACTION(() => this.b.echoedUdpOrRaw(kw, len));
        },
      },
    ]);
    this.CONSUME(T.RBracket);
    return echoed;
  });
}
