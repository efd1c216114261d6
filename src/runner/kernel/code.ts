// Code blocks `%{ ... }%` (script-language.md §8.2): at its event time a block snapshots
// TCP_INFO, TCP_CC_INFO and SO_MEMINFO of the socket under test; after the run all blocks
// are written into one Python file, each preceded by its snapshot's variables, and run.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lookupSymbol } from '../../linux/symbols.js';
import { errnoText } from '../../linux/errno.js';
import type { Libc } from './libc.js';
import { stderrTail } from './shell.js';

export type CodeSnapshot =
  | { readonly kind: 'snapshot'; readonly vars: readonly (readonly [string, bigint])[] }
  | { readonly kind: 'error'; readonly message: string };

type Field = readonly [name: string, offset: number, bytes: 1 | 2 | 4 | 8, shift?: number, bits?: number];

// include/uapi/linux/tcp.h struct tcp_info as of Linux 6.18 (280 bytes); bit-fields are
// allocated from the least significant bit on little-endian x86_64.
const TCP_INFO_FIELDS: readonly Field[] = [
  ['state', 0, 1], ['ca_state', 1, 1], ['retransmits', 2, 1], ['probes', 3, 1],
  ['backoff', 4, 1], ['options', 5, 1], ['snd_wscale', 6, 1, 0, 4], ['rcv_wscale', 6, 1, 4, 4],
  ['delivery_rate_app_limited', 7, 1, 0, 1],
  ['rto', 8, 4], ['ato', 12, 4], ['snd_mss', 16, 4], ['rcv_mss', 20, 4], ['unacked', 24, 4],
  ['sacked', 28, 4], ['lost', 32, 4], ['retrans', 36, 4], ['fackets', 40, 4],
  ['last_data_sent', 44, 4], ['last_ack_sent', 48, 4], ['last_data_recv', 52, 4],
  ['last_ack_recv', 56, 4], ['pmtu', 60, 4], ['rcv_ssthresh', 64, 4], ['rtt', 68, 4],
  ['rttvar', 72, 4], ['snd_ssthresh', 76, 4], ['snd_cwnd', 80, 4], ['advmss', 84, 4],
  ['reordering', 88, 4], ['rcv_rtt', 92, 4], ['rcv_space', 96, 4], ['total_retrans', 100, 4],
  ['pacing_rate', 104, 8], ['max_pacing_rate', 112, 8], ['bytes_acked', 120, 8],
  ['bytes_received', 128, 8], ['segs_out', 136, 4], ['segs_in', 140, 4],
  ['notsent_bytes', 144, 4], ['min_rtt', 148, 4], ['data_segs_in', 152, 4],
  ['data_segs_out', 156, 4], ['delivery_rate', 160, 8], ['busy_time', 168, 8],
  ['rwnd_limited', 176, 8], ['sndbuf_limited', 184, 8], ['delivered', 192, 4],
  ['delivered_ce', 196, 4], ['bytes_sent', 200, 8], ['bytes_retrans', 208, 8],
  ['dsack_dups', 216, 4], ['reord_seen', 220, 4], ['rcv_ooopack', 224, 4], ['snd_wnd', 228, 4],
  ['rcv_wnd', 232, 4], ['rehash', 236, 4], ['total_rto', 240, 2],
  ['total_rto_recoveries', 242, 2], ['total_rto_time', 244, 4], ['received_ce', 248, 4],
  ['delivered_e1_bytes', 252, 4], ['delivered_e0_bytes', 256, 4], ['delivered_ce_bytes', 260, 4],
  ['received_e1_bytes', 264, 4], ['received_e0_bytes', 268, 4], ['received_ce_bytes', 272, 4],
  ['ecn_mode', 276, 4, 0, 2], ['accecn_opt_seen', 276, 4, 2, 2], ['accecn_fail_mode', 276, 4, 4, 4],
  ['options2', 276, 4, 8, 24],
];
const TCP_INFO_LEN = 280;

// include/uapi/linux/inet_diag.h union tcp_cc_info: tcp_bbr_info (20 bytes), tcp_dctcp_info
// and tcpvegas_info (16 bytes each). Names as packetdrill's code.c spells them.
const BBR_FIELDS: readonly Field[] = [
  ['bbr_bw_lo', 0, 4], ['bbr_bw_hi', 4, 4], ['bbr_min_rtt', 8, 4], ['bbr_pacing_gain', 12, 4], ['bbr_cwnd_gain', 16, 4],
];
const DCTCP_FIELDS: readonly Field[] = [
  ['dctcp_enabled', 0, 2], ['dctcp_ce_state', 2, 2], ['dctcp_alpha', 4, 4], ['dctcp_ab_ecn', 8, 4], ['dctcp_ab_tot', 12, 4],
];
const VEGAS_FIELDS: readonly Field[] = [
  ['tcpv_enabled', 0, 4], ['tcpv_rttcnt', 4, 4], ['tcp_rtt', 8, 4], ['tcp_minrtt', 12, 4],
];
const CC_INFO_LEN = 20;

