// Real-kernel tests over loopback (127.0.0.1 only). Each passing call has a failing twin
// asserting packetdrill's message.
import t, { type Test } from 'tap';
import { readFileSync } from 'node:fs';
import { Libc } from '../../../../src/runner/kernel/libc.js';
import { closeAll, runSyscall, socketTuple, type SyscallOutcome } from '../../../../src/runner/kernel/syscalls/index.js';
import {
  call, cmsg, ell, epev, int, iovec, linger, list, msghdr, or, pollfd, str, strPrefix, sym,
} from './fixtures/ast.js';
import { loopbackConfig, testEnv, testPort } from './fixtures/env.js';

const libc = Libc.load();
const port = testPort(1);
const env = testEnv(libc, loopbackConfig(port));
t.teardown(() => closeAll(env));

type Act = ReturnType<typeof call>;
const run = (a: Act): SyscallOutcome => runSyscall(a, env);
const pass = (t: Test, a: Act): void => {
  const r = run(a);
  t.equal(r.kind, 'pass', `${a.name}: ${r.kind === 'fail' ? r.message : 'ok'}`);
};
const failsWith = (t: Test, a: Act, message: string | RegExp): void => {
  const r = run(a);
  t.equal(r.kind, 'fail', `${a.name} fails`);
  if (r.kind === 'fail') t.match(r.message, message);
};
const NB = or(sym('SOCK_STREAM'), sym('SOCK_NONBLOCK'));

t.test('listener: socket, setsockopt, getsockopt, bind, listen', async (t) => {
  pass(t, call('socket', [ell, sym('SOCK_STREAM'), sym('IPPROTO_TCP')], 3));
  failsWith(t, call('socket', [ell, sym('SOCK_STREAM'), int(0)], 3), 'duplicate fd 3');
  pass(t, call('setsockopt', [int(3), sym('SOL_SOCKET'), sym('SO_REUSEADDR'), list(int(1)), int(4)], 0));
  pass(t, call('getsockopt', [int(3), sym('SOL_SOCKET'), sym('SO_REUSEADDR'), list(int(1)), list(int(4))], 0));
  failsWith(t, call('getsockopt', [int(3), sym('SOL_SOCKET'), sym('SO_REUSEADDR'), list(int(0)), list(int(4))], 0),
    'Bad getsockopt optval: expected: 0 actual: 1');
  failsWith(t, call('getsockopt', [int(3), sym('SOL_SOCKET'), sym('SO_REUSEADDR'), ell, list(int(4))], 0), /Bad type; actual: ellipsis/);
  pass(t, call('bind', [int(3), ell, ell], 0));
  pass(t, call('listen', [int(3), int(4)], 0));
  failsWith(t, call('listen', [int(9), int(1)], 0), 'unable to find fd with script fd 9');
  t.same(env.log.splice(0), ['socket 3 tcp', 'listening 3']);
});

t.test('non-blocking connect, poll, accept, tuple', async (t) => {
  pass(t, call('socket', [ell, NB, sym('IPPROTO_TCP')], 5));
  pass(t, call('connect', [int(5), ell, ell], -1, 'EINPROGRESS'));
  pass(t, call('poll', [list(pollfd(int(5), sym('POLLOUT'), sym('POLLOUT'))), int(1), int(1000)], 1));
  failsWith(t, call('poll', [list(pollfd(int(5), sym('POLLOUT'))), int(1), int(0)], 1), 'Expected revents of 0x0 but got 0x4 for pollfd 0');
  failsWith(t, call('poll', [list(pollfd(int(5), sym('POLLOUT'))), int(2), int(0)], 1), 'nfds 2 does not match 1-element pollfd array');
  pass(t, call('accept', [int(3), ell, ell], 4));
  t.same(env.log.splice(0), ['socket 5 tcp', 'connecting 5', 'accepted 4']);
  const live = env.fds.live(4);
  t.same(socketTuple(libc, live)?.localPort, port);
  t.equal(socketTuple(libc, env.fds.live(3)), undefined, 'a listener has no peer');

  pass(t, call('socket', [ell, NB, sym('IPPROTO_TCP')], 6));
  failsWith(t, call('connect', [int(6), ell, ell], -1, 'ECONNREFUSED'),
    'Expected errno 111 (Connection refused) but got 115 (Operation now in progress)');
  pass(t, call('close', [int(6)], 0));
  env.log.splice(0);
});

