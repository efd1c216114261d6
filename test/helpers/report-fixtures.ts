// Deterministic results for reporter tests: a real run of
// fixtures/close/simultaneous-close.pkt, saved as JSON with times rounded to
// whole µs (test/runner/report/fixtures/simultaneous-close.json), and
// failing twins made from it by overriding one event (style.md (f)).
import { readFileSync } from 'node:fs';
import { DOMParser, type Document, type Element } from '@xmldom/xmldom';
import type { EventResult, ScriptResult, TraceEntry } from '../../src/runner/results.js';
import { readJsonReport } from '../../src/runner/report/read-json.js';
import { formatSecs } from '../../src/runner/seconds.js';

const path = new URL('../runner/report/fixtures/simultaneous-close.json', import.meta.url);

export function simultaneousClose(): ScriptResult {
  const report = readJsonReport(readFileSync(path, 'utf8'));
  if (!report.ok || report.results[0] === undefined) throw new Error(`bad fixture: ${report.ok ? 'no results' : report.message}`);
  return report.results[0];
}

function eventAt(r: ScriptResult, line: number): EventResult {
  const e = r.events.find((x) => x.line === line);
  if (e === undefined) throw new Error(`no event on line ${line}`);
  return e;
}

function withEvent(r: ScriptResult, line: number, change: Partial<EventResult>): ScriptResult {
  const events = r.events.map((e) => (e.line === line ? { ...e, ...change } : e));
  const failed = events.find((e) => e.verdict === 'fail');
  return { ...r, events, verdict: failed ? 'fail' : r.verdict, failure: failed?.failure && { line: failed.line, failure: failed.failure } };
}

/** Line 27 (`state TCP_TIME_WAIT`) finds the connection still CLOSING. */
export function stateFailure(): ScriptResult {
  const message = 'expected TCP_TIME_WAIT, the connection is in TCP_CLOSING';
  const failure = { kind: 'state', message, expected: 'TCP_TIME_WAIT', actual: 'TCP_CLOSING' } as const;
  return withEvent(simultaneousClose(), 27, { verdict: 'fail', failure, observedState: 'TCP_CLOSING' });
}

/** Line 22's ACK arrives 9 ms after its expected time. */
export function timingFailure(): ScriptResult {
  const r = simultaneousClose();
  const at = eventAt(r, 22).actualUsecs ?? 0;
  const message = `timing error: expected outbound packet at ${formatSecs(at - 9000)} sec but happened at ${formatSecs(at)} sec; tolerance 0.004000 sec`;
  const failure = {
    kind: 'timing', message,
    expectedUsecs: at - 9000, actualUsecs: at, toleranceUsecs: 4000, testerLateUsecs: 3,
  } as const;
  return withEvent(r, 22, { verdict: 'fail', failure });
}

/** Line 22's ACK never comes. */
export function missingPacket(): ScriptResult {
  const r = simultaneousClose();
  const failure = { kind: 'packet', message: 'timed out waiting for packet (waited 2.000000 sec)', diffs: [], scriptPacket: '. 2:2(0) ack 2', livePacket: undefined } as const;
  const cut = withEvent({ ...r, trace: r.trace.filter((t) => t.line !== 22) }, 22, { verdict: 'fail', failure, actualUsecs: undefined });
  return { ...cut, events: cut.events.filter((e) => e.line <= 22) };
}

/** A packet no line accounted for, 5 ms after the last; `strict` makes it the failure. */
export function strayPacket(strict: boolean): ScriptResult {
  const r = simultaneousClose();
  const last = r.trace.at(-1)?.atUsecs ?? 0;
  const stray: TraceEntry = { direction: 'outbound', atUsecs: last + 5000, text: '. 2:2(0) ack 2 win 63', line: undefined };
  const trace = [...r.trace, stray];
  if (!strict) return { ...r, trace };
  const message = `--strict: unexpected outbound packet at ${(stray.atUsecs / 1e6).toFixed(6)} sec, after line 27, matched by no script line`;
  const failure = { kind: 'unexpected', message, packet: stray.text, atUsecs: stray.atUsecs } as const;
  const ev: EventResult = {
    line: 27, kind: 'outbound', source: '+0    state TCP_TIME_WAIT', scheduledUsecs: undefined, actualUsecs: stray.atUsecs,
    testerLateUsecs: undefined, verdict: 'fail', failure,
  };
  return { ...r, trace, verdict: 'fail', events: [...r.events, ev], failure: { line: 27, failure } };
}

/** The last exchange 60 s later, as after a TIME_WAIT: the gap must be cut. */
export function longIdle(): ScriptResult {
  const r = simultaneousClose();
  const shift = (line: number | undefined, t: number): number => (line !== undefined && line >= 26 ? t + 60e6 : t);
  return {
    ...r,
    trace: r.trace.map((t) => ({ ...t, atUsecs: shift(t.line, t.atUsecs) })),
    events: r.events.map((e) => ({ ...e, actualUsecs: e.actualUsecs === undefined ? undefined : shift(e.line, e.actualUsecs) })),
    finalState: undefined,
  };
}

/** Parses SVG or XHTML strictly: any well-formedness error throws. */
export function parseXml(text: string): Document {
  const errors: string[] = [];
  const doc = new DOMParser({ onError: (level, message) => errors.push(`${level}: ${message}`) }).parseFromString(text, 'image/svg+xml');
  if (errors.length > 0) throw new Error(errors.join('\n'));
  return doc;
}

export function byClass(doc: Document | Element, tag: string, cls: string): Element[] {
  return Array.from(doc.getElementsByTagName(tag)).filter((e) => (e.getAttribute('class') ?? '').split(' ').includes(cls));
}
