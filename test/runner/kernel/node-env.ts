// tcpdrill's Node processes start without NODE_EXTRA_CA_CERTS (node-env.ts):
// Node warns on stderr when that file cannot be loaded, so a path that does not
// exist shows which processes still read it at start, and a command in the
// script shows whether the user's value came back.
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CA_CERTS, CA_CERTS_ASIDE, forNodeStart, putBackUserEnv } from '../../../src/runner/kernel/node-env.js';
import { root } from '../../helpers/cli.js';
import { DIST_READY } from '../../helpers/namespace.js';

t.test('the value moves aside for a Node start and comes back after it', async (t) => {
  const started = forNodeStart({ PATH: '/bin', [CA_CERTS]: '/etc/ca.pem' });
  t.same(started, { PATH: '/bin', [CA_CERTS_ASIDE]: '/etc/ca.pem' });
  putBackUserEnv(started);
  t.same(started, { PATH: '/bin', [CA_CERTS]: '/etc/ca.pem' });
});

t.test('unset stays unset, through the #! line that sets the aside name empty', async (t) => {
  t.same(forNodeStart({ PATH: '/bin' }), { PATH: '/bin' });
  const env: NodeJS.ProcessEnv = { PATH: '/bin', [CA_CERTS_ASIDE]: '' };
  t.same(forNodeStart(env), env, 'passed on as it is');
  putBackUserEnv(env);
  t.same(env, { PATH: '/bin' });
});

const MISSING = '/nonexistent/tcpdrill-test-ca.pem';
const WARNING = `Ignoring extra certs from \`${MISSING}\``;

t.test('a run: no process of ours loads the file, the script\'s command sees it', { skip: !DIST_READY && 'npm run build first' }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tcpdrill-ca-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const script = join(dir, 'sees-ca-certs.pkt');
  writeFileSync(script, `0 \`test "$${CA_CERTS}" = ${MISSING} && test -z "$${CA_CERTS_ASIDE}"\`\n`);
  const run = (argv0: string, args: string[]) => {
    const { NODE_OPTIONS: _tapHooks, ...env } = process.env;
    return spawnSync(argv0, [...args, 'run', script], { env: { ...env, [CA_CERTS]: MISSING }, encoding: 'utf8' });
  };
  const direct = run(join(root, 'bin', 'tcpdrill'), []);
  t.equal(direct.status, 0, direct.stdout + direct.stderr);
  t.notMatch(direct.stderr, WARNING, 'started through the #! line, neither parent nor child reads it');
  const viaNode = run(process.execPath, [join(root, 'bin', 'tcpdrill')]);
  t.equal(viaNode.status, 0, viaNode.stdout + viaNode.stderr);
  t.equal(viaNode.stderr.split(WARNING).length - 1, 1, 'started as `node bin/tcpdrill`, only the parent reads it');
});
