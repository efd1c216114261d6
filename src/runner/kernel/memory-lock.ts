// Keeping the program's code in RAM for the timeline. A page fault on code
// that the kernel dropped from memory (the node binary, koffi, libc) stalls
// the script until the page is read back; on these machines DAMON pages out
// cold memory proactively, and a stall of 630 ms was observed in a suite run.
// packetdrill calls mlockall(MCL_CURRENT|MCL_FUTURE) for this; under Node 20
// any mlockall makes V8 abort later ("Check failed: 0 == ret" in
// OS::SetPermissions, as V8 changes the protection of its own pages). So we
// mlock only the file-backed mappings, which V8 never re-protects: the code
// and read-only data of the program and its libraries. Anonymous memory (the
// JavaScript heap) is not pageable without swap.
//
// MLOCK_ONFAULT locks what is resident now and each further page as it is
// first touched, rather than reading every page of the mappings in (the node
// binary alone is 94 MiB, of which a run touches a fraction): the warm-up
// before time zero touches the code the timeline runs, and from then on
// those pages stay. It saved ~10 ms and ~50 MiB of resident memory a run.

import { readFileSync } from 'node:fs';
import { MLOCK_ONFAULT } from '../../linux/kernel.js';
import type { Libc } from './libc.js';

export interface Range {
  readonly start: bigint;
  readonly length: bigint;
}

/** File-backed, readable mappings of a /proc/<pid>/maps text. */
export function fileBackedRanges(maps: string): Range[] {
  const out: Range[] = [];
  for (const line of maps.split('\n')) {
    // address perms offset dev inode [path]
    const [range, perms, , , inode, path] = line.trim().split(/\s+/);
    if (range === undefined || perms === undefined || !perms.startsWith('r')) continue;
    if (inode === undefined || inode === '0' || path === undefined || !path.startsWith('/')) continue;
    const [from, to] = range.split('-').map((x) => BigInt(`0x${x}`));
    if (from !== undefined && to !== undefined && to > from) out.push({ start: from, length: to - from });
  }
  return out;
}

/** Locks this process's file-backed mappings; a warning if some could not be locked. */
export function lockProgramText(libc: Libc): string | undefined {
  const ranges = fileBackedRanges(readFileSync('/proc/self/maps', 'utf8'));
  const failed = ranges.filter((r) => libc.call('mlock2', r.start, r.length, MLOCK_ONFAULT).ret !== 0);
  return failed.length === 0
    ? undefined
    : `could not lock ${failed.length} of ${ranges.length} code mappings in memory; a page fault may delay an event`;
}
