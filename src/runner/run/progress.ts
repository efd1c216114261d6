// Where a run is, told by the child to the parent one short line at a time, so
// that a run stopped by --timeout can say which event it was stuck on
// (suite/timeout.ts). The child appends a record before each event to a file
// the parent opened for it, and the parent reads that file only when it stops
// the run. A pipe would wake the parent on every event and put its work on a
// CPU in the middle of the timeline; a file write wakes nobody. Each record
// carries the wall-clock time it was written, since nobody reads it as it
// arrives.

import { writeSync } from 'node:fs';

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

/** A record as read back: what happened, and when it was written (epoch ms). */
export interface Stamped {
  readonly progress: Progress;
  readonly atMs: number;
}

/** One line: the wall-clock time, then the record. */
export function encodeProgress(p: Progress, atMs: number): string {
  const at = atMs.toFixed(3);
  switch (p.kind) {
    case 'init':
      return `${at} init ${p.line}\n`;
    case 'zero':
      return `${at} zero\n`;
    case 'event':
      return `${at} event ${p.line} ${p.atUsecs}\n`;
    case 'finish':
      return `${at} finish\n`;
    default: {
      const never: never = p;
      return String(never);
    }
  }
}

export function decodeProgress(line: string): Stamped | undefined {
  const [at, kind, a, b] = line.split(' ');
  const atMs = Number(at);
  if (at === undefined || at === '' || !Number.isFinite(atMs)) return undefined;
  if (kind === 'zero' || kind === 'finish') return { progress: { kind }, atMs };
  if (kind === 'init' && a !== undefined) return { progress: { kind, line: Number(a) }, atMs };
  if (kind === 'event' && a !== undefined && b !== undefined) return { progress: { kind, line: Number(a), atUsecs: Number(b) }, atMs };
  return undefined;
}

/** The child's reporter: appends to the progress file, and stays quiet if the parent gave none. */
export function progressWriter(fd: number): (p: Progress) => void {
  let open = true;
  return (p) => {
    if (!open) return;
    try {
      writeSync(fd, encodeProgress(p, performance.timeOrigin + performance.now()));
    } catch {
      // No file (a run started by hand): progress is optional.
      open = false;
    }
  };
}
