// The ladder diagram's fixed geometry and the SVG shapes it is drawn with
// (issue 13). Hand-written SVG: a few path commands are all a ladder needs.

import { xmlEscape } from './junit.js';

/** Columns, left to right: script line, time, state band, kernel lifeline, arrows, peer lifeline. */
export const LINE_X = 30;
export const TIME_X = 100;
export const BAND_X = 110;
export const BAND_W = 106;
export const KERNEL_X = 222;
export const PEER_X = 740;
export const WIDTH = 850;
/** Lifeline titles and column heads. */
export const HEAD_PX = 66;
/** Every row's own room; a row with a note gets more. */
export const ROW_PX = 26;
/** Where in its row an arrow starts or a mark sits. */
export const ANCHOR_PX = 16;
/** Send and receive on a TUN device are one instant: the slant is drawn, not measured. */
export const SLANT_PX = 12;
export const NOTE_LINE_PX = 15;
/** Characters of monospace text that fit between the lifelines. */
export const LABEL_CHARS = 76;
/** Characters of a failure note's line inside its box. */
export const NOTE_CHARS = 70;
export const LEGEND_PX = 40;

/** Numbers in SVG attributes: one decimal is finer than a pixel. */
export function n(v: number): string {
  return String(Math.round(v * 10) / 10);
}

export const esc = xmlEscape;

export function text(x: number, y: number, cls: string, content: string, anchor?: 'middle' | 'end'): string {
  const a = anchor === undefined ? '' : ` text-anchor="${anchor}"`;
  return `<text x="${n(x)}" y="${n(y)}" class="${cls}"${a}>${esc(content)}</text>`;
}

/** A straight arrow from (x0,y0) to (x1,y1) with a filled head at the end. */
export function arrow(x0: number, y0: number, x1: number, y1: number, cls: string): string {
  const len = Math.hypot(x1 - x0, y1 - y0) || 1;
  const ux = (x1 - x0) / len;
  const uy = (y1 - y0) / len;
  const bx = x1 - ux * 10;
  const by = y1 - uy * 10;
  const head = `M${n(x1)} ${n(y1)}L${n(bx - uy * 4)} ${n(by + ux * 4)}L${n(bx + uy * 4)} ${n(by - ux * 4)}Z`;
  return `<path class="${cls}" d="M${n(x0)} ${n(y0)}L${n(bx)} ${n(by)}"/><path class="${cls} head" d="${head}"/>`;
}

/** A mark's glyph on the kernel lifeline, by event kind. */
export function glyph(kind: string, y: number): string {
  const x = KERNEL_X;
  switch (kind) {
    case 'state':
      return `<path class="glyph" d="M${x} ${n(y - 5)}l5 5l-5 5l-5 -5Z"/>`;
    case 'command':
    case 'code':
      return `<circle class="glyph" cx="${x}" cy="${n(y)}" r="4.5"/>`;
    default:
      return `<rect class="glyph" x="${x - 4}" y="${n(y - 4)}" width="8" height="8"/>`;
  }
}

/** A break mark across both lifelines, with the gap's length. */
export function breakMark(y0: number, y1: number, label: string): string {
  const mid = (y0 + y1) / 2;
  const zig = (x: number): string => `M${x - 10} ${n(mid + 3)}l5 -6l5 6l5 -6l5 6`;
  return (
    `<g class="cut"><path d="${zig(KERNEL_X)}${zig(PEER_X)}"/>` +
    text((KERNEL_X + PEER_X) / 2, mid + 4, 'cut-label', label, 'middle') +
    '</g>'
  );
}

/**
 * A timing failure's expected window as a bracket on the sender's lifeline,
 * outside the arrows: left of the kernel's (over the state band), right of the peer's.
 */
export function bracket(side: 'kernel' | 'peer', y0: number, y1: number, title: string): string {
  const x = side === 'kernel' ? KERNEL_X - 6 : PEER_X + 6;
  const tick = side === 'kernel' ? -6 : 6;
  const top = Math.min(y0, y1 - 6);
  return `<g class="window"><title>${esc(title)}</title><path d="M${x + tick} ${n(top)}h${-tick}V${n(y1)}h${tick}"/></g>`;
}

/** `TCP_FIN_WAIT1` → `st-fin-wait1`, the band's colour class. */
export function stateClass(state: string): string {
  return `st-${state.replace(/^TCP_/, '').toLowerCase().replace(/_/g, '-')}`;
}

/** A gap's length for a break mark: `59.8 s`, `120 ms`. */
export function gapLabel(usecs: number): string {
  if (usecs >= 10e6) return `${(usecs / 1e6).toFixed(1)} s later`;
  if (usecs >= 1e6) return `${(usecs / 1e6).toFixed(2)} s later`;
  return `${(usecs / 1e3).toFixed(0)} ms later`;
}

/** What solid, dashed, the bands and (when drawn) the bracket mean. */
export function legend(y: number, window: boolean): string {
  const x = KERNEL_X;
  const bracketKey = window ? `<path class="window-key" d="M${x + 278} ${n(y + 12)}h6V${n(y + 24)}h-6"/>${text(x + 292, y + 22, 'legend-text', 'expected time window')}` : '';
  return (
    `<g class="legend">` +
    arrow(x, y, x + 40, y, 'arrow') +
    text(x + 48, y + 4, 'legend-text', 'packet a script line accounted for') +
    arrow(x + 272, y, x + 312, y, 'arrow stray') +
    text(x + 320, y + 4, 'legend-text', 'no line accounted for') +
    `<rect x="${BAND_X}" y="${n(y + 12)}" width="${BAND_W}" height="12" class="band-rect st-established"/>` +
    text(x + 6, y + 22, 'legend-text', 'TCP state as sock_diag reported it') +
    bracketKey +
    '</g>'
  );
}
