// The session's work around the timeline: real-time scheduling before it,
// tcpdrill's --strict check and packetdrill's teardown after it.

import { readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { Script } from '../../grammar/ast.js';
import { SCHED_OTHER, SCHED_RR } from '../../linux/sched.js';
import { Connection } from '../script/connection.js';
import { belongsTo } from '../script/match.js';
import { buildInbound, buildRst, withVnetHeader } from '../script/build.js';
import { decodeDatagram } from '../wire/frame.js';
import type { PacketAction } from '../../grammar/ast.js';
import { TCP_FLAG_SYN } from '../../linux/tcp.js';
import type { Packet } from '../wire/frame.js';
import { packetToScript } from '../script/to-script.js';
import { wireVersion } from '../config.js';
import type { EventResult, TraceEntry } from '../results.js';
import { runShell } from './steps/simple.js';
import { outsideEvent, type RunContext } from './steps/context.js';
import { closeAll } from '../kernel/syscalls/index.js';
import { formatSecs } from './timing.js';
import type { Libc } from '../kernel/libc.js';

/** How long --strict keeps listening after the last event for late packets. */
export const STRICT_GRACE_MS = 200;

/**
 * SCHED_RR at the lowest real-time priority, as packetdrill does when there is
 * more than one CPU (§1.1 step 4), so the spinning clock is not preempted by
 * ordinary work. Every thread of the process switches, not only the main one
 * (sched_setscheduler(2) acts on one thread): the thread that sleeps in a
 * blocking call and koffi's workers must get the CPU as soon as the kernel
 * wakes them, or under load a blocking call is seen blocked, and returns,
 * milliseconds late (packetdrill's own syscall thread inherits its policy).
 * Unlike packetdrill we hold it for the timeline only: the JIT warm-up before
 * it and the trace, report and pcap after it are milliseconds of CPU that, at
 * real-time priority, would keep other scripts of a suite from firing on time.
 * (packetdrill's mlockall has its counterpart in memory-lock.ts.) A warning if
 * refused.
 */
export function realtimeScheduling(libc: Libc, on: boolean): string | undefined {
  if (availableParallelism() < 2) return undefined;
  const param = new Uint8Array(4);
  new DataView(param.buffer).setInt32(0, on ? 1 : 0, true);
  let refused: number | undefined;
  for (const tid of threadIds()) {
    const r = libc.call('sched_setscheduler', tid, on ? SCHED_RR : SCHED_OTHER, param);
    if (r.ret < 0 && tid === process.pid) refused = r.errno;
  }
  return refused !== undefined && on ? `could not switch to SCHED_RR (errno ${refused}); timing may be less precise` : undefined;
}

/** This process's threads, the main one first. */
function threadIds(): number[] {
  try {
    return readdirSync('/proc/self/task').map(Number).sort((a, b) => (a === process.pid ? -1 : b === process.pid ? 1 : a - b));
  } catch {
    return [process.pid];
  }
}

function ownerOf(connections: readonly Connection[], p: Packet): Connection | undefined {
  return connections.find((c) => belongsTo(p, c));
}

/**
 * --strict (architecture.md): after a grace period, any outbound packet of the
 * script's connections that no `>` line consumed fails the run, named with the
 * line it followed.
 */
export async function strictCheck(ctx: RunContext, results: readonly EventResult[]): Promise<EventResult | undefined> {
  const until = process.hrtime.bigint() + BigInt(STRICT_GRACE_MS) * 1_000_000n;
  while (process.hrtime.bigint() < until) {
    ctx.capture.pump();
    await ctx.capture.source.waitReadable(10);
  }
  ctx.capture.pump();
  const stray = ctx.capture.unmatched((p) => ownerOf(ctx.sockets.connections, p) !== undefined)[0];
  if (stray === undefined) return undefined;
  const conn = ownerOf(ctx.sockets.connections, stray.packet) as Connection;
  const text = packetToScript(stray.packet, conn, 'outbound');
  const after = [...results].reverse().find((r) => (r.actualUsecs ?? r.scheduledUsecs ?? 0) <= stray.atUsecs);
  const where = after ? `after line ${after.line}` : 'before the first event';
  return {
    line: after?.line ?? 0,
    kind: 'outbound',
    source: after?.source ?? '',
    scheduledUsecs: undefined,
    actualUsecs: stray.atUsecs,
    testerLateUsecs: undefined,
    verdict: 'fail',
    failure: {
      kind: 'unexpected',
      message: `--strict: unexpected outbound packet at ${formatSecs(stray.atUsecs)} sec, ${where}, matched by no script line`,
      packet: text,
      atUsecs: stray.atUsecs,
    },
  };
}

/**
 * Teardown (§1.1 step 11): close the script's fds, purge kernel state with an
 * in-window RST per connection, run the cleanup command (only if an init
 * command ran, §8.1).
 */
export function teardown(ctx: RunContext, script: Script, results: EventResult[]): void {
  closeAll(ctx.syscalls);
  for (const conn of ctx.sockets.connections) {
    const rst = buildRst(conn, wireVersion(ctx.cfg.ipVersion));
    if (rst) ctx.tun.write(withVnetHeader(rst));
  }
  if (script.initCommand && script.cleanupCommand) {
    const err = runShell(script.cleanupCommand.text, 'cleanup command');
    if (err) results.push(outsideEvent({ kind: 'command', message: err.message }));
  }
}

/** Every packet of the run, both directions, in time order, in script notation. */
export function fullTrace(ctx: RunContext): TraceEntry[] {
  const outbound = ctx.capture.frames.flatMap((f): TraceEntry[] => {
    const conn = ownerOf(ctx.sockets.connections, f.packet);
    if (conn === undefined) return [];
    return [{ direction: 'outbound', atUsecs: f.atUsecs, text: packetToScript(f.packet, conn, 'outbound'), line: f.line }];
  });
  return [...ctx.trace, ...outbound].sort((a, b) => a.atUsecs - b.atUsecs);
}

/** One line per outbound packet of the script's connections that no `>` line matched. */
export function unmatchedWarnings(ctx: RunContext): string[] {
  const owned = (p: Packet): Connection | undefined => ownerOf(ctx.sockets.connections, p);
  return ctx.capture
    .unmatched((p) => owned(p) !== undefined)
    .map((f) => `unmatched outbound packet at ${formatSecs(f.atUsecs)} sec: ${packetToScript(f.packet, owned(f.packet) as Connection, 'outbound')}`);
}

const WARM_POS = { line: 0, col: 0, offset: 0, length: 0 };
const WARM_SYN: PacketAction = {
  kind: 'packet',
  direction: 'inbound',
  outer: [],
  ip: undefined,
  pos: WARM_POS,
  body: {
    kind: 'tcp',
    psp: undefined,
    ports: undefined,
    flags: { text: 'S', bits: TCP_FLAG_SYN, ace: undefined, pos: WARM_POS },
    seq: { start: 0, end: 0, len: 0, pos: WARM_POS },
    ack: undefined,
    win: 65535,
    urg: undefined,
    options: {
      kind: 'list',
      pos: WARM_POS,
      options: [
        { kind: 'mss', value: 1460, pos: WARM_POS },
        { kind: 'sackOK', pos: WARM_POS },
        { kind: 'timestamp', val: 1, ecr: 0, pos: WARM_POS },
        { kind: 'nop', pos: WARM_POS },
        { kind: 'wscale', shift: 7, pos: WARM_POS },
      ],
    },
    pos: WARM_POS,
  },
};

/**
 * Runs the packet paths once before time zero: the first build, decode and
 * rendering in a fresh process cost ~1 ms of JIT compilation, which would
 * otherwise make the script's first packet late.
 */
export function warmUp(version: 4 | 6): void {
  const addr = new Uint8Array(version === 4 ? 4 : 16);
  const conn = new Connection({ addr, port: 1 }, { addr, port: 2 });
  for (let i = 0; i < 50; i++) {
    const built = buildInbound(WARM_SYN, conn, { ipVersion: version, tsEcrScaled: false });
    if (!built.ok) return;
    withVnetHeader(built.bytes);
    const decoded = decodeDatagram(built.bytes);
    if (decoded.ok) packetToScript(decoded.packet, conn, 'outbound');
  }
}
