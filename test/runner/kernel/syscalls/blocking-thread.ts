// The blocking-call thread (blocking-thread.ts): a call's return is stamped on
// the thread that made it, so a main thread busy elsewhere (spinning to the next
// deadline, as the clock does) cannot make it late; and "asleep in the kernel"
// is read from that one thread's /proc state.
import t from 'tap';
import { readdirSync, readlinkSync } from 'node:fs';
import { Libc } from '../../../../src/runner/kernel/libc.js';
import { BlockingThread } from '../../../../src/runner/kernel/syscalls/blocking-thread.js';
import { CpuSlots, SlotFiles } from '../../../../src/runner/kernel/cpu-slots.js';
import { closeAll, runSyscall, startBlockingSyscall } from '../../../../src/runner/kernel/syscalls/index.js';
import { warmUpBlockingCalls } from '../../../../src/runner/kernel/syscalls/warm-up.js';
import type { LibcName } from '../../../../src/runner/kernel/libc.js';
import { call, ell, int, or, sym } from './fixtures/ast.js';
import { loopbackConfig, testEnv, testPort } from './fixtures/env.js';

const libc = Libc.load();
const thread = BlockingThread.start();
const env = { ...testEnv(libc, loopbackConfig(testPort(5))), blocking: thread };
t.teardown(() => {
  closeAll(env);
  thread?.close();
});
const ok = (a: ReturnType<typeof call>): void => {
  const r = runSyscall(a, env);
  if (r.kind !== 'pass') throw new Error(`${a.name}: ${r.message}`);
};

/** Keeps the main thread busy without its event loop, as the clock's spin does. */
function busyFor(ns: bigint): bigint {
  const end = process.hrtime.bigint() + ns;
  while (process.hrtime.bigint() < end);
  return end;
}

t.test('the thread starts and is idle', async (t) => {
  t.ok(thread, 'started');
  t.ok(thread?.idle);
});

t.test('Node boots the thread under the flags switched to their defaults, and they are back before its module loads', async (t) => {
  const log: string[] = [];
  const other = BlockingThread.start({ toDefaults: () => log.push('defaults'), back: () => log.push('back') });
  t.teardown(() => other?.close());
  t.ok(other?.idle, 'started, and ready for calls');
  t.same(log, ['defaults', 'back']);
});

t.test("the thread's /proc state is read through a descriptor held open, not opened per poll", async (t) => {
  const statPath = `/proc/${process.pid}/task/${thread?.tid}/stat`;
  const held = readdirSync('/proc/self/fd').map((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`);
    } catch {
      return '';
    }
  });
  t.ok(held.includes(statPath), `${statPath} is open`);
});

t.test('a blocking accept is stamped when it returned, not when the main thread looked', async (t) => {
  ok(call('socket', [ell, sym('SOCK_STREAM'), sym('IPPROTO_TCP')], 3));
  ok(call('bind', [int(3), ell, ell], 0));
  ok(call('listen', [int(3), int(1)], 0));
  const b = startBlockingSyscall(call('accept', [int(3), ell, ell], 4), env);
  await b.blocked;
  t.ok(thread?.isBlocked(), 'the thread sleeps in accept()');
  ok(call('socket', [ell, or(sym('SOCK_STREAM'), sym('SOCK_NONBLOCK')), sym('IPPROTO_TCP')], 5));
  const connected = process.hrtime.bigint();
  ok(call('connect', [int(5), ell, ell], -1, 'EINPROGRESS'));
  // accept() returns while this thread cannot look: 200 ms is far more than the
  // thread needs to wake up, and a stamp taken here would come after it.
  const busyEnd = busyFor(200_000_000n);
  const d = await b.done;
  t.equal(d.outcome.kind, 'pass');
  t.ok(d.returnedNs > connected, 'returned after the peer connected');
  t.ok(d.returnedNs < busyEnd, 'stamped by the calling thread, before the main thread was free');
  t.ok(env.fds.has(4), 'script fd 4 bound: the accept result went through the usual bookkeeping');
  t.notOk(thread?.isBlocked(), 'no longer blocked');
  t.ok(thread?.idle, 'idle again');
});

t.test('buffers the kernel fills come back to the caller', async (t) => {
  const b = startBlockingSyscall(call('read', [int(4), ell, int(100)], 7), env);
  await b.blocked;
  ok(call('write', [int(5), ell, int(7)], 7));
  const d = await b.done;
  t.equal(d.outcome.kind, 'pass', d.outcome.kind === 'fail' ? d.outcome.message : '');
});

t.test('in a suite, an armed thread spins only under a CPU slot of its own, and gives it back once the call is posted', async (t) => {
  if (!thread) return t.fail('no thread');
  const files = SlotFiles.create(1);
  const mine = CpuSlots.open(libc, files.paths())!;
  const other = CpuSlots.open(libc, files.paths())!;
  t.teardown(() => {
    thread.admitWith(undefined);
    mine.close();
    other.close();
    files.close();
  });
  thread.admitWith(mine);
  thread.arm();
  t.notOk(other.tryAcquire(), 'armed: the one slot is the thread’s');
  const posted = thread.call('close', [-1]);
  t.ok(other.tryAcquire(), 'the call posted: the slot is free again');
  await posted;
  thread.arm();
  t.ok(thread.idle, 'no slot free: the thread is not armed, and a call still finds it idle');
  t.equal((await thread.call('close', [-1]))?.ret, -1, 'and the call is made, waking the thread');
  other.release();
  thread.arm();
  thread.disarm();
  t.ok(other.tryAcquire(), 'disarmed (its call fired late): the slot is given back');
});

t.test('before time zero, the script’s blocking calls go once through the thread, against fd -1', async (t) => {
  if (!thread) return t.fail('no thread');
  const posted: LibcName[] = [];
  const real = thread.call.bind(thread);
  thread.call = (fn, args) => {
    posted.push(fn);
    return real(fn, args);
  };
  t.teardown(() => {
    thread.call = real;
  });
  const blocking = (a: ReturnType<typeof call>): ReturnType<typeof call> => ({ ...a, end: { usecs: 1000, pos: a.pos } });
  const actions = [
    call('socket', [ell, sym('SOCK_STREAM'), sym('IPPROTO_TCP')], 3),
    blocking(call('connect', [int(3), ell, ell], 0)),
    blocking(call('connect', [int(3), ell, ell], 0)),
    blocking(call('poll', [ell, int(1), int(1000)], 1)),
    call('close', [int(3)], 0),
  ];
  const before = env.fds.entries().size;
  await warmUpBlockingCalls(env, actions);
  t.same(posted, ['close', 'close', 'close', 'connect'], 'the thread’s path three times, then each distinct blocking call but poll, which would wait out its timeout');
  t.ok(thread.idle, 'the thread is idle after');
  t.equal(env.fds.entries().size, before, 'no fd of the script bound or left behind');
});
