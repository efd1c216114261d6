// `tcpdrill doctor --json` end to end: it probes this machine, and what it says
// agrees with what the test reads itself.
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Check } from '../../src/runner/doctor/facts.js';
import { root } from '../helpers/cli.js';
import { DIST_READY } from '../helpers/namespace.js';

const doctor = (args: string[]): { status: number | null; stdout: string; stderr: string } =>
  spawnSync('/usr/bin/env', ['-u', 'NODE_OPTIONS', process.execPath, join(root, 'bin', 'tcpdrill'), 'doctor', ...args], { encoding: 'utf8' });

t.test('tcpdrill doctor --json describes this machine', { skip: !DIST_READY && 'npm run build first' }, async (t) => {
  const r = doctor(['--json']);
  const doc = JSON.parse(r.stdout) as { tool: string; version: number; ok: boolean; checks: Check[] };
  t.match(doc, { tool: 'tcpdrill', version: 1 });
  t.equal(r.status, doc.ok ? 0 : 3, 'exit 3 exactly when runs cannot work');
  const byId = new Map(doc.checks.map((c) => [c.id, c]));
  for (const id of ['privileges', 'tun', 'tool-unshare', 'tool-ip', 'tool-tc', 'tool-python3', 'tool-tshark', 'kernel', 'hz', 'qdisc', 'congestion-control', 'accecn', 'tcp-md5', 'tcp-ao', 'cpus']) {
    t.ok(byId.has(id), `has ${id}`);
  }
  for (const c of doc.checks) if (c.status !== 'ok') t.type(c.hint, 'string', `${c.id} says how to fix it`);
  // What a fresh namespace may use, read the same way the doctor does.
  const allowed = spawnSync('unshare', ['--net', 'cat', '/proc/sys/net/ipv4/tcp_allowed_congestion_control'], { encoding: 'utf8' }).stdout.trim();
  t.match(byId.get('congestion-control')?.detail, `may use: ${allowed} `);
  t.equal(byId.get('congestion-control')?.status, allowed.split(' ').includes('cubic') ? 'ok' : 'warn');
  if (existsSync('/proc/config.gz')) {
    const hz = /^CONFIG_HZ=(\d+)$/m.exec(gunzipSync(readFileSync('/proc/config.gz')).toString('latin1'))?.[1];
    t.match(byId.get('hz')?.detail, `HZ=${hz} (/proc/config.gz)`);
  }
  t.match(byId.get('kernel')?.detail, `Linux ${readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim()}`);
});

t.test('tcpdrill doctor prints one line per check and the verdict', { skip: !DIST_READY && 'npm run build first' }, async (t) => {
  const r = doctor([]);
  t.match(r.stdout, /^ {2}(ok  |warn|FAIL) {2}privileges /m);
  t.match(r.stdout, /\nRuns (can|cannot) work here/);
  t.equal(r.stderr, '');
});
