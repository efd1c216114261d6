// The one place that binds libc through koffi (architecture.md, "System calls").
//
// Read this first: every function here is the raw C call. Pointers are passed as
// Uint8Array (koffi hands the bytes' address to C) or null; the caller owns the
// memory and encodes/decodes structs itself. Synchronous calls cost ~0.2 µs; the
// `async` variants run on a koffi worker thread (~45 µs round trip) and are for
// calls that may block. errno is read right after the call, also for async calls.
import koffi from 'koffi';
import { CLOCK_MONOTONIC } from '../../linux/kernel.js';

export type Ptr = Uint8Array | null;

/** The result of one libc call: its return value and errno right after it. */
export interface CallResult {
  readonly ret: number;
  readonly errno: number;
}

// C prototypes, by name. `intptr_t` stands in for ssize_t (koffi has no ssize_t);
// both are signed 64-bit on x86_64 and aarch64.
export const PROTOTYPES = {
  socket: 'int socket(int domain, int type, int protocol)',
  bind: 'int bind(int fd, void *addr, uint32_t len)',
  listen: 'int listen(int fd, int backlog)',
  accept: 'int accept(int fd, void *addr, void *len)',
  connect: 'int connect(int fd, void *addr, uint32_t len)',
  close: 'int close(int fd)',
  shutdown: 'int shutdown(int fd, int how)',
  read: 'intptr_t read(int fd, void *buf, size_t n)',
  write: 'intptr_t write(int fd, void *buf, size_t n)',
  readv: 'intptr_t readv(int fd, void *iov, int cnt)',
  writev: 'intptr_t writev(int fd, void *iov, int cnt)',
  recv: 'intptr_t recv(int fd, void *buf, size_t n, int flags)',
  send: 'intptr_t send(int fd, void *buf, size_t n, int flags)',
  recvfrom: 'intptr_t recvfrom(int fd, void *buf, size_t n, int flags, void *addr, void *len)',
  sendto: 'intptr_t sendto(int fd, void *buf, size_t n, int flags, void *addr, uint32_t len)',
  recvmsg: 'intptr_t recvmsg(int fd, void *msg, int flags)',
  sendmsg: 'intptr_t sendmsg(int fd, void *msg, int flags)',
  getsockname: 'int getsockname(int fd, void *addr, void *len)',
  getpeername: 'int getpeername(int fd, void *addr, void *len)',
  getsockopt: 'int getsockopt(int fd, int level, int name, void *val, void *len)',
  setsockopt: 'int setsockopt(int fd, int level, int name, void *val, uint32_t len)',
  fcntl: 'int fcntl(int fd, int cmd, long arg)',
  ioctl: 'int ioctl(int fd, unsigned long req, void *arg)',
  poll: 'int poll(void *fds, unsigned long nfds, int timeout)',
  epoll_create: 'int epoll_create(int size)',
  epoll_ctl: 'int epoll_ctl(int epfd, int op, int fd, void *ev)',
  epoll_wait: 'int epoll_wait(int epfd, void *evs, int max, int timeout)',
  pipe: 'int pipe(void *fds)',
  splice: 'intptr_t splice(int in, void *offIn, int out, void *offOut, size_t len, unsigned int flags)',
  sendfile: 'intptr_t sendfile(int out, int in, void *off, size_t count)',
  open: 'int open(const char *path, int flags, unsigned int mode)',
  flock: 'int flock(int fd, int op)',
  mount: 'int mount(const char *src, const char *target, const char *fstype, unsigned long flags, void *data)',
  sched_setscheduler: 'int sched_setscheduler(int pid, int policy, void *param)',
  sched_getscheduler: 'int sched_getscheduler(int pid)',
  mlock2: 'int mlock2(uintptr_t addr, size_t len, unsigned int flags)',
  getpid: 'int getpid()',
  clock_gettime: 'int clock_gettime(int clock, void *ts)',
  clock_getres: 'int clock_getres(int clock, void *ts)',
  // prctl is variadic in glibc; integer arguments travel in the same registers either
  // way on the x86_64 and aarch64 Linux ABIs, so a fixed prototype is safe.
  prctl: 'int prctl(int option, unsigned long a2, unsigned long a3, unsigned long a4, unsigned long a5)',
  if_nametoindex: 'unsigned int if_nametoindex(const char *name)',
} as const;

