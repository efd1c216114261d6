// One script's run, inside its own network namespace (script-language.md §1.1):
// open the edges, run the init command, fire every event on the script clock,
// check what is left (blocking calls, --strict, code blocks), tear down.
//
// Read this first: this file owns the order of things and nothing else. Each
// kind of event is a step in steps/; the kernel is touched only through the
// edge modules (tun, sniffer, syscalls, sockdiag).

import { tmpdir } from 'node:os';
import type { Event, Script } from '../../grammar/ast.js';
import { CaptureLog } from './capture.js';
import { Clock } from './clock.js';
import { CpuSlots } from '../kernel/cpu-slots.js';
import { runCodeBlocks } from '../kernel/code.js';
import { wireVersion, type RunConfig } from '../config.js';
import { EnvError } from '../errors.js';
import { Libc } from '../kernel/libc.js';
import { lockProgramText } from '../kernel/memory-lock.js';
import { setUpLoopback } from '../kernel/rtnetlink.js';
import { PCAP_FD } from './job.js';
import { writePcap } from '../kernel/pcap-file.js';
import type { EventResult, ScriptResult } from '../results.js';
import { realtimeScheduling } from '../kernel/realtime.js';
import { strictCheck } from './strict.js';
import { teardown } from './teardown.js';
import { fullTrace, unmatchedWarnings } from './trace.js';
import { warmUp, warmUpPaths } from './warm-up.js';
import { emptyYoungGeneration } from '../kernel/young-generation.js';
import type { Progress } from './progress.js';
import { skipReason } from './skip.js';
import { skippedResult } from '../not-run.js';
import { Sniffer, realtimeToMonotonicOffset } from '../kernel/sniffer.js';
import { Sockets } from '../script/sockets.js';
import { outsideEvent, type RunContext, type Scheduled } from './steps/context.js';
import { inbound } from './steps/inbound.js';
import { outbound } from './steps/outbound.js';
import { runShell, type ShellFailure } from '../kernel/shell.js';
import { command, commandFailure } from './steps/command.js';
import { code } from './steps/code-block.js';
import { state } from './steps/state.js';
import { settlePending, syscall } from './steps/syscall.js';
import type { BlockingThread } from '../kernel/syscalls/blocking-thread.js';
import { FdTable } from '../kernel/syscalls/fds.js';
import { observeEnd, sampleBefore } from './steps/observe.js';
import { warmUpBlockingCalls, warmUpCalls } from '../kernel/syscalls/warm-up.js';
import { anchorUsecs, resolveTime } from './timing.js';
import { jiffyNs, latestTick, listedTick, nextTick } from '../kernel/tick.js';
import { Tun } from '../kernel/tun.js';
import { mark } from '../../profile-mark.js';

export interface SessionInput {
  readonly file: string;
  readonly script: Script;
  readonly source: string;
  readonly cfg: RunConfig;
  readonly pcapFile: string | undefined;
  /** The suite's CPU slot files (kernel/cpu-slots.ts); empty for no admission control. */
  readonly cpuSlots: readonly string[];
  /** Told where the run is, so a --timeout can name the stuck event (progress.ts). */
  readonly progress?: (p: Progress) => void;
  /**
   * Given the result as soon as it exists, before the edges close: closing tun0
   * makes the kernel unregister the device, tens of ms the suite need not wait for.
   */
  readonly deliver?: (r: ScriptResult) => void;
  /**
   * The thread for `T...E` calls when the script has any (needsBlockingThread),
   * started and closed by the caller: before the child's private /tmp is
   * mounted, which would hide the worker's module from a checkout under /tmp.
   */
  readonly blocking: BlockingThread | undefined;
  /** The process's own set-up, done before the job came (readyProcess). */
  readonly ready: ProcessReady;
}

/** What a session needs of its process that no job decides. */
export interface ProcessReady {
  readonly warnings: readonly string[];
}

/**
 * Brings up lo, locks the program's code in memory (memory-lock.ts) and warms
 * the packet paths no script changes (warm-up.ts): done while a child started
 * ahead waits for its job (suite/launch.ts), so a run does not pay for them
 * after its job arrives.
 */
export function readyProcess(libc: Libc): ProcessReady | EnvError {
  const lo = setUpLoopback(libc);
  if (lo) return lo;
  mark('child: lo up');
  const locked = lockProgramText(libc);
  mark('child: mappings locked');
  warmUpPaths(4);
  mark('child: packet paths warmed');
  return { warnings: locked === undefined ? [] : [locked] };
}

