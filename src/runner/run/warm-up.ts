// The JIT warm-up before time zero.

import type { PacketAction } from '../../grammar/ast.js';
import { TCP_FLAG_SYN } from '../../linux/tcp.js';
import { buildInbound, withVnetHeader } from '../script/build.js';
import { Connection } from '../script/connection.js';
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

/**
 * Runs the packet paths once before time zero: the first build, decode and
 * rendering in a fresh process cost ~1 ms of JIT compilation, which would
 * otherwise make the script's first packet late.
 */
export function warmUp(version: 4 | 6): void {
  const addr = new Uint8Array(version === 4 ? 4 : 16);
  const conn = new Connection({ addr, port: 1 }, { addr, port: 2 });
  for (let i = 0; i < 50; i++) {
    const built = buildInbound(WARM_SYN, conn, { ipVersion: version, tsEcrScaled: false });
    if (!built.ok) return;
    withVnetHeader(built.bytes);
    const decoded = decodeDatagram(built.bytes);
    if (decoded.ok) packetToScript(decoded.packet, conn, 'outbound');
  }
}
