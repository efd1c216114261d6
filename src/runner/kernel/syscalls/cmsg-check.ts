// Received control messages against the script's (script-language.md §7.4), as
// packetdrill's cmsg_expect_eq does. Pure: the expected messages arrive encoded, exactly
// as they were written into the control buffer handed to the kernel (msghdr.ts).
//
// Read this first: how a message's data is compared depends on its level and type, not
// on how the script wrote it. IP_RECVERR/IPV6_RECVERR compare the six sock_extended_err
// fields (the offender address is ignored); SCM_TIMESTAMPING compares each non-zero
// expected timespec, a script time, with the kernel's CLOCK_REALTIME one within
// tolerance_usecs; anything else is compared byte for byte.
import { type Cmsg, type SockExtendedErr, cmsgLen, decodeSockExtendedErr, sym } from './structs.js';

// include/uapi/linux/errqueue.h struct scm_timestamping { struct timespec ts[3]; }
export const SCM_TIMESTAMPING_TS_COUNT = 3;
// include/uapi/linux/time_types.h: a 64-bit timespec is tv_sec then tv_nsec, 8 bytes each.
const TIMESPEC_LEN = 16;
export const SCM_TIMESTAMPING_LEN = SCM_TIMESTAMPING_TS_COUNT * TIMESPEC_LEN;

export interface TimestampClock {
  /** CLOCK_REALTIME µs, the kernel's software timestamp clock, of a script time in µs. */
  readonly realtimeUsecsAt: (scriptUsecs: bigint) => bigint;
  readonly toleranceUsecs: number;
}

/** Compares in order; the first difference, or undefined when all match. */
export function compareCmsgs(expected: readonly Cmsg[], actual: readonly Cmsg[], clock: TimestampClock): string | undefined {
  const n = Math.min(expected.length, actual.length);
  for (let i = 0; i < n; i++) {
    const bad = compareOne(i, expected[i] as Cmsg, actual[i] as Cmsg, clock);
    if (bad !== undefined) return bad;
  }
  if (actual.length > n) return `received more than ${n} cmsgs`;
  if (expected.length > n) return `received only ${n} cmsgs`;
  return undefined;
}

function compareOne(i: number, want: Cmsg, got: Cmsg, clock: TimestampClock): string | undefined {
  if (got.level !== want.level) return `Bad level in cmsg ${i}: expected=${want.level} actual=${got.level}`;
  if (got.type !== want.type) return `Bad type in cmsg ${i}: expected=${want.type} actual=${got.type}`;
  const len = cmsgLen(want.data.length);
  const gotLen = cmsgLen(got.data.length);
  if (gotLen !== len) return `Bad len in cmsg ${i}: expected=${len} actual=${gotLen}`;
  if (isRecvErr(got)) return compareExtendedErr(i, want.data, got.data);
  if (got.level === sym('SOL_SOCKET') && got.type === sym('SCM_TIMESTAMPING')) {
    return compareTimestamping(i, want.data, got.data, clock);
  }
  return got.data.every((b, j) => b === want.data[j]) ? undefined : `Bad data in cmsg ${i}`;
}

const isRecvErr = (c: Cmsg): boolean =>
  (c.level === sym('SOL_IP') && c.type === sym('IP_RECVERR')) ||
  (c.level === sym('SOL_IPV6') && c.type === sym('IPV6_RECVERR'));

const EXTENDED_ERR_FIELDS: readonly (keyof SockExtendedErr)[] = ['errno', 'origin', 'type', 'code', 'info', 'data'];

function compareExtendedErr(i: number, wantData: Uint8Array, gotData: Uint8Array): string | undefined {
  const want = decodeSockExtendedErr(wantData);
  const got = decodeSockExtendedErr(gotData);
  if (want === undefined || got === undefined) return `Bad data in cmsg ${i}`;
  const field = EXTENDED_ERR_FIELDS.find((k) => want[k] !== got[k]);
  return field === undefined ? undefined : `Bad ${field} in extended err ${i}: expected=${want[field]} actual=${got[field]}`;
}

/** A timespec's µs, as packetdrill's timespec_to_usecs (nanoseconds truncated). */
function timespecUsecs(data: Uint8Array, index: number): { readonly zero: boolean; readonly usecs: bigint } {
  const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const sec = dv.getBigInt64(index * TIMESPEC_LEN, true);
  const nsec = dv.getBigInt64(index * TIMESPEC_LEN + 8, true);
  return { zero: sec === 0n && nsec === 0n, usecs: sec * 1_000_000n + nsec / 1000n };
}

const secs = (usecs: bigint): string => (Number(usecs) / 1e6).toFixed(6);

function compareTimestamping(i: number, wantData: Uint8Array, gotData: Uint8Array, clock: TimestampClock): string | undefined {
  for (let k = 0; k < SCM_TIMESTAMPING_TS_COUNT; k++) {
    const want = timespecUsecs(wantData, k);
    // A zero expected timestamp is not checked (the script can only write the first).
    if (want.zero) continue;
    const wantLive = clock.realtimeUsecsAt(want.usecs);
    const got = timespecUsecs(gotData, k).usecs;
    const diff = got - wantLive;
    if ((diff < 0n ? -diff : diff) > BigInt(clock.toleranceUsecs)) {
      const start = clock.realtimeUsecsAt(0n);
      return `Bad timestamp ${k} in scm_timestamping ${i}: expected ${secs(want.usecs)} sec but was ${secs(got - start)} sec ` +
        `(script time); tolerance ${secs(BigInt(clock.toleranceUsecs))} sec`;
    }
  }
  return undefined;
}
