// A child process started before anyone knows which run it will serve. Its
// start-up, spawn to ready, is about half of a single run's overhead (160 of
// 310 ms, BENCHMARKS.md); a child started early goes through it while the
// parent parses the scripts, or while the suite's current run plays its
// timeline, and then waits on stdin for its job (child.ts). So nothing given at spawn may depend on the run: the child
// moves into the script's directory itself (Job.cwd), and the pcap is written
// through a file opened under a temporary name in --pcap's directory and renamed
// to the run's name when the job goes down.

import { renameSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import { EnvError } from '../errors.js';
import { encodeJob, type Job } from '../run/job.js';
import { onTerminatingSignal, removeChildFiles, spawnChild, type ChildFiles, type LaunchOptions } from './spawn-child.js';

/** A child in its own namespace, started and waiting for its job; then the run it serves. */
export class Launched {
  /** Whether the pcap file still has its temporary name (no job yet). */
  private pcapPending: boolean;

  private constructor(private readonly files: ChildFiles) {
    this.pcapPending = files.pcapPart !== undefined;
    live.add(this);
  }

  static start(opts: LaunchOptions): Launched | EnvError {
    const files = spawnChild(opts);
    return files instanceof EnvError ? files : new Launched(files);
  }

  /** A child started elsewhere (spawn-child.ts FirstChild), from here on looked after like one started here. */
  static adopt(files: ChildFiles): Launched {
    return new Launched(files);
  }

  get child(): ChildProcess {
    return this.files.child;
  }

  /** Where the child says how far it got (run/progress.ts); the parent reads it on --timeout. */
  get progressFd(): number {
    return this.files.progressFd;
  }

  /**
   * Hands the child its job; from here on it is that run's. `down` is called
   * once the child can read the whole job: the child reads to end of file, and
   * the pipe's end is written from the event loop, so synchronous work the
   * parent does in between (starting another child: 8–9 ms) delays the run.
   */
  send(job: Job, down: () => void = () => {}): void {
    if (this.files.pcapPart !== undefined && job.pcapFile !== undefined) {
      renameSync(this.files.pcapPart, job.pcapFile);
      this.pcapPending = false;
    }
    const stdin = this.files.child.stdin;
    if (stdin === null) down();
    // Called on error too: a child that died is collect()'s to report.
    else stdin.end(encodeJob(job), down);
  }

  /** Ends a child that never got a job: it dies with its namespace, and nothing of it stays. */
  cancel(): void {
    this.files.child.kill('SIGKILL');
    this.release();
  }

  /** After the run (or instead of it): removes what the run held on the host. */
  release(): void {
    if (live.delete(this)) removeChildFiles(this.files, this.pcapPending);
  }
}

/** Children not yet released: their files are removed if tcpdrill is interrupted. */
const live = new Set<Launched>();

/**
 * Ctrl-C or a kill ends the children too (the terminal signals the whole group;
 * PR_SET_PDEATHSIG covers the rest), but their private /tmp directories and
 * unnamed pcap files live on the host's file system: remove them, then die of
 * the same signal. Returns the function that stops listening.
 */
export function removeFilesOnSignal(): () => void {
  return onTerminatingSignal(() => {
    for (const launched of live) launched.cancel();
  });
}
