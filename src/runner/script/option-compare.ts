// Outbound TCP option comparison (§5.6): same kinds, order and count (nop and eol
// included); per pair, identical bytes after translating SACK edges into script space;
// TS val checked only when `--tcp_ts_tick_usecs` is non-zero; TS ecr never.

import type { TcpOptionAst } from '../../grammar/ast.js';
import { TCP_FLAG_SYN } from '../../linux/tcp.js';
import { type Connection, outboundAck, outboundTsVal } from './connection.js';
import { optionFromAst } from './ast-options.js';
import { seq } from '../wire/seq.js';
import { type TcpOption, encodeOptions, optionCode } from '../wire/tcp-options.js';
import type { TcpRepr } from '../wire/tcp.js';
import { renderOption, renderOptions } from './to-script.js';
import { bytesEqual } from '../wire/wire.js';

export interface FieldDiff {
  readonly field: string;
  /** Script-space values, rendered. */
  readonly expected: string;
  readonly actual: string;
  readonly liveExpected?: string;
  readonly liveActual?: string;
  /** packetdrill's wording where the field alone does not say it (§5.6, §5.7). */
  readonly message?: string;
}

export interface TsCheck {
  /** `--tcp_ts_tick_usecs`; 0 disables the TS val check. */
  readonly tsTickUsecs: number;
  /** §1.7 tolerance computed from the script time since zero (§5.6). */
  readonly tsToleranceUsecs: number;
}

/** The live options with SACK edges and TS val in script space. */
export function optionsToScript(tcp: TcpRepr, conn: Connection): TcpOption[] {
  const syn = (tcp.flags & TCP_FLAG_SYN) !== 0;
  return tcp.options.map((o): TcpOption => {
    if (o.kind === 'sack') return { kind: 'sack', blocks: o.blocks.map((b) => ({ left: seq(outboundAck(conn, syn, b.left)), right: seq(outboundAck(conn, syn, b.right)) })) };
    if (o.kind === 'timestamp') return { ...o, val: outboundTsVal(conn, o.val) ?? o.val };
    return o;
  });
}

function tsDiff(exp: TcpOption & { kind: 'timestamp' }, liveVal: number, conn: Connection, ts: TsCheck): FieldDiff | undefined {
  const translated = outboundTsVal(conn, liveVal);
  // The first TS of a connection is trivially equal: it becomes the baseline (§5.6).
  if (ts.tsTickUsecs === 0 || translated === undefined) return undefined;
  const deltaTicks = Math.abs(((translated - exp.val + 2 ** 31) % 2 ** 32) - 2 ** 31);
  if (deltaTicks * ts.tsTickUsecs <= ts.tsToleranceUsecs) return undefined;
  return {
    field: 'tcp_option_ts_val',
    expected: String(exp.val),
    actual: String(translated),
    liveActual: String(liveVal),
    message: `bad outbound TCP timestamp value, tolerance ${ts.tsToleranceUsecs}`,
  };
}

/** Diffs of the option lists; empty when they match. */
export function compareOptions(expectedAst: readonly TcpOptionAst[], live: TcpRepr, conn: Connection, ts: TsCheck): FieldDiff[] {
  const expected = expectedAst.map((a) => optionFromAst(a));
  const actual = optionsToScript(live, conn);
  const sameShape = expected.length === actual.length && expected.every((o, i) => optionCode(o) === optionCode(actual[i]!));
  if (!sameShape) {
    return [{ field: 'tcp_options', expected: renderOptions(expected), actual: renderOptions(actual), message: 'bad outbound TCP options' }];
  }
  const diffs: FieldDiff[] = [];
  expected.forEach((exp, i) => {
    const act = actual[i]!;
    const liveOpt = live.options[i]!;
    if (exp.kind === 'timestamp' && liveOpt.kind === 'timestamp') {
      const d = tsDiff(exp, liveOpt.val, conn, ts);
      if (d !== undefined) diffs.push(d);
      return;
    }
    const e = encodeOptions([exp]);
    const a = encodeOptions([act]);
    if (bytesEqual(e, a)) return;
    const what = e.length !== a.length ? 'bad length in' : 'bad value in';
    diffs.push({
      field: `tcp_option_${exp.kind}`,
      expected: renderOption(exp),
      actual: renderOption(act),
      message: `${what} outbound TCP option (kind=${optionCode(exp)}): expected: ${renderOption(exp)} actual: ${renderOption(act)}`,
    });
  });
  return diffs;
}
