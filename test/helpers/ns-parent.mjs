// A stand-in for the tcpdrill parent: starts ns-child.mjs `sleep` in a namespace and
// then idles, so a test can kill this process and check the child dies with it.
import { fileURLToPath } from 'node:url';
import { spawnInNamespace, PARENT_PID_ENV } from '../../dist/runner/kernel/netns.js';

if (process.argv[2] !== 'run') {
  // tap picks up every file under test/; this one only runs when a test spawns it.
  process.stdout.write('1..0 # SKIP parent stand-in of the kernel tests\n');
} else {
  const env = { ...process.env };
  delete env[PARENT_PID_ENV];
  const child = spawnInNamespace(fileURLToPath(new URL('./ns-child.mjs', import.meta.url)), ['sleep'], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env,
  });
  if (child instanceof Error) throw child;
  setInterval(() => {}, 1 << 30);
}
