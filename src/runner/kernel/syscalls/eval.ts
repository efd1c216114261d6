// Evaluation of syscall argument and result expressions (script-language.md §7.1, §7.2,
// §2.3, §10): symbols become integers, `a|b` is OR-ed, strings are decoded to bytes.
//
// Read this first: evaluation failures are thrown as `ScriptFail` and caught once, at the
// executor boundary (index.ts), which turns them into a typed `SyscallOutcome`. Throwing
// keeps the many small argument checks linear; nothing outside this directory sees it.
import type { Expr } from '../../../grammar/ast.js';
import { lookupSymbol } from '../../../linux/symbols.js';
import { parseIpv4, parseIpv6 } from '../../wire/address.js';

/** A run-time script error found while preparing or checking a call. */
export class ScriptFail extends Error {
  override readonly name = 'ScriptFail';
}

export function fail(message: string): never {
  throw new ScriptFail(message);
}

/** packetdrill's type names in "Bad type" messages (expression_type_to_string). */
const KIND_NAMES: { readonly [K in Expr['kind']]: string } = {
  ellipsis: 'ellipsis',
  int: 'integer',
  symbol: 'word',
  string: 'string',
  or: 'binary_expression',
  keyValue: 'binary_expression',
  list: 'list',
  braces: 'list',
  inetAddr: 'inet_addr',
  sockaddr: 'sockaddr',
  msghdr: 'msghdr',
  iovec: 'iovec',
  cmsg: 'cmsg',
  scmTimestamping: 'scm_timestamping',
  sockExtendedErr: 'sock_extended_err',
  pollfd: 'pollfd',
  epollEvent: 'epoll_event',
  linger: 'linger',
  mplsStack: 'mpls_stack',
  gre: 'gre',
};

export function badType(e: Expr, expected: string): never {
  return fail(`Bad type; actual: ${KIND_NAMES[e.kind]} expected: ${expected}`);
}

/** An integer argument: literal, symbol (§10), `a|b`, or `inet_addr("a.b.c.d")`. */
export function evalInt(e: Expr): bigint {
  switch (e.kind) {
    case 'int':
      return e.value;
    case 'symbol': {
      const v = lookupSymbol(e.name);
      return v ?? fail(`unknown symbol: '${e.name}'`);
    }
    case 'or':
      return evalInt(e.left) | evalInt(e.right);
    case 'inetAddr':
      // §7.4: inet_addr() is the network-order 32-bit integer, i.e. the bytes a.b.c.d
      // read as a little-endian host int on x86_64.
      if (e.family !== 4) return badType(e, 'integer');
      return BigInt(new DataView(ipv4Bytes(e.text).buffer).getUint32(0, true));
    default:
      return badType(e, 'integer');
  }
}

/** An integer that must fit a C int / unsigned int (packetdrill's s32/u32 checks). */
export function evalInt32(e: Expr): number {
  const v = evalInt(e);
  if (v < -0x80000000n || v > 0xffffffffn) fail('Value out of range for 32-bit integer');
  return Number(BigInt.asIntN(32, v));
}

/** The expected result of §7.2: an integer literal only (a symbol fails). */
export function expectedResult(e: Expr): bigint {
  if (e.kind !== 'int') return badType(e, 'integer');
  if (e.value < -0x80000000n || e.value > 0xffffffffn) fail('Value out of range for 32-bit integer');
  return e.value;
}

export function isNullPointer(e: Expr): boolean {
  return (e.kind === 'int' && e.value === 0n) || (e.kind === 'symbol' && e.name === 'NULL');
}

/** Decodes adjacent string pieces (§2.3). Pieces may or may not keep their quotes. */
export function decodeString(raw: readonly string[]): Uint8Array {
  const out: number[] = [];
  for (const piece of raw) decodePiece(unquote(piece), out);
  return Uint8Array.from(out);
}

function unquote(piece: string): string {
  // An unescaped leading quote can only be the delimiter: content quotes are `\"`.
  return piece.length >= 2 && piece.startsWith('"') && piece.endsWith('"') ? piece.slice(1, -1) : piece;
}

const SIMPLE_ESCAPES: ReadonlyMap<string, number> = new Map([
  ['n', 0x0a], ['r', 0x0d], ['t', 0x09], ['v', 0x0b], ['f', 0x0c],
  // §2.3 (observed): packetdrill's unescape falls through from these cases into '\f', so
  // `\\` and `\"` evaluate to a form feed. Reproduced for byte-identical buffers.
  ['\\', 0x0c], ['"', 0x0c],
]);

function decodePiece(text: string, out: number[]): void {
  const enc = new TextEncoder();
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c !== '\\') {
      out.push(...enc.encode(c));
      continue;
    }
    const next = text[i + 1] ?? '';
    const simple = SIMPLE_ESCAPES.get(next);
    if (simple !== undefined) {
      out.push(simple);
      i += 1;
    } else if (next === 'x' && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 2, i + 4))) {
      out.push(parseInt(text.slice(i + 2, i + 4), 16));
      i += 3;
    } else {
      fail(`unsupported escape code: '\\${next}'`);
    }
  }
}

/** Dotted-quad text to its 4 bytes. */
export function ipv4Bytes(text: string): Uint8Array {
  return parseIpv4(text) ?? fail(`bad IPv4 address: ${text}`);
}

/** IPv6 text (with `::` and an embedded dotted quad) to its 16 bytes. */
export function ipv6Bytes(text: string): Uint8Array {
  return parseIpv6(text) ?? fail(`bad IPv6 address: ${text}`);
}
