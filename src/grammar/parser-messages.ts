// "expected ..." messages of the Chevrotain parser (parser.ts), worded in script terms
// (style.md §c: an errorMessageProvider). A misspelled keyword gets "did you mean".
import type { IParserErrorMessageProvider, IToken, TokenType } from 'chevrotain';
import { EOF } from './chevrotain.js';
import { didYouMean } from './suggest.js';
import * as T from './tokens.js';

/** What each rule stands for, in script terms, for "expected ..." messages. */
export const RULE_DESCRIPTIONS: Readonly<Record<string, string>> = {
  statement: 'an event (a time such as 0, +0.1 or *), an option line or a back-quoted command',
  optionValue: 'an option value (a number, word, address or quoted string)',
  eventTime: 'a time (e.g. 0, +0.1, *, 0~1)',
  timeNum: 'a time in seconds (e.g. 0, 0.1)',
  action: "a packet (< or >), a system call, a back-quoted command, a %{ }% block or 'state'",
  packetBody: "a TCP flags word (S, S., P., F., R, ., -), 'udp' or 'icmp'",
  tcpFlags: 'a TCP flags word (S, S., P., F., R, ., -)',
  outerHeader: "an outer header ('ipv4', 'ipv6', 'gre' or 'mpls')",
  ipAttrs: 'IP attributes in ( ) or [ ]',
  ipAttr: 'an IP attribute (noecn, ect0, ect1, ect01, ce, tos 0xNN, flowlabel 0xNNNNN, ttl N)',
  tcpOptions: "TCP options in < >",
  tcpOption: 'a TCP option (nop, eol, mss, wscale, sackOK, sack, TS, md5, FO, FOEXP, ECN)',
  accecnField: "an AccECN counter ('e0b', 'ceb' or 'e1b')",
  hexBlob: 'a hex string (e.g. 3021b9d889017eeb)',
  icmpEchoed: "an echoed packet ([start:end(len)], [udp (len)] or [raw (len)])",
  greFlags: "GRE flags ([...] or a number)",
  greFlag: "a GRE flag (none, checksum present, key present, sequence# present)",
  num: 'a number',
  expr: 'a value (..., a number, a symbol, a string, [...] or {...})',
  primary: 'a value (..., a number, a symbol, a string, [...] or {...})',
  braceBody: 'a struct field, a value, an MPLS entry or GRE fields',
  braceItem: 'a struct field (e.g. fd=3) or a value',
  fieldName: 'a struct field name',
  note: 'a note word',
};

/** §7: the one mismatch worth its own words, the most common slip in a syscall line. */
const SYSCALL_RESULT = "'= result' (a system call needs one, e.g. '= 0')";

/** How the parser's messages name the token they found; resync.ts rewords it at a line end. */
export function describeToken(tok: IToken): string {
  return tok.tokenType === EOF ? 'the end of the file' : `'${tok.image.length > 40 ? `${tok.image.slice(0, 40)}…` : tok.image}'`;
}

function labelOf(t: TokenType): string {
  return t.LABEL ?? t.name;
}

/** "did you mean" for a word that misspells one of the keywords that could come here. */
function suggestion(actual: IToken, expected: readonly TokenType[]): string {
  if (actual.tokenType !== T.Word) return '';
  return didYouMean(actual.image, expected.flatMap((t) => T.keywordSpellings(t)));
}

function found(actual: IToken, expected: readonly TokenType[]): string {
  return `but found ${describeToken(actual)}${suggestion(actual, expected)}`;
}

/** "expected ..." messages in script terms (style.md §c). */
export const errorMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected, actual, ruleName }) => {
    const what = expected === EOF ? RULE_DESCRIPTIONS['statement'] : ruleName === 'syscall' && expected === T.Equals ? SYSCALL_RESULT : labelOf(expected);
    return `expected ${what} ${found(actual, [expected])}`;
  },
  buildNotAllInputParsedMessage: ({ firstRedundant }) =>
    `expected ${RULE_DESCRIPTIONS['statement']} but found ${describeToken(firstRedundant)}`,
  buildNoViableAltMessage: ({ expectedPathsPerAlt, actual, ruleName }) => {
    const what = RULE_DESCRIPTIONS[ruleName] ?? labelsOf(expectedPathsPerAlt);
    return `expected ${what} ${found(actual[0] ?? actual[actual.length - 1]!, firstTokens(expectedPathsPerAlt))}`;
  },
  buildEarlyExitMessage: ({ expectedIterationPaths, actual, ruleName }) => {
    const what = RULE_DESCRIPTIONS[ruleName] ?? labelsOf([expectedIterationPaths]);
    return `expected ${what} ${found(actual[0]!, firstTokens([expectedIterationPaths]))}`;
  },
};

function firstTokens(paths: TokenType[][][]): TokenType[] {
  return [...new Set(paths.flat().flatMap((p) => (p[0] ? [p[0]] : [])))];
}

function labelsOf(paths: TokenType[][][]): string {
  const labels = new Set(paths.flat().map((p) => (p[0] ? labelOf(p[0]) : 'nothing')));
  return [...labels].join(' or ');
}
