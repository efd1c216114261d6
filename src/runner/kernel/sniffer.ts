// The capture socket on tun0 (script-language.md §1.2; architecture.md, "Capture").
//
// Read this first: outbound packets are timed by the kernel, not by JS: an AF_PACKET
// socket with SO_TIMESTAMPNS gets a CLOCK_REALTIME timestamp per frame in a control
// message of recvmsg(2), taken at the tap after the qdisc. On a TUN device (ARPHRD_NONE)
// AF_PACKET frames are the bare IP datagram: no virtio-net header, no link header.
// Frames with TSO offload carry a partial TCP checksum (pseudo-header sum only).
// All recvmsg memory (msghdr, iovec, sockaddr_ll, control, frame) is one native block
// from koffi.alloc, so its addresses are stable and nothing is allocated per frame
// except the copy handed to the caller.
import koffi from 'koffi';
import { constants as osConstants } from 'node:os';
import { EnvError } from '../errors.js';
import type { Libc } from './libc.js';
import {
  AF_PACKET,
  CLOCK_REALTIME,
  CMSGHDR_LEN,
  ETH_P_ALL,
  MSGHDR_LEN,
  MSG_DONTWAIT,
  PACKET_OUTGOING,
  POLLIN,
  SCM_TIMESTAMPNS,
  SLL_PKTTYPE_OFFSET,
  SOCKADDR_LL_LEN,
  SOCK_CLOEXEC,
  SOCK_NONBLOCK,
  SOCK_RAW,
  SOL_SOCKET,
  SO_RCVBUF,
  SO_RCVBUFFORCE,
  SO_TIMESTAMPNS,
} from '../../linux/kernel.js';

export interface CapturedFrame {
  /** The IP datagram, copied out of the receive buffer. */
  readonly bytes: Uint8Array;
  /** Kernel capture time, CLOCK_REALTIME nanoseconds. */
  readonly timestampNs: bigint;
}

/** packetdrill's capture buffer: 2 MiB (netdev.c, packet_socket.c). */
const RCVBUF_BYTES = 2 * 1024 * 1024;
/** The largest IP datagram (a 64 KiB TSO super-segment). */
const FRAME_MAX = 65536;
const CONTROL_LEN = 64;
// Offsets inside the native block: msghdr | iovec | sockaddr_ll | control | frame.
const OFF_IOV = MSGHDR_LEN;
const OFF_SLL = OFF_IOV + 16;
const OFF_CTL = OFF_SLL + 24;
const OFF_FRAME = OFF_CTL + CONTROL_LEN;
const BLOCK_LEN = OFF_FRAME + FRAME_MAX;
// struct msghdr field offsets (64-bit).
const MSG_NAMELEN = 8;
const MSG_CONTROLLEN = 40;

export class Sniffer {
  private closed = false;

  private constructor(
    private readonly libc: Libc,
    readonly fd: number,
    private readonly block: unknown,
    private readonly mem: DataView,
    private readonly bytes: Uint8Array,
    /** A struct pollfd for waitReadable. */
    private readonly pollBlock: Uint8Array,
    private readonly pollFd: DataView,
  ) {}

