// A run as a ladder diagram (issue 13), before any geometry.
//
// Read this first: a diagram is built in three steps that the SVG and the text
// renderer share. This file turns a ScriptResult into items on one timeline:
// packets (from the trace), marks on the kernel's lifeline (syscalls, shell
// commands, code blocks, state lines), the failure with its note, and the state
// bands observed along the way. ladder-layout.ts places the items vertically;
// ladder-svg.ts and ladder-text.ts draw them.

import type { EventKind, EventResult, Failure, ScriptResult, TraceEntry } from '../results.js';
import { PLAIN, renderFailure } from './pretty.js';
import { withoutTime } from './packet-label.js';

export type ItemStatus = 'ok' | 'failed' | 'warn';

/** What a failing (or warning) item says about itself; `window` is a timing failure's expected window. */
export interface Note {
  readonly lines: readonly string[];
  readonly window: { readonly fromUsecs: number; readonly toUsecs: number; readonly side: 'kernel' | 'peer' } | undefined;
}

interface Common {
  readonly atUsecs: number;
  readonly line: number | undefined;
  readonly status: ItemStatus;
  readonly note: Note | undefined;
}

export type LadderItem =
  /** A packet on the wire; `accounted` is false when no script line injected or matched it. */
  | (Common & { readonly kind: 'packet'; readonly direction: 'inbound' | 'outbound'; readonly text: string; readonly accounted: boolean })
  /** A `>` line that waited in vain: the packet the script expected. */
  | (Common & { readonly kind: 'missing'; readonly text: string })
  /** An event on the kernel's side of the timeline. */
  | (Common & { readonly kind: 'mark'; readonly event: EventKind; readonly text: string })
  /** The state observed after the timeline, when it differs from the last one seen during it. */
  | (Common & { readonly kind: 'final'; readonly text: string });

/** A state observed from item `start` until item `end` (exclusive; undefined: to the end). */
export interface StateBand {
  readonly state: string;
  readonly start: number;
  readonly end: number | undefined;
  /** The script lines after which it was observed. */
  readonly lines: readonly number[];
}

export interface LadderModel {
  readonly items: readonly LadderItem[];
  readonly bands: readonly StateBand[];
  readonly local: string;
  readonly remote: string;
}

function noteFor(ev: EventResult, f: Failure): Note {
  const lines = renderFailure(f, PLAIN);
  // A --strict stray packet's line is the one it followed, not its own.
  const head = ev.line > 0 && f.kind !== 'unexpected' ? `line ${ev.line}: ` : '';
  const side = ev.kind === 'inbound' ? 'peer' : 'kernel';
  const window =
    f.kind === 'timing' ? { fromUsecs: f.expectedUsecs - f.toleranceUsecs, toUsecs: f.expectedUsecs + f.toleranceUsecs, side } as const : undefined;
  return { lines: [`${head}${lines[0] ?? ''}`, ...lines.slice(1)], window };
}

function statusOf(ev: EventResult): ItemStatus {
  return ev.verdict === 'pass' ? 'ok' : ev.verdict === 'fail' ? 'failed' : 'warn';
}

/** The trace entry an event stands for: the packet its line injected or (last piece) matched, or the stray one. */
function packetOf(ev: EventResult, trace: readonly TraceEntry[]): number {
  const f = ev.failure;
  if (f?.kind === 'unexpected') return trace.findIndex((t) => t.line === undefined && t.direction === 'outbound' && t.atUsecs === f.atUsecs);
  if (ev.kind !== 'inbound' && ev.kind !== 'outbound') return -1;
  for (let i = trace.length - 1; i >= 0; i--) if (trace[i]?.line === ev.line && trace[i]?.direction === ev.kind) return i;
  return -1;
}

export function ladderModel(r: ScriptResult): LadderModel {
  const packets: LadderItem[] = r.trace.map((t) => ({
    kind: 'packet',
    atUsecs: t.atUsecs,
    line: t.line,
    status: 'ok',
    note: undefined,
    direction: t.direction,
    text: t.text,
    accounted: t.line !== undefined,
  }));
  const lastUsecs = Math.max(0, ...r.trace.map((t) => t.atUsecs), ...r.events.map((e) => e.actualUsecs ?? e.scheduledUsecs ?? 0));
  const items: LadderItem[] = [...packets];
  /** The item that shows each event, for the state samples taken after it. */
  const byEvent = new Map<EventResult, LadderItem>();
  for (const ev of r.events) {
    const p = packetOf(ev, r.trace);
    const at = ev.actualUsecs ?? ev.scheduledUsecs ?? lastUsecs;
    const note = ev.failure && ev.verdict !== 'pass' ? noteFor(ev, ev.failure) : undefined;
    const common = { atUsecs: at, line: ev.line > 0 ? ev.line : undefined, status: statusOf(ev), note };
    const packet = packets[p];
    if (packet?.kind === 'packet') {
      const item = ev.verdict === 'pass' ? packet : { ...packet, status: statusOf(ev), note };
      items[p] = item;
      byEvent.set(ev, item);
    } else if (ev.kind === 'outbound' && ev.failure?.kind === 'packet' && ev.failure.livePacket === undefined) {
      const item: LadderItem = { ...common, kind: 'missing', text: withoutTime(ev.source).replace(/^>\s*/, '') };
      items.push(item);
      byEvent.set(ev, item);
    } else if ((ev.kind !== 'inbound' && ev.kind !== 'outbound') || ev.verdict !== 'pass') {
      const item: LadderItem = { ...common, kind: 'mark', event: ev.kind, text: ev.source.trim() === '' ? '(outside the timeline)' : withoutTime(ev.source) };
      items.push(item);
      byEvent.set(ev, item);
    }
  }
  const samples = r.events.flatMap((ev) => {
    const item = byEvent.get(ev);
    return item && ev.observedState !== undefined ? [{ item, state: ev.observedState, line: ev.line }] : [];
  });
  const last = samples.at(-1)?.state;
  if (r.finalState && r.finalState.state !== last) {
    const item: LadderItem = { kind: 'final', atUsecs: Math.max(r.finalState.atUsecs, lastUsecs), line: undefined, status: 'ok', note: undefined, text: 'after the timeline' };
    items.push(item);
    samples.push({ item, state: r.finalState.state, line: 0 });
  }
  // Stable: items at the same instant keep trace-then-event order.
  const sorted = items.map((item, i) => ({ item, i })).sort((a, b) => a.item.atUsecs - b.item.atUsecs || a.i - b.i).map((x) => x.item);
  const index = new Map(sorted.map((item, i) => [item, i]));
  return {
    items: sorted,
    bands: bandsOf(samples.map((s) => ({ at: index.get(s.item) ?? 0, state: s.state, line: s.line }))),
    local: r.endpoints?.local ?? 'kernel',
    remote: r.endpoints?.remote ?? 'peer',
  };
}

/** Consecutive samples of one state make one band; a band ends where the next state was first seen. */
function bandsOf(samples: readonly { at: number; state: string; line: number }[]): StateBand[] {
  const sorted = [...samples].sort((a, b) => a.at - b.at);
  const bands: { state: string; start: number; end: number | undefined; lines: number[] }[] = [];
  for (const s of sorted) {
    const open = bands.at(-1);
    if (open && open.state === s.state) {
      if (s.line > 0) open.lines.push(s.line);
      continue;
    }
    if (open) open.end = s.at;
    bands.push({ state: s.state, start: s.at, end: undefined, lines: s.line > 0 ? [s.line] : [] });
  }
  return bands;
}
