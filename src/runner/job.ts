// The message between the parent (the CLI) and the child process that runs one
// script inside its own network namespace: the job goes down as an argument, the
// result comes back as one JSON document on file descriptor 3.

import type { IpVersion } from './config.js';

export interface Job {
  readonly file: string;
  readonly ipVersion: IpVersion;
  /** Command-line options in packetdrill spelling (`tolerance_usecs`), which win over the script's. */
  readonly cliOptions: readonly (readonly [string, string | true])[];
  readonly defines: readonly (readonly [string, string])[];
  readonly pcapFile: string | undefined;
}

/** The child's end of the result channel. */
export const RESULT_FD = 3;

export function encodeJob(job: Job): string {
  return JSON.stringify(job);
}

export function decodeJob(text: string): Job {
  return JSON.parse(text) as Job;
}
