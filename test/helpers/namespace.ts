// Runs one scenario of ns-child.mjs in a fresh namespace and returns its JSON result.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { spawnInNamespace } from '../../src/runner/kernel/netns.js';
import { EnvError } from '../../src/runner/errors.js';

export const CHILD = fileURLToPath(new URL('./ns-child.mjs', import.meta.url));
export const PARENT = fileURLToPath(new URL('./ns-parent.mjs', import.meta.url));
export const DIST_READY = existsSync(fileURLToPath(new URL('../../dist/runner/kernel/sniffer.js', import.meta.url)));
export const IP_VERSIONS = ['ipv4', 'ipv6', 'ipv4-mapped-ipv6'] as const;

export function runScenario(scenario: string, ipVersion: string): Promise<Record<string, unknown>> {
  const child = spawnInNamespace(CHILD, [scenario, ipVersion], { stdio: ['ignore', 'pipe', 'pipe'] });
  if (child instanceof EnvError) return Promise.reject(child);
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve, reject) => {
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`child ${scenario} ${ipVersion} exited ${code}: ${err}`));
      else resolve(JSON.parse(out) as Record<string, unknown>);
    });
  });
}
