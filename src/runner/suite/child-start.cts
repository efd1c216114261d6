// The child process's entry point (suite.ts spawns it; child.ts does the work,
// loaded from its bundle through the code cache: code-cache.cts).
//
// Before anything of ours is compiled, V8 is told to compile every function
// eagerly. Lazily, each function is compiled on its first call, and in a fresh
// process nearly every call of the timeline is a first call: the first bind,
// the first SYN-ACK matched, each the first of its kind. That cost 0.3–0.5 ms
// per event on a handshake, moving every later `+` time of a script by
// milliseconds against packetdrill's timeline (a FIN meant for 10 ms went out at
// 13–15 ms; eagerly compiled, at 11.1–11.4 ms). The code cache holds every
// function compiled, so the eager compile costs nothing at start-up either.
//
// CommonJS, like the bundle it loads: an ES module entry point costs Node another
// 12 ms of start-up (its ES module loader), twice that when the parent is busy
// on the other core.
//
// V8's flags are set here, not on Node's command line (v8-flags.cts).
//
// With --code-cache (scripts/bundle.mjs, at build time) it only compiles,
// writes the cache if needed and prints what became of the one it found, and
// whether `gc` is there.
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { compileCached } from '../../code-cache.cjs';
import { CHILD_V8_FLAGS } from '../../v8-flags.cjs';

const compiled = compileCached(join(__dirname, 'child.bundle.cjs'), CHILD_V8_FLAGS);
// Set at run time, --expose-gc installs `gc` only in contexts made after it.
const gc: unknown = runInNewContext('gc');
(globalThis as { gc?: unknown }).gc = gc;
// Eagerly compiled, the cache is whole before anything runs.
compiled.save();
if (process.argv[2] === '--code-cache') process.stdout.write(`${compiled.cache}\ngc: ${typeof gc}\n`);
else compiled.run();
