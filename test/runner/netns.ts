import t from 'tap';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readlinkSync } from 'node:fs';
import { checkEnvironment, findTool, runTool } from '../../src/runner/netns.js';
import { EnvError } from '../../src/runner/errors.js';
import { DIST_READY, PARENT, runScenario } from '../helpers/namespace.js';

const gone = (pid: number): boolean =>
  !existsSync(`/proc/${pid}`) || /State:\s+Z/.test(readFileSync(`/proc/${pid}/status`, 'utf8'));

t.test('checkEnvironment passes as root with the tools installed', async (t) => {
  t.equal(checkEnvironment(), undefined);
  t.match(findTool('ip'), /\/ip$/);
  t.equal(findTool('no-such-tool-tcpdrill'), undefined);
  const err = runTool('ip', ['link', 'show', 'dev', 'no-such-dev0']);
  t.type(err, EnvError);
});

t.test('rootless without access to /dev/net/tun is an EnvError with a fix-it hint', { skip: !DIST_READY && 'npm run build first' }, async (t) => {
  const netns = new URL('../../dist/runner/netns.js', import.meta.url).pathname;
  const code = `import { checkEnvironment, spawnInNamespace } from '${netns}';
    const a = checkEnvironment(); const b = spawnInNamespace('/nonexistent.mjs', []);
    console.log(JSON.stringify([a?.hint, b?.hint]));`;
  // /dev/net/tun is 0600 root on these machines (architecture.md): nobody cannot open it.
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { uid: 65534, gid: 65534, encoding: 'utf8' });
  t.equal(r.status, 0, r.stderr);
  const [check, spawned] = JSON.parse(r.stdout) as [string, string];
  t.match(check, /run as root \(sudo\) or make \/dev\/net\/tun accessible/);
  t.match(spawned, /run as root \(sudo\) or make \/dev\/net\/tun accessible/);
});

t.test('a child runs in its own namespace with lo up, and tun0 dies with it', { skip: !DIST_READY && 'npm run build first' }, async (t) => {
  const r = await runScenario('setup', 'ipv4');
  t.not(r['netns'], readlinkSync('/proc/self/ns/net'), 'not the host namespace');
  const lo = (r['lo'] as Array<{ flags: string[] }>)[0]!;
  t.ok(lo.flags.includes('UP'), 'lo is up');
  t.equal(spawnSync('ip', ['link', 'show', 'dev', 'tun0']).status !== 0, true, 'no tun0 on the host');
});

t.test('SIGTERM to the parent kills the namespace child', { skip: !DIST_READY && 'npm run build first' }, async (t) => {
  const parent = spawn(process.execPath, [PARENT, 'run'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve) => parent.stdout.once('data', (d: Buffer) => resolve(d.toString())));
  const { pid, netns } = JSON.parse(line) as { pid: number; netns: string };
  t.not(netns, readlinkSync('/proc/self/ns/net'));
  t.notOk(gone(pid), 'child alive while the parent is');
  const exited = new Promise((r) => parent.on('exit', r));
  parent.kill('SIGTERM');
  await exited;
  const deadline = Date.now() + 3000;
  while (!gone(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  t.ok(gone(pid), 'child killed with its parent');
  t.equal(spawnSync('ip', ['link', 'show', 'dev', 'tun0']).status !== 0, true, 'no tun0 on the host');
  t.equal(execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' }).includes('tcpdrill'), false);
});
