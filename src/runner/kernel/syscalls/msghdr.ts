// msghdr, iovec and control-message arguments of readv/writev/recvmsg/sendmsg
// (script-language.md §7.3, §7.4).
//
// Read this first: the kernel follows the pointers inside msghdr and iovec, so every
// buffer here is pinned (memory.ts) and kept referenced by the returned `Built` value,
// which the handler holds in its closures until the call is checked.
import type { Expr } from '../../../grammar/ast.js';
import { badType, evalInt, evalInt32, fail } from './eval.js';
import { addressOf, pinned, scratch } from './memory.js';
import {
  type Cmsg, SOCK_EXTENDED_ERR_LEN, SOCKADDR_IN6_LEN, SOCKADDR_IN_LEN, cmsgLen, cmsgSpace, decodeCmsgs,
  decodeMsghdrResult, decodeSockExtendedErr, encodeCmsgs, encodeInt, encodeIovecs, encodeMsghdr, sym,
} from './structs.js';

export interface IovArray {
  readonly iov: Uint8Array;
  readonly count: number;
  /** The base buffers, referenced so they outlive the call. */
  readonly bases: readonly Uint8Array[];
}

/** `[{..., N}, ...]`: zero-filled base buffers of the written lengths. */
export function buildIovecs(list: Expr, count: number | undefined): IovArray {
  if (list.kind !== 'list') return badType(list, 'iovec list');
  if (count !== undefined && count !== list.items.length) {
    fail(`iov_count ${count} does not match ${list.items.length}-element iovec array`);
  }
  const bases = list.items.map((e) => (e.kind === 'iovec' ? scratch(e.len) : badType(e, 'iovec')));
  const lens = list.items.map((e) => (e.kind === 'iovec' ? e.len : 0));
  const iov = pinned(encodeIovecs(bases.map((b, i) => ({ base: addressOf(b), len: lens[i] ?? 0 }))));
  return { iov, count: list.items.length, bases };
}

/** How a received control message is checked. */
type CmsgCheck =
  | { readonly kind: 'bytes'; readonly level: number; readonly type: number; readonly data: Uint8Array }
  | { readonly kind: 'extendedErr'; readonly level: number; readonly type: number; readonly dataLen: number; readonly want: Uint8Array }
  | { readonly kind: 'anyTimestamping'; readonly level: number; readonly type: number };

// include/uapi/linux/time_types.h: struct scm_timestamping holds three timespecs.
const SCM_TIMESTAMPING_LEN = 48;

function cmsgCheck(e: Expr): CmsgCheck {
  if (e.kind !== 'cmsg') return badType(e, 'cmsg');
  const level = evalInt32(e.level);
  const type = evalInt32(e.type);
  const d = e.data;
  switch (d.kind) {
    case 'sockExtendedErr': {
      // net/ipv4/ip_sockglue.c ip_recv_error / net/ipv6/datagram.c ipv6_recv_error: the
      // data is the sock_extended_err followed by the offender's sockaddr (ignored, §7.4).
      const offender = level === sym('SOL_IPV6') ? SOCKADDR_IN6_LEN : SOCKADDR_IN_LEN;
      const fields = [d.errno, d.origin, d.type, d.code, d.info, d.data].map((x) => evalInt32(x));
      const want = new Uint8Array(SOCK_EXTENDED_ERR_LEN);
      const dv = new DataView(want.buffer);
      dv.setUint32(0, (fields[0] ?? 0) >>> 0, true);
      want.set([fields[1] ?? 0, fields[2] ?? 0, fields[3] ?? 0], 4);
      dv.setUint32(8, (fields[4] ?? 0) >>> 0, true);
      dv.setUint32(12, (fields[5] ?? 0) >>> 0, true);
      return { kind: 'extendedErr', level, type, dataLen: SOCK_EXTENDED_ERR_LEN + offender, want };
    }
    case 'scmTimestamping':
      if (d.sec !== 0 || d.nsec !== 0) fail('SCM_TIMESTAMPING values are not supported by tcpdrill yet');
      return { kind: 'anyTimestamping', level, type };
    case 'list':
      return fail('SCM_TIMESTAMPING_OPT_STATS attribute lists are not supported by tcpdrill yet');
    default:
      // §7.4: an integer is 4 bytes compared byte-wise.
      return { kind: 'bytes', level, type, data: encodeInt(Number(BigInt.asIntN(32, evalInt(d)))) };
  }
}

const dataLenOf = (c: CmsgCheck): number =>
  c.kind === 'bytes' ? c.data.length : c.kind === 'extendedErr' ? c.dataLen : SCM_TIMESTAMPING_LEN;

