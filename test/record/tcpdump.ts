// A real capture: Debian's tcpdump records a short conversation between two Node
// sockets on the loopback of a private namespace (MTU 1500, so the MSS is the one the
// replay's TUN device gives), once with `-i any` (Linux cooked v2, microseconds) and
// once with `-i lo` (Ethernet, nanoseconds); tshark rewrites the first as pcapng. All
// three record to the same script, and the script passes against the kernel.
import t from 'tap';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runJson } from '../helpers/cli.js';
import { recordCli } from '../helpers/record-cli.js';
import { hasTool } from '../helpers/tools.js';

const TALK = fileURLToPath(new URL('../helpers/tcpdump-talk.mjs', import.meta.url));

const missing = ['tcpdump', 'tshark', 'unshare', 'ip'].filter((tool) => !hasTool(tool));
// .ci/run installs them; only a machine outside CI may lack them.
const skip = missing.length === 0 || process.env['CI'] ? false : `not installed: ${missing.join(', ')} (apt-get install tcpdump tshark)`;

t.test('a tcpdump capture records to a script that passes', { skip }, async (t) => {
  t.same(missing, [], 'tcpdump, tshark, unshare and ip are installed');
  const dir = mkdtempSync(join(tmpdir(), 'tcpdrill-tcpdump-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const any = join(dir, 'any.pcap');
  const lo = join(dir, 'lo.pcap');
  // tcpdump writes each packet at once (-U, --immediate-mode) and stays root (-Z root)
  // so it can write into the test's directory; the conversation starts once both listen.
  const shell = `
    ip link set lo mtu 1500 up
    tcpdump -i any --immediate-mode -Z root -U -w '${any}' tcp 2>'${dir}/any.err' & a=$!
    tcpdump -i lo --immediate-mode --time-stamp-precision=nano -Z root -U -w '${lo}' tcp 2>'${dir}/lo.err' & b=$!
    for i in $(seq 100); do grep -q listening '${dir}/any.err' && grep -q listening '${dir}/lo.err' && break; sleep 0.05; done
    '${process.execPath}' '${TALK}'
    sleep 0.2
    kill $a $b; wait $a $b
    cat '${dir}/any.err' '${dir}/lo.err'`;
  const run = spawnSync('unshare', ['-n', 'sh', '-ec', shell], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  t.equal(run.status, 0, 'the capture ran', { stderr: run.stderr, stdout: run.stdout });
  t.match(run.stdout + run.stderr, /LINUX_SLL2/, 'tcpdump -i any writes Linux cooked v2');
  const ng = join(dir, 'any.pcapng');
  execFileSync('tshark', ['-r', any, '-F', 'pcapng', '-w', ng], { stdio: 'ignore' });

  const scripts = [any, lo, ng].map((file) => recordCli(['--states', file]));
  for (const s of scripts) t.equal(s.status, 0, 'recorded', { stderr: s.stderr });
  const [fromAny, fromLo, fromNg] = scripts.map((s) => s.stdout);
  t.match(fromAny, /^\/\/ Local side, under test: 127\.0\.0\.1:8080, passive open/m, 'the accepting side is under test');
  t.match(fromAny, /read\(4, \.\.\., 100\) = 100[\s\S]*write\(4, \.\.\., 200\) = 200[\s\S]*read\(4, \.\.\., 1000\) = 0[\s\S]*close\(4\) = 0/);
  // The two taps see each packet a few µs apart: compare everything but times.
  const shape = (s: string | undefined): string => (s ?? '').split('\n').slice(1).map((l) => l.replace(/^[\d.~+]+\s+/, '').replace(/\s+\/\/ [\d.]+( #.*)?$/, '')).join('\n');
  t.equal(shape(fromLo), shape(fromAny), 'Ethernet (-i lo) records to the same script');
  t.equal(fromNg?.split('\n').slice(1).join('\n'), fromAny?.split('\n').slice(1).join('\n'), 'tshark’s pcapng of it records to the same script');

  const script = join(dir, 'recorded.pkt');
  writeFileSync(script, fromAny ?? '');
  const report = runJson(['--strict', script]);
  const r = report.results[0];
  t.equal(r?.verdict, 'pass', 'the recorded script passes against the kernel', { failure: r?.failure, script: fromAny });
});
