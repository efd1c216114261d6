// tcpdrill's two processes load their code as one CommonJS bundle each, compiled
// through V8's code cache (issue 14): the CLI (cli/start.cts) and the child that
// runs a script (runner/suite/child-start.cts). Node 20 gives ES modules no code
// cache, and its ES module loader resolves, reads, links and compiles modules
// one by one: the child's 94 took 120 ms of its start-up, against 47 ms from the
// bundle, and a `check` took 249 ms against 155 (BENCHMARKS.md). scripts/bundle.mjs writes the bundles at build time and
// primes their caches; a cache V8 refuses (another Node, other flags, a rebuilt
// bundle) is written anew by the next process, so a stale one costs one start-up,
// not every one.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import { dirname } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { Script } from 'node:vm';

/** What became of the cache: V8 took it, refused it, or there was none. */
export type CacheUse = 'used' | 'rejected' | 'absent';

export interface Compiled {
  readonly cache: CacheUse;
  /** Evaluates the bundle, as Node evaluates a CommonJS module; its exports. */
  readonly run: () => unknown;
  /**
   * Writes a cache when V8 had none it could take. It holds every function
   * compiled so far: after run() and some work, also those compiled lazily.
   */
  readonly save: () => void;
}

export const cacheFileOf = (bundle: string): string => `${bundle}.v8-cache`;

/**
 * Compiles `bundle` under `v8Flags`, set here, after the Node built-ins the
 * bundle requires have loaded. Node compiles its built-ins through a code cache
 * of its own, which V8 refuses once any V8 flag differs from Node's defaults,
 * on the command line or set at run time: each built-in loaded after that is
 * compiled from source, eagerly under --no-lazy. That was 20 ms of the child's
 * start-up (node:child_process, node:stream and the rest, BENCHMARKS.md).
 * The bundle's own cache is made under the same flags (scripts/bundle.mjs).
 */
export function compileCached(bundle: string, v8Flags: readonly string[] = []): Compiled {
  const cacheFile = cacheFileOf(bundle);
  const cachedData = readIfThere(cacheFile);
  const text = readFileSync(bundle, 'utf8');
  const requireHere = createRequire(bundle);
  for (const [, name] of text.matchAll(REQUIRE)) if (isBuiltin(name as string)) requireHere(name as string);
  for (const flag of v8Flags) setFlagsFromString(flag);
  // Node's own CommonJS wrapper, so the bundle sees what a module sees.
  const source = `(function (exports, require, module, __filename, __dirname) {${text}\n})`;
  const script = new Script(source, { filename: bundle, cachedData });
  const cache: CacheUse = cachedData === undefined ? 'absent' : script.cachedDataRejected === true ? 'rejected' : 'used';
  const run = (): unknown => {
    const module = { exports: {} };
    (script.runInThisContext() as (...a: unknown[]) => void)(module.exports, requireHere, module, bundle, dirname(bundle));
    return module.exports;
  };
  const save = (): void => {
    if (cache !== 'used') writeQuietly(cacheFile, script.createCachedData());
  };
  return { cache, run, save };
}

/** How esbuild writes a bundle's require of a module it left outside. */
const REQUIRE = /\brequire\("([^"]+)"\)/g;

function readIfThere(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/**
 * Renamed into place, so a process never reads half a cache another is writing.
 * A checkout tcpdrill may not write to (installed read-only) keeps compiling
 * without one: slower to start, never wrong.
 */
function writeQuietly(file: string, data: Buffer): void {
  const part = `${file}.${process.pid}.part`;
  try {
    writeFileSync(part, data);
    renameSync(part, file);
  } catch {
    // Left without a cache, as above.
  }
}
