// The terminal ladder: one line per row, arrows between two lifelines, states
// where first seen, the failure under its row, cuts, colour only through the palette.
import t from 'tap';
import { renderLadderText } from '../../../src/runner/report/ladder-text.js';
import { PLAIN } from '../../../src/runner/report/pretty.js';
import { longIdle, simultaneousClose, stateFailure, strayPacket } from '../../helpers/report-fixtures.js';

t.test('the simultaneous close, row by row', async (t) => {
  const lines = renderLadderText(simultaneousClose(), PLAIN).split('\n');
  t.match(lines[0], /time +line +state +kernel 192\.168\.0\.1:8080 +peer 192\.0\.2\.1:40000/);
  t.equal(lines.length, 1 + 7 + 10, 'a head, 7 packets, 6 syscalls and 4 state lines');
  const row = (line: number): string => lines.find((l) => new RegExp(`^ +\\d\\.\\d{6} +${line} `).test(l)) ?? '';
  t.match(row(10), /│◄─+ S 0:0\(0\) win 65535 <mss 1460,sackOK,ws 7> ─+│$/);
  t.match(row(17), /│─+ F\. 1:1\(0\) ack 1 win 63 ─+►│$/);
  t.match(row(13), /│■ accept\(3, \.\.\., \.\.\.\) = 4 +│$/);
  t.match(row(23), /CLOSING +│◆ state TCP_CLOSING/);
  t.notMatch(row(13), /ESTABLISHED/, 'a state is named where it was first seen');
  const widths = new Set(lines.slice(1).map((l) => l.length));
  t.equal(widths.size, 1, 'the lifelines line up');
});

t.test('the failure under its row; a stray packet dashed', async (t) => {
  const text = renderLadderText(stateFailure(), PLAIN);
  t.match(text, /27 +│◆ state TCP_TIME_WAIT +│\n +line 27: expected TCP_TIME_WAIT, the connection is in TCP_CLOSING/);
  t.match(renderLadderText(strayPacket(false), PLAIN), /│╌+ \. 2:2\(0\) ack 2 win 63 ╌+►│/);
});

t.test('colour comes from the palette', async (t) => {
  const mark = { ...PLAIN, fail: (s: string) => `<F>${s}</F>`, bold: (s: string) => `<B>${s}</B>` };
  const text = renderLadderText(stateFailure(), mark);
  t.match(text, /<F>│◆ state TCP_TIME_WAIT +│<\/F>/);
  t.match(text, /<B>ESTABLISHED <\/B>/);
  t.notMatch(renderLadderText(simultaneousClose(), mark), /<F>/);
});

t.test('a long idle gap is one line with its length', async (t) => {
  t.match(renderLadderText(longIdle(), PLAIN), /\n +≈ +60\.0 s later +≈\n/);
});
