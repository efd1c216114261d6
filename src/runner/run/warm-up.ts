// The JIT warm-up before time zero.

import type { PacketAction } from '../../grammar/ast.js';
import { TCP_FLAG_SYN } from '../../linux/tcp.js';
import { buildInbound, withVnetHeader } from '../script/build.js';
import { Connection, bindOutbound, recordOutbound } from '../script/connection.js';
import { belongsTo, matchOutbound } from '../script/match.js';
import { packetToScript } from '../script/to-script.js';
import { decodeDatagram } from '../wire/frame.js';

const WARM_POS = { line: 0, col: 0, offset: 0, length: 0 };
const WARM_SYN: PacketAction = {
  kind: 'packet',
  direction: 'inbound',
  outer: [],
  ip: undefined,
  pos: WARM_POS,
  body: {
    kind: 'tcp',
    psp: undefined,
    ports: undefined,
    flags: { text: 'S', bits: TCP_FLAG_SYN, ace: undefined, pos: WARM_POS },
    seq: { start: 0, end: 0, len: 0, pos: WARM_POS },
    ack: undefined,
    win: 65535,
    urg: undefined,
    options: {
      kind: 'list',
      pos: WARM_POS,
      options: [
        { kind: 'mss', value: 1460, pos: WARM_POS },
        { kind: 'sackOK', pos: WARM_POS },
        { kind: 'timestamp', val: 1, ecr: 0, pos: WARM_POS },
        { kind: 'nop', pos: WARM_POS },
        { kind: 'wscale', shift: 7, pos: WARM_POS },
      ],
    },
    pos: WARM_POS,
  },
};

const WARM_OUTBOUND_SYN: PacketAction = { ...WARM_SYN, direction: 'outbound' };
const WARM_MATCH = { strictSegments: false, tsTickUsecs: 0, tsToleranceUsecs: 4000 };

/**
 * Runs the packet paths once before time zero: the first build, decode,
 * match and rendering in a fresh process cost milliseconds of JIT compilation,
 * which would otherwise make the script's first packets late (the first `>`
 * line's match took 1.0–1.6 ms cold, 0.1–0.2 ms warm).
 */
export function warmUp(version: 4 | 6): void {
  const addr = new Uint8Array(version === 4 ? 4 : 16);
  for (let i = 0; i < 50; i++) {
    const conn = new Connection({ addr, port: 1 }, { addr, port: 2 });
    const built = buildInbound(WARM_SYN, conn, { ipVersion: version, tsEcrScaled: false });
    if (!built.ok) return;
    withVnetHeader(built.bytes);
    const decoded = decodeDatagram(built.bytes);
    if (!decoded.ok) return;
    packetToScript(decoded.packet, conn, 'outbound');
    // As a connecting socket's SYN: belongs, binds the ISN and the port, matches.
    conn.setKernelIsn({ kind: 'awaiting', from: 'syn' });
    belongsTo(decoded.packet, conn);
    bindOutbound(conn, WARM_OUTBOUND_SYN, decoded.packet);
    matchOutbound(WARM_OUTBOUND_SYN, [{ packet: decoded.packet, captureNs: 0n }], conn, WARM_MATCH);
    recordOutbound(conn, WARM_OUTBOUND_SYN, decoded.packet);
  }
}
