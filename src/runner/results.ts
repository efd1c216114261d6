// What a run produces: one record per event, the packet trace, and a verdict.
// Reporters render these and nothing else (style.md (a)); everything here is
// plain data that survives JSON, because a script runs in a child process
// inside its own network namespace and sends its result to the parent.

import type { Direction } from '../grammar/ast.js';
import type { IpVersion } from './config.js';

export type EventKind = 'inbound' | 'outbound' | 'syscall' | 'command' | 'code' | 'state';

/** One differing field of an outbound packet, in script space (style.md (d)). */
export interface FieldDiff {
  readonly field: string;
  readonly expected: string;
  readonly actual: string;
}

export type Failure =
  | {
      readonly kind: 'packet';
      readonly message: string;
      readonly diffs: readonly FieldDiff[];
      readonly scriptPacket: string;
      readonly livePacket: string | undefined;
    }
  | {
      readonly kind: 'timing';
      readonly message: string;
      readonly expectedUsecs: number;
      readonly actualUsecs: number;
      readonly toleranceUsecs: number;
      /** How late tcpdrill itself fired the event (or the one before it), in µs. */
      readonly testerLateUsecs: number;
    }
  | { readonly kind: 'syscall'; readonly message: string }
  | { readonly kind: 'state'; readonly message: string; readonly expected: string; readonly actual: string }
  /** `detail`: the command's last lines of stderr; the message stays one line. */
  | { readonly kind: 'command'; readonly message: string; readonly detail?: readonly string[] }
  /** `detail`: the code command's last lines of stderr (a Python traceback); the message stays one line. */
  | { readonly kind: 'code'; readonly message: string; readonly detail?: readonly string[] }
  /** --strict: an outbound packet no `>` line accounted for. */
  | { readonly kind: 'unexpected'; readonly message: string; readonly packet: string; readonly atUsecs: number }
  | { readonly kind: 'runtime'; readonly message: string }
  /** The script does not parse or plan: the first diagnostic's first line, and every diagnostic in `detail`. */
  | { readonly kind: 'script'; readonly message: string; readonly detail: readonly string[] };

export interface EventResult {
  readonly line: number;
  readonly kind: EventKind;
  /** The script's source line, for reporting. */
  readonly source: string;
  /** Resolved script time of the event, µs; undefined for `*`. */
  readonly scheduledUsecs: number | undefined;
  /** When it happened (outbound: capture timestamp; others: when fired), µs since zero. */
  readonly actualUsecs: number | undefined;
  /** How late tcpdrill fired the event versus its deadline, µs (inbound, syscall, command, code, state). */
  readonly testerLateUsecs: number | undefined;
  readonly verdict: 'pass' | 'fail' | 'warn';
  readonly failure: Failure | undefined;
  /**
   * The socket under test's TCP state (tcpi_state name, e.g. TCP_CLOSING) right
   * after the event, as sock_diag reported it: always for `state` lines, for
   * other events only when the timeline left time to ask (steps/observe.ts).
   */
  readonly observedState?: string;
}

/** A packet on the wire during the run, rendered in script notation. */
export interface TraceEntry {
  readonly direction: Direction;
  readonly atUsecs: number;
  readonly text: string;
  /** The script line that injected or matched it; undefined if none did. */
  readonly line: number | undefined;
}

export type Verdict = 'pass' | 'fail' | 'skip' | 'error';

export interface ScriptResult {
  readonly file: string;
  readonly ipVersion: IpVersion;
  /** pass; fail (the kernel disagreed); skip (an init command exited 4, skip.ts); error (the script or environment could not run). */
  readonly verdict: Verdict;
  /** Why the run was skipped (verdict 'skip'): the init command's last line of stderr. */
  readonly skipReason?: string;
  readonly events: readonly EventResult[];
  readonly trace: readonly TraceEntry[];
  /** The first failure, with its line (0 when outside any event). */
  readonly failure: { readonly line: number; readonly failure: Failure } | undefined;
  readonly warnings: readonly string[];
  /** Wall time of the whole run including namespace set-up, ms. */
  readonly wallMs: number;
  /** The script's own timeline (time of the last event), ms. */
  readonly timelineMs: number;
  readonly pcapFile: string | undefined;
  /** The script's text, so a report can show it beside the ladder diagram. */
  readonly scriptText?: string;
  /** The first connection's ends, `address:port` (`[v6]:port`); absent if no connection was made. */
  readonly endpoints?: { readonly local: string; readonly remote: string };
  /** The state sock_diag reported once the timeline was over, before teardown, and when (µs). */
  readonly finalState?: { readonly state: string; readonly atUsecs: number };
}
