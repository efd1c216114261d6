import t from 'tap';
import fc from 'fast-check';
import { type Packet, decodeFrame, decodeDatagram, encodeDatagram } from '../../../src/runner/wire/frame.js';
import { decodeVirtio, encodeVirtio } from '../../../src/runner/wire/virtio.js';
import { decodeQuoted } from '../../../src/runner/wire/icmp.js';
import { withVnetHeader } from '../../../src/runner/script/build.js';
import { seq } from '../../../src/runner/wire/seq.js';
import { toHex } from '../../../src/runner/wire/wire.js';

const A4 = new Uint8Array([192, 0, 2, 1]);
const B4 = new Uint8Array([192, 168, 0, 2]);
const A6 = new Uint8Array([0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
const B6 = new Uint8Array([0xfd, 0x3d, 0xfa, 0x7b, 0xd1, 0x7d, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2]);

const ip4 = (protocol: number, tos = 0) => ({ version: 4 as const, tos, headerLength: 20, totalLength: 0, id: 7, fragOff: 0x4000, ttl: 64, protocol, checksum: 0, src: A4, dst: B4, options: new Uint8Array(0) });
const ip6 = (nextHeader: number, flowLabel = 0) => ({ version: 6 as const, trafficClass: 2, flowLabel, payloadLength: 0, nextHeader, hopLimit: 64, src: A6, dst: B6 });

/** Re-decode and compare with the lengths and checksums the encoder filled in. */
function roundTrip(p: Packet): { ok: boolean; again: Uint8Array; bytes: Uint8Array } {
  const bytes = encodeDatagram(p);
  const d = decodeDatagram(bytes);
  if (!d.ok) return { ok: false, again: new Uint8Array(0), bytes };
  const again = encodeDatagram(d.packet, { fixLengths: false, computeChecksum: false });
  return { ok: true, again, bytes };
}

const tcp = { srcPort: 8080, dstPort: 50000, seq: seq(0xfffffff0), ack: seq(1), dataOffset: 5, reserved: 0, flags: 0x18, window: 502, checksum: 0, urgent: 0, options: [], payload: new Uint8Array(1000) };
const samples: { name: string; p: Packet }[] = [
  { name: 'IPv4 TCP', p: { ip: ip4(6), l4: { kind: 'tcp', tcp } } },
  { name: 'IPv6 TCP', p: { ip: ip6(6, 0x12345), l4: { kind: 'tcp', tcp } } },
  { name: 'IPv4 UDP', p: { ip: ip4(17), l4: { kind: 'udp', udp: { srcPort: 1, dstPort: 2, length: 0, checksum: 0, payload: new Uint8Array(100) } } } },
  { name: 'IPv6 UDP', p: { ip: ip6(17), l4: { kind: 'udp', udp: { srcPort: 1, dstPort: 2, length: 0, checksum: 0, payload: new Uint8Array(3) } } } },
  { name: 'ICMPv4', p: { ip: ip4(1), l4: { kind: 'icmp', icmp: { version: 4, type: 3, code: 4, checksum: 0, rest: 1200, payload: new Uint8Array(28) } } } },
  { name: 'ICMPv6', p: { ip: ip6(58), l4: { kind: 'icmp', icmp: { version: 6, type: 2, code: 0, checksum: 0, rest: 1280, payload: new Uint8Array(48) } } } },
  { name: 'other protocol', p: { ip: ip4(47), l4: { kind: 'other', protocol: 47, payload: new Uint8Array([1, 2, 3, 4]) } } },
];

for (const s of samples) {
  t.test(`round trip: ${s.name}`, async (t) => {
    const r = roundTrip(s.p);
    t.ok(r.ok);
    t.equal(toHex(r.again), toHex(r.bytes), 'decode then encode reproduces every byte');
  });
}

t.test('virtio header: little-endian fields, round trip', async (t) => {
  const h = { flags: 1, gsoType: 1, hdrLen: 0x0102, gsoSize: 1448, csumStart: 20, csumOffset: 16 };
  t.equal(toHex(encodeVirtio(h)), '01010201a805140010 00'.replace(/ /g, ''));
  t.same(decodeVirtio(encodeVirtio(h)), { ok: true, value: h });
  t.match(decodeVirtio(new Uint8Array(9)), { ok: false, field: 'virtio_net_hdr' });
});

t.test('decodeFrame strips the vnet header; TSO super-segments larger than the MTU decode', async (t) => {
  const big = { ip: ip4(6), l4: { kind: 'tcp' as const, tcp: { ...tcp, payload: new Uint8Array(60000) } } };
  const frame = withVnetHeader(encodeDatagram(big), 1448);
  const d = decodeFrame(frame, { vnetHeader: true });
  t.ok(d.ok);
  if (d.ok) {
    t.equal(d.vnet?.gsoType, 1);
    t.equal(d.vnet?.gsoSize, 1448);
    t.equal(d.vnet?.hdrLen, 0, 'as packetdrill writes it');
    t.equal(d.packet.l4.kind === 'tcp' && d.packet.l4.tcp.payload.length, 60000);
  }
  t.match(decodeFrame(frame.subarray(10), { vnetHeader: false }), { ok: true });
  t.match(decodeFrame(new Uint8Array(0), { vnetHeader: false }), { ok: false, field: 'ip' });
  t.match(decodeFrame(new Uint8Array([0x50, 0]), { vnetHeader: false }), { ok: false, field: 'ip_version' });
});

t.test('TCP/UDP checksums are never verified (offload)', async (t) => {
  const bytes = encodeDatagram(samples[0]!.p, { computeChecksum: false });
  bytes[10] = 0; bytes[11] = 0;
  const withIpSum = encodeDatagram(samples[0]!.p);
  withIpSum[36] = 0x12; // garbage TCP checksum
  t.match(decodeDatagram(withIpSum), { ok: true });
});

t.test('quoted packet inside an ICMP error', async (t) => {
  const inner = encodeDatagram(samples[0]!.p).subarray(0, 28);
  t.match(decodeQuoted(inner, 4), { ok: true, value: { protocol: 6, srcPort: 8080, dstPort: 50000, word1: 0xfffffff0 } });
  t.match(decodeQuoted(inner.subarray(0, 10), 4), { ok: false, field: 'icmp_quoted' });
});

t.test('property: TCP over IPv4/IPv6 round-trips', async (t) => {
  fc.assert(
    fc.property(
      fc.boolean(), fc.nat({ max: 0xffffffff }), fc.nat({ max: 0xffffffff }), fc.nat({ max: 0x1ff }),
      fc.nat({ max: 0xffff }), fc.nat({ max: 255 }), fc.nat({ max: 2000 }), fc.nat({ max: 0xfffff }),
      (v6, s, a, flags, win, tos, len, label) => {
        const body = { ...tcp, seq: seq(s), ack: seq(a), flags, window: win, payload: new Uint8Array(len) };
        const p: Packet = { ip: v6 ? ip6(6, label) : ip4(6, tos), l4: { kind: 'tcp', tcp: body } };
        const r = roundTrip(p);
        return r.ok && toHex(r.again) === toHex(r.bytes);
      },
    ),
    { numRuns: 150 },
  );
  t.pass('held for all generated packets');
});
