// The hand-written fast path (descent.ts) against the grammar (parser.ts): on every corpus
// script the fast path either gives up, where the grammar reports a syntax error, or
// builds the same AST with the same builder diagnostics.
import t from 'tap';
import type { Diagnostic, Script } from '../../src/grammar/ast.js';
import { AstBuilder } from '../../src/grammar/build-ast.js';
import { parseFast } from '../../src/grammar/descent.js';
import { plainParser } from '../../src/grammar/parser.js';
import { LineIndex, Reporter } from '../../src/grammar/positions.js';
import { scanScript } from '../../src/grammar/scan.js';
import { grammarCorpus } from '../helpers/grammar-corpus.js';

function json(x: unknown): string {
  return JSON.stringify(x, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));
}

function build(text: string, parse: (b: AstBuilder) => Script | undefined): { script: Script | undefined; built: Diagnostic[] } {
  const lines = new LineIndex(text);
  const r = new Reporter('t.pkt', lines);
  return { script: parse(new AstBuilder(r, lines, 't.pkt')), built: r.list };
}

t.test('the fast path builds what the grammar builds, or gives up where it reports an error', async (t) => {
  let parsed = 0;
  let gaveUp = 0;
  for (const text of grammarCorpus()) {
    const tokens = scanScript(text);
    if (tokens === undefined) continue;
    let next = 0;
    const fast = build(text, (b) => parseFast({ next: () => tokens[next++] }, b));
    const slow = build(text, (b) => plainParser.get().parse(tokens, b));
    const syntaxError = plainParser.get().errors.length > 0;
    if (fast.script === undefined) {
      if (!syntaxError) t.fail(`fast path gave up on a script the grammar accepts: ${JSON.stringify(text)}`);
      gaveUp++;
    } else if (syntaxError) {
      t.fail(`fast path accepted a script with a syntax error: ${JSON.stringify(text)}`);
    } else {
      if (json(fast) !== json(slow)) t.same(fast, slow, JSON.stringify(text).slice(0, 200));
      parsed++;
    }
  }
  t.ok(parsed > 2000 && gaveUp > 2000, `both outcomes are exercised (${parsed} parsed, ${gaveUp} gave up)`);
});
