import t from 'tap';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pcapHeader, pcapRecord } from '../../../src/runner/wire/pcap.js';
import { buildInbound } from '../../../src/runner/script/build.js';
import { concat, toHex } from '../../../src/runner/wire/wire.js';
import { established, opt, tcp } from '../fixtures/ast.js';

t.test('header: nanosecond magic, 2.4, snaplen 262144, LINKTYPE_RAW', async (t) => {
  t.equal(toHex(pcapHeader()), '4d3cb2a1' + '02000400' + '00000000' + '00000000' + '00000400' + '65000000');
  t.equal(toHex(pcapRecord(1_500_000_001n, new Uint8Array([0x45])).subarray(0, 16)), '01000000' + '0165cd1d' + '01000000' + '01000000');
});

const hasTshark = (() => {
  try {
    execFileSync('tshark', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

t.test('tshark reads a handshake with options', { skip: hasTshark ? false : 'tshark is not on PATH' }, async (t) => {
  const conn = established();
  const lines = [
    tcp('inbound', 'S', 0, 0, { win: 65535, options: [opt.mss(1460), opt.sackOK, opt.ts(700, 0), opt.nop, opt.wscale(7)] }),
    tcp('inbound', '.', 1, 0, { ack: 1, win: 502 }),
  ];
  const records = lines.map((l, i) => {
    const r = buildInbound(l, conn, { ipVersion: 4, tsEcrScaled: false });
    if (!r.ok) throw new Error(r.reason);
    return pcapRecord(BigInt(i) * 1_000_000n, r.bytes);
  });
  const dir = mkdtempSync(join(tmpdir(), 'tcpdrill-pcap-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'handshake.pcap');
  writeFileSync(file, concat([pcapHeader(), ...records]));
  const out = execFileSync('tshark', ['-r', file, '-T', 'fields', '-E', 'separator=,', '-e', 'tcp.flags', '-e', 'tcp.seq_raw', '-e', 'tcp.ack_raw', '-e', 'tcp.options.mss_val', '-e', 'tcp.options.wscale.shift', '-e', 'tcp.options.timestamp.tsval', '-e', 'frame.time_epoch'], { encoding: 'utf8' });
  const rows = out.trim().split('\n').map((r) => r.split(','));
  t.same(rows[0]!.slice(0, 6), ['0x0002', '0', '0', '1460', '7', '700']);
  t.same(rows[1]!.slice(0, 3), ['0x0010', '1001', '5000001']);
  t.match(rows[1]![6], /^0?\.001000000|^0\.001/);
});
