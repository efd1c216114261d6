// resync.ts on long scripts: an error far down is found once, where it is, and parsing
// stops after MAX_SYNTAX_ERRORS.
import t from 'tap';
import { parseScript } from '../../src/grammar/index.js';
import { MAX_SYNTAX_ERRORS } from '../../src/grammar/resync.js';

const SOCK = '0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n';
// A statement over two lines, the second starting with a number, which could begin one.
const SPLIT = '+0 write(3, ...,\n10) = 10\n';

t.test('an error far down a long script is found once, where it is', async (t) => {
  const text = `${SOCK}${SPLIT.repeat(2500)}+0 write(3, ...,\n10) 10\n${SPLIT.repeat(500)}`;
  const got = parseScript(text, 't.pkt').diagnostics.map((d) => `${d.line}:${d.col}: ${d.message}`);
  t.same(got, ["5003:5: expected '= result' (a system call needs one, e.g. '= 0') but found '10'"]);
});

t.test('parsing stops after so many syntax errors', async (t) => {
  const r = parseScript(SOCK + '+0 bind(3, ..., ...)\n'.repeat(MAX_SYNTAX_ERRORS + 50), 't.pkt');
  t.equal(r.diagnostics.length, MAX_SYNTAX_ERRORS + 1);
  t.match(r.diagnostics.at(-1), { line: MAX_SYNTAX_ERRORS + 2, col: 1, message: `stopped after ${MAX_SYNTAX_ERRORS} syntax errors: the rest of the script is not checked` });
});
