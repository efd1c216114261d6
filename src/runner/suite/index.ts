// The suite's face: what the CLI and the API use to run many scripts, each in
// its own child process and namespace.

export { planRuns, runSuite, type ScriptEntry, type VariantChoice } from './suite.js';
export { CHILD_MODULE } from './child-entry.js';
export { Spares, offerFirstChild, sparesFor } from './spares.js';
export { onTerminatingSignal, removeChildFiles, spawnChild, type ChildFiles, type FirstChild } from './spawn-child.js';
