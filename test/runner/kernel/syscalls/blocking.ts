// Blocking calls (§1.8, §7.5) over loopback: `blocked` must resolve while the call sleeps
// in the kernel, `done` when it returns.
import t from 'tap';
import { Libc } from '../../../../src/runner/kernel/libc.js';
import { closeAll, runSyscall, startBlockingSyscall } from '../../../../src/runner/kernel/syscalls/index.js';
import { someThreadBlockedOn } from '../../../../src/runner/kernel/syscalls/blocking.js';
import { call, ell, int, or, sym } from './fixtures/ast.js';
import { loopbackConfig, testEnv, testPort } from './fixtures/env.js';

const libc = Libc.load();
const env = testEnv(libc, loopbackConfig(testPort(2)));
t.teardown(() => closeAll(env));
const ok = (a: ReturnType<typeof call>): void => {
  const r = runSyscall(a, env);
  if (r.kind !== 'pass') throw new Error(`${a.name}: ${r.message}`);
};

t.test('blocking accept: blocked before the client connects, done after', async (t) => {
  ok(call('socket', [ell, sym('SOCK_STREAM'), sym('IPPROTO_TCP')], 3));
  ok(call('bind', [int(3), ell, ell], 0));
  ok(call('listen', [int(3), int(1)], 0));
  const listener = env.fds.live(3);
  t.notOk(someThreadBlockedOn(BigInt(listener)), 'nobody sleeps on the listener yet');
  const start = process.hrtime.bigint();
  const b = startBlockingSyscall(call('accept', [int(3), ell, ell], 4), env);
  let finished = false;
  void b.done.then(() => (finished = true));
  await b.blocked;
  const blockedNs = process.hrtime.bigint();
  t.notOk(finished, 'accept has not returned');
  t.ok(someThreadBlockedOn(BigInt(listener)), 'a worker sleeps in accept(listener)');
  t.ok(blockedNs - start < 40_000_000n, 'seen blocked well before the 50 ms give-up');
  ok(call('socket', [ell, or(sym('SOCK_STREAM'), sym('SOCK_NONBLOCK')), sym('IPPROTO_TCP')], 5));
  ok(call('connect', [int(5), ell, ell], -1, 'EINPROGRESS'));
  const d = await b.done;
  t.equal(d.outcome.kind, 'pass');
  t.ok(d.returnedNs > blockedNs, 'returned after it was seen blocked');
  t.ok(env.fds.has(4), 'script fd 4 bound');
});

t.test('blocking read with a wrong expected result fails after returning', async (t) => {
  const b = startBlockingSyscall(call('read', [int(4), ell, int(100)], 5), env);
  await b.blocked;
  ok(call('write', [int(5), ell, int(10)], 10));
  const d = await b.done;
  t.same(d.outcome.kind === 'fail' && d.outcome.message, 'Expected result 5 but got 10 with errno 0 (Unknown error 0)');
  const good = startBlockingSyscall(call('read', [int(4), ell, int(100)], 7), env);
  await good.blocked;
  ok(call('write', [int(5), ell, int(7)], 7));
  t.equal((await good.done).outcome.kind, 'pass');
});

t.test('a blocking call that returns at once resolves both promises', async (t) => {
  const b = startBlockingSyscall(call('recv', [int(4), ell, int(1), sym('MSG_DONTWAIT')], -1, 'EAGAIN'), env);
  await b.blocked;
  t.equal((await b.done).outcome.kind, 'pass');
  const bad = startBlockingSyscall(call('read', [int(42), ell, int(1)], 0), env);
  await bad.blocked;
  const d = await bad.done;
  t.same(d.outcome, { kind: 'fail', message: 'unable to find fd with script fd 42' });
});
