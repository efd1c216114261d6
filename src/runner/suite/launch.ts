// A child process started before anyone knows which run it will serve. Its
// start-up, spawn to ready, is about half of a single run's overhead (160 of
// 310 ms, BENCHMARKS.md); a child started early goes through it while the
// parent parses the scripts, or while the suite's current run plays its
// timeline, and then waits on stdin for its job (child.ts). So nothing given at spawn may depend on the run: the child
// moves into the script's directory itself (Job.cwd), and the pcap is written
// through a file opened under a temporary name in --pcap's directory and renamed
// to the run's name when the job goes down.

import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chmodSync, closeSync, ftruncateSync, mkdtempSync, openSync, renameSync, rmSync, unlinkSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import { EnvError } from '../errors.js';
import { PCAP_FD, RESULT_FD, encodeJob, type Job } from '../run/job.js';
import { PROGRESS_BYTES, PROGRESS_FD } from '../run/progress.js';
import { spawnInNamespace } from '../kernel/netns.js';
import { mark } from '../../profile-mark.js';

export interface LaunchOptions {
  /** Compiled module of the child entry point (dist/runner/suite/child-start.cjs). */
  readonly childModule: string;
  /** --pcap's directory, which must exist: the child's pcap file is opened there at spawn. */
  readonly pcapDir: string | undefined;
}

let launches = 0;

/**
 * Node options of every child. The timeline scavenges V8's young generation
 * before time zero and in its long waits (kernel/young-generation.ts), which
 * needs `gc` exposed: otherwise scavenges came on the timeline, 0.4–3.6 ms
 * each, some over an event's deadline (22 of the corpus's runs in one suite at
 * -j 4). Starting the young generation at 4 MiB instead left none, but cost
 * 15 ms of every run's start-up. Its semi-spaces stop at 2 MiB: a scavenge
 * copies what is still live, and in a long script, whose results stay live,
 * one that grew the space to 8 MiB took 3–7 ms; capped, 0.7–2.8 ms.
 */
export const CHILD_NODE_FLAGS = ['--expose-gc', '--max-semi-space-size=2'] as const;

/** A child in its own namespace, started and waiting for its job; then the run it serves. */
export class Launched {
  /** Whether the pcap file still has its temporary name (no job yet). */
  private pcapPending: boolean;

  private constructor(
    readonly child: ChildProcess,
    /** The run's private /tmp on the host (netns.ts usePrivateTmp). */
    private readonly tmp: string,
    /** Where the child says how far it got (run/progress.ts); the parent reads it on --timeout. */
    readonly progressFd: number,
    private readonly pcapPart: string | undefined,
  ) {
    this.pcapPending = pcapPart !== undefined;
  }

  static start(opts: LaunchOptions): Launched | EnvError {
    mark('parent: spawn child');
    const tmp = mkdtempSync(join(tmpdir(), 'tcpdrill-run-'));
    chmodSync(tmp, 0o1777);
    // Unlinked at once: only the two descriptors name it, and the script's commands never see it in /tmp.
    const progressPath = join(tmp, 'progress');
    const progressFd = openSync(progressPath, 'w+');
    unlinkSync(progressPath);
    // The child maps this much of it (run/progress.ts); a file shorter than a mapping cannot be written through it.
    ftruncateSync(progressFd, PROGRESS_BYTES);
    // The child writes the pcap through a descriptor: its own /tmp is not the host's.
    const pcapPart = opts.pcapDir === undefined ? undefined : join(opts.pcapDir, `.tcpdrill-${process.pid}-${++launches}.pcap.part`);
    const pcapFd = pcapPart === undefined ? undefined : openSync(pcapPart, 'w');
    const stdio: ('pipe' | 'ignore' | number)[] = ['pipe', 'pipe', 'pipe', 'pipe', 'pipe', 'ignore'];
    stdio[RESULT_FD] = 'pipe';
    stdio[PROGRESS_FD] = progressFd;
    stdio[PCAP_FD] = pcapFd ?? 'ignore';
    const child = spawnInNamespace(opts.childModule, [], { stdio, privateTmp: tmp, nodeFlags: CHILD_NODE_FLAGS });
    if (pcapFd !== undefined) closeSync(pcapFd);
    if (child instanceof EnvError) {
      closeSync(progressFd);
      rmSync(tmp, { recursive: true, force: true });
      if (pcapPart !== undefined) rmSync(pcapPart, { force: true });
      return child;
    }
    // A child that died while it waited makes the job's write fail (EPIPE): its
    // exit, not the write, is what the run reports (suite.ts collect).
    child.stdin?.on('error', () => {});
    const launched = new Launched(child, tmp, progressFd, pcapPart);
    live.add(launched);
    return launched;
  }

  /** Hands the child its job; from here on it is that run's. */
  send(job: Job): void {
    if (this.pcapPart !== undefined && job.pcapFile !== undefined) {
      renameSync(this.pcapPart, job.pcapFile);
      this.pcapPending = false;
    }
    this.child.stdin?.end(encodeJob(job));
  }

  /** Ends a child that never got a job: it dies with its namespace, and nothing of it stays. */
  cancel(): void {
    this.child.kill('SIGKILL');
    this.release();
  }

  /** After the run (or instead of it): removes what the run held on the host. */
  release(): void {
    if (!live.delete(this)) return;
    closeSync(this.progressFd);
    rmSync(this.tmp, { recursive: true, force: true });
    if (this.pcapPending && this.pcapPart !== undefined) rmSync(this.pcapPart, { force: true });
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
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  const handler = (signal: NodeJS.Signals): void => {
    for (const launched of live) launched.cancel();
    for (const s of signals) process.removeListener(s, handler);
    process.kill(process.pid, signal);
  };
  for (const s of signals) process.on(s, handler);
  return () => {
    for (const s of signals) process.removeListener(s, handler);
  };
}
