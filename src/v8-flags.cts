// The V8 flags of tcpdrill's two Node processes. Each sets its own at run time,
// through compileCached (code-cache.cts), once the Node built-ins its bundle
// requires have loaded: any V8 flag on Node's command line, or set before them,
// makes V8 refuse Node's own code cache of its built-ins, and those were then
// compiled from source, eagerly under --no-lazy: 20 ms of the child's start-up
// (BENCHMARKS.md, issue 14). A bundle's own code cache fits only the flags it
// was made under: the build primes each as its entry point starts (scripts/bundle.mjs).
import { setFlagsFromString } from 'node:v8';

/**
 * The CLI (cli/start.cts): V8's young generation stays at its first size instead
 * of growing to 16 MiB. This process parses and reports, nothing in it is timed,
 * and more frequent small scavenges cost less than 3 MiB of peak memory.
 */
export const CLI_V8_FLAGS: readonly string[] = ['--semi-space-growth-factor=1'];

/**
 * The child that runs a script (runner/suite/child-start.cts):
 * - `gc` exposed: the timeline scavenges V8's young generation before time zero
 *   and in its long waits (kernel/young-generation.ts); otherwise scavenges came
 *   on the timeline, 0.4–3.6 ms each, some over an event's deadline (22 of the
 *   corpus's runs in one suite at -j 4).
 * - The young generation does not grow past its first size. A scavenge copies
 *   what is still live, and in a long script, whose results stay live, one that
 *   grew the space to 8 MiB took 3–7 ms. Its maximum can only be given on the
 *   command line; a growth factor of 1, which can be set here, keeps it at 1 MiB.
 * - Every function compiled eagerly (child-start.cts says why). The bundle's
 *   Node built-ins, loaded before it, stay lazy: the first spawnSync of a
 *   script's shell command compiles its path, 0.5–1 ms, once.
 */
export const CHILD_V8_FLAGS: readonly string[] = ['--expose-gc', '--semi-space-growth-factor=1', '--no-lazy'];

/** What V8 sets each flag above to when nobody asked for it (`node --v8-options`). */
const V8_DEFAULTS: Readonly<Record<string, string>> = {
  '--expose-gc': '--no-expose-gc',
  '--semi-space-growth-factor=1': '--semi-space-growth-factor=2',
  '--no-lazy': '--lazy',
};

/**
 * Sets `flags` to V8's defaults and back again. V8 takes Node's code cache of
 * its built-ins only while no flag differs from its default (see above): a
 * worker thread booted under the child's flags compiled Node's internals from
 * source (kernel/syscalls/blocking-thread.ts). Throws for a flag with no
 * known default, so a flag added above cannot be left out here.
 */
export function flagSwitch(flags: readonly string[]): { readonly toDefaults: () => void; readonly back: () => void } {
  const defaults = flags.map((flag) => {
    const d = V8_DEFAULTS[flag];
    if (d === undefined) throw new Error(`v8-flags: no V8 default known for ${flag}`);
    return d;
  });
  return {
    toDefaults: () => {
      for (const d of defaults) setFlagsFromString(d);
    },
    back: () => {
      for (const f of flags) setFlagsFromString(f);
    },
  };
}
