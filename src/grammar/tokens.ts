// Tokens of the script language (script-language.md §2). Read this first: Chevrotain picks
// the FIRST token type in ALL_TOKENS that matches, so the order below reproduces §2's
// longest-match rule — keywords are sorted longest first and fall back to Word
// (`longer_alt`) when an identifier merely starts with them (`sackOK`, `ect01`, `seqX`).
import type { Lexer as LexerType, TokenType } from 'chevrotain';
import { createToken, Lexer } from './chevrotain.js';

// §2.4 identifiers: WORD is [A-Za-z0-9_]+ that is not a number.
export const Word = createToken({ name: 'Word', pattern: /[A-Za-z0-9_]+/, label: 'a word' });

// §2.1 whitespace and comments. CR is not whitespace (CRLF files are a parse error);
// it gets its own token so the error can say why.
export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\n]+/, group: Lexer.SKIPPED });
// packetdrill rejects a `//` comment that ends the file without a newline; that is a bug in
// its flex rule, not a language feature, so a final unterminated `//` comment is accepted.
export const LineComment = createToken({ name: 'LineComment', pattern: /\/\/[^\n]*/, group: Lexer.SKIPPED });
export const BlockComment = createToken({ name: 'BlockComment', pattern: /\/\*[\s\S]*?\*\//, group: Lexer.SKIPPED });
export const CarriageReturn = createToken({ name: 'CarriageReturn', pattern: /\r/, label: 'a carriage return' });

// §2.3 strings, commands, code. packetdrill's `}}%` not closing a code block is a scanner
// bug (§2.3); we close at the first `}%` like the documented rule says.
export const Code = createToken({ name: 'Code', pattern: /%\{[\s\S]*?\}%/, line_breaks: true, label: 'a %{ }% code block' });
export const StringLit = createToken({ name: 'StringLit', pattern: /"(?:[^"\\]|\\[\s\S])*"/, line_breaks: true, label: 'a string' });
export const BackQuoted = createToken({ name: 'BackQuoted', pattern: /`(?:[^`\\]|\\[\s\S])*`/, line_breaks: true, label: 'a back-quoted command' });

// Openers whose closer never comes: they run to the end of the file and are reported at the
// opening position (index.ts), never passed to the parser.
export const Unterminated = createToken({ name: 'Unterminated', pattern: /(?:\/\*|%\{|"|`)[\s\S]*/, line_breaks: true });

// §2.5 `--name` option words, only valid at the top of the script.
export const OptionName = createToken({ name: 'OptionName', pattern: /--[A-Za-z0-9_]+/, label: 'an option (--name)' });
export const Ellipsis = createToken({ name: 'Ellipsis', pattern: /\.\.\./, label: "'...'" });

// §2.5 addresses. IPv6 needs `::` or eight groups, so `1:1001` stays a sequence range.
export const Ipv4Addr = createToken({ name: 'Ipv4Addr', pattern: /\d+\.\d+\.\d+\.\d+/, label: 'an IPv4 address' });
const IPV6_CANDIDATE = /[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?:\.\d+\.\d+\.\d+)?/y;
function isIpv6(text: string): boolean {
  const halves = text.split('::');
  if (halves.length > 2) return false;
  if (/(?:^|[^:]):$|^:(?!:)/.test(text)) return false;
  const groups = text.split(':').filter((g) => g !== '');
  const width = groups.reduce((n, g) => n + (g.includes('.') ? 2 : 1), 0);
  return halves.length === 2 ? width <= 7 : width === 8 && groups.length === text.split(':').length;
}
export function matchIpv6(text: string, offset: number): RegExpExecArray | null {
  IPV6_CANDIDATE.lastIndex = offset;
  const m = IPV6_CANDIDATE.exec(text);
  if (m === null) return null;
  // An outer header ends `X::1 > Y::2:` — the final `:` belongs to the grammar (§4.10).
  for (let s = m[0]; s.length > 1; s = s.slice(0, -1)) {
    if (isIpv6(s)) {
      const out = [s] as unknown as RegExpExecArray;
      out.index = offset;
      return out;
    }
    if (!s.endsWith(':')) return null;
  }
  return null;
}
export const Ipv6Addr = createToken({
  name: 'Ipv6Addr',
  pattern: { exec: matchIpv6 },
  line_breaks: false,
  start_chars_hint: [...'0123456789abcdefABCDEF:'],
  label: 'an IPv6 address',
});

// §2.2 numbers.
export const Float = createToken({ name: 'Float', pattern: /-?[0-9]*\.[0-9]+/, label: 'a number' });
export const HexInteger = createToken({ name: 'HexInteger', pattern: /0x[0-9a-fA-F]+/, longer_alt: Word, label: 'a hex number (0x...)' });
export const Integer = createToken({ name: 'Integer', pattern: /-?[0-9]+/, longer_alt: Word, label: 'an integer' });

