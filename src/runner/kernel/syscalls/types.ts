// Types shared by the syscall executor and its handlers.
import type { Expr } from '../../../grammar/ast.js';
import type { RunConfig } from '../../config.js';
import type { Libc, LibcName } from '../libc.js';
import type { BlockingThread } from './blocking-thread.js';
import type { FdTable } from './fds.js';

/** What the session learns about the socket under test (script-language.md §1.4). */
export interface SyscallHooks {
  socketCreated(scriptFd: number, liveFd: number, type: 'tcp' | 'udp' | 'icmp' | 'other'): void;
  /** connect, or sendto/sendmsg with an address (TFO); called just before the call. */
  connecting(scriptFd: number): void;
  /** `connect(fd, AF_UNSPEC, ...)` succeeded: the socket is fresh again (§1.4). */
  disconnected(scriptFd: number): void;
  listening(scriptFd: number): void;
  accepted(scriptFd: number, liveFd: number): void;
  closed(scriptFd: number): void;
}

export interface SyscallEnv {
  readonly libc: Libc;
  readonly cfg: RunConfig;
  readonly fds: FdTable;
  readonly hooks: SyscallHooks;
  /** CLOCK_REALTIME µs of a script time: kernel timestamps in control data (§7.4). */
  readonly realtimeUsecsAt: (scriptUsecs: bigint) => bigint;
  /** The session's thread for blocking calls; undefined when the script makes none. */
  readonly blocking?: BlockingThread | undefined;
}

export type SyscallOutcome =
  | { readonly kind: 'pass'; readonly ret: number; readonly errno: number }
  | { readonly kind: 'fail'; readonly message: string; readonly ret?: number; readonly errno?: number };

export type CallArg = Parameters<Libc['call']>[1];

/** A call with its arguments evaluated, ready to issue (sync or async). */
export interface Prepared {
  readonly fn: LibcName;
  readonly args: readonly CallArg[];
  /** §7.2: fd-returning calls accept any non-negative result when E ≥ 0. */
  readonly fdReturning: boolean;
  /** Buffers the kernel reaches through pointers inside `args`; held until the call returned. */
  readonly keep?: readonly Uint8Array[];
  /** Runs right before the call (hooks the session needs before packets flow). */
  readonly before?: () => void;
  /** Bookkeeping once the call returned (fd table, hooks), pass or fail. */
  readonly after?: (ret: number) => void;
  /** Checks beyond result/errno (§7.3 column 3); a message on mismatch. */
  readonly verify?: (ret: number) => string | undefined;
}

export interface CallCtx {
  readonly args: readonly Expr[];
  readonly env: SyscallEnv;
  /** The script's expected result: the script fd of fd-returning calls. */
  readonly expected: bigint;
}

export const SYSCALL_NAMES = [
  'socket', 'bind', 'listen', 'accept', 'connect', 'read', 'readv', 'recv', 'recvfrom',
  'recvmsg', 'write', 'writev', 'send', 'sendto', 'sendmsg', 'fcntl', 'ioctl', 'close',
  'shutdown', 'getsockopt', 'setsockopt', 'poll', 'epoll_create', 'epoll_ctl', 'epoll_wait',
  'pipe', 'splice', 'sendfile', 'open', 'cap_set', 'psp_rx_assoc', 'psp_tx_assoc',
] as const;
export type SyscallName = (typeof SYSCALL_NAMES)[number];

export type Handler = (ctx: CallCtx) => Prepared;