// include/uapi/linux/sock_diag.h SK_MEMINFO_* indices (u32 each).
const MEMINFO_NAMES = [
  'RMEM_ALLOC', 'RCVBUF', 'WMEM_ALLOC', 'SNDBUF', 'FWD_ALLOC', 'WMEM_QUEUED', 'OPTMEM', 'BACKLOG', 'DROPS',
] as const;

function readField(dv: DataView, [, off, bytes, shift = 0, bits]: Field): bigint {
  const raw = bytes === 8 ? dv.getBigUint64(off, true)
    : BigInt(bytes === 4 ? dv.getUint32(off, true) : bytes === 2 ? dv.getUint16(off, true) : dv.getUint8(off));
  return bits === undefined ? raw : (raw >> BigInt(shift)) & ((1n << BigInt(bits)) - 1n);
}

function getsockopt(libc: Libc, fd: number, level: string, name: string, size: number): { ok: true; view: DataView; len: number } | { ok: false; message: string } {
  const buf = new Uint8Array(new ArrayBuffer(size));
  const len = new Uint8Array(new ArrayBuffer(4));
  new DataView(len.buffer).setUint32(0, size, true);
  const r = libc.call('getsockopt', fd, Number(lookupSymbol(level)), Number(lookupSymbol(name)), buf, len);
  if (r.ret !== 0) return { ok: false, message: `getsockopt(${name}) failed: ${errnoText(r.errno)}` };
  return { ok: true, view: new DataView(buf.buffer), len: new DataView(len.buffer).getUint32(0, true) };
}

const fieldsWithin = (fields: readonly Field[], len: number): readonly Field[] => fields.filter(([, off, b]) => off + b <= len);

/** §8.2 step 2: the three getsockopt reads of a code event, decoded into Python names. */
export function snapshotForCode(libc: Libc, liveFd: number): CodeSnapshot {
  const info = getsockopt(libc, liveFd, 'SOL_TCP', 'TCP_INFO', TCP_INFO_LEN);
  if (!info.ok) return { kind: 'error', message: info.message };
  const cc = getsockopt(libc, liveFd, 'SOL_TCP', 'TCP_CC_INFO', CC_INFO_LEN);
  if (!cc.ok) return { kind: 'error', message: cc.message };
  const mem = getsockopt(libc, liveFd, 'SOL_SOCKET', 'SO_MEMINFO', MEMINFO_NAMES.length * 4);
  if (!mem.ok) return { kind: 'error', message: mem.message };
  const vars: [string, bigint][] = fieldsWithin(TCP_INFO_FIELDS, info.len).map((f) => [`tcpi_${f[0]}`, readField(info.view, f)]);
  // §8.2: the BBR family needs ≥ 20 bytes, DCTCP and Vegas ≥ 16; reno/cubic return 0.
  if (cc.len >= 20) {
    const bbr = BBR_FIELDS.map((f): [string, bigint] => [f[0], readField(cc.view, f)]);
    const lo = bbr[0]?.[1] ?? 0n;
    const hi = bbr[1]?.[1] ?? 0n;
    vars.push(...bbr.slice(0, 2), ['bbr_bw', (hi << 32n) + lo], ...bbr.slice(2));
  }
  if (cc.len >= 16) {
    for (const f of [...DCTCP_FIELDS, ...VEGAS_FIELDS]) vars.push([f[0], readField(cc.view, f)]);
  }
  MEMINFO_NAMES.forEach((n, i) => {
    if ((i + 1) * 4 <= mem.len) vars.push([`SK_MEMINFO_${n}`, BigInt(mem.view.getUint32(i * 4, true))]);
  });
  return { kind: 'snapshot', vars };
}

