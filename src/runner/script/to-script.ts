// Packets in script notation (§4, §5.8): the one place that renders them. Decoded
// packets are first translated into script space through the Connection, so a dump
// reads like the script line it is compared with.

import type { Direction, IcmpPacket, IpAttrs, PacketAction, TcpOptionsSpec, TcpPacket, UdpPacket } from '../../grammar/ast.js';
import { INET_ECN_MASK } from '../../linux/net.js';
import * as f from '../../linux/tcp.js';
import {
  type Connection,
  inboundAckToScript,
  inboundSeqToScript,
  outboundAck,
  outboundSeq,
  outboundTsVal,
} from './connection.js';
import { optionFromAst } from './ast-options.js';
import { ecnName } from './ecn.js';
import type { IpRepr, Packet } from '../wire/frame.js';
import { icmpCodeName, icmpTypeName } from '../wire/icmp-names.js';
import type { IcmpRepr } from '../wire/icmp.js';
import { type Seq, seq } from '../wire/seq.js';
import type { TcpOption } from '../wire/tcp-options.js';
import type { TcpRepr } from '../wire/tcp.js';
import { toHex } from '../wire/wire.js';


const ACCECN_NAMES = { 0: ['e0b', 'ceb', 'e1b'], 1: ['e1b', 'ceb', 'e0b'] } as const;

export function renderOption(opt: TcpOption): string {
  switch (opt.kind) {
    case 'eol': return 'eol';
    case 'nop': return 'nop';
    case 'mss': return `mss ${opt.value}`;
    case 'wscale': return `wscale ${opt.shift}`;
    case 'sackOK': return 'sackOK';
    case 'sack': return `sack ${opt.blocks.map((b) => `${b.left}:${b.right}`).join(' ')}`;
    case 'timestamp': return `TS val ${opt.val} ecr ${opt.ecr}`;
    case 'md5': return `md5 ${toHex(opt.digest)}`;
    case 'fastopen': return opt.cookie.length === 0 ? 'FO' : `FO ${toHex(opt.cookie)}`;
    case 'fastopenExp': return opt.cookie.length === 0 ? 'FOEXP' : `FOEXP ${toHex(opt.cookie)}`;
    case 'accecn': return `ECN ${opt.counters.map((c, i) => `${ACCECN_NAMES[opt.order][i]} ${c}`).join(' ')}`.trimEnd();
    // Not writable in scripts (§4.5); shown as kind and data so a reader can decode it.
    case 'raw': return `kind_${opt.code}${opt.data.length > 0 ? ` ${toHex(opt.data)}` : ''}`;
  }
}

export function renderOptions(opts: readonly TcpOption[]): string {
  return `<${opts.map(renderOption).join(',')}>`;
}

/** Flag letters of §4.2 in their printing order (`.` last so the word re-parses), `-` for none. */
export function renderFlags(flags: number): string {
  const word = f.TCP_FLAG_LETTERS.filter(([, bit]) => (flags & bit) !== 0).map(([c]) => c).join('');
  return word === '' ? '-' : word;
}

/** `(tos 0x..)` if DSCP is set, else `(ectX)`/`(ce)` if ECN is, else nothing. */
export function ipPrefix(ip: IpRepr): string {
  const tos = ip.version === 4 ? ip.tos : ip.trafficClass;
  if (tos >> 2 !== 0) return `(tos 0x${tos.toString(16).padStart(2, '0')}) `;
  const ecn = tos & INET_ECN_MASK;
  return ecn !== 0 ? `(${ecnName(ecn)}) ` : '';
}

function tcpToScript(tcp: TcpRepr, conn: Connection, dir: Direction): string {
  const syn = (tcp.flags & f.TCP_FLAG_SYN) !== 0;
  const hasAck = (tcp.flags & f.TCP_FLAG_ACK) !== 0;
  const seqOf = (s: Seq): number => (dir === 'outbound' ? outboundSeq(conn, syn, s) : inboundSeqToScript(conn, syn, s));
  const ackOf = (a: Seq): number => (dir === 'outbound' ? outboundAck(conn, syn, a) : inboundAckToScript(conn, syn, a));
  const options = tcp.options.map((o): TcpOption => {
    if (o.kind === 'sack') return { kind: 'sack', blocks: o.blocks.map((b) => ({ left: seq(ackOf(b.left)), right: seq(ackOf(b.right)) })) };
    if (o.kind === 'timestamp' && dir === 'outbound') return { ...o, val: outboundTsVal(conn, o.val) ?? o.val };
    return o;
  });
  const start = seqOf(tcp.seq);
  const len = tcp.payload.length;
  let s = `${renderFlags(tcp.flags)} ${start}:${start + len}(${len})`;
  if (hasAck) s += ` ack ${ackOf(tcp.ack)}`;
  s += ` win ${tcp.window}`;
  if (tcp.urgent !== 0) s += ` urg ${tcp.urgent}`;
  return options.length > 0 ? `${s} ${renderOptions(options)}` : s;
}

