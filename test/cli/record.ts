// `tcpdrill record`: output, -o, --list, and one-line errors (exit 2) for every bad
// input; `tcpdrill check` accepts what it writes.
import t from 'tap';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCheck } from '../../src/cli/check.js';
import { runRecord, type RecordOptions } from '../../src/cli/record.js';
import { captureOutput } from '../helpers/output.js';
import { conversation } from '../helpers/tcp-capture.js';

const record = (file: string, opts: RecordOptions = {}) => captureOutput(async () => runRecord(file, opts));

const dir = mkdtempSync(join(tmpdir(), 'tcpdrill-record-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));
const good = join(dir, 'handshake.pcap');
writeFileSync(good, conversation([
  { ms: 0, from: 'client', flags: 'S', seq: 0 },
  { ms: 0.1, from: 'server', flags: 'S.', seq: 0, ack: 1 },
  { ms: 10, from: 'client', flags: '.', seq: 1, ack: 1 },
]));
const two = join(dir, 'two.pcap');
writeFileSync(two, conversation([{ ms: 0, from: 'client', flags: 'S', seq: 0 }, { ms: 1, from: 'client', flags: 'S', seq: 0, clientPort: 4000 }]));

t.test('the script goes to stdout, or to -o; check accepts it', async (t) => {
  const r = await record(good, { states: true });
  t.equal(r.status, 0);
  t.equal(r.err, '');
  t.match(r.out, /^\/\/ Recorded by tcpdrill record from handshake\.pcap/);
  t.match(r.out, /accept\(3, \.\.\., \.\.\.\) = 4/);
  const file = join(dir, 'out.pkt');
  t.equal((await record(good, { output: file, states: true })).status, 0);
  t.equal(readFileSync(file, 'utf8'), r.out);
  const checked = await captureOutput(() => runCheck([file], { define: [] }));
  t.equal(checked.status, 0, 'tcpdrill check accepts it', { err: checked.err });
});

t.test('--list prints the connections', async (t) => {
  const r = await record(two, { list: true });
  t.equal(r.status, 0);
  t.equal(r.out.trim().split('\n').length, 3);
});

t.test('bad inputs: one line on stderr, exit 2, no stack trace', async (t) => {
  const cases: [string, RecordOptions, string][] = [
    [join(dir, 'missing.pcap'), {}, 'missing.pcap: no such file or directory'],
    [dir, {}, ': is a directory'],
    [two, {}, 'two.pcap: the capture holds 2 TCP connections: choose one with --flow (see --list)'],
    [two, { flow: '7' }, 'no connection 7: the capture holds 2 (see --list)'],
    [good, { local: '10.9.9.9:1' }, '--local 10.9.9.9:1 is neither end of connection 1'],
    [good, { output: join(dir, 'no', 'such', 'dir.pkt') }, 'no such file or directory'],
  ];
  const text = join(dir, 'text.pcap');
  writeFileSync(text, 'this is not a capture at all\n');
  cases.push([text, {}, 'not a capture file: neither pcap nor pcapng']);
  const cut = join(dir, 'cut.pcap');
  writeFileSync(cut, readFileSync(good).subarray(0, 70));
  cases.push([cut, {}, 'cut.pcap: truncated: frame 1 at byte 24 needs 40 bytes, 30 left']);
  const empty = join(dir, 'empty.pcap');
  writeFileSync(empty, readFileSync(good).subarray(0, 24));
  cases.push([empty, {}, 'the capture holds no packets']);
  const noTcp = join(dir, 'arp.pcap');
  const arp = readFileSync(good).subarray(0, 24);
  arp[20] = 1; // Ethernet, then one ARP frame
  writeFileSync(noTcp, Buffer.concat([arp, Buffer.from([0, 0, 0, 0, 0, 0, 0, 0, 15, 0, 0, 0, 15, 0, 0, 0]), Buffer.from([...new Array<number>(12).fill(0), 8, 6, 0])]));
  cases.push([noTcp, {}, 'no TCP segments in 1 frames (1 not TCP)']);
  for (const [file, opts, message] of cases) {
    const r = await record(file, opts);
    t.equal(r.status, 2, message);
    t.match(r.err, message);
    t.equal(r.err.trim().split('\n').length, 1, 'one line');
    t.notMatch(r.err, /\n\s+at /, 'no stack trace');
  }
});
