// `tcpdrill check <files|dirs...>`: parse and validate scripts, run nothing
// (architecture.md "Command line"). Exit 0 if every script is valid, 2 otherwise. Every
// failure — missing file, binary junk, huge file — is a message, never a stack trace.
import { LineIndex, formatDiagnostic, parseScript } from '../grammar/index.js';
import { parseDefines, readScript, scriptsUnder } from './files.js';

/** Enough to fix a file; binary junk would otherwise print thousands of lines. */
const MAX_DIAGNOSTICS_SHOWN = 50;

export interface CheckCommandOptions {
  readonly define: readonly string[];
}

export async function runCheck(paths: readonly string[], opts: CheckCommandOptions): Promise<number> {
  const out = (s: string): void => void process.stdout.write(`${s}\n`);
  const err = (s: string): void => void process.stderr.write(`${s}\n`);
  const defines = parseDefines(opts.define);
  if (!(defines instanceof Map)) {
    err(`tcpdrill check: ${defines.message}`);
    return 2;
  }
  const color = useColor();
  let ok = true;
  for (const p of paths) {
    const collected = scriptsUnder(p);
    if (!collected.ok) {
      err(collected.message);
      ok = false;
      continue;
    }
    for (const file of collected.files) ok = checkFile(file, defines, color, out, err) && ok;
  }
  return ok ? 0 : 2;
}

function useColor(): boolean {
  return process.env['NO_COLOR'] === undefined && process.stderr.isTTY === true;
}

function checkFile(
  file: string,
  defines: ReadonlyMap<string, string>,
  color: boolean,
  out: (s: string) => void,
  err: (s: string) => void,
): boolean {
  const read = readScript(file);
  if (!read.ok) {
    err(read.message);
    return false;
  }
  const text = read.text;
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
