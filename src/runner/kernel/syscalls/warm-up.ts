// Warming the executor before time zero (architecture.md, "Timing in Node").
//
// The first run of a handler and of the code it reaches (argument evaluation, struct
// encoders, result checks, the session's hooks) costs up to 0.5 ms of JIT compilation.
// Made at the script's first socket() or connect(), that cost delays every later
// event: a relative time anchors on when the previous event finished (§1.5), while
// absolute values, such as the SCM_TIMESTAMPING times of §7.4, stay where they are.
// So each call of the script runs once beforehand, on this thread, with every script
// fd bound to -1: the kernel fails it at once with EBADF and does nothing.
import type { SyscallAction } from '../../../grammar/ast.js';
import { FdTable } from './fds.js';
import { runSyscall, startBlockingSyscall } from './index.js';
import type { SyscallEnv, SyscallName } from './types.js';

// Calls that would act even without a valid fd: wait out a timeout (poll ignores
// negative fds), create files, pipes or PSP state, or change the process's capabilities.
const NOT_WARMED: ReadonlySet<string> = new Set<SyscallName>([
  'poll', 'epoll_wait', 'open', 'pipe', 'splice', 'cap_set', 'psp_rx_assoc', 'psp_tx_assoc',
]);
// Calls that create an fd (closed again at once) and need their script fd free.
const CREATES_FD: ReadonlySet<string> = new Set<SyscallName>(['socket', 'epoll_create']);
/** Script fds are small: the ones a script can name without a table of its own. */
const SCRIPT_FDS = 256;

/** Runs each distinct call of the script once against fd -1 (see above). */
export function warmUpCalls(env: SyscallEnv, actions: readonly SyscallAction[]): void {
  for (const a of distinctWarmable(actions)) {
    const warm = withDeadFds(env, a);
    try {
      runSyscall(a, { ...warm, blocking: undefined });
    } catch {
      // A warm-up never decides a verdict: the call fails the same way when its turn comes.
    }
    closeCreated(env, warm);
  }
}

/** How often the blocking-call thread's own path is rehearsed with a harmless call. */
const THREAD_REHEARSALS = 3;

/**
 * The same for blocking calls (`T...E`), which travel through the blocking-call
 * thread (blocking-thread.ts): posting, the thread's taking it up, its koffi
 * call, the return. Cold, that path put 50–170 µs between a call's start and
 * its posting and 20–120 µs between the posting and the thread's call, and a
 * connect()'s SYN left 0.4–0.6 ms after the call's start on a quiet machine.
 * The thread's path is rehearsed with close(-1) first, so that calls left out
 * above (poll would wait out its timeout) still find it warm.
 */
export async function warmUpBlockingCalls(env: SyscallEnv, actions: readonly SyscallAction[]): Promise<void> {
  const thread = env.blocking;
  if (thread === undefined) return;
  for (let i = 0; i < THREAD_REHEARSALS; i++) await thread.call('close', [-1])?.catch(() => undefined);
  for (const a of distinctWarmable(actions.filter((a) => a.end !== undefined))) {
    const warm = withDeadFds(env, a);
    try {
      await startBlockingSyscall(a, warm).done;
    } catch {
      // As above: never a verdict.
    }
    closeCreated(env, warm);
  }
}

function* distinctWarmable(actions: readonly SyscallAction[]): Generator<SyscallAction> {
  const seen = new Set<string>();
  for (const a of actions) {
    if (NOT_WARMED.has(a.name) || seen.has(a.name)) continue;
    seen.add(a.name);
    yield a;
  }
}

/** `env` with every script fd bound to -1, except for a call that creates its own. */
function withDeadFds(env: SyscallEnv, a: SyscallAction): SyscallEnv {
  const fds = new FdTable();
  if (!CREATES_FD.has(a.name)) for (let fd = 0; fd < SCRIPT_FDS; fd++) fds.bind(fd, -1, 'socket');
  return { ...env, fds };
}

/** Closes what a warm-up call created (a socket, an epoll instance). */
function closeCreated(env: SyscallEnv, warm: SyscallEnv): void {
  for (const fd of warm.fds.drain()) if (fd >= 0) env.libc.call('close', fd);
}
