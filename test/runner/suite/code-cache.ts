// The child's bundle is compiled through V8's code cache (code-cache.cts): a cache
// is written when there is none or V8 refuses it, and taken when it fits.
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import codeCache from '../../../src/runner/suite/code-cache.cjs';
import { CHILD_NODE_FLAGS } from '../../../src/runner/suite/launch.js';
import { root } from '../../helpers/cli.js';
import { DIST_READY } from '../../helpers/namespace.js';

// A CommonJS module, whose named exports tap's TypeScript loader does not expose.
const { cacheFileOf, compileCached } = codeCache;

t.test('a cache is written, then used; a changed bundle gets a new one', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tcpdrill-code-cache-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const bundle = join(dir, 'b.cjs');
  const source = (n: number): string => `module.exports.answer = ${n} + require('node:path').basename(__filename).length;`;
  writeFileSync(bundle, source(1));
  const first = compileCached(bundle);
  t.equal(first.cache, 'absent');
  t.ok(existsSync(cacheFileOf(bundle)), 'written');
  t.equal(compileCached(bundle).cache, 'used');
  writeFileSync(bundle, source(22));
  t.equal(compileCached(bundle).cache, 'rejected', 'the old cache does not fit the new source');
  t.equal(compileCached(bundle).cache, 'used', 'and was written anew');
});

t.test('a bundle runs as a CommonJS module, with require and __filename', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tcpdrill-code-cache-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const bundle = join(dir, 'b.cjs');
  writeFileSync(bundle, `globalThis.__codeCacheTest = require('node:path').basename(__filename) + ' ' + typeof module.exports;`);
  compileCached(bundle).run();
  t.equal((globalThis as { __codeCacheTest?: string }).__codeCacheTest, 'b.cjs object');
});

t.test('the built child takes the cache the build primed', { skip: !DIST_READY && 'npm run build first' }, async (t) => {
  const entry = join(root, 'dist', 'runner', 'suite', 'child-start.cjs');
  const r = spawnSync(process.execPath, [...CHILD_NODE_FLAGS, entry, '--code-cache'], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  t.equal(r.status, 0, r.stderr);
  t.equal(r.stdout.trim(), 'used', 'V8 took the cache: the child compiles nothing of ours at start-up');
});
