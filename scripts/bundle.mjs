// Build step after tsc (`npm run build`): tcpdrill's two processes as one
// CommonJS bundle each, and their V8 code caches, primed by starting each the
// way tcpdrill starts it (src/code-cache.cts says why):
// - the CLI, dist/cli/main.bundle.cjs, loaded by dist/cli/start.cjs;
// - the child that runs a script, dist/runner/suite/child.bundle.cjs, loaded by
//   dist/runner/suite/child-start.cjs;
// and, without a cache (Node compiles it lazily in 1–2 ms), the few modules that
// start a `run`'s first child before the CLI loads, dist/cli/first-child.bundle.cjs.
// koffi stays outside: a native module loads from node_modules.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');

/**
 * CommonJS has no import.meta. Each module's own URL (the worker's file beside
 * blocking-thread.js, package.json two folders above cli/version.js) is made
 * from the bundle's __dirname and the module's place relative to it, so a
 * bundle holds no path of the machine that built it.
 */
const importMetaUrl = (bundleDir) => ({
  name: 'import-meta-url',
  setup(b) {
    b.onLoad({ filter: /\.js$/ }, async ({ path }) => {
      const text = await readFile(path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      const rel = JSON.stringify(relative(bundleDir, path));
      const url = `require('node:url').pathToFileURL(require('node:path').join(__dirname, ${rel})).href`;
      return { contents: text.replaceAll('import.meta.url', url), loader: 'js' };
    });
  },
});

/**
 * grammar/chevrotain.js loads Chevrotain's one-file build with a top-level
 * await, which CommonJS cannot hold; the bundle takes that same file in
 * statically (the package's own entry would pull in lodash-es module by module).
 */
const chevrotainBuild = {
  name: 'chevrotain-build',
  setup(b) {
    const file = join(dirname(createRequire(import.meta.url).resolve('chevrotain')), '..', 'chevrotain.min.mjs');
    b.onLoad({ filter: /[\\/]grammar[\\/]chevrotain\.js$/ }, () => ({ contents: `export * from ${JSON.stringify(file)};`, loader: 'js' }));
  },
};

async function bundle(entry, outfile, plugins) {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['koffi'],
    // Ahead of importMetaUrl: the first plugin that loads a file decides its contents.
    plugins: [...plugins, importMetaUrl(dirname(outfile))],
    logLevel: 'warning',
  });
  const { cacheFileOf } = await import(join(dist, 'code-cache.cjs'));
  await rm(cacheFileOf(outfile), { force: true });
  return cacheFileOf(outfile);
}

/** Starts argv; `check(stdout)` says whether it left the cache it was to write. */
function primed(what, argv, check) {
  const r = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', cwd: root, env: { ...process.env, NODE_OPTIONS: '' } });
  if (r.status !== 0 || !check(r.stdout)) {
    console.error(`bundle: priming the ${what}'s code cache failed (exit ${r.status}): ${r.stdout}${r.stderr}`);
    process.exit(1);
  }
}

const suite = join(dist, 'runner', 'suite');
const childCache = await bundle(join(suite, 'child.js'), join(suite, 'child.bundle.cjs'), []);
primed('child', [process.execPath, join(suite, 'child-start.cjs'), '--code-cache'], (out) => out.startsWith('absent\n') && existsSync(childCache));

await bundle(join(dist, 'cli', 'first-child.js'), join(dist, 'cli', 'first-child.bundle.cjs'), []);
const cliCache = await bundle(join(dist, 'cli', 'main.js'), join(dist, 'cli', 'main.bundle.cjs'), [chevrotainBuild]);
primed('CLI', [join(root, 'bin', 'tcpdrill'), 'check', join(root, 'fixtures', 'handshake', 'passive-open.pkt')], () => existsSync(cliCache));
