// Addresses and ports as people write them: 192.0.2.1:40000 and [fd3d::1]:8080
// (RFC 5952 text form for IPv6, which is also how tcpdump and Wireshark print them).

import { isIP } from 'node:net';

export interface Endpoint {
  readonly addr: string;
  readonly port: number;
}

export function formatAddress(bytes: Uint8Array): string {
  if (bytes.length === 4) return Array.from(bytes).join('.');
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((bytes[i]! << 8) | bytes[i + 1]!);
  // RFC 5952 §4.2: the longest run (the first of equals) of two or more zero groups becomes "::".
  let best = { at: -1, len: 1 };
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.len) best = { at: i, len: j - i };
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best.at < 0) return hex.join(':');
  return `${hex.slice(0, best.at).join(':')}::${hex.slice(best.at + best.len).join(':')}`;
}

export function formatEndpoint(e: Endpoint): string {
  return e.addr.includes(':') ? `[${e.addr}]:${e.port}` : `${e.addr}:${e.port}`;
}

export function sameEndpoint(a: Endpoint, b: Endpoint): boolean {
  return a.addr === b.addr && a.port === b.port;
}

/** Canonical text of an address as written by a user (IPv6 in any valid spelling). */
export function canonicalAddress(text: string): string | undefined {
  const kind = isIP(text);
  if (kind === 4) return text.split('.').map(Number).join('.');
  if (kind !== 6) return undefined;
  const url = new URL(`http://[${text}]/`);
  // The URL parser compresses IPv6 as RFC 5952 does, except for embedded IPv4 forms.
  return url.hostname.slice(1, -1);
}

export type ParsedEndpoint = { readonly ok: true; readonly endpoint: Endpoint } | { readonly ok: false; readonly message: string };

/** `192.0.2.1:80`, `[2001:db8::1]:80`. */
export function parseEndpoint(text: string): ParsedEndpoint {
  const m = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(text);
  const bad = { ok: false as const, message: `'${text}' is not addr:port (IPv6 as [addr]:port)` };
  if (!m) return bad;
  const addr = canonicalAddress(m[1] ?? m[2] ?? '');
  const port = Number(m[3]);
  if (addr === undefined || port > 65535) return bad;
  return { ok: true, endpoint: { addr, port } };
}