t.test('data: write, read, recv, readv, writev, send, recvfrom', async (t) => {
  pass(t, call('write', [int(5), ell, int(100)], 100));
  pass(t, call('read', [int(4), ell, int(1000)], 100));
  failsWith(t, call('recv', [int(4), ell, int(10), sym('MSG_DONTWAIT')], 10),
    'Expected result 10 but got -1 with errno 11 (Resource temporarily unavailable)');
  pass(t, call('writev', [int(5), list(iovec(10), iovec(20)), int(2)], 30));
  failsWith(t, call('writev', [int(5), list(iovec(10)), int(2)], 10), 'iov_count 2 does not match 1-element iovec array');
  pass(t, call('readv', [int(4), list(iovec(5), iovec(100)), int(2)], 30));
  pass(t, call('send', [int(5), ell, int(7), int(0)], 7));
  pass(t, call('recvfrom', [int(4), ell, int(100), int(0), ell, ell], 7));
  failsWith(t, call('read', [int(4), str('x'), int(1)], 1), /Bad type; actual: string expected: ellipsis or NULL/);
  pass(t, call('recv', [int(4), sym('NULL'), int(1), sym('MSG_DONTWAIT')], -1, 'EAGAIN'));
  pass(t, call('write', [int(5), sym('NULL'), int(1)], -1, 'EFAULT'));
});

t.test('recvmsg: msg_flags and an integer control message (TCP_CM_INQ)', async (t) => {
  pass(t, call('setsockopt', [int(4), sym('SOL_TCP'), sym('TCP_INQ'), list(int(1)), int(4)], 0));
  pass(t, call('write', [int(5), ell, int(10)], 10));
  const inq = (n: number): Act => call('recvmsg', [int(4), msghdr([iovec(100)], int(0),
    [cmsg(sym('SOL_TCP'), sym('TCP_CM_INQ'), int(n))]), int(0)], 10);
  pass(t, inq(0));
  pass(t, call('write', [int(5), ell, int(10)], 10));
  failsWith(t, inq(5), 'Bad data in cmsg 0');
  pass(t, call('write', [int(5), ell, int(10)], 10));
  // With TCP_INQ on and no control buffer, the unexpected cmsg shows up as MSG_CTRUNC (§7.4).
  failsWith(t, call('recvmsg', [int(4), msghdr([iovec(100)], int(0)), int(0)], 10), 'Expected msg_flags 0x0 but got 0x8');
  pass(t, call('write', [int(5), ell, int(10)], 10));
  pass(t, call('recvmsg', [int(4), msghdr([iovec(100)], sym('MSG_CTRUNC')), int(0)], 10));
  pass(t, call('write', [int(5), ell, int(10)], 10));
  failsWith(t, call('recvmsg', [int(4), msghdr([iovec(100)], int(0), [cmsg(sym('SOL_TCP'), sym('TCP_CM_INQ'), int(0)),
    cmsg(sym('SOL_TCP'), sym('TCP_CM_INQ'), int(0))]), int(0)], 10), 'received only 1 cmsgs');
  pass(t, call('setsockopt', [int(4), sym('SOL_TCP'), sym('TCP_INQ'), list(int(0)), int(4)], 0));
});

t.test('recvmsg: a failed call leaves the expected msg_flags and control messages in place (packetdrill)', async (t) => {
  const errqueue = (flags: Act['args'][number], control?: Act['args'][number][]): Act =>
    call('recvmsg', [int(4), msghdr([iovec(0)], flags, control), sym('MSG_ERRQUEUE')], -1, 'EAGAIN');
  pass(t, errqueue(sym('MSG_ERRQUEUE')));
  pass(t, errqueue(sym('MSG_ERRQUEUE'), [cmsg(sym('SOL_TCP'), sym('TCP_CM_INQ'), int(7))]));
});

