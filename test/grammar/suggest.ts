// didYouMean / nearest: the candidate within one edit per four characters, ignoring case,
// a swap of neighbours counting as one edit; nothing for short or far words.
import t from 'tap';
import { didYouMean, nearest } from '../../src/grammar/suggest.js';

t.test('near words are suggested', async (t) => {
  t.equal(nearest('wscal', ['mss', 'wscale', 'sack']), 'wscale', 'one deletion');
  t.equal(nearest('sokcet', ['socket', 'bind']), 'socket', 'one swap');
  t.equal(nearest('sackok', ['sack', 'sackOK']), 'sackOK', 'case only');
  t.equal(nearest('TCP_CLOSNG', ['TCP_CLOSE', 'TCP_CLOSING']), 'TCP_CLOSING', 'the nearest of two near ones');
  t.equal(nearest('TCP_CLSOING', ['TCP_CLOSING']), 'TCP_CLOSING');
  t.equal(didYouMean('wscal', ['wscale']), "; did you mean 'wscale'?");
});

t.test('far, short or identical words are not', async (t) => {
  t.equal(nearest('wscl', ['wscale']), undefined, 'two edits in four characters');
  t.equal(nearest('SO_NOPE', ['SO_TYPE']), undefined, 'two edits in seven characters');
  t.equal(nearest('tc', ['TS']), undefined, 'under three characters');
  t.equal(nearest('win', ['win']), undefined, 'the word itself');
  t.equal(didYouMean('zzzzzz', ['socket']), '');
});
