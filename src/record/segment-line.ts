// One captured segment as a script packet line (script-language.md §4), through the
// runner's renderers for flags, options and IP attributes. Read this first: what the
// runner checks decides what is written. Outbound lines leave out `win` (the
// window depends on buffer state the script does not set up; the captured value goes
// in the trailing comment) and keep every option; inbound lines carry everything the
// runner needs to build the packet.

import { TCP_FLAG_ACK } from '../linux/tcp.js';
import { ipPrefix, renderFlags, renderOptions } from '../runner/script/to-script.js';
import { seq } from '../runner/wire/seq.js';
import type { TcpOption } from '../runner/wire/tcp-options.js';
import { type SequenceSpaces, relative, spacesOf } from './sequence-space.js';
import type { Segment } from './segments.js';

export interface RenderedSegment {
  /** The packet part of the line, without time and direction. */
  readonly text: string;
  /** What the line could not say exactly, each a sentence for a `//` comment. */
  readonly notes: readonly string[];
  /** An inbound TS ecr that echoes no outbound TS val written before (§6.4). */
  readonly needsEcrScaled: boolean;
}

/** The outbound TS vals written so far: inbound ecrs are translated through them (§6.4). */
export class TsTable {
  private readonly vals = new Set<number>();
  add(val: number): void {
    this.vals.add(val);
  }
  has(val: number): boolean {
    return this.vals.has(val);
  }
}

type OptionsResult = { kind: 'list'; options: TcpOption[] } | { kind: 'any' };

function scriptOptions(seg: Segment, local: boolean, spaces: SequenceSpaces, ts: TsTable, notes: string[]): OptionsResult & { ecrScaled: boolean } {
  const { other } = spacesOf(spaces, local);
  const hasAck = (seg.tcp.flags & TCP_FLAG_ACK) !== 0;
  const out: TcpOption[] = [];
  let ecrScaled = false;
  for (const o of seg.tcp.options) {
    switch (o.kind) {
      case 'sack':
        out.push({ kind: 'sack', blocks: o.blocks.map((b) => ({ left: seq(relative(b.left, other)), right: seq(relative(b.right, other)) })) });
        break;
      case 'timestamp':
        if (local) ts.add(o.val);
        else if (hasAck && !ts.has(o.ecr)) {
          ecrScaled = true;
          notes.push(`TS ecr ${o.ecr} echoes no TS val of an earlier outbound line: the runner interpolates it (--tcp_ts_ecr_scaled)`);
        }
        out.push(o);
        break;
      case 'md5':
        // The digest covers the live addresses and ports, which the replay changes.
        if (local) {
          notes.push('an MD5 signature option (RFC 2385) cannot be matched: options are not checked (<...>)');
          return { kind: 'any', ecrScaled };
        }
        out.push(o);
        break;
      case 'raw': {
        const len = 2 + o.data.length;
        if (local) {
          notes.push(`option kind ${o.code} cannot be written in a script: options are not checked (<...>)`);
          return { kind: 'any', ecrScaled };
        }
        // Dropped, its bytes kept as nops so the header length and alignment stay.
        notes.push(`option kind ${o.code} (${len} bytes) cannot be written in a script: sent as ${len} nops`);
        for (let i = 0; i < len; i++) out.push({ kind: 'nop' });
        break;
      }
      case 'eol':
      case 'nop':
      case 'mss':
      case 'wscale':
      case 'sackOK':
      case 'fastopen':
      case 'fastopenExp':
      case 'accecn':
        out.push(o);
        break;
    }
  }
  return { kind: 'list', options: out, ecrScaled };
}

export function renderSegment(seg: Segment, local: boolean, spaces: SequenceSpaces, ts: TsTable): RenderedSegment {
  const { own, other } = spacesOf(spaces, local);
  const t = seg.tcp;
  const notes: string[] = [];
  const start = relative(t.seq, own);
  const len = t.payload.length;
  let s = `${ipPrefix(seg.ip)}${renderFlags(t.flags)} ${start}:${start + len}(${len})`;
  // Without the ACK flag the field is compared (outbound) or sent (inbound) untranslated (§4.4, §6.2).
  if ((t.flags & TCP_FLAG_ACK) !== 0) s += ` ack ${relative(t.ack, other)}`;
  else if (t.ack !== 0) s += ` ack ${t.ack}`;
  if (!local) s += ` win ${t.window}`;
  if (t.urgent !== 0) s += ` urg ${t.urgent}`;
  const opts = scriptOptions(seg, local, spaces, ts, notes);
  if (opts.kind === 'any') s += ' <...>';
  else if (opts.options.length > 0) s += ` ${renderOptions(opts.options)}`;
  return { text: s, notes, needsEcrScaled: opts.ecrScaled };
}
