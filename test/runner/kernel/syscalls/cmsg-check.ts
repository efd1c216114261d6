// Received control messages against the script's (script-language.md §7.4), as
// packetdrill's cmsg_expect_eq compares them: by level and type, timestamps within
// tolerance_usecs of the script time, sock_extended_err field by field.
import t from 'tap';
import { SCM_TIMESTAMPING_LEN, type TimestampClock, compareCmsgs } from '../../../../src/runner/kernel/syscalls/cmsg-check.js';
import { type Cmsg, encodeInt, encodeSockExtendedErr, sym } from '../../../../src/runner/kernel/syscalls/structs.js';

// Script time zero at an arbitrary CLOCK_REALTIME instant.
const ZERO_USECS = 1_796_524_201_638_190n;
const clock: TimestampClock = { realtimeUsecsAt: (s) => ZERO_USECS + s, toleranceUsecs: 4000 };

/** An scm_timestamping with the given timespecs, each as total nanoseconds. */
function timestamping(...ns: bigint[]): Cmsg {
  const data = new Uint8Array(SCM_TIMESTAMPING_LEN);
  const dv = new DataView(data.buffer);
  ns.forEach((n, i) => {
    dv.setBigInt64(i * 16, n / 1_000_000_000n, true);
    dv.setBigInt64(i * 16 + 8, n % 1_000_000_000n, true);
  });
  return { level: sym('SOL_SOCKET'), type: sym('SCM_TIMESTAMPING'), data };
}
const live = (scriptNs: bigint): bigint => ZERO_USECS * 1000n + scriptNs;

const ee = (info: number, data: number, level = 'SOL_IP', type = 'IP_RECVERR'): Cmsg => {
  const bytes = new Uint8Array(16 + 16);
  bytes.set(encodeSockExtendedErr({ errno: 42, origin: 4, type: 0, code: 0, info, data }));
  return { level: sym(level), type: sym(type), data: bytes };
};

t.test('SCM_TIMESTAMPING: the script time maps to the kernel clock, within tolerance_usecs', async (t) => {
  // {scm_sec=0, scm_nsec=20000000}: 20 ms of script time.
  const want = timestamping(20_000_000n);
  t.equal(compareCmsgs([want], [timestamping(live(20_000_000n))], clock), undefined);
  t.equal(compareCmsgs([want], [timestamping(live(23_999_000n))], clock), undefined, '3.999 ms late is within 4 ms');
  t.equal(compareCmsgs([want], [timestamping(live(16_000_000n))], clock), undefined, '4 ms early is within 4 ms');
  t.equal(
    compareCmsgs([want], [timestamping(live(24_002_000n))], clock),
    'Bad timestamp 0 in scm_timestamping 0: expected 0.020000 sec but was 0.024002 sec (script time); tolerance 0.004000 sec',
  );
  t.match(compareCmsgs([want], [timestamping(live(15_000_000n))], clock) ?? '', /^Bad timestamp 0 in scm_timestamping 0/);
});

t.test('SCM_TIMESTAMPING: a zero expected timestamp is not checked', async (t) => {
  t.equal(compareCmsgs([timestamping(0n)], [timestamping(live(9_000_000_000n), 5n, 7n)], clock), undefined);
  // The kernel's other two timespecs (hardware) are not written by the script.
  t.equal(compareCmsgs([timestamping(10_000_000n)], [timestamping(live(10_000_000n), 123n, 456n)], clock), undefined);
});

t.test('sock_extended_err: field by field, the offender address ignored', async (t) => {
  const got = ee(1, 1999);
  got.data[20] = 0xff;
  t.equal(compareCmsgs([ee(1, 1999)], [got], clock), undefined);
  t.equal(compareCmsgs([ee(1, 1999)], [ee(2, 1999)], clock), 'Bad info in extended err 0: expected=1 actual=2');
  t.equal(compareCmsgs([ee(1, 1999)], [ee(1, 3999)], clock), 'Bad data in extended err 0: expected=1999 actual=3999');
  t.equal(compareCmsgs([ee(1, 1, 'SOL_IPV6', 'IPV6_RECVERR')], [ee(1, 2, 'SOL_IPV6', 'IPV6_RECVERR')], clock),
    'Bad data in extended err 0: expected=1 actual=2');
});

t.test('other messages compare byte for byte; level, type, length and count first', async (t) => {
  const inq = (n: number): Cmsg => ({ level: sym('SOL_TCP'), type: sym('TCP_CM_INQ'), data: encodeInt(n) });
  t.equal(compareCmsgs([inq(3)], [inq(3)], clock), undefined);
  t.equal(compareCmsgs([inq(3)], [inq(4)], clock), 'Bad data in cmsg 0');
  t.equal(compareCmsgs([inq(3)], [{ ...inq(3), level: sym('SOL_SOCKET') }], clock), `Bad level in cmsg 0: expected=${sym('SOL_TCP')} actual=${sym('SOL_SOCKET')}`);
  t.equal(compareCmsgs([inq(3)], [{ ...inq(3), type: 99 }], clock), `Bad type in cmsg 0: expected=${sym('TCP_CM_INQ')} actual=99`);
  t.equal(compareCmsgs([inq(3)], [{ ...inq(3), data: new Uint8Array(8) }], clock), 'Bad len in cmsg 0: expected=20 actual=24');
  t.equal(compareCmsgs([inq(3)], [inq(3), inq(3)], clock), 'received more than 1 cmsgs');
  t.equal(compareCmsgs([inq(3), inq(3)], [inq(3)], clock), 'received only 1 cmsgs');
  t.equal(compareCmsgs([], [], clock), undefined);
});
