// A run stopped by --timeout explains itself: the parent reads the child's
// progress board (run/progress.ts) when it kills the child, and names the
// event and line the run was stuck on ("line 9: read(4, ..., 1000) had not
// returned after 3 s"). Pure: the caller passes the board's record and the clock.

import type { Event, Script } from '../../grammar/ast.js';
import type { ProgressSnapshot } from '../run/progress.js';

export interface Stuck {
  /** The script line the run was stuck on; 0 outside any line. */
  readonly line: number;
  readonly message: string;
}

function secs(ms: number): string {
  const s = Math.max(0, ms) / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}

/** What the event looks like in the script, without its time: `read(4, ..., 1000)`, `` `sleep 5` ``. */
export function eventText(event: Event, source: string): string {
  const text = (pos: { offset: number; length: number }): string => source.slice(pos.offset, pos.offset + pos.length);
  const a = event.action;
  switch (a.kind) {
    case 'syscall':
      return `${a.name}(${a.args.map((x) => text(x.pos)).join(', ')})`;
    case 'command':
      return `\`${a.text.trim()}\``;
    case 'code':
      return 'the code block';
    case 'packet':
    case 'state': {
      // The line from the action on, without its time stamp.
      const from = a.pos.offset;
      const end = source.indexOf('\n', from);
      return source.slice(from, end < 0 ? undefined : end).trim();
    }
    default: {
      const never: never = a;
      return String(never);
    }
  }
}

function stuckOnEvent(event: Event, source: string, elapsedMs: number): string {
  const what = eventText(event, source);
  switch (event.action.kind) {
    case 'syscall':
      return `${what} had not returned after ${secs(elapsedMs)}`;
    case 'packet':
      return event.action.direction === 'outbound' ? `still waiting for ${what} after ${secs(elapsedMs)}` : `${what} had not been injected after ${secs(elapsedMs)}`;
    case 'command':
    case 'code':
    case 'state':
      return `${what} had not finished after ${secs(elapsedMs)}`;
    default: {
      const never: never = event.action;
      return String(never);
    }
  }
}

/** Why the run had not finished when --timeout stopped it, from its last progress record. */
export function describeStuck(script: Script, source: string, t: ProgressSnapshot, nowMs: number, timeoutSecs: number): Stuck {
  const p = t.last;
  const since = nowMs - t.lastAtMs;
  const limit = `(--timeout ${timeoutSecs})`;
  if (p === undefined) return { line: 0, message: `the run had not reached its init command or first event after ${secs(timeoutSecs * 1000)} ${limit}` };
  switch (p.kind) {
    case 'init':
      return p.line === 0
        ? { line: 0, message: `an --init_scripts command had not finished after ${secs(since)} ${limit}` }
        : { line: p.line, message: `line ${p.line}: the init command had not finished after ${secs(since)} ${limit}` };
    case 'zero':
      return { line: 0, message: `the timeline had started but reached no event after ${secs(since)} ${limit}` };
    case 'event': {
      const event = script.events.find((e) => e.pos.line === p.line);
      const firedAtMs = (t.zeroAtMs ?? t.lastAtMs) + p.atUsecs / 1000;
      if (event === undefined) return { line: p.line, message: `line ${p.line} had not finished after ${secs(since)} ${limit}` };
      if (firedAtMs > nowMs) {
        return { line: p.line, message: `line ${p.line}: ${eventText(event, source)} is due at ${secs(p.atUsecs / 1000)} of script time, later than ${limit} allows` };
      }
      return { line: p.line, message: `line ${p.line}: ${stuckOnEvent(event, source, nowMs - Math.max(t.lastAtMs, firedAtMs))} ${limit}` };
    }
    case 'finish':
      return {
        line: 0,
        message: `every event had run, but the run had not finished ${secs(since)} later ${limit}: a blocking call still in flight, the --strict grace period, code blocks or the cleanup command`,
      };
    default: {
      const never: never = p;
      return { line: 0, message: String(never) };
    }
  }
}
