// The run-time configuration of one script: packetdrill's command-line options
// (script-language.md §9) after option lines and the command line are merged.
//
// Defaults are tcpdrill's deterministic ones (architecture.md, "Defaults"), not
// packetdrill's random local address.

export type IpVersion = 'ipv4' | 'ipv6' | 'ipv4-mapped-ipv6';

export interface RunConfig {
  readonly ipVersion: IpVersion;
  readonly localIp: string;
  readonly remoteIp: string;
  /** Routed prefix length of the remote address (a host route unless given). */
  readonly remotePrefix: number;
  readonly gatewayIp: string;
  readonly netmaskIp: string;
  readonly bindPort: number;
  readonly connectPort: number;
  /** undefined: leave tun0's MTU alone. */
  readonly mtu: number | undefined;
  /** GSO segment size attached to injected TCP packets; 0 = off. */
  readonly mss: number;
  readonly toleranceUsecs: number;
  readonly tolerancePercent: number;
  readonly tcpTsTickUsecs: number;
  readonly tcpTsEcrScaled: boolean;
  readonly strictSegments: boolean;
  readonly nonFatalPacket: boolean;
  /** tcpdrill's strict outbound checking (architecture.md). */
  readonly strict: boolean;
  readonly codeCommand: string;
  readonly initScripts: readonly string[];
  readonly sendOmitFree: boolean;
  readonly isAnyIp: boolean;
  readonly verbose: boolean;
  readonly defines: ReadonlyMap<string, string>;
}

/** The wire IP version: IPv4-mapped-IPv6 sockets put IPv4 on the wire. */
export function wireVersion(v: IpVersion): 4 | 6 {
  return v === 'ipv6' ? 6 : 4;
}

export function defaultConfig(ipVersion: IpVersion): RunConfig {
  const v6 = ipVersion === 'ipv6';
  return {
    ipVersion,
    localIp: v6 ? 'fd3d:0a0b:17d6::1' : '192.168.0.1',
    remoteIp: v6 ? 'fd3d:fa7b:d17d::1' : '192.0.2.1',
    remotePrefix: v6 ? 128 : 32,
    gatewayIp: v6 ? 'fd3d:0a0b:17d6:8888::1' : '192.168.0.1',
    netmaskIp: '255.255.0.0',
    bindPort: 8080,
    connectPort: 8080,
    mtu: v6 ? 1520 : undefined,
    mss: 0,
    toleranceUsecs: 4000,
    tolerancePercent: 12.5,
    tcpTsTickUsecs: 0,
    tcpTsEcrScaled: false,
    strictSegments: false,
    nonFatalPacket: false,
    strict: false,
    codeCommand: 'python3',
    initScripts: [],
    sendOmitFree: false,
    isAnyIp: false,
    verbose: false,
    defines: new Map(),
  };
}
