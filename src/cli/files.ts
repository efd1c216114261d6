// Turning command-line paths into script files and their text: directories are
// searched recursively for *.pkt in a stable (sorted) order, and every failure is
// a message, never a stack trace. Shared by `run` and `check`.

import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Scripts are a few KiB; refuse anything that cannot be one rather than exhaust memory. */
export const MAX_SCRIPT_BYTES = 16 * 1024 * 1024;

export type Collected = { readonly ok: true; readonly files: string[] } | { readonly ok: false; readonly message: string };

/** The *.pkt files named by `p`: the file itself, or a directory searched recursively. */
export function scriptsUnder(p: string): Collected {
  try {
    if (!statSync(p).isDirectory()) return { ok: true, files: [p] };
    const files = walk(p);
    if (files.length === 0) return { ok: false, message: `${p}: no scripts found (expected *.pkt files in this directory or below)` };
    return { ok: true, files };
  } catch (e) {
    return { ok: false, message: `${p}: ${describeFsError(e)}` };
  }
}

/** Every path's scripts, or the first path's error. */
export function collectScripts(paths: readonly string[]): Collected {
  const files: string[] = [];
  for (const p of paths) {
    const c = scriptsUnder(p);
    if (!c.ok) return c;
    files.push(...c.files);
  }
  return { ok: true, files };
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(path));
    else if (entry.name.endsWith('.pkt')) out.push(path);
  }
  return out;
}

export type ScriptText = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly message: string };

/** A script's text, refusing files too large to be one. */
export function readScript(file: string): ScriptText {
  try {
    const size = statSync(file).size;
    if (size > MAX_SCRIPT_BYTES) {
      return { ok: false, message: `${file}: error: file is ${size} bytes; scripts larger than ${MAX_SCRIPT_BYTES} bytes are refused` };
    }
    return { ok: true, text: readFileSync(file, 'utf8') };
  } catch (e) {
    return { ok: false, message: `${file}: ${describeFsError(e)}` };
  }
}

function describeFsError(e: unknown): string {
  const code = (e as { code?: string }).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  return e instanceof Error ? e.message : String(e);
}

/** `-D NAME=VALUE`; an empty or missing value is allowed (it yields the integer 0, §2.6). */
export function parseDefines(list: readonly string[]): Map<string, string> | { readonly message: string } {
  const defines = new Map<string, string>();
  for (const d of list) {
    const eq = d.indexOf('=');
    const name = eq < 0 ? d : d.slice(0, eq);
    if (!/^[A-Za-z0-9_]+$/.test(name)) return { message: `bad define '${d}': expected NAME=VALUE` };
    defines.set(name, eq < 0 ? '' : d.slice(eq + 1));
  }
  return defines;
}
