// Which command lines start a child before the CLI loads (src/cli/first-child.ts).
// What happens to that child, served or not, is test/runner/suite/spares.ts's.
import t from 'tap';
import { wantsFirstChild } from '../../src/cli/first-child.js';

t.test('a run without a pcap directory wants its child early', async (t) => {
  t.ok(wantsFirstChild(['run', 'a.pkt']));
  t.ok(wantsFirstChild(['run', '-j', '1', 'tcp/']));
  t.ok(wantsFirstChild(['run', '--tolerance_usecs=5000', 'a.pkt']), "packetdrill's spellings too");
});

t.test('nothing else does', async (t) => {
  t.notOk(wantsFirstChild([]), 'no command');
  t.notOk(wantsFirstChild(['check', 'a.pkt']));
  t.notOk(wantsFirstChild(['a.pkt', 'run']), 'run must be the command, not an argument');
  t.notOk(wantsFirstChild(['run', '--help']));
  t.notOk(wantsFirstChild(['run', '-h', 'a.pkt']));
  t.notOk(wantsFirstChild(['run', '--pcap', 'out', 'a.pkt']), 'a pcap run needs children started with a pcap file');
  t.notOk(wantsFirstChild(['run', '--pcap=out', 'a.pkt']));
});
