import t from 'tap';
import {
  EPOLL_EVENT_LEN, cmsgSpace, decodeCmsgs, decodeEpollEvent, decodeMsghdrResult, decodeRevents,
  decodeSockExtendedErr, decodeSockaddr, encodeCmsgs, encodeEpollEvent, encodeIovecs, encodeLinger,
  encodeMsghdr, encodePollfds, encodeSockExtendedErr, encodeSockaddrIn, encodeSockaddrIn6,
} from '../../../../src/runner/kernel/syscalls/structs.js';
import { ipv6Bytes } from '../../../../src/runner/kernel/syscalls/eval.js';
import { familyOnlySockaddr, liveSockaddr } from '../../../../src/runner/kernel/syscalls/sockaddr.js';
import { defaultConfig } from '../../../../src/runner/config.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

t.test('sockaddr_in / sockaddr_in6 golden bytes', async (t) => {
  // bind(3, ..., ...) with local 192.168.0.1, port 8080: family 2 (LE), port 0x1f90 (BE), addr
  t.equal(hex(encodeSockaddrIn(Uint8Array.of(192, 168, 0, 1), 8080)), '02001f90c0a80001' + '00'.repeat(8));
  // connect(3, ..., ...) to fd3d:fa7b:d17d::1 port 8080: family 10, port, flowinfo 0, addr, scope 0
  t.equal(
    hex(encodeSockaddrIn6(ipv6Bytes('fd3d:fa7b:d17d::1'), 8080)),
    '0a001f90' + '00000000' + 'fd3dfa7bd17d00000000000000000001' + '00000000',
  );
  const mapped = liveSockaddr({ ...defaultConfig('ipv4-mapped-ipv6'), remoteIp: '192.0.2.1' }, 'remote');
  t.equal(hex(mapped), '0a001f90' + '00000000' + '00000000000000000000ffffc0000201' + '00000000');
  t.equal(hex(liveSockaddr(defaultConfig('ipv4'), 'local')), '02001f90c0a80001' + '00'.repeat(8));
  t.equal(hex(familyOnlySockaddr(defaultConfig('ipv4'), 0)), '00'.repeat(16), 'AF_UNSPEC, IPv4-sized');
  t.same(decodeSockaddr(mapped, 28), { ip: '::ffff:192.0.2.1', port: 8080 });
  t.same(decodeSockaddr(encodeSockaddrIn6(ipv6Bytes('2001:db8::1'), 1), 28), { ip: '2001:db8::1', port: 1 });
  t.same(decodeSockaddr(encodeSockaddrIn(Uint8Array.of(127, 0, 0, 1), 99), 16), { ip: '127.0.0.1', port: 99 });
  t.equal(decodeSockaddr(encodeSockaddrIn(Uint8Array.of(127, 0, 0, 1), 99), 8), undefined, 'truncated');
});

t.test('iovec and msghdr golden bytes', async (t) => {
  // [{..., 5}] with its base at 0x1122334455667788
  t.equal(hex(encodeIovecs([{ base: 0x1122334455667788n, len: 5 }])), '8877665544332211' + '0500000000000000');
  const m = encodeMsghdr({ name: 0x10n, nameLen: 28, iov: 0x20n, iovLen: 1, control: 0x30n, controlLen: 48, flags: 0x20 });
  t.equal(hex(m), [
    '1000000000000000', '1c00000000000000', '2000000000000000', '0100000000000000',
    '3000000000000000', '3000000000000000', '2000000000000000',
  ].join(''));
  t.same(decodeMsghdrResult(m), { controlLen: 48, flags: 0x20 });
});

t.test('control messages round-trip with CMSG_SPACE padding', async (t) => {
  const cmsgs = [
    { level: 6, type: 37, data: Uint8Array.of(1, 0, 0, 0) },
    { level: 0, type: 11, data: new Uint8Array(20).fill(7) },
  ];
  const buf = encodeCmsgs(cmsgs);
  t.equal(buf.length, cmsgSpace(4) + cmsgSpace(20));
  t.equal(hex(buf.subarray(0, 24)), '1400000000000000' + '06000000' + '25000000' + '01000000' + '00000000');
  t.same(decodeCmsgs(buf, buf.length), cmsgs);
  t.same(decodeCmsgs(buf, 10), [], 'truncated header: nothing');
});

t.test('pollfd, epoll_event (packed), linger, sock_extended_err', async (t) => {
  // {fd=4, events=POLLIN|POLLOUT}
  const p = encodePollfds([{ fd: 4, events: 5 }]);
  t.equal(hex(p), '04000000' + '0500' + '0000');
  p[6] = 0x10;
  t.equal(decodeRevents(p, 0), 0x10);
  // {events=EPOLLIN, u64=0x0102030405060708}: 12 bytes, data at offset 4
  const e = encodeEpollEvent(1, 0x0102030405060708n);
  t.equal(e.length, EPOLL_EVENT_LEN);
  t.equal(hex(e), '01000000' + '0807060504030201');
  t.same(decodeEpollEvent(e), { events: 1, data: 0x0102030405060708n });
  // {onoff=1, linger=0}
  t.equal(hex(encodeLinger(1, 0)), '0100000000000000');
  const ee = { errno: 42, origin: 4, type: 0, code: 0, info: 2, data: 999 };
  t.equal(hex(encodeSockExtendedErr(ee)), '2a000000' + '04000000' + '02000000' + 'e7030000');
  t.same(decodeSockExtendedErr(encodeSockExtendedErr(ee)), ee);
  t.equal(decodeSockExtendedErr(new Uint8Array(8)), undefined, 'too short');
});
