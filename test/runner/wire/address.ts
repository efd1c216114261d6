// IP address text ⇄ bytes, the one home (wire/address.ts).
import t from 'tap';
import { formatAddress, formatIp, ipBytes, normaliseIp, parseIpv4, parseIpv6 } from '../../../src/runner/wire/address.js';

t.test('parsing rejects what is not an address', async (t) => {
  for (const bad of ['1.2.3', '1.2.3.256', '1.2.3.4.5', 'a.b.c.d']) t.equal(parseIpv4(bad), undefined, bad);
  for (const bad of ['1::2::3', '1:2:3:4:5:6:7', '12345::', 'g::1', '::1.2.3.999']) t.equal(parseIpv6(bad), undefined, bad);
  t.throws(() => ipBytes('10.0.0'), /bad IP address/);
});

t.test('IPv6 prints in RFC 5952 form and parses back', async (t) => {
  const cases = ['::1', 'fd3d:fa7b:d17d::', '2001:db8::1:0:0:1', '1:0:2:0:3:0:4:5', '::ffff:192.0.2.1'];
  for (const text of cases) t.equal(formatIp(ipBytes(text)), text);
  t.equal(formatIp(ipBytes('2001:DB8:0:0:0:0:0:1')), '2001:db8::1');
});

t.test('sock_diag spelling: IPv4-mapped as a dotted quad, text normalised alike', async (t) => {
  t.equal(formatAddress(ipBytes('::ffff:10.0.0.1')), '10.0.0.1');
  t.equal(normaliseIp('::FFFF:10.0.0.1'), '10.0.0.1');
  t.equal(normaliseIp('2001:DB8:0::1'), formatAddress(ipBytes('2001:db8::1')));
});
