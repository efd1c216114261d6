// CST → AST for scripts, events and packets (script-language.md §2.6, §3, §4). Read this
// first: rules are visited by direct, typed calls; validateVisitor() in the constructor
// makes a grammar rule without a builder method fail at start-up. Checks that need the
// tokens themselves (statement order, hex-only numbers, quoting) are made here; everything
// that can be judged from the AST is in check.ts.
import type { IToken } from 'chevrotain';
import {
  TCP_STATE_NAMES, type Action, type Command, type Event, type EventTime, type IpAttrs,
  type IcmpEchoed, type OptionLine, type OuterHeader, type Pos, type TcpFlagsSpec, type PacketAction, type Ports, type Script, type SeqRange,
  type TcpOptionAst, type TcpOptionsSpec, type TcpStateName,
} from './ast.js';
import { ExprBuilder, first } from './build-expr.js';
import type * as C from './cst.js';
import { decodeFlags } from './flags.js';

export class AstBuilder extends ExprBuilder {
  private file = '';

  build(root: C.ScriptCstNode, file: string): Script {
    this.validateVisitor();
    this.file = file;
    return this.script(root.children);
  }

  // §3 script: options, then [init] events [cleanup]
  script(ctx: C.ScriptCstChildren): Script {
    const options: OptionLine[] = [];
    const events: Event[] = [];
    let initCommand: Command | undefined;
    let cleanupCommand: Command | undefined;
    let started = false;
    for (const st of ctx.statement ?? []) {
      const s = this.statement(st.children);
      if (s.kind === 'option') {
        if (started) this.r.error(s.pos, `expected option lines only at the start of the script, before every event (§2.6)`);
        else options.push(s);
        continue;
      }
      started = true;
      if (s.kind === 'command') {
        if (events.length === 0 && initCommand === undefined) initCommand = s;
        else if (events.length > 0 && cleanupCommand === undefined) cleanupCommand = s;
        else this.r.error(s.pos, 'expected a time before this command: only one untimed command may precede the first event and one follow the last (§8.1)');
        continue;
      }
      if (s.kind === 'skip') continue;
      if (cleanupCommand !== undefined) {
        this.r.error(cleanupCommand.pos, 'expected a time before this command: an untimed command between events is neither the init nor the cleanup command (§8.1)');
        cleanupCommand = undefined;
      }
      events.push(s.event);
    }
    return { file: this.file, options, initCommand, events, cleanupCommand };
  }

  statement(ctx: C.StatementCstChildren): OptionLine | Command | { kind: 'event'; event: Event } | { kind: 'skip' } {
    if (ctx.optionLine) return this.optionLine(ctx.optionLine[0]!.children);
    if (ctx.BackQuoted) return this.command(ctx.BackQuoted[0]!);
    const event = this.event(ctx.event![0]!.children);
    return event ? { kind: 'event', event } : { kind: 'skip' };
  }

  private command(tok: IToken): Command {
    return { kind: 'command', text: tok.image.slice(1, -1), pos: this.at(tok) };
  }

  // §2.6 `--name[=value]`, `--define=NAME=VALUE`
  optionLine(ctx: C.OptionLineCstChildren): OptionLine {
    const nameTok = ctx.OptionName[0]!;
    const pos = this.at(nameTok);
    const name = nameTok.image.slice(2);
    const valueTok = ctx.value && this.optionValue(ctx.value[0]!.children);
    const defTok = ctx.defineValue && this.optionValue(ctx.defineValue[0]!.children);
    if (!valueTok) return { kind: 'option', name, value: undefined, pos };
    if (defTok) {
      if (defTok.tokenType.name === 'Integer') {
        this.r.error(this.at(defTok), `expected a word or a quoted string as the value of ${valueTok.image} but found '${defTok.image}' (an in-script define cannot be a number, §2.6)`);
      }
      return { kind: 'option', name, value: { kind: 'define', name: valueTok.image, value: defTok.image, pos: this.at(valueTok) }, pos };
    }
    const quoted = valueTok.tokenType.name === 'StringLit';
    const type = valueTok.tokenType.name;
    if (type === 'Float' || type === 'HexInteger' || type === 'BackQuoted') {
      this.r.error(this.at(valueTok), `expected a number, word, address or quoted string but found '${valueTok.image}'; quote it: --${name}="${valueTok.image}"`);
    }
    return { kind: 'option', name, value: { kind: 'scalar', text: quoted ? valueTok.image.slice(1, -1) : valueTok.image, quoted, pos: this.at(valueTok) }, pos };
  }

