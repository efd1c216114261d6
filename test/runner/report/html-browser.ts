// The HTML page in a real browser: headless Chromium (Debian's `chromium`,
// installed by .ci/run) opens it from disk, logs no console message or error,
// and renders a screenshot that shows a diagram with its failure in red.
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { renderHtml } from '../../../src/runner/report/html.js';
import { decodePng } from '../../helpers/png.js';
import { simultaneousClose, stateFailure } from '../../helpers/report-fixtures.js';

const browser = (process.env['PATH'] ?? '').split(delimiter).map((d) => join(d, 'chromium')).find((p) => existsSync(p));
const WIDTH = 1280;
const HEIGHT = 1600;

/** Loads `html` from a file in a fresh profile; the console lines and the screenshot. */
function load(html: string): { console: string[]; png: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), 'tcpdrill-browser-'));
  try {
    const page = join(dir, 'report.html');
    const shot = join(dir, 'shot.png');
    writeFileSync(page, html);
    const r = spawnSync(
      browser as string,
      [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', `--user-data-dir=${join(dir, 'profile')}`, '--enable-logging=stderr', '--v=0',
        '--hide-scrollbars', `--window-size=${WIDTH},${HEIGHT}`, `--screenshot=${shot}`, pathToFileURL(page).href,
      ],
      { encoding: 'utf8', timeout: 120_000 },
    );
    if (r.error) throw r.error;
    // Chromium logs every console message and uncaught error as INFO:CONSOLE.
    return { console: r.stderr.split('\n').filter((l) => l.includes(':CONSOLE')), png: readFileSync(shot) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

t.test('headless Chromium', { skip: browser === undefined ? 'chromium is not installed (.ci/run installs it)' : false }, async (t) => {
  t.test('sees a script error when there is one', async (t) => {
    const { console } = load('<!doctype html><title>x</title><script>notDefined();</script>');
    t.match(console.join('\n'), /Uncaught ReferenceError: notDefined is not defined/);
  });

  t.test('opens the report with no console output and draws it', async (t) => {
    const { console, png } = load(renderHtml([simultaneousClose(), stateFailure()], 900));
    t.same(console, [], 'no console messages or errors');
    const img = decodePng(png);
    t.equal(img.width, WIDTH);
    t.equal(img.height, HEIGHT);
    let ink = 0;
    let red = 0;
    let blue = 0;
    for (let y = 0; y < img.height; y += 2) {
      for (let x = 0; x < img.width; x += 2) {
        const [r, g, b] = img.rgb(x, y);
        if (r + g + b < 600) ink++;
        if (r > 150 && g < 90 && b < 90) red++;
        if (b > 100 && r < 80 && g < 90) blue++;
      }
    }
    const samples = (img.width / 2) * (img.height / 2);
    t.ok(ink / samples > 0.02 && ink / samples < 0.6, `not blank, not solid (${((100 * ink) / samples).toFixed(1)}% ink)`);
    t.ok(red > 100, `the failure is drawn in red (${red} samples)`);
    t.ok(blue > 100, `the arrows are drawn (${blue} samples)`);
  });
});
