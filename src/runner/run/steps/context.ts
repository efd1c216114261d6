// What every event step shares during one run. The session owns it; steps read
// the edges through it and record what they injected.

import type { Event } from '../../../grammar/ast.js';
import type { CaptureLog } from '../capture.js';
import type { Clock } from '../clock.js';
import type { RunConfig } from '../../config.js';
import type { Libc } from '../../kernel/libc.js';
import type { EventKind, EventResult, Failure } from '../../results.js';
import type { Sockets } from '../../script/sockets.js';
import type { SyscallEnv } from '../../kernel/syscalls/index.js';
import type { Tolerance, Resolved } from '../timing.js';
import type { Tun } from '../../kernel/tun.js';
import type { CodeBlock } from '../../kernel/code.js';
import type { Connection } from '../../script/connection.js';
import type { Packet } from '../../wire/frame.js';

/**
 * An inbound packet as injected. Its script notation (trace.ts) and its pcap
 * record are made after the timeline: rendering it cost the event after it
 * tens of µs. `numbering` is the connection's sequence numbering as it was
 * then (numberingOf), so the text is what it would have been at once.
 */
export interface Injected {
  readonly line: number;
  readonly atUsecs: number;
  readonly bytes: Uint8Array;
  readonly packet: Packet;
  readonly numbering: Connection;
}

/** A blocking call still in flight (§1.8): its result is checked when it returns. */
export interface PendingCall {
  readonly line: number;
  /** Script time by which it must have returned. */
  readonly endUsecs: number;
  readonly done: Promise<EventResult>;
}

export interface RunContext {
  readonly file: string;
  readonly cfg: RunConfig;
  readonly clock: Clock;
  readonly libc: Libc;
  readonly tun: Tun;
  readonly capture: CaptureLog;
  readonly sockets: Sockets;
  readonly syscalls: SyscallEnv;
  readonly tolerance: Tolerance;
  /** Source lines of the script, for reporting. */
  readonly source: readonly string[];
  /** Inbound packets as injected, for the trace and the pcap file. */
  readonly injected: Injected[];
  /** CLOCK_REALTIME minus hrtime, ns: maps between kernel timestamps and the script clock. */
  readonly realtimeOffsetNs: bigint;
  readonly warnings: string[];
  readonly codeBlocks: CodeBlock[];
  pending: PendingCall | undefined;
  /** Resolved script time of the previous event: the base of relative tolerance (§1.7). */
  previousUsecs: number;
  /** How late tcpdrill fired the previous event, µs: what an outbound timing failure blames first. */
  previousLateUsecs: number;
  /**
   * Where the next relative time anchors, script µs: when the current event's
   * own work (the call, the write to tun0, the sock_diag lookup) ended, less a
   * small credit for tcpdrill's lateness in firing it (actionEnd in fire.ts).
   * tcpdrill's bookkeeping after the work (results, trace text) is left out.
   */
  actionEndUsecs: number | undefined;
  /** The last call made or packet injected: a packet the kernel sent during it answered it (outbound.ts). */
  lastWork: Work | undefined;
}

/** tcpdrill's own work for an event (a call, a write to tun0), script µs. */
export interface Work {
  readonly line: number;
  readonly what: 'call' | 'injection';
  readonly startUsecs: number;
  readonly endUsecs: number;
  /** How late tcpdrill started it. */
  readonly lateUsecs: number;
}

/** One event with its resolved time, as handed to a step. */
export interface Scheduled {
  readonly event: Event;
  readonly when: Resolved;
  /** The script's first event, whose start time is not checked (§1.6). */
  readonly first: boolean;
}

/** The source text of an event's line. */
export function sourceOf(ctx: RunContext, event: Event): string {
  return ctx.source[event.pos.line - 1] ?? '';
}

export function passed(
  ctx: RunContext,
  s: Scheduled,
  kind: EventKind,
  actualUsecs: number | undefined,
  testerLateUsecs: number | undefined,
): EventResult {
  return {
    line: s.event.pos.line,
    kind,
    source: sourceOf(ctx, s.event),
    scheduledUsecs: s.when.any ? undefined : s.when.usecs,
    actualUsecs,
    testerLateUsecs,
    verdict: 'pass',
    failure: undefined,
  };
}

export function failed(
  ctx: RunContext,
  s: Scheduled,
  kind: EventKind,
  failure: Failure,
  actualUsecs?: number,
  testerLateUsecs?: number,
): EventResult {
  return { ...passed(ctx, s, kind, actualUsecs, testerLateUsecs), verdict: 'fail', failure };
}

/** A failure outside any timed event: init, cleanup or code, at `line` (0 for none), whose text is `source`. */
export function outsideEvent(failure: Failure, line = 0, source = ''): EventResult {
  return {
    line,
    kind: 'command',
    source,
    scheduledUsecs: undefined,
    actualUsecs: undefined,
    testerLateUsecs: undefined,
    verdict: 'fail',
    failure,
  };
}
