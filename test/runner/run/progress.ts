// The child's progress records (run/progress.ts) are stores into a shared page.
// The first one can be the record of time zero itself, so it must not load
// anything: Node loads `performance` on first use, which cost that record
// 2.5 ms and made the first events of a script without an init command late.
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { root } from '../../helpers/cli.js';
import { DIST_READY } from '../../helpers/namespace.js';

t.test('the first progress record loads no module', { skip: !DIST_READY && 'npm run build first' }, async (t) => {
  // A fresh process: the test runner has long loaded `performance` itself.
  const probe = `
    const { progressWriter } = await import(${JSON.stringify(pathToFileURL(join(root, 'dist', 'runner', 'run', 'progress.js')).href)});
    const write = progressWriter(new DataView(new ArrayBuffer(4096)));
    const loaded = process.moduleLoadList.length;
    write({ kind: 'zero' });
    process.stdout.write(String(process.moduleLoadList.length - loaded));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', probe], { encoding: 'utf8' });
  t.equal(r.status, 0, r.stderr);
  t.equal(r.stdout, '0', 'modules loaded by the first record');
});
