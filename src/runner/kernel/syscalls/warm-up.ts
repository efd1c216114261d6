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
import { runSyscall } from './index.js';
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
  const seen = new Set<string>();
  for (const a of actions) {
    if (NOT_WARMED.has(a.name) || seen.has(a.name)) continue;
    seen.add(a.name);
    const fds = new FdTable();
    if (!CREATES_FD.has(a.name)) for (let fd = 0; fd < SCRIPT_FDS; fd++) fds.bind(fd, -1, 'socket');
    const warm: SyscallEnv = { ...env, fds, blocking: undefined };
    try {
      runSyscall(a, warm);
    } catch {
      // A warm-up never decides a verdict: the call fails the same way when its turn comes.
    }
    for (const fd of fds.drain()) if (fd >= 0) env.libc.call('close', fd);
  }
}