  /** Opens the capture socket bound to `ifname`; it sees frames from this moment on. */
  static open(libc: Libc, ifname = 'tun0'): Sniffer | EnvError {
    const ifindex = libc.call('if_nametoindex', ifname).ret;
    if (ifindex === 0) return new EnvError(`no interface ${ifname}`, 'open the TUN device first');
    // Protocol 0: the socket receives nothing until bind() names tun0 and
    // ETH_P_ALL. Created with ETH_P_ALL, it would listen on every device at once,
    // and bind() would have to take it off them first, waiting for an RCU grace
    // period (synchronize_net in packet_do_bind): ~10 ms of every run's set-up.
    const sock = libc.call('socket', AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (sock.ret < 0) return EnvError.fromErrno('socket(AF_PACKET)', sock.errno, 'run as root (CAP_NET_RAW)');
    const fd = sock.ret;
    const err = configureSocket(libc, fd, ifindex);
    if (err !== undefined) {
      libc.call('close', fd);
      return err;
    }
    const block = koffi.alloc('uint8_t', BLOCK_LEN);
    const ab = koffi.view(block, BLOCK_LEN);
    const base = koffi.address(block);
    const mem = new DataView(ab);
    // The msghdr and iovec point into the block itself; only the lengths change per call.
    mem.setBigUint64(0, base + BigInt(OFF_SLL), true);
    mem.setBigUint64(16, base + BigInt(OFF_IOV), true);
    mem.setBigUint64(24, 1n, true);
    mem.setBigUint64(32, base + BigInt(OFF_CTL), true);
    mem.setBigUint64(OFF_IOV, base + BigInt(OFF_FRAME), true);
    mem.setBigUint64(OFF_IOV + 8, BigInt(FRAME_MAX), true);
    const pollBlock = new Uint8Array(8);
    return new Sniffer(libc, fd, block, mem, new Uint8Array(ab), pollBlock, new DataView(pollBlock.buffer));
  }

  /** Every queued frame the kernel sent out of the device (PACKET_OUTGOING), in order. */
  readAvailable(): CapturedFrame[] {
    const frames: CapturedFrame[] = [];
    const msg = koffi.address(this.block);
    for (;;) {
      this.mem.setUint32(MSG_NAMELEN, SOCKADDR_LL_LEN, true);
      this.mem.setBigUint64(MSG_CONTROLLEN, BigInt(CONTROL_LEN), true);
      const { ret, errno } = this.libc.call('recvmsg', this.fd, msg, MSG_DONTWAIT);
      if (ret < 0) {
        if (errno === osConstants.errno.EINTR) continue;
        return frames;
      }
      if (this.bytes[OFF_SLL + SLL_PKTTYPE_OFFSET] !== PACKET_OUTGOING) continue;
      frames.push({
        bytes: this.bytes.slice(OFF_FRAME, OFF_FRAME + Math.min(ret, FRAME_MAX)),
        timestampNs: this.controlTimestamp(),
      });
    }
  }

  /** SCM_TIMESTAMPNS from the control buffer (struct timespec), or -1n if absent. */
  private controlTimestamp(): bigint {
    const controlLen = Number(this.mem.getBigUint64(MSG_CONTROLLEN, true));
    let off = 0;
    while (off + CMSGHDR_LEN <= controlLen) {
      const len = Number(this.mem.getBigUint64(OFF_CTL + off, true));
      const level = this.mem.getInt32(OFF_CTL + off + 8, true);
      const type = this.mem.getInt32(OFF_CTL + off + 12, true);
      if (level === SOL_SOCKET && type === SCM_TIMESTAMPNS) {
        const sec = this.mem.getBigInt64(OFF_CTL + off + CMSGHDR_LEN, true);
        const nsec = this.mem.getBigInt64(OFF_CTL + off + CMSGHDR_LEN + 8, true);
        return sec * 1_000_000_000n + nsec;
      }
      if (len < CMSGHDR_LEN) break;
      off += (len + 7) & ~7; // CMSG_ALIGN
    }
    return -1n;
  }

  /**
   * Sleeps in poll(2) on this thread until a frame is queued (true) or
   * `timeoutMs` passed or a signal came (false). On this thread, not koffi's
   * async call: that one polls on libuv's thread pool, whose threads are
   * ordinary (not real-time) and the first of which is created on first use.
   * A packet the kernel sent then reached the timeline only when an ordinary
   * thread got a core: with a neighbour script's init command forking
   * `sysctl`s, 4-9 ms later (a corpus suite at -j 4, traced with sched_switch).
   */
  waitReadable(timeoutMs: number): boolean {
    if (this.closed) return false;
    const pfd = this.pollFd;
    pfd.setInt32(0, this.fd, true);
    pfd.setInt16(4, POLLIN, true);
    pfd.setInt16(6, 0, true);
    const { ret } = this.libc.call('poll', this.pollBlock, 1, Math.max(0, Math.ceil(timeoutMs)));
    return ret > 0 && (pfd.getInt16(6, true) & POLLIN) !== 0;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.libc.call('close', this.fd);
    koffi.free(this.block);
  }

  [Symbol.dispose](): void {
    this.close();
  }
}

function setIntOpt(libc: Libc, fd: number, name: number, value: number): number {
  const v = new Uint8Array(4);
  new DataView(v.buffer).setInt32(0, value, true);
  const r = libc.call('setsockopt', fd, SOL_SOCKET, name, v, 4);
  return r.ret < 0 ? r.errno : 0;
}

function configureSocket(libc: Libc, fd: number, ifindex: number): EnvError | undefined {
  // SO_RCVBUFFORCE ignores net.core.rmem_max but needs CAP_NET_ADMIN; fall back.
  if (setIntOpt(libc, fd, SO_RCVBUFFORCE, RCVBUF_BYTES) !== 0) {
    const errno = setIntOpt(libc, fd, SO_RCVBUF, RCVBUF_BYTES);
    if (errno !== 0) return EnvError.fromErrno('setsockopt(SO_RCVBUF)', errno, 'check net.core.rmem_max');
  }
  const ts = setIntOpt(libc, fd, SO_TIMESTAMPNS, 1);
  if (ts !== 0) return EnvError.fromErrno('setsockopt(SO_TIMESTAMPNS)', ts, 'the kernel lacks socket timestamps');
  const sll = new Uint8Array(SOCKADDR_LL_LEN);
  const dv = new DataView(sll.buffer);
  dv.setUint16(0, AF_PACKET, true);
  dv.setUint16(2, ETH_P_ALL, false); // sll_protocol is big-endian
  dv.setInt32(4, ifindex, true);
  const b = libc.call('bind', fd, sll, SOCKADDR_LL_LEN);
  return b.ret < 0 ? EnvError.fromErrno('bind(AF_PACKET)', b.errno, 'is tun0 up?') : undefined;
}

export interface ClockOffset {
  /** CLOCK_REALTIME − process.hrtime.bigint() time base, ns. */
  readonly offsetNs: bigint;
  /** Width of the hrtime bracket of the chosen sample: the offset's uncertainty. */
  readonly bracketNs: bigint;
}

/**
 * Offset from CLOCK_REALTIME (kernel capture timestamps) to the hrtime base
 * (CLOCK_MONOTONIC): sample clock_gettime(CLOCK_REALTIME) between two hrtime reads and
 * keep the sample with the narrowest bracket. monotonic = realtime − offsetNs.
 */
export function realtimeToMonotonicOffset(libc: Libc, samples = 32): ClockOffset {
  const ts = new Uint8Array(16);
  const dv = new DataView(ts.buffer);
  let best: ClockOffset | undefined;
  for (let i = 0; i < Math.max(1, samples); i++) {
    const before = process.hrtime.bigint();
    libc.call('clock_gettime', CLOCK_REALTIME, ts);
    const after = process.hrtime.bigint();
    const realtime = dv.getBigInt64(0, true) * 1_000_000_000n + dv.getBigInt64(8, true);
    const bracketNs = after - before;
    if (best === undefined || bracketNs < best.bracketNs) {
      best = { offsetNs: realtime - (before + after) / 2n, bracketNs };
    }
  }
  return best!;
}
