// What `tcpdrill doctor` learns about the machine: plain data, gathered by
// probe-host.ts and probe-namespace.ts (the only parts that touch the system)
// and judged by the pure checks in checks-*.ts.

/** Something tried that either worked or did not, and why. */
export type Outcome = { readonly ok: true } | { readonly ok: false; readonly why: string };

export const TOOLS = ['unshare', 'ip', 'tc', 'python3', 'tshark'] as const;
export type ToolName = (typeof TOOLS)[number];

export interface HostFacts {
  readonly uid: number;
  /** open(/dev/net/tun, O_RDWR) for this user. */
  readonly tun: 'ok' | 'missing' | 'denied';
  /** `unshare --user --map-root-user --net true`; probed only when not root. */
  readonly userNamespaces: Outcome | undefined;
  readonly tools: { readonly [K in ToolName]: string | undefined };
  readonly kernelRelease: string;
  readonly hz: { readonly hz: number; readonly source: 'config' | 'clock' } | undefined;
  /** net.core.default_qdisc: the root qdisc tun0 is born with. */
  readonly defaultQdisc: string | undefined;
  readonly cpus: number;
  /** The 1-minute load average. */
  readonly loadAverage: number | undefined;
  /** CPUs' worth of time other processes were busy during a short sample of /proc/stat. */
  readonly busyCpus: number | undefined;
}

/** Learned inside a throwaway network namespace, as a script's run sees it. */
export interface NamespaceFacts {
  readonly allowedCongestionControl: readonly string[];
  readonly availableCongestionControl: readonly string[];
  readonly defaultCongestionControl: string;
  /** sysctl net.ipv4.tcp_ecn=3 (AccECN) accepted. */
  readonly accEcn: Outcome;
  /** setsockopt(TCP_MD5SIG) with a key accepted. */
  readonly md5: Outcome;
  /** setsockopt(TCP_AO_ADD_KEY) with a key accepted. */
  readonly ao: Outcome;
}

export interface Facts {
  readonly host: HostFacts;
  /** Or why no namespace could be made. */
  readonly namespace: NamespaceFacts | { readonly error: string };
}

export type CheckStatus = 'ok' | 'warn' | 'fail';

/** One finding: `fail` means runs cannot work; every non-ok finding has a fix-it hint. */
export interface Check {
  readonly id: string;
  readonly title: string;
  readonly status: CheckStatus;
  readonly detail: string;
  readonly hint: string | undefined;
}
