// The command line as upstream runners drive it: --version, packetdrill's
// --define spellings, and --ip_version=... taking effect like --ip-version.
import t from 'tap';
import { captureOutput } from '../helpers/output.js';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { runJson } from '../helpers/cli.js';
import { DIST_READY } from '../helpers/namespace.js';

const cli = (args: string[]): ReturnType<typeof captureOutput> => captureOutput(() => main(['node', 'tcpdrill', ...args]));

const dir = mkdtempSync(join(tmpdir(), 'tcpdrill-main-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));
// BAR is no symbol the kernel knows: the script parses only with BAR defined.
const script = join(dir, 'needs-define.pkt');
writeFileSync(script, '0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [BAR], 4) = 0\n+0 close(3) = 0\n');

t.test('--version prints the package version and exits 0', async (t) => {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  for (const flag of ['--version', '-V']) {
    const r = await cli([flag]);
    t.equal(r.status, 0);
    t.equal(r.out, `${pkg.version}\n`);
  }
});

t.test('check takes every --define spelling upstream runners pass', async (t) => {
  const without = await cli(['check', script]);
  t.equal(without.status, 2, 'BAR undefined: the script does not parse');
  t.match(without.err, /define it with -D BAR=VALUE/);
  for (const spelling of [['--define=BAR=1'], ['--define', 'BAR=1'], ['-D', 'BAR=1'], ['-DBAR=1']]) {
    const r = await cli(['check', ...spelling, script]);
    t.equal(r.status, 0, spelling.join(' '));
    t.equal(r.out, `OK ${script}\n`);
  }
  // The kernel's runner passes values with letters, digits and '=' signs untouched.
  t.equal((await cli(['check', '-D', 'BAR=1', '-D', 'TFO_COOKIE=3021b9d889017eeb', '-DCMSG_LEVEL_IP=SOL_IP', script])).status, 0);
});

t.test('run takes the kernel runner arguments: --ip_version=ipv6 and -D', { skip: !DIST_READY && 'npm run build first' }, async (t) => {
  const v6 = runJson([
    '--ip_version=ipv6', '--mtu=1520', '--local_ip=fd3d:0a0b:17d6::1', '--gateway_ip=fd3d:0a0b:17d6:8888::1', '--remote_ip=fd3d:fa7b:d17d::1',
    '-D', 'CMSG_LEVEL_IP=SOL_IPV6', '-DBAR=1', script,
  ]);
  t.match(v6.results, [{ ipVersion: 'ipv6', verdict: 'pass' }]);
  const v4 = runJson(['--ip_version=ipv4', '--define=BAR=1', script]);
  t.match(v4.results, [{ ipVersion: 'ipv4', verdict: 'pass' }]);
  const both = runJson(['--ip-version', 'ipv6', '--ip_version=ipv4', '-DBAR=1', script]);
  t.match(both.results, [{ ipVersion: 'ipv6' }], "tcpdrill's own --ip-version wins");
});
