// Expanding files into runs: variants the way packetdrill's runner picks them,
// a deterministic shard split, and the order runs start in.
import t from 'tap';
import { parseScript } from '../../../src/grammar/index.js';
import { pcapNames, planRuns, startOrder, variantsOf, type ScriptEntry } from '../../../src/runner/suite/suite.js';

t.test('variants (script-language.md §1.2)', async (t) => {
  t.same(variantsOf('a.pkt', 'all'), ['ipv4', 'ipv6', 'ipv4-mapped-ipv6']);
  t.same(variantsOf('a-v4.pkt', 'all'), ['ipv4', 'ipv4-mapped-ipv6'], 'v4.pkt skips IPv6');
  t.same(variantsOf('a-v6.pkt', 'all'), ['ipv6'], 'v6.pkt runs only over IPv6');
  t.same(variantsOf('a-v6.pkt', 'ipv4'), ['ipv4'], 'an explicit choice wins');
});

t.test('shards partition the runs', async (t) => {
  const files = ['a.pkt', 'b.pkt', 'c.pkt'];
  const all = planRuns(files, 'all', undefined);
  t.equal(all.length, 9);
  const shards = [1, 2, 3, 4].map((index) => planRuns(files, 'all', { index, count: 4 }));
  t.same(shards.map((s) => s.length), [3, 2, 2, 2]);
  const union = shards.flat().map((r) => `${r.file}|${r.ipVersion}`).sort();
  t.same(union, all.map((r) => `${r.file}|${r.ipVersion}`).sort(), 'every run in exactly one shard');
  t.same(planRuns(files, 'all', { index: 2, count: 4 }), shards[1], 'deterministic');
});

t.test('pcap files are named after the script path and variant, and never collide', async (t) => {
  const runs = [
    { file: 'fixtures/close/simultaneous-close.pkt', ipVersion: 'ipv6' },
    { file: 'a/basic.pkt', ipVersion: 'ipv4' },
    { file: 'b/basic.pkt', ipVersion: 'ipv4' },
    { file: '/srv/proj/c/basic.pkt', ipVersion: 'ipv4' },
    { file: '../other/basic.pkt', ipVersion: 'ipv4' },
    { file: 'x_y/basic.pkt', ipVersion: 'ipv4' },
    { file: 'x/y_basic.pkt', ipVersion: 'ipv4' },
    { file: 'a/basic.pkt', ipVersion: 'ipv6' },
  ] as const;
  const names = pcapNames(runs, '/srv/proj');
  t.same(names, [
    'fixtures_close_simultaneous-close.ipv6.pcap',
    'a_basic.ipv4.pcap',
    'b_basic.ipv4.pcap',
    'c_basic.ipv4.pcap',
    'other_basic.ipv4.pcap',
    'x_y_basic.ipv4.pcap',
    'x_y_basic-2.ipv4.pcap',
    'a_basic.ipv6.pcap',
  ]);
  t.equal(new Set(names).size, names.length, 'all different');
});

t.test('runs start longest timeline first, ties in plan order', async (t) => {
  const parsed = (text: string): ScriptEntry => ({ ok: true, source: text, script: parseScript(text, 'x.pkt').script! });
  const scripts = new Map([
    ['short.pkt', parsed('0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0.1 close(3) = 0\n')],
    ['long.pkt', parsed('0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+2 close(3) = 0\n')],
  ]);
  const runs = planRuns(['short.pkt', 'long.pkt'], 'all', undefined);
  t.same(startOrder(runs, scripts), [3, 4, 5, 0, 1, 2]);
});
