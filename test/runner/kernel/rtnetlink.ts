import t from 'tap';
import { spawnSync } from 'node:child_process';
import { encodeRequest } from '../../../src/runner/kernel/rtnetlink.js';
import { root } from '../../helpers/cli.js';
import { DIST_READY } from '../../helpers/namespace.js';

t.test('a route request is the nlmsghdr, rtmsg and attributes `ip route replace` sends', async (t) => {
  const m = encodeRequest({ kind: 'route', ifindex: 7, dst: Uint8Array.of(192, 0, 2, 1), dstLen: 32, gateway: Uint8Array.of(192, 168, 0, 1), onlink: true }, 3);
  const dv = new DataView(m.buffer);
  t.equal(dv.getUint32(0, true), m.length, 'nlmsg_len is the whole message');
  t.equal(m.length, 16 + 12 + 8 + 8 + 8);
  t.equal(dv.getUint16(4, true), 24, 'RTM_NEWROUTE');
  t.equal(dv.getUint16(6, true), 0x01 | 0x04 | 0x400 | 0x100, 'REQUEST | ACK | CREATE | REPLACE');
  t.equal(dv.getUint32(8, true), 3, 'sequence number');
  t.same([...m.subarray(16, 24)], [2, 32, 0, 0, 254, 3, 0, 1], 'AF_INET, /32, main table, proto boot, scope universe, unicast');
  t.equal(dv.getUint32(24, true), 4, 'RTNH_F_ONLINK');
  t.same([...m.subarray(28, 36)], [8, 0, 1, 0, 192, 0, 2, 1], 'RTA_DST');
  t.same([...m.subarray(36, 44)], [8, 0, 5, 0, 192, 168, 0, 1], 'RTA_GATEWAY');
  t.same([...m.subarray(44, 52)], [8, 0, 4, 0, 7, 0, 0, 0], 'RTA_OIF');
});

t.test('an IPv6 address request carries IFA_LOCAL and IFA_ADDRESS, and nodad', async (t) => {
  const local = new Uint8Array(16).fill(0xfd, 0, 1);
  const m = encodeRequest({ kind: 'addr', ifindex: 2, local, prefix: 48, nodad: true }, 1);
  t.equal(m.length, 16 + 8 + 20 + 20);
  t.same([...m.subarray(16, 20)], [10, 48, 0x02, 0], 'AF_INET6, /48, IFA_F_NODAD, scope universe');
  t.same([...m.subarray(24, 28)], [20, 0, 2, 0], 'IFA_LOCAL, 16 bytes');
  t.same([...m.subarray(44, 48)], [20, 0, 1, 0], 'IFA_ADDRESS, 16 bytes');
});

t.test('the kernel acknowledges a request, or names why it refused it', { skip: !DIST_READY && 'npm run build first' }, async (t) => {
  const code = `import { Libc } from './dist/runner/kernel/libc.js';
    import { Rtnetlink } from './dist/runner/kernel/rtnetlink.js';
    const nl = Rtnetlink.open(Libc.load());
    const local = Uint8Array.of(10, 9, 8, 7);
    const up = nl.request({ kind: 'link', ifindex: 1, up: true });
    const add = nl.request({ kind: 'addr', ifindex: 1, local, prefix: 8, nodad: false });
    const again = nl.request({ kind: 'addr', ifindex: 1, local, prefix: 8, nodad: false });
    const nodev = nl.request({ kind: 'link', ifindex: 9999, up: true });
    nl.close();
    console.log(JSON.stringify([up, add, again, nodev]));`;
  // A namespace of its own: nothing here touches the host's interfaces.
  const r = spawnSync('unshare', ['--net', '--', '/usr/bin/env', '-u', 'NODE_OPTIONS', process.execPath, '--input-type=module', '-e', code], { cwd: root, encoding: 'utf8' });
  t.equal(r.status, 0, r.stderr);
  t.same(JSON.parse(r.stdout), [0, 0, 17, 19], 'lo up, address added, then EEXIST for the same address and ENODEV for no device');
});
