// Pure checks of the kernel as a script's run sees it: version and clock tick,
// the qdisc tun0 is born with, congestion control inside a namespace, AccECN,
// TCP-MD5 and TCP-AO.

import type { Check, HostFacts, NamespaceFacts, Outcome } from './facts.js';

/** packetdrill's default --tolerance_usecs. */
const DEFAULT_TOLERANCE_USECS = 4000;

const ok = (id: string, title: string, detail: string): Check => ({ id, title, status: 'ok', detail, hint: undefined });

export function kernelCheck(h: HostFacts): Check {
  return ok('kernel', 'kernel', `Linux ${h.kernelRelease}`);
}

/**
 * HZ sets the tick timer-driven answers (delayed ACKs, retransmission timeouts,
 * TIME_WAIT and FIN_WAIT2 expiry) leave on: they come up to one tick after the
 * time a script names, depending on where the timeline falls in the tick.
 */
export function hzCheck(h: HostFacts): Check {
  const title = 'clock tick (HZ)';
  if (h.hz === undefined) {
    return {
      id: 'hz',
      title,
      status: 'warn',
      detail: 'HZ unknown: no /proc/config.gz and CLOCK_MONOTONIC_COARSE gave no resolution',
      hint: 'timer-driven answers may leave up to one tick late; if they fail by a few ms, raise --tolerance_usecs',
    };
  }
  const tickUsecs = Math.round(1e6 / h.hz.hz);
  const from = h.hz.source === 'config' ? '/proc/config.gz' : 'measured from CLOCK_MONOTONIC_COARSE';
  const detail =
    `HZ=${h.hz.hz} (${from}): the kernel's timers tick every ${tickUsecs / 1000} ms, so delayed ACKs, retransmissions and ` +
    `TIME_WAIT/FIN_WAIT2 expiry leave up to ${tickUsecs / 1000} ms after the time a script names`;
  if (tickUsecs <= DEFAULT_TOLERANCE_USECS) return ok('hz', title, `${detail}; the default tolerance (${DEFAULT_TOLERANCE_USECS} µs) covers a tick`);
  return {
    id: 'hz',
    title,
    status: 'warn',
    detail: `${detail}, more than the default tolerance of ${DEFAULT_TOLERANCE_USECS} µs`,
    hint: `scripts written at HZ=250 or 1000 may fail on timer-driven answers here: run with --tolerance_usecs=${tickUsecs + DEFAULT_TOLERANCE_USECS}`,
  };
}

/** packetdrill's machines leave tun0 with pfifo_fast; the upstream corpus adds its own qdisc on top. */
export function qdiscCheck(h: HostFacts): Check {
  const title = 'default qdisc';
  const q = h.defaultQdisc;
  if (q === 'pfifo_fast') return ok('qdisc', title, "net.core.default_qdisc = pfifo_fast, as on packetdrill's machines");
  return {
    id: 'qdisc',
    title,
    status: 'warn',
    detail:
      q === undefined
        ? 'net.core.default_qdisc unreadable'
        : `net.core.default_qdisc = ${q}: tun0 starts with ${q}, which can pace, hold back or reorder packets that scripts written for pfifo_fast expect at once`,
    hint: 'scripts that install their own qdisc (tc qdisc add dev tun0 root ...) are unaffected; for the others set net.core.default_qdisc=pfifo_fast on the host',
  };
}

export function congestionControlCheck(ns: NamespaceFacts): Check {
  const title = 'congestion control';
  const allowed = ns.allowedCongestionControl;
  const detail = `a namespace may use: ${allowed.join(' ') || '(none)'} (default ${ns.defaultCongestionControl})`;
  if (allowed.includes('cubic')) return ok('congestion-control', title, detail);
  const loaded = ns.availableCongestionControl.includes('cubic');
  return {
    id: 'congestion-control',
    title,
    status: 'warn',
    detail: `${detail}: scripts that set cubic (sysctl net.ipv4.tcp_congestion_control=cubic, setsockopt TCP_CONGESTION "cubic") fail with EPERM, and scripts that assume the kernel's usual default, cubic, see ${ns.defaultCongestionControl}'s behaviour instead`,
    hint: loaded
      ? 'on the host: sysctl -w net.ipv4.tcp_allowed_congestion_control="' + [...new Set([...allowed, 'cubic'])].join(' ') + '"'
      : 'cubic is not loaded: modprobe tcp_cubic, then add it to net.ipv4.tcp_allowed_congestion_control on the host',
  };
}

function featureCheck(id: string, title: string, outcome: Outcome, works: string, fails: string, hint: string): Check {
  if (outcome.ok) return ok(id, title, works);
  return { id, title, status: 'warn', detail: `${fails} (${outcome.why})`, hint };
}

export function namespaceChecks(ns: NamespaceFacts): Check[] {
  return [
    congestionControlCheck(ns),
    featureCheck(
      'accecn',
      'AccECN',
      ns.accEcn,
      'the kernel accepts net.ipv4.tcp_ecn=3 (Accurate ECN)',
      'the kernel refuses net.ipv4.tcp_ecn=3: AccECN scripts fail',
      'use a kernel with Accurate ECN support (it accepts net.ipv4.tcp_ecn=3)',
    ),
    featureCheck('tcp-md5', 'TCP-MD5', ns.md5, 'setsockopt(TCP_MD5SIG) works', 'setsockopt(TCP_MD5SIG) fails: TCP-MD5 scripts fail', 'use a kernel built with CONFIG_TCP_MD5SIG=y'),
    featureCheck('tcp-ao', 'TCP-AO', ns.ao, 'setsockopt(TCP_AO_ADD_KEY) works', 'setsockopt(TCP_AO_ADD_KEY) fails: TCP-AO scripts fail', 'use a kernel built with CONFIG_TCP_AO=y (Linux 6.7 or later)'),
  ];
}

/** No namespace, no runs. */
export function namespaceErrorCheck(error: string): Check {
  return {
    id: 'namespace',
    title: 'network namespace',
    status: 'fail',
    detail: `cannot create a throwaway network namespace: ${error}`,
    hint: 'run as root (sudo) with util-linux installed; in a container, grant CAP_SYS_ADMIN (e.g. docker run --privileged)',
  };
}
