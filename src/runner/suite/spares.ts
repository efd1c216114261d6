// Children started ahead of the runs that will take them (launch.ts), so that a
// run's Node start-up happens while the parent parses or an earlier run plays.
// A started child costs CPU but no timeline: it loads its modules at normal
// priority and then sleeps on stdin, while a running timeline's thread is
// real-time (kernel/realtime.ts) and is never made to wait for it.

import { EnvError } from '../errors.js';
import { Launched, removeFilesOnSignal, type LaunchOptions } from './launch.js';

export class Spares {
  private readonly waiting: Launched[] = [];
  private readonly stopListening: () => void;

  /** `ahead`: how many children may wait at once. */
  constructor(
    private readonly opts: LaunchOptions,
    private readonly ahead: number,
  ) {
    this.stopListening = removeFilesOnSignal();
  }

  /** Starts children until as many wait as `needed` runs will still ask for, up to `ahead`. */
  topUp(needed: number): void {
    while (this.waiting.length < Math.min(this.ahead, needed)) {
      const launched = Launched.start(this.opts);
      // take() starts one again and reports why it could not.
      if (launched instanceof EnvError) return;
      this.waiting.push(launched);
    }
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
}
