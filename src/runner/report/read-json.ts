// Reads back a JSON report (json.ts) for `tcpdrill report`: the saved file is
// untrusted input, so every field a renderer touches is checked here and a
// report that does not fit says where. Fields added after version 1 first
// shipped (scriptText, endpoints, finalState, observedState) are optional.

import type { EventResult, Failure, ScriptResult, TraceEntry } from '../results.js';
import { JSON_SCHEMA_VERSION } from './json.js';

export type ReadReport =
  | { readonly ok: true; readonly results: ScriptResult[]; readonly wallMs: number }
  | { readonly ok: false; readonly message: string };

class Bad extends Error {}

type Obj = Record<string, unknown>;

function obj(v: unknown, at: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Bad(`${at}: expected an object`);
  return v as Obj;
}
function arr(v: unknown, at: string): unknown[] {
  if (!Array.isArray(v)) throw new Bad(`${at}: expected an array`);
  return v;
}
function str(v: unknown, at: string): string {
  if (typeof v !== 'string') throw new Bad(`${at}: expected a string`);
  return v;
}
function num(v: unknown, at: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Bad(`${at}: expected a number`);
  return v;
}
function opt<T>(v: unknown, at: string, read: (v: unknown, at: string) => T): T | undefined {
  return v === undefined || v === null ? undefined : read(v, at);
}
function oneOf<T extends string>(v: unknown, at: string, values: readonly T[]): T {
  const s = str(v, at);
  if (!(values as readonly string[]).includes(s)) throw new Bad(`${at}: expected one of ${values.join(', ')}`);
  return s as T;
}

const FAILURE_KINDS = ['packet', 'timing', 'syscall', 'state', 'command', 'code', 'unexpected', 'runtime'] as const;

function failure(v: unknown, at: string): Failure {
  const o = obj(v, at);
  const kind = oneOf(o['kind'], `${at}.kind`, FAILURE_KINDS);
  const message = str(o['message'], `${at}.message`);
  switch (kind) {
    case 'packet':
      return {
        kind,
        message,
        diffs: arr(o['diffs'], `${at}.diffs`).map((d, i) => {
          const x = obj(d, `${at}.diffs[${i}]`);
          return { field: str(x['field'], `${at}.field`), expected: str(x['expected'], `${at}.expected`), actual: str(x['actual'], `${at}.actual`) };
        }),
        scriptPacket: str(o['scriptPacket'], `${at}.scriptPacket`),
        livePacket: opt(o['livePacket'], `${at}.livePacket`, str),
      };
    case 'timing':
      return {
        kind,
        message,
        expectedUsecs: num(o['expectedUsecs'], `${at}.expectedUsecs`),
        actualUsecs: num(o['actualUsecs'], `${at}.actualUsecs`),
        toleranceUsecs: num(o['toleranceUsecs'], `${at}.toleranceUsecs`),
        testerLateUsecs: num(o['testerLateUsecs'], `${at}.testerLateUsecs`),
      };
    case 'state':
      return { kind, message, expected: str(o['expected'], `${at}.expected`), actual: str(o['actual'], `${at}.actual`) };
    case 'unexpected':
      return { kind, message, packet: str(o['packet'], `${at}.packet`), atUsecs: num(o['atUsecs'], `${at}.atUsecs`) };
    case 'command':
    case 'code': {
      const detail = opt(o['detail'], `${at}.detail`, (d, where) => arr(d, where).map((l, i) => str(l, `${where}[${i}]`)));
      return detail === undefined ? { kind, message } : { kind, message, detail };
    }
    case 'syscall':
    case 'runtime':
      return { kind, message };
    default: {
      const never: never = kind;
      throw new Bad(String(never));
    }
  }
}

function event(v: unknown, at: string): EventResult {
  const o = obj(v, at);
  return {
    line: num(o['line'], `${at}.line`),
    kind: oneOf(o['kind'], `${at}.kind`, ['inbound', 'outbound', 'syscall', 'command', 'code', 'state'] as const),
    source: str(o['source'], `${at}.source`),
    scheduledUsecs: opt(o['scheduledUsecs'], `${at}.scheduledUsecs`, num),
    actualUsecs: opt(o['actualUsecs'], `${at}.actualUsecs`, num),
    testerLateUsecs: opt(o['testerLateUsecs'], `${at}.testerLateUsecs`, num),
    verdict: oneOf(o['verdict'], `${at}.verdict`, ['pass', 'fail', 'warn'] as const),
    failure: opt(o['failure'], `${at}.failure`, failure),
    observedState: opt(o['observedState'], `${at}.observedState`, str),
  };
}

function traceEntry(v: unknown, at: string): TraceEntry {
  const o = obj(v, at);
  return {
    direction: oneOf(o['direction'], `${at}.direction`, ['inbound', 'outbound'] as const),
    atUsecs: num(o['atUsecs'], `${at}.atUsecs`),
    text: str(o['text'], `${at}.text`),
    line: opt(o['line'], `${at}.line`, num),
  };
}

function scriptResult(v: unknown, at: string): ScriptResult {
  const o = obj(v, at);
  const first = opt(o['failure'], `${at}.failure`, obj);
  const ends = opt(o['endpoints'], `${at}.endpoints`, obj);
  const final = opt(o['finalState'], `${at}.finalState`, obj);
  return {
    file: str(o['file'], `${at}.file`),
    ipVersion: oneOf(o['ipVersion'], `${at}.ipVersion`, ['ipv4', 'ipv6', 'ipv4-mapped-ipv6'] as const),
    verdict: oneOf(o['verdict'], `${at}.verdict`, ['pass', 'fail', 'error'] as const),
    events: arr(o['events'], `${at}.events`).map((e, i) => event(e, `${at}.events[${i}]`)),
    trace: arr(o['trace'], `${at}.trace`).map((e, i) => traceEntry(e, `${at}.trace[${i}]`)),
    failure: first && { line: num(first['line'], `${at}.failure.line`), failure: failure(first['failure'], `${at}.failure.failure`) },
    warnings: arr(o['warnings'], `${at}.warnings`).map((w, i) => str(w, `${at}.warnings[${i}]`)),
    wallMs: num(o['wallMs'], `${at}.wallMs`),
    timelineMs: num(o['timelineMs'], `${at}.timelineMs`),
    pcapFile: opt(o['pcapFile'], `${at}.pcapFile`, str),
    scriptText: opt(o['scriptText'], `${at}.scriptText`, str),
    endpoints: ends && { local: str(ends['local'], `${at}.endpoints.local`), remote: str(ends['remote'], `${at}.endpoints.remote`) },
    finalState: final && { state: str(final['state'], `${at}.finalState.state`), atUsecs: num(final['atUsecs'], `${at}.finalState.atUsecs`) },
  };
}

export function readJsonReport(text: string): ReadReport {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    return { ok: false, message: `not JSON: ${(err as Error).message}` };
  }
  try {
    const o = obj(doc, 'report');
    if (o['tool'] !== 'tcpdrill') return { ok: false, message: 'not a tcpdrill JSON report (no "tool": "tcpdrill")' };
    if (o['version'] !== JSON_SCHEMA_VERSION) return { ok: false, message: `report version ${String(o['version'])}; this tcpdrill reads version ${JSON_SCHEMA_VERSION}` };
    const results = arr(o['results'], 'results').map((r, i) => scriptResult(r, `results[${i}]`));
    return { ok: true, results, wallMs: num(o['wallMs'], 'wallMs') };
  } catch (err) {
    if (err instanceof Bad) return { ok: false, message: err.message };
    throw err;
  }
}
