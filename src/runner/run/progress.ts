// Where a run is, told by the child to the parent one short line at a time, so
// that a run stopped by --timeout can say which event it was stuck on
// (suite/timeout.ts). The child writes a record before each event; that write is the
// only cost on the timeline (a few bytes on a pipe, before the event's wait).

import { writeSync } from 'node:fs';

/** The child's end of the progress pipe (after stdin, stdout, stderr and the result channel). */
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

export function encodeProgress(p: Progress): string {
  switch (p.kind) {
    case 'init':
      return `init ${p.line}\n`;
    case 'zero':
      return 'zero\n';
    case 'event':
      return `event ${p.line} ${p.atUsecs}\n`;
    case 'finish':
      return 'finish\n';
    default: {
      const never: never = p;
      return String(never);
    }
  }
}

export function decodeProgress(line: string): Progress | undefined {
  const [kind, a, b] = line.split(' ');
  if (kind === 'zero' || kind === 'finish') return { kind };
  if (kind === 'init' && a !== undefined) return { kind, line: Number(a) };
  if (kind === 'event' && a !== undefined && b !== undefined) return { kind, line: Number(a), atUsecs: Number(b) };
  return undefined;
}

/** The child's reporter: writes to the progress pipe, and stays quiet if the parent gave none. */
export function progressWriter(fd: number): (p: Progress) => void {
  let open = true;
  return (p) => {
    if (!open) return;
    try {
      writeSync(fd, encodeProgress(p));
    } catch {
      // No pipe (a run started by hand) or the parent is gone: progress is optional.
      open = false;
    }
  };
}
