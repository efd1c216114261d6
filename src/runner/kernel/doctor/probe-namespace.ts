// Runs ns-probe.js in a throwaway network namespace (as a script's run would
// get) and reads back what it learned. The namespace dies with the probe.

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { findTool, unshareArgs } from '../netns.js';
import type { Facts, NamespaceFacts } from '../../doctor/facts.js';

const PROBE_MODULE = fileURLToPath(new URL('./ns-probe.js', import.meta.url));

export function probeNamespace(): Facts['namespace'] {
  const unshare = findTool('unshare');
  if (unshare === undefined) return { error: "'unshare' not found" };
  const r = spawnSync(unshare, [...unshareArgs(), '--', process.execPath, PROBE_MODULE], { encoding: 'utf8', timeout: 20_000 });
  if (r.error) return { error: r.error.message };
  if (r.status !== 0) return { error: r.stderr.trim().split('\n').at(-1) ?? `exit status ${String(r.status)}` };
  try {
    return JSON.parse(r.stdout) as NamespaceFacts;
  } catch {
    return { error: `unreadable probe output: ${r.stdout.slice(0, 200)}` };
  }
}