// include/net/tcp_states.h, include/uapi/linux/tcp.h (tcp_ca_state, TCPI_OPT_*): the
// constants §8.2 defines in the Python file.
const PY_CONSTANTS: readonly (readonly [string, number])[] = [
  ['TCP_ESTABLISHED', 1], ['TCP_SYN_SENT', 2], ['TCP_SYN_RECV', 3], ['TCP_FIN_WAIT1', 4],
  ['TCP_FIN_WAIT2', 5], ['TCP_TIME_WAIT', 6], ['TCP_CLOSE', 7], ['TCP_CLOSE_WAIT', 8],
  ['TCP_LAST_ACK', 9], ['TCP_LISTEN', 10], ['TCP_CLOSING', 11],
  ['TCP_CA_Open', 0], ['TCP_CA_Disorder', 1], ['TCP_CA_CWR', 2], ['TCP_CA_Recovery', 3], ['TCP_CA_Loss', 4],
  ['TCPI_OPT_TIMESTAMPS', 1], ['TCPI_OPT_SACK', 2], ['TCPI_OPT_WSCALE', 4], ['TCPI_OPT_ECN', 8],
  ['TCPI_OPT_ECN_SEEN', 16], ['TCPI_OPT_SYN_DATA', 32], ['TCPI_OPT_USEC_TS', 64], ['TCPI_OPT_TFO_CHILD', 128],
];

export interface CodeBlock {
  readonly text: string;
  readonly line: number;
  readonly snapshot: Extract<CodeSnapshot, { kind: 'snapshot' }>;
}

const PYTHON_ERROR = 'error in Python code';

// The prologue's hook reports the failing block's script line, then the traceback (§8.2).
const PROLOGUE = `import sys
import traceback
_file = ''
_line = 0
def _tcpdrill_excepthook(etype, value, tb):
    sys.stderr.write('%s:%d: ${PYTHON_ERROR}\\n' % (_file, _line))
    traceback.print_exception(etype, value, tb)
sys.excepthook = _tcpdrill_excepthook
`;

/** The whole Python program for a run's code blocks. */
export function pythonProgram(blocks: readonly CodeBlock[], scriptFile: string): string {
  const parts = [PROLOGUE, ...PY_CONSTANTS.map(([n, v]) => `${n} = ${v}`)];
  for (const b of blocks) {
    parts.push(...b.snapshot.vars.map(([n, v]) => `${n} = ${v}`));
    parts.push(`_file = ${JSON.stringify(scriptFile)}`, `_line = ${b.line}`, b.text);
  }
  return `${parts.join('\n')}\n`;
}

/**
 * A failure's message is one line (the program's last line of stderr, say a Python
 * exception); `detail` has the stderr tail; `line` is the failing block's script line,
 * when the prologue's hook named it.
 */
export type CodeResult =
  | { readonly ok: true; readonly output: string }
  | { readonly ok: false; readonly message: string; readonly detail?: readonly string[]; readonly line?: number };

/** The block's line in the hook's "file:line: error in Python code". */
const WHERE = new RegExp(`:(\\d+): ${PYTHON_ERROR}$`);

/**
 * From the program's stderr: the prologue's "file:line: error in Python code" and
 * the exception, the traceback's last line, as one line; and that failing block's
 * line, when the hook wrote it.
 */
function pythonFailure(stderr: string): { readonly message: string | undefined; readonly line: number | undefined } {
  const lines = stderr.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const where = lines.find((l) => l.endsWith(PYTHON_ERROR));
  const last = lines.at(-1);
  const message = where !== undefined && last !== undefined && last !== where ? `${where}: ${last}` : last;
  const line = where === undefined ? undefined : WHERE.exec(where)?.[1];
  return { message, line: line === undefined ? undefined : Number(line) };
}

const shellQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** Writes the program, runs `codeCommand file` (via /bin/sh, like system(3)), deletes it. */
export function runCodeBlocks(blocks: readonly CodeBlock[], codeCommand: string, tmpDir: string, scriptFile: string): CodeResult {
  if (blocks.length === 0) return { ok: true, output: '' };
  const dir = mkdtempSync(join(tmpDir, 'code_'));
  const file = join(dir, 'code.py');
  try {
    writeFileSync(file, pythonProgram(blocks, scriptFile));
    const r = spawnSync('/bin/sh', ['-c', `${codeCommand} ${shellQuote(file)}`], { encoding: 'utf8' });
    if (r.error) return { ok: false, message: `cannot run ${codeCommand}: ${r.error.message}` };
    if (r.status === 0) return { ok: true, output: r.stdout };
    const why = r.status === null ? `killed by ${r.signal ?? 'a signal'}` : `exit status ${r.status}`;
    const failure = pythonFailure(r.stderr);
    return { ok: false, message: `${failure.message ?? `${codeCommand} failed`} (${why})`, detail: stderrTail(r.stderr), line: failure.line };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
