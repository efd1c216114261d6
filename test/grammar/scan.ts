// scanScript against Chevrotain's lexer, its definition: the same tokens wherever the lexer
// reports nothing, and no tokens (give up) wherever it reports something.
import t from 'tap';
import { scanScript } from '../../src/grammar/scan.js';
import * as T from '../../src/grammar/tokens.js';
import { grammarCorpus } from '../helpers/grammar-corpus.js';

/** Whether Chevrotain's lexer output leads to a lexical diagnostic (index.ts). */
function lexerComplains(r: ReturnType<typeof T.scriptLexer.tokenize>): boolean {
  return r.errors.length > 0 || r.tokens.some((tok) => tok.tokenType === T.CarriageReturn || tok.tokenType === T.Unterminated);
}

t.test('the scanner makes the lexer\'s tokens or gives up where the lexer complains', async (t) => {
  let scanned = 0;
  let gaveUp = 0;
  for (const text of grammarCorpus()) {
    const lexed = T.scriptLexer.tokenize(text);
    const fast = scanScript(text);
    if (lexerComplains(lexed)) {
      if (fast !== undefined) t.fail(`scanner accepted what the lexer rejects: ${JSON.stringify(text)}`);
      gaveUp++;
    } else if (fast === undefined) {
      t.fail(`scanner gave up on a clean script: ${JSON.stringify(text)}`);
    } else {
      if (JSON.stringify(fast) !== JSON.stringify(lexed.tokens)) t.same(fast, lexed.tokens, JSON.stringify(text).slice(0, 200));
      scanned++;
    }
  }
  t.ok(scanned > 2000 && gaveUp > 200, `both outcomes are exercised (${scanned} scanned, ${gaveUp} gave up)`);
});

t.test('tokens at their edges', async (t) => {
  const cases: readonly (readonly [string, readonly string[]])[] = [
    ['1state 0x1g 0x1f 0xg', ['Word', 'Word', 'HexInteger', 'Word']],
    ['-.5 -1 -x --opt -- ...', ['Float', 'Integer', 'Minus', 'Word', 'OptionName', 'Minus', 'Minus', 'Ellipsis']],
    ['1.2.3.4 1.2.3 fd3d::1 1:2 ::1 ab:cd::', ['Ipv4Addr', 'Float', 'Float', 'Ipv6Addr', 'Integer', 'Colon', 'Integer', 'Ipv6Addr', 'Ipv6Addr']],
    ['sequence# sequence seqX Flags GREv0 GREv01', ['Kw_sequenceHash', 'Word', 'Word', 'Kw_flags', 'Kw_gre', 'Word']],
    ['/* c */ // d\n"a\\"b" `c` %{ }%', ['StringLit', 'BackQuoted', 'Code']],
  ];
  for (const [text, names] of cases) {
    t.same(scanScript(text)?.map((tok) => tok.tokenType.name), names, text);
    t.same(scanScript(text), T.scriptLexer.tokenize(text).tokens, `${text}: same tokens as the lexer`);
  }
  for (const bad of ['a # b', 'x\r\n', '"open', '/* open', '%{ open', '`open', '%', '/', 'é']) {
    t.equal(scanScript(bad), undefined, JSON.stringify(bad));
  }
});
