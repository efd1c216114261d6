// TCP flags words (script-language.md §4.2).
import t from 'tap';
import { decodeFlags } from '../../src/grammar/flags.js';

const good = [
  ['S', 0x002, undefined], ['S.', 0x012, undefined], ['.', 0x010, undefined], ['-', 0, undefined],
  ['FP.', 0x019, undefined], ['SEW', 0x0c2, undefined], ['RA', 0x104, undefined], ['U.', 0x030, undefined],
  ['.5', 0x150, 5], ['S.4', 0x112, 4], ['S0', 0x002, undefined], ['7', 0x1c0, 7],
] as const;
const bad = [
  ['Q', "'Q' is not a TCP flag letter"], ['.S', "'.' must be the last character"],
  ['E5', 'cannot be combined with E, W or A'], ['S12', 'only one ACE digit'], ['8', "'8' is not a TCP flag letter"],
] as const;

t.test('valid flags words', async (t) => {
  for (const [text, bits, ace] of good) t.same(decodeFlags(text), { ok: true, bits, ace }, text);
});
t.test('invalid flags words say why', async (t) => {
  for (const [text, reason] of bad) t.match(decodeFlags(text), { ok: false, reason: new RegExp(reason.replace(/[.()']/g, '.')) }, text);
});
