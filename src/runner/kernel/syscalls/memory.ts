// Buffers handed to the kernel. Every buffer whose address is embedded in another struct
// (iovec bases, msghdr name/iov/control) must not move: an ArrayBuffer created with its
// constructor always has an off-heap backing store that V8 never relocates, unlike small
// typed arrays that V8 may keep inside the moving JS heap.
import koffi from 'koffi';

/** A zero-filled, non-moving buffer of `n` bytes (at least 1, so it has an address). */
export function scratch(n: number): Uint8Array {
  return new Uint8Array(new ArrayBuffer(Math.max(1, n)));
}

/** A non-moving copy of `bytes`. */
export function pinned(bytes: Uint8Array): Uint8Array {
  const out = scratch(bytes.length);
  out.set(bytes);
  return out;
}

/** The C address of a pinned buffer. */
export function addressOf(buf: Uint8Array): bigint {
  return koffi.address(buf);
}
