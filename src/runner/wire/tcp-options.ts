// TCP options (§4.5): an ordered, lossless list. Every option the script language can
// write has its own arm; any other kind, or a known kind with a length its layout does
// not allow, is kept raw so that nothing is dropped (style.md (b)).

import {
  TCPOPT_ACCECN0,
  TCPOPT_ACCECN1,
  TCPOPT_EOL,
  TCPOPT_EXP,
  TCPOPT_FASTOPEN,
  TCPOPT_FASTOPEN_MAGIC,
  TCPOPT_MD5SIG,
  TCPOPT_MSS,
  TCPOPT_NOP,
  TCPOPT_SACK,
  TCPOPT_SACK_PERM,
  TCPOPT_TIMESTAMP,
  TCPOPT_WINDOW,
} from '../../linux/tcp.js';
import { type Seq, seq } from './seq.js';
import { type Decoded, fail, view } from './wire.js';

export interface SackEdge {
  readonly left: Seq;
  readonly right: Seq;
}

export type TcpOption =
  | { readonly kind: 'eol' }
  | { readonly kind: 'nop' }
  | { readonly kind: 'mss'; readonly value: number }
  | { readonly kind: 'wscale'; readonly shift: number }
  | { readonly kind: 'sackOK' }
  | { readonly kind: 'sack'; readonly blocks: readonly SackEdge[] }
  | { readonly kind: 'timestamp'; readonly val: number; readonly ecr: number }
  | { readonly kind: 'md5'; readonly digest: Uint8Array }
  | { readonly kind: 'fastopen'; readonly cookie: Uint8Array }
  | { readonly kind: 'fastopenExp'; readonly cookie: Uint8Array }
  /** AccECN (draft-ietf-tcpm-accurate-ecn §3.2.3): 24-bit counters in wire order. */
  | { readonly kind: 'accecn'; readonly order: 0 | 1; readonly counters: readonly number[] }
  | { readonly kind: 'raw'; readonly code: number; readonly data: Uint8Array };

/** The option kind byte each arm is written with. */
export function optionCode(opt: TcpOption): number {
  switch (opt.kind) {
    case 'eol': return TCPOPT_EOL;
    case 'nop': return TCPOPT_NOP;
    case 'mss': return TCPOPT_MSS;
    case 'wscale': return TCPOPT_WINDOW;
    case 'sackOK': return TCPOPT_SACK_PERM;
    case 'sack': return TCPOPT_SACK;
    case 'timestamp': return TCPOPT_TIMESTAMP;
    case 'md5': return TCPOPT_MD5SIG;
    case 'fastopen': return TCPOPT_FASTOPEN;
    case 'fastopenExp': return TCPOPT_EXP;
    case 'accecn': return opt.order === 0 ? TCPOPT_ACCECN0 : TCPOPT_ACCECN1;
    case 'raw': return opt.code;
  }
}

/** Bytes after the kind and length bytes (undefined for the one-byte nop/eol). */
function optionBody(opt: TcpOption): Uint8Array | undefined {
  switch (opt.kind) {
    case 'eol':
    case 'nop':
      return undefined;
    case 'mss': return new Uint8Array([opt.value >> 8, opt.value & 0xff]);
    case 'wscale': return new Uint8Array([opt.shift]);
    case 'sackOK': return new Uint8Array(0);
    case 'sack': {
      const out = new Uint8Array(8 * opt.blocks.length);
      const dv = view(out);
      opt.blocks.forEach((b, i) => {
        dv.setUint32(8 * i, b.left);
        dv.setUint32(8 * i + 4, b.right);
      });
      return out;
    }
    case 'timestamp': {
      const out = new Uint8Array(8);
      view(out).setUint32(0, opt.val >>> 0);
      view(out).setUint32(4, opt.ecr >>> 0);
      return out;
    }
    case 'md5': return opt.digest;
    case 'fastopen': return opt.cookie;
    // RFC 7413 §4.1.1: experimental kind 254 carries the 16-bit magic before the cookie.
    case 'fastopenExp': return new Uint8Array([TCPOPT_FASTOPEN_MAGIC >> 8, TCPOPT_FASTOPEN_MAGIC & 0xff, ...opt.cookie]);
    case 'accecn': return new Uint8Array(opt.counters.flatMap((c) => [(c >> 16) & 0xff, (c >> 8) & 0xff, c & 0xff]));
    case 'raw': return opt.data;
  }
}

