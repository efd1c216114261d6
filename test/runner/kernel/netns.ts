import t from 'tap';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkEnvironment, findTool } from '../../../src/runner/kernel/netns.js';
import { DIST_READY, PARENT, runScenario } from '../../helpers/namespace.js';

const gone = (pid: number): boolean =>
  !existsSync(`/proc/${pid}`) || /State:\s+Z/.test(readFileSync(`/proc/${pid}/status`, 'utf8'));

t.test('checkEnvironment passes as root with the tools installed', async (t) => {
  t.equal(checkEnvironment(), undefined);
  t.match(findTool('ip'), /\/ip$/);
  t.equal(findTool('no-such-tool-tcpdrill'), undefined);
});

/**
 * A world-readable copy of dist/ for a child running as nobody: the checkout may
 * sit in a private (0700) home directory, and the umask may have made its files
 * private too. Removed by the caller.
 */
function worldReadableDist(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tcpdrill-nobody-'));
  const copy = (from: string, to: string): void => {
    mkdirSync(to, { recursive: true });
    chmodSync(to, 0o755);
    for (const entry of readdirSync(from, { withFileTypes: true })) {
      if (entry.isDirectory()) copy(join(from, entry.name), join(to, entry.name));
      else if (entry.name.endsWith('.js')) {
        copyFileSync(join(from, entry.name), join(to, entry.name));
        chmodSync(join(to, entry.name), 0o644);
      }
    }
  };
  copy(fileURLToPath(new URL('../../../dist', import.meta.url)), join(dir, 'dist'));
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  chmodSync(join(dir, 'package.json'), 0o644);
  chmodSync(dir, 0o755);
  return dir;
}

t.test('rootless: checkEnvironment and spawnInNamespace follow /dev/net/tun permissions', { skip: !DIST_READY && 'npm run build first' }, async (t) => {
  const nobody = { uid: 65534, gid: 65534 };
  const dir = worldReadableDist();
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const code = `import { checkEnvironment, spawnInNamespace } from './dist/runner/kernel/netns.js';
    const a = checkEnvironment(); const b = spawnInNamespace('/nonexistent.mjs', [], { stdio: 'ignore' });
    if (!('hint' in b)) b.kill();
    console.log(JSON.stringify([a?.hint ?? null, b.hint ?? null]));`;
  // tap's NODE_OPTIONS hooks live in the (possibly private) checkout, and tap re-adds
  // them to every child it sees spawned; `env -u` drops them after tap's last look.
  const r = spawnSync('/usr/bin/env', ['-u', 'NODE_OPTIONS', process.execPath, '--input-type=module', '-e', code], {
    ...nobody,
    cwd: dir,
    env: { PATH: process.env['PATH'] ?? '' },
    encoding: 'utf8',
  });
  t.equal(r.status, 0, r.stderr);
  const [check, spawned] = JSON.parse(r.stdout) as [string | null, string | null];
  // Whether nobody may open the device is the machine's choice (0600 on some, 0666 on others).
  const tunOpen = spawnSync('/bin/sh', ['-c', 'test -r /dev/net/tun -a -w /dev/net/tun'], nobody).status === 0;
  if (tunOpen) {
    t.equal(check, null, 'nothing to report when nobody can open /dev/net/tun');
    t.equal(spawned, null, 'the namespace child is started');
  } else {
    t.match(check, /run as root \(sudo\) or make \/dev\/net\/tun accessible/);
    t.match(spawned, /run as root \(sudo\) or make \/dev\/net\/tun accessible/);
  }
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
