// The hand-written fast path (fast-path.ts: scan.ts, token-stream.ts, descent.ts) against
// the grammar (Chevrotain's lexer and parser.ts): on every corpus script the fast path
// either gives up, where the grammar reports a lexical or syntax error, or builds the same
// AST with the same builder diagnostics and defines.
import t from 'tap';
import type { Diagnostic, Script } from '../../src/grammar/ast.js';
import { AstBuilder } from '../../src/grammar/build-ast.js';
import { definesOf, optionSectionEnd, substituteDefines } from '../../src/grammar/defines.js';
import { parseFastPath } from '../../src/grammar/fast-path.js';
import { plainParser } from '../../src/grammar/parser.js';
import { LineIndex, Reporter } from '../../src/grammar/positions.js';
import * as T from '../../src/grammar/tokens.js';
import { grammarCorpus } from '../helpers/grammar-corpus.js';

const CLI_DEFINES = new Map([['RES', '0'], ['N', '0x10'], ['S', '"reno"']]);

function json(x: unknown): string {
  return JSON.stringify(x, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));
}

/** The Chevrotain path without its recovery: undefined on any lexical or syntax error. */
function grammarParse(text: string, cli: ReadonlyMap<string, string> | undefined): { script: Script; built: Diagnostic[]; defines: [string, string][] } | undefined {
  const lexed = T.scriptLexer.tokenize(text);
  if (lexed.errors.length > 0 || lexed.tokens.some((tok) => tok.tokenType === T.CarriageReturn || tok.tokenType === T.Unterminated)) return undefined;
  const tokens = lexed.tokens;
  const defines = definesOf(tokens, optionSectionEnd((i) => tokens[i]), cli);
  substituteDefines(tokens, defines);
  const lines = new LineIndex(text);
  const r = new Reporter('t.pkt', lines);
  const parser = plainParser.get();
  const script = parser.parse(tokens, new AstBuilder(r, lines, 't.pkt'));
  return parser.errors.length > 0 || script === undefined ? undefined : { script, built: r.list, defines: [...defines] };
}

function attempt<R>(f: () => R): R | Error {
  try {
    return f();
  } catch (e) {
    return e instanceof Error ? e : new Error(String(e));
  }
}

t.test('the fast path builds what the grammar builds, or gives up where it reports an error', async (t) => {
  let parsed = 0;
  let gaveUp = 0;
  for (const text of grammarCorpus()) {
    const cli = text.includes('RES') ? CLI_DEFINES : undefined;
    // A script ending inside an option line (`--x =`) makes both read past the last token.
    const fast = attempt(() => parseFastPath(text, new LineIndex(text), 't.pkt', cli));
    const slow = attempt(() => grammarParse(text, cli));
    if (fast instanceof Error || slow instanceof Error) {
      t.equal(String(fast), String(slow), `both fail alike: ${JSON.stringify(text)}`);
    } else if (fast === undefined) {
      if (slow !== undefined) t.fail(`fast path gave up on a script the grammar accepts: ${JSON.stringify(text)}`);
      gaveUp++;
    } else if (slow === undefined) {
      t.fail(`fast path accepted a script the grammar rejects: ${JSON.stringify(text)}`);
    } else {
      const got = { script: fast.script, built: fast.built, defines: [...fast.defines] };
      if (json(got) !== json(slow)) t.same(got, slow, JSON.stringify(text).slice(0, 200));
      parsed++;
    }
  }
  t.ok(parsed > 1000 && gaveUp > 1000, `both outcomes are exercised (${parsed} parsed, ${gaveUp} gave up)`);
});