const NO_PROGRESS = (): void => {};

/** Runs the script; environment problems come back as EnvError, everything else as a result. */
export async function runSession(input: SessionInput): Promise<ScriptResult | EnvError> {
  const startedMs = Date.now();
  const libc = Libc.load();
  const tun = Tun.open(libc, input.cfg);
  if (tun instanceof EnvError) return tun;
  mark('child: TUN up');
  const sniffer = Sniffer.open(libc);
  if (sniffer instanceof EnvError) {
    tun.close();
    return sniffer;
  }
  const slots = CpuSlots.open(libc, input.cpuSlots);
  mark('child: capture up');
  const blocking = input.blocking;
  const blockingSlots = blocking === undefined ? undefined : CpuSlots.open(libc, input.cpuSlots);
  blocking?.admitWith(blockingSlots);
  try {
    const ctx = newContext(input, libc, tun, sniffer, slots, blocking);
    const results: EventResult[] = [];
    const report = input.progress ?? NO_PROGRESS;
    const setup = await prepare(ctx, input.script, report);
    if (setup.kind === 'skipped') return skippedResult({ file: input.file, ipVersion: input.cfg.ipVersion }, setup.reason, Date.now() - startedMs);
    if (setup.kind === 'failed') results.push(setup.result);
    else await runEvents(ctx, input.script.events, results, report);
    report({ kind: 'finish' });
    await finishRun(ctx, results);
    mark('child: timeline done');
    const end = observeEnd(ctx);
    teardown(ctx, input.script, results);
    if (input.pcapFile !== undefined) {
      const injected = ctx.injected.map((i) => ({ bytes: i.bytes, realtimeNs: ctx.clock.liveNs(i.atUsecs) + ctx.realtimeOffsetNs }));
      writePcap(PCAP_FD, injected, ctx.capture.frames);
    }
    const result = { ...summarise(input, ctx, results, startedMs), ...end };
    input.deliver?.(result);
    return result;
  } finally {
    blocking?.admitWith(undefined);
    blockingSlots?.close();
    slots?.close();
    sniffer.close();
    tun.close();
  }
}

/** Threads besides the main one that the timeline waits on (realtime.ts). */
function timelineThreads(ctx: RunContext): number[] {
  const blocking = ctx.syscalls.blocking;
  return blocking ? [blocking.tid] : [];
}

/** Whether a script makes `T...E` calls, for which a session needs a BlockingThread (a Node isolate: tens of ms, so only then). */
export function needsBlockingThread(script: Script): boolean {
  return script.events.some(isBlockingCall);
}

function isBlockingCall(e: Event): boolean {
  return e.action.kind === 'syscall' && e.action.end !== undefined;
}

function newContext(input: SessionInput, libc: Libc, tun: Tun, sniffer: Sniffer, slots: CpuSlots | undefined, blocking: BlockingThread | undefined): RunContext {
  const { cfg } = input;
  const offsetNs = realtimeToMonotonicOffset(libc).offsetNs;
  const clock = Clock.start(slots, libc.monotonicSpinner());
  const sockets = new Sockets(cfg);
  return {
    file: input.file,
    cfg,
    clock,
    libc,
    tun,
    capture: new CaptureLog(sniffer, tun, clock, offsetNs),
    sockets,
    syscalls: {
      libc, cfg, fds: new FdTable(), hooks: hooksFor(sockets), blocking,
      // The clock's zero moves once set-up is done (Clock.restart), so map at call time.
      realtimeUsecsAt: (scriptUsecs) => (clock.liveNs(Number(scriptUsecs)) + offsetNs) / 1000n,
    },
    tolerance: { usecs: cfg.toleranceUsecs, percent: cfg.tolerancePercent },
    source: input.source.split('\n'),
    injected: [],
    realtimeOffsetNs: offsetNs,
    warnings: [...input.ready.warnings],
    codeBlocks: [],
    pending: undefined,
    previousUsecs: 0,
    previousLateUsecs: 0,
    actionEndUsecs: undefined,
    lastWork: undefined,
  };
}

type Prepared = { readonly kind: 'ready' } | { readonly kind: 'failed'; readonly result: EventResult } | { readonly kind: 'skipped'; readonly reason: string };

