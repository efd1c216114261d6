// The child process's entry point (suite.ts spawns it; child.ts does the work).
//
// Before anything of ours is compiled, V8 is told to compile every function
// eagerly. Lazily, each function is compiled on its first call, and in a fresh
// process nearly every call of the timeline is a first call: the first bind,
// the first SYN-ACK matched, each the first of its kind. That cost 0.3–0.5 ms
// per event on a handshake, moving every later `+` time of a script by
// milliseconds against packetdrill's timeline (a FIN meant for 10 ms went out at
// 13–15 ms; eagerly compiled, at 11.1–11.4 ms). Compiling up front costs about
// the same CPU, spent before time zero.
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--no-lazy');
await import('./child.js');
