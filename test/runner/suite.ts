// Expanding files into runs: variants the way packetdrill's runner picks them,
// and a deterministic shard split.
import t from 'tap';
import { pcapName, planRuns, variantsOf } from '../../src/runner/suite.js';

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

t.test('pcap files are named after the script and variant', async (t) => {
  t.equal(pcapName({ file: 'fixtures/close/simultaneous-close.pkt', ipVersion: 'ipv6' }), 'simultaneous-close.ipv6.pcap');
});
