// AST construction for syscall expressions, struct literals, GRE and MPLS fields
// (script-language.md §3 `expr`, §7.4), called from the grammar's embedded actions with
// the tokens and sub-results each rule recognized. Read this first: `{ ... }` is parsed as
// a generic list of items; the first field name decides which struct literal it is, and
// the field order is then enforced here with "expected field ..." diagnostics.
import type { IToken } from 'chevrotain';
import type { Expr, GreFields, MplsEntry, Pos } from './ast.js';
import type { LineIndex, Reporter } from './positions.js';
import { CALL_ARGS, CALL_LIKE, GRE_FLAGS, NUMS, kindOf } from './token-kinds.js';

/** A `{...}` item: `name(count)=value` or a bare value. */
export interface Item {
  readonly field: string | undefined;
  readonly fieldTok: IToken | undefined;
  readonly count: IToken | undefined;
  readonly value: Expr;
}

/** NUM = INTEGER | HEX_INTEGER, with the token it came from. */
export interface Num {
  readonly value: number;
  readonly hex: boolean;
  readonly tok: IToken;
}

export type GreFlag = keyof typeof GRE_FLAGS;

/** Struct literals: the first field picks the shape; `?` marks an optional trailing field. */
const STRUCTS = {
  sa_family: ['sa_family', 'sin_port', 'sin_addr'],
  msg_name: ['msg_name', 'msg_iov', 'msg_flags', 'msg_control?'],
  cmsg_level: ['cmsg_level', 'cmsg_type', 'cmsg_data'],
  scm_sec: ['scm_sec', 'scm_nsec'],
  ee_errno: ['ee_errno', 'ee_origin', 'ee_type', 'ee_code', 'ee_info', 'ee_data'],
  fd: ['fd', 'events', 'revents?'],
  events: ['events', 'fd|ptr|u32|u64'],
  onoff: ['onoff', 'linger'],
} as const satisfies Readonly<Record<string, readonly string[]>>;
type StructHead = keyof typeof STRUCTS;

const isStructHead = (field: string): field is StructHead => Object.hasOwn(STRUCTS, field);

export class ExprBuilder {
  constructor(protected readonly r: Reporter, protected readonly lines: LineIndex) {}

  at(tok: IToken): Pos {
    return this.lines.tokenPos(tok);
  }

  /** A decimal or 0x number token as a JS number; an absent one (`msg_iov=` without a count) is 0. */
  numberOf(tok: IToken | undefined): number {
    if (!tok) return 0;
    return tok.image.startsWith('0x') ? parseInt(tok.image.slice(2), 16) : Number(tok.image);
  }

  num(tok: IToken): Num {
    return { value: this.numberOf(tok), hex: kindOf(tok, NUMS) === 'hex', tok };
  }

  // §3 expr: left-associative `|`
  or(left: Expr, right: Expr): Expr {
    return { kind: 'or', left, right, pos: left.pos };
  }

  ellipsis(tok: IToken): Expr {
    return { kind: 'ellipsis', pos: this.at(tok) };
  }

  int(tok: IToken): Expr {
    return { kind: 'int', value: toBigInt(tok.image), hex: kindOf(tok, NUMS) === 'hex', pos: this.at(tok) };
  }

  symbol(tok: IToken, value: Expr | undefined): Expr {
    if (!value) return { kind: 'symbol', name: tok.image, pos: this.at(tok) };
    return { kind: 'keyValue', key: tok.image, value, pos: this.at(tok) };
  }

  string(toks: readonly IToken[], ellipsis: boolean): Expr {
    const raw = toks.map((s) => s.image.slice(1, -1));
    return { kind: 'string', raw, ellipsis, pos: this.at(toks[0]!) };
  }

  list(open: IToken, items: readonly Expr[]): Expr {
    return { kind: 'list', items, pos: this.at(open) };
  }

  // §7.4 inet_addr("a.b.c.d"), inet6_addr("..."); htons() only inside a sockaddr
  callLike(fn: IToken, arg: IToken): Expr {
    const pos = this.at(fn);
    switch (kindOf(fn, CALL_LIKE)) {
      case 'htons':
        return { kind: 'int', value: toBigInt(arg.image), hex: false, pos };
      case 'inet_addr':
        return this.inetAddr(fn, arg, 4);
      case 'inet6_addr':
        return this.inetAddr(fn, arg, 6);
    }
  }

  private inetAddr(fn: IToken, arg: IToken, family: 4 | 6): Expr {
    if (kindOf(arg, CALL_ARGS) !== 'string') this.r.error(this.at(arg), `expected a quoted address in ${fn.image}() but found '${arg.image}'`, 'a string');
    return { kind: 'inetAddr', family, text: arg.image.replace(/^"|"$/g, ''), pos: this.at(fn) };
  }

  gre(fields: GreFields, pos: Pos): Expr {
    return { kind: 'gre', fields, pos };
  }

  mplsStack(entries: readonly MplsEntry[], pos: Pos): Expr {
    return { kind: 'mplsStack', entries, pos };
  }

  /** `{ item, ... }`: a struct literal when the first item names a field. */
  braces(items: readonly Item[], pos: Pos): Expr {
    const head = items[0]!;
    if (head.field === undefined) return this.plainBraces(items, pos);
    return this.struct(items, pos);
  }

  /** `field(count)=value` (fieldTok set) or a bare value. */
  item(fieldTok: IToken | undefined, count: IToken | undefined, value: Expr): Item {
    return { field: fieldTok?.image, fieldTok, count, value };
  }