/** Init scripts, the init command and real-time scheduling (§1.1 steps 3–7). */
async function prepare(ctx: RunContext, script: Script, report: (p: Progress) => void): Promise<Prepared> {
  const packets = script.events.flatMap((e) => (e.action.kind === 'packet' ? [e.action] : []));
  warmUp(wireVersion(ctx.cfg.ipVersion), packets, { tsEcrScaled: ctx.cfg.tcpTsEcrScaled, gsoSize: ctx.cfg.mss > 0 ? ctx.cfg.mss : undefined });
  const calls = script.events.flatMap((e) => (e.action.kind === 'syscall' ? [e.action] : []));
  const rehearsal = { ...ctx.syscalls, hooks: hooksFor(new Sockets(ctx.cfg)) };
  warmUpCalls(rehearsal, calls);
  await warmUpBlockingCalls(rehearsal, calls);
  mark('child: warm-up done');
  for (const cmd of ctx.cfg.initScripts) {
    report({ kind: 'init', line: 0 });
    const err = runShell(cmd, `init script \`${cmd}\``);
    if (err) return setupFailed(err, 0);
  }
  if (script.initCommand) {
    report({ kind: 'init', line: script.initCommand.pos.line });
    const err = runShell(script.initCommand.text, 'init command');
    if (err) return setupFailed(err, script.initCommand.pos.line);
  }
  // Script time zero comes after the set-up, as in packetdrill (§1.1 step 9),
  // at packetdrill's phase against the kernel's tick (tick.ts), which the
  // kernel tells if it can. Otherwise ticks are watched: the first, up to a
  // jiffy of spinning, at ordinary priority so that it holds no CPU from other
  // scripts; the ones that place the grid at real-time priority, where load
  // cannot make every reading late (a grid 130 µs late hid the timer-tick note
  // of a failure under CI load).
  const jiffy = jiffyNs(ctx.libc);
  const told = listedTick(jiffy);
  const first = told ?? nextTick(ctx.libc);
  const sched = realtimeScheduling(ctx.libc, true, timelineThreads(ctx));
  if (sched) ctx.warnings.push(sched);
  const tick = told ?? latestTick(ctx.libc, jiffy, first);
  emptyYoungGeneration();
  ctx.clock.restartAtTick(tick, jiffy);
  mark('child: time zero');
  report({ kind: 'zero' });
  return { kind: 'ready' };
}

/** A set-up command that exited with kselftest's skip code skips the run (skip.ts). */
function setupFailed(err: ShellFailure, line: number): Prepared {
  const reason = skipReason(err);
  return reason !== undefined ? { kind: 'skipped', reason } : { kind: 'failed', result: outsideEvent(commandFailure(err), line) };
}

function hooksFor(sockets: Sockets): RunContext['syscalls']['hooks'] {
  return {
    socketCreated: (scriptFd, _liveFd, type) => sockets.socketCreated(scriptFd, type),
    connecting: (scriptFd) => sockets.connecting(scriptFd),
    disconnected: (scriptFd) => sockets.disconnected(scriptFd),
    listening: (scriptFd) => sockets.listening(scriptFd),
    accepted: (scriptFd) => sockets.accepted(scriptFd),
    closed: (scriptFd) => sockets.closed(scriptFd),
  };
}

/** Fires the events in file order; the first failure ends the timeline (§1.9). */
/**
 * The instant packetdrill would have been done with a `>` line: when it began
 * waiting or when the packet was captured, whichever came later (§1.5: the next
 * relative time anchors on "now"). packetdrill spends microseconds after the
 * capture; tcpdrill's own decoding and matching is left out of the anchor, so
 * that it cannot push the rest of the timeline later than packetdrill's.
 */
function outboundSeenAt(event: Event, startedUsecs: number, r: EventResult): number | undefined {
  const outbound = event.action.kind === 'packet' && event.action.direction === 'outbound';
  return outbound && r.actualUsecs !== undefined ? Math.max(startedUsecs, r.actualUsecs) : undefined;
}

