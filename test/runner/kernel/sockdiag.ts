import t from 'tap';
import { TCP_STATES } from '../../../src/linux/tcp.js';
import { listenerOn, parseDiagMsg, stateOf, type DiagSocket } from '../../../src/runner/kernel/sockdiag.js';
import { formatAddress, normaliseIp } from '../../../src/runner/wire/address.js';
import { DIST_READY, IP_VERSIONS, runScenario } from '../../helpers/namespace.js';

/** An inet_diag_msg: family, state, ports, addresses, inode (include/uapi/linux/inet_diag.h). */
function diagMsg(family: number, state: number, src: number[], sport: number, dst: number[], dport: number, inode: number): Uint8Array {
  const m = new Uint8Array(72);
  const dv = new DataView(m.buffer);
  m[0] = family;
  m[1] = state;
  dv.setUint16(4, sport, false);
  dv.setUint16(6, dport, false);
  m.set(src, 8);
  m.set(dst, 24);
  dv.setUint32(68, inode, true);
  return m;
}
const MAPPED = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255];

t.test('parses inet_diag_msg, maps NEW_SYN_RECV and IPv4-mapped addresses', async (t) => {
  const req = parseDiagMsg(diagMsg(10, 12, [...MAPPED, 192, 168, 0, 1], 8080, [...MAPPED, 192, 0, 2, 1], 40000, 0));
  t.same(req, { family: 6, state: TCP_STATES.TCP_SYN_RECV, localIp: '192.168.0.1', localPort: 8080, remoteIp: '192.0.2.1', remotePort: 40000, inode: 0 });
  const v4 = parseDiagMsg(diagMsg(2, 10, [192, 168, 0, 1], 8080, [0, 0, 0, 0], 0, 77));
  t.same([v4.family, v4.state, v4.localIp, v4.inode], [4, TCP_STATES.TCP_LISTEN, '192.168.0.1', 77]);
});

t.test('address normalisation', async (t) => {
  t.equal(formatAddress(Uint8Array.from([0xfd, 0x3d, 0x0a, 0x0b, 0x17, 0xd6, ...new Array(9).fill(0), 1])), 'fd3d:a0b:17d6::1');
  t.equal(normaliseIp('fd3d:0a0b:17d6::1'), 'fd3d:a0b:17d6::1');
  t.equal(normaliseIp('::ffff:192.0.2.1'), '192.0.2.1');
  t.equal(normaliseIp('192.0.2.1'), '192.0.2.1');
});

t.test('stateOf and listenerOn', async (t) => {
  const base = { family: 4 as const, localIp: '192.168.0.1', remoteIp: '192.0.2.1', inode: 0 };
  const sockets: DiagSocket[] = [
    { ...base, state: TCP_STATES.TCP_LISTEN, localPort: 8080, remoteIp: '0.0.0.0', remotePort: 0 },
    { ...base, state: TCP_STATES.TCP_FIN_WAIT1, localPort: 8080, remotePort: 40000 },
  ];
  const tuple = { localIp: '::ffff:192.168.0.1', localPort: 8080, remoteIp: '192.0.2.1', remotePort: 40000 };
  t.equal(stateOf(sockets, tuple), TCP_STATES.TCP_FIN_WAIT1);
  t.equal(stateOf(sockets, { ...tuple, remotePort: 1 }), undefined, 'no socket: TCP_CLOSE');
  t.equal(listenerOn(sockets, 8080)?.state, TCP_STATES.TCP_LISTEN);
  t.equal(listenerOn(sockets, 9), undefined);
});

for (const ipVersion of IP_VERSIONS) {
  t.test(`the kernel socket table through a passive open and close (${ipVersion})`, { skip: !DIST_READY && 'npm run build first' }, async (t) => {
    const r = await runScenario('passive', ipVersion);
    const listener = r['listener'] as DiagSocket;
    t.equal(listener.state, TCP_STATES.TCP_LISTEN);
    t.equal(listener.family, ipVersion === 'ipv4' ? 4 : 6, 'mapped sockets are AF_INET6');
    t.equal(r['synRecv'], TCP_STATES.TCP_SYN_RECV, 'request socket reported as SYN_RECV');
    t.equal(r['established'], TCP_STATES.TCP_ESTABLISHED);
    const after = r['after'] as DiagSocket;
    t.equal(after.state, TCP_STATES.TCP_FIN_WAIT1, 'orphan after close() with the FIN unacknowledged');
    t.equal(after.inode, 0, 'no file descriptor refers to it');
    t.same(
      r['looked'],
      {
        listener: TCP_STATES.TCP_LISTEN,
        before: TCP_STATES.TCP_LISTEN,
        synRecv: TCP_STATES.TCP_SYN_RECV,
        established: TCP_STATES.TCP_ESTABLISHED,
        after: TCP_STATES.TCP_FIN_WAIT1,
      },
      'one socket at a time: the listener answers for a tuple with no connection yet, then the connection through each state',
    );
  });

  t.test(`an active open is SYN_SENT (${ipVersion})`, { skip: !DIST_READY && 'npm run build first' }, async (t) => {
    const r = await runScenario('connect', ipVersion);
    t.equal(r['state'], TCP_STATES.TCP_SYN_SENT);
  });
}