// §2.4 reserved keywords. `flags`/`Flags` and `gre`/`GREv0` are one keyword each.
const KEYWORDS = [
  'sa_family', 'sin_port', 'sin_addr', 'msg_name', 'msg_iov', 'msg_flags', 'msg_control',
  'cmsg_data', 'cmsg_level', 'cmsg_type', 'ee_errno', 'ee_origin', 'ee_type', 'ee_code',
  'ee_info', 'ee_data', 'scm_sec', 'scm_nsec', 'fd', 'u32', 'u64', 'ptr', 'events',
  'revents', 'onoff', 'linger', 'htons', 'ipv4', 'ipv6', 'icmp', 'udp', 'gre', 'raw', 'sum',
  'off', 'key', 'seq', 'none', 'checksum', 'sequence#', 'present', 'encap', 'psp', 'spi',
  'mpls', 'label', 'tc', 'ttl', 'inet_addr', 'inet6_addr', 'ack', 'eol', 'ecr', 'mss', 'mtu',
  'nop', 'sack', 'sackOK', 'md5', 'TS', 'FO', 'FOEXP', 'ECN', 'e0b', 'e1b', 'ceb', 'tos',
  'flowlabel', 'flags', 'val', 'win', 'urg', 'wscale', 'ect01', 'ect0', 'ect1', 'noecn',
  'ce', 'id',
] as const;
export type Keyword = (typeof KEYWORDS)[number];

/** Keywords with more than one spelling; every other keyword is spelled as its name. */
const SPELLINGS: Partial<Record<Keyword, readonly string[]>> = {
  flags: ['flags', 'Flags'],
  gre: ['GREv0', 'gre'],
};
const spellingsOf = (kw: Keyword): readonly string[] => SPELLINGS[kw] ?? [kw];

/** Keyword token types by spelling, e.g. `K.win`, `K['sequence#']`. */
export const K = Object.fromEntries(
  KEYWORDS.map((kw) => [
    kw,
    createToken({
      name: `Kw_${kw.replace('#', 'Hash')}`,
      pattern: SPELLINGS[kw] ? new RegExp(spellingsOf(kw).join('|')) : kw,
      longer_alt: Word,
      label: `'${kw}'`,
    }),
  ]),
) as Record<Keyword, TokenType>;

const SPELLINGS_BY_TYPE: ReadonlyMap<TokenType, readonly string[]> = new Map(KEYWORDS.map((kw) => [K[kw], spellingsOf(kw)]));

/** Every spelling of every keyword. */
export const KEYWORD_SPELLINGS: readonly string[] = KEYWORDS.flatMap(spellingsOf);

/** How keyword token type `type` is written (none if it is no keyword), for "did you mean". */
export function keywordSpellings(type: TokenType): readonly string[] {
  return SPELLINGS_BY_TYPE.get(type) ?? [];
}

const punct = (name: string, ch: string): TokenType =>
  createToken({ name, pattern: ch, label: `'${ch}'` });
export const Lt = punct('Lt', '<');
export const Gt = punct('Gt', '>');
export const Plus = punct('Plus', '+');
export const Star = punct('Star', '*');
export const Tilde = punct('Tilde', '~');
export const Colon = punct('Colon', ':');
export const LParen = punct('LParen', '(');
export const RParen = punct('RParen', ')');
export const LBracket = punct('LBracket', '[');
export const RBracket = punct('RBracket', ']');
export const LBrace = punct('LBrace', '{');
export const RBrace = punct('RBrace', '}');
export const Comma = punct('Comma', ',');
export const Equals = punct('Equals', '=');
export const Pipe = punct('Pipe', '|');
export const Dot = punct('Dot', '.');
export const Minus = punct('Minus', '-');

const KEYWORD_TOKENS = [...KEYWORDS]
  .sort((a, b) => b.length - a.length)
  .map((kw) => K[kw]);

export const ALL_TOKENS: readonly TokenType[] = [
  WhiteSpace, LineComment, BlockComment, CarriageReturn, Code, StringLit, BackQuoted,
  Unterminated, OptionName, Ellipsis, Ipv4Addr, Ipv6Addr, Float, HexInteger, Integer,
  ...KEYWORD_TOKENS, Word,
  Lt, Gt, Plus, Star, Tilde, Colon, LParen, RParen, LBracket, RBracket, LBrace, RBrace,
  Comma, Equals, Pipe, Dot, Minus,
];

/**
 * A lexer for the script language. Chevrotain's checks of the token definitions cost
 * ~15 ms of every `tcpdrill check`; test/grammar/tokens.ts runs them once instead.
 */
export function newLexer(opts: { readonly validate: boolean }): LexerType {
  return new Lexer([...ALL_TOKENS], {
    positionTracking: 'onlyOffset',
    ensureOptimizations: false,
    skipValidations: !opts.validate,
  });
}

export const scriptLexer = newLexer({ validate: false });
