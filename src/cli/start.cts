// The CLI's entry point: bin/tcpdrill requires it. The CLI's modules are one
// bundle, loaded through V8's code cache (code-cache.cts). The CLI compiles
// lazily, as Node does, so its cache is written once the command has finished,
// with every function the command compiled; the build primes it with a `check`
// (scripts/bundle.mjs), which compiles the grammar: most of what a `run`
// compiles before its first child gets its job.
//
// V8's young generation stays at its first size instead of growing to 16 MiB:
// this process parses and reports, nothing in it is timed, and more frequent
// small scavenges cost less than 3 MiB of peak memory (BENCHMARKS.md, issue 14).
// The children that run scripts are other processes, with V8's defaults.
import { setFlagsFromString } from 'node:v8';
import { join } from 'node:path';
import { compileCached } from '../code-cache.cjs';

interface Cli {
  readonly main: (argv: readonly string[]) => Promise<number>;
}

setFlagsFromString('--semi-space-growth-factor=1');
const compiled = compileCached(join(__dirname, 'main.bundle.cjs'));
const { main } = compiled.run() as Cli;
void main(process.argv).then((status) => {
  process.exitCode = status;
  compiled.save();
});
