// The typed AST of a tcpdrill script (the packetdrill language, script-language.md
// §3, plus the `state` extension of architecture.md).
//
// Read this first: the AST holds the script's own words, in script space. It builds
// no packets and knows nothing of the run-time configuration (IP version, addresses):
// the planner does that. Every node carries the position of its first token.

import type { TcpStateName } from '../linux/tcp.js';

/** A source position: 1-based line and column, 0-based character offset. */
export interface Pos {
  readonly line: number;
  readonly col: number;
  readonly offset: number;
  readonly length: number;
}

export interface Script {
  readonly file: string;
  readonly options: readonly OptionLine[];
  /** Untimed back-quoted command before the first event (§8.1). */
  readonly initCommand: Command | undefined;
  readonly events: readonly Event[];
  /** Untimed back-quoted command after the last event (§8.1). */
  readonly cleanupCommand: Command | undefined;
}

// ---------------------------------------------------------------- options (§2.6)

/** `--name=value` or `--name` at the top of a script. */
export interface OptionLine {
  readonly kind: 'option';
  /** Without the leading `--`. */
  readonly name: string;
  readonly value: OptionValue | undefined;
  readonly pos: Pos;
}

export type OptionValue =
  /** INT, WORD, IPv4/IPv6 address, `ipv4`/`ipv6`, or a STRING (quotes removed). */
  | { readonly kind: 'scalar'; readonly text: string; readonly quoted: boolean; readonly pos: Pos }
  /** `--define=NAME=VALUE`; a string value keeps its quotes, a command its back-quotes. */
  | { readonly kind: 'define'; readonly name: string; readonly value: string; readonly pos: Pos };

// ---------------------------------------------------------------- time (§1.5)

/** Times are integer microseconds, converted as packetdrill does (§1.5). */
export type EventTime =
  | { readonly kind: 'absolute'; readonly usecs: number; readonly pos: Pos }
  | { readonly kind: 'relative'; readonly usecs: number; readonly pos: Pos }
  /** `*`: outbound packets only. */
  | { readonly kind: 'any'; readonly pos: Pos }
  /** `T1~T2` or `+T1~+T2`: outbound packets only. */
  | {
      readonly kind: 'window';
      readonly relative: boolean;
      readonly startUsecs: number;
      readonly endUsecs: number;
      readonly pos: Pos;
    };

export interface Event {
  readonly time: EventTime;
  readonly action: Action;
  /** Position of the time stamp: the line reported for this event. */
  readonly pos: Pos;
}

export type Action = PacketAction | SyscallAction | CommandAction | CodeAction | StateAction;

// ---------------------------------------------------------------- packets (§4)

export type Direction = 'inbound' | 'outbound';

export interface PacketAction {
  readonly kind: 'packet';
  readonly direction: Direction;
  /** Outer encapsulation headers, outermost first (§4.10). Usually empty. */
  readonly outer: readonly OuterHeader[];
  /** IP-level attributes of the innermost IP header (§4.6). */
  readonly ip: IpAttrs | undefined;
  readonly body: TcpPacket | UdpPacket | IcmpPacket;
  readonly pos: Pos;
}

export type EcnMarker = 'noecn' | 'ect0' | 'ect1' | 'ce' | 'ect01';

export interface IpAttrs {
  readonly ecn: EcnMarker | undefined;
  /** `tos 0xNN`: the whole TOS / traffic-class byte. */
  readonly tos: number | undefined;
  readonly flowLabel: number | undefined;
  /** `ttl N`; 0 and 255 both mean "default / don't check". */
  readonly ttl: number | undefined;
  readonly pos: Pos;
}

export type OuterHeader =
  | {
      readonly kind: 'ip';
      readonly version: 4 | 6;
      readonly attrs: IpAttrs | undefined;
      readonly src: string;
      readonly dst: string;
      readonly pos: Pos;
    }
  | { readonly kind: 'gre'; readonly fields: GreFields | undefined; readonly pos: Pos }
  | { readonly kind: 'mpls'; readonly entries: readonly MplsEntry[]; readonly pos: Pos };

export interface GreFields {
  /** Flag names as written (`checksum`, `key`, `sequence#`, `none`) or a number. */
  readonly flags: readonly ('checksum' | 'key' | 'sequence#' | 'none')[] | number;
  readonly sum: number;
  readonly off: number;
  readonly key: number;
  readonly seq: number;
  readonly pos: Pos;
}

