// Pure checks of the host: privileges, /dev/net/tun, tools, CPUs.

import type { Check, HostFacts, ToolName } from './facts.js';

const ok = (id: string, title: string, detail: string): Check => ({ id, title, status: 'ok', detail, hint: undefined });

/** Root, or rootless through user namespaces; either way /dev/net/tun must open. */
export function privilegesCheck(h: HostFacts): Check {
  const title = 'privileges';
  if (h.uid === 0) return ok('privileges', title, 'running as root: each run gets its own network namespace');
  const ns = h.userNamespaces;
  if (ns !== undefined && !ns.ok) {
    return {
      id: 'privileges',
      title,
      status: 'fail',
      detail: `not root (uid ${h.uid}) and user namespaces are unavailable: ${ns.why}`,
      hint: 'run as root (sudo), or allow unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1, user.max_user_namespaces > 0, or the AppArmor restriction lifted)',
    };
  }
  return ok('privileges', title, `not root (uid ${h.uid}): runs use a user namespace mapped to root`);
}

export function tunCheck(h: HostFacts): Check {
  const title = '/dev/net/tun';
  switch (h.tun) {
    case 'ok':
      return ok('tun', title, 'opens for reading and writing');
    case 'missing':
      return { id: 'tun', title, status: 'fail', detail: '/dev/net/tun does not exist', hint: 'load the tun module: modprobe tun (in a container, pass the device in: --device /dev/net/tun)' };
    case 'denied':
      return {
        id: 'tun',
        title,
        status: 'fail',
        detail: `uid ${h.uid} may not open /dev/net/tun`,
        hint: 'run as root (sudo), or make the device accessible: chmod 0666 /dev/net/tun',
      };
    default: {
      const never: never = h.tun;
      return ok('tun', title, String(never));
    }
  }
}

const TOOL_USE: { readonly [K in ToolName]: { readonly needed: boolean; readonly pkg: string; readonly use: string } } = {
  unshare: { needed: true, pkg: 'util-linux', use: 'creates the network namespace of each run' },
  ip: { needed: true, pkg: 'iproute2', use: 'sets up tun0, its addresses and routes' },
  tc: { needed: true, pkg: 'iproute2', use: 'scripts set qdiscs with it' },
  python3: { needed: false, pkg: 'python3', use: 'runs %{ }% code blocks and set_sysctls.py of the upstream corpus' },
  tshark: { needed: false, pkg: 'tshark', use: 'reads --pcap files back, for pcap checks' },
};

export function toolChecks(h: HostFacts): Check[] {
  return (Object.keys(TOOL_USE) as ToolName[]).map((tool) => {
    const { needed, pkg, use } = TOOL_USE[tool];
    const path = h.tools[tool];
    if (path !== undefined) return ok(`tool-${tool}`, tool, `${path} (${use})`);
    return {
      id: `tool-${tool}`,
      title: tool,
      status: needed ? 'fail' : 'warn',
      detail: `not found; ${tool} ${use}`,
      hint: `install ${pkg} (e.g. apt-get install ${pkg})`,
    };
  });
}

/** Another process on the CPUs makes tcpdrill late and the kernel's answers late. */
export const BUSY_CPU_THRESHOLD = 0.5;

export function cpuCheck(h: HostFacts): Check {
  const title = 'CPUs';
  const load = h.loadAverage === undefined ? '' : `, load average ${h.loadAverage.toFixed(2)}`;
  const busy = h.busyCpus === undefined ? '' : `; other processes kept ${h.busyCpus.toFixed(1)} of them busy`;
  const detail = `${h.cpus} CPU${h.cpus === 1 ? '' : 's'}${busy}${load}`;
  const competing = (h.busyCpus ?? 0) >= BUSY_CPU_THRESHOLD || (h.loadAverage ?? 0) >= h.cpus;
  if (!competing && h.cpus > 1) return ok('cpus', title, detail);
  return {
    id: 'cpus',
    title,
    status: 'warn',
    detail: h.cpus > 1 ? `${detail}: timelines compete for CPU time` : `${detail}: the timeline competes with the kernel's own work`,
    hint: "timing failures may be the machine's: run with -j 1, widen the tolerance as kselftest does on slow machines (--tolerance_usecs=14000), and read -v output, which shows how late tcpdrill itself was",
  };
}
