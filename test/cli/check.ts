// `tcpdrill check`: exit status and output for valid, invalid and unreadable inputs.
import t from 'tap';
import { captureOutput } from '../helpers/output.js';
import { mkdtempSync, writeFileSync, mkdirSync, truncateSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCheck } from '../../src/cli/check.js';
import { MAX_SCRIPT_BYTES } from '../../src/cli/files.js';

const run = (paths: string[], define: string[] = []): ReturnType<typeof captureOutput> => captureOutput(() => runCheck(paths, { define }));

const dir = mkdtempSync(join(tmpdir(), 'tcpdrill-check-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));
const good = join(dir, 'a', 'good.pkt');
mkdirSync(join(dir, 'a'));
writeFileSync(good, '0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 close(3) = 0\n');
writeFileSync(join(dir, 'notes.txt'), 'not a script');

t.test('valid scripts print OK and exit 0 (directories are searched recursively)', async (t) => {
  const r = await run([dir]);
  t.equal(r.status, 0);
  t.equal(r.out, `OK ${good}\n`);
});

t.test('invalid scripts print every diagnostic and exit 2', async (t) => {
  const bad = join(dir, 'bad.pkt');
  writeFileSync(bad, '0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 < Q 0:0(0)\n');
  const r = await run([bad, good]);
  t.equal(r.status, 2);
  t.match(r.err, `${bad}:2:6: error: expected a TCP flags word`);
  t.match(r.err, `${bad}:2:8: error: expected 'win N'`);
  t.match(r.out, `OK ${good}`);
});

t.test('each mistake is reported once, where the writer made it (issue 12)', async (t) => {
  const f = fileURLToPath(new URL('../grammar/scripts/invalid/three-mistakes.pkt', import.meta.url));
  const r = await run([f]);
  t.equal(r.status, 2);
  t.match(r.err, `${f}:3:21: error: expected '= result' (a system call needs one, e.g. '= 0') but found the end of the line\n   3 | +0 bind(3, ..., ...)\n     |                     ^\n`);
  t.match(r.err, `${f}:4:54: error: expected a TCP option`);
  t.match(r.err, "but found 'wscal'; did you mean 'wscale'?");
  t.match(r.err, `${f}:6:12: error: expected a TCP state`);
  t.match(r.err, "but found 'TCP_CLOSNG'; did you mean 'TCP_CLOSING'?");
  t.equal(r.err.split(`${f}:`).length - 1, 3, 'three errors, none on line 5');
});

t.test('-D defines reach the parser', async (t) => {
  const f = join(dir, 'define.pkt');
  writeFileSync(f, '0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 close(3) = RES\n');
  t.equal((await run([f], ['RES=0'])).status, 0);
  t.equal((await run([f])).status, 2);
  t.match((await run([f], ['BAD NAME=1'])).err, "bad define 'BAD NAME=1'");
});

t.test('unusable inputs get a message, never a stack trace', async (t) => {
  const missing = await run([join(dir, 'missing.pkt')]);
  t.equal(missing.status, 2);
  t.match(missing.err, 'no such file or directory');
  const emptyDir = join(dir, 'empty');
  mkdirSync(emptyDir);
  t.match((await run([emptyDir])).err, 'no scripts found');
  const empty = join(dir, 'empty.pkt');
  writeFileSync(empty, '');
  t.match((await run([empty])).err, 'no events');
  const junk = join(dir, 'junk.pkt');
  writeFileSync(junk, Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 131) % 256)));
  const j = await run([junk]);
  t.equal(j.status, 2);
  t.match(j.err, 'more errors not shown');
  const huge = join(dir, 'huge.pkt');
  writeFileSync(huge, '');
  truncateSync(huge, MAX_SCRIPT_BYTES + 1);
  t.match((await run([huge])).err, 'are refused');
});
