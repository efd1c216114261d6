// The processes' V8 flags (v8-flags.cts): a worker thread is booted under V8's
// defaults and the flags are set back after (kernel/syscalls/blocking-thread.ts).
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import v8Flags from '../src/v8-flags.cjs';
import { root } from './helpers/cli.js';
import { DIST_READY } from './helpers/namespace.js';

// A CommonJS module, whose named exports tap's TypeScript loader does not expose.
const { CHILD_V8_FLAGS, CLI_V8_FLAGS, flagSwitch } = v8Flags;

t.test('every flag tcpdrill sets has a known V8 default; an unknown one is refused', async (t) => {
  t.doesNotThrow(() => flagSwitch([...CHILD_V8_FLAGS, ...CLI_V8_FLAGS]));
  t.throws(() => flagSwitch(['--max-lazy']), /no V8 default known for --max-lazy/);
});

// In a fresh process, since the flags are the process's: --expose-gc shows in each new context.
t.test('the switch sets the flags to their defaults and back', { skip: !DIST_READY && 'npm run build first' }, async (t) => {
  const probe = [
    `const { CHILD_V8_FLAGS, flagSwitch } = require(${JSON.stringify(join(root, 'dist', 'v8-flags.cjs'))});`,
    `const { setFlagsFromString } = require('node:v8');`,
    `const { runInNewContext } = require('node:vm');`,
    `for (const f of CHILD_V8_FLAGS) setFlagsFromString(f);`,
    `const gc = () => runInNewContext('typeof gc');`,
    `const s = flagSwitch(CHILD_V8_FLAGS);`,
    `const seen = [gc()];`,
    `s.toDefaults(); seen.push(gc());`,
    `s.back(); seen.push(gc());`,
    `console.log(seen.join(' '));`,
  ].join('\n');
  const r = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  t.equal(r.status, 0, r.stderr);
  t.equal(r.stdout, 'function undefined function\n');
});
