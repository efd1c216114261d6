// Locking the program's file-backed mappings: which lines of /proc/<pid>/maps
// qualify, and that locking them works without upsetting V8.
import t from 'tap';
import { readFileSync } from 'node:fs';
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

t.test('locking this process leaves it running JavaScript', async (t) => {
  t.equal(lockProgramText(Libc.load()), undefined, 'every mapping locked (as root)');
  const locked = /VmLck:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'));
  t.ok(Number(locked?.[1]) > 1000, 'megabytes locked');
  let n = 0;
  for (let i = 0; i < 200_000; i++) n += JSON.stringify({ i, a: [i, i * 2] }).length;
  t.ok(n > 0, 'JIT and GC still work');
});
