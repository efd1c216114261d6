// A run's ladder diagram as inline SVG (issue 13): the kernel under test on the
// left, tcpdrill's peer on the right, one slanted arrow per packet at its time,
// kernel-side marks for syscalls, commands, code and state lines, observed
// states as bands along the kernel's lifeline, the failure in red with its note.
// Every row carries `data-line`, which the page uses to light up the script
// line beside the diagram. Styling is the page's CSS (html-style.ts).

import type { ScriptResult } from '../results.js';
import { formatSecs } from '../seconds.js';
import {
  ANCHOR_PX, BAND_W, BAND_X, HEAD_PX, KERNEL_X, LABEL_CHARS, LEGEND_PX, LINE_X, NOTE_CHARS, NOTE_LINE_PX, PEER_X, ROW_PX, SLANT_PX,
  TIME_X, WIDTH, arrow, bracket, breakMark, esc, gapLabel, glyph, legend, n, stateClass, text,
} from './ladder-geometry.js';
import { layoutRows, yAt, type Layout, type Row } from './ladder-layout.js';
import { ladderModel, type LadderItem, type LadderModel, type Note } from './ladder-model.js';
import { clip, shortPacketLabel } from './packet-label.js';

/** A note's lines wrapped at spaces to fit its box. */
export function noteLines(note: Note): string[] {
  return note.lines.flatMap((line) => {
    const out: string[] = [];
    let rest = line;
    while (rest.length > NOTE_CHARS) {
      const at = rest.lastIndexOf(' ', NOTE_CHARS);
      const cut = at > NOTE_CHARS / 2 ? at : NOTE_CHARS;
      out.push(rest.slice(0, cut));
      rest = `  ${rest.slice(cut).trimStart()}`;
    }
    return [...out, rest];
  });
}

/** The room a row takes: its own, plus its note's lines. */
export function rowHeight(item: LadderItem): number {
  return item.note === undefined ? ROW_PX : ROW_PX + noteLines(item.note).length * NOTE_LINE_PX + 14;
}

function statusClass(item: LadderItem): string {
  return item.status === 'ok' ? '' : ` ${item.status}`;
}

function title(item: LadderItem): string {
  const at = formatSecs(item.atUsecs);
  const where = item.line === undefined ? '' : ` (line ${item.line})`;
  switch (item.kind) {
    case 'packet':
      return `${at} ${item.direction === 'inbound' ? '<' : '>'} ${item.text}${item.accounted ? where : ' (no script line accounted for it)'}`;
    case 'missing':
      return `expected by ${at}: > ${item.text}${where}; no such packet came`;
    case 'mark':
      return `${at} ${item.text}${where}`;
    case 'final':
      return `${at} state observed after the timeline`;
    default: {
      const never: never = item;
      return String(never);
    }
  }
}

/** The shapes of one row, anchored at y. */
function rowBody(item: LadderItem, y: number): string {
  switch (item.kind) {
    case 'packet': {
      const out = item.direction === 'outbound';
      const [x0, x1] = out ? [KERNEL_X, PEER_X] : [PEER_X, KERNEL_X];
      const cls = `arrow${item.accounted ? '' : ' stray'}`;
      const label = clip(shortPacketLabel(item.text), LABEL_CHARS);
      return arrow(x0, y, x1, y + SLANT_PX, cls) + text((KERNEL_X + PEER_X) / 2, y + SLANT_PX / 2 - 5, 'label', label);
    }
    case 'missing': {
      const label = clip(`expected ${shortPacketLabel(item.text)}: nothing came`, LABEL_CHARS);
      return arrow(KERNEL_X, y, PEER_X, y + SLANT_PX, 'arrow stray') + text((KERNEL_X + PEER_X) / 2, y + SLANT_PX / 2 - 5, 'label', label);
    }
    case 'mark':
      return glyph(item.event, y) + text(KERNEL_X + 12, y + 4, `mark ${item.event}`, clip(item.text, LABEL_CHARS + 4));
    case 'final':
      return text(KERNEL_X + 12, y + 4, 'final', item.text);
    default: {
      const never: never = item;
      return String(never);
    }
  }
}

/** A failure's words in a red box under its row. */
function noteBox(note: Note, y: number): string {
  const wrapped = noteLines(note);
  const h = wrapped.length * NOTE_LINE_PX + 8;
  const lines = wrapped.map((l, i) => text(KERNEL_X + 20, y + 14 + i * NOTE_LINE_PX, 'note-text', l)).join('');
  return `<g class="note"><rect x="${KERNEL_X + 12}" y="${n(y)}" width="${PEER_X - KERNEL_X - 24}" height="${n(h)}" rx="3"/>${lines}</g>`;
}

