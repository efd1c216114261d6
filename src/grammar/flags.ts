// TCP flags words (script-language.md §4.2): letters, a trailing `.`, one ACE digit, or `-`.
import { TCP_FLAG_AE, TCP_FLAG_CWR, TCP_FLAG_ECE, TCP_FLAG_LETTERS } from '../linux/tcp.js';

const LETTER_BITS: Readonly<Record<string, number>> = Object.fromEntries(TCP_FLAG_LETTERS);

export type DecodedFlags =
  | { readonly ok: true; readonly bits: number; readonly ace: number | undefined }
  | { readonly ok: false; readonly bits: number; readonly ace: number | undefined; readonly reason: string };

/** Decode a flags word as written (`S.`, `SEW`, `.5`, `S.4`, `-`). */
export function decodeFlags(text: string): DecodedFlags {
  if (text === '-') return { ok: true, bits: 0, ace: undefined };
  let bits = 0;
  let digit: number | undefined;
  let reason: string | undefined;
  let i = -1;
  for (const ch of text) {
    i++;
    if (ch >= '0' && ch <= '7') {
      if (digit !== undefined) reason ??= 'only one ACE digit is allowed';
      digit = Number(ch);
    } else if (ch in LETTER_BITS) {
      bits |= LETTER_BITS[ch]!;
      if (ch === '.' && i !== text.length - 1 && !/^[0-7]$/.test(text.slice(i + 1))) {
        reason ??= "'.' must be the last character of a flags word";
      }
    } else {
      reason ??= `'${ch}' is not a TCP flag letter`;
    }
  }
  // §4.2: a digit is the 3-bit ACE field AE·CWR·ECE and excludes writing E, W or A.
  if (digit !== undefined && bits & (TCP_FLAG_ECE | TCP_FLAG_CWR | TCP_FLAG_AE)) {
    reason ??= 'an ACE digit cannot be combined with E, W or A';
  }
  if (digit !== undefined) {
    bits |= (digit & 4 ? TCP_FLAG_AE : 0) | (digit & 2 ? TCP_FLAG_CWR : 0) | (digit & 1 ? TCP_FLAG_ECE : 0);
  }
  const ace = digit === undefined || digit === 0 ? undefined : digit;
  return reason === undefined ? { ok: true, bits, ace } : { ok: false, bits, ace, reason };
}
