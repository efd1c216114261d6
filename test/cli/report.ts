// `tcpdrill report <results.json>`: renders a saved report as HTML or text
// ladders; a missing, malformed or pointless request exits 2.
import t from 'tap';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { runReport, type ReportOptions } from '../../src/cli/report.js';

const fixture = new URL('../runner/report/fixtures/simultaneous-close.json', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'tcpdrill-report-'));

function capture<T>(f: () => T): { value: T; out: string; err: string } {
  let out = '';
  let err = '';
  const o = process.stdout.write.bind(process.stdout);
  const e = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((s: string) => ((out += s), true)) as typeof process.stdout.write;
  process.stderr.write = ((s: string) => ((err += s), true)) as typeof process.stderr.write;
  try {
    return { value: f(), out, err };
  } finally {
    process.stdout.write = o;
    process.stderr.write = e;
  }
}

const report = (file: string, opts: Omit<ReportOptions, 'color'>): ReturnType<typeof capture<number>> =>
  capture(() => runReport(file, { ...opts, color: false }));

t.test('--html writes the page from the saved JSON', async (t) => {
  const html = join(dir, 'report.html');
  const r = report(fixture, { html });
  t.equal(r.value, 0);
  t.match(r.err, `wrote ${html} (1 runs)`);
  const page = readFileSync(html, 'utf8');
  t.match(page, /^<!doctype html>/);
  t.match(page, /<svg [^>]*aria-label="ladder diagram of fixtures\/close\/simultaneous-close\.pkt"/);
});

t.test('--ladder prints each run and its ladder', async (t) => {
  const r = report(fixture, { ladder: true });
  t.equal(r.value, 0);
  t.match(r.out, /^PASS fixtures\/close\/simultaneous-close\.pkt \(ipv4, [\d.]+s\)\n +time +line +state +kernel 192\.168\.0\.1:8080/);
  t.match(r.out, /TIME_WAIT +│◆ state TCP_TIME_WAIT/);
});

t.test('bad requests exit 2 and say why', async (t) => {
  t.match(report(fixture, {}), { value: 2, err: /report needs --html <file> or --ladder/ });
  t.match(report(join(dir, 'absent.json'), { ladder: true }), { value: 2, err: /cannot read .*absent\.json/ });
  const bad = join(dir, 'bad.json');
  writeFileSync(bad, '{"tool":"tcpdrill","version":1,"wallMs":1,"results":[{}]}');
  t.match(report(bad, { ladder: true }), { value: 2, err: /bad\.json: results\[0\]\.file: expected a string/ });
  t.match(report(fixture, { html: join(dir, 'absent', 'x.html') }), { value: 2, err: /cannot write .*absent\/x\.html: ENOENT/ });
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
