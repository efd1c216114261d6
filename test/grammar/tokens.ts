// The lexer (tokens.ts) at the edges of its tokens: longest match, keywords that fall back
// to words, addresses against sequence ranges (script-language.md §2).
import t from 'tap';
import * as T from '../../src/grammar/tokens.js';

const names = (text: string): string[] => T.scriptLexer.tokenize(text).tokens.map((tok) => tok.tokenType.name);

t.test('tokens at their edges', async (t) => {
  const cases: readonly (readonly [string, readonly string[]])[] = [
    ['1state 0x1g 0x1f 0xg', ['Word', 'Word', 'HexInteger', 'Word']],
    ['-.5 -1 -x --opt -- ...', ['Float', 'Integer', 'Minus', 'Word', 'OptionName', 'Minus', 'Minus', 'Ellipsis']],
    ['1.2.3.4 1.2.3 fd3d::1 1:2 ::1 ab:cd::', ['Ipv4Addr', 'Float', 'Float', 'Ipv6Addr', 'Integer', 'Colon', 'Integer', 'Ipv6Addr', 'Ipv6Addr']],
    ['sequence# sequence seqX Flags GREv0 GREv01', ['Kw_sequenceHash', 'Word', 'Word', 'Kw_flags', 'Kw_gre', 'Word']],
    ['/* c */ // d\n"a\\"b" `c` %{ }%', ['StringLit', 'BackQuoted', 'Code']],
    ['"open /* open %{ open', ['Unterminated']],
    ['x\r\n', ['Word', 'CarriageReturn']],
  ];
  for (const [text, want] of cases) t.same(names(text), want, text);
});

t.test('characters outside the language are lexing errors', async (t) => {
  for (const bad of ['a # b', '%', '/', 'é']) t.ok(T.scriptLexer.tokenize(bad).errors.length > 0, JSON.stringify(bad));
});

t.test("the token definitions pass Chevrotain's checks (skipped at run time)", async (t) => {
  t.doesNotThrow(() => T.newLexer({ validate: true }));
});
