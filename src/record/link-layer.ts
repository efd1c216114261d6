// Link-layer headers in front of the IP datagram, by link type
// (https://www.tcpdump.org/linktypes.html). Read this first: only the IP datagram
// matters to a script, so each arm finds where it starts and whether the frame is IP
// at all; addresses of the link layer are dropped.

import { view } from '../runner/wire/wire.js';

export const LINKTYPE_NULL = 0;
export const LINKTYPE_ETHERNET = 1;
/** DLT_RAW as OpenBSD (14) and others (12) number it; 101 everywhere in files. */
export const LINKTYPE_RAW_ALIASES = [12, 14] as const;
export const LINKTYPE_RAW = 101;
export const LINKTYPE_LOOP = 108;
export const LINKTYPE_LINUX_SLL = 113;
export const LINKTYPE_IPV4 = 228;
export const LINKTYPE_IPV6 = 229;
export const LINKTYPE_LINUX_SLL2 = 276;

const ETHERTYPE_IPV4 = 0x0800;
const ETHERTYPE_IPV6 = 0x86dd;
/** 802.1Q, 802.1ad and the older QinQ tag: 4 bytes each before the real type. */
const ETHERTYPE_VLAN_TAGS = new Set([0x8100, 0x88a8, 0x9100]);
const ETH_HEADER_LEN = 14;
const SLL_HEADER_LEN = 16;
const SLL2_HEADER_LEN = 20;
const NULL_HEADER_LEN = 4;

export type Unwrapped =
  | { readonly ok: true; readonly datagram: Uint8Array; readonly headerLen: number }
  | { readonly ok: false; readonly kind: 'not-ip' | 'unsupported' | 'truncated'; readonly reason: string };

function notIp(reason: string): Unwrapped {
  return { ok: false, kind: 'not-ip', reason };
}

function fromEtherType(type: number, frame: Uint8Array, headerLen: number): Unwrapped {
  if (type !== ETHERTYPE_IPV4 && type !== ETHERTYPE_IPV6) return notIp(`ethertype 0x${type.toString(16).padStart(4, '0')}`);
  return { ok: true, datagram: frame.subarray(headerLen), headerLen };
}

function ethernet(frame: Uint8Array): Unwrapped {
  let at = 12;
  if (frame.length < ETH_HEADER_LEN) return { ok: false, kind: 'truncated', reason: 'Ethernet header cut short' };
  let type = view(frame).getUint16(at);
  while (ETHERTYPE_VLAN_TAGS.has(type)) {
    at += 4;
    if (frame.length < at + 2) return { ok: false, kind: 'truncated', reason: 'VLAN tag cut short' };
    type = view(frame).getUint16(at);
  }
  return fromEtherType(type, frame, at + 2);
}

/** BSD loopback: a 4-byte address family, whose byte order differs by OS; the IP version nibble decides. */
function bsdLoopback(frame: Uint8Array): Unwrapped {
  if (frame.length < NULL_HEADER_LEN) return { ok: false, kind: 'truncated', reason: 'loopback header cut short' };
  return rawIp(frame, NULL_HEADER_LEN);
}

function rawIp(frame: Uint8Array, headerLen: number): Unwrapped {
  const version = (frame[headerLen] ?? 0) >> 4;
  if (version !== 4 && version !== 6) return notIp(`IP version ${version}`);
  return { ok: true, datagram: frame.subarray(headerLen), headerLen };
}

export function unwrapLink(linkType: number, frame: Uint8Array): Unwrapped {
  switch (linkType) {
    case LINKTYPE_ETHERNET: return ethernet(frame);
    case LINKTYPE_LINUX_SLL:
      // pkttype, hatype, halen, 8 address bytes, then the protocol (an ethertype).
      if (frame.length < SLL_HEADER_LEN) return { ok: false, kind: 'truncated', reason: 'Linux cooked header cut short' };
      return fromEtherType(view(frame).getUint16(14), frame, SLL_HEADER_LEN);
    case LINKTYPE_LINUX_SLL2:
      // The protocol comes first, then reserved, ifindex, hatype, pkttype, halen, address.
      if (frame.length < SLL2_HEADER_LEN) return { ok: false, kind: 'truncated', reason: 'Linux cooked v2 header cut short' };
      return fromEtherType(view(frame).getUint16(0), frame, SLL2_HEADER_LEN);
    case LINKTYPE_NULL:
    case LINKTYPE_LOOP:
      return bsdLoopback(frame);
    case LINKTYPE_RAW:
    case LINKTYPE_RAW_ALIASES[0]:
    case LINKTYPE_RAW_ALIASES[1]:
    case LINKTYPE_IPV4:
    case LINKTYPE_IPV6:
      return rawIp(frame, 0);
    default:
      return { ok: false, kind: 'unsupported', reason: `link type ${linkType}` };
  }
}

