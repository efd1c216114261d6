// The shared memory between the main thread and the blocking-call thread
// (blocking-thread.ts, blocking-worker.ts): one control block, two views.

export const ARG_SLOTS = 6;

/** Indices: `state`, `tid`, `fn`, `argc` and `errno` in the Int32 words; the rest in the BigInt64 values. */
export const Slot = {
  state: 0,
  tid: 1,
  fn: 2,
  argc: 3,
  errno: 4,
  ret: 0,
  returnedNs: 1,
  args: 2,
} as const;

export const State = {
  starting: 0,
  /** Node has booted the thread; it waits to be told to load blocking-worker.ts (blocking-boot.ts). */
  booted: 6,
  /** Told to: it loads the module, then goes idle. */
  loading: 7,
  idle: 1,
  running: 2,
  done: 3,
  exit: 4,
  /** A call is due within a few ms: the thread spins instead of sleeping, to take it at once. */
  armed: 5,
} as const;

export interface Control {
  readonly words: SharedArrayBuffer;
  readonly values: SharedArrayBuffer;
}

export function newControl(): Control {
  return { words: new SharedArrayBuffer(5 * 4), values: new SharedArrayBuffer((2 + ARG_SLOTS) * 8) };
}
