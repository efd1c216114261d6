// Packet rules of the script grammar (script-language.md §4), the base class of
// ScriptParser (parser.ts). Like the rest of the grammar they parse a superset that
// build-ast.ts and check.ts narrow. Rule comments name the spec section and packetdrill's
// parser.y nonterminal.
import { CstParser } from './chevrotain.js';
import * as T from './tokens.js';

const K = T.K;

export class PacketRules extends CstParser {
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
}
