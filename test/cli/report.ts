// `tcpdrill report <results.json>`: renders a saved report as HTML or text
// ladders; a missing, malformed or pointless request exits 2.
import t from 'tap';
import { mkdtempSync, readFileSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { runReport, type ReportOptions } from '../../src/cli/report.js';
import { captureOutput } from '../helpers/output.js';

const fixture = new URL('../runner/report/fixtures/simultaneous-close.json', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'tcpdrill-report-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));

const report = (file: string, opts: Omit<ReportOptions, 'color'>): ReturnType<typeof captureOutput> =>
  captureOutput(async () => runReport(file, { ...opts, color: false }));

t.test('--html writes the page from the saved JSON', async (t) => {
  const html = join(dir, 'report.html');
  const r = await report(fixture, { html });
  t.equal(r.status, 0);
  t.match(r.err, `wrote ${html} (1 runs)`);
  const page = readFileSync(html, 'utf8');
  t.match(page, /^<!doctype html>/);
  t.match(page, /<svg [^>]*aria-label="ladder diagram of fixtures\/close\/simultaneous-close\.pkt"/);
});

t.test('--ladder prints each run and its ladder', async (t) => {
  const r = await report(fixture, { ladder: true });
  t.equal(r.status, 0);
  t.match(r.out, /^PASS fixtures\/close\/simultaneous-close\.pkt \(ipv4, [\d.]+s\)\n +time +line +state +kernel 192\.168\.0\.1:8080/);
  t.match(r.out, /TIME_WAIT +│◆ state TCP_TIME_WAIT/);
});

t.test('bad requests exit 2 and say why', async (t) => {
  t.match(await report(fixture, {}), { status: 2, err: /report needs --html <file> or --ladder/ });
  t.match(await report(join(dir, 'absent.json'), { ladder: true }), { status: 2, err: /cannot read .*absent\.json/ });
  const bad = join(dir, 'bad.json');
  writeFileSync(bad, '{"tool":"tcpdrill","version":1,"wallMs":1,"results":[{}]}');
  t.match(await report(bad, { ladder: true }), { status: 2, err: /bad\.json: results\[0\]\.file: expected a string/ });
  t.match(await report(fixture, { html: join(dir, 'absent', 'x.html') }), { status: 2, err: /cannot write .*absent\/x\.html: ENOENT/ });
});

t.test('the command is wired into the CLI', async (t) => {
  const html = join(dir, 'via-main.html');
  const r = await (async () => {
    const o = process.stderr.write.bind(process.stderr);
    process.stderr.write = (() => true) as typeof process.stderr.write;
    try {
      return await main(['node', 'tcpdrill', 'report', fixture, '--html', html]);
    } finally {
      process.stderr.write = o;
    }
  })();
  t.equal(r, 0);
  t.ok(existsSync(html));
});
