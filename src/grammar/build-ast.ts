// AST construction for scripts, events and packets (script-language.md §2.6, §3, §4),
// called from the grammar's embedded actions (parser.ts, parser-packet.ts) with the tokens
// and sub-results each rule recognized. Read this first: checks that need the tokens
// themselves (statement order, hex-only numbers, quoting) are made here, as the AST is
// built; everything that can be judged from the AST is in check.ts. What is said about a
// statement is held back until it has parsed: a broken statement (a syntax error, or a
// lexical one inside it) is reported once, by the parser or the lexer, and left out.
import type { IToken } from 'chevrotain';
import { ScriptAssembler, type Statement } from './assemble.js';
import {
  TCP_STATE_NAMES, type Action, type Command, type EventTime, type IcmpEchoed,
  type IpAttrs, type OptionLine, type OuterHeader, type PacketAction, type Ports, type Pos,
  type Script, type SeqRange, type SyscallAction, type TcpFlagsSpec, type TcpOptionAst,
  type TcpOptionsSpec, type TcpStateName, type Expr, type GreFields, type MplsEntry,
} from './ast.js';
import { ExprBuilder, type Num } from './build-expr.js';
import { decodeFlags } from './flags.js';
import type { LexicalErrors } from './lexical-errors.js';
import { Reporter } from './positions.js';
import { didYouMean } from './suggest.js';
import {
  ACCECN_FIELDS, ADDRESSES, BARE_OPTIONS, BLOB_OPTIONS, DIRECTIONS, ECHOED, ECN_MARKERS, IP_VERSIONS,
  NUMBER_OPTIONS, NUMBERED_ATTRS, OPTION_VALUES, TIME_NUMS, kindOf,
} from './token-kinds.js';

export type TimeNum = { usecs: number; pos: Pos };
export type BlockEnd = TimeNum | undefined;
export type IpAttr =
  | { key: 'ecn'; marker: keyof typeof ECN_MARKERS; value: undefined; pos: Pos }
  | { key: keyof typeof NUMBERED_ATTRS; marker: undefined; value: number; pos: Pos };
export type Psp = { spi: number; pos: Pos } | undefined;
type AccEcnField = { name: keyof typeof ACCECN_FIELDS; value: number };

export class AstBuilder extends ExprBuilder {
  private readonly assembler: ScriptAssembler;

  constructor(out: Reporter, private readonly lexErrors: LexicalErrors) {
    super(new Reporter(out.file, out.lines), out.lines);
    this.assembler = new ScriptAssembler(out);
  }

  /** Statement `s`, parsed from token `first` to `last`, joins the script. */
  statement(first: IToken, last: IToken, s: Statement): void {
    const end = last.endOffset ?? last.startOffset;
    const broken = this.lexErrors.within(first.startOffset, end);
    const said = this.r.take();
    this.assembler.hold(broken ? undefined : s, broken ? [] : said, this.lines.pos(first.startOffset, 0).line, this.lines.pos(end, 0).line);
  }

  /**
   * A syntax error on `line`: the statement in progress is left out, and so is what was
   * said of it (see ScriptAssembler.brokenOn).
   */
  abandon(line: number): void {
    this.r.clear();
    this.assembler.brokenOn(line);
  }

  /** The script, and where statements were left out (see ScriptAssembler.gaps). */
  finish(): { script: Script; gaps: ReadonlySet<number> } {
    return this.assembler.finish();
  }

  command(tok: IToken): Command {
    return { kind: 'command', text: tok.image.slice(1, -1), pos: this.at(tok) };
  }

  // §2.6 `--name[=value]`, `--define=NAME=VALUE`
  optionLine(nameTok: IToken, valueTok: IToken | undefined, defTok: IToken | undefined): OptionLine {
    const pos = this.at(nameTok);
    const name = nameTok.image.slice(2);
    if (!valueTok) return { kind: 'option', name, value: undefined, pos };
    if (defTok) {
      if (kindOf(defTok, OPTION_VALUES) === 'integer') {
        this.r.error(this.at(defTok), `expected a word or a quoted string as the value of ${valueTok.image} but found '${defTok.image}' (an in-script define cannot be a number, §2.6)`);
      }
      return { kind: 'option', name, value: { kind: 'define', name: valueTok.image, value: defTok.image, pos: this.at(valueTok) }, pos };
    }
    const quoted = this.optionValueIsQuoted(valueTok, name);
    return { kind: 'option', name, value: { kind: 'scalar', text: quoted ? valueTok.image.slice(1, -1) : valueTok.image, quoted, pos: this.at(valueTok) }, pos };
  }

