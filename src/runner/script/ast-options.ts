// TCP options as written in a script (AST, §4.5) → wire Reprs. Shared by the inbound
// builder (which translates SACK edges and TS ecr into live space) and the matcher
// (which compares in script space).

import type { TcpOptionAst } from '../../grammar/ast.js';
import { type Seq, seq } from '../wire/seq.js';
import type { TcpOption } from '../wire/tcp-options.js';
import { fromHex } from '../wire/wire.js';

/** Converts one option; `edge` maps each SACK block edge (identity for script space). */
export function optionFromAst(ast: TcpOptionAst, edge: (scriptEdge: number) => Seq = seq): TcpOption {
  switch (ast.kind) {
    case 'nop': return { kind: 'nop' };
    case 'eol': return { kind: 'eol' };
    case 'mss': return { kind: 'mss', value: ast.value };
    case 'wscale': return { kind: 'wscale', shift: ast.shift };
    case 'sackOK': return { kind: 'sackOK' };
    case 'sack': return { kind: 'sack', blocks: ast.blocks.map((b) => ({ left: edge(b.left), right: edge(b.right) })) };
    case 'timestamp': return { kind: 'timestamp', val: ast.val >>> 0, ecr: ast.ecr >>> 0 };
    case 'md5': return { kind: 'md5', digest: fromHex(ast.hex) };
    case 'fastopen': return { kind: 'fastopen', cookie: fromHex(ast.hex ?? '') };
    case 'fastopenExp': return { kind: 'fastopenExp', cookie: fromHex(ast.hex ?? '') };
    // The grammar checked that the fields are a prefix of the order's sequence (§4.5),
    // so their written order is the wire order.
    case 'accecn': return { kind: 'accecn', order: ast.order, counters: ast.fields.map((f) => f.value & 0xffffff) };
  }
}
