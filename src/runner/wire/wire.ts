// Shared shapes of the encoders and decoders (style.md (b)).

/** gopacket's SerializeOptions: both default to true; tests turn them off to inject bad values. */
export interface EncodeOptions {
  /** Compute length fields (IP total/payload length, TCP data offset, UDP length). */
  readonly fixLengths?: boolean;
  /** Compute checksums; otherwise the Repr's `checksum` is written as-is. */
  readonly computeChecksum?: boolean;
}

export function resolveOptions(opts: EncodeOptions | undefined): Required<EncodeOptions> {
  return { fixLengths: opts?.fixLengths ?? true, computeChecksum: opts?.computeChecksum ?? true };
}

/** A decode failure names the header field at fault and why. */
export interface DecodeError {
  readonly ok: false;
  readonly field: string;
  readonly reason: string;
}

export type Decoded<T> = { readonly ok: true; readonly value: T } | DecodeError;

export function fail(field: string, reason: string): DecodeError {
  return { ok: false, field, reason };
}

export function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Lower-case hex without separators, as scripts write blobs (§4.5). */
export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Parses an even-length hex string; the grammar has already rejected bad blobs (§4.5). */
export function fromHex(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