function compareCmsg(i: number, want: CmsgCheck, got: Cmsg): string | undefined {
  if (got.level !== want.level) return `Bad level in cmsg ${i}: expected: ${want.level} actual: ${got.level}`;
  if (got.type !== want.type) return `Bad type in cmsg ${i}: expected: ${want.type} actual: ${got.type}`;
  const len = cmsgLen(dataLenOf(want));
  const gotLen = cmsgLen(got.data.length);
  if (gotLen !== len) return `Bad len in cmsg ${i}: expected: ${len} actual: ${gotLen}`;
  switch (want.kind) {
    case 'bytes':
      return got.data.every((b, j) => b === want.data[j]) ? undefined : `Bad data in cmsg ${i}`;
    case 'extendedErr': {
      const g = decodeSockExtendedErr(got.data);
      const w = decodeSockExtendedErr(want.want);
      const same = g !== undefined && w !== undefined && (Object.keys(w) as (keyof typeof w)[]).every((k) => g[k] === w[k]);
      return same ? undefined : `Bad sock_extended_err in cmsg ${i}: expected: ${JSON.stringify(w)} actual: ${JSON.stringify(g)}`;
    }
    case 'anyTimestamping':
      return undefined;
  }
}

export interface BuiltMsghdr {
  readonly msg: Uint8Array;
  /** Keeps every buffer the msghdr points to alive. */
  readonly refs: readonly Uint8Array[];
  /** recvmsg only: the msg_flags/control checks of §7.4. */
  readonly verify: () => string | undefined;
}

function msghdrParts(e: Expr): Extract<Expr, { kind: 'msghdr' }> {
  return e.kind === 'msghdr' ? e : badType(e, 'msghdr');
}

/** The msghdr for recvmsg: room for any source address, control sized for the listed cmsgs. */
export function recvMsghdr(e: Expr): BuiltMsghdr {
  const m = msghdrParts(e);
  const iov = buildIovecs({ kind: 'list', items: m.iov, pos: m.pos }, m.iovCount);
  const wantFlags = evalInt32(m.flags);
  const checks = (m.control ?? []).map(cmsgCheck);
  const control = scratch(checks.reduce((n, c) => n + cmsgSpace(dataLenOf(c)), 0));
  const name = scratch(128);
  const controlLen = checks.length === 0 ? 0 : control.length;
  const msg = pinned(encodeMsghdr({
    name: addressOf(name), nameLen: name.length, iov: addressOf(iov.iov), iovLen: iov.count,
    control: controlLen === 0 ? 0n : addressOf(control), controlLen, flags: 0,
  }));
  const verify = (): string | undefined => {
    const r = decodeMsghdrResult(msg);
    if (r.flags !== wantFlags) return `Expected msg_flags 0x${wantFlags.toString(16)} but got 0x${r.flags.toString(16)}`;
    const got = decodeCmsgs(control, r.controlLen);
    if (got.length > checks.length) return `received more than ${checks.length} cmsgs`;
    if (got.length < checks.length) return `received only ${got.length} cmsgs`;
    for (const [i, want] of checks.entries()) {
      const bad = compareCmsg(i, want, got[i] as Cmsg);
      if (bad) return bad;
    }
    return undefined;
  };
  return { msg, refs: [iov.iov, ...iov.bases, control, name], verify };
}

/** The msghdr for sendmsg: msg_flags must be 0; integer control messages are sent as given. */
export function sendMsghdr(e: Expr, name: Uint8Array | null): BuiltMsghdr {
  const m = msghdrParts(e);
  if (evalInt32(m.flags) !== 0) fail('sendmsg: msg_flags must be 0');
  const iov = buildIovecs({ kind: 'list', items: m.iov, pos: m.pos }, m.iovCount);
  const cmsgs = (m.control ?? []).map((c): Cmsg => {
    const check = cmsgCheck(c);
    return check.kind === 'bytes' ? check : fail('sendmsg: only integer control messages are supported by tcpdrill');
  });
  const control = pinned(encodeCmsgs(cmsgs));
  const pinnedName = name === null ? null : pinned(name);
  const msg = pinned(encodeMsghdr({
    name: pinnedName === null ? 0n : addressOf(pinnedName), nameLen: pinnedName?.length ?? 0,
    iov: addressOf(iov.iov), iovLen: iov.count,
    control: cmsgs.length === 0 ? 0n : addressOf(control), controlLen: cmsgs.length === 0 ? 0 : control.length, flags: 0,
  }));
  const refs = [iov.iov, ...iov.bases, control, ...(pinnedName ? [pinnedName] : [])];
  return { msg, refs, verify: () => undefined };
}