export function icmpToScript(icmp: IcmpRepr): string {
  const family = icmp.version;
  const words = ['icmp', icmpTypeName(family, icmp.type)];
  if (icmp.code !== 0) words.push(icmpCodeName(family, icmp.type, icmp.code));
  // RFC 1191 §4 next-hop MTU; RFC 4443 §3.2 packet-too-big MTU; echo identifier.
  if (family === 4 && icmp.type === 3 && icmp.code === 4) words.push(`mtu ${icmp.rest & 0xffff}`);
  if (family === 6 && icmp.type === 2) words.push(`mtu ${icmp.rest}`);
  const echo = family === 4 ? [0, 8] : [128, 129];
  if (echo.includes(icmp.type)) words.push(`id ${icmp.rest >>> 16}`);
  return words.join(' ');
}

/** A decoded packet in script space, e.g. `S. 0:0(0) ack 1 win 65535 <mss 1460>`. */
export function packetToScript(packet: Packet, conn: Connection, dir: Direction): string {
  const prefix = ipPrefix(packet.ip);
  const l4 = packet.l4;
  switch (l4.kind) {
    case 'tcp': return prefix + tcpToScript(l4.tcp, conn, dir);
    case 'udp': return `${prefix}udp (${l4.udp.payload.length})`;
    case 'icmp': return prefix + icmpToScript(l4.icmp);
    case 'other': return `${prefix}protocol ${l4.protocol} (${l4.payload.length})`;
  }
}

// ---------------------------------------------------------------- AST lines

function attrsToScript(a: IpAttrs | undefined): string {
  if (a === undefined) return '';
  const parts: string[] = [];
  if (a.ecn !== undefined) parts.push(a.ecn);
  if (a.tos !== undefined) parts.push(`tos 0x${a.tos.toString(16).padStart(2, '0')}`);
  if (a.flowLabel !== undefined) parts.push(`flowlabel 0x${a.flowLabel.toString(16)}`);
  if (a.ttl !== undefined) parts.push(`ttl ${a.ttl}`);
  return parts.length > 0 ? `(${parts.join(',')}) ` : '';
}

function optionsSpecToScript(o: TcpOptionsSpec | undefined): string {
  if (o === undefined) return '';
  return o.kind === 'any' ? ' <...>' : ` ${renderOptions(o.options.map((ast) => optionFromAst(ast)))}`;
}

function tcpLine(t: TcpPacket): string {
  const ports = t.ports !== undefined ? `${t.ports.src}>${t.ports.dst} ` : '';
  let s = `${ports}${t.flags.text} ${t.seq.start}:${t.seq.end}(${t.seq.len})`;
  if (t.ack !== undefined) s += ` ack ${t.ack}`;
  if (t.win !== undefined) s += ` win ${t.win}`;
  if (t.urg !== undefined) s += ` urg ${t.urg}`;
  return s + optionsSpecToScript(t.options);
}

function udpLine(u: UdpPacket): string {
  return `udp ${u.ports !== undefined ? `${u.ports.src}>${u.ports.dst} ` : ''}(${u.len})`;
}

function icmpLine(i: IcmpPacket): string {
  const words = ['icmp', i.type];
  if (i.code !== undefined) words.push(i.code);
  if (i.mtu !== undefined) words.push(`mtu ${i.mtu}`);
  if (i.id !== undefined) words.push(`id ${i.id}`);
  const e = i.echoed;
  if (e !== undefined) {
    switch (e.kind) {
      case 'tcp': words.push(`[${e.seq.start}:${e.seq.end}(${e.seq.len})]`); break;
      case 'udp': words.push(`[udp (${e.len})]`); break;
      case 'raw': words.push(`[raw (${e.len})]`); break;
    }
  }
  return words.join(' ');
}

/** A script line's packet, normalised (§5.8: `win` only when the line gave one). */
export function actionToScript(pkt: PacketAction): string {
  const b = pkt.body;
  const prefix = attrsToScript(pkt.ip);
  switch (b.kind) {
    case 'tcp': return prefix + tcpLine(b);
    case 'udp': return prefix + udpLine(b);
    case 'icmp': return prefix + icmpLine(b);
  }
}