  optionValue(ctx: C.OptionValueCstChildren): IToken {
    return Object.values(ctx).flat()[0] as IToken;
  }

  // §3 event = event_time action
  event(ctx: C.EventCstChildren): Event | undefined {
    const { time, blockEnd } = this.eventTime(ctx.eventTime[0]!.children);
    const action = this.action(ctx.action[0]!.children, blockEnd);
    if (action === undefined) return undefined;
    if (blockEnd && action.kind !== 'syscall') {
      this.r.error(blockEnd.pos, 'expected a system call after a blocking time T...E (§1.5)');
    }
    return { time, action, pos: time.pos };
  }

  // §1.5 time forms
  eventTime(ctx: C.EventTimeCstChildren): { time: EventTime; blockEnd: { usecs: number; pos: Pos } | undefined } {
    const blockTok = first(ctx.blockEnd);
    const blockEnd = blockTok && this.timeNum(blockTok.children);
    if (ctx.Star) return { time: { kind: 'any', pos: this.at(ctx.Star[0]!) }, blockEnd };
    const start = this.timeNum(ctx.start![0]!.children);
    const plus = first(ctx.plus);
    const pos = plus ? this.at(plus) : start.pos;
    const relative = plus !== undefined;
    if (!ctx.end) return { time: { kind: relative ? 'relative' : 'absolute', usecs: start.usecs, pos }, blockEnd };
    const end = this.timeNum(ctx.end[0]!.children);
    if (relative !== (ctx.endPlus !== undefined)) {
      this.r.error(end.pos, relative ? "expected '+' before the end of a relative window (+T1~+T2)" : "expected an absolute end for an absolute window (T1~T2)");
    }
    return { time: { kind: 'window', relative, startUsecs: start.usecs, endUsecs: end.usecs, pos }, blockEnd };
  }

  // §1.5: integers exact; floats multiplied in binary double precision, then truncated.
  timeNum(ctx: C.TimeNumCstChildren): { usecs: number; pos: Pos } {
    const tok = (first(ctx.Float) ?? first(ctx.Integer))!;
    const pos = this.at(tok);
    if (tok.image.startsWith('-')) this.r.error(pos, `expected a non-negative time but found '${tok.image}'`);
    const usecs = ctx.Float ? Math.trunc(parseFloat(tok.image) * 1e6) : this.numberOf(tok) * 1_000_000;
    return { usecs, pos };
  }

  action(ctx: C.ActionCstChildren, blockEnd: { usecs: number; pos: Pos } | undefined): Action | undefined {
    if (ctx.packet) return this.packet(ctx.packet[0]!.children);
    if (ctx.syscall) return this.syscallAction(ctx.syscall[0]!.children, blockEnd);
    if (ctx.stateAssertion) return this.stateAssertion(ctx.stateAssertion[0]!.children);
    if (ctx.BackQuoted) return this.command(ctx.BackQuoted[0]!);
    const code = ctx.Code![0]!;
    return { kind: 'code', text: code.image.slice(2, -2).replace(/^[ \t]+|[ \t]+$/g, ''), pos: this.at(code) };
  }

  // architecture.md "State assertions"
  stateAssertion(ctx: C.StateAssertionCstChildren): Action | undefined {
    const kw = ctx.keyword[0]!;
    const st = ctx.state[0]!;
    if (kw.image !== 'state') {
      this.r.error(this.at(st), `expected '(' after the system call name '${kw.image}' but found '${st.image}'`, "'('");
      return undefined;
    }
    if (!(TCP_STATE_NAMES as readonly string[]).includes(st.image)) {
      this.r.error(this.at(st), `expected a TCP state (${TCP_STATE_NAMES.join(', ')}) but found '${st.image}'`);
      return undefined;
    }
    return { kind: 'state', state: st.image as TcpStateName, pos: this.at(kw) };
  }

