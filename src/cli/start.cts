// The CLI's entry point: bin/tcpdrill requires it. The CLI's modules are one
// bundle, loaded through V8's code cache (code-cache.cts). The CLI compiles
// lazily, as Node does, so its cache is written once the command has finished,
// with every function the command compiled; the build primes it with a `check`
// (scripts/bundle.mjs), which compiles the grammar: most of what a `run`
// compiles before its first child gets its job.
//
// A `run` starts its first child before that bundle loads, from a small bundle
// of its own (first-child.ts), and hands it to the CLI (suite/spares.ts).
//
// Its V8 flags are set as the bundle is compiled (v8-flags.cts says why).
import { join } from 'node:path';
import { compileCached } from '../code-cache.cjs';
import { CLI_V8_FLAGS } from '../v8-flags.cjs';
import type { FirstChild } from '../runner/suite/index.js';

interface FirstChildBundle {
  readonly startFirstChild: (args: readonly string[]) => FirstChild | undefined;
}

interface Cli {
  readonly main: (argv: readonly string[]) => Promise<number>;
  readonly offerFirstChild: (first: FirstChild) => void;
}

const args = process.argv.slice(2);
// Only a `run` loads the first child's bundle: other commands pay nothing for it.
const first = args[0] === 'run' ? (require(join(__dirname, 'first-child.bundle.cjs')) as FirstChildBundle).startFirstChild(args) : undefined;
const compiled = compileCached(join(__dirname, 'main.bundle.cjs'), CLI_V8_FLAGS);
const { main, offerFirstChild } = compiled.run() as Cli;
if (first !== undefined) offerFirstChild(first);
void main(process.argv)
  .then((status) => {
    process.exitCode = status;
    compiled.save();
  })
  .finally(() => first?.cancel());