export interface MplsEntry {
  readonly label: number;
  readonly tc: number;
  readonly bottomOfStack: boolean;
  readonly ttl: number;
  readonly pos: Pos;
}

export interface Ports {
  readonly src: number;
  readonly dst: number;
  readonly pos: Pos;
}

/** `FLAGS` word of §4.2, decoded. */
export interface TcpFlagsSpec {
  /** As written, e.g. `S.`, `P.`, `-`, `.5`. */
  readonly text: string;
  /** Header bits (FIN=0x01 ... CWR=0x80, AE=0x100), see src/linux/tcp.ts. */
  readonly bits: number;
  /** The ACE digit 1–7 if the line used one (§4.2), else undefined. */
  readonly ace: number | undefined;
  readonly pos: Pos;
}

/** `start:end(len)` (§4.3). */
export interface SeqRange {
  readonly start: number;
  readonly end: number;
  readonly len: number;
  readonly pos: Pos;
}

export interface TcpPacket {
  readonly kind: 'tcp';
  readonly psp: { readonly spi: number; readonly pos: Pos } | undefined;
  readonly ports: Ports | undefined;
  readonly flags: TcpFlagsSpec;
  readonly seq: SeqRange;
  readonly ack: number | undefined;
  readonly win: number | undefined;
  readonly urg: number | undefined;
  readonly options: TcpOptionsSpec | undefined;
  readonly pos: Pos;
}

export type TcpOptionsSpec =
  /** `<...>`: outbound only, options unchecked. */
  | { readonly kind: 'any'; readonly pos: Pos }
  | { readonly kind: 'list'; readonly options: readonly TcpOptionAst[]; readonly pos: Pos };

export interface SackBlock {
  readonly left: number;
  readonly right: number;
}

export type AccEcnField = { readonly name: 'e0b' | 'ceb' | 'e1b'; readonly value: number };

/** One TCP option as written (§4.5). Hex blobs are kept as their text. */
export type TcpOptionAst =
  | { readonly kind: 'nop'; readonly pos: Pos }
  | { readonly kind: 'eol'; readonly pos: Pos }
  | { readonly kind: 'mss'; readonly value: number; readonly pos: Pos }
  | { readonly kind: 'wscale'; readonly shift: number; readonly pos: Pos }
  | { readonly kind: 'sackOK'; readonly pos: Pos }
  | { readonly kind: 'sack'; readonly blocks: readonly SackBlock[]; readonly pos: Pos }
  | { readonly kind: 'timestamp'; readonly val: number; readonly ecr: number; readonly pos: Pos }
  | { readonly kind: 'md5'; readonly hex: string; readonly pos: Pos }
  /** `FO [cookie]`, kind 34. */
  | { readonly kind: 'fastopen'; readonly hex: string | undefined; readonly pos: Pos }
  /** `FOEXP [cookie]`, kind 254 with magic 0xF989. */
  | { readonly kind: 'fastopenExp'; readonly hex: string | undefined; readonly pos: Pos }
  /** `ECN e0b A [ceb B [e1b C]]` (order 0, kind 172) or `ECN e1b ...` (order 1, kind 174). */
  | { readonly kind: 'accecn'; readonly order: 0 | 1; readonly fields: readonly AccEcnField[]; readonly pos: Pos };

export interface UdpPacket {
  readonly kind: 'udp';
  readonly ports: Ports | undefined;
  readonly len: number;
  readonly pos: Pos;
}

export type IcmpEchoed =
  | { readonly kind: 'tcp'; readonly seq: SeqRange }
  | { readonly kind: 'udp'; readonly len: number; readonly pos: Pos }
  | { readonly kind: 'raw'; readonly len: number; readonly pos: Pos };

export interface IcmpPacket {
  readonly kind: 'icmp';
  /** Type name as written: `unreachable`, `echo_request`, `type_N`... */
  readonly type: string;
  readonly code: string | undefined;
  readonly mtu: number | undefined;
  readonly id: number | undefined;
  readonly echoed: IcmpEchoed | undefined;
  readonly pos: Pos;
}

// ---------------------------------------------------------------- system calls (§7)

export interface SyscallAction {
  readonly kind: 'syscall';
  readonly name: string;
  readonly args: readonly Expr[];
  /** `T...E`: the call blocks; E is the expected return time (§1.5). */
  readonly end: { readonly usecs: number; readonly pos: Pos } | undefined;
  readonly result: Expr;
  readonly errno: { readonly name: string; readonly pos: Pos } | undefined;
  /** The parenthesised note, ignored at run time. */
  readonly note: string | undefined;
  readonly pos: Pos;
}