  /** Whether an option value is a quoted string; floats, hex and commands are reported (§2.6). */
  private optionValueIsQuoted(valueTok: IToken, name: string): boolean {
    switch (kindOf(valueTok, OPTION_VALUES)) {
      case 'string':
        return true;
      case 'integer':
      case 'word':
      case 'ipv4Address':
      case 'ipv6Address':
      case 'ipv4':
      case 'ipv6':
        return false;
      case 'float':
      case 'hex':
      case 'command':
        this.r.error(this.at(valueTok), `expected a number, word, address or quoted string but found '${valueTok.image}'; quote it: --${name}="${valueTok.image}"`);
        return false;
    }
  }

  // §3 event = event_time action
  event(time: EventTime, blockEnd: BlockEnd, action: Action | undefined): Statement {
    if (action === undefined) return { kind: 'skip' };
    if (blockEnd && action.kind !== 'syscall') {
      this.r.error(blockEnd.pos, 'expected a system call after a blocking time T...E (§1.5)');
    }
    return { kind: 'event', event: { time, action, pos: time.pos } };
  }

  anyTime(star: IToken): EventTime {
    return { kind: 'any', pos: this.at(star) };
  }

  // §1.5 time forms: T, +T, T1~T2, +T1~+T2
  pointOrWindow(plus: IToken | undefined, start: TimeNum, endPlus: IToken | undefined, end: BlockEnd): EventTime {
    const pos = plus ? this.at(plus) : start.pos;
    const relative = plus !== undefined;
    if (!end) return { kind: relative ? 'relative' : 'absolute', usecs: start.usecs, pos };
    if (relative !== (endPlus !== undefined)) {
      this.r.error(end.pos, relative ? "expected '+' before the end of a relative window (+T1~+T2)" : "expected an absolute end for an absolute window (T1~T2)");
    }
    return { kind: 'window', relative, startUsecs: start.usecs, endUsecs: end.usecs, pos };
  }

  // §1.5: integers exact; floats multiplied in binary double precision, then truncated.
  timeNum(tok: IToken): TimeNum {
    const pos = this.at(tok);
    if (tok.image.startsWith('-')) this.r.error(pos, `expected a non-negative time but found '${tok.image}'`);
    switch (kindOf(tok, TIME_NUMS)) {
      case 'float':
        return { usecs: Math.trunc(parseFloat(tok.image) * 1e6), pos };
      case 'integer':
        return { usecs: this.numberOf(tok) * 1_000_000, pos };
    }
  }

  code(tok: IToken): Action {
    return { kind: 'code', text: tok.image.slice(2, -2).replace(/^[ \t]+|[ \t]+$/g, ''), pos: this.at(tok) };
  }

  // architecture.md "State assertions"
  stateAssertion(kw: IToken, st: IToken): Action | undefined {
    if (kw.image !== 'state') {
      const hint = didYouMean(kw.image, ['state']);
      if (hint !== '') this.r.error(this.at(kw), `expected a system call or 'state' but found '${kw.image}'${hint}`);
      else this.r.error(this.at(st), `expected '(' after the system call name '${kw.image}' but found '${st.image}'`, "'('");
      return undefined;
    }
    if (!(TCP_STATE_NAMES as readonly string[]).includes(st.image)) {
      this.r.error(this.at(st), `expected a TCP state (${TCP_STATE_NAMES.join(', ')}) but found '${st.image}'${didYouMean(st.image, TCP_STATE_NAMES)}`);
      return undefined;
    }
    return { kind: 'state', state: st.image as TcpStateName, pos: this.at(kw) };
  }

