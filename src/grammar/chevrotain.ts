// Chevrotain's runtime, loaded from its self-contained ESM bundle. Why: the package's
// "import" entry (lib/src/api.js) pulls in lodash-es module by module, which costs ~280 ms
// of start-up on these machines — most of the 300 ms budget of `tcpdrill check`. The
// bundle (lib/chevrotain.min.mjs, shipped in the package's "files") exports the same API
// and loads in ~5 ms. Types still come from the package itself.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

type Chevrotain = typeof import('chevrotain');

const entry = createRequire(import.meta.url).resolve('chevrotain');
const bundle = join(dirname(entry), '..', 'chevrotain.min.mjs');
const chevrotain = (await import(pathToFileURL(bundle).href)) as Chevrotain;

export const { createToken, Lexer, EmbeddedActionsParser, EOF, tokenMatcher } = chevrotain;
