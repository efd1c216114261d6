// Starting one child process in its own namespace, with the files it holds on
// the host: its private /tmp, the progress file and, with --pcap, the pcap under
// a temporary name. Plain data in, plain data out: bin/tcpdrill's first child is
// started through this module from a bundle of its own (cli/first-child.ts),
// before the CLI's bundle has loaded, and handed to the CLI as a ChildFiles.

import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chmodSync, closeSync, ftruncateSync, mkdtempSync, openSync, rmSync, unlinkSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import { EnvError } from '../errors.js';
import { PCAP_FD, RESULT_FD } from '../run/job.js';
import { PROGRESS_BYTES, PROGRESS_FD } from '../run/progress.js';
import { spawnInNamespace } from '../kernel/netns.js';
import { mark } from '../../profile-mark.js';

export interface LaunchOptions {
  /** Compiled module of the child entry point (dist/runner/suite/child-start.cjs). */
  readonly childModule: string;
  /** --pcap's directory, which must exist: the child's pcap file is opened there at spawn. */
  readonly pcapDir: string | undefined;
}

/** A child started and waiting for its job, and what it holds on the host. */
export interface ChildFiles {
  readonly child: ChildProcess;
  /** The run's private /tmp on the host (netns.ts usePrivateTmp). */
  readonly tmp: string;
  /** Where the child says how far it got (run/progress.ts); the parent reads it on --timeout. */
  readonly progressFd: number;
  /** The pcap's temporary name, with --pcap. */
  readonly pcapPart: string | undefined;
}

let launches = 0;

export function spawnChild(opts: LaunchOptions): ChildFiles | EnvError {
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
  // No Node options: the child sets its V8 flags itself (child-start.cts says why).
  const child = spawnInNamespace(opts.childModule, [], { stdio, privateTmp: tmp });
  if (pcapFd !== undefined) closeSync(pcapFd);
  const files = { tmp, progressFd, pcapPart };
  if (child instanceof EnvError) {
    removeChildFiles(files, true);
    return child;
  }
  // A child that died while it waited makes the job's write fail (EPIPE): its
  // exit, not the write, is what the run reports (suite.ts collect).
  child.stdin?.on('error', () => {});
  return { child, ...files };
}

/** Removes what a child held on the host; the pcap too while it still has its temporary name. */
export function removeChildFiles(files: Omit<ChildFiles, 'child'>, pcapPending: boolean): void {
  closeSync(files.progressFd);
  rmSync(files.tmp, { recursive: true, force: true });
  if (pcapPending && files.pcapPart !== undefined) rmSync(files.pcapPart, { force: true });
}

/**
 * A child that bin/tcpdrill started before its CLI loaded (cli/first-child.ts),
 * until the run's Spares claims it. Whoever started it cancels it if nobody
 * claimed it (a usage error, a script that does not parse): a no-op once claimed.
 */
export interface FirstChild {
  /** The child, once; undefined if it was claimed or cancelled already. */
  readonly claim: () => ChildFiles | undefined;
  readonly cancel: () => void;
}

/**
 * Runs `cleanup` on Ctrl-C, SIGTERM or SIGHUP, then dies of the same signal, as
 * the process would have without it. Returns the function that stops listening.
 */
export function onTerminatingSignal(cleanup: () => void): () => void {
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  const stop = (): void => {
    for (const s of signals) process.removeListener(s, handler);
  };
  const handler = (signal: NodeJS.Signals): void => {
    cleanup();
    stop();
    process.kill(process.pid, signal);
  };
  for (const s of signals) process.on(s, handler);
  return stop;
}
