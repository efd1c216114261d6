// Errors land where the writer erred (issue 12): one error per broken statement, the parser
// restarting at the next line (resync.ts), "did you mean" for misspellings, and the
// statements that parsed still checked (assemble.ts gaps, check.ts).
import t, { type Test } from 'tap';
import { readFileSync } from 'node:fs';
import { parseScript } from '../../src/grammar/index.js';

/** The example of issue 12: a syscall without '= result', an option misspelled, a state misspelled. */
const THREE_MISTAKES = new URL('scripts/invalid/three-mistakes.pkt', import.meta.url);

const SOCK = '0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n';

/** `got` matches `want` element by element, with nothing more (t.match alone allows more). */
function matchAll(t: Test, got: readonly string[], want: readonly string[], msg?: string): void {
  t.equal(got.length, want.length, `${msg ?? 'diagnostics'}: ${JSON.stringify(got)}`);
  t.match(got, want, msg ?? 'diagnostics');
}

function diags(text: string): string[] {
  return parseScript(text, 't.pkt').diagnostics.map((d) => `${d.line}:${d.col}: ${d.message}`);
}

t.test("the issue's script with three mistakes gets three errors, each at its mistake", async (t) => {
  const text = readFileSync(THREE_MISTAKES, 'utf8');
  const got = diags(text);
  t.equal(got.length, 3, JSON.stringify(got));
  t.match(got[0], "3:21: expected '= result' (a system call needs one, e.g. '= 0') but found the end of the line");
  t.match(got[1], "4:54: expected a TCP option (nop, eol, mss, wscale, sackOK, sack, TS, md5, FO, FOEXP, ECN) but found 'wscal'; did you mean 'wscale'?");
  t.match(got[2], "6:12: expected a TCP state (");
  t.match(got[2], "but found 'TCP_CLOSNG'; did you mean 'TCP_CLOSING'?");
});

t.test('one error per broken statement, none on the good lines after it', async (t) => {
  t.same(diags(`${SOCK}+0 close(3 = 0\n+0 close(3) = 0\n`), ["2:12: expected ')' but found '='"]);
  t.same(diags(`${SOCK}+0 close(3 = 0\n+0 close(3 = 0\n+0 close(3) = 0\n`), ["2:12: expected ')' but found '='", "3:12: expected ')' but found '='"]);
  t.same(diags(`${SOCK}+0 < S 0:0(0) win 1 <mss 1460,,nop> junk ( [\n+0 close(3) = 0\n`), [
    "2:31: expected a TCP option (nop, eol, mss, wscale, sackOK, sack, TS, md5, FO, FOEXP, ECN) but found ','",
  ]);
  // A statement over several lines, broken by a token that cannot begin a statement: the
  // error is on that token and the parser restarts after its line.
  t.same(diags(`${SOCK}+0 setsockopt(3, SOL_SOCKET,\n, SO_REUSEADDR, [1], 4) = 0\n+0 close(3) = 0\n`), [
    "3:1: expected a value (..., a number, a symbol, a string, [...] or {...}) but found ','",
  ]);
});

t.test('a statement cut short by the end of its line is reported at that end', async (t) => {
  t.same(diags(`${SOCK}+0 bind(3, ..., ...)\n+0 close(3) = 0\n`), ["2:21: expected '= result' (a system call needs one, e.g. '= 0') but found the end of the line"]);
  t.same(diags(`${SOCK}+0 bind(3, ..., ...) 0\n`), ["2:22: expected '= result' (a system call needs one, e.g. '= 0') but found '0'"], 'on the same line: at the token');
  t.same(diags(`${SOCK}+0 close(3) =\n+0 close(3) = 0\n`), ['2:14: expected a value (..., a number, a symbol, a string, [...] or {...}) but found the end of the line']);
  t.same(diags(`${SOCK}+0 > S. 0:0(0) ack 1 <mss 1460,\n+0 close(3) = 0\n`), [
    '2:32: expected a TCP option (nop, eol, mss, wscale, sackOK, sack, TS, md5, FO, FOEXP, ECN) but found the end of the line',
  ]);
  t.same(diags(`${SOCK}+0 close(3) =`), ['2:14: expected a value (..., a number, a symbol, a string, [...] or {...}) but found the end of the file']);
});