t.test('options: strings, linger, ioctl, fcntl', async (t) => {
  const cc = readFileSync('/proc/sys/net/ipv4/tcp_congestion_control', 'utf8').trim();
  const padded = cc + '\\x00'.repeat(16 - cc.length);
  pass(t, call('getsockopt', [int(4), sym('SOL_TCP'), sym('TCP_CONGESTION'), str(padded), list(int(16))], 0));
  pass(t, call('getsockopt', [int(4), sym('SOL_TCP'), sym('TCP_CONGESTION'), strPrefix(cc), list(int(16))], 0));
  failsWith(t, call('getsockopt', [int(4), sym('SOL_TCP'), sym('TCP_CONGESTION'), strPrefix('zz'), list(int(16))], 0),
    /Bad getsockopt optval: expected: 'zz'/);
  failsWith(t, call('getsockopt', [int(4), sym('SOL_TCP'), sym('TCP_CONGESTION'), str('reno'), list(int(16))], 0),
    'getsockopt: string length 4 != optlen 16');
  failsWith(t, call('getsockopt', [int(4), sym('SOL_TCP'), sym('TCP_MAXSEG'), list(int(1)), list(int(8))], 0),
    'getsockopt: optlen must be 4 for an integer optval, not 8');
  pass(t, call('setsockopt', [int(4), sym('SOL_TCP'), sym('TCP_CONGESTION'), str('reno'), int(4)], 0));
  pass(t, call('getsockopt', [int(4), sym('SOL_TCP'), sym('TCP_CONGESTION'), str('reno', '\\x00\\x00'), list(int(6))], 0));
  pass(t, call('setsockopt', [int(4), sym('SOL_SOCKET'), sym('SO_LINGER'), linger(1, 0), int(8)], 0));
  failsWith(t, call('setsockopt', [int(4), sym('SOL_SOCKET'), sym('SO_LINGER'), ell, int(8)], 0), /Bad type; actual: ellipsis/);
  pass(t, call('write', [int(5), ell, int(3)], 3));
  await new Promise((r) => setTimeout(r, 20));
  pass(t, call('ioctl', [int(4), sym('FIONREAD'), list(int(3))], 0));
  failsWith(t, call('ioctl', [int(4), sym('FIONREAD'), list(int(2))], 0), 'Bad ioctl optval: expected: 2 actual: 3');
  pass(t, call('fcntl', [int(5), sym('F_GETFL')], 2 | 0x800));
  failsWith(t, call('fcntl', [int(4), sym('F_GETFL')], 0x800), 'Expected result 2048 but got 2 with errno');
  pass(t, call('fcntl', [int(4), sym('F_SETFL'), sym('O_NONBLOCK')], 0));
});

t.test('epoll and pipe', async (t) => {
  pass(t, call('epoll_create', [int(1)], 7));
  pass(t, call('epoll_ctl', [int(7), sym('EPOLL_CTL_ADD'), int(4), epev(sym('EPOLLIN'), 'fd', int(4))], 0));
  failsWith(t, call('epoll_ctl', [int(7), sym('EPOLL_CTL_ADD'), int(5), epev(sym('EPOLLIN'), 'fd', int(4))], 0),
    'epoll_event fd 4 does not match the fd argument 5');
  pass(t, call('epoll_wait', [int(7), epev(sym('EPOLLIN'), 'fd', int(4)), int(1), int(100)], 1));
  failsWith(t, call('epoll_wait', [int(7), epev(sym('EPOLLOUT'), 'fd', int(4)), int(1), int(0)], 1),
    'epoll_event->events does not match script: expected: 0x4 actual: 0x1');
  pass(t, call('epoll_ctl', [int(7), sym('EPOLL_CTL_ADD'), int(5), epev(sym('EPOLLOUT'), 'u64', int(0x1234))], 0));
  pass(t, call('pipe', [list(int(8), int(9))], 0));
  failsWith(t, call('pipe', [list(int(8), int(10))], 0), 'duplicate fd 8');
  pass(t, call('write', [int(9), ell, int(5)], 5));
  pass(t, call('read', [int(8), ell, int(5)], 5));
  pass(t, call('open', [str('/dev/null'), sym('O_RDONLY')], 11));
  failsWith(t, call('open', [str('/nonexistent/x'), sym('O_RDONLY')], 12), 'Expected non-negative result but got -1 with errno 2 (No such file or directory)');
});

t.test('shutdown, close, unknowns, unsupported', async (t) => {
  pass(t, call('shutdown', [int(4), sym('SHUT_WR')], 0));
  failsWith(t, call('shutdown', [int(4), int(99)], 0), 'Expected result 0 but got -1 with errno 22 (Invalid argument)');
  pass(t, call('close', [int(5)], 0));
  failsWith(t, call('close', [int(5)], 0), 'unable to find fd with script fd 5');
  t.same(env.log.splice(0), ['closed 5']);
  failsWith(t, call('frobnicate', [], 0), 'Unknown system call');
  failsWith(t, call('socket', [ell, sym('SOCK_BOGUS'), int(0)], 12), "unknown symbol: 'SOCK_BOGUS'");
  failsWith(t, call('close', [int(4)], 'EAGAIN'), 'Bad type; actual: word expected: integer');
  failsWith(t, call('cap_set', [sym('CAP_EFFECTIVE'), sym('CAP_NET_ADMIN'), sym('CAP_CLEAR')], 0), /not supported by tcpdrill/);
  failsWith(t, call('bind', [int(3)], 0), 'wrong number of arguments: expected 3 but got 1');
  pass(t, call('socket', [ell, sym('SOCK_DGRAM'), sym('IPPROTO_UDP')], 12));
  pass(t, call('connect', [int(12), ell, ell], 0));
  pass(t, call('connect', [int(12), sym('AF_UNSPEC'), ell], 0));
  t.same(env.log.splice(0), ['socket 12 udp', 'connecting 12', 'disconnected 12']);
});
