// Semantic checks of a parsed script (style.md §c: parse a superset, narrow it here).
// Read this first: packetdrill reports some of these only at run time (unknown symbols,
// first event not at 0, time going backwards); `tcpdrill check` reports them up front,
// because a script that fails them can never pass.
import type { Event, Expr, OptionLine, Script, SyscallAction } from './ast.js';
import { ERRNO } from '../linux/errno.js';
import { SYMBOLS, lookupSymbol } from '../linux/symbols.js';
import { checkPacket, range } from './check-packet.js';
import type { Reporter } from './positions.js';
import { didYouMean, nearest } from './suggest.js';

// §9 options: true = takes a value, false = a flag. `strict` is tcpdrill's (architecture.md).
const OPTIONS: Readonly<Record<string, boolean>> = {
  ip_version: true, local_ip: true, remote_ip: true, gateway_ip: true, netmask_ip: true,
  bind_port: true, connect_port: true, mtu: true, speed: true, mss: true,
  tolerance_usecs: true, tolerance_percent: true, tcp_ts_tick_usecs: true,
  tcp_ts_ecr_scaled: false, strict_segments: false, non_fatal: true, init_scripts: true,
  define: true, code_command: true, code_format: true, code_sockopt: true,
  send_omit_free: false, is_anyip: false, dry_run: false, verbose: false, debug: false,
  wire_client: false, wire_server: false, wire_server_ip: true, wire_server_at: true,
  wire_server_port: true, wire_client_dev: true, wire_server_dev: true, psp_udp_port: true,
  so_filename: true, so_flags: true, strict: false,
};

// §7.3 supported system calls.
export const SYSCALL_NAMES: ReadonlySet<string> = new Set([
  'socket', 'bind', 'listen', 'accept', 'connect', 'read', 'readv', 'recv', 'recvfrom',
  'recvmsg', 'write', 'writev', 'send', 'sendto', 'sendmsg', 'fcntl', 'ioctl', 'close',
  'shutdown', 'getsockopt', 'setsockopt', 'poll', 'epoll_create', 'epoll_ctl', 'epoll_wait',
  'pipe', 'splice', 'sendfile', 'open', 'cap_set', 'psp_rx_assoc', 'psp_tx_assoc',
]);

export interface CheckOptions {
  /** All defines in force; a defined name is never an unknown symbol. */
  readonly defines: ReadonlyMap<string, string>;
  /** Indexes into `events` before which a broken statement was left out (ScriptAssembler.gaps). */
  readonly gaps: ReadonlySet<number>;
}

export function checkScript(script: Script, r: Reporter, opts: CheckOptions): void {
  for (const o of script.options) checkOption(r, o);
  if (script.events.length === 0) {
    if (opts.gaps.size > 0) return;
    r.error(r.lines.pos(r.lines.text.length, 0), 'expected at least one event but the script has none (no events)');
    return;
  }
  checkTimes(r, script.events, opts.gaps);
  for (const ev of script.events) {
    const a = ev.action;
    switch (a.kind) {
      case 'packet':
        checkPacket(r, ev, a);
        break;
      case 'syscall':
        checkSyscall(r, a, opts);
        break;
      case 'command':
      case 'code':
      case 'state':
        break;
    }
    if (a.kind !== 'packet' && (ev.time.kind === 'any' || ev.time.kind === 'window')) {
      r.error(ev.time.pos, `expected a point time: '${ev.time.kind === 'any' ? '*' : '~'}' is only allowed on outbound packets (§1.5)`);
    }
  }
}

// §2.6 / §9: known names, values exactly where the option takes one.
function checkOption(r: Reporter, o: OptionLine): void {
  const takesValue = OPTIONS[o.name];
  if (takesValue === undefined) {
    const near = nearest(o.name, Object.keys(OPTIONS));
    const hint = near === undefined ? '' : `; did you mean '--${near}'?`;
    r.error(o.pos, `expected a known option (e.g. --tolerance_usecs, --ip_version) but found '--${o.name}' (§9; in scripts names are never abbreviated)${hint}`);
  } else if (takesValue && o.value === undefined) {
    r.error(o.pos, `expected a value: --${o.name}=VALUE`);
  } else if (!takesValue && o.value !== undefined) {
    r.error(o.value.pos, `expected no value: --${o.name} is a flag`);
  } else if (o.name === 'define' && o.value?.kind !== 'define') {
    r.error(o.pos, 'expected --define=NAME=VALUE');
  } else if (o.name !== 'define' && o.value?.kind === 'define') {
    r.error(o.value.pos, `expected a single value for --${o.name}; quote values containing '='`);
  }
}

// §1.5: the first event at 0; consecutive absolute times never go backwards; window order.
function checkTimes(r: Reporter, events: readonly Event[], gaps: ReadonlySet<number>): void {
  const firstTime = events[0]!.time;
  const at0 = firstTime.kind === 'any' || (firstTime.kind === 'window' ? firstTime.startUsecs === 0 : firstTime.usecs === 0);
  if (!at0 && !gaps.has(0)) r.error(firstTime.pos, 'expected the first event at time 0 (0 or +0)');
  let prev: number | undefined;
  for (const [i, ev] of events.entries()) {
    const t = ev.time;
    if (gaps.has(i)) prev = undefined;
    if (t.kind === 'window' && t.endUsecs < t.startUsecs) {
      r.error(t.pos, `expected a window end not before its start (${fmt(t.startUsecs)}~${fmt(t.endUsecs)})`);
    }
    if (ev.action.kind === 'syscall' && ev.action.end && t.kind === 'absolute' && ev.action.end.usecs < t.usecs) {
      r.error(ev.action.end.pos, `expected a blocking end time not before the start (${fmt(t.usecs)}...${fmt(ev.action.end.usecs)})`);
    }
    const abs = t.kind === 'absolute' ? t.usecs : t.kind === 'window' && !t.relative ? t.startUsecs : undefined;
    if (abs !== undefined && prev !== undefined && abs < prev) {
      r.error(t.pos, `expected a time at or after ${fmt(prev)} s: time goes backward from the previous event (§1.5)`);
    }
    prev = abs;
  }
}

