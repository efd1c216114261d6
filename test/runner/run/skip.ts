// kselftest's skip code: an init command exiting 4 skips the run, with its last
// stderr line as the reason; any other failure still fails it.
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KSFT_SKIP, skipReason } from '../../../src/runner/run/skip.js';
import { root } from '../../helpers/cli.js';
import { DIST_READY } from '../../helpers/namespace.js';

t.test('skipReason: only status 4, reason = last non-empty stderr line', async (t) => {
  t.equal(KSFT_SKIP, 4);
  t.equal(skipReason({ message: 'm', detail: [], status: 4, stderr: 'probing...\nno AccECN here\n\n' }), 'no AccECN here');
  t.equal(skipReason({ message: 'm', detail: [], status: 4, stderr: '' }), 'exit status 4 without a reason on stderr');
  t.equal(skipReason({ message: 'm', detail: [], status: 1, stderr: 'no AccECN here\n' }), undefined);
  t.equal(skipReason({ message: 'm', detail: [], status: null, stderr: 'killed\n' }), undefined);
});

t.test('a run whose init command exits 4 is skipped and does not fail the suite', { skip: !DIST_READY && 'npm run build first' }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tcpdrill-skip-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const body = '0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 close(3) = 0\n';
  writeFileSync(join(dir, 'skips.pkt'), `\`echo probing >&2; echo "needs AccECN (tcp_ecn=3)" >&2; exit 4\`\n${body}`);
  writeFileSync(join(dir, 'fails.pkt'), `\`echo "broken set-up" >&2; exit 3\`\n${body}`);
  const run = (file: string): { status: number | null; doc: { summary: Record<string, number>; results: Array<Record<string, unknown>> } } => {
    const r = spawnSync('/usr/bin/env', ['-u', 'NODE_OPTIONS', process.execPath, join(root, 'bin', 'tcpdrill'), 'run', '--reporter', 'json', join(dir, file)], { encoding: 'utf8' });
    return { status: r.status, doc: JSON.parse(r.stdout) as never };
  };
  const skipped = run('skips.pkt');
  t.equal(skipped.status, 0, 'a skip does not fail the exit status');
  t.match(skipped.doc.summary, { total: 1, passed: 0, failed: 0, skipped: 1, errored: 0 });
  t.match(skipped.doc.results[0], { verdict: 'skip', skipReason: 'needs AccECN (tcp_ecn=3)' });
  const failed = run('fails.pkt');
  t.equal(failed.status, 1, 'any other status fails the run');
  t.match(failed.doc.results[0], { verdict: 'fail', failure: { line: 1, failure: { kind: 'command' } } });
});
