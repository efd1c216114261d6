// tun0's address, route and link state through rtnetlink: the messages that
// `ip link set`, `ip addr add` and `ip route replace` send, without an exec of
// `ip` for each (about 4 ms apiece, 12 ms of every run's set-up). One request
// at a time, each acknowledged (NLM_F_ACK), so a refusal names its request.

import { EnvError } from '../errors.js';
import type { Libc } from './libc.js';
import {
  AF_INET,
  AF_INET6,
  AF_NETLINK,
  IFA_ADDRESS,
  IFA_F_NODAD,
  IFA_LOCAL,
  IFADDRMSG_LEN,
  IFF_UP,
  IFINFOMSG_LEN,
  IFLA_MTU,
  NETLINK_ROUTE,
  NLA_HDRLEN,
  NLMSG_ERROR,
  NLMSG_HDRLEN,
  NLM_F_ACK,
  NLM_F_CREATE,
  NLM_F_EXCL,
  NLM_F_REPLACE,
  NLM_F_REQUEST,
  RTA_DST,
  RTA_GATEWAY,
  RTA_OIF,
  RTM_NEWADDR,
  RTM_NEWLINK,
  RTM_NEWROUTE,
  RTMSG_LEN,
  RTNH_F_ONLINK,
  RTN_UNICAST,
  RTPROT_BOOT,
  RT_SCOPE_UNIVERSE,
  RT_TABLE_MAIN,
  SOCK_CLOEXEC,
  SOCK_RAW,
} from '../../linux/kernel.js';

export type RouteRequest =
  /** `ip link set dev D mtu N` or `ip link set dev D up`. */
  | { readonly kind: 'link'; readonly ifindex: number; readonly mtu?: number; readonly up?: true }
  /** `ip -4|-6 addr add A/P dev D [nodad]`. */
  | { readonly kind: 'addr'; readonly ifindex: number; readonly local: Uint8Array; readonly prefix: number; readonly nodad: boolean }
  /** `ip -4|-6 route replace DST/LEN via GW dev D [onlink]`. */
  | { readonly kind: 'route'; readonly ifindex: number; readonly dst: Uint8Array; readonly dstLen: number; readonly gateway: Uint8Array; readonly onlink: boolean };

/** One request, in the words of the `ip` command it stands for; `retry` is tried if it is refused. */
export interface SetupStep {
  readonly what: string;
  readonly request: RouteRequest;
  readonly retry?: SetupStep;
}

/** The address family of 4- or 16-byte addresses. */
const familyOf = (addr: Uint8Array): number => (addr.length === 4 ? AF_INET : AF_INET6);

/** One nlmsghdr, its fixed part and its attributes, as the kernel reads them. */
export function encodeRequest(r: RouteRequest, seq: number): Uint8Array {
  switch (r.kind) {
    case 'link': {
      const fixed = new Uint8Array(IFINFOMSG_LEN);
      const dv = new DataView(fixed.buffer);
      dv.setInt32(4, r.ifindex, true); // ifi_index (after family, pad, type)
      if (r.up) {
        dv.setUint32(8, IFF_UP, true); // ifi_flags
        dv.setUint32(12, IFF_UP, true); // ifi_change
      }
      const attrs = r.mtu === undefined ? [] : [attribute(IFLA_MTU, u32(r.mtu))];
      return message(RTM_NEWLINK, 0, seq, fixed, attrs);
    }
    case 'addr': {
      const fixed = new Uint8Array(IFADDRMSG_LEN);
      fixed[0] = familyOf(r.local);
      fixed[1] = r.prefix;
      fixed[2] = r.nodad ? IFA_F_NODAD : 0;
      fixed[3] = RT_SCOPE_UNIVERSE;
      new DataView(fixed.buffer).setUint32(4, r.ifindex, true);
      return message(RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, seq, fixed, [attribute(IFA_LOCAL, r.local), attribute(IFA_ADDRESS, r.local)]);
    }
    case 'route': {
      const fixed = new Uint8Array(RTMSG_LEN);
      fixed.set([familyOf(r.dst), r.dstLen, 0, 0, RT_TABLE_MAIN, RTPROT_BOOT, RT_SCOPE_UNIVERSE, RTN_UNICAST]);
      new DataView(fixed.buffer).setUint32(8, r.onlink ? RTNH_F_ONLINK : 0, true);
      const attrs = [attribute(RTA_DST, r.dst), attribute(RTA_GATEWAY, r.gateway), attribute(RTA_OIF, u32(r.ifindex))];
      return message(RTM_NEWROUTE, NLM_F_CREATE | NLM_F_REPLACE, seq, fixed, attrs);
    }
    default: {
      const never: never = r;
      return never;
    }
  }
}

