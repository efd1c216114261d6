// msghdr, iovec and control-message arguments of readv/writev/recvmsg/sendmsg
// (script-language.md §7.3, §7.4).
//
// Read this first: the kernel follows the pointers inside msghdr and iovec, so every
// buffer here is pinned (memory.ts) and kept referenced by the returned `Built` value,
// which the handler holds in its closures until the call is checked.
import type { Expr } from '../../../grammar/ast.js';
import { badType, evalInt, evalInt32, fail } from './eval.js';
import { addressOf, pinned, scratch } from './memory.js';
import { SCM_TIMESTAMPING_LEN, type TimestampClock, compareCmsgs } from './cmsg-check.js';
import {
  type Cmsg, SOCK_EXTENDED_ERR_LEN, SOCKADDR_IN6_LEN, SOCKADDR_IN_LEN, decodeCmsgs, decodeMsghdrResult, encodeCmsgs,
  encodeInt, encodeIovecs, encodeMsghdr, encodeSockExtendedErr, sym,
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

/** Numbers the script wrote for a timespec (§7.4): seconds and nanoseconds. */
function encodeScmTimestamping(sec: number, nsec: number): Uint8Array {
  // Only the first timespec can be written; the other two stay zero ("not checked").
  const out = new Uint8Array(SCM_TIMESTAMPING_LEN);
  const dv = new DataView(out.buffer);
  dv.setBigInt64(0, BigInt(sec), true);
  dv.setBigInt64(8, BigInt(nsec), true);
  return out;
}

/**
 * A script cmsg as packetdrill's cmsg_new writes it into the control buffer: the same
 * bytes are handed to the kernel (sendmsg, or recvmsg's buffer before the kernel
 * overwrites it) and serve as the expectation (cmsg-check.ts).
 */
function encodeCmsg(e: Expr): Cmsg {
  if (e.kind !== 'cmsg') return badType(e, 'cmsg');
  const level = evalInt32(e.level);
  const type = evalInt32(e.type);
  const d = e.data;
  switch (d.kind) {
    case 'sockExtendedErr': {
      // net/ipv4/ip_sockglue.c ip_recv_error / net/ipv6/datagram.c ipv6_recv_error: the
      // data is the sock_extended_err followed by the offender's sockaddr, sized (as
      // packetdrill does) by the level: sockaddr_in for SOL_IP, sockaddr_in6 otherwise.
      const offender = level === sym('SOL_IP') ? SOCKADDR_IN_LEN : SOCKADDR_IN6_LEN;
      const [errno, origin, type_, code, info, data] = [d.errno, d.origin, d.type, d.code, d.info, d.data].map((x) => evalInt32(x));
      const ee = encodeSockExtendedErr({
        errno: errno ?? 0, origin: origin ?? 0, type: type_ ?? 0, code: code ?? 0, info: info ?? 0, data: data ?? 0,
      });
      const out = new Uint8Array(SOCK_EXTENDED_ERR_LEN + offender);
      out.set(ee);
      return { level, type, data: out };
    }
    case 'scmTimestamping':
      return { level, type, data: encodeScmTimestamping(d.sec, d.nsec) };
    case 'list':
      return fail('SCM_TIMESTAMPING_OPT_STATS attribute lists are not supported by tcpdrill yet');
    default:
      // §7.4: an integer is 4 bytes compared byte-wise.
      return { level, type, data: encodeInt(Number(BigInt.asIntN(32, evalInt(d)))) };
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

/**
 * The msghdr for recvmsg: room for any source address, control sized for the listed
 * cmsgs. As packetdrill's syscall_recvmsg, the msghdr handed to the kernel already holds
 * the expected msg_flags and control messages: the kernel overwrites them only when the
 * call succeeds, so a failed call leaves them to match themselves.
 */
export function recvMsghdr(e: Expr, clock: TimestampClock): BuiltMsghdr {
  const m = msghdrParts(e);
  const iov = buildIovecs({ kind: 'list', items: m.iov, pos: m.pos }, m.iovCount);
  const wantFlags = evalInt32(m.flags);
  const expected = (m.control ?? []).map(encodeCmsg);
  const control = pinned(encodeCmsgs(expected));
  const name = scratch(128);
  const controlLen = expected.length === 0 ? 0 : control.length;
  const msg = pinned(encodeMsghdr({
    name: addressOf(name), nameLen: name.length, iov: addressOf(iov.iov), iovLen: iov.count,
    control: controlLen === 0 ? 0n : addressOf(control), controlLen, flags: wantFlags,
  }));
  const verify = (): string | undefined => {
    const r = decodeMsghdrResult(msg);
    if (r.flags !== wantFlags) return `Expected msg_flags 0x${wantFlags.toString(16)} but got 0x${r.flags.toString(16)}`;
    return compareCmsgs(expected, decodeCmsgs(control, r.controlLen), clock);
  };
  return { msg, refs: [iov.iov, ...iov.bases, control, name], verify };
}

/** The msghdr for sendmsg: msg_flags must be 0; the control messages are sent as written. */
export function sendMsghdr(e: Expr, name: Uint8Array | null): BuiltMsghdr {
  const m = msghdrParts(e);
  if (evalInt32(m.flags) !== 0) fail('sendmsg: msg_flags must be 0');
  const iov = buildIovecs({ kind: 'list', items: m.iov, pos: m.pos }, m.iovCount);
  const cmsgs = (m.control ?? []).map(encodeCmsg);
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