  // §7 syscall
  syscall(ctx: C.SyscallCstChildren): Action {
    return this.syscallAction(ctx, undefined);
  }

  private syscallAction(ctx: C.SyscallCstChildren, end: { usecs: number; pos: Pos } | undefined): Action {
    const name = ctx.name[0]!;
    const errnoTok = first(ctx.errno);
    const note = ctx.note && this.note(ctx.note[0]!.children);
    if (errnoTok && note === undefined) {
      this.r.error(this.lines.pos(errnoTok.startOffset + errnoTok.image.length, 1), `expected a note in parentheses after the errno name ${errnoTok.image}, e.g. (Operation now in progress)`, "'('");
    }
    return {
      kind: 'syscall', name: name.image,
      args: (ctx.args ?? []).map((a) => this.expr(a.children)),
      end, result: this.exprOf(first(ctx.result), ctx.Equals[0]!),
      errno: errnoTok && { name: errnoTok.image, pos: this.at(errnoTok) },
      note, pos: this.at(name),
    };
  }

  note(ctx: C.NoteCstChildren): string {
    return [...(ctx.Kw_flags ?? []), ...(ctx.Word ?? [])]
      .sort((a, b) => a.startOffset - b.startOffset)
      .map((t) => t.image)
      .join(' ');
  }

  // §4.1 packet
  packet(ctx: C.PacketCstChildren): PacketAction {
    const dirTok = (first(ctx.Lt) ?? first(ctx.Gt))!;
    const body = ctx.packetBody[0]!.children;
    const psp = ctx.pspEncap && this.pspEncap(ctx.pspEncap[0]!.children);
    return {
      kind: 'packet', direction: ctx.Lt ? 'inbound' : 'outbound',
      outer: (ctx.outerHeader ?? []).map((h) => this.outerHeader(h.children)),
      ip: ctx.ipAttrs && this.ipAttrs(ctx.ipAttrs[0]!.children),
      body: body.udpBody ? this.udpBody(body.udpBody[0]!.children)
        : body.icmpBody ? this.icmpBody(body.icmpBody[0]!.children)
        : this.tcpBody(body.tcpBody![0]!.children, psp),
      pos: this.at(dirTok),
    };
  }

  packetBody(): never {
    throw new Error('packetBody is expanded by packet()');
  }

  // §4.10 outer headers
  outerHeader(ctx: C.OuterHeaderCstChildren): OuterHeader {
    if (ctx.Kw_gre) {
      return { kind: 'gre', fields: ctx.greFields && this.greFields(ctx.greFields[0]!.children), pos: this.at(ctx.Kw_gre[0]!) };
    }
    if (ctx.Kw_mpls) {
      return { kind: 'mpls', entries: (ctx.mplsEntry ?? []).map((m) => this.mplsEntry(m.children)), pos: this.at(ctx.Kw_mpls[0]!) };
    }
    const kw = (first(ctx.Kw_ipv4) ?? first(ctx.Kw_ipv6))!;
    const version = ctx.Kw_ipv4 ? 4 : 6;
    const [src, dst] = [ctx.src![0]!, ctx.dst![0]!].map((a) => this.address(a.children));
    for (const a of [src!, dst!]) {
      if ((a.tokenType.name === 'Ipv4Addr') !== (version === 4)) {
        this.r.error(this.at(a), `expected an IPv${version} address but found '${a.image}'`);
      }
    }
    return {
      kind: 'ip', version, attrs: ctx.ipAttrs && this.ipAttrs(ctx.ipAttrs[0]!.children),
      src: src!.image, dst: dst!.image, pos: this.at(kw),
    };
  }

  address(ctx: C.AddressCstChildren): IToken {
    return (first(ctx.Ipv4Addr) ?? first(ctx.Ipv6Addr))!;
  }

