// kindOf: a token becomes the name its group gives it, and a token outside the group is an
// internal error, never a silent default (style.md §c).
import t from 'tap';
import { BLOB_OPTIONS, ECN_MARKERS, kindOf } from '../../src/grammar/token-kinds.js';
import * as T from '../../src/grammar/tokens.js';

const token = (text: string) => T.scriptLexer.tokenize(text).tokens[0]!;

t.test('each member of a group is named', async (t) => {
  t.equal(kindOf(token('ect01'), ECN_MARKERS), 'ect01');
  t.equal(kindOf(token('ce'), ECN_MARKERS), 'ce');
  t.equal(kindOf(token('FOEXP'), BLOB_OPTIONS), 'fastopenExp');
  t.equal(kindOf(token('FO'), BLOB_OPTIONS), 'fastopen');
});

t.test('a token outside the group is an error', async (t) => {
  t.throws(() => kindOf(token('sackOK'), ECN_MARKERS), /'sackOK' \(Kw_sackOK\) where only noecn, ect0, ect1, ect01, ce can occur/);
  t.throws(() => kindOf(token('cex'), ECN_MARKERS), /'cex' \(Word\)/);
});
