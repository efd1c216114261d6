// Script-level behaviour: lexical quirks (§2), times (§1.5), options and defines (§2.6),
// init/cleanup commands (§8.1) and diagnostic rendering.
import t from 'tap';
import { formatDiagnostic, parseScript } from '../../src/grammar/index.js';

const SOCK = '0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n';

function diags(text: string, defines?: Map<string, string>): string[] {
  return parseScript(text, 't.pkt', defines ? { defines } : {}).diagnostics.map((d) => `${d.line}:${d.col}: ${d.message}`);
}

t.test('times convert like packetdrill (§1.5)', async (t) => {
  const r = parseScript(`${SOCK}1.001 close(3) = 0\n+0.000249 close(3) = 0\n2 close(3) = 0\n+1~+2 > . 1:1(0) ack 1\n3~4 > . 1:1(0) ack 1\n* > . 1:1(0) ack 1\n+.1...0.3 read(3, ..., 1) = 1\n`, 't.pkt');
  t.same(r.diagnostics, []);
  const times = r.script!.events.map((e) => e.time);
  t.match(times[1], { kind: 'absolute', usecs: 1000999 });
  t.match(times[2], { kind: 'relative', usecs: 248 });
  t.match(times[3], { kind: 'absolute', usecs: 2000000 });
  t.match(times[4], { kind: 'window', relative: true, startUsecs: 1000000, endUsecs: 2000000 });
  t.match(times[5], { kind: 'window', relative: false, startUsecs: 3000000 });
  t.match(times[6], { kind: 'any' });
  t.match(times[7], { kind: 'relative', usecs: 100000 });
  t.match(r.script!.events[7]!.action, { kind: 'syscall', end: { usecs: 300000 } });
});

t.test('time errors', async (t) => {
  t.match(diags('1 close(3) = 0\n'), ['1:1: expected the first event at time 0 (0 or +0)']);
  t.match(diags(`${SOCK}2 close(3) = 0\n1 close(3) = 0\n`), ['3:1: expected a time at or after 2 s: time goes backward']);
  t.same(diags(`${SOCK}2 close(3) = 0\n+1 close(3) = 0\n1 close(3) = 0\n`), [], 'no check across relative events');
  t.match(diags(`${SOCK}-1 close(3) = 0\n`), ["2:1: expected a non-negative time but found '-1'"]);
});

t.test('options and defines (§2.6)', async (t) => {
  const r = parseScript(`--tolerance_usecs=5000\n--strict_segments\n--ip_version="ipv4-mapped-ipv6"\n--define=LVL=SOL_TCP\n--define=S="reno"\n${SOCK}+0 setsockopt(3, LVL, TCP_CONGESTION, S, 4) = 0\n+0 close(3) = N\n`, 't.pkt', { defines: new Map([['N', '0x10']]) });
  t.same(r.diagnostics, []);
  t.match(r.script!.options, [
    { name: 'tolerance_usecs', value: { kind: 'scalar', text: '5000', quoted: false } },
    { name: 'strict_segments', value: undefined },
    { name: 'ip_version', value: { kind: 'scalar', text: 'ipv4-mapped-ipv6', quoted: true } },
    { name: 'define', value: { kind: 'define', name: 'LVL', value: 'SOL_TCP' } },
    { name: 'define', value: { kind: 'define', name: 'S', value: '"reno"' } },
  ]);
  t.match(r.script!.events[1]!.action, { args: [{}, { kind: 'symbol', name: 'SOL_TCP' }, {}, { kind: 'string', raw: ['reno'] }, {}] });
  t.match(r.script!.events[2]!.action, { result: { kind: 'int', value: 16n } });
  const empty = parseScript(`${SOCK}+0 close(3) = X\n`, 't.pkt', { defines: new Map([['X', '']]) });
  t.match(empty.script!.events[1]!.action, { result: { kind: 'int', value: 0n } }, 'empty define is INTEGER 0');
  const octal = parseScript(`${SOCK}+0 close(3) = X\n`, 't.pkt', { defines: new Map([['X', '010']]) });
  t.match(octal.script!.events[1]!.action, { result: { value: 8n } }, 'leading-0 octal');
  const cmd = parseScript(`${SOCK}+0 X\n`, 't.pkt', { defines: new Map([['X', '`true`']]) });
  t.match(cmd.script!.events[1]!.action, { kind: 'command', text: 'true' });
  t.same(diags(`${SOCK}+0 setsockopt(3, SOL_SOCKET, MY_OPT, [1], 4) = 0\n`, new Map([['MY_OPT', '99']])), [], 'a -D name is not an unknown symbol');
});

