// Bundles are compiled through V8's code cache (code-cache.cts): a cache is
// written when there is none or V8 refuses it, and taken when it fits.
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import codeCache from '../src/code-cache.cjs';
import { root } from './helpers/cli.js';
import { DIST_READY } from './helpers/namespace.js';

// A CommonJS module, whose named exports tap's TypeScript loader does not expose.
const { cacheFileOf, compileCached } = codeCache;

t.test('a cache is written when asked, then used; a changed bundle gets a new one', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tcpdrill-code-cache-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const bundle = join(dir, 'b.cjs');
  const source = (n: number): string => `module.exports.answer = ${n} + require('node:path').basename(__filename).length;`;
  const compileAndSave = (): string => {
    const c = compileCached(bundle);
    c.save();
    return c.cache;
  };
  writeFileSync(bundle, source(1));
  t.equal(compileCached(bundle).cache, 'absent');
  t.notOk(existsSync(cacheFileOf(bundle)), 'nothing written unless saved');
  t.equal(compileAndSave(), 'absent');
  t.ok(existsSync(cacheFileOf(bundle)), 'written');
  t.equal(compileAndSave(), 'used');
  writeFileSync(bundle, source(22));
  t.equal(compileAndSave(), 'rejected', 'the old cache does not fit the new source');
  t.equal(compileAndSave(), 'used', 'and was written anew');
});

// In a fresh process: Node's module list there says what was loaded when.
// Loaded by compileCached itself, before it sets the flags (code-cache.cts says why).
t.test("a bundle's Node built-ins load as it is compiled, its own modules when it runs; its V8 flags are set", { skip: !DIST_READY && 'npm run build first' }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tcpdrill-code-cache-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const bundle = join(dir, 'b.cjs');
  writeFileSync(join(dir, 'own.cjs'), 'module.exports = 1;');
  writeFileSync(bundle, 'require("node:dgram"); require("readline"); require("./own.cjs");');
  const probe = [
    `const { compileCached } = require(${JSON.stringify(join(root, 'dist', 'code-cache.cjs'))});`,
    `const { runInNewContext } = require('node:vm');`,
    `const loaded = (name) => process.moduleLoadList.includes('NativeModule ' + name);`,
    `const c = compileCached(${JSON.stringify(bundle)}, ['--expose-gc']);`,
    `const own = () => Object.keys(require.cache).some((f) => f.endsWith('own.cjs'));`,
    `console.log(loaded('dgram'), loaded('readline'), own(), typeof runInNewContext('gc'));`,
    `c.run();`,
    `console.log(own());`,
  ].join('\n');
  const r = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  t.equal(r.status, 0, r.stderr);
  t.equal(r.stdout, 'true true false function\ntrue\n', 'dgram and readline at compile, gc exposed by the flag, the own module only when run');
});

t.test('a bundle runs as a CommonJS module, with require and __filename', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tcpdrill-code-cache-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const bundle = join(dir, 'b.cjs');
  writeFileSync(bundle, `module.exports.seen = require('node:path').basename(__filename) + ' ' + typeof exports;`);
  t.same(compileCached(bundle).run(), { seen: 'b.cjs object' });
});

t.test('the CLI takes the cache the build primed, and leaves it as it is', { skip: !DIST_READY && 'npm run build first' }, async (t) => {
  const cache = cacheFileOf(join(root, 'dist', 'cli', 'main.bundle.cjs'));
  const before = statSync(cache).mtimeMs;
  const r = spawnSync(join(root, 'bin', 'tcpdrill'), ['check', join(root, 'fixtures', 'handshake', 'passive-open.pkt')], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  t.equal(r.status, 0, r.stderr);
  t.equal(statSync(cache).mtimeMs, before, 'V8 took it: a refused cache would have been written anew');
});
