// The grammar (parser*.ts) passes Chevrotain's own checks: no ambiguous alternatives within
// the lookahead, no left recursion, no empty alternatives but the last. parseScript skips
// them for start-up time, so they run here.
import t from 'tap';
import { ScriptParser } from '../../src/grammar/parser.js';

t.test("the grammar passes Chevrotain's checks", async (t) => {
  t.doesNotThrow(() => new ScriptParser({ validate: true }));
});

const parser = new ScriptParser({ validate: false });

t.test('statements begin with a time, an option or a command', async (t) => {
  const names = [...parser.statementStarters()].map((type) => type.name).sort();
  t.same(names, ['BackQuoted', 'Float', 'Integer', 'OptionName', 'Plus', 'Star']);
});