t.test('option errors', async (t) => {
  t.match(diags(`--tolerance_u=5\n${SOCK}`), ["1:1: expected a known option (e.g. --tolerance_usecs, --ip_version) but found '--tolerance_u'"]);
  t.match(diags(`--tolerance_usecs\n${SOCK}`), ['1:1: expected a value: --tolerance_usecs=VALUE']);
  t.match(diags(`--dry_run=1\n${SOCK}`), ['1:11: expected no value: --dry_run is a flag']);
  t.match(diags(`--tolerance_percent=1.5\n${SOCK}`), ["1:21: expected a number, word, address or quoted string but found '1.5'"]);
  t.match(diags(`--define=N=3\n${SOCK}`), ["1:12: expected a word or a quoted string as the value of N but found '3'"]);
  t.match(diags(`${SOCK}--mtu=1500\n`), ['2:1: expected option lines only at the start of the script']);
});

t.test('init and cleanup commands (§8.1)', async (t) => {
  const r = parseScript(`--verbose\n\`init\`\n${SOCK}+0 \`timed\`\n\`cleanup\`\n`, 't.pkt');
  t.same(r.diagnostics, []);
  t.match(r.script, { initCommand: { text: 'init' }, cleanupCommand: { text: 'cleanup' } });
  t.match(r.script!.events[1]!.action, { kind: 'command', text: 'timed' });
  t.match(diags(`\`a\`\n\`b\`\n${SOCK}`), ['2:1: expected a time before this command']);
  t.match(diags(`${SOCK}\`mid\`\n+0 close(3) = 0\n`), ['2:1: expected a time before this command: an untimed command between events']);
});

t.test('lexical structure (§2)', async (t) => {
  t.match(diags(`${SOCK}+0 close(3) = 0 # no\n`), ["2:17: expected a token of the script language but found '#' ('#' is not a comment character"]);
  t.match(diags(`0 close(3) = 0\r\n`), ['1:15: expected a newline but found a carriage return']);
  t.match(diags(`${SOCK}/* never closed\n+0 close(3) = 0\n`), ["2:1: unterminated comment: expected '*/'"]);
  t.match(diags(`${SOCK}+0 %{ x = 1\n`), ["2:4: unterminated code block: expected '}%'"]);
  t.match(diags(`${SOCK}+0 \`echo\n`), ["2:4: unterminated command: expected '`'"]);
  t.match(diags(`${SOCK}+0 open("/x, 0) = 3\n`), ['2:9: unterminated string']);
  t.match(diags('--x ='), ['1:6: expected an option value (a number, word, address or quoted string) but found the end of the file']);
  t.match(diags('--define=X='), ['1:12: expected an option value']);
  t.same(diags(`${SOCK}+0 close(3) = 0 // final comment, no newline`), [], 'final // without newline is accepted');
  t.same(diags(`// Ünïcödé comment — fine\n${SOCK}/* ✓ */`), []);
  t.same(diags(`${SOCK}+0 close(3) = 0 +0 close(4) = 0`), [], 'statements share a line');
  const multi = parseScript(`${SOCK}+0 write(3, ..., "a\n b") = 1 +0 %{ d = {1: 2}}%\n`, 't.pkt');
  t.same(multi.diagnostics, []);
  t.match(multi.script!.events[2]!.action, { kind: 'code', text: 'd = {1: 2}' });
  t.match(diags(''), ['1:1: expected at least one event but the script has none (no events)']);
  t.match(diags('--verbose\n'), ['2:1: expected at least one event']);
});

t.test('keywords cannot be identifiers (§2.4)', async (t) => {
  t.match(diags(`${SOCK}+0 close(3) = -1 EIO (bad ack here)\n`), ["2:27: expected ')' but found 'ack'"]);
  const r = parseScript(`${SOCK}+0 > S. 0:0(0) ack 1 <sackOK,nop,nop>\n`, 't.pkt');
  t.match(r.script!.events[1]!.action, { body: { options: { options: [{ kind: 'sackOK' }, {}, {}] } } });
});

t.test('formatDiagnostic renders file:line:col, the line and a caret', async (t) => {
  const text = `${SOCK}+0 < Q 0:0(0) win 1000\n`;
  const d = parseScript(text, 'path/file.pkt').diagnostics[0]!;
  t.equal(formatDiagnostic(d, text), [
    "path/file.pkt:2:6: error: expected a TCP flags word (S, S., P., F., R, ., -) but found 'Q': 'Q' is not a TCP flag letter",
    '   2 | +0 < Q 0:0(0) win 1000',
    '     |      ^',
  ].join('\n'));
  const long = `${SOCK}+0 frobnicate(3) = 0\n`;
  const e = parseScript(long, 'f.pkt').diagnostics[0]!;
  t.match(formatDiagnostic(e, long, { color: true }), /\x1b\[1;32m\^~{9}\x1b\[0m/);
});

t.test('parseScript never throws on junk', async (t) => {
  const junk = Array.from({ length: 4000 }, (_, i) => String.fromCharCode((i * 7919) % 256)).join('');
  const r = parseScript(junk, 'junk.pkt');
  t.ok(r.diagnostics.length > 0);
});