function rowSvg(item: LadderItem, top: number, rows: readonly Row[], layout: Layout): string {
  const y = top + ANCHOR_PX;
  const line = item.line === undefined ? '' : ` data-line="${item.line}"`;
  // Per-row text takes its anchor from the page's CSS: a run of 2,000 packets stays small.
  const gutter = (item.line === undefined ? '' : text(LINE_X, y + 4, 'ln', String(item.line))) + text(TIME_X, y + 4, 't', formatSecs(item.atUsecs));
  let extra = '';
  if (item.note !== undefined) {
    extra += noteBox(item.note, y + SLANT_PX + 8);
    const w = item.note.window;
    if (w !== undefined) {
      const y0 = HEAD_PX + ANCHOR_PX + yAt(rows, layout, w.fromUsecs);
      const y1 = HEAD_PX + ANCHOR_PX + yAt(rows, layout, w.toUsecs);
      extra += bracket(w.side, y0, y1, `expected between ${formatSecs(w.fromUsecs)} and ${formatSecs(w.toUsecs)} s`);
    }
  }
  return `<g class="row ${item.kind}${statusClass(item)}"${line}><title>${esc(title(item))}</title>${gutter}${rowBody(item, y)}${extra}</g>`;
}

function bandsSvg(model: LadderModel, ys: readonly number[], endY: number): string {
  return model.bands
    .map((b) => {
      const y0 = HEAD_PX + ANCHOR_PX + (ys[b.start] ?? 0);
      const y1 = b.end === undefined ? endY : HEAD_PX + ANCHOR_PX + (ys[b.end] ?? 0);
      const seen = b.lines.length === 0 ? 'after the timeline' : `after line${b.lines.length > 1 ? 's' : ''} ${b.lines.join(', ')}`;
      return (
        `<g class="band"><title>${esc(`${b.state}: sock_diag reported it ${seen}`)}</title>` +
        `<rect class="band-rect ${stateClass(b.state)}" x="${BAND_X}" y="${n(y0)}" width="${BAND_W}" height="${n(y1 - y0)}"/>` +
        text(BAND_X + BAND_W / 2, y0 + 13, 'band-label', b.state.replace(/^TCP_/, ''), 'middle') +
        '</g>'
      );
    })
    .join('');
}

function lifelines(layout: Layout, endY: number): string {
  const spans: [number, number][] = [];
  let from = HEAD_PX - 4;
  for (const c of layout.cuts) {
    spans.push([from, HEAD_PX + c.y0 + 10]);
    from = HEAD_PX + c.y1 + 6;
  }
  spans.push([from, endY]);
  const d = [KERNEL_X, PEER_X].flatMap((x) => spans.map(([a, b]) => `M${x} ${n(a)}V${n(b)}`)).join('');
  return `<path class="lifeline" d="${d}"/>`;
}

function heads(model: LadderModel): string {
  return (
    text(KERNEL_X, 18, 'who', 'kernel under test', 'middle') +
    text(KERNEL_X, 34, 'addr', model.local, 'middle') +
    text(PEER_X, 18, 'who', 'tcpdrill (peer)', 'middle') +
    text(PEER_X, 34, 'addr', model.remote, 'middle') +
    text(LINE_X, 56, 'col', 'line', 'end') +
    text(TIME_X, 56, 'col', 'time (s)', 'end') +
    text(BAND_X + BAND_W / 2, 56, 'col', 'state', 'middle')
  );
}

export function renderLadderSvg(r: ScriptResult): string {
  const model = ladderModel(r);
  const rows: Row[] = model.items.map((item) => ({ atUsecs: item.atUsecs, heightPx: rowHeight(item) }));
  const layout = layoutRows(rows);
  const endY = HEAD_PX + layout.heightPx + 8;
  const height = endY + LEGEND_PX + 8;
  const cuts = layout.cuts.map((c) => breakMark(HEAD_PX + c.y0 + 8, HEAD_PX + c.y1 + 8, gapLabel(c.gapUsecs))).join('');
  const body = model.items.map((item, i) => rowSvg(item, HEAD_PX + (layout.ys[i] ?? 0), rows, layout)).join('\n');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="ladder" width="${WIDTH}" height="${n(height)}" viewBox="0 0 ${WIDTH} ${n(height)}" role="img" aria-label="${esc(`ladder diagram of ${r.file}`)}">\n` +
    `${heads(model)}\n${bandsSvg(model, layout.ys, endY)}\n${lifelines(layout, endY)}\n${cuts}\n${body}\n${legend(endY + 18, model.items.some((i) => i.note?.window !== undefined))}\n</svg>`
  );
}
