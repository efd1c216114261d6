// The TUN device tun0, set up as packetdrill's netdev_new() does (script-language.md
// §1.2; architecture.md, "TUN device"). Runs inside the script's namespace only.
//
// Read this first: frames in both directions start with a 10-byte virtio-net header
// (IFF_VNET_HDR). With TUNSETOFFLOAD the kernel hands over TSO super-segments with
// partial checksums, which scripts rely on. The fd is non-blocking: write() never
// blocks on a TUN device, and drain() reads until EAGAIN. Address, route and MTU
// go through rtnetlink (rtnetlink.ts), in this process's namespace.
import { closeSync, openSync, writeFileSync, writeSync, constants as fsConstants } from 'node:fs';
import { constants as osConstants } from 'node:os';
import { EnvError } from '../errors.js';
import { formatIpUncompressed, ipBytes } from '../wire/address.js';
import type { Libc } from './libc.js';
import { applySteps, type SetupStep } from './rtnetlink.js';
import { wireVersion, type RunConfig } from '../config.js';
import {
  IFF_NO_PI,
  IFF_TUN,
  IFF_VNET_HDR,
  IFNAMSIZ,
  IFREQ_FLAGS_OFFSET,
  IFREQ_SIZE,
  TUNSETIFF,
  TUNSETOFFLOAD,
  TUN_F_CSUM,
  TUN_F_TSO4,
  TUN_F_TSO6,
  TUN_F_TSO_ECN,
  VIRTIO_NET_HDR_LEN,
} from '../../linux/kernel.js';

export const TUN_NAME = 'tun0';
const TUN_PATH = '/dev/net/tun';
/** IPv6 local prefix length is fixed at /48, as packetdrill's netdev.c does. */
const IPV6_LOCAL_PREFIX = 48;
/** A 64 KiB GSO super-segment plus its virtio-net header fits. */
const DRAIN_BUFFER_SIZE = 65536 + VIRTIO_NET_HDR_LEN;

/**
 * Per-device IPv6 sysctls, written after TUNSETIFF and before link up, so that no
 * ICMPv6 the script did not ask for reaches the capture. IPv4 and IPv4-mapped runs
 * switch IPv6 off on tun0 altogether (no link-local address, hence no MLD reports and
 * no router solicitations). IPv6 runs keep it but send no DAD probes (accept_dad,
 * dad_transmits), no router solicitations (router_solicitations, accept_ra) and create
 * no link-local address (addr_gen_mode 1 = IN6_ADDR_GEN_MODE_NONE,
 * include/uapi/linux/if_link.h). See Documentation/networking/ip-sysctl.rst.
 */
function ipv6Sysctls(version: 4 | 6): ReadonlyArray<readonly [string, string]> {
  if (version === 4) return [['disable_ipv6', '1']];
  return [
    ['accept_dad', '0'],
    ['dad_transmits', '0'],
    ['router_solicitations', '0'],
    ['accept_ra', '0'],
    ['addr_gen_mode', '1'],
  ];
}

/** The requests that finish tun0's set-up, in packetdrill's order: mtu, address, up, route. */
export function setupSteps(cfg: RunConfig, ifindex: number): readonly SetupStep[] {
  const v = wireVersion(cfg.ipVersion);
  const family = v === 4 ? '-4' : '-6';
  const localPrefix = v === 4 ? netmaskLength(cfg.netmaskIp) : IPV6_LOCAL_PREFIX;
  const nodad = v === 6;
  const remote = maskAddress(cfg.remoteIp, cfg.remotePrefix);
  const dev = `dev ${TUN_NAME}`;
  const steps: SetupStep[] = [];
  if (cfg.mtu !== undefined) steps.push({ what: `ip link set ${dev} mtu ${cfg.mtu}`, request: { kind: 'link', ifindex, mtu: cfg.mtu } });
  steps.push({
    what: `ip ${family} addr add ${cfg.localIp}/${localPrefix} ${dev}${nodad ? ' nodad' : ''}`,
    request: { kind: 'addr', ifindex, local: ipBytes(cfg.localIp), prefix: localPrefix, nodad },
  });
  steps.push({ what: `ip link set ${dev} up`, request: { kind: 'link', ifindex, up: true } });
  // packetdrill routes the remote prefix via the gateway (netdev.c route_set). The
  // IPv4 default gateway is the local address itself, which plain `via` accepts and
  // `onlink` rejects; a gateway outside the local prefix needs `onlink`.
  const route = (onlink: boolean): SetupStep => ({
    what: `ip ${family} route replace ${remote}/${cfg.remotePrefix} via ${cfg.gatewayIp} ${dev}${onlink ? ' onlink' : ''}`,
    request: { kind: 'route', ifindex, dst: ipBytes(remote), dstLen: cfg.remotePrefix, gateway: ipBytes(cfg.gatewayIp), onlink },
  });
  steps.push({ ...route(false), retry: route(true) });
  // The root qdisc stays the kernel's default, as under packetdrill: scripts pick
  // their own (`tc qdisc add dev tun0 root pfifo` fails with "File exists" if the
  // tester already installed one).
  return steps;
}

