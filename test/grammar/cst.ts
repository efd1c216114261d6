// cst.d.ts is generated from the grammar and committed (style.md §c); it must match it.
// Regenerate: node --import=@tapjs/typescript/import test/grammar/cst.ts --write
import t from 'tap';
import { readFileSync, writeFileSync } from 'node:fs';
import { generateCstDts } from '../../src/grammar/chevrotain.js';
import { scriptParser } from '../../src/grammar/parser.js';

const path = new URL('../../src/grammar/cst.d.ts', import.meta.url);
const generated = generateCstDts(scriptParser.getGAstProductions());
if (process.argv.includes('--write')) writeFileSync(path, generated);

t.test('cst.d.ts is up to date', async (t) => {
  t.equal(readFileSync(path, 'utf8'), generated);
});