  // §7 syscall
  syscall(
    name: IToken, args: readonly Expr[], equals: IToken, result: Expr | undefined,
    errnoTok: IToken | undefined, note: string | undefined, end: BlockEnd,
  ): SyscallAction {
    if (errnoTok && note === undefined) {
      this.r.error(this.lines.pos(errnoTok.startOffset + errnoTok.image.length, 1), `expected a note in parentheses after the errno name ${errnoTok.image}, e.g. (Operation now in progress)`, "'('");
    }
    return {
      kind: 'syscall', name: name.image, args, end,
      result: result ?? { kind: 'ellipsis', pos: this.lines.tokenPos(equals) },
      errno: errnoTok && { name: errnoTok.image, pos: this.at(errnoTok) },
      note, pos: this.at(name),
    };
  }

  // §4.1 packet
  packet(dirTok: IToken, outer: OuterHeader[], ip: IpAttrs | undefined, body: PacketAction['body']): PacketAction {
    return {
      kind: 'packet', direction: kindOf(dirTok, DIRECTIONS),
      outer, ip, body, pos: this.at(dirTok),
    };
  }

  // §4.10 outer headers
  ipHeader(kw: IToken, attrs: IpAttrs | undefined, src: IToken, dst: IToken): OuterHeader {
    const family = kindOf(kw, IP_VERSIONS);
    const version = family === 'ipv4' ? 4 : 6;
    for (const a of [src, dst]) {
      if (kindOf(a, ADDRESSES) !== family) this.r.error(this.at(a), `expected an IPv${version} address but found '${a.image}'`);
    }
    return { kind: 'ip', version, attrs, src: src.image, dst: dst.image, pos: this.at(kw) };
  }

  greHeader(kw: IToken, fields: GreFields | undefined): OuterHeader {
    return { kind: 'gre', fields, pos: this.at(kw) };
  }

  mplsHeader(kw: IToken, entries: readonly MplsEntry[]): OuterHeader {
    return { kind: 'mpls', entries, pos: this.at(kw) };
  }

  // §4.6: one attribute, or a TOS/ECN attribute followed by a flow label
  ipAttrs(open: IToken, attrs: readonly IpAttr[]): IpAttrs {
    const pos = this.at(open);
    const shape = attrs.map((a) => (a.key === 'ecn' ? 'tos' : a.key)).join(',');
    if (!['tos', 'flowLabel', 'ttl', 'tos,flowLabel'].includes(shape)) {
      this.r.error(attrs[1]?.pos ?? pos, 'expected one IP attribute, or a TOS/ECN attribute followed by flowlabel (§4.6)');
    }
    const get = (k: string): IpAttr | undefined => attrs.find((a) => a.key === k);
    const ecn = get('ecn');
    return {
      ecn: ecn?.key === 'ecn' ? ecn.marker : undefined,
      tos: get('tos')?.value, flowLabel: get('flowLabel')?.value, ttl: get('ttl')?.value, pos,
    };
  }

  ecnAttr(kw: IToken): IpAttr {
    return { key: 'ecn', marker: kindOf(kw, ECN_MARKERS), value: undefined, pos: this.at(kw) };
  }

  numberedAttr(kw: IToken, n: Num): IpAttr {
    const key = kindOf(kw, NUMBERED_ATTRS);
    // §4.6: tos and flowlabel take hex only, ttl decimal only.
    if ((key === 'ttl') === n.hex) {
      this.r.error(this.at(n.tok), `expected ${key === 'ttl' ? 'a decimal' : 'a hex (0x...)'} number after '${key === 'flowLabel' ? 'flowlabel' : key}' but found '${n.tok.image}'`);
    }
    return { key, marker: undefined, value: n.value, pos: this.at(n.tok) };
  }

  // §4.10 encap psp spi N
  pspEncap(encap: IToken, spi: Num): { spi: number; pos: Pos } {
    return { spi: spi.value, pos: this.at(encap) };
  }

  ports(src: IToken, dst: IToken): Ports {
    return { src: this.numberOf(src), dst: this.numberOf(dst), pos: this.at(src) };
  }

  // §4.1 TCP packet
  tcpBody(
    psp: Psp, ports: Ports | undefined, flags: TcpFlagsSpec, seq: SeqRange,
    ack: IToken | undefined, win: IToken | undefined, urg: IToken | undefined, options: TcpOptionsSpec | undefined,
  ): PacketAction['body'] {
    return {
      kind: 'tcp', psp, ports, flags, seq, ack: this.optionalNumber(ack), win: this.optionalNumber(win),
      urg: this.optionalNumber(urg), options, pos: flags.pos,
    };
  }

