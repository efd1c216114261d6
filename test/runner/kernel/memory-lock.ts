// Locking the program's file-backed mappings: which lines of /proc/<pid>/maps
// qualify, and that after locking them V8 still grows its heap (unlocked), compiles new
// code and collects garbage.
import t from 'tap';
import { readFileSync } from 'node:fs';
import { getHeapCodeStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Libc } from '../../../src/runner/kernel/libc.js';
import { fileBackedRanges, lockProgramText } from '../../../src/runner/kernel/memory-lock.js';

const MAPS = [
  '00400000-00452000 r-xp 00000000 fd:01 1234   /usr/bin/node',
  '00652000-00653000 rw-p 00052000 fd:01 1234   /usr/bin/node',
  '7f00000000-7f00001000 ---p 00000000 fd:01 99   /usr/lib/libc.so.6',
  '01e00000-01e21000 rw-p 00000000 00:00 0      [heap]',
  '7f10000000-7f10002000 rw-p 00000000 00:00 0',
  '7fff0000-7fff1000 r--p 00000000 00:00 0      [vvar]',
  '',
].join('\n');

t.test('readable mappings of files, nothing anonymous or special', async (t) => {
  t.same(fileBackedRanges(MAPS), [
    { start: 0x400000n, length: 0x52000n },
    { start: 0x652000n, length: 0x1000n },
  ]);
});

/** Kilobytes of this process's memory that are locked (VmLck in /proc/self/status). */
function lockedKb(): number {
  return Number(/VmLck:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1]);
}

/** Kilobytes of file-backed memory resident in this process (RssFile in /proc/self/status). */
function residentFileKb(): number {
  return Number(/RssFile:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1]);
}

t.test('locking this process leaves it running JavaScript', async (t) => {
  const mappedKb = fileBackedRanges(readFileSync('/proc/self/maps', 'utf8')).reduce((n, r) => n + Number(r.length >> 10n), 0);
  const residentBefore = residentFileKb();
  t.equal(lockProgramText(Libc.load()), undefined, 'every mapping locked (as root)');
  const readIn = residentFileKb() - residentBefore;
  const locked = lockedKb();
  t.ok(locked > 1000, `megabytes locked (${locked} kB)`);
  // Locked as they are touched: the untouched bulk of the node binary is not read in.
  t.ok(readIn < (mappedKb - residentBefore) / 4, `locking read in ${readIn} kB of the ${mappedKb - residentBefore} kB not yet resident`);

  // V8 maps new heap pages after the lock, and they stay unlocked: mlockall(MCL_FUTURE)
  // would lock them, and made V8 abort when it re-protected them.
  const before = process.memoryUsage().heapTotal;
  let live: number[][] | undefined = Array.from({ length: 64 }, (_, i) => new Array<number>(128 * 1024).fill(i + 0.5));
  const grown = process.memoryUsage().heapTotal - before;
  t.ok(grown > 32 * 2 ** 20, `the heap grew after locking (${grown >> 20} MB)`);
  t.ok(lockedKb() - locked < (grown >> 10) / 2, `the new heap pages are not locked (VmLck ${locked} → ${lockedKb()} kB)`);

  // The optimizing compiler writes new code after the lock.
  const code = getHeapCodeStatistics().code_and_metadata_size;
  const hot = new Function('n', 'let s = 0; for (let i = 0; i < n; i++) s = (s + i * 31) % 1000003; return s;') as (n: number) => number;
  let sum = 0;
  for (let i = 0; i < 2000; i++) sum ^= hot(2000);
  t.equal(sum, 0, 'an even number of equal results');
  t.ok(getHeapCodeStatistics().code_and_metadata_size > code, 'new machine code was written after locking');

  // The collector frees what is no longer reachable.
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const used = process.memoryUsage().heapUsed;
  t.equal(live.length, 64, 'the arrays are alive until here');
  live = undefined;
  gc();
  const freed = used - process.memoryUsage().heapUsed;
  t.ok(freed > 32 * 2 ** 20, `a full collection freed the arrays (${freed >> 20} MB)`);
});
