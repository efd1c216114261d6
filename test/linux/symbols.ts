import t from 'tap';
import { SYMBOLS, lookupSymbol } from '../../src/linux/symbols.js';
import { ERRNO, errnoName, errnoText } from '../../src/linux/errno.js';

// Values cross-checked against the x86_64 kernel headers named in symbols.ts.
const expected: readonly (readonly [string, bigint])[] = [
  ['SOL_SOCKET', 1n], ['SO_REUSEADDR', 2n], ['SO_LINGER', 13n], ['SO_RCVBUF', 8n],
  ['SO_SNDBUF', 7n], ['SO_KEEPALIVE', 9n], ['SO_ERROR', 4n], ['SOL_TCP', 6n],
  ['IPPROTO_TCP', 6n], ['TCP_NODELAY', 1n], ['TCP_MAXSEG', 2n], ['TCP_CORK', 3n],
  ['TCP_KEEPIDLE', 4n], ['TCP_KEEPINTVL', 5n], ['TCP_KEEPCNT', 6n], ['TCP_SYNCNT', 7n],
  ['TCP_LINGER2', 8n], ['TCP_DEFER_ACCEPT', 9n], ['TCP_INFO', 11n], ['TCP_QUICKACK', 12n],
  ['TCP_CONGESTION', 13n], ['TCP_USER_TIMEOUT', 18n], ['TCP_FASTOPEN', 23n],
  ['TCP_NOTSENT_LOWAT', 25n], ['TCP_FASTOPEN_CONNECT', 30n], ['MSG_DONTWAIT', 0x40n],
  ['MSG_NOSIGNAL', 0x4000n], ['MSG_FASTOPEN', 0x20000000n], ['O_NONBLOCK', 0x800n],
  ['F_GETFL', 3n], ['F_SETFL', 4n], ['SOCK_NONBLOCK', 0x800n], ['EPOLLIN', 1n],
  ['EPOLLOUT', 4n], ['EPOLLET', 0x80000000n], ['POLLIN', 1n], ['POLLOUT', 4n],
  ['POLLRDHUP', 0x2000n], ['FIONREAD', 0x541bn], ['SIOCINQ', 0x541bn], ['SHUT_WR', 1n],
  ['AF_INET6', 10n], ['SCM_TIMESTAMPING', 37n], ['TCP_NLA_BUSY', 1n], ['TCP_NLA_SRTT', 22n],
  ['SOF_TIMESTAMPING_TX_ACK', 0x200n], ['CAP_NET_ADMIN', 12n], ['CAP_BLOCK_SUSPEND', 36n],
  ['ENOMSG', 42n], ['NULL', 0n],
];

t.test('symbol values match the x86_64 headers', async (t) => {
  for (const [name, value] of expected) t.equal(lookupSymbol(name), value, name);
});

t.test('names packetdrill lacks stay unknown (§10)', async (t) => {
  for (const name of ['SOCK_CLOEXEC', 'TCP_REPAIR', 'TCP_ULP', 'IPPROTO_MPTCP', 'SIOCOUTQ', 'TCP_CLOSING']) {
    t.equal(lookupSymbol(name), undefined, name);
  }
  t.ok(SYMBOLS.size > 300);
});

t.test('errno table', async (t) => {
  t.equal(ERRNO.get('EPERM'), 1);
  t.equal(ERRNO.get('EINPROGRESS'), 115);
  t.equal(ERRNO.get('EWOULDBLOCK'), ERRNO.get('EAGAIN'));
  t.equal(ERRNO.get('EDEADLOCK'), ERRNO.get('EDEADLK'));
  t.equal(ERRNO.get('EHWPOISON'), 133);
  t.equal(errnoName(11), 'EAGAIN');
  t.equal(errnoName(999), 'errno 999');
  t.equal(errnoText(115), 'Operation now in progress');
  t.equal(errnoText(999), 'Unknown error 999');
});
