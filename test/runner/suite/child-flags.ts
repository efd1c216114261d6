// The child's V8 flags (src/v8-flags.cts): none on its command line, where any
// would make V8 refuse Node's code cache of its built-ins; set at run time
// instead, with `gc` exposed for the session's scavenges before time zero.
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { root } from '../../helpers/cli.js';
import { DIST_READY } from '../../helpers/namespace.js';
import { STRACE, straceRun } from '../../helpers/strace.js';

t.test('the child starts with no Node or V8 option before its module', { skip: (!DIST_READY && 'npm run build first') || (!STRACE && 'strace not installed') }, async (t) => {
  const r = straceRun(join(root, 'fixtures', 'handshake', 'passive-open.pkt'), []);
  t.equal(r.status, 0, r.output);
  t.match(r.childExec, /execve\("[^"]*node", \["[^"]*node", "[^"]*child-start\.cjs"\]/, 'node, then the entry point, nothing between');
});

t.test('the child entry point exposes gc and takes the code cache the build primed', { skip: !DIST_READY && 'npm run build first' }, async (t) => {
  const entry = join(root, 'dist', 'runner', 'suite', 'child-start.cjs');
  const r = spawnSync(process.execPath, [entry, '--code-cache'], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  t.equal(r.status, 0, r.stderr);
  t.equal(r.stdout, 'used\ngc: function\n', 'V8 took the cache under the flags set at run time; gc is there');
});
