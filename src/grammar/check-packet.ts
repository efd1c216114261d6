// Semantic checks of packet events (script-language.md §3 remarks, §4): what packetdrill
// reports as "semantic error" while parsing. Each failure is a positioned diagnostic.
import type { Event, IcmpPacket, PacketAction, Pos, TcpOptionAst, TcpPacket } from './ast.js';
import { decodeFlags } from './flags.js';
import type { Reporter } from './positions.js';
import { didYouMean } from './suggest.js';

const U8 = 0xff;
const U16 = 0xffff;
const U20 = 0xfffff;
const U24 = 0xffffff;
const U32 = 0xffffffff;
/** RFC 9293 §3.1: the data offset allows 60 header bytes, 20 of them fixed. */
const MAX_OPTION_BYTES = 40;

/** Report `value` outside 0..max (§3 remarks: each grammar position checks its own range). */
export function range(r: Reporter, pos: Pos, what: string, value: number | undefined, max: number): void {
  if (value === undefined || (Number.isInteger(value) && value >= 0 && value <= max)) return;
  r.error(pos, `expected ${what} between 0 and ${max} but found ${value}`);
}

const FLAGS_EXPECTED = 'a TCP flags word (S, S., P., F., R, ., -)';

export function checkPacket(r: Reporter, ev: Event, p: PacketAction): void {
  const outbound = p.direction === 'outbound';
  // §1.5: `*` and windows only make sense where tcpdrill waits for the kernel.
  if (!outbound && (ev.time.kind === 'any' || ev.time.kind === 'window')) {
    r.error(ev.time.pos, `expected a point time on an inbound packet: '${ev.time.kind === 'any' ? '*' : '~'}' is only allowed on outbound (>) packets (§1.5)`);
  }
  if (p.ip) {
    range(r, p.ip.pos, 'a TOS value', p.ip.tos, U8);
    range(r, p.ip.pos, 'a flow label', p.ip.flowLabel, U20);
    if (p.ip.ecn === 'ect01' && !outbound) r.error(p.ip.pos, "expected noecn, ect0, ect1 or ce: 'ect01' is only allowed on outbound packets (§4.6)");
    if (p.ip.ecn !== undefined && p.ip.ecn !== 'ect01' && p.body.kind === 'udp') {
      r.error(p.ip.pos, 'expected tos or ect01 on a UDP packet: ECN markers are only accepted on TCP and ICMP packets (§4.6)');
    }
  }
  for (const h of p.outer) {
    if (h.kind === 'mpls') {
      for (const e of h.entries) {
        range(r, e.pos, 'an MPLS label', e.label, U20);
        range(r, e.pos, 'an MPLS traffic class', e.tc, 7);
        range(r, e.pos, 'an MPLS TTL', e.ttl, U8);
      }
    }
  }
  if (p.body.kind === 'tcp') checkTcp(r, p.body, outbound);
  else if (p.body.kind === 'udp') {
    range(r, p.body.pos, 'a UDP length', p.body.len, U16);
    if (p.body.ports) checkPorts(r, p.body.ports);
    if (20 + 8 + p.body.len > 65536) r.error(p.body.pos, 'expected a smaller payload: UDP datagram too large (§4.3)');
  } else checkIcmp(r, p.body);
}

function checkPorts(r: Reporter, ports: { src: number; dst: number; pos: Pos }): void {
  range(r, ports.pos, 'a port', ports.src, U16);
  range(r, ports.pos, 'a port', ports.dst, U16);
}

function checkTcp(r: Reporter, tcp: TcpPacket, outbound: boolean): void {
  const flags = decodeFlags(tcp.flags.text);
  if (!flags.ok) r.error(tcp.flags.pos, `expected ${FLAGS_EXPECTED} but found '${tcp.flags.text}': ${flags.reason}`, FLAGS_EXPECTED);
  if (tcp.ports) checkPorts(r, tcp.ports);
  const s = tcp.seq;
  range(r, s.pos, 'a sequence number', s.start, U32);
  range(r, s.pos, 'a sequence number', s.end, U32);
  range(r, s.pos, 'a payload length', s.len, U16);
  if (s.end !== s.start + s.len) {
    r.error(s.pos, `expected end = start + len (${s.start + s.len}) but found ${s.end} in ${s.start}:${s.end}(${s.len}) (§4.3)`);
  }
  range(r, tcp.pos, 'an ack number', tcp.ack, U32);
  range(r, tcp.pos, 'a window', tcp.win, U16);
  range(r, tcp.pos, 'an urgent pointer', tcp.urg, U16);
  if (tcp.psp) range(r, tcp.psp.pos, 'a PSP SPI', tcp.psp.spi, U32);
  if (!outbound && tcp.win === undefined) r.error(s.pos, "expected 'win N' on an inbound TCP packet (§4.4)", "'win'");
  const opts = tcp.options;
  if (opts?.kind === 'any' && !outbound) r.error(opts.pos, "expected a TCP option list: '<...>' is only allowed on outbound packets (§4.5)");
  let optionBytes = 0;
  if (opts?.kind === 'list') {
    optionBytes = opts.options.reduce((n, o) => n + checkOption(r, o), 0);
    if (optionBytes % 4 !== 0 || optionBytes > MAX_OPTION_BYTES) {
      r.error(opts.pos, `expected TCP options totalling a multiple of 4 bytes, at most 40, but they take ${optionBytes} bytes (pad with nop, §4.5)`);
    }
  }
  if (20 + 20 + optionBytes + s.len > 65536) r.error(s.pos, 'expected a smaller payload: TCP segment too large (§4.3)');
}

