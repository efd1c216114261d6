// The child starts with the Node options the session relies on (launch.ts
// CHILD_NODE_FLAGS): `gc` exposed, so that the young generation is emptied just
// before time zero.
import t from 'tap';
import { join } from 'node:path';
import { CHILD_NODE_FLAGS } from '../../../src/runner/suite/spawn-child.js';
import { root } from '../../helpers/cli.js';
import { DIST_READY } from '../../helpers/namespace.js';
import { STRACE, straceRun } from '../../helpers/strace.js';

t.test('the child runs with the Node options of CHILD_NODE_FLAGS', { skip: (!DIST_READY && 'npm run build first') || (!STRACE && 'strace not installed') }, async (t) => {
  const r = straceRun(join(root, 'fixtures', 'handshake', 'passive-open.pkt'), []);
  t.equal(r.status, 0, r.output);
  t.ok(CHILD_NODE_FLAGS.includes('--expose-gc'), 'gc is exposed');
  for (const flag of CHILD_NODE_FLAGS) t.ok(r.childExec?.includes(`"${flag}"`), `${flag} given to the child`);
});
