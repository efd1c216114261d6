// Children started ahead of the runs that will take them (launch.ts), so that a
// run's Node start-up happens while the parent parses or an earlier run plays.
//
// Read this first: a child starting up must not share a core with a playing
// timeline. Node's start-up is mostly kernel work (exec, page faults, the mount
// namespace), and this kernel is built PREEMPT_NONE: a real-time timeline thread
// woken on that core waits until the start-up leaves the kernel. In the corpus
// at -j 4 on 2 cores, children started ahead of every run made 2–5 scripts per
// suite fail with events 4–9 ms late (107–110 of 112 passes, against 112 with
// none started ahead). So while timelines play, children start ahead only on
// cores that no timeline needs (sparesFor); before the first timeline, every
// worker's first child starts at once.

import { availableParallelism } from 'node:os';
import { EnvError } from '../errors.js';
import { Launched, removeFilesOnSignal } from './launch.js';
import type { FirstChild, LaunchOptions } from './spawn-child.js';

/** The child bin/tcpdrill started before its CLI loaded, until a Spares claims it (offerFirstChild). */
let offered: FirstChild | undefined;

/**
 * bin/tcpdrill starts a `run`'s first child before it loads the CLI's bundle
 * (cli/first-child.ts), 50–60 ms before the CLI could: the next Spares made
 * takes it as its first waiting child.
 */
export function offerFirstChild(first: FirstChild): void {
  offered = first;
}

/** How many children may wait while `jobs` timelines play: one per core they leave free. */
export function sparesFor(jobs: number, cores = availableParallelism()): number {
  return Math.max(0, cores - jobs);
}

export class Spares {
  private readonly waiting: Launched[] = [];
  private readonly stopListening: () => void;

  /** `ahead`: how many children may wait while runs play (sparesFor). */
  constructor(
    private readonly opts: LaunchOptions,
    private readonly ahead: number,
  ) {
    this.stopListening = removeFilesOnSignal();
    const first = offered?.claim();
    offered = undefined;
    if (first === undefined) return;
    // It was started without a pcap file: a run that writes pcaps needs children started with one.
    const adopted = Launched.adopt(first);
    if (opts.pcapDir === undefined) this.waiting.push(adopted);
    else adopted.cancel();
  }

  /** Starts `n` children now, before any run plays. */
  startNow(n: number): void {
    while (this.waiting.length < n && this.launch()) continue;
  }

  /** Starts children until as many wait as `needed` runs will still ask for, up to `ahead`. */
  topUp(needed: number): void {
    while (this.waiting.length < Math.min(this.ahead, needed) && this.launch()) continue;
  }

  /** A child for the next run: one that has been waiting, or one started now. */
  take(): Launched | EnvError {
    return this.waiting.shift() ?? Launched.start(this.opts);
  }

  /** Ends the children nobody took. */
  close(): void {
    for (const launched of this.waiting.splice(0)) launched.cancel();
    this.stopListening();
  }

  /** False if a child could not start: take() starts one again and reports why. */
  private launch(): boolean {
    const launched = Launched.start(this.opts);
    if (launched instanceof EnvError) return false;
    this.waiting.push(launched);
    return true;
  }
}
