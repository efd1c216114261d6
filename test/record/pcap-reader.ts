// Classic pcap: both byte orders, micro- and nanosecond magic, and clear errors for
// files that are cut short or are not pcap at all.
import t from 'tap';
import { readPcap } from '../../src/record/pcap-reader.js';
import { pcapFile } from '../helpers/capture-files.js';

const records = [
  { timeNs: 1_700_000_000_123_456_789n, data: new Uint8Array([0x45, 1, 2, 3]) },
  { timeNs: 1_700_000_001_000_000_001n, data: new Uint8Array([0x60, 9]), origLen: 1500 },
];

for (const littleEndian of [true, false]) {
  for (const nano of [true, false]) {
    t.test(`${littleEndian ? 'little' : 'big'}-endian, ${nano ? 'nano' : 'micro'}seconds`, async (t) => {
      const r = readPcap(pcapFile(records, { linkType: 113, nano, littleEndian }));
      if (!r.ok) throw new Error(r.message);
      t.equal(r.format, 'pcap');
      t.same(r.records.map((x) => x.frame), [1, 2]);
      t.same(r.records.map((x) => x.linkType), [113, 113]);
      t.same(r.records.map((x) => x.timeNs), nano ? [1_700_000_000_123_456_789n, 1_700_000_001_000_000_001n] : [1_700_000_000_123_456_000n, 1_700_000_001_000_000_000n]);
      t.same(r.records.map((x) => Array.from(x.data)), [[0x45, 1, 2, 3], [0x60, 9]]);
      t.same(r.records.map((x) => x.origLen), [4, 1500]);
    });
  }
}

t.test('errors name what is wrong and where', async (t) => {
  const whole = pcapFile(records, { linkType: 1, nano: true, littleEndian: true });
  t.match(readPcap(whole.subarray(0, 10)), { ok: false, message: 'truncated: the pcap file header needs 24 bytes, the file has 10' });
  t.match(readPcap(whole.subarray(0, 30)), { ok: false, message: 'truncated: frame 1 at byte 24 has an incomplete record header' });
  t.match(readPcap(whole.subarray(0, whole.length - 1)), { ok: false, message: 'truncated: frame 2 at byte 44 needs 2 bytes, 1 left' });
  t.match(readPcap(new TextEncoder().encode('hello, world, this is text')), { ok: false, message: 'not a pcap file (unknown magic number)' });
  const empty = readPcap(whole.subarray(0, 24));
  t.match(empty, { ok: true, records: [] }, 'a header alone is a valid, empty capture');
});