/** mmap returns a pointer, which `call` cannot turn into a number: it has a method of its own. */
const MMAP = 'void *mmap(void *addr, size_t len, int prot, int flags, int fd, intptr_t off)';
/** (void *) -1 */
const MAP_FAILED = 0xffffffffffffffffn;

export type LibcName = keyof typeof PROTOTYPES;
type Arg = number | bigint | string | Ptr;

interface Bound {
  (...args: Arg[]): number | bigint;
  async(...args: [...Arg[], (err: unknown, ret: number | bigint) => void]): void;
}

/** libc, bound once per process. */
export class Libc {
  private readonly fns: { readonly [K in LibcName]: Bound };
  private readonly mmap: (...args: Arg[]) => unknown;

  private constructor(fns: { readonly [K in LibcName]: Bound }, mmap: (...args: Arg[]) => unknown) {
    this.fns = fns;
    this.mmap = mmap;
  }

  static load(): Libc {
    const lib = koffi.load('libc.so.6');
    const fns = {} as { [K in LibcName]: Bound };
    for (const name of Object.keys(PROTOTYPES) as LibcName[]) {
      fns[name] = lib.func(PROTOTYPES[name]) as Bound;
    }
    return new Libc(fns, lib.func(MMAP) as (...args: Arg[]) => unknown);
  }

  /**
   * mmap(2) of `length` bytes of `fd` from offset 0: the mapped memory (never
   * unmapped: it lives as long as the process), or the failed call.
   */
  map(fd: number, length: number, prot: number, flags: number): ArrayBuffer | CallResult {
    const p = this.mmap(null, length, prot, flags, fd, 0);
    const errno = koffi.errno();
    if (p === null || koffi.address(p) === MAP_FAILED) return { ret: -1, errno };
    return koffi.view(p, length);
  }

  /** Calls `name` on this thread. */
  call(name: LibcName, ...args: Arg[]): CallResult {
    const ret = Number(this.fns[name](...args));
    return { ret, errno: koffi.errno() };
  }

  /**
   * A busy-wait until CLOCK_MONOTONIC, process.hrtime's clock, reaches a
   * deadline, with nothing allocated on V8's heap per read: the clock's spin
   * before a deadline reads the time thousands of times per event, and as
   * BigInts (process.hrtime.bigint()) those reads filled V8's young generation
   * every 15–20 events of a chain, each time with a scavenge at a deadline
   * (clock.ts). A double would be a heap object too, outside optimised code.
   */
  monotonicSpinner(): (deadlineNs: bigint) => void {
    const clockGettime = this.fns.clock_gettime;
    // struct timespec as 32-bit words (little-endian: x86_64, aarch64): the low
    // word of the 64-bit tv_sec, then tv_nsec at word 2; both small integers.
    const words = new Int32Array(4);
    const ts = new Uint8Array(words.buffer);
    return (deadlineNs) => {
      const sec = Number(deadlineNs / 1_000_000_000n);
      const nsec = Number(deadlineNs % 1_000_000_000n);
      for (;;) {
        clockGettime(CLOCK_MONOTONIC, ts);
        const s = words[0] as number;
        if (s > sec || (s === sec && (words[2] as number) >= nsec)) return;
      }
    };
  }

  /** Calls `name` on a koffi worker thread, for calls that may block. */
  callAsync(name: LibcName, ...args: Arg[]): Promise<CallResult> {
    return new Promise((resolve, reject) => {
      this.fns[name].async(...args, (err: unknown, ret: number | bigint) => {
        if (err) reject(err instanceof Error ? err : new Error(String(err)));
        else {
          const n = Number(ret);
          resolve({ ret: n, errno: koffi.errno() });
        }
      });
    });
  }
}