  // `{..., N}` is an iovec (§7.4); anything else is a generic brace list.
  private plainBraces(items: readonly Item[], pos: Pos): Expr {
    for (const item of items) {
      if (item.fieldTok) this.r.error(this.at(item.fieldTok), `expected a value but found the field '${item.field}'`);
    }
    const [a, b] = items.map((i) => i.value);
    if (items.length === 2 && a?.kind === 'ellipsis' && b?.kind === 'int') {
      return { kind: 'iovec', len: Number(b.value), pos };
    }
    return { kind: 'braces', items: items.map((i) => i.value), pos };
  }

  private struct(items: readonly Item[], pos: Pos): Expr {
    const head = items[0]!.field!;
    if (!isStructHead(head)) {
      this.r.error(this.at(items[0]!.fieldTok!), `expected the first field of a struct literal but found '${head}'`);
      return { kind: 'braces', items: items.map((i) => i.value), pos };
    }
    const got = this.matchFields(items, STRUCTS[head], pos);
    const v = (name: string): Expr => got.get(name)?.value ?? { kind: 'ellipsis', pos };
    const n = (name: string): number => this.intField(got.get(name), pos);
    switch (head) {
      case 'sa_family': {
        const fam = v('sa_family');
        const addr = v('sin_addr');
        return {
          kind: 'sockaddr', family: fam.kind === 'symbol' ? fam.name : '', port: n('sin_port'),
          addr: addr.kind === 'inetAddr' ? addr.text : '', pos,
        };
      }
      case 'msg_name': {
        const iov = v('msg_iov');
        const control = got.get('msg_control')?.value;
        return {
          kind: 'msghdr', iovCount: this.numberOf(got.get('msg_iov')?.count),
          iov: iov.kind === 'list' ? iov.items : [iov], flags: v('msg_flags'),
          control: control === undefined ? undefined : control.kind === 'list' ? control.items : [control], pos,
        };
      }
      case 'cmsg_level':
        return { kind: 'cmsg', level: v('cmsg_level'), type: v('cmsg_type'), data: v('cmsg_data'), pos };
      case 'scm_sec':
        return { kind: 'scmTimestamping', sec: n('scm_sec'), nsec: n('scm_nsec'), pos };
      case 'ee_errno':
        return {
          kind: 'sockExtendedErr', errno: v('ee_errno'), origin: v('ee_origin'), type: v('ee_type'),
          code: v('ee_code'), info: v('ee_info'), data: v('ee_data'), pos,
        };
      case 'fd':
        return { kind: 'pollfd', fd: v('fd'), events: v('events'), revents: got.get('revents')?.value, pos };
      case 'events': {
        const dataItem = items[1];
        const dataKind = (['fd', 'ptr', 'u32', 'u64'] as const).find((k) => k === dataItem?.field) ?? 'fd';
        return { kind: 'epollEvent', events: v('events'), dataKind, data: dataItem?.value ?? v(''), pos };
      }
      case 'onoff':
        return { kind: 'linger', onoff: n('onoff'), linger: n('linger'), pos };
    }
  }

  /** Check fields against `shape` in order; report the first mismatch. */
  private matchFields(items: readonly Item[], shape: readonly string[], pos: Pos): Map<string, Item> {
    const got = new Map<string, Item>();
    const required = shape.filter((s) => !s.endsWith('?'));
    for (const [i, item] of items.entries()) {
      const want = shape[i];
      const names = want?.replace('?', '').split('|') ?? [];
      if (!item.field || !names.includes(item.field)) {
        const where = item.fieldTok ? this.at(item.fieldTok) : item.value.pos;
        const wanted = want ? `the field '${names.join("' or '")}'` : "'}'";
        this.r.error(where, `expected ${wanted} but found ${item.field ? `'${item.field}'` : 'a value'}`, wanted);
        return got;
      }
      got.set(names.length > 1 ? item.field : names[0]!, item);
    }
    if (items.length < required.length) {
      const missing = required[items.length]!.split('|').join("' or '");
      this.r.error(pos, `expected the field '${missing}' in this struct literal`);
    }
    return got;
  }

  private intField(item: Item | undefined, pos: Pos): number {
    if (item === undefined) return 0;
    if (item.value.kind === 'int') return Number(item.value.value);
    this.r.error(item.value.pos ?? pos, `expected an integer for '${item.field}'`, 'an integer');
    return 0;
  }

  // §3 gre_fields; parser.y: gre_header_spec
  greFields(flagsKw: IToken, flags: GreFields['flags'], sum: Num, off: Num, key: Num, seq: Num): GreFields {
    return { flags, sum: sum.value, off: off.value, key: key.value, seq: seq.value, pos: this.at(flagsKw) };
  }

  greFlag(kw: IToken): GreFlag {
    return kindOf(kw, GRE_FLAGS);
  }

  // §3 mpls_entry
  mplsEntry(open: IToken, label: IToken, tc: IToken, bottom: IToken | undefined, ttl: IToken): MplsEntry {
    if (bottom && bottom.image !== 'S') {
      this.r.error(this.at(bottom), `expected 'S' (bottom of stack) but found '${bottom.image}'`, "'S'");
    }
    return {
      label: this.numberOf(label), tc: this.numberOf(tc),
      bottomOfStack: bottom !== undefined, ttl: this.numberOf(ttl),
      pos: this.at(open),
    };
  }
}

/** INTEGER/HEX_INTEGER text (or a C integer from a define) as a bigint. */
export function toBigInt(text: string): bigint {
  if (text === '' || text === '-') return 0n;
  return text.startsWith('-') ? -BigInt(text.slice(1)) : BigInt(text);
}
