// Warming the executor before time zero: each of the script's non-blocking calls runs
// once against fd -1, so the kernel refuses it (EBADF) and nothing is left behind.
import t from 'tap';
import { readdirSync } from 'node:fs';
import { Libc } from '../../../../src/runner/kernel/libc.js';
import { FdTable } from '../../../../src/runner/kernel/syscalls/index.js';
import { warmUpCalls } from '../../../../src/runner/kernel/syscalls/warm-up.js';
import { call, ell, int, list, pollfd, sym } from './fixtures/ast.js';
import { loopbackConfig, testEnv, testPort } from './fixtures/env.js';

const openFds = (): number => readdirSync('/proc/self/fd').length;

t.test('runs each call against fd -1: no socket stays open, no packet, no wait, the real table untouched', async (t) => {
  const libc = Libc.load();
  const fds = new FdTable();
  const env = testEnv(libc, loopbackConfig(testPort(7)), fds);
  const before = openFds();
  const started = Date.now();
  warmUpCalls(env, [
    call('socket', [sym('AF_INET'), sym('SOCK_STREAM'), sym('IPPROTO_TCP')], 3),
    call('connect', [int(3), ell, ell], 0),
    call('write', [int(3), ell, int(10)], 10),
    // poll ignores a negative fd and would sleep its full timeout: not warmed.
    call('poll', [list(pollfd(int(3), sym('POLLIN'))), int(1), int(2000)], 0),
    call('close', [int(3)], 0),
  ]);
  t.ok(Date.now() - started < 1000, 'poll did not wait out its timeout');
  t.equal(openFds(), before, 'the socket it created was closed again');
  t.same([...fds.entries()], [], 'the real fd table is untouched');
  t.same(env.log, ['socket 3 tcp', 'connecting 3', 'closed 3'], 'each call ran once, through the hooks it was given');
});
