// Start-up profile marks for `npm run bench` (issue 14). With TCPDRILL_PROFILE
// set to a file, each mark appends "label<TAB>pid<TAB>epoch ms" to it, so the
// bench can lay the parent's and the child's steps on one time line. Unset, a
// mark is one comparison; nothing is written during a run's timeline.
import { appendFileSync } from 'node:fs';

const file = process.env['TCPDRILL_PROFILE'];
// A `run` loads this module twice, in the first child's bundle and in the CLI's
// (cli/first-child.ts): the process's own lines are written once, by whichever marks first.
const BOOT_WRITTEN = Symbol.for('tcpdrill.profile-mark.boot-written');
type Flagged = typeof globalThis & { [BOOT_WRITTEN]?: true };

export function mark(label: string): void {
  if (file === undefined) return;
  try {
    write(label);
  } catch {
    // A profile must never change a run's outcome: a file the process cannot
    // reach (a child's private /tmp) just leaves that process's marks out.
  }
}

function write(label: string): void {
  const now = performance.timeOrigin + performance.now();
  const flagged = globalThis as Flagged;
  if (flagged[BOOT_WRITTEN] === undefined) {
    // When this process's Node started and finished bootstrapping, for the first gap.
    flagged[BOOT_WRITTEN] = true;
    const boot = performance.timeOrigin + performance.nodeTiming.bootstrapComplete;
    appendFileSync(file as string, `node start\t${process.pid}\t${performance.timeOrigin.toFixed(3)}\nnode bootstrapped\t${process.pid}\t${boot.toFixed(3)}\n`);
  }
  appendFileSync(file as string, `${label}\t${process.pid}\t${now.toFixed(3)}\n`);
}
