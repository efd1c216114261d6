import t from 'tap';
import { readFileSync } from 'node:fs';
import { defaultConfig } from '../../../src/runner/config.js';
import { maskAddress, netmaskLength, setupSteps } from '../../../src/runner/kernel/tun.js';
import { ipBytes } from '../../../src/runner/wire/address.js';
import { DIST_READY, IP_VERSIONS, runScenario } from '../../helpers/namespace.js';

interface Link {
  flags: string[];
  mtu: number;
  addr_info: Array<{ family: string; local: string; prefixlen: number; nodad?: boolean }>;
}

t.test('address helpers', async (t) => {
  t.equal(netmaskLength('255.255.0.0'), 16);
  t.equal(netmaskLength('255.255.255.128'), 25);
  t.equal(maskAddress('192.0.2.77', 24), '192.0.2.0');
  t.equal(maskAddress('fd3d:fa7b:d17d::1', 48), 'fd3d:fa7b:d17d:0:0:0:0:0');
  t.same([...ipBytes('::ffff:1.2.3.4')], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255, 1, 2, 3, 4]);
  t.same([...ipBytes('fd3d:a0b::1')].slice(0, 4), [0xfd, 0x3d, 0x0a, 0x0b]);
});

t.test('set-up commands follow packetdrill: mtu, address, up, route via gateway, and no qdisc', async (t) => {
  const v6 = setupSteps(defaultConfig('ipv6'), 7).map((step) => step.what);
  t.same(v6, [
    'ip link set dev tun0 mtu 1520',
    'ip -6 addr add fd3d:0a0b:17d6::1/48 dev tun0 nodad',
    'ip link set dev tun0 up',
    'ip -6 route replace fd3d:fa7b:d17d:0:0:0:0:1/128 via fd3d:0a0b:17d6:8888::1 dev tun0',
  ]);
  const v4 = setupSteps(defaultConfig('ipv4-mapped-ipv6'), 7);
  t.equal(v4[0]!.what, 'ip -4 addr add 192.168.0.1/16 dev tun0', 'mapped mode uses IPv4 on tun0');
  t.match(v4[0]!.request, { kind: 'addr', local: Uint8Array.of(192, 168, 0, 1), prefix: 16, nodad: false });
  t.match(v4[2]!.retry, { what: /onlink$/, request: { kind: 'route', onlink: true } });
});

for (const ipVersion of IP_VERSIONS) {
  t.test(`tun0 comes up for ${ipVersion}`, { skip: !DIST_READY && 'npm run build first' }, async (t) => {
    const cfg = defaultConfig(ipVersion);
    const r = await runScenario('setup', ipVersion);
    const link = (r['addr'] as Link[])[0]!;
    t.ok(link.flags.includes('UP'), 'link up');
    t.ok(link.flags.includes('NOARP'), 'a TUN device: no neighbour discovery');
    t.equal(link.mtu, cfg.mtu ?? 1500);
    const family = ipVersion === 'ipv6' ? 'inet6' : 'inet';
    t.same(link.addr_info.map((a) => a.family), [family], 'only the local address: no link-local, no IPv6 in IPv4 modes');
    const addr = link.addr_info[0]!;
    t.equal(addr.prefixlen, ipVersion === 'ipv6' ? 48 : 16);
    t.equal(ipBytes(addr.local).join(), ipBytes(cfg.localIp).join());
    const routes = r['route'] as Array<{ dst: string; gateway?: string }>;
    const remote = routes.find((x) => x.gateway !== undefined)!;
    t.equal(ipBytes(remote.dst).join(), ipBytes(cfg.remoteIp).join(), 'host route to the remote address');
    t.equal(ipBytes(remote.gateway!).join(), ipBytes(cfg.gatewayIp).join(), 'via the gateway');
    // The kernel's default, as under packetdrill: scripts install their own.
    const qdisc = (r['qdisc'] as Array<{ kind: string; root?: boolean }>)[0]!;
    t.same([qdisc.kind, qdisc.root], [readFileSync('/proc/sys/net/core/default_qdisc', 'utf8').trim(), true]);
  });
}
