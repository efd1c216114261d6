// The internet checksum (RFC 1071) and the TCP/UDP/ICMPv6 pseudo-headers
// (RFC 793 §3.1 for IPv4, RFC 8200 §8.1 for IPv6).

/** Addresses and protocol the transport checksum covers; passed in, never looked up. */
export interface PseudoHeader {
  /** 4 bytes for IPv4, 16 for IPv6. */
  readonly src: Uint8Array;
  readonly dst: Uint8Array;
  readonly protocol: number;
}

/** One's-complement sum of 16-bit big-endian words, not yet folded or inverted. */
export function sumWords(bytes: Uint8Array, initial = 0): number {
  let sum = initial;
  const even = bytes.length & ~1;
  for (let i = 0; i < even; i += 2) sum += (bytes[i]! << 8) | bytes[i + 1]!;
  // RFC 1071 §4.1: an odd trailing byte is padded with a zero byte.
  if (even !== bytes.length) sum += bytes[even]! << 8;
  return sum;
}

/** Folds carries and inverts: the value to store in a checksum field. */
export function finish(sum: number): number {
  let s = sum;
  while (s > 0xffff) s = (s & 0xffff) + Math.floor(s / 0x10000);
  return ~s & 0xffff;
}

export function internetChecksum(bytes: Uint8Array): number {
  return finish(sumWords(bytes));
}

/** Sum of the pseudo-header for a transport segment of `length` bytes. */
export function pseudoHeaderSum(pseudo: PseudoHeader, length: number): number {
  let sum = sumWords(pseudo.src) + sumWords(pseudo.dst);
  // IPv6 uses a 32-bit length and a 32-bit next-header word (RFC 8200 §8.1);
  // the sum of their 16-bit halves is the same arithmetic for lengths < 2^32.
  sum += Math.floor(length / 0x10000) + (length & 0xffff);
  return sum + pseudo.protocol;
}

/** Checksum of a transport segment whose checksum field currently holds zero. */
export function transportChecksum(pseudo: PseudoHeader, segment: Uint8Array): number {
  return finish(sumWords(segment, pseudoHeaderSum(pseudo, segment.length)));
}
