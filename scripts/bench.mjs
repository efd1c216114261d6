#!/usr/bin/env node
// `npm run bench`: the figures recorded in BENCHMARKS.md, as Markdown.
//   node scripts/bench.mjs [--quick] [--only a,b] [--skip a,b]
// Sections: parse, lateness, chain, finack, blocking, single, suite, profile, corpus.
// --quick: fewer runs and no corpus (about 2 minutes on a quiet machine); the full
// mode also runs the corpus (TCPDRILL_CORPUS, see scripts/bench/corpus.mjs).
// PACKETDRILL=<path to a packetdrill binary> prints its figures beside ours.
// Needs root (namespaces); `npm run bench` builds first. The helpers and probe
// scripts are under scripts/bench/.

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { corpusModes } from './bench/corpus.mjs';
import { cleanUp, loadNote, packetdrill, root } from './bench/lib.mjs';
import { profile, singleScript, suiteOverhead } from './bench/startup.mjs';
import { blockingReturn, chain, finToAck, lateness } from './bench/timing.mjs';

const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, only: { type: 'string' }, skip: { type: 'string' } } });
const quick = values.quick;
const only = values.only?.split(',');
const skip = values.skip?.split(',') ?? [];

const sections = [
  ['parse', () => spawnSync(process.execPath, [join(root, 'scripts', 'bench-parse.mjs')], { stdio: 'inherit' }), !quick],
  ['lateness', () => lateness({ rounds: quick ? 50 : 200 }), true],
  ['chain', () => chain({ segments: quick ? 100 : 300, runs: quick ? 1 : 3 }), true],
  ['finack', () => finToAck({ runs: 20 }), true],
  ['blocking', () => blockingReturn({ runs: quick ? 10 : 20 }), true],
  ['single', () => singleScript({ pairs: quick ? 5 : 15 }), true],
  ['suite', () => suiteOverhead({ samples: quick ? 3 : 10, size: 10 }), true],
  ['profile', () => profile({ runs: quick ? 3 : 7, suiteSize: 10 }), true],
  ['corpus', () => corpusModes({ repeats: quick ? 1 : 3, serial: !quick }), !quick],
];

console.log(`# tcpdrill bench (${quick ? 'quick' : 'full'}), ${new Date().toISOString()}\n`);
console.log(`packetdrill: ${packetdrill ?? 'not given (set PACKETDRILL to a binary to compare)'}\n`);
try {
  for (const [name, run, byDefault] of sections) {
    if (only ? !only.includes(name) : !byDefault || skip.includes(name)) continue;
    const t0 = Date.now();
    console.log(`<!-- ${name}: ${loadNote()} -->\n`);
    run();
    process.stderr.write(`bench: ${name} took ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
  }
} finally {
  cleanUp();
}