t.test('"did you mean" for misspelled keywords, options, symbols, calls and names', async (t) => {
  const cases: readonly (readonly [string, string])[] = [
    ['+0 < S 0:0(0) win 1 <TS val 1 ecx 2,nop,nop>', "2:31: expected 'ecr' but found 'ecx'; did you mean 'ecr'?"],
    ['+0 < (tso 0x10) . 1:1(0) ack 1 win 1', "2:7: expected an IP attribute (noecn, ect0, ect1, ect01, ce, tos 0xNN, flowlabel 0xNNNNN, ttl N) but found 'tso'; did you mean 'tos'?"],
    ['+0 < . 1:1(0) ack 1 wn 100', "2:21: expected an event (a time such as 0, +0.1 or *), an option line or a back-quoted command but found 'wn'"],
    ['+0 < . 1:1(0) ackk 1 win 100', "2:15: expected an event (a time such as 0, +0.1 or *), an option line or a back-quoted command but found 'ackk'; did you mean 'ack'?"],
    ['+0 stat TCP_CLOSING', "2:4: expected a system call or 'state' but found 'stat'; did you mean 'state'?"],
    ['+0 sokcet(..., SOCK_STREAM, IPPROTO_TCP) = 3', "2:4: expected a supported system call (e.g. socket, bind, write, setsockopt) but found 'sokcet' (§7.3); did you mean 'socket'?"],
    ['+0 setsockopt(3, SOL_SOCKET, SO_REUSADDR, [1], 4) = 0', "2:30: expected a known symbol (§10) but found 'SO_REUSADDR'; did you mean 'SO_REUSEADDR'?"],
    ['+0 read(3, ..., 1) = -1 EAGIAN (Resource temporarily unavailable)', "2:25: expected an errno name (e.g. EAGAIN, EINPROGRESS) but found 'EAGIAN'; did you mean 'EAGAIN'?"],
    ['+0 < icmp unreachabel', "2:6: expected an ICMP type (e.g. unreachable, echo_request, type_N) but found 'unreachabel'; did you mean 'unreachable'?"],
  ];
  for (const [line, want] of cases) t.same(diags(`${SOCK}${line}\n`), [want], line);
  t.same(diags(`--tolerance_usec=5\n${SOCK}`), ["1:1: expected a known option (e.g. --tolerance_usecs, --ip_version) but found '--tolerance_usec' (§9; in scripts names are never abbreviated); did you mean '--tolerance_usecs'?"]);
  // Twins: nothing near enough, no guess.
  t.same(diags(`${SOCK}+0 setsockopt(3, SOL_SOCKET, SO_NOPE, [1], 4) = 0\n`), ["2:30: expected a known symbol (§10) but found 'SO_NOPE'; write a number or define it with -D SO_NOPE=VALUE"]);
  t.same(diags(`${SOCK}+0 state TCP_BOGUS\n`).filter((d) => d.includes('did you mean')), []);
});

t.test('statements that parsed are checked even when another has a syntax error', async (t) => {
  matchAll(t, diags(`${SOCK}+0 close(3 = 0\n+0 setsockopt(3, SOL_SOCKET, SO_NOPE, [1], 4) = 0\n+0 state TCP_BOGUS\n`), [
    "2:12: expected ')' but found '='",
    "3:30: expected a known symbol (§10) but found 'SO_NOPE'",
    "4:10: expected a TCP state (",
  ]);
  t.same(diags(`--tolerance_u=5\n${SOCK}+0 close(3 = 0\n`).length, 2, 'an option line before the broken statement');
});

t.test('the part of a line before a syntax error is not judged on its own', async (t) => {
  // Without the hold, the packet `+0 < . 1:1(0)` would also be told it lacks 'win N'.
  t.same(diags(`${SOCK}+0 < . 1:1(0) wn 100\n+0 close(3) = 0\n`), [
    "2:15: expected an event (a time such as 0, +0.1 or *), an option line or a back-quoted command but found 'wn'",
  ]);
  t.same(diags(`${SOCK}+0 close(3) = 0 +0 < . 1:1(0) wn 100\n`).length, 1, 'statements sharing the broken line are left out');
  t.same(diags(`${SOCK}+0 close(99) = 0 +0 close(4) = 0\n+0 < . 1:1(0) wn 100\n`).length, 1, 'a good line before it is kept and checked');
  matchAll(t, diags(`${SOCK}+0 < . 1:1(0) ack 1\n+0 close(3) = 0 , 1\n`), ["2:8: expected 'win N'", "3:17: expected an event"]);
});

t.test('checks across events do not reach across a left-out statement', async (t) => {
  t.same(diags('0 socket(..., SOCK_STREAM IPPROTO_TCP) = 3\n+0.1 close(3) = 0\n'), [
    "1:27: expected ')' but found 'IPPROTO_TCP'",
  ], 'no "first event at 0" for the event after a broken first one');
  t.same(diags(`${SOCK}2 close(3) = 0\n+1 close(3 = 0\n1 close(3) = 0\n`), ["3:12: expected ')' but found '='"], 'no time order across the gap');
  t.same(diags('0 close(3 = 0\n'), ["1:11: expected ')' but found '='"], 'no "no events" when the only event is broken');
  matchAll(t, diags(`${SOCK}2 close(3) = 0\n1 close(3) = 0\n+0 close(3 = 0\n`), ['3:1: expected a time at or after 2 s', "4:12: expected ')'"], 'before the gap they still apply');
});

t.test('a lexical error speaks for its statement', async (t) => {
  t.same(diags(`${SOCK}+0 close(3) = 0 # no comment here\n+0 close(3) = 0\n`), [
    "2:17: expected a token of the script language but found '#' ('#' is not a comment character; use // or /* */, §2.1)",
  ]);
  t.same(diags(`${SOCK}+0 close(3) = -1 EBADF # (Bad file descriptor)\n`).length, 1, 'no "errno without a note" from the statement it broke');
  t.same(diags(`${SOCK}+0 open("/x, 0) = 3\n+0 close(3) = 0\n`), ['2:9: unterminated string: expected \'"\' to close the string opened here']);
});
