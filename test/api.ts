// The programmatic API, imported by the package's name as an embedding harness
// would (package.json "exports" resolves 'tcpdrill' to dist/, with its types).
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseScript, renderReport, runScripts, type RunScriptsOutcome, type ScriptResult } from 'tcpdrill';
import { root } from './helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'tcpdrill-api-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));
const good = join(dir, 'open-close.pkt');
writeFileSync(good, '0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [BAR], 4) = 0\n+0 close(3) = 0\n');

t.test('parseScript: events and diagnostics, never an exception', async (t) => {
  const ok = parseScript('0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n', 'a.pkt');
  t.same(ok.diagnostics, []);
  t.equal(ok.script?.events.length, 1);
  const bad = parseScript('0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 < Q 0:0(0)\n', 'b.pkt');
  t.match(bad.diagnostics, [{ file: 'b.pkt', line: 2 }]);
});

t.test('runScripts: bad input is an outcome with a clear error, and nothing runs', async (t) => {
  const undefinedSymbol = await runScripts([good]);
  t.equal(undefinedSymbol.kind, 'invalid');
  t.match(undefinedSymbol, { errors: [/open-close\.pkt:2:45: error: .*BAR/] });
  t.same(await runScripts([join(dir, 'missing.pkt')]), { kind: 'invalid', errors: [`${join(dir, 'missing.pkt')}: no such file or directory`] });
  t.same(await runScripts([good], { jobs: 0 }), { kind: 'invalid', errors: ['jobs must be a positive integer'] });
  t.same(await runScripts([good], { defines: { 'NOT A NAME': '1' } }), { kind: 'invalid', errors: ["bad define 'NOT A NAME=1': expected NAME=VALUE"] });
});

t.test('runScripts runs scripts and returns ScriptResults (in a clean process)', async (t) => {
  // A process of its own, without tap's loader hooks, importing 'tcpdrill' from the checkout.
  const code = `import { runScripts, renderReport } from 'tcpdrill';
    const seen = [];
    const outcome = await runScripts([${JSON.stringify(good)}], { ipVersion: 'all', defines: { BAR: '1' }, onResult: (r) => seen.push(r.ipVersion) });
    console.log(JSON.stringify({ outcome, seen, ktap: renderReport('ktap', outcome.results, outcome.wallMs, false) }));`;
  const r = spawnSync('/usr/bin/env', ['-u', 'NODE_OPTIONS', process.execPath, '--input-type=module', '-e', code], { cwd: root, encoding: 'utf8' });
  t.equal(r.status, 0, r.stderr);
  const { outcome, seen, ktap } = JSON.parse(r.stdout) as { outcome: RunScriptsOutcome; seen: string[]; ktap: string };
  t.equal(outcome.kind, 'ran');
  const results: readonly ScriptResult[] = outcome.kind === 'ran' ? outcome.results : [];
  t.same(results.map((x) => [x.ipVersion, x.verdict]), [['ipv4', 'pass'], ['ipv6', 'pass'], ['ipv4-mapped-ipv6', 'pass']]);
  t.same(seen, ['ipv4', 'ipv6', 'ipv4-mapped-ipv6'], 'onResult in plan order');
  t.match(ktap, /^KTAP version 1\n1\.\.3\nok 1 /);
  t.equal(typeof renderReport, 'function');
});
