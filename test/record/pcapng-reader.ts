// pcapng: byte order per section, timestamp resolution per interface, enhanced and
// simple packet blocks; checked against expectations and against tshark's reading of
// the same files (.ci/run installs tshark).
import t from 'tap';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readPcapng } from '../../src/record/pcapng-reader.js';
import { pcapngFile } from '../helpers/capture-files.js';
import { hasTool } from '../helpers/tools.js';

const records = [
  { timeNs: 1_700_000_000_123_456_789n, data: new Uint8Array([0x45, 1, 2, 3, 4]) },
  { timeNs: 1_700_000_001_500_000_000n, data: new Uint8Array([0x60, 9, 8]), origLen: 1500 },
];

const cases = [
  { name: 'little-endian, microseconds', o: { linkType: 1, tsresol: 6, littleEndian: true } },
  { name: 'big-endian, nanoseconds', o: { linkType: 113, tsresol: 9, littleEndian: false } },
  { name: 'binary fractions (2^-20 s)', o: { linkType: 276, tsresol: 0x80 | 20, littleEndian: true } },
] as const;

/** What a resolution keeps of a time: whole units, rounded down. */
function truncated(ns: bigint, tsresol: number): bigint {
  const perSec = (tsresol & 0x80) === 0 ? 10n ** BigInt(tsresol) : 2n ** BigInt(tsresol & 0x7f);
  return (((ns * perSec) / 1_000_000_000n) * 1_000_000_000n) / perSec;
}

for (const c of cases) {
  t.test(c.name, async (t) => {
    const r = readPcapng(pcapngFile(records, c.o));
    if (!r.ok) throw new Error(r.message);
    t.equal(r.format, 'pcapng');
    t.same(r.records.map((x) => x.timeNs), records.map((x) => truncated(x.timeNs, c.o.tsresol)));
    t.same(r.records.map((x) => x.linkType), [c.o.linkType, c.o.linkType]);
    t.same(r.records.map((x) => Array.from(x.data)), records.map((x) => Array.from(x.data)));
    t.same(r.records.map((x) => x.origLen), [5, 1500]);
  });
}

t.test('simple packet blocks and several sections in one file', async (t) => {
  const a = pcapngFile(records, { linkType: 1, tsresol: 9, littleEndian: true });
  const b = pcapngFile(records, { linkType: 101, tsresol: 6, littleEndian: false, simple: true });
  const r = readPcapng(new Uint8Array([...a, ...b]));
  if (!r.ok) throw new Error(r.message);
  t.same(r.records.map((x) => x.frame), [1, 2, 3, 4]);
  t.same(r.records.map((x) => x.linkType), [1, 1, 101, 101], 'the second section has its own interfaces');
  t.equal(r.records[2]!.timeNs, r.records[1]!.timeNs, 'a simple block has no time: the previous one is kept');
  t.same(Array.from(r.records[2]!.data), [0x45, 1, 2, 3, 4], 'its length is the original length, not the padded block');
});

t.test('errors name what is wrong and where', async (t) => {
  const whole = pcapngFile(records, { linkType: 1, tsresol: 6, littleEndian: true });
  t.match(readPcapng(whole.subarray(0, whole.length - 4)), { ok: false, message: /^truncated: block at byte \d+ needs \d+ bytes, \d+ left$/ });
  t.match(readPcapng(whole.subarray(0, whole.length - 30)), { ok: false, message: /^truncated: block at byte/ });
  const badBom = whole.slice();
  badBom[8] = 0;
  t.match(readPcapng(badBom), { ok: false, message: 'not a pcapng file: bad byte-order magic in the section header at byte 0' });
  const noIface = pcapngFile(records, { linkType: 1, tsresol: 6, littleEndian: true }).slice();
  // The first EPB (after a 28-byte SHB and a 32-byte IDB) names interface 0: make it 5.
  noIface[60 + 8] = 5;
  t.match(readPcapng(noIface), { ok: false, message: 'corrupt: frame 1 names interface 5, which no interface block describes' });
  const badLen = whole.slice();
  badLen[4] = 13;
  t.match(readPcapng(badLen), { ok: false, message: 'corrupt: block at byte 0 has length 13' });
  t.match(readPcapng(new Uint8Array([1, 2, 3, 4, 5])), { ok: false, message: 'not a pcapng file (no Section Header Block)' });
});

const tshark = hasTool('tshark');
// Outside CI a missing tshark skips; in CI (.ci/run installs it) it fails.
const skip = tshark || process.env['CI'] ? false : 'tshark is not on PATH (apt-get install tshark)';

t.test('tshark reads the same frames, times and lengths', { skip }, async (t) => {
  t.ok(tshark, 'tshark is installed');
  const dir = mkdtempSync(join(tmpdir(), 'tcpdrill-pcapng-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  for (const c of cases) {
    const bytes = pcapngFile(records, c.o);
    const file = join(dir, 'x.pcapng');
    writeFileSync(file, bytes);
    const ours = readPcapng(bytes);
    if (!ours.ok) throw new Error(ours.message);
    const out = execFileSync('tshark', ['-r', file, '-T', 'fields', '-E', 'separator=,', '-e', 'frame.number', '-e', 'frame.time_epoch', '-e', 'frame.len', '-e', 'frame.cap_len'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const theirs = out.trim().split('\n').map((l) => l.split(','));
    const mine = ours.records.map((r) => [String(r.frame), `${r.timeNs / 1_000_000_000n}.${(r.timeNs % 1_000_000_000n).toString().padStart(9, '0')}`, String(r.origLen), String(r.data.length)]);
    // tshark prints 9 decimals for every resolution; a binary fraction may differ in the last digit.
    const close = (a: string[][], b: string[][]) => a.map((r) => [r[0], r[1]!.slice(0, 18), r[2], r[3]]).join('|') === b.map((r) => [r[0], r[1]!.slice(0, 18), r[2], r[3]]).join('|');
    t.ok(close(theirs, mine), c.name, { theirs, mine });
  }
});
