// The blocking-call thread's entry point (blocking-thread.ts starts it, and says
// why it comes in two steps). Node has booted the thread when this runs: it
// says so, waits until the main thread has set the process's V8 flags back, and
// only then loads the module that makes the calls, so that module is compiled
// under them.
import { workerData } from 'node:worker_threads';
import { Slot, State, type Control } from './blocking-control.js';

const words = new Int32Array((workerData as { control: Control }).control.words);
Atomics.store(words, Slot.state, State.booted);
Atomics.notify(words, Slot.state);
Atomics.wait(words, Slot.state, State.booted);
if (Atomics.load(words, Slot.state) === State.loading) await import('./blocking-worker.js');
