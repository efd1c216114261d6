// The child's code, loaded as one CommonJS bundle through V8's code cache
// (issue 14). Node 20 gives ES modules no code cache, and its ES module loader
// resolves, reads, links and compiles the child's 94 modules one by one: 120 ms
// of every child's start-up, with every function compiled eagerly (child-start.cts
// says why), against 47 ms for the bundle with its cache (BENCHMARKS.md).
// scripts/bundle-child.mjs writes the bundle at build time and primes the cache
// by starting the child with --code-cache; a cache that V8 refuses (another
// Node, other flags, a rebuilt bundle) is written anew by the next child, so a
// stale one costs one start-up, not every one.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Script } from 'node:vm';

/** What became of the cache: V8 took it, refused it, or there was none. */
export type CacheUse = 'used' | 'rejected' | 'absent';

export interface Compiled {
  readonly cache: CacheUse;
  /** Evaluates the bundle, as Node evaluates a CommonJS module. */
  readonly run: () => void;
}

export const cacheFileOf = (bundle: string): string => `${bundle}.v8-cache`;

export function compileCached(bundle: string): Compiled {
  const cacheFile = cacheFileOf(bundle);
  const cachedData = readIfThere(cacheFile);
  // Node's own CommonJS wrapper, so the bundle sees what a module sees.
  const source = `(function (exports, require, module, __filename, __dirname) {${readFileSync(bundle, 'utf8')}\n})`;
  const script = new Script(source, { filename: bundle, cachedData });
  const cache: CacheUse = cachedData === undefined ? 'absent' : script.cachedDataRejected === true ? 'rejected' : 'used';
  if (cache !== 'used') writeQuietly(cacheFile, script.createCachedData());
  const run = (): void => {
    const module = { exports: {} };
    (script.runInThisContext() as (...a: unknown[]) => void)(module.exports, createRequire(bundle), module, bundle, dirname(bundle));
  };
  return { cache, run };
}

function readIfThere(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/**
 * Renamed into place, so a child never reads half a cache another is writing.
 * A checkout the child may not write to (installed read-only) keeps compiling
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
