// TCP sequence numbers: unsigned 32-bit values compared modulo 2^32 (RFC 793 §3.3).
// A branded type keeps them apart from ordinary numbers (style.md (b), smoltcp SeqNumber).

export type Seq = number & { readonly __brand: 'Seq' };

const MOD = 0x1_0000_0000;

/** Wraps any integer into the u32 sequence space. */
export function seq(n: number): Seq {
  return (((n % MOD) + MOD) % MOD) as Seq;
}

export function seqAdd(a: Seq, n: number): Seq {
  return seq(a + n);
}

/** a − b as an unsigned u32 distance. */
export function seqSub(a: Seq, b: Seq): number {
  return seq(a - b);
}

/** a − b as a signed distance in (−2^31, 2^31]: the RFC 1982 interpretation. */
export function seqDiff(a: Seq, b: Seq): number {
  const d = seqSub(a, b);
  return d > 0x7fff_ffff ? d - MOD : d;
}

export function seqCompare(a: Seq, b: Seq): -1 | 0 | 1 {
  const d = seqDiff(a, b);
  return d < 0 ? -1 : d > 0 ? 1 : 0;
}
