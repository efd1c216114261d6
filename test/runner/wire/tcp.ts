import t from 'tap';
import { emitTcp, decodeTcp, type TcpRepr } from '../../../src/runner/wire/tcp.js';
import { emitIpv4, decodeIpv4, type Ipv4Repr } from '../../../src/runner/wire/ipv4.js';
import { seq } from '../../../src/runner/wire/seq.js';
import { transportChecksum, sumWords, finish } from '../../../src/runner/wire/checksum.js';
import { fromHex, toHex } from '../../../src/runner/wire/wire.js';

const hex = (s: string): Uint8Array => fromHex(s.replace(/\s+/g, ''));
const PSEUDO = { src: new Uint8Array([192, 0, 2, 1]), dst: new Uint8Array([192, 168, 0, 2]), protocol: 6 };

const SYN: TcpRepr = {
  srcPort: 50000, dstPort: 8080, seq: seq(0), ack: seq(0), dataOffset: 10, reserved: 0, flags: 0x002,
  window: 65535, checksum: 0, urgent: 0,
  options: [{ kind: 'mss', value: 1460 }, { kind: 'sackOK' }, { kind: 'timestamp', val: 700, ecr: 0 }, { kind: 'nop' }, { kind: 'wscale', shift: 7 }],
  payload: new Uint8Array(0),
};

// < S 0:0(0) win 65535 <mss 1460,sackOK,TS val 700 ecr 0,nop,wscale 7>   (checksum left 0)
const SYN_BYTES = hex(`c350 1f90 00000000 00000000 a002 ffff 0000 0000
  020405b4 0402 080a000002bc00000000 01 030307`);

t.test('TCP SYN golden bytes, emitted into a 0xa5 buffer', async (t) => {
  const buf = new Uint8Array(SYN_BYTES.length).fill(0xa5);
  emitTcp(SYN, buf, PSEUDO, { computeChecksum: false });
  t.equal(toHex(buf), toHex(SYN_BYTES));
  t.same(decodeTcp(SYN_BYTES), { ok: true, value: SYN });
});

t.test('computed checksum makes the pseudo-header sum fold to zero', async (t) => {
  const buf = new Uint8Array(SYN_BYTES.length).fill(0xa5);
  emitTcp(SYN, buf, PSEUDO);
  t.not(toHex(buf.subarray(16, 18)), '0000');
  t.equal(transportChecksum(PSEUDO, buf), 0);
});

t.test('fixLengths=false writes a bad data offset as given', async (t) => {
  const buf = new Uint8Array(SYN_BYTES.length);
  emitTcp({ ...SYN, dataOffset: 3 }, buf, PSEUDO, { fixLengths: false });
  t.equal(buf[12]! >> 4, 3);
  t.same(decodeTcp(buf), { ok: false, field: 'tcp_data_offset', reason: 'header length 12 < 20' });
});

t.test('truncated and oversize headers', async (t) => {
  t.same(decodeTcp(SYN_BYTES.subarray(0, 19)), { ok: false, field: 'tcp', reason: 'truncated: 19 < 20 bytes' });
  t.match(decodeTcp(SYN_BYTES.subarray(0, 24)), { ok: false, field: 'tcp_data_offset' });
});

t.test('every flag bit and the reserved bits survive', async (t) => {
  const r: TcpRepr = { ...SYN, options: [], dataOffset: 5, flags: 0x1ff, reserved: 7 };
  const buf = new Uint8Array(20);
  emitTcp(r, buf, PSEUDO, { computeChecksum: false });
  t.equal(toHex(buf.subarray(12, 14)), '5fff');
  t.same(decodeTcp(buf), { ok: true, value: r });
});

// IPv4 header of the SYN above: 192.0.2.1 > 192.168.0.2, ttl 255, id 0, no DF.
const IP4: Ipv4Repr = {
  version: 4, tos: 0, headerLength: 20, totalLength: 60, id: 0, fragOff: 0, ttl: 255, protocol: 6,
  checksum: 0, src: PSEUDO.src, dst: PSEUDO.dst, options: new Uint8Array(0),
};

t.test('IPv4 golden header and checksum (RFC 1071)', async (t) => {
  const buf = new Uint8Array(20).fill(0xa5);
  emitIpv4(IP4, buf, 40);
  t.equal(toHex(buf.subarray(0, 10)), '4500003c00000000ff06');
  t.equal(finish(sumWords(buf)), 0, 'checksum valid');
  const whole = new Uint8Array(60);
  whole.set(buf);
  const d = decodeIpv4(whole);
  t.ok(d.ok);
  if (d.ok) t.same(d.value.repr, { ...IP4, checksum: (buf[10]! << 8) | buf[11]! });
});

t.test('IPv4 malformed headers name their field', async (t) => {
  const buf = new Uint8Array(60);
  emitIpv4(IP4, buf, 40);
  const bad = buf.slice();
  bad[11] = bad[11]! ^ 1;
  t.match(decodeIpv4(bad), { ok: false, field: 'ipv4_checksum' });
  t.match(decodeIpv4(buf.subarray(0, 50)), { ok: false, field: 'ipv4_total_length' });
  const frag = new Uint8Array(60);
  emitIpv4({ ...IP4, fragOff: 0x2000 }, frag, 40);
  t.match(decodeIpv4(frag), { ok: false, field: 'ipv4_frag_off' });
  t.match(decodeIpv4(buf.subarray(0, 10)), { ok: false, field: 'ipv4' });
});
