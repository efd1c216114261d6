// Where a run is, told by the child to the parent, so that a run stopped by
// --timeout can say which event it was stuck on (suite/timeout.ts).
//
// The child keeps the latest record in a page of memory it shares with the
// parent (a file the parent opened for it and the child maps, kernel/shared-page.ts),
// and the parent reads that file only when it stops the run. Telling it takes
// no system call: before each event, a record appended to a file with write(2)
// cost the timeline 26 µs at the median and up to 2.2 ms when the file system
// stalled (a corpus suite at -j 1, marks around each event), and a pipe would
// also wake the parent. A memory store costs about 2 µs.
//
// The page holds one record under a sequence count (a seqlock): the writer
// makes the count odd, writes the fields, makes it even again; a reader that
// sees an odd count, or a different count after reading, read a record being
// written and reads again.

/** The child's progress file (after stdin, stdout, stderr and the result channel). */
export const PROGRESS_FD = 4;

export type Progress =
  /** An init script (line 0) or the init command (its line) has started. */
  | { readonly kind: 'init'; readonly line: number }
  /** Script time zero. */
  | { readonly kind: 'zero' }
  /** The event on `line`, due at script time `atUsecs`, is next. */
  | { readonly kind: 'event'; readonly line: number; readonly atUsecs: number }
  /** The timeline is over: blocking calls, --strict, code blocks, the cleanup command. */
  | { readonly kind: 'finish' };

/** What the parent reads back: the latest record, when it was written, and when script time zero was (epoch ms). */
export interface ProgressSnapshot {
  readonly last: Progress | undefined;
  readonly lastAtMs: number;
  readonly zeroAtMs: number | undefined;
}

/** The board's size: the file is made this long, and the child maps this much. */
export const PROGRESS_BYTES = 4096;

// Offsets in the board (little-endian, as both ends are this machine).
const SEQ = 0;
const KIND = 4;
const LINE = 8;
const AT_USECS = 16;
const WRITTEN_MS = 24;
const ZERO_MS = 32;

const KIND_CODES = { none: 0, init: 1, zero: 2, event: 3, finish: 4 } as const;

/** Writes one record into the board (the child's side). */
export function writeProgress(board: DataView, p: Progress, atMs: number): void {
  const seq = board.getUint32(SEQ, true);
  board.setUint32(SEQ, seq + 1, true);
  board.setInt32(KIND, KIND_CODES[p.kind], true);
  board.setInt32(LINE, p.kind === 'init' || p.kind === 'event' ? p.line : 0, true);
  board.setFloat64(AT_USECS, p.kind === 'event' ? p.atUsecs : 0, true);
  board.setFloat64(WRITTEN_MS, atMs, true);
  if (p.kind === 'zero') board.setFloat64(ZERO_MS, atMs, true);
  board.setUint32(SEQ, seq + 2, true);
}

/** Reads the board (the parent's side); undefined while a record is being written. */
export function readProgress(board: DataView): ProgressSnapshot | undefined {
  const seq = board.getUint32(SEQ, true);
  if (seq % 2 === 1) return undefined;
  const kind = board.getInt32(KIND, true);
  const line = board.getInt32(LINE, true);
  const atUsecs = board.getFloat64(AT_USECS, true);
  const lastAtMs = board.getFloat64(WRITTEN_MS, true);
  const zeroMs = board.getFloat64(ZERO_MS, true);
  if (board.getUint32(SEQ, true) !== seq) return undefined;
  return { last: decodeKind(kind, line, atUsecs), lastAtMs, zeroAtMs: zeroMs === 0 ? undefined : zeroMs };
}

function decodeKind(kind: number, line: number, atUsecs: number): Progress | undefined {
  switch (kind) {
    case KIND_CODES.init:
      return { kind: 'init', line };
    case KIND_CODES.zero:
      return { kind: 'zero' };
    case KIND_CODES.event:
      return { kind: 'event', line, atUsecs };
    case KIND_CODES.finish:
      return { kind: 'finish' };
    default:
      return undefined;
  }
}

/** The child's reporter: writes to the board, and stays quiet if the parent gave none (a run started by hand). */
export function progressWriter(board: DataView | undefined): (p: Progress) => void {
  if (board === undefined) return () => {};
  // Node loads `performance` on first use: 2.5 ms of its internals, taken here
  // and not by the first record, which can be the one at time zero.
  const origin = performance.timeOrigin;
  return (p) => writeProgress(board, p, origin + performance.now());
}
