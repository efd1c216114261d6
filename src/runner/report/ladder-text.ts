// The ladder diagram for a terminal (`--ladder`, issue 13): one line per row
// of the SVG diagram, from the same model and the same cuts.
//
//   time       line  state       kernel 192.168.0.1:8080         peer 192.0.2.1:40000
//   0.001427     12              │◄──── S 0:0(0) win 65535 <mss 1460> ─────│
//   0.013097     15  ESTABLISHED │■ accept(3, ..., ...) = 4                 │

import type { ScriptResult } from '../results.js';
import { formatSecs } from '../seconds.js';
import { gapLabel } from './ladder-geometry.js';
import { layoutRows } from './ladder-layout.js';
import { ladderModel, type LadderItem } from './ladder-model.js';
import { clip, shortPacketLabel } from './packet-label.js';
import type { Palette } from './pretty.js';

/** Columns between the two lifelines. */
export const TEXT_WIDTH = 56;
const STATE_WIDTH = 12;

/** `label` in the middle of `width` columns of `fill`. */
function centred(label: string, fill: string, width: number): string {
  const text = ` ${clip(label, width - 4)} `;
  const left = Math.floor((width - text.length) / 2);
  return `${fill.repeat(left)}${text}${fill.repeat(width - left - text.length)}`;
}

/** What lies between the lifelines on an item's line, exactly TEXT_WIDTH wide. */
function between(item: LadderItem): string {
  switch (item.kind) {
    case 'packet': {
      const body = centred(shortPacketLabel(item.text), item.accounted ? '─' : '╌', TEXT_WIDTH - 1);
      return item.direction === 'outbound' ? `${body}►` : `◄${body}`;
    }
    case 'missing':
      return `${centred(`expected ${shortPacketLabel(item.text)}: nothing came`, '╌', TEXT_WIDTH - 1)}►`;
    case 'mark': {
      const glyph = item.event === 'state' ? '◆' : item.event === 'command' || item.event === 'code' ? '●' : '■';
      return `${glyph} ${clip(item.text, TEXT_WIDTH - 2)}`.padEnd(TEXT_WIDTH);
    }
    case 'final':
      return '  (after the timeline)'.padEnd(TEXT_WIDTH);
    default: {
      const never: never = item;
      return String(never);
    }
  }
}

export function renderLadderText(r: ScriptResult, p: Palette): string {
  const model = ladderModel(r);
  const layout = layoutRows(model.items.map((item) => ({ atUsecs: item.atUsecs, heightPx: 1 })));
  const pad = ' '.repeat(10 + 2 + 4 + 2);
  const stateAt = new Map(model.bands.map((b) => [b.start, b.state.replace(/^TCP_/, '')]));
  const heads = `${'kernel '.concat(model.local).padEnd(TEXT_WIDTH - 4)} peer ${model.remote}`;
  const out = [p.dim(`${'time'.padStart(10)}  line  ${'state'.padEnd(STATE_WIDTH)}${heads}`)];
  model.items.forEach((item, i) => {
    const cut = layout.cuts.find((c) => c.after === i - 1);
    if (cut !== undefined) out.push(p.dim(`${pad}${' '.repeat(STATE_WIDTH)}≈${centred(gapLabel(cut.gapUsecs), ' ', TEXT_WIDTH)}≈`));
    const gutter = `${formatSecs(item.atUsecs).padStart(10)}  ${(item.line === undefined ? '' : String(item.line)).padStart(4)}  `;
    const state = (stateAt.get(i) ?? '').padEnd(STATE_WIDTH);
    const row = `│${between(item)}│`;
    const colour = item.status === 'failed' ? p.fail : item.status === 'warn' || (item.kind === 'packet' && !item.accounted) ? p.dim : (s: string): string => s;
    out.push(`${p.dim(gutter)}${p.bold(state)}${colour(row)}`);
    for (const l of item.note?.lines ?? []) out.push(`${pad}${' '.repeat(STATE_WIDTH)}  ${p.fail(l)}`);
  });
  return out.join('\n');
}