async function runEvents(ctx: RunContext, events: readonly Event[], results: EventResult[], report: (p: Progress) => void): Promise<void> {
  let prevInbound = false;
  let seenAt: number | undefined;
  for (const [i, event] of events.entries()) {
    const isInbound = event.action.kind === 'packet' && event.action.direction === 'inbound';
    const finished = seenAt ?? ctx.actionEndUsecs ?? Math.max(0, ctx.clock.nowUsecs());
    const anchor = anchorUsecs(prevInbound, isInbound, ctx.previousUsecs, finished);
    ctx.actionEndUsecs = undefined;
    const s: Scheduled = { event, when: resolveTime(event.time, anchor), first: i === 0 };
    report({ kind: 'event', line: event.pos.line, atUsecs: s.when.usecs });
    sampleBefore(ctx, results, s);
    const r = await step(ctx, s);
    results.push(r);
    ctx.previousUsecs = s.when.any ? (r.actualUsecs ?? s.when.usecs) : s.when.usecs;
    ctx.previousLateUsecs = r.testerLateUsecs ?? 0;
    seenAt = outboundSeenAt(event, anchor, r);
    prevInbound = isInbound;
    if (r.verdict === 'fail') return;
  }
}

function step(ctx: RunContext, s: Scheduled): Promise<EventResult> {
  const a = s.event.action;
  switch (a.kind) {
    case 'packet':
      return a.direction === 'inbound' ? inbound(ctx, s, a) : outbound(ctx, s, a);
    case 'syscall':
      return syscall(ctx, s, a);
    case 'command':
      return command(ctx, s, a);
    case 'code':
      return code(ctx, s, a);
    case 'state':
      return state(ctx, s, a);
    default: {
      const never: never = a;
      throw new Error(`unknown event ${String(never)}`);
    }
  }
}

/**
 * After the last event: a blocking call still in flight gets until its own
 * deadline plus a second; then --strict looks for unexplained packets; then the
 * code blocks run, only if everything else passed (§8.2). After a failure the
 * call is not waited for: the first failure ends the run, as in packetdrill,
 * and a call that the failed part of the timeline would have completed (the
 * SYN-ACK never injected after a late SYN) must not report itself instead.
 */
async function finishRun(ctx: RunContext, results: EventResult[]): Promise<void> {
  const ok = (): boolean => results.every((r) => r.verdict !== 'fail');
  if (ctx.pending && !ok()) ctx.pending = undefined;
  if (ctx.pending) {
    const leftMs = (ctx.pending.endUsecs - ctx.clock.nowUsecs()) / 1000;
    const r = await settlePending(ctx, Math.max(0, leftMs) + 1000);
    if (r) replaceResult(results, r);
  }
  // Nothing after this point is timed.
  realtimeScheduling(ctx.libc, false, timelineThreads(ctx));
  if (ok() && ctx.cfg.strict) {
    const r = await strictCheck(ctx, results);
    if (r) results.push(r);
  } else {
    // Without --strict, packets no line matched are warnings (architecture.md).
    ctx.capture.pump();
    ctx.warnings.push(...unmatchedWarnings(ctx));
  }
  if (ok() && ctx.codeBlocks.length > 0) {
    const r = runCodeBlocks(ctx.codeBlocks, ctx.cfg.codeCommand, tmpdir(), ctx.file);
    if (!r.ok) {
      const failure = { kind: 'code', message: `error executing code: ${r.message}`, detail: r.detail } as const;
      // At the failing block's own line, where packetdrill reports it, though it ran after the timeline.
      results.push(r.line === undefined ? outsideEvent(failure) : outsideEvent(failure, r.line, ctx.source[r.line - 1]));
    }
  }
}

/** A blocking call's final result replaces the record of its start. */
function replaceResult(results: EventResult[], r: EventResult): void {
  const i = results.findIndex((x) => x.line === r.line && x.kind === 'syscall');
  if (i >= 0) results[i] = r;
  else results.push(r);
}

function summarise(input: SessionInput, ctx: RunContext, results: readonly EventResult[], startedMs: number): ScriptResult {
  const first = results.find((r) => r.verdict === 'fail');
  const lastUsecs = results.reduce((m, r) => Math.max(m, r.scheduledUsecs ?? 0), 0);
  const warned = results.filter((r) => r.verdict === 'warn').map((r) => `line ${r.line}: ${r.failure?.message ?? ''}`);
  return {
    file: input.file,
    ipVersion: input.cfg.ipVersion,
    verdict: first ? 'fail' : 'pass',
    events: results,
    trace: fullTrace(ctx),
    failure: first?.failure ? { line: first.line, failure: first.failure } : undefined,
    warnings: [...ctx.warnings, ...warned],
    wallMs: Date.now() - startedMs,
    timelineMs: lastUsecs / 1000,
    pcapFile: input.pcapFile,
    scriptText: input.source,
  };
}
