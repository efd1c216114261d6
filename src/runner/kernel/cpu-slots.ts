// Admission to the CPU for the last stretch before a deadline. Scripts of a
// suite run in separate processes, and each busy-waits the final microseconds
// before an event (clock.ts). When more scripts spin than there are cores, a
// spinner at SCHED_RR keeps another off the CPU and that one fires late; the
// kernel's own softirq work waits too. A slot is an exclusive flock(2) on one
// of `cores` files: a script spins only while it holds one, so at most `cores`
// scripts spin at once.
//
// The files never appear on disk for long: the parent creates them, keeps them
// open and unlinks them at once; children reopen them through
// /proc/<parent>/fd/<n>, which gives each child its own open file description
// (flock locks conflict between descriptions, not within one). A crash or
// Ctrl-C can therefore leave nothing behind.

import { closeSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOCK_EX, LOCK_NB, LOCK_UN } from '../../linux/sched.js';
import type { Libc } from './libc.js';

/** The parent's side: the slot files, alive as long as this object is. */
export class SlotFiles {
  private constructor(private readonly fds: readonly number[]) {}

  static create(count: number): SlotFiles {
    const dir = mkdtempSync(join(tmpdir(), 'tcpdrill-slots-'));
    try {
      return new SlotFiles(Array.from({ length: count }, (_, k) => openSync(join(dir, String(k)), 'w+', 0o600)));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  /** Paths under which a child process opens the same files. */
  paths(): string[] {
    return this.fds.map((fd) => `/proc/${process.pid}/fd/${fd}`);
  }

  close(): void {
    for (const fd of this.fds) closeSync(fd);
  }
}

/** A child's side: try to take a slot, give it back. */
export class CpuSlots {
  private held: number | undefined;

  private constructor(
    private readonly libc: Libc,
    private readonly fds: readonly number[],
  ) {}

  /** Opens the parent's slot files; none (a run outside a suite) means no admission control. */
  static open(libc: Libc, paths: readonly string[]): CpuSlots | undefined {
    return paths.length === 0 ? undefined : new CpuSlots(libc, paths.map((p) => openSync(p, 'r')));
  }

  /** Takes a free slot without waiting; true if this process now holds one. */
  tryAcquire(): boolean {
    if (this.held !== undefined) return true;
    for (const fd of this.fds) {
      if (this.libc.call('flock', fd, LOCK_EX | LOCK_NB).ret === 0) {
        this.held = fd;
        return true;
      }
    }
    return false;
  }

  release(): void {
    if (this.held === undefined) return;
    this.libc.call('flock', this.held, LOCK_UN);
    this.held = undefined;
  }

  close(): void {
    this.release();
    for (const fd of this.fds) closeSync(fd);
  }
}
