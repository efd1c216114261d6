// `tcpdrill check <files|dirs...>`: parse and validate scripts, run nothing
// (architecture.md "Command line"). Exit 0 if every script is valid, 2 otherwise. Every
// failure — missing file, binary junk, huge file — is a message, never a stack trace.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { formatDiagnostic, parseScript } from '../grammar/index.js';
import { LineIndex } from '../grammar/positions.js';

/** Scripts are a few KiB; refuse anything that cannot be one rather than exhaust memory. */
export const MAX_SCRIPT_BYTES = 16 * 1024 * 1024;
/** Enough to fix a file; binary junk would otherwise print thousands of lines. */
const MAX_DIAGNOSTICS_SHOWN = 50;

export interface CheckCommandOptions {
  readonly define: readonly string[];
}

export async function runCheck(paths: readonly string[], opts: CheckCommandOptions): Promise<number> {
  const out = (s: string): void => void process.stdout.write(`${s}\n`);
  const err = (s: string): void => void process.stderr.write(`${s}\n`);
  const defines = parseDefines(opts.define, err);
  if (defines === undefined) return 2;
  const color = useColor();
  let ok = true;
  for (const p of paths) {
    const files = await collect(p, err);
    if (files === undefined) {
      ok = false;
      continue;
    }
    for (const file of files) ok = (await checkFile(file, defines, color, out, err)) && ok;
  }
  return ok ? 0 : 2;
}

function useColor(): boolean {
  return process.env['NO_COLOR'] === undefined && process.stderr.isTTY === true;
}

/** `-D NAME=VALUE`; an empty value is allowed (it yields the integer 0, §2.6). */
function parseDefines(list: readonly string[], err: (s: string) => void): Map<string, string> | undefined {
  const defines = new Map<string, string>();
  for (const d of list) {
    const eq = d.indexOf('=');
    const name = eq < 0 ? d : d.slice(0, eq);
    if (!/^[A-Za-z0-9_]+$/.test(name)) {
      err(`tcpdrill check: bad define '${d}': expected NAME=VALUE`);
      return undefined;
    }
    defines.set(name, eq < 0 ? '' : d.slice(eq + 1));
  }
  return defines;
}

/** The *.pkt files named by `p` (a file, or a directory searched recursively). */
async function collect(p: string, err: (s: string) => void): Promise<string[] | undefined> {
  try {
    const st = await stat(p);
    if (!st.isDirectory()) return [p];
    const files = await findScripts(p);
    if (files.length === 0) {
      err(`${p}: no scripts found (expected *.pkt files in this directory or below)`);
      return undefined;
    }
    return files;
  } catch (e) {
    err(`${p}: ${describeFsError(e)}`);
    return undefined;
  }
}

async function findScripts(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const found: string[] = [];
  for (const e of entries) {
    const full = join(dir, e.name);
    if (e.isDirectory()) found.push(...(await findScripts(full)));
    else if (e.name.endsWith('.pkt')) found.push(full);
  }
  return found;
}

function describeFsError(e: unknown): string {
  const code = (e as { code?: string }).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  return e instanceof Error ? e.message : String(e);
}

async function checkFile(
  file: string,
  defines: ReadonlyMap<string, string>,
  color: boolean,
  out: (s: string) => void,
  err: (s: string) => void,
): Promise<boolean> {
  let text: string;
  try {
    const st = await stat(file);
    if (st.size > MAX_SCRIPT_BYTES) {
      err(`${file}: error: file is ${st.size} bytes; scripts larger than ${MAX_SCRIPT_BYTES} bytes are refused`);
      return false;
    }
    text = await readFile(file, 'utf8');
  } catch (e) {
    err(`${file}: ${describeFsError(e)}`);
    return false;
  }
  const { diagnostics } = parseScript(text, file, { defines });
  if (diagnostics.length === 0) {
    out(`OK ${file}`);
    return true;
  }
  const lines = new LineIndex(text);
  for (const d of diagnostics.slice(0, MAX_DIAGNOSTICS_SHOWN)) err(formatDiagnostic(d, lines, { color }));
  if (diagnostics.length > MAX_DIAGNOSTICS_SHOWN) {
    err(`${file}: ${diagnostics.length - MAX_DIAGNOSTICS_SHOWN} more errors not shown`);
  }
  return false;
}