function fmt(usecs: number): string {
  return (usecs / 1e6).toFixed(6).replace(/\.?0+$/, '');
}

// §7: known call, integer result, known errno, known symbols.
function checkSyscall(r: Reporter, s: SyscallAction, opts: CheckOptions): void {
  if (!SYSCALL_NAMES.has(s.name)) {
    r.error(s.pos, `expected a supported system call (e.g. socket, bind, write, setsockopt) but found '${s.name}' (§7.3)${didYouMean(s.name, SYSCALL_NAMES)}`);
  }
  if (s.result.kind !== 'int') {
    r.error(s.result.pos, `expected an integer result (e.g. = 0 or = -1) but found ${describe(s.result)} (§7.2)`);
  } else {
    range32(r, s.result);
  }
  if (s.errno && !ERRNO.has(s.errno.name)) {
    r.error(s.errno.pos, `expected an errno name (e.g. EAGAIN, EINPROGRESS) but found '${s.errno.name}'${didYouMean(s.errno.name, ERRNO.keys())}`);
  }
  for (const a of s.args) walk(a, (e, parent) => checkExpr(r, e, parent, opts));
}

const INT32_MIN = -(2n ** 31n);
const UINT32_MAX = 2n ** 32n - 1n;

function range32(r: Reporter, e: Extract<Expr, { kind: 'int' }>): void {
  if (e.value < INT32_MIN || e.value > UINT32_MAX) {
    r.error(e.pos, `expected a result that fits in 32 bits but found ${e.value}`);
  }
}

function describe(e: Expr): string {
  switch (e.kind) {
    case 'ellipsis':
      return "'...'";
    case 'symbol':
      return `the symbol '${e.name}'`;
    default:
      return `a ${e.kind} value`;
  }
}

function checkExpr(r: Reporter, e: Expr, parent: Expr | undefined, opts: CheckOptions): void {
  if (e.kind === 'symbol' && lookupSymbol(e.name) === undefined && !opts.defines.has(e.name)) {
    const near = nearest(e.name, [...SYMBOLS.keys(), ...opts.defines.keys()]);
    const hint = near === undefined ? `write a number or define it with -D ${e.name}=VALUE` : `did you mean '${near}'?`;
    r.error(e.pos, `expected a known symbol (§10) but found '${e.name}'; ${hint}`);
  }
  if (e.kind === 'keyValue' && lookupSymbol(e.key) === undefined && !opts.defines.has(e.key)) {
    r.error(e.pos, `expected a known attribute name (e.g. TCP_NLA_BUSY) but found '${e.key}'`);
  }
  if (e.kind === 'ellipsis' && parent?.kind === 'or') {
    r.error(e.pos, "expected a number or symbol: '...' cannot be combined with '|'");
  }
  if (e.kind === 'linger') {
    range(r, e.pos, 'a linger onoff value', e.onoff, 1);
  }
  if (e.kind === 'msghdr' && e.iovCount !== e.iov.length) {
    r.error(e.pos, `expected msg_iov(${e.iov.length}) to match the ${e.iov.length} iovecs listed but found msg_iov(${e.iovCount})`);
  }
  if (e.kind === 'inetAddr' && !(e.family === 4 ? /^\d+\.\d+\.\d+\.\d+$/ : /^[0-9a-fA-F:.]*:[0-9a-fA-F:.]*$/).test(e.text)) {
    r.error(e.pos, `expected an IPv${e.family} address but found "${e.text}"`);
  }
}

/** Visit every sub-expression with its parent. */
function walk(e: Expr, visit: (e: Expr, parent: Expr | undefined) => void, parent?: Expr): void {
  visit(e, parent);
  for (const child of children(e)) walk(child, visit, e);
}

const NO_CHILDREN: readonly Expr[] = [];

function children(e: Expr): readonly Expr[] {
  switch (e.kind) {
    case 'or':
      return [e.left, e.right];
    case 'keyValue':
      return [e.value];
    case 'list':
    case 'braces':
      return e.items;
    case 'msghdr':
      return [...e.iov, e.flags, ...(e.control ?? [])];
    case 'cmsg':
      return [e.level, e.type, e.data];
    case 'sockExtendedErr':
      return [e.errno, e.origin, e.type, e.code, e.info, e.data];
    case 'pollfd':
      return e.revents ? [e.fd, e.events, e.revents] : [e.fd, e.events];
    case 'epollEvent':
      return [e.events, e.data];
    case 'ellipsis':
    case 'int':
    case 'symbol':
    case 'string':
    case 'inetAddr':
    case 'sockaddr':
    case 'iovec':
    case 'scmTimestamping':
    case 'linger':
    case 'mplsStack':
    case 'gre':
      return NO_CHILDREN;
  }
}
