// CST → AST for syscall expressions, struct literals, GRE and MPLS fields
// (script-language.md §3 `expr`, §7.4). Read this first: `{ ... }` is parsed as a generic
// list of items; the first field name decides which struct literal it is, and the field
// order is then enforced here with "expected field ..." diagnostics.
import type { IToken } from 'chevrotain';
import type { Expr, GreFields, MplsEntry, Pos } from './ast.js';
import type {
  BraceBodyCstChildren, BraceItemCstChildren, BraceItemCstNode, CallLikeCstChildren,
  ExprCstChildren, ExprCstNode, FieldNameCstChildren, GreFieldsCstChildren, GreFlagCstChildren,
  GreFlagsCstChildren, MplsEntryCstChildren, NumCstChildren, PrimaryCstChildren,
} from './cst.js';
import { scriptParser } from './parser.js';
import type { LineIndex, Reporter } from './positions.js';

const BaseVisitor = scriptParser.getBaseCstVisitorConstructor<unknown, unknown>();

/** A `{...}` item: `name(count)=value` or a bare value. */
interface Item {
  readonly field: string | undefined;
  readonly fieldTok: IToken | undefined;
  readonly count: IToken | undefined;
  readonly value: Expr;
}

/** Struct literals: the first field picks the shape; `?` marks an optional trailing field. */
const STRUCTS: Readonly<Record<string, readonly string[]>> = {
  sa_family: ['sa_family', 'sin_port', 'sin_addr'],
  msg_name: ['msg_name', 'msg_iov', 'msg_flags', 'msg_control?'],
  cmsg_level: ['cmsg_level', 'cmsg_type', 'cmsg_data'],
  scm_sec: ['scm_sec', 'scm_nsec'],
  ee_errno: ['ee_errno', 'ee_origin', 'ee_type', 'ee_code', 'ee_info', 'ee_data'],
  fd: ['fd', 'events', 'revents?'],
  events: ['events', 'fd|ptr|u32|u64'],
  onoff: ['onoff', 'linger'],
};

export function first<T>(xs: readonly T[] | undefined): T | undefined {
  return xs?.[0];
}

export class ExprBuilder extends BaseVisitor {
  constructor(protected readonly r: Reporter, protected readonly lines: LineIndex) {
    super();
  }

  protected at(tok: IToken): Pos {
    return this.lines.tokenPos(tok);
  }

  /** A decimal or 0x number token as a JS number (recovery-inserted tokens read as 0). */
  protected numberOf(tok: IToken | undefined): number {
    if (!tok || tok.image === '') return 0;
    return tok.image.startsWith('0x') ? parseInt(tok.image.slice(2), 16) : Number(tok.image);
  }

  num(ctx: NumCstChildren): { value: number; hex: boolean; tok: IToken } {
    const tok = (first(ctx.HexInteger) ?? first(ctx.Integer))!;
    return { value: this.numberOf(tok), hex: ctx.HexInteger !== undefined, tok };
  }

  // §3 expr: left-associative `|`
  expr(ctx: ExprCstChildren): Expr {
    const parts = ctx.primary.map((p) => this.primary(p.children));
    return parts.slice(1).reduce<Expr>((left, right) => ({ kind: 'or', left, right, pos: left.pos }), parts[0]!);
  }

  exprOf(node: ExprCstNode | undefined, fallback: IToken): Expr {
    return node ? this.expr(node.children) : { kind: 'ellipsis', pos: this.lines.tokenPos(fallback) };
  }

  primary(ctx: PrimaryCstChildren): Expr {
    const t = first(ctx.Ellipsis) ?? first(ctx.Integer) ?? first(ctx.HexInteger) ?? first(ctx.Word);
    if (ctx.Ellipsis && t) return { kind: 'ellipsis', pos: this.at(t) };
    if ((ctx.Integer || ctx.HexInteger) && t) {
      return { kind: 'int', value: toBigInt(t.image), hex: ctx.HexInteger !== undefined, pos: this.at(t) };
    }
    if (ctx.Word && t) {
      const value = first(ctx.value);
      if (!value) return { kind: 'symbol', name: t.image, pos: this.at(t) };
      return { kind: 'keyValue', key: t.image, value: this.expr(value.children), pos: this.at(t) };
    }
    if (ctx.StringLit) {
      const raw = ctx.StringLit.map((s) => s.image.slice(1, -1));
      return { kind: 'string', raw, ellipsis: ctx.stringEllipsis !== undefined, pos: this.at(ctx.StringLit[0]!) };
    }
    if (ctx.LBracket) {
      const items = (ctx.items ?? []).map((e) => this.expr(e.children));
      return { kind: 'list', items, pos: this.at(ctx.LBracket[0]!) };
    }
    if (ctx.LBrace && ctx.braceBody) return this.braceBody(ctx.braceBody[0]!.children, this.at(ctx.LBrace[0]!));
    return this.callLike(ctx.callLike![0]!.children);
  }