  // §4.2 flags word, written as one to three tokens; bad letters are reported by check.ts
  tcpFlags(toks: readonly IToken[]): TcpFlagsSpec {
    const text = toks.length === 1 ? toks[0]!.image : toks.map((t) => t.image).join('');
    const decoded = decodeFlags(text);
    const pos = this.lines.pos(toks[0]!.startOffset, text.length);
    return { text, bits: decoded.bits, ace: decoded.ace, pos };
  }

  seqRange(start: IToken, end: IToken, len: IToken): SeqRange {
    return { start: this.numberOf(start), end: this.numberOf(end), len: this.numberOf(len), pos: this.at(start) };
  }

  // §4.5 options
  tcpOptions(open: IToken, options: readonly TcpOptionAst[] | undefined): TcpOptionsSpec {
    const pos = this.at(open);
    if (!options) return { kind: 'any', pos };
    return { kind: 'list', options, pos };
  }

  /** An option without arguments: `nop`, `eol`, `sackOK`. */
  bareOption(kw: IToken): TcpOptionAst {
    return { kind: kindOf(kw, BARE_OPTIONS), pos: this.at(kw) };
  }

  /** An option with one number: `mss N`, `wscale N`. */
  numberOption(kw: IToken, value: IToken): TcpOptionAst {
    const pos = this.at(kw);
    switch (kindOf(kw, NUMBER_OPTIONS)) {
      case 'mss':
        return { kind: 'mss', value: this.numberOf(value), pos };
      case 'wscale':
        return { kind: 'wscale', shift: this.numberOf(value), pos };
    }
  }

  sackOption(kw: IToken, blocks: readonly { left: number; right: number }[]): TcpOptionAst {
    return { kind: 'sack', blocks, pos: this.at(kw) };
  }

  timestampOption(kw: IToken, val: IToken, ecr: IToken): TcpOptionAst {
    return { kind: 'timestamp', val: this.numberOf(val), ecr: this.numberOf(ecr), pos: this.at(kw) };
  }

  /** `md5 HEX`, `FO [HEX]`, `FOEXP [HEX]`. */
  blobOption(kw: IToken, hex: IToken | undefined): TcpOptionAst {
    const pos = this.at(kw);
    const kind = kindOf(kw, BLOB_OPTIONS);
    switch (kind) {
      case 'md5':
        return { kind, hex: hex?.image ?? '', pos };
      case 'fastopen':
      case 'fastopenExp':
        return { kind, hex: hex?.image, pos };
    }
  }

  accecnOption(kw: IToken, fields: readonly AccEcnField[]): TcpOptionAst {
    return { kind: 'accecn', order: fields[0]?.name === 'e1b' ? 1 : 0, fields, pos: this.at(kw) };
  }

  sackBlock(left: IToken, right: IToken): { left: number; right: number } {
    return { left: this.numberOf(left), right: this.numberOf(right) };
  }

  accecnField(kw: IToken, value: IToken): AccEcnField {
    return { name: kindOf(kw, ACCECN_FIELDS), value: this.numberOf(value) };
  }

  // §4.8 udp
  udpBody(kw: IToken, ports: Ports | undefined, len: IToken): PacketAction['body'] {
    return { kind: 'udp', ports, len: this.numberOf(len), pos: this.at(kw) };
  }

  // §4.9 icmp
  icmpBody(
    kw: IToken, type: IToken, code: IToken | undefined, mtu: IToken | undefined, id: IToken | undefined,
    echoed: IcmpEchoed | undefined,
  ): PacketAction['body'] {
    return {
      kind: 'icmp', type: type.image, code: code?.image, mtu: this.optionalNumber(mtu), id: this.optionalNumber(id),
      echoed, pos: this.at(kw),
    };
  }

  private optionalNumber(tok: IToken | undefined): number | undefined {
    return tok ? this.numberOf(tok) : undefined;
  }

  echoedUdpOrRaw(kw: IToken, len: IToken): IcmpEchoed {
    return { kind: kindOf(kw, ECHOED), len: this.numberOf(len), pos: this.at(kw) };
  }
}
