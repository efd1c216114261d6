// Arrow labels of a ladder diagram: the packet in script notation, with its
// option list shortened so a label fits between two lifelines. The full text
// stays available (SVG <title>, the text ladder's -v trace).

/** Long option words and what a label shows instead; `nop` and `eol` are padding and dropped. */
const SHORT: readonly (readonly [RegExp, string])[] = [
  [/^TS val \d+ ecr \d+$/, 'TS'],
  [/^wscale (\d+)$/, 'ws $1'],
  [/^md5 [0-9a-f]+$/, 'md5'],
  [/^(FO|FOEXP) [0-9a-f]+$/, '$1'],
];

function shortOption(word: string): string | undefined {
  if (word === 'nop' || word === 'eol') return undefined;
  for (const [re, to] of SHORT) if (re.test(word)) return word.replace(re, to);
  return word;
}

/** `S. 0:0(0) ack 1 win 64240 <mss 1460,nop,nop,sackOK,nop,wscale 10>` → `… <mss 1460,sackOK,ws 10>`. */
export function shortPacketLabel(text: string): string {
  return text.replace(/<([^<>]*)>/g, (whole, list: string) => {
    if (list === '...') return whole;
    const kept = list.split(',').map((w) => shortOption(w.trim())).filter((w): w is string => w !== undefined);
    return kept.length === 0 ? '' : `<${kept.join(',')}>`;
  }).trimEnd();
}

/** Cuts `s` to at most `max` characters, ending in an ellipsis when cut. */
export function clip(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

/** An event's source line without its time column: `+0  accept(3, ..., ...) = 4` → `accept(3, ..., ...) = 4`. */
export function withoutTime(source: string): string {
  return source.trim().replace(/^[-+*\d.~]+(?:\.\.\.[-+\d.]+)?\s+/, '');
}
