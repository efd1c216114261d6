// Network namespace isolation (architecture.md, "Network namespaces"; script-language.md
// §1.2).
//
// Read this first: a Node process cannot move itself into a namespace (unshare/setns
// moves only the calling thread; libuv and koffi worker threads stay outside). So the
// parent re-executes Node under `unshare --net`, and everything that touches the network
// (TUN, capture, syscalls, sock_diag) runs in that child. The namespace dies with its
// last process, the child, so there is nothing to clean up after a crash. The child ties
// its life to the parent's with prctl(PR_SET_PDEATHSIG, SIGKILL): if the parent dies
// for any reason (SIGTERM, SIGKILL, crash), the kernel kills the child.
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { accessSync, closeSync, mkdirSync, openSync, constants as fsConstants } from 'node:fs';
import { delimiter, isAbsolute, join, relative, sep } from 'node:path';
import { constants as osConstants } from 'node:os';
import { EnvError } from '../errors.js';
import type { Libc } from './libc.js';
import { MS_BIND, PR_SET_PDEATHSIG } from '../../linux/kernel.js';
import { forNodeStart } from './node-env.js';

const TUN_PATH = '/dev/net/tun';
/** Environment variable through which the child learns its parent's pid. */
export const PARENT_PID_ENV = 'TCPDRILL_PARENT_PID';
/** Where `ip`, `tc` and `unshare` live when PATH (e.g. under sudo) omits sbin. */
const SBIN_DIRS = ['/usr/local/sbin', '/usr/sbin', '/sbin', '/usr/bin', '/bin'];

/** Environment variable naming the host directory the child mounts over its /tmp. */
export const PRIVATE_TMP_ENV = 'TCPDRILL_PRIVATE_TMP';

export interface SpawnOptions {
  readonly stdio?: StdioOptions;
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** A host directory to serve as the child's /tmp (see {@link usePrivateTmp}). */
  readonly privateTmp?: string;
}

function isRoot(): boolean {
  return process.getuid?.() === 0;
}

/** Absolute path of `tool` on PATH or in the usual sbin directories, if executable. */
export function findTool(tool: string, path = process.env['PATH'] ?? ''): string | undefined {
  const dirs = [...path.split(delimiter).filter((d) => d !== ''), ...SBIN_DIRS];
  for (const dir of dirs) {
    const candidate = join(dir, tool);
    try {
      accessSync(candidate, fsConstants.X_OK);
      return candidate;
    } catch {
      continue;
    }
  }
  return undefined;
}

