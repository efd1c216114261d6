// Hand-built TCP conversations as capture files, for the record tests: each packet is
// a real datagram from the runner's encoder, so the readers and decoders see what a
// capture would hold.
import { TCP_FLAG_ACK, TCP_FLAG_FIN, TCP_FLAG_PSH, TCP_FLAG_RST, TCP_FLAG_SYN } from '../../src/linux/tcp.js';
import { encodeDatagram } from '../../src/runner/wire/frame.js';
import { seq } from '../../src/runner/wire/seq.js';
import type { TcpOption } from '../../src/runner/wire/tcp-options.js';
import { LINK_TYPES, pcapFile } from './capture-files.js';

export const CLIENT = { addr: [10, 0, 0, 1], port: 33000 };
export const SERVER = { addr: [10, 0, 0, 2], port: 80 };

export interface Pkt {
  /** Milliseconds since the first packet. */
  readonly ms: number;
  readonly from: 'client' | 'server';
  /** S, ., F, R, P in any order. */
  readonly flags: string;
  readonly seq: number;
  readonly ack?: number;
  readonly len?: number;
  readonly win?: number;
  readonly options?: readonly TcpOption[];
  /** Overrides the ports, for other connections in the same capture. */
  readonly clientPort?: number;
  /** Makes this an ICMP port unreachable from `from`, quoting that packet. */
  readonly unreachableFor?: Pkt;
}

const FLAG_BITS: Record<string, number> = { S: TCP_FLAG_SYN, '.': TCP_FLAG_ACK, F: TCP_FLAG_FIN, R: TCP_FLAG_RST, P: TCP_FLAG_PSH };

export function datagram(p: Pkt): Uint8Array {
  if (p.unreachableFor !== undefined) return unreachable(p, p.unreachableFor);
  const client = { ...CLIENT, port: p.clientPort ?? CLIENT.port };
  const [src, dst] = p.from === 'client' ? [client, SERVER] : [SERVER, client];
  const flags = [...p.flags].reduce((f, c) => f | (FLAG_BITS[c] ?? 0), 0);
  return encodeDatagram({
    ip: { version: 4, tos: 0, headerLength: 20, totalLength: 0, id: 0, fragOff: 0, ttl: 64, protocol: 6, checksum: 0, src: new Uint8Array(src.addr), dst: new Uint8Array(dst.addr), options: new Uint8Array(0) },
    l4: {
      kind: 'tcp',
      tcp: { srcPort: src.port, dstPort: dst.port, seq: seq(p.seq), ack: seq(p.ack ?? 0), dataOffset: 5, reserved: 0, flags, window: p.win ?? 1000, checksum: 0, urgent: 0, options: p.options ?? [], payload: new Uint8Array(p.len ?? 0) },
    },
  });
}

const T0 = 1_700_000_000_000_000_000n;

export function conversation(pkts: readonly Pkt[]): Uint8Array {
  return pcapFile(pkts.map((p) => ({ timeNs: T0 + BigInt(Math.round(p.ms * 1e6)), data: datagram(p) })), { linkType: LINK_TYPES.raw, nano: true, littleEndian: true });
}

function unreachable(p: Pkt, quoting: Pkt): Uint8Array {
  const [src, dst] = p.from === 'client' ? [CLIENT, SERVER] : [SERVER, CLIENT];
  return encodeDatagram({
    ip: { version: 4, tos: 0, headerLength: 20, totalLength: 0, id: 0, fragOff: 0, ttl: 64, protocol: 1, checksum: 0, src: new Uint8Array(src.addr), dst: new Uint8Array(dst.addr), options: new Uint8Array(0) },
    l4: { kind: 'icmp', icmp: { version: 4, type: 3, code: 3, checksum: 0, rest: 0, payload: datagram(quoting) } },
  });
}