  // §4.6: one attribute, or a TOS/ECN attribute followed by a flow label
  ipAttrs(ctx: C.IpAttrsCstChildren): IpAttrs {
    const open = (first(ctx.LParen) ?? first(ctx.LBracket))!;
    return this.ipAttrList((ctx.ipAttrList ?? [])[0]!.children, this.at(open));
  }

  ipAttrList(ctx: C.IpAttrListCstChildren, pos = this.lines.pos(0, 0)): IpAttrs {
    const attrs = ctx.ipAttr.map((a) => this.ipAttr(a.children));
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

  ipAttr(ctx: C.IpAttrCstChildren): IpAttr {
    const marker = (['noecn', 'ect0', 'ect1', 'ect01', 'ce'] as const).find((m) => ctx[`Kw_${m}`]);
    if (marker) return { key: 'ecn', marker, value: undefined, pos: this.at(ctx[`Kw_${marker}`]![0]!) };
    const n = this.num(ctx.num![0]!.children);
    const key = ctx.Kw_tos ? 'tos' : ctx.Kw_flowlabel ? 'flowLabel' : 'ttl';
    // §4.6: tos and flowlabel take hex only, ttl decimal only.
    if ((key === 'ttl') === n.hex) {
      this.r.error(this.at(n.tok), `expected ${key === 'ttl' ? 'a decimal' : 'a hex (0x...)'} number after '${key === 'flowLabel' ? 'flowlabel' : key}' but found '${n.tok.image}'`);
    }
    return { key, marker: undefined, value: n.value, pos: this.at(n.tok) };
  }

  // §4.10 encap psp spi N
  pspEncap(ctx: C.PspEncapCstChildren): { spi: number; pos: Pos } {
    return { spi: this.num(ctx.num[0]!.children).value, pos: this.at(ctx.Kw_encap[0]!) };
  }

  ports(ctx: C.PortsCstChildren): Ports {
    return { src: this.numberOf(ctx.src[0]), dst: this.numberOf(ctx.dst[0]), pos: this.at(ctx.src[0]!) };
  }

  // §4.1 TCP packet
  tcpBody(ctx: C.TcpBodyCstChildren, psp?: { spi: number; pos: Pos }): PacketAction['body'] {
    const flags = this.tcpFlags(ctx.tcpFlags[0]!.children);
    const n = (t: IToken[] | undefined): number | undefined => (t ? this.numberOf(t[0]) : undefined);
    return {
      kind: 'tcp', psp, ports: ctx.ports && this.ports(ctx.ports[0]!.children), flags,
      seq: this.seqRange(ctx.seqRange[0]!.children), ack: n(ctx.ack), win: n(ctx.win), urg: n(ctx.urg),
      options: ctx.tcpOptions && this.tcpOptions(ctx.tcpOptions[0]!.children), pos: flags.pos,
    };
  }

  // §4.2 flags word; bad letters are reported by check.ts
  tcpFlags(ctx: C.TcpFlagsCstChildren): TcpFlagsSpec {
    const toks = [ctx.Word, ctx.Dot, ctx.Float, ctx.Minus, ctx.Integer].flatMap((t) => t ?? []).sort((a, b) => a.startOffset - b.startOffset);
    const text = toks.map((t) => t.image).join('');
    const decoded = decodeFlags(text);
    const pos = this.lines.pos(toks[0]!.startOffset, text.length);
    return { text, bits: decoded.bits, ace: decoded.ace, pos };
  }

  seqRange(ctx: C.SeqRangeCstChildren): SeqRange {
    return {
      start: this.numberOf(ctx.start[0]), end: this.numberOf(ctx.end[0]), len: this.numberOf(ctx.len[0]),
      pos: this.at(ctx.start[0]!),
    };
  }

  // §4.5 options
  tcpOptions(ctx: C.TcpOptionsCstChildren): TcpOptionsSpec {
    const pos = this.at(ctx.Lt[0]!);
    if (ctx.Ellipsis) return { kind: 'any', pos };
    return { kind: 'list', options: (ctx.tcpOption ?? []).map((o) => this.tcpOption(o.children)), pos };
  }

  tcpOption(ctx: C.TcpOptionCstChildren): TcpOptionAst {
    const kwTok = Object.entries(ctx).find(([k]) => k.startsWith('Kw_'))![1][0] as IToken;
    const pos = this.at(kwTok);
    const n = (t: IToken[] | undefined): number => this.numberOf(t?.[0]);
    const blob = (b: C.HexBlobCstNode[] | undefined): string | undefined => b && this.hexBlob(b[0]!.children);
    if (ctx.Kw_nop) return { kind: 'nop', pos };
    if (ctx.Kw_eol) return { kind: 'eol', pos };
    if (ctx.Kw_mss) return { kind: 'mss', value: n(ctx.value), pos };
    if (ctx.Kw_wscale) return { kind: 'wscale', shift: n(ctx.value), pos };
    if (ctx.Kw_sackOK) return { kind: 'sackOK', pos };
    if (ctx.Kw_sack) {
      const blocks = (ctx.sackBlock ?? []).map((b) => this.sackBlock(b.children));
      return { kind: 'sack', blocks, pos };
    }
    if (ctx.Kw_TS) return { kind: 'timestamp', val: n(ctx.val), ecr: n(ctx.ecr), pos };
    if (ctx.Kw_md5) return { kind: 'md5', hex: blob(ctx.hexBlob) ?? '', pos };
    if (ctx.Kw_FO) return { kind: 'fastopen', hex: blob(ctx.hexBlob), pos };
    if (ctx.Kw_FOEXP) return { kind: 'fastopenExp', hex: blob(ctx.hexBlob), pos };
    const fields = (ctx.accecnField ?? []).map((f) => this.accecnField(f.children));
    return { kind: 'accecn', order: fields[0]?.name === 'e1b' ? 1 : 0, fields, pos };
  }

  sackBlock(ctx: C.SackBlockCstChildren): { left: number; right: number } {
    return { left: this.numberOf(ctx.left[0]), right: this.numberOf(ctx.right[0]) };
  }

  accecnField(ctx: C.AccecnFieldCstChildren): { name: 'e0b' | 'ceb' | 'e1b'; value: number } {
    const name = ctx.Kw_e0b ? 'e0b' : ctx.Kw_ceb ? 'ceb' : 'e1b';
    return { name, value: this.numberOf(ctx.Integer[0]) };
  }

  hexBlob(ctx: C.HexBlobCstChildren): string {
    return (first(ctx.Word) ?? first(ctx.Integer))!.image;
  }

  // §4.8 udp
  udpBody(ctx: C.UdpBodyCstChildren): PacketAction['body'] {
    return {
      kind: 'udp', ports: ctx.ports && this.ports(ctx.ports[0]!.children), len: this.numberOf(ctx.len[0]),
      pos: this.at(ctx.Kw_udp[0]!),
    };
  }

  // §4.9 icmp
  icmpBody(ctx: C.IcmpBodyCstChildren): PacketAction['body'] {
    const n = (t: IToken[] | undefined): number | undefined => (t ? this.numberOf(t[0]) : undefined);
    return {
      kind: 'icmp', type: ctx.type[0]!.image, code: first(ctx.code)?.image, mtu: n(ctx.mtu), id: n(ctx.id),
      echoed: ctx.icmpEchoed && this.icmpEchoed(ctx.icmpEchoed[0]!.children), pos: this.at(ctx.Kw_icmp[0]!),
    };
  }

  icmpEchoed(ctx: C.IcmpEchoedCstChildren): IcmpEchoed {
    if (ctx.seqRange) return { kind: 'tcp', seq: this.seqRange(ctx.seqRange[0]!.children) };
    const kw = (first(ctx.Kw_udp) ?? first(ctx.Kw_raw))!;
    return { kind: ctx.Kw_udp ? 'udp' : 'raw', len: this.numberOf(first(ctx.len)), pos: this.at(kw) };
  }
}

type IpAttr =
  | { key: 'ecn'; marker: 'noecn' | 'ect0' | 'ect1' | 'ect01' | 'ce'; value: undefined; pos: Pos }
  | { key: 'tos' | 'flowLabel' | 'ttl'; marker: undefined; value: number; pos: Pos };
