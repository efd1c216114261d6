// bin/tcpdrill's first child (issue 14). A `run` needs at least one child, and
// on a single script the child's start-up (spawn to ready, ~160 ms) is the
// critical path. This module is bundled alone (scripts/bundle.mjs:
// dist/cli/first-child.bundle.cjs), so that start.cts starts the child before it
// loads the CLI's bundle: that takes 24 ms to compile from its code cache, then
// commander and the `run` modules, and the child started 50–60 ms later.
//
// The child is the same as one the CLI starts (suite/spawn-child.ts), without a
// pcap file: a run with --pcap starts its own. Anything that goes wrong here is
// left for the CLI to find and report: no child is started, and no word said.
import { CHILD_MODULE, onTerminatingSignal, removeChildFiles, spawnChild, type ChildFiles, type FirstChild } from '../runner/suite/index.js';

/** Whether the command line is a `run` that will want a child without a pcap file. */
export function wantsFirstChild(args: readonly string[]): boolean {
  if (args[0] !== 'run') return false;
  return !args.some((a) => a === '-h' || a === '--help' || a === '--pcap' || a.startsWith('--pcap='));
}

/** Starts the child `args` (argv after node and the script) will want, if any. */
export function startFirstChild(args: readonly string[]): FirstChild | undefined {
  if (!wantsFirstChild(args)) return undefined;
  let held: ChildFiles | undefined;
  // Listening before the spawn: a Ctrl-C that comes during it is then held
  // until it returns, and the child's private /tmp is removed, not left behind.
  const stopListening = onTerminatingSignal(() => cancel());
  const claim = (): ChildFiles | undefined => {
    const files = held;
    held = undefined;
    stopListening();
    return files;
  };
  const cancel = (): void => {
    const files = claim();
    if (files === undefined) return;
    files.child.kill('SIGKILL');
    removeChildFiles(files, false);
  };
  const spawned = spawnChild({ childModule: CHILD_MODULE, pcapDir: undefined });
  if (!('child' in spawned)) {
    stopListening();
    return undefined;
  }
  held = spawned;
  return { claim, cancel };
}
