// `tcpdrill record`, pure part: the list of connections, the choice of one and of its
// local side, and the script. The CLI (src/cli/record.ts) reads files and prints.

import { TCP_FLAG_ACK, TCP_FLAG_SYN } from '../linux/tcp.js';
import { type Endpoint, canonicalAddress, formatEndpoint, parseEndpoint, sameEndpoint } from './endpoint.js';
import { type Flow, flowEnding, isBareSyn } from './flows.js';
import { type Role, inferScript } from './infer.js';
import type { CaptureSegments } from './read-capture.js';
import { TIMER_NOTE, renderItems, seconds } from './script-text.js';

type Ok<T> = { readonly ok: true } & T;
type Err = { readonly ok: false; readonly message: string };

export function listFlows(flows: readonly Flow[], firstNs: bigint): string {
  const rows = flows.map((f) => [
    String(f.index),
    `${formatEndpoint(f.client)} > ${formatEndpoint(f.server)}`,
    String(f.segments.length),
    seconds(f.segments[0]!.timeNs - firstNs),
    flowEnding(f),
  ]);
  const head = ['#', 'connection', 'packets', 'first (s)', 'ended'];
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  return [head, ...rows].map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]!))).join('  ')).join('\n');
}

/** `--flow N` or `--flow addr:port-addr:port` (either order); none: the only flow. */
export function selectFlow(flows: readonly Flow[], spec: string | undefined): Ok<{ flow: Flow }> | Err {
  if (spec === undefined) {
    if (flows.length === 1) return { ok: true, flow: flows[0]! };
    return { ok: false, message: `the capture holds ${flows.length} TCP connections: choose one with --flow (see --list)` };
  }
  if (/^\d+$/.test(spec)) {
    const flow = flows[Number(spec) - 1];
    return flow ? { ok: true, flow } : { ok: false, message: `no connection ${spec}: the capture holds ${flows.length} (see --list)` };
  }
  const m = /^(.+:\d+)-(.+:\d+)$/.exec(spec);
  const a = m ? parseEndpoint(m[1]!) : undefined;
  const b = m ? parseEndpoint(m[2]!) : undefined;
  if (!a?.ok || !b?.ok) return { ok: false, message: `--flow '${spec}' is neither an index nor addr:port-addr:port` };
  const matches = (f: Flow): boolean =>
    (sameEndpoint(f.client, a.endpoint) && sameEndpoint(f.server, b.endpoint)) || (sameEndpoint(f.client, b.endpoint) && sameEndpoint(f.server, a.endpoint));
  const found = flows.filter(matches);
  if (found.length === 0) return { ok: false, message: `no connection ${spec} in the capture (see --list)` };
  if (found.length > 1) return { ok: false, message: `${found.length} connections on ${spec} (the 4-tuple was reused): choose one by index (${found.map((f) => f.index).join(', ')})` };
  return { ok: true, flow: found[0]! };
}

/** `--local` (addr:port, or an address if only one end has it), else the side that sent the SYN-ACK, else the side a SYN went to. */
export function localSide(flow: Flow, spec: string | undefined): Ok<{ local: Endpoint }> | Err {
  if (spec !== undefined) {
    const ends = [flow.client, flow.server];
    // A bare address names the end with that address: an active side's port is ephemeral.
    const byAddr = ends.filter((e) => e.addr === canonicalAddress(spec));
    if (byAddr.length === 1) return { ok: true, local: byAddr[0]! };
    const p = parseEndpoint(spec);
    if (!p.ok) return { ok: false, message: `--local: ${p.message}` };
    if (!sameEndpoint(p.endpoint, flow.client) && !sameEndpoint(p.endpoint, flow.server)) {
      return { ok: false, message: `--local ${spec} is neither end of connection ${flow.index} (${formatEndpoint(flow.client)}, ${formatEndpoint(flow.server)})` };
    }
    return { ok: true, local: p.endpoint };
  }
  const synAck = flow.segments.find((s) => (s.tcp.flags & (TCP_FLAG_SYN | TCP_FLAG_ACK)) === (TCP_FLAG_SYN | TCP_FLAG_ACK));
  if (synAck) return { ok: true, local: synAck.src };
  const syn = flow.segments.find(isBareSyn);
  if (syn) return { ok: true, local: syn.dst };
  return { ok: false, message: `connection ${flow.index} has no SYN in the capture (it began before it): name the side under test with --local, and expect no handshake` };
}

const ROLE_TEXT: { [R in Role]: string } = {
  passive: 'passive open (socket, bind, listen, accept)',
  active: 'active open (non-blocking connect)',
  none: 'no socket (it answers with RST)',
};

export interface ScriptRequest {
  readonly captureName: string;
  readonly capture: Extract<CaptureSegments, { ok: true }>;
  readonly flow: Flow;
  readonly local: Endpoint;
  readonly states: boolean;
}

export function recordScript(r: ScriptRequest): string {
  const inferred = inferScript(r.flow, r.local, r.states, r.capture.firstNs);
  const remote = sameEndpoint(r.flow.client, r.local) ? r.flow.server : r.flow.client;
  const v6 = r.flow.segments[0]!.ip.version === 6;
  const header = [
    `Recorded by tcpdrill record from ${r.captureName} (${r.capture.format}, ${r.capture.frames} frames).`,
    `Connection ${r.flow.index}: ${formatEndpoint(r.flow.client)} > ${formatEndpoint(r.flow.server)}, ${r.flow.segments.length} packets, ${flowEnding(r.flow)}.`,
    `Local side, under test: ${formatEndpoint(r.local)}, ${ROLE_TEXT[inferred.role]}; remote: ${formatEndpoint(remote)}.`,
    'The replay uses tcpdrill\'s own addresses and ports. Sequence numbers are relative to each side\'s ISN.',
    'Trailing comments: capture time (s since the first frame), frame number, and the window of local packets',
    '(not checked: it depends on buffer sizes the script does not set).',
    'System calls are inferred: each write() covers a burst of local data, each read() the remote data that just arrived.',
    TIMER_NOTE,
    // An option line cannot choose it: tcpdrill run's --ip-version (default ipv4) wins.
    ...(v6 ? ['IPv6 capture: run it with --ip-version ipv6.'] : []),
  ];
  const options = inferred.ecrScaled ? ['--tcp_ts_ecr_scaled'] : [];
  return renderItems(header, options, inferred.items);
}
