// The capture log: every outbound frame of the run, in order, with its kernel
// timestamp in script time (architecture.md, "Strict outbound checking").
//
// packetdrill reads the capture socket only while a `>` line waits and throws
// away what does not belong to the socket under test (§5.1, §5.9). We read it
// whenever we can and keep everything, so that unexpected packets can be named
// and every packet shows up in the trace. A `>` line still sees the same
// candidates in the same FIFO order: the first unconsumed frame of its
// connection.

import type { Clock } from './clock.js';
import { decodeDatagram, type Packet } from '../wire/frame.js';

/** The longest a wait for a frame keeps the event loop from turning. */
const WAIT_SLICE_MS = 100;

const turnEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export interface CapturedFrame {
  readonly packet: Packet;
  /** Capture time in script µs (kernel timestamp, after the qdisc). */
  readonly atUsecs: number;
  /** The datagram and its CLOCK_REALTIME timestamp, for the pcap file. */
  readonly bytes: Uint8Array;
  readonly realtimeNs: bigint;
  /** The `>` line that consumed it. */
  line: number | undefined;
}

/** What the capture log needs from the sniffer and the TUN device. */
export interface FrameSource {
  /** Queued outbound frames: IP datagrams with CLOCK_REALTIME kernel timestamps. */
  readAvailable(): readonly { readonly bytes: Uint8Array; readonly timestampNs: bigint }[];
  /** Sleeps on this thread until a frame is queued (true), or the timeout or a signal (false). */
  waitReadable(timeoutMs: number): boolean;
}

export interface Drain {
  drain(): number;
}

export class CaptureLog {
  readonly frames: CapturedFrame[] = [];
  /** Frames that did not decode: a malformed outgoing frame is a failure (§5.1). */
  readonly malformed: { atUsecs: number; reason: string }[] = [];

  constructor(
    private readonly source: FrameSource,
    private readonly tun: Drain,
    private readonly clock: Clock,
    /** CLOCK_REALTIME ns minus hrtime ns, to map kernel timestamps to the script clock. */
    private readonly realtimeOffsetNs: bigint,
  ) {}

  /** Moves every queued frame into the log; returns how many arrived. */
  pump(): number {
    const got = this.source.readAvailable();
    for (const f of got) {
      const atUsecs = this.clock.scriptUsecs(f.timestampNs - this.realtimeOffsetNs);
      const d = decodeDatagram(f.bytes);
      if (d.ok) this.frames.push({ packet: d.packet, atUsecs, bytes: f.bytes, realtimeNs: f.timestampNs, line: undefined });
      else this.malformed.push({ atUsecs, reason: `${d.field}: ${d.reason}` });
    }
    // The kernel stops transmitting when tun0's queue is full: drain what we saw.
    if (got.length > 0) this.tun.drain();
    return got.length;
  }

  /** The first unconsumed frame from `from` on that satisfies `belongs`. */
  find(belongs: (p: Packet) => boolean, from = 0): { frame: CapturedFrame; index: number } | undefined {
    for (let i = from; i < this.frames.length; i++) {
      const frame = this.frames[i] as CapturedFrame;
      if (frame.line === undefined && belongs(frame.packet)) return { frame, index: i };
    }
    return undefined;
  }

  /**
   * Waits until a frame after index `from` satisfies `belongs`, or until the
   * hrtime deadline passes.
   */
  async next(belongs: (p: Packet) => boolean, deadlineNs: bigint, from = 0): Promise<{ frame: CapturedFrame; index: number } | undefined> {
    for (;;) {
      this.pump();
      const hit = this.find(belongs, from);
      if (hit) return hit;
      const leftMs = Number((deadlineNs - process.hrtime.bigint()) / 1_000_000n);
      if (leftMs <= 0) return undefined;
      await this.awaitFrame(leftMs);
    }
  }

  /** Moves frames into the log as they come until the hrtime deadline (--strict's grace period). */
  async listen(deadlineNs: bigint): Promise<void> {
    while (process.hrtime.bigint() < deadlineNs) {
      this.pump();
      await this.awaitFrame(Number(deadlineNs - process.hrtime.bigint()) / 1e6);
    }
    this.pump();
  }

  /**
   * Sleeps on the timeline's own thread (see Sniffer.waitReadable) until a
   * frame is queued or `ms` (at most a slice) passed; without a frame, turns
   * the event loop, so a signal is handled within a slice. The CPU slot goes
   * back first: the release `Clock.admitted` queued would not run until the
   * sleep ended.
   */
  private async awaitFrame(ms: number): Promise<void> {
    this.clock.releaseSlot();
    if (!this.source.waitReadable(Math.min(ms, WAIT_SLICE_MS))) await turnEventLoop();
  }

  /** Frames nothing consumed, of the packets `tracked` says belong to the script. */
  unmatched(tracked: (p: Packet) => boolean): CapturedFrame[] {
    return this.frames.filter((f) => f.line === undefined && tracked(f.packet));
  }
}
