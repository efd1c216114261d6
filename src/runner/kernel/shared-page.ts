// The child's side of the progress board (run/progress.ts): the file the parent
// opened for it, mapped shared, so that what the child stores there is in the
// file's page cache at once and the parent's read(2) sees it. No system call
// per record.

import { fstatSync } from 'node:fs';
import type { Libc } from './libc.js';
import { MAP_SHARED, PROT_READ, PROT_WRITE } from '../../linux/kernel.js';

/** The first `length` bytes of the file open on `fd`, mapped shared; undefined if there is no such file (a run started by hand). */
export function mapSharedFile(libc: Libc, fd: number, length: number): DataView | undefined {
  try {
    if (fstatSync(fd).size < length) return undefined;
  } catch {
    return undefined;
  }
  const m = libc.map(fd, length, PROT_READ | PROT_WRITE, MAP_SHARED);
  if (!(m instanceof ArrayBuffer)) return undefined;
  const view = new DataView(m);
  // The first store into a page of a file mapping faults, and the file system
  // may journal it (ext4: milliseconds): stored here, before time zero, and
  // not by the first record, which came after time zero was chosen.
  view.setUint32(0, view.getUint32(0, true), true);
  return view;
}