/** Syscall argument and result expressions (§3 `expr`, §7.4). */
export type Expr =
  | { readonly kind: 'ellipsis'; readonly pos: Pos }
  /** INTEGER or HEX_INTEGER; 64-bit, hence bigint. */
  | { readonly kind: 'int'; readonly value: bigint; readonly hex: boolean; readonly pos: Pos }
  /** A symbol resolved at run time (§10). */
  | { readonly kind: 'symbol'; readonly name: string; readonly pos: Pos }
  /** Adjacent strings concatenated; `raw` keeps each piece's undecoded text. */
  | { readonly kind: 'string'; readonly raw: readonly string[]; readonly ellipsis: boolean; readonly pos: Pos }
  | { readonly kind: 'or'; readonly left: Expr; readonly right: Expr; readonly pos: Pos }
  /** `NAME=expr`, e.g. in TCP_NLA lists. */
  | { readonly kind: 'keyValue'; readonly key: string; readonly value: Expr; readonly pos: Pos }
  /** `[a, b]`; `[x]` is a pointer to an int. */
  | { readonly kind: 'list'; readonly items: readonly Expr[]; readonly pos: Pos }
  /** Generic `{a, b}`. */
  | { readonly kind: 'braces'; readonly items: readonly Expr[]; readonly pos: Pos }
  | { readonly kind: 'inetAddr'; readonly family: 4 | 6; readonly text: string; readonly pos: Pos }
  | {
      readonly kind: 'sockaddr';
      readonly family: string;
      readonly port: number;
      readonly addr: string;
      readonly pos: Pos;
    }
  | {
      readonly kind: 'msghdr';
      readonly iovCount: number;
      readonly iov: readonly Expr[];
      readonly flags: Expr;
      readonly control: readonly Expr[] | undefined;
      readonly pos: Pos;
    }
  | { readonly kind: 'iovec'; readonly len: number; readonly pos: Pos }
  | { readonly kind: 'cmsg'; readonly level: Expr; readonly type: Expr; readonly data: Expr; readonly pos: Pos }
  | { readonly kind: 'scmTimestamping'; readonly sec: number; readonly nsec: number; readonly pos: Pos }
  | {
      readonly kind: 'sockExtendedErr';
      readonly errno: Expr;
      readonly origin: Expr;
      readonly type: Expr;
      readonly code: Expr;
      readonly info: Expr;
      readonly data: Expr;
      readonly pos: Pos;
    }
  | { readonly kind: 'pollfd'; readonly fd: Expr; readonly events: Expr; readonly revents: Expr | undefined; readonly pos: Pos }
  | {
      readonly kind: 'epollEvent';
      readonly events: Expr;
      readonly dataKind: 'fd' | 'ptr' | 'u32' | 'u64';
      readonly data: Expr;
      readonly pos: Pos;
    }
  | { readonly kind: 'linger'; readonly onoff: number; readonly linger: number; readonly pos: Pos }
  | { readonly kind: 'mplsStack'; readonly entries: readonly MplsEntry[]; readonly pos: Pos }
  | { readonly kind: 'gre'; readonly fields: GreFields; readonly pos: Pos };

// ---------------------------------------------------------------- commands, code, state

/** A back-quoted shell command (§8.1); text verbatim, passed to /bin/sh -c. */
export interface CommandAction {
  readonly kind: 'command';
  readonly text: string;
  readonly pos: Pos;
}
export type Command = CommandAction;

/** A `%{ }%` code block (§8.2); spaces and tabs trimmed from both ends. */
export interface CodeAction {
  readonly kind: 'code';
  readonly text: string;
  readonly pos: Pos;
}

export { TCP_STATE_NAMES, type TcpStateName } from '../linux/tcp.js';

/** `<time> state TCP_X` (architecture.md, "State assertions"). */
export interface StateAction {
  readonly kind: 'state';
  readonly state: TcpStateName;
  readonly pos: Pos;
}

// ---------------------------------------------------------------- diagnostics

export interface Diagnostic {
  readonly file: string;
  readonly line: number;
  readonly col: number;
  readonly length: number;
  readonly message: string;
  /** What would have been valid here, in script terms, if known. */
  readonly expected: string | undefined;
}

export interface ParseResult {
  /** Present whenever the text could be parsed at all, even with diagnostics. */
  readonly script: Script | undefined;
  readonly diagnostics: readonly Diagnostic[];
}
