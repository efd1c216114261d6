// The grammar (parser*.ts) passes Chevrotain's own checks: no ambiguous alternatives within
// the lookahead, no left recursion, no empty alternatives but the last. parseScript skips
// them for start-up time, so they run here. And the fact resync.ts cuts windows by: a
// complete statement never continues with a token that can begin a statement.
import t from 'tap';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LineIndex, Reporter } from '../../src/grammar/positions.js';
import { AstBuilder } from '../../src/grammar/build-ast.js';
import { LexicalErrors } from '../../src/grammar/lexical-errors.js';
import { ScriptParser } from '../../src/grammar/parser.js';
import * as T from '../../src/grammar/tokens.js';

t.test("the grammar passes Chevrotain's checks", async (t) => {
  t.doesNotThrow(() => new ScriptParser({ validate: true }));
});

const parser = new ScriptParser({ validate: false });

t.test('statements begin with a time, an option or a command', async (t) => {
  const names = [...parser.statementStarters()].map((type) => type.name).sort();
  t.same(names, ['BackQuoted', 'Float', 'Integer', 'OptionName', 'Plus', 'Star']);
});

const FIXTURES = fileURLToPath(new URL('../../fixtures', import.meta.url));
const pkts = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? pkts(join(dir, e.name)) : e.name.endsWith('.pkt') ? [join(dir, e.name)] : []));

t.test('no complete statement of the fixtures could continue with a token that begins one', async (t) => {
  const starters = parser.statementStarters();
  let statements = 0;
  for (const file of pkts(FIXTURES)) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const tokens = T.scriptLexer.tokenize(line).tokens;
      if (tokens.length === 0) continue;
      const lines = new LineIndex(line);
      if (parser.parseStatements(tokens, new AstBuilder(new Reporter('t.pkt', lines), new LexicalErrors([], false))) !== undefined) continue;
      statements++;
      const next = parser.computeContentAssist('statement', tokens).map((p) => p.nextTokenType);
      const continuing = next.filter((type) => starters.has(type)).map((type) => type.name);
      t.same(continuing, [], `${file}: ${line}`);
    }
  }
  t.ok(statements > 500, `${statements} statements`);
});

t.test('the check sees continuations: an unfinished statement continues with a number', async (t) => {
  const after = (text: string): string[] => parser.computeContentAssist('statement', T.scriptLexer.tokenize(text).tokens).map((p) => p.nextTokenType.name);
  t.ok(after('+0 write(3, ...,').includes('Integer'));
  t.ok(after('+0 close(3) = -1').includes('Word'), 'an errno may follow a result');
});
