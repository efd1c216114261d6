// `tcpdrill record <capture>`: a script from a capture (src/record/). Every failure —
// missing file, not a capture, no such connection — is one line on stderr and exit 2.

import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { flowTable } from '../record/flows.js';
import { captureSegments } from '../record/read-capture.js';
import { listFlows, localSide, recordScript, selectFlow } from '../record/record.js';

export interface RecordOptions {
  readonly output?: string;
  readonly list?: boolean;
  readonly flow?: string;
  readonly local?: string;
  readonly states?: boolean;
}

/** Captures worth scripting are small; refuse what would not fit in memory comfortably. */
const MAX_CAPTURE_BYTES = 1024 * 1024 * 1024;

function readCapture(file: string): Uint8Array | string {
  try {
    const size = statSync(file).size;
    if (size > MAX_CAPTURE_BYTES) return `file is ${size} bytes; captures over ${MAX_CAPTURE_BYTES} bytes are refused (cut it with editcap or tcpdump -r ... -w)`;
    return readFileSync(file);
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'ENOENT') return 'no such file or directory';
    if (code === 'EISDIR') return 'is a directory';
    if (code === 'EACCES') return 'permission denied';
    return e instanceof Error ? e.message : String(e);
  }
}

export function runRecord(file: string, opts: RecordOptions): number {
  const fail = (message: string): number => {
    process.stderr.write(`tcpdrill record: ${file}: ${message}\n`);
    return 2;
  };
  const bytes = readCapture(file);
  if (typeof bytes === 'string') return fail(bytes);
  const capture = captureSegments(bytes);
  if (!capture.ok) return fail(capture.message);
  const flows = flowTable(capture.segments, capture.icmp);
  if (opts.list) {
    process.stdout.write(`${listFlows(flows, capture.firstNs)}\n`);
    return 0;
  }
  const chosen = selectFlow(flows, opts.flow);
  if (!chosen.ok) return fail(chosen.message);
  const side = localSide(chosen.flow, opts.local);
  if (!side.ok) return fail(side.message);
  const script = recordScript({ captureName: basename(file), capture, flow: chosen.flow, local: side.local, states: opts.states === true });
  if (opts.output === undefined) {
    process.stdout.write(script);
    return 0;
  }
  try {
    writeFileSync(opts.output, script);
  } catch (e) {
    process.stderr.write(`tcpdrill record: ${opts.output}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  return 0;
}
