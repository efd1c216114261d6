// parseScript over a corpus of valid, broken and mutated scripts (test/helpers/grammar-corpus.ts):
// it never fails inside (an internal error) and every diagnostic points into the text.
import t from 'tap';
import { parseScript } from '../../src/grammar/index.js';
import { grammarCorpus } from '../helpers/grammar-corpus.js';

const CLI_DEFINES = new Map([['RES', '0'], ['N', '0x10'], ['S', '"reno"']]);

t.test('every corpus script gets positioned diagnostics and no internal error', async (t) => {
  let broken = 0;
  let scripts = 0;
  for (const text of grammarCorpus()) {
    scripts++;
    const { diagnostics } = parseScript(text, 't.pkt', text.includes('RES') ? { defines: CLI_DEFINES } : {});
    const lines = text.split('\n');
    for (const d of diagnostics) {
      const inText = d.line >= 1 && d.line <= lines.length && d.col >= 1 && d.col <= lines[d.line - 1]!.length + 1;
      if (d.message.startsWith('internal error') || !inText) t.fail(`${d.line}:${d.col}: ${d.message} in ${JSON.stringify(text).slice(0, 300)}`);
    }
    if (diagnostics.length > 0) broken++;
  }
  t.ok(broken > 1000 && scripts - broken > 1000, `both outcomes are exercised (${scripts - broken} clean, ${broken} with diagnostics)`);
});