/** Checks one option and returns its wire length (§4.5 table). */
function checkOption(r: Reporter, o: TcpOptionAst): number {
  switch (o.kind) {
    case 'nop':
    case 'eol':
      return 1;
    case 'mss':
      range(r, o.pos, 'an MSS', o.value, U16);
      return 4;
    case 'wscale':
      range(r, o.pos, 'a window scale shift', o.shift, U8);
      return 3;
    case 'sackOK':
      return 2;
    case 'sack':
      for (const b of o.blocks) {
        range(r, o.pos, 'a SACK edge', b.left, U32);
        range(r, o.pos, 'a SACK edge', b.right, U32);
      }
      return 2 + 8 * o.blocks.length;
    case 'timestamp':
      range(r, o.pos, 'a TS val', o.val, U32);
      range(r, o.pos, 'a TS ecr', o.ecr, U32);
      return 10;
    case 'md5':
      return 2 + checkHex(r, o.pos, 'MD5 digest', o.hex, 16);
    // A cookie may fill the option space, as packetdrill allows: 40 option bytes less the
    // kind and length bytes (FO), and the 2-byte magic too (FOEXP).
    case 'fastopen':
      return 2 + checkHex(r, o.pos, 'TCP fast open cookie', o.hex ?? '', MAX_OPTION_BYTES - 2);
    case 'fastopenExp':
      return 4 + checkHex(r, o.pos, 'TCP fast open cookie', o.hex ?? '', MAX_OPTION_BYTES - 4);
    case 'accecn':
      checkAccEcn(r, o);
      return 2 + 3 * o.fields.length;
  }
}

/** Hex blobs (§4.5): even number of hex digits, at most `maxBytes`; returns the byte count. */
function checkHex(r: Reporter, pos: Pos, what: string, hex: string, maxBytes: number): number {
  if (!/^[0-9a-fA-F]*$/.test(hex) || hex.length % 2 !== 0) {
    r.error(pos, `expected an even number of hex digits for the ${what} but found '${hex}'`);
  } else if (hex.length / 2 > maxBytes) {
    r.error(pos, `expected at most ${maxBytes} bytes for the ${what} but found ${hex.length / 2}`);
  }
  return Math.floor(hex.length / 2);
}

// §4.5: fields are a prefix of e0b,ceb,e1b (order 0) or e1b,ceb,e0b (order 1); 24-bit each.
function checkAccEcn(r: Reporter, o: Extract<TcpOptionAst, { kind: 'accecn' }>): void {
  const order = o.order === 0 ? ['e0b', 'ceb', 'e1b'] : ['e1b', 'ceb', 'e0b'];
  const names = o.fields.map((f) => f.name);
  if (names.length === 0 || names.some((n, i) => n !== order[i])) {
    r.error(o.pos, `expected AccECN counters in the order e0b [ceb [e1b]] or e1b [ceb [e0b]] but found '${names.join(' ') || 'none'}'`);
  }
  for (const f of o.fields) range(r, o.pos, `an AccECN ${f.name} counter`, f.value, U24);
}

const ICMP4_TYPES = new Set([
  'echo_reply', 'unreachable', 'source_quench', 'redirect', 'echo_request', 'time_exceeded',
  'parameter_problem', 'timestamp_request', 'timestamp_reply', 'information_request',
  'information_reply', 'address_mask_request', 'address_mask_reply', 'packet_too_big',
]);
const ICMP_CODES: Readonly<Record<string, ReadonlySet<string>>> = {
  unreachable: new Set([
    'net_unreachable', 'host_unreachable', 'protocol_unreachable', 'port_unreachable',
    'frag_needed', 'source_route_failed', 'net_unknown', 'host_unknown', 'source_host_isolated',
    'net_prohibited', 'host_prohibited', 'net_unreachable_for_tos', 'host_unreachable_for_tos',
    'packet_filtered', 'precedence_violation', 'precedence_cutoff', 'no_route',
    'admin_prohibited', 'not_neighbour', 'address_unreachable',
  ]),
  time_exceeded: new Set(['exceeded_hop_limit', 'exceeded_frag_time']),
  parameter_problem: new Set(['header_field', 'unknown_next_header', 'unknown_option']),
};

// §4.9: the union of the ICMPv4 and ICMPv6 names (the IP version is chosen at run time).
function checkIcmp(r: Reporter, p: IcmpPacket): void {
  const numbered = (s: string, prefix: string): boolean => new RegExp(`^${prefix}_\\d+$`).test(s);
  if (!ICMP4_TYPES.has(p.type) && !numbered(p.type, 'type')) {
    r.error(p.pos, `expected an ICMP type (e.g. unreachable, echo_request, type_N) but found '${p.type}'${didYouMean(p.type, ICMP4_TYPES)}`);
  }
  if (p.code !== undefined && !numbered(p.code, 'code') && !ICMP_CODES[p.type]?.has(p.code)) {
    r.error(p.pos, `expected an ICMP code for '${p.type}' (or code_N) but found '${p.code}'`);
  }
  if (p.mtu !== undefined) {
    const v4 = p.type === 'unreachable' && p.code === 'frag_needed';
    const v6 = p.type === 'packet_too_big' && (p.code === undefined || p.code === 'code_0');
    if (!v4 && !v6) r.error(p.pos, "expected 'mtu' only on 'unreachable frag_needed' or 'packet_too_big' (§4.9)");
    range(r, p.pos, 'an MTU', p.mtu, v4 ? U16 : U32);
  }
  range(r, p.pos, 'an ICMP id', p.id, U16);
  if (p.echoed?.kind === 'udp' || p.echoed?.kind === 'raw') range(r, p.echoed.pos, 'a length', p.echoed.len, U16);
}