/** Wire length of one option. */
export function optionLength(opt: TcpOption): number {
  const body = optionBody(opt);
  return body === undefined ? 1 : 2 + body.length;
}

export function optionsLength(opts: readonly TcpOption[]): number {
  return opts.reduce((n, o) => n + optionLength(o), 0);
}

/** Encodes the list exactly as given: no padding is added (§4.5). */
export function encodeOptions(opts: readonly TcpOption[]): Uint8Array {
  const out = new Uint8Array(optionsLength(opts));
  let at = 0;
  for (const opt of opts) {
    out[at] = optionCode(opt);
    const body = optionBody(opt);
    if (body === undefined) {
      at += 1;
      continue;
    }
    out[at + 1] = 2 + body.length;
    out.set(body, at + 2);
    at += 2 + body.length;
  }
  return out;
}

/** Interprets one option's body given its kind; wrong lengths fall back to raw. */
function parseBody(code: number, data: Uint8Array): TcpOption {
  const dv = view(data);
  const raw: TcpOption = { kind: 'raw', code, data };
  switch (code) {
    case TCPOPT_MSS: return data.length === 2 ? { kind: 'mss', value: dv.getUint16(0) } : raw;
    case TCPOPT_WINDOW: return data.length === 1 ? { kind: 'wscale', shift: data[0]! } : raw;
    case TCPOPT_SACK_PERM: return data.length === 0 ? { kind: 'sackOK' } : raw;
    case TCPOPT_SACK: {
      if (data.length % 8 !== 0) return raw;
      const blocks: SackEdge[] = [];
      for (let i = 0; i < data.length; i += 8) blocks.push({ left: seq(dv.getUint32(i)), right: seq(dv.getUint32(i + 4)) });
      return { kind: 'sack', blocks };
    }
    case TCPOPT_TIMESTAMP:
      return data.length === 8 ? { kind: 'timestamp', val: dv.getUint32(0), ecr: dv.getUint32(4) } : raw;
    case TCPOPT_MD5SIG: return { kind: 'md5', digest: data };
    case TCPOPT_FASTOPEN: return { kind: 'fastopen', cookie: data };
    case TCPOPT_EXP:
      return data.length >= 2 && dv.getUint16(0) === TCPOPT_FASTOPEN_MAGIC ? { kind: 'fastopenExp', cookie: data.slice(2) } : raw;
    case TCPOPT_ACCECN0:
    case TCPOPT_ACCECN1: {
      if (data.length % 3 !== 0) return raw;
      const counters: number[] = [];
      for (let i = 0; i < data.length; i += 3) counters.push((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
      return { kind: 'accecn', order: code === TCPOPT_ACCECN0 ? 0 : 1, counters };
    }
    default:
      return raw;
  }
}

/**
 * Walks the option bytes (the part of the header after the 20 fixed bytes). Each eol and
 * nop is one list entry, so trailing zero padding appears as eols and the walk is
 * lossless. Fails if a length byte is missing, below 2, or runs past the end (§5.6:
 * options that cannot be walked are fatal).
 */
export function decodeOptions(bytes: Uint8Array): Decoded<readonly TcpOption[]> {
  const out: TcpOption[] = [];
  let at = 0;
  while (at < bytes.length) {
    const code = bytes[at]!;
    if (code === TCPOPT_EOL || code === TCPOPT_NOP) {
      out.push({ kind: code === TCPOPT_EOL ? 'eol' : 'nop' });
      at += 1;
      continue;
    }
    if (at + 1 >= bytes.length) return fail('tcp_options', `option kind ${code} at offset ${at} has no length byte`);
    const len = bytes[at + 1]!;
    if (len < 2) return fail('tcp_options', `option kind ${code} at offset ${at} has length ${len} < 2`);
    if (at + len > bytes.length) {
      return fail('tcp_options', `option kind ${code} at offset ${at} has length ${len} past the end of ${bytes.length} option bytes`);
    }
    out.push(parseBody(code, bytes.slice(at + 2, at + len)));
    at += len;
  }
  return { ok: true, value: out };
}
