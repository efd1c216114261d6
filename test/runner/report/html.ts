// The HTML page: self-contained, failed runs first with a filter, one ladder
// per run beside its script text with every line addressable.
import t from 'tap';
import { renderHtml } from '../../../src/runner/report/html.js';
import { simultaneousClose, stateFailure } from '../../helpers/report-fixtures.js';

const pass = simultaneousClose();
const fail = { ...stateFailure(), file: 'fixtures/must-fail/close/simultaneous-close.fail.pkt' };
const page = renderHtml([pass, fail], 900);

t.test('self-contained: nothing is fetched from anywhere', async (t) => {
  t.notMatch(page, /<link\b/i);
  t.notMatch(page, /\bsrc=/i);
  t.notMatch(page, /url\(/i);
  t.notMatch(page, /@import/i);
  const hrefs = [...page.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
  t.ok(hrefs.length > 0);
  t.ok(hrefs.every((h) => h?.startsWith('#')), 'only links within the page');
  // The one absolute URL is the SVG namespace, which no browser fetches.
  t.same([...new Set(page.match(/https?:\/\/[^"'\s)]+/g))], ['http://www.w3.org/2000/svg']);
});

t.test('the index: failed first, file, family, verdict, wall time; a filter', async (t) => {
  const index = /<table class="index">([\s\S]*?)<\/table>/.exec(page)?.[1] ?? '';
  const rows = [...index.matchAll(/<tr class="run (\w+)">(.*?)<\/tr>/g)];
  t.same(rows.map((r) => r[1]), ['fail', 'pass']);
  t.match(rows[0]?.[2], /FAIL.*href="#run-0".*simultaneous-close\.fail\.pkt.*<td>ipv4<\/td><td class="num">([\d.]+) s<\/td>/);
  t.match(rows[0]?.[2], `<td class="num">${(fail.wallMs / 1000).toFixed(2)} s</td>`);
  t.match(page, /<input type="checkbox" id="only-failed">/);
  t.match(page, /\.only-failed \.run\.pass,\.only-failed \.run\.skip\{display:none\}/, "the filter hides passed and skipped runs");
  t.match(page, /<p class="summary">1 passed, 1 failed, 0 skipped, 0 errored in 0\.90s<\/p>/);
});

t.test('each run: its failure, its ladder, its script text', async (t) => {
  const sections = [...page.matchAll(/<section class="run (\w+)" id="run-(\d)">([\s\S]*?)<\/section>/g)];
  t.same(sections.map((s) => [s[1], s[2]]), [['fail', '0'], ['pass', '1']]);
  const failing = sections[0]?.[3] ?? '';
  t.match(failing, /<pre class="failure">line 27:\nexpected TCP_TIME_WAIT, the connection is in TCP_CLOSING<\/pre>/);
  t.match(failing, /kernel 192\.168\.0\.1:8080 · peer 192\.0\.2\.1:40000/);
  t.equal((failing.match(/<svg /g) ?? []).length, 1);
  const scriptLines = [...failing.matchAll(/<span data-line="(\d+)"( class="failed")?><i>\d+<\/i>/g)];
  t.equal(scriptLines.length, (pass.scriptText ?? '').trimEnd().split('\n').length, 'every script line');
  t.same(scriptLines.filter((m) => m[2]).map((m) => m[1]), ['27'], 'the failing line marked');
  t.match(failing, /<span data-line="22"><i>22<\/i>\+0    &gt; \. 2:2\(0\) ack 2<\/span>/);
});

t.test('without scriptText, the events’ own lines stand in', async (t) => {
  const { scriptText: _, ...old } = pass;
  const html = renderHtml([old], 1);
  t.match(html, /<span data-line="13"><i>13<\/i>\+0    accept\(3, \.\.\., \.\.\.\) = 4<\/span>/);
  t.match(html, /<span data-line="1"><i>1<\/i><\/span>/, 'lines no event names are empty');
});
