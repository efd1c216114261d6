// Turning command-line paths into script files: directories are searched
// recursively for *.pkt, in a stable (sorted) order.

import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export type Collected = { readonly ok: true; readonly files: string[] } | { readonly ok: false; readonly message: string };

export function collectScripts(paths: readonly string[]): Collected {
  const files: string[] = [];
  for (const p of paths) {
    let isDir: boolean;
    try {
      isDir = statSync(p).isDirectory();
    } catch {
      return { ok: false, message: `${p}: no such file or directory` };
    }
    if (!isDir) {
      files.push(p);
      continue;
    }
    const found = walk(p);
    if (found.length === 0) return { ok: false, message: `${p}: no .pkt scripts in this directory` };
    files.push(...found);
  }
  return { ok: true, files };
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(path));
    else if (entry.isFile() && entry.name.endsWith('.pkt')) out.push(path);
  }
  return out;
}
