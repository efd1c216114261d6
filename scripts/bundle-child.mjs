// Build step after tsc (`npm run build`): the child's modules as one CommonJS
// bundle, dist/runner/suite/child.bundle.cjs, and its V8 code cache, primed by
// starting the child entry with its own Node options (src/runner/suite/code-cache.ts
// says why). koffi stays outside: a native module loads from node_modules.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const suite = join(root, 'dist', 'runner', 'suite');
const bundle = join(suite, 'child.bundle.cjs');

/**
 * CommonJS has no import.meta. Each module's own URL (the worker's file sits
 * beside blocking-thread.js, tcpdrill's root is three folders above child.js) is
 * made from the bundle's __dirname and the module's place relative to it, so the
 * bundle holds no path of the machine that built it.
 */
const importMetaUrl = {
  name: 'import-meta-url',
  setup(b) {
    b.onLoad({ filter: /\.js$/ }, async ({ path }) => {
      const text = await readFile(path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      const rel = JSON.stringify(relative(suite, path));
      const url = `require('node:url').pathToFileURL(require('node:path').join(__dirname, ${rel})).href`;
      return { contents: text.replaceAll('import.meta.url', url), loader: 'js' };
    });
  },
};

await build({
  entryPoints: [join(suite, 'child.js')],
  outfile: bundle,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['koffi'],
  plugins: [importMetaUrl],
  logLevel: 'warning',
});

const { CHILD_NODE_FLAGS } = await import(join(suite, 'launch.js'));
const { cacheFileOf } = await import(join(suite, 'code-cache.cjs'));
await rm(cacheFileOf(bundle), { force: true });
const primed = spawnSync(process.execPath, [...CHILD_NODE_FLAGS, join(suite, 'child-start.cjs'), '--code-cache'], { encoding: 'utf8' });
if (primed.status !== 0 || primed.stdout.trim() !== 'absent') {
  console.error(`bundle-child: priming the code cache failed (exit ${primed.status}): ${primed.stdout}${primed.stderr}`);
  process.exit(1);
}