export class Tun {
  private closed = false;
  private readonly drainBuf = new Uint8Array(DRAIN_BUFFER_SIZE);

  private constructor(
    private readonly libc: Libc,
    readonly fd: number,
    readonly name: string,
  ) {}

  /** Creates and configures tun0 in the current namespace. */
  static open(libc: Libc, cfg: RunConfig): Tun | EnvError {
    let fd: number;
    try {
      fd = openSync(TUN_PATH, fsConstants.O_RDWR | fsConstants.O_NONBLOCK);
    } catch (e) {
      return new EnvError(`cannot open ${TUN_PATH}: ${(e as Error).message}`, 'run as root, or modprobe tun');
    }
    const tun = new Tun(libc, fd, TUN_NAME);
    const err = tun.configure(cfg);
    if (err !== undefined) {
      tun.close();
      return err;
    }
    return tun;
  }

  private configure(cfg: RunConfig): EnvError | undefined {
    const ifr = new Uint8Array(IFREQ_SIZE);
    const name = new TextEncoder().encode(this.name);
    if (name.length >= IFNAMSIZ) return new EnvError(`bad device name ${this.name}`, 'use tun0');
    ifr.set(name, 0);
    new DataView(ifr.buffer).setUint16(IFREQ_FLAGS_OFFSET, IFF_TUN | IFF_NO_PI | IFF_VNET_HDR, true);
    const set = this.libc.call('ioctl', this.fd, TUNSETIFF, ifr);
    if (set.ret < 0) {
      return EnvError.fromErrno(`ioctl(TUNSETIFF, ${this.name})`, set.errno, 'run in a fresh namespace (one run per namespace)');
    }
    // TUNSETOFFLOAD takes the flags as the argument value itself, not a pointer.
    const offloads = BigInt(TUN_F_CSUM | TUN_F_TSO4 | TUN_F_TSO6 | TUN_F_TSO_ECN);
    const off = this.libc.call('ioctl', this.fd, TUNSETOFFLOAD, offloads);
    if (off.ret < 0) return EnvError.fromErrno('ioctl(TUNSETOFFLOAD)', off.errno, 'the kernel lacks TUN offloads');
    for (const [key, value] of ipv6Sysctls(wireVersion(cfg.ipVersion))) {
      try {
        writeFileSync(`/proc/sys/net/ipv6/conf/${this.name}/${key}`, value);
      } catch (e) {
        return new EnvError(`sysctl net.ipv6.conf.${this.name}.${key}=${value}: ${(e as Error).message}`, 'is /proc/sys writable?');
      }
    }
    const ifindex = this.libc.call('if_nametoindex', this.name).ret;
    if (ifindex === 0) return new EnvError(`${this.name} vanished after TUNSETIFF`, 'report this as a tcpdrill bug');
    return applySteps(this.libc, setupSteps(cfg, ifindex), 'check the kernel supports it');
  }

  /** Injects one frame: virtio-net header followed by the IP datagram. */
  write(frame: Uint8Array): void {
    writeSync(this.fd, frame);
  }

  /** Reads and discards every frame queued on the device; returns how many. */
  drain(): number {
    let n = 0;
    for (;;) {
      const { ret, errno } = this.libc.call('read', this.fd, this.drainBuf, this.drainBuf.length);
      if (ret >= 0) {
        n++;
        continue;
      }
      if (errno === osConstants.errno.EINTR) continue;
      return n;
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }

  [Symbol.dispose](): void {
    this.close();
  }
}

/** Prefix length of a dotted-quad netmask, e.g. 255.255.0.0 → 16. */
export function netmaskLength(netmask: string): number {
  return ipBytes(netmask).reduce((n, b) => n + popcount8(b), 0);
}

function popcount8(b: number): number {
  let n = 0;
  for (let x = b; x !== 0; x >>= 1) n += x & 1;
  return n;
}

/** `ip` with only its first `prefix` bits kept, in the address's own notation. */
export function maskAddress(ip: string, prefix: number): string {
  const bytes = ipBytes(ip);
  for (let i = 0; i < bytes.length; i++) {
    const keep = Math.max(0, Math.min(8, prefix - 8 * i));
    bytes[i]! &= (0xff << (8 - keep)) & 0xff;
  }
  return formatIpUncompressed(bytes);
}