function tunAccessible(): boolean {
  try {
    accessSync(TUN_PATH, fsConstants.R_OK | fsConstants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Everything a run needs from the host, checked before any namespace exists:
 * the tools, and access to /dev/net/tun (as root, or rootless when it is world-writable).
 */
export function checkEnvironment(): EnvError | undefined {
  const tools = [['unshare', 'util-linux'], ['ip', 'iproute2']] as const;
  for (const [tool, pkg] of tools) {
    if (findTool(tool) === undefined) {
      return new EnvError(`'${tool}' not found`, `install ${pkg} (e.g. apt-get install ${pkg})`);
    }
  }
  if (!tunAccessible()) {
    return isRoot()
      ? new EnvError(`${TUN_PATH} is missing or unusable`, 'load the tun module: modprobe tun')
      : new EnvError(
          `${TUN_PATH} is not accessible to uid ${process.getuid?.()}`,
          `run as root (sudo) or make ${TUN_PATH} accessible (chmod 0666 ${TUN_PATH})`,
        );
  }
  return undefined;
}

/**
 * The unshare flags: net and mount namespaces as root, with a user namespace
 * rootless. The mount namespace (private propagation, unshare's default) only
 * serves the private /tmp.
 */
export function unshareArgs(): string[] {
  return isRoot() ? ['--net', '--mount'] : ['--user', '--map-root-user', '--net', '--mount'];
}

/**
 * Runs `node modulePath ...args` in a fresh network namespace. unshare execs Node
 * directly (no --fork), so the child's parent is this process, which the child's
 * {@link bindLifetimeToParent} relies on.
 */
export function spawnInNamespace(
  modulePath: string,
  args: readonly string[],
  opts: SpawnOptions = {},
): ChildProcess | EnvError {
  const unshare = findTool('unshare');
  if (unshare === undefined) {
    return new EnvError("'unshare' not found", 'install util-linux');
  }
  if (!isRoot() && !tunAccessible()) {
    return new EnvError(
      `rootless run needs ${TUN_PATH}, which is not accessible`,
      `run as root (sudo) or make ${TUN_PATH} accessible (chmod 0666 ${TUN_PATH})`,
    );
  }
  const argv = [...unshareArgs(), '--', process.execPath, modulePath, ...args];
  return spawn(unshare, argv, {
    stdio: opts.stdio ?? 'inherit',
    cwd: opts.cwd,
    env: {
      ...forNodeStart(opts.env ?? process.env),
      [PARENT_PID_ENV]: String(process.pid),
      ...(opts.privateTmp === undefined ? {} : { [PRIVATE_TMP_ENV]: opts.privateTmp }),
    },
  });
}

/**
 * Inside the child: bind the run's own directory over /tmp. Scripts and the
 * corpus's helpers write there (set_sysctls.py's /tmp/sysctl_restore_<pid>.sh,
 * test files); this way nothing they leave survives the run, and runs of a
 * suite never see one another's files. A mount is namespace-wide, so unlike
 * unshare/setns it is safe to do from a Node process with threads.
 *
 * `keep` are paths the run still needs (the script's directory, tcpdrill's own
 * files): any under the host's /tmp would vanish with it, so the top folder of
 * each is bound back at its place inside the new /tmp.
 */
export function usePrivateTmp(libc: Libc, keep: readonly string[]): EnvError | undefined {
  const dir = process.env[PRIVATE_TMP_ENV];
  if (dir === undefined) return undefined;
  delete process.env[PRIVATE_TMP_ENV];
  const tops = [...new Set(keep.flatMap(topUnderTmp))];
  // Opened before the mount: afterwards the host's /tmp has no name here.
  const held = tops.map((top) => ({ top, fd: openSync(join('/tmp', top), 'r') }));
  try {
    const r = libc.call('mount', dir, '/tmp', null, MS_BIND, null);
    if (r.ret !== 0) return EnvError.fromErrno(`mount --bind ${dir} /tmp`, r.errno, 'run as root, or where user namespaces may mount');
    for (const { top, fd } of held) {
      const at = join('/tmp', top);
      mkdirSync(at, { recursive: true });
      const b = libc.call('mount', `/proc/self/fd/${fd}`, at, null, MS_BIND, null);
      if (b.ret !== 0) return EnvError.fromErrno(`mount --bind (the host's) ${at} ${at}`, b.errno, 'keep scripts and tcpdrill outside /tmp');
    }
    return undefined;
  } finally {
    for (const { fd } of held) closeSync(fd);
  }
}

/** The first component under /tmp of an absolute path, if it is under /tmp. */
function topUnderTmp(path: string): string[] {
  const r = relative('/tmp', path);
  if (r === '' || r.startsWith('..') || isAbsolute(r)) return [];
  return [r.split(sep)[0] as string];
}

/**
 * Called first thing in the child: asks the kernel to SIGKILL this process when its
 * parent dies (prctl(2), PR_SET_PDEATHSIG). If the parent died before the call, the
 * signal would never come; the ppid check catches that, and the caller must exit.
 */
export function bindLifetimeToParent(libc: Libc): EnvError | undefined {
  const expected = Number(process.env[PARENT_PID_ENV]);
  const { ret, errno } = libc.call('prctl', PR_SET_PDEATHSIG, osConstants.signals.SIGKILL, 0, 0, 0);
  if (ret !== 0) {
    return EnvError.fromErrno('prctl(PR_SET_PDEATHSIG)', errno, 'report this as a tcpdrill bug');
  }
  if (!Number.isInteger(expected) || process.ppid !== expected) {
    return new EnvError(
      `parent process ${process.env[PARENT_PID_ENV] ?? '(unknown)'} is gone`,
      'start the run through tcpdrill, which creates the namespace',
    );
  }
  return undefined;
}
