// Groups of token types that one grammar position accepts, each member named for what it
// means in the AST (style.md §c). The AST builder turns a token into its name with
// `kindOf` and switches over the name exhaustively, so a token type added to a group
// without a case is a compile error, and a token the grammar never hands over for that
// position is an internal error rather than a silent default.
import type { IToken, TokenType } from 'chevrotain';
import { tokenMatcher } from './chevrotain.js';
import * as T from './tokens.js';

const K = T.K;

type Group<N extends string> = Readonly<Record<N, TokenType>>;

// §4.1 packet direction
export const DIRECTIONS = { inbound: T.Lt, outbound: T.Gt } as const;
// §4.10 outer IP headers and their addresses
export const IP_VERSIONS = { ipv4: K.ipv4, ipv6: K.ipv6 } as const;
export const ADDRESSES = { ipv4: T.Ipv4Addr, ipv6: T.Ipv6Addr } as const;
// §4.6 IP attributes
export const ECN_MARKERS = { noecn: K.noecn, ect0: K.ect0, ect1: K.ect1, ect01: K.ect01, ce: K.ce } as const;
export const NUMBERED_ATTRS = { tos: K.tos, flowLabel: K.flowlabel, ttl: K.ttl } as const;
// §4.5 TCP options without a value, with one number, with a hex blob; AccECN counters
export const BARE_OPTIONS = { nop: K.nop, eol: K.eol, sackOK: K.sackOK } as const;
export const NUMBER_OPTIONS = { mss: K.mss, wscale: K.wscale } as const;
export const BLOB_OPTIONS = { md5: K.md5, fastopen: K.FO, fastopenExp: K.FOEXP } as const;
export const ACCECN_FIELDS = { e0b: K.e0b, ceb: K.ceb, e1b: K.e1b } as const;
// §4.9 what an ICMP error echoes besides a TCP sequence range
export const ECHOED = { udp: K.udp, raw: K.raw } as const;
// §3 gre_flag
export const GRE_FLAGS = { checksum: K.checksum, key: K.key, 'sequence#': K['sequence#'], none: K.none } as const;
// §7.4 inet_addr("..."), inet6_addr("..."), htons(N)
export const CALL_LIKE = { inet_addr: K.inet_addr, inet6_addr: K.inet6_addr, htons: K.htons } as const;
export const CALL_ARGS = { string: T.StringLit, integer: T.Integer } as const;
// §2.2 numbers: NUM, TIME
export const NUMS = { decimal: T.Integer, hex: T.HexInteger } as const;
export const TIME_NUMS = { integer: T.Integer, float: T.Float } as const;
// §2.6 option values (a superset: build-ast.ts rejects floats, hex and commands)
export const OPTION_VALUES = {
  integer: T.Integer, word: T.Word, string: T.StringLit, command: T.BackQuoted,
  ipv4Address: T.Ipv4Addr, ipv6Address: T.Ipv6Addr, ipv4: K.ipv4, ipv6: K.ipv6,
  float: T.Float, hex: T.HexInteger,
} as const;

/** The name under which `group` lists the type of `tok`. */
export function kindOf<N extends string>(tok: IToken, group: Group<N>): N {
  for (const name in group) if (tokenMatcher(tok, group[name])) return name;
  throw new Error(`the grammar handed over '${tok.image}' (${tok.tokenType.name}) where only ${Object.keys(group).join(', ')} can occur`);
}
