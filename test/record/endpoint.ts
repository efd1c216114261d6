// Addresses as tcpdump and Wireshark print them, and endpoints as users type them.
import t from 'tap';
import { formatAddress, formatEndpoint, parseEndpoint } from '../../src/record/endpoint.js';

const v6 = (hex: string): Uint8Array => new Uint8Array(hex.match(/../g)!.map((h) => parseInt(h, 16)));

t.test('formatAddress: dotted quads and RFC 5952 IPv6', async (t) => {
  t.equal(formatAddress(new Uint8Array([192, 0, 2, 1])), '192.0.2.1');
  t.equal(formatAddress(v6('fd3d0a0b17d600000000000000000001')), 'fd3d:a0b:17d6::1');
  t.equal(formatAddress(v6('00000000000000000000000000000000')), '::');
  t.equal(formatAddress(v6('20010db8000000010000000000000001')), '2001:db8:0:1::1', 'the longer zero run is compressed');
  t.equal(formatAddress(v6('20010db8000100010001000100010001')), '2001:db8:1:1:1:1:1:1', 'no run, no ::');
  t.equal(formatAddress(v6('20010db8000000010001000100010001')), '2001:db8:0:1:1:1:1:1', 'a single zero group stays');
});

t.test('parseEndpoint and formatEndpoint', async (t) => {
  t.same(parseEndpoint('192.0.2.1:80'), { ok: true, endpoint: { addr: '192.0.2.1', port: 80 } });
  t.same(parseEndpoint('[fd3d:0a0b:17d6:0::1]:8080'), { ok: true, endpoint: { addr: 'fd3d:a0b:17d6::1', port: 8080 } });
  t.equal(formatEndpoint({ addr: 'fd3d:a0b:17d6::1', port: 8080 }), '[fd3d:a0b:17d6::1]:8080');
  for (const bad of ['192.0.2.1', '192.0.2.1:99999', 'fd3d::1:80', '[nonsense]:80', 'host:80']) t.notOk(parseEndpoint(bad).ok, bad);
});
