// The message between the parent (the CLI) and the child process that runs one
// script inside its own network namespace. The parent has already parsed and
// validated the script, so the job carries the AST itself (the child never
// loads the grammar): it goes down on the child's stdin, and the result comes
// back as one JSON document on file descriptor 3.

import type { Script } from '../../grammar/ast.js';
import type { IpVersion } from '../config.js';

export interface Job {
  readonly file: string;
  /** The directory the child moves into before anything runs: the script's. */
  readonly cwd: string;
  readonly source: string;
  readonly script: Script;
  readonly ipVersion: IpVersion;
  /** Command-line options in packetdrill spelling (`tolerance_usecs`), which win over the script's. */
  readonly cliOptions: readonly (readonly [string, string | true])[];
  readonly defines: readonly (readonly [string, string])[];
  readonly pcapFile: string | undefined;
  /** Paths of the suite's CPU slot files (kernel/cpu-slots.ts). */
  readonly cpuSlots: readonly string[];
}

/** The child's end of the result channel. */
export const RESULT_FD = 3;
/** The pcap file, opened by the parent (the child's /tmp is private), when --pcap asks for one (fd 4 is progress.ts's). */
export const PCAP_FD = 5;

const BIGINT_TAG = '$bigint';

/** JSON with the AST's 64-bit integers kept exact. */
export function encodeJob(job: Job): string {
  return JSON.stringify(job, (_key, value: unknown) => (typeof value === 'bigint' ? { [BIGINT_TAG]: value.toString() } : value));
}

export function decodeJob(text: string): Job {
  return JSON.parse(text, (_key, value: unknown) => {
    if (value !== null && typeof value === 'object' && BIGINT_TAG in value) {
      return BigInt((value as Record<string, string>)[BIGINT_TAG] as string);
    }
    return value;
  }) as Job;
}
