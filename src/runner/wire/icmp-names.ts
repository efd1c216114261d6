// The type and code names of §4.9, per family, with the numeric values from
// include/uapi/linux/icmp.h and include/uapi/linux/icmpv6.h. `type_N` / `code_N`
// stand for any number.

import * as n from '../../linux/net.js';

export type IcmpFamily = 4 | 6;

type Table = Readonly<Record<string, number>>;

const ICMPV4_TYPES: Table = {
  echo_reply: n.ICMP_ECHOREPLY,
  unreachable: n.ICMP_DEST_UNREACH,
  source_quench: n.ICMP_SOURCE_QUENCH,
  redirect: n.ICMP_REDIRECT,
  echo_request: n.ICMP_ECHO,
  time_exceeded: n.ICMP_TIME_EXCEEDED,
  parameter_problem: n.ICMP_PARAMETERPROB,
  timestamp_request: n.ICMP_TIMESTAMP,
  timestamp_reply: n.ICMP_TIMESTAMPREPLY,
  information_request: n.ICMP_INFO_REQUEST,
  information_reply: n.ICMP_INFO_REPLY,
  address_mask_request: n.ICMP_ADDRESS,
  address_mask_reply: n.ICMP_ADDRESSREPLY,
};

const ICMPV4_UNREACH_CODES: Table = {
  net_unreachable: n.ICMP_NET_UNREACH,
  host_unreachable: n.ICMP_HOST_UNREACH,
  protocol_unreachable: n.ICMP_PROT_UNREACH,
  port_unreachable: n.ICMP_PORT_UNREACH,
  frag_needed: n.ICMP_FRAG_NEEDED,
  source_route_failed: n.ICMP_SR_FAILED,
  net_unknown: n.ICMP_NET_UNKNOWN,
  host_unknown: n.ICMP_HOST_UNKNOWN,
  source_host_isolated: n.ICMP_HOST_ISOLATED,
  net_prohibited: n.ICMP_NET_ANO,
  host_prohibited: n.ICMP_HOST_ANO,
  net_unreachable_for_tos: n.ICMP_NET_UNR_TOS,
  host_unreachable_for_tos: n.ICMP_HOST_UNR_TOS,
  packet_filtered: n.ICMP_PKT_FILTERED,
  precedence_violation: n.ICMP_PREC_VIOLATION,
  precedence_cutoff: n.ICMP_PREC_CUTOFF,
};

const ICMPV6_TYPES: Table = {
  unreachable: n.ICMPV6_DEST_UNREACH,
  packet_too_big: n.ICMPV6_PKT_TOOBIG,
  time_exceeded: n.ICMPV6_TIME_EXCEED,
  parameter_problem: n.ICMPV6_PARAMPROB,
  echo_request: n.ICMPV6_ECHO_REQUEST,
  echo_reply: n.ICMPV6_ECHO_REPLY,
};

/** ICMPv6 code names per type value. `net_unreachable` is packetdrill's name for code 0. */
const ICMPV6_CODES: Readonly<Record<number, Table>> = {
  [n.ICMPV6_DEST_UNREACH]: {
    net_unreachable: n.ICMPV6_NOROUTE,
    no_route: n.ICMPV6_NOROUTE,
    admin_prohibited: n.ICMPV6_ADM_PROHIBITED,
    not_neighbour: n.ICMPV6_NOT_NEIGHBOUR,
    address_unreachable: n.ICMPV6_ADDR_UNREACH,
    port_unreachable: n.ICMPV6_PORT_UNREACH,
  },
  [n.ICMPV6_TIME_EXCEED]: { exceeded_hop_limit: n.ICMPV6_EXC_HOPLIMIT, exceeded_frag_time: n.ICMPV6_EXC_FRAGTIME },
  [n.ICMPV6_PARAMPROB]: {
    header_field: n.ICMPV6_HDR_FIELD,
    unknown_next_header: n.ICMPV6_UNK_NEXTHDR,
    unknown_option: n.ICMPV6_UNK_OPTION,
  },
};

function typeTable(family: IcmpFamily): Table {
  return family === 4 ? ICMPV4_TYPES : ICMPV6_TYPES;
}

function codeTable(family: IcmpFamily, type: number): Table {
  if (family === 4) return type === n.ICMP_DEST_UNREACH ? ICMPV4_UNREACH_CODES : {};
  return ICMPV6_CODES[type] ?? {};
}

/** `NAME_N` with a decimal byte value. */
function numbered(prefix: string, text: string): number | undefined {
  const m = new RegExp(`^${prefix}_(\\d+)$`).exec(text);
  if (m === null) return undefined;
  const v = Number(m[1]);
  return v <= 255 ? v : undefined;
}

export function icmpTypeValue(family: IcmpFamily, name: string): number | undefined {
  return typeTable(family)[name] ?? numbered('type', name);
}

/** A missing code means 0 (§4.9). */
export function icmpCodeValue(family: IcmpFamily, type: number, name: string | undefined): number | undefined {
  if (name === undefined) return 0;
  return codeTable(family, type)[name] ?? numbered('code', name);
}

function nameOf(table: Table, value: number): string | undefined {
  return Object.keys(table).find((k) => table[k] === value);
}

export function icmpTypeName(family: IcmpFamily, type: number): string {
  return nameOf(typeTable(family), type) ?? `type_${type}`;
}

export function icmpCodeName(family: IcmpFamily, type: number, code: number): string {
  // ICMPv6 code 0 of unreachable has two names; scripts and dumps use the RFC 4443 one.
  if (family === 6 && type === n.ICMPV6_DEST_UNREACH && code === n.ICMPV6_NOROUTE) return 'no_route';
  return nameOf(codeTable(family, type), code) ?? `code_${code}`;
}