  // §7.4 inet_addr("a.b.c.d"), inet6_addr("..."); htons() only inside a sockaddr
  callLike(ctx: CallLikeCstChildren): Expr {
    const fn = (first(ctx.Kw_inet_addr) ?? first(ctx.Kw_inet6_addr) ?? first(ctx.Kw_htons))!;
    const arg = (first(ctx.StringLit) ?? first(ctx.Integer))!;
    if (ctx.Kw_htons) return { kind: 'int', value: toBigInt(arg.image), hex: false, pos: this.at(fn) };
    if (!ctx.StringLit) this.r.error(this.at(arg), `expected a quoted address in ${fn.image}() but found '${arg.image}'`, 'a string');
    const family = ctx.Kw_inet6_addr ? 6 : 4;
    return { kind: 'inetAddr', family, text: arg.image.replace(/^"|"$/g, ''), pos: this.at(fn) };
  }

  braceBody(ctx: BraceBodyCstChildren, pos: Pos): Expr {
    if (ctx.greFields) return { kind: 'gre', fields: this.greFields(ctx.greFields[0]!.children), pos };
    if (ctx.mplsEntry || !ctx.braceItem) {
      return { kind: 'mplsStack', entries: (ctx.mplsEntry ?? []).map((m) => this.mplsEntry(m.children)), pos };
    }
    const items = ctx.braceItem.map((b: BraceItemCstNode) => this.braceItem(b.children));
    const head = items[0]!;
    if (head.field === undefined) return this.plainBraces(items, pos);
    return this.struct(items, pos);
  }

  braceItem(ctx: BraceItemCstChildren): Item {
    const fieldTok = ctx.fieldName ? this.fieldName(ctx.fieldName[0]!.children) : undefined;
    const node = first(ctx.value) ?? first(ctx.expr);
    const value = this.exprOf(node, fieldTok ?? first(ctx.Equals)!);
    return { field: fieldTok?.image, fieldTok, count: first(ctx.count), value };
  }

  fieldName(ctx: FieldNameCstChildren): IToken {
    return Object.values(ctx).flat()[0] as IToken;
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
    const shape = STRUCTS[head];
    if (!shape) {
      this.r.error(this.at(items[0]!.fieldTok!), `expected the first field of a struct literal but found '${head}'`);
      return { kind: 'braces', items: items.map((i) => i.value), pos };
    }
    const got = this.matchFields(items, shape, pos);
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
      default:
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
  greFields(ctx: GreFieldsCstChildren): GreFields {
    const n = (node: typeof ctx.sum): number => this.num(node[0]!.children).value;
    return {
      flags: this.greFlags(ctx.greFlags[0]!.children),
      sum: n(ctx.sum), off: n(ctx.off), key: n(ctx.key), seq: n(ctx.seq),
      pos: this.at(ctx.Kw_flags[0]!),
    };
  }

  greFlags(ctx: GreFlagsCstChildren): GreFields['flags'] {
    if (ctx.num) return this.num(ctx.num[0]!.children).value;
    return (ctx.greFlag ?? []).map((f) => this.greFlag(f.children));
  }

  greFlag(ctx: GreFlagCstChildren): 'checksum' | 'key' | 'sequence#' | 'none' {
    if (ctx.Kw_checksum) return 'checksum';
    if (ctx.Kw_key) return 'key';
    if (ctx.Kw_sequenceHash) return 'sequence#';
    return 'none';
  }

  // §3 mpls_entry
  mplsEntry(ctx: MplsEntryCstChildren): MplsEntry {
    const bottom = first(ctx.bottom);
    if (bottom && bottom.image !== 'S') {
      this.r.error(this.at(bottom), `expected 'S' (bottom of stack) but found '${bottom.image}'`, "'S'");
    }
    return {
      label: this.numberOf(first(ctx.label)), tc: this.numberOf(first(ctx.tc)),
      bottomOfStack: bottom !== undefined, ttl: this.numberOf(first(ctx.ttl)),
      pos: this.at(ctx.LParen[0]!),
    };
  }
}

/** INTEGER/HEX_INTEGER text (or a C integer from a define) as a bigint. */
export function toBigInt(text: string): bigint {
  if (text === '' || text === '-') return 0n;
  return text.startsWith('-') ? -BigInt(text.slice(1)) : BigInt(text);
}
