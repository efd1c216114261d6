// IP addresses between text and bytes: the one home for parsing and printing
// them (scripts, configuration, sockaddrs, sock_diag and the TUN's routes).

import { SocketAddress } from 'node:net';

/** Dotted-quad text to its 4 bytes; undefined if it is not one. */
export function parseIpv4(text: string): Uint8Array | undefined {
  const bytes = text.split('.').map((p) => (/^\d{1,3}$/.test(p) ? Number(p) : NaN));
  if (bytes.length !== 4 || bytes.some((b) => !(b >= 0 && b <= 255))) return undefined;
  return Uint8Array.from(bytes);
}

/** IPv6 text (with `::` and an embedded dotted quad) to its 16 bytes; undefined if it is not one. */
export function parseIpv6(text: string): Uint8Array | undefined {
  // An embedded dotted quad (`::ffff:1.2.3.4`) is rewritten as its two hex groups.
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  let s = text;
  if (v4) {
    const b = parseIpv4(v4[1] as string);
    if (b === undefined) return undefined;
    const hex = (hi: number | undefined, lo: number | undefined): string => (((hi ?? 0) << 8) | (lo ?? 0)).toString(16);
    s = `${text.slice(0, v4.index)}${hex(b[0], b[1])}:${hex(b[2], b[3])}`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const parse = (h: string | undefined): number[] => (h ? h.split(':').map((g) => (/^[0-9a-fA-F]{1,4}$/.test(g) ? parseInt(g, 16) : NaN)) : []);
  const head = parse(halves[0]);
  const rest = parse(halves[1]);
  const missing = 8 - head.length - rest.length;
  if (missing < 0 || (halves.length === 1 && missing !== 0) || [...head, ...rest].some(Number.isNaN)) return undefined;
  const groups = [...head, ...new Array<number>(missing).fill(0), ...rest];
  const out = new Uint8Array(16);
  groups.forEach((g, i) => {
    out[2 * i] = g >> 8;
    out[2 * i + 1] = g & 0xff;
  });
  return out;
}

/** Bytes of a textual IPv4 or IPv6 address (IPv6 may end in a dotted quad); throws on anything else. */
export function ipBytes(ip: string): Uint8Array {
  const bytes = ip.includes(':') ? parseIpv6(ip) : parseIpv4(ip);
  if (bytes === undefined) throw new Error(`bad IP address: ${ip}`);
  return bytes;
}

/** Dotted quad for IPv4; RFC 5952 text for IPv6, with IPv4-mapped addresses as `::ffff:a.b.c.d`. */
export function formatIp(a: Uint8Array): string {
  if (a.length === 4) return a.join('.');
  const groups = Array.from({ length: 8 }, (_, i) => (((a[2 * i] ?? 0) << 8) | (a[2 * i + 1] ?? 0)));
  if (isV4Mapped(a)) return `::ffff:${Array.from(a.subarray(12, 16)).join('.')}`;
  // RFC 5952 §4.2.3: compress the longest run (length ≥ 2) of zero groups.
  let best = { at: -1, len: 0 };
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.len && j - i >= 2) best = { at: i, len: j - i };
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best.at < 0) return hex.join(':');
  return `${hex.slice(0, best.at).join(':')}::${hex.slice(best.at + best.len).join(':')}`;
}

/** Every IPv6 group spelled out, no `::`: how packetdrill writes the TUN's route (packetdrill's netdev set-up). */
export function formatIpUncompressed(a: Uint8Array): string {
  if (a.length === 4) return a.join('.');
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((((a[i] ?? 0) << 8) | (a[i + 1] ?? 0)).toString(16));
  return groups.join(':');
}

function isV4Mapped(b: Uint8Array): boolean {
  return b.length === 16 && b.subarray(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff;
}

/** Dotted quad for IPv4 and IPv4-mapped addresses, canonical RFC 5952 text otherwise: how sock_diag's answers are compared. */
export function formatAddress(b: Uint8Array): string {
  if (b.length === 4) return b.join('.');
  if (isV4Mapped(b)) return b.subarray(12).join('.');
  // inet_ntop's spelling (Node's), which differs from formatIp's for IPv4-compatible `::a.b.c.d`.
  return new SocketAddress({ address: formatIp(b), family: 'ipv6' }).address;
}

/** Normalises textual input the way formatAddress normalises kernel bytes. */
export function normaliseIp(ip: string): string {
  if (!ip.includes(':')) return ip;
  const canonical = new SocketAddress({ address: ip, family: 'ipv6' }).address;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(canonical);
  return mapped?.[1] ?? canonical;
}
