// The script fd ↔ live fd table (script-language.md §7.1): socket, accept, open,
// epoll_create and pipe bind the number the script chose to the kernel's fd.
import { fail } from './eval.js';

export type FdKind = 'socket' | 'file' | 'epoll' | 'pipe';

export interface FdEntry {
  readonly liveFd: number;
  readonly kind: FdKind;
}

/** One run's fds. Closed by `closeAll` at teardown (index.ts). */
export class FdTable {
  private readonly byScript = new Map<number, FdEntry>();
  /** Live fds displaced by a re-used accept() script fd, still ours to close. */
  private readonly orphans: number[] = [];
  /** Buffers the kernel may still reference (`--send_omit_free`, MSG_ZEROCOPY). */
  private readonly retained: Uint8Array[] = [];

  /** The live fd of `scriptFd`, or the §7.1 failure before the call is made. */
  live(scriptFd: number): number {
    const e = this.byScript.get(scriptFd);
    return e ? e.liveFd : fail(`unable to find fd with script fd ${scriptFd}`);
  }

  has(scriptFd: number): boolean {
    return this.byScript.has(scriptFd);
  }

  /** §7.1: socket/open/epoll_create/pipe reject a script fd that is still open. */
  requireFree(scriptFd: number): void {
    if (this.byScript.has(scriptFd)) fail(`duplicate fd ${scriptFd}`);
  }

  bind(scriptFd: number, liveFd: number, kind: FdKind): void {
    const old = this.byScript.get(scriptFd);
    if (old && old.liveFd !== liveFd) this.orphans.push(old.liveFd);
    this.byScript.set(scriptFd, { liveFd, kind });
  }

  unbind(scriptFd: number): void {
    this.byScript.delete(scriptFd);
  }

  retain(buf: Uint8Array): void {
    this.retained.push(buf);
  }

  /** Every live fd still owned, script-bound ones first; empties the table. */
  drain(): number[] {
    const fds = [...[...this.byScript.values()].map((e) => e.liveFd), ...this.orphans];
    this.byScript.clear();
    this.orphans.length = 0;
    this.retained.length = 0;
    return fds;
  }

  entries(): ReadonlyMap<number, FdEntry> {
    return this.byScript;
  }
}