function u32(x: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, x, true);
  return b;
}

const align4 = (n: number): number => (n + 3) & ~3;

function attribute(type: number, payload: Uint8Array): Uint8Array {
  const a = new Uint8Array(align4(NLA_HDRLEN + payload.length));
  const dv = new DataView(a.buffer);
  dv.setUint16(0, NLA_HDRLEN + payload.length, true);
  dv.setUint16(2, type, true);
  a.set(payload, NLA_HDRLEN);
  return a;
}

function message(type: number, flags: number, seq: number, fixed: Uint8Array, attrs: readonly Uint8Array[]): Uint8Array {
  const len = NLMSG_HDRLEN + fixed.length + attrs.reduce((n, a) => n + a.length, 0);
  const m = new Uint8Array(len);
  const dv = new DataView(m.buffer);
  dv.setUint32(0, len, true);
  dv.setUint16(4, type, true);
  dv.setUint16(6, NLM_F_REQUEST | NLM_F_ACK | flags, true);
  dv.setUint32(8, seq, true);
  m.set(fixed, NLMSG_HDRLEN);
  let off = NLMSG_HDRLEN + fixed.length;
  for (const a of attrs) {
    m.set(a, off);
    off += a.length;
  }
  return m;
}

/** A NETLINK_ROUTE socket in this process's namespace. */
export class Rtnetlink {
  private seq = 0;
  private readonly reply = new Uint8Array(1024);
  private readonly replyView = new DataView(this.reply.buffer);

  private constructor(
    private readonly libc: Libc,
    private readonly fd: number,
  ) {}

  static open(libc: Libc): Rtnetlink | EnvError {
    const sock = libc.call('socket', AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
    if (sock.ret < 0) return EnvError.fromErrno('socket(NETLINK_ROUTE)', sock.errno, 'the kernel lacks rtnetlink');
    return new Rtnetlink(libc, sock.ret);
  }

  /** Sends one request and waits for its acknowledgement: 0, or the errno it was refused with. */
  request(r: RouteRequest): number {
    const msg = encodeRequest(r, ++this.seq);
    const sent = this.libc.call('send', this.fd, msg, msg.length, 0);
    if (sent.ret < 0) return sent.errno;
    for (;;) {
      const got = this.libc.call('recv', this.fd, this.reply, this.reply.length, 0);
      if (got.ret < 0) return got.errno;
      const dv = this.replyView;
      if (got.ret >= NLMSG_HDRLEN + 4 && dv.getUint16(4, true) === NLMSG_ERROR && dv.getUint32(8, true) === this.seq) {
        return -dv.getInt32(NLMSG_HDRLEN, true);
      }
    }
  }

  close(): void {
    this.libc.call('close', this.fd);
  }
}

/** Sends `steps` in order on one socket; the first refused (retry included) is the error, with `hint`. */
export function applySteps(libc: Libc, steps: readonly SetupStep[], hint: string): EnvError | undefined {
  const rtnl = Rtnetlink.open(libc);
  if (rtnl instanceof EnvError) return rtnl;
  try {
    for (const step of steps) {
      const errno = rtnl.request(step.request);
      if (errno === 0 || (step.retry !== undefined && rtnl.request(step.retry.request) === 0)) continue;
      return EnvError.fromErrno(`${step.what} failed`, errno, hint);
    }
    return undefined;
  } finally {
    rtnl.close();
  }
}

/** Inside the child: bring the fresh namespace's loopback up (it starts down). */
export function setUpLoopback(libc: Libc): EnvError | undefined {
  const ifindex = libc.call('if_nametoindex', 'lo').ret;
  if (ifindex === 0) return new EnvError('no loopback device in the namespace', 'report this as a tcpdrill bug');
  return applySteps(libc, [{ what: 'ip link set dev lo up', request: { kind: 'link', ifindex, up: true } }], 'run as root, or where user namespaces may configure links');
}
