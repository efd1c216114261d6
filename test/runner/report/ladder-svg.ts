// The ladder diagram as a DOM: one slanted arrow per packet at its time, labels,
// kernel-side marks, state bands, the failure in red, cuts; and a golden SVG.
import t from 'tap';
import type { Element } from '@xmldom/xmldom';
import { renderLadderSvg } from '../../../src/runner/report/ladder-svg.js';
import { KERNEL_X, PEER_X } from '../../../src/runner/report/ladder-geometry.js';
import { shortPacketLabel } from '../../../src/runner/report/packet-label.js';
import {
  byClass, longIdle, missingPacket, parseXml, simultaneousClose, stateFailure, strayPacket, timingFailure,
} from '../../helpers/report-fixtures.js';

function rows(svg: string): Element[] {
  return byClass(parseXml(svg), 'g', 'row');
}

function shaft(row: Element): { x0: number; y0: number; x1: number; y1: number } {
  const path = Array.from(row.getElementsByTagName('path')).find((p) => p.getAttribute('class')?.startsWith('arrow') && !p.getAttribute('class')?.includes('head'));
  const m = /^M([\d.]+) ([\d.]+)L([\d.]+) ([\d.]+)$/.exec(path?.getAttribute('d') ?? '');
  if (!m) throw new Error('no arrow');
  return { x0: Number(m[1]), y0: Number(m[2]), x1: Number(m[3]), y1: Number(m[4]) };
}

function label(row: Element): string {
  return byClass(row, 'text', 'label')[0]?.textContent ?? '';
}

t.test('one arrow per packet, slanting from sender to receiver, in time order', async (t) => {
  const r = simultaneousClose();
  const packets = rows(renderLadderSvg(r)).filter((g) => g.getAttribute('class')?.includes('packet'));
  t.equal(packets.length, r.trace.length);
  let lastY = -Infinity;
  packets.forEach((g, i) => {
    const p = r.trace[i];
    const a = shaft(g);
    const [from, to] = p?.direction === 'outbound' ? [KERNEL_X, PEER_X] : [PEER_X, KERNEL_X];
    t.equal(a.x0, from, `line ${p?.line} starts at its sender`);
    t.ok(Math.abs(a.x1 - to) < 12, `line ${p?.line} ends at its receiver`);
    t.ok(a.y1 > a.y0, 'slants downwards');
    t.ok(a.y0 > lastY, 'later packets are lower');
    lastY = a.y0;
    t.equal(g.getAttribute('data-line'), String(p?.line));
    t.equal(label(g), shortPacketLabel(p?.text ?? ''));
    t.match(g.getElementsByTagName('title')[0]?.textContent ?? '', p?.text ?? '', 'the full text on hover');
  });
  // To scale: the 10 ms steps of the script are drawn much longer than the same-instant ones.
  const y = (line: number): number => shaft(packets.find((g) => g.getAttribute('data-line') === String(line)) as Element).y0;
  t.ok(y(12) - y(11) > 2 * (y(11) - y(10)), '10 ms is drawn taller than 0.1 ms');
});

t.test('syscalls and state lines are marked on the kernel side with their lines', async (t) => {
  const r = simultaneousClose();
  const marks = rows(renderLadderSvg(r)).filter((g) => g.getAttribute('class')?.includes('mark'));
  const expected = r.events.filter((e) => e.kind === 'syscall' || e.kind === 'state');
  t.same(marks.map((g) => g.getAttribute('data-line')), expected.map((e) => String(e.line)));
  const accept = marks.find((g) => g.getAttribute('data-line') === '13') as Element;
  t.equal(byClass(accept, 'text', 'mark')[0]?.textContent, 'accept(3, ..., ...) = 4');
  t.ok(Number(byClass(accept, 'text', 'mark')[0]?.getAttribute('x')) > KERNEL_X, 'beside the kernel lifeline');
});

t.test('observed states are bands along the kernel lifeline, one after the other', async (t) => {
  const doc = parseXml(renderLadderSvg(simultaneousClose()));
  const bands = byClass(doc, 'rect', 'band-rect').filter((b) => b.parentNode?.nodeName === 'g' && (b.parentNode as Element).getAttribute('class') === 'band');
  t.same(bands.map((b) => b.getAttribute('class')), ['band-rect st-established', 'band-rect st-fin-wait1', 'band-rect st-closing', 'band-rect st-time-wait']);
  t.same(byClass(doc, 'text', 'band-label').map((e) => e.textContent), ['ESTABLISHED', 'FIN_WAIT1', 'CLOSING', 'TIME_WAIT']);
  for (let i = 1; i < bands.length; i++) {
    const prev = bands[i - 1] as Element;
    const end = Number(prev.getAttribute('y')) + Number(prev.getAttribute('height'));
    t.ok(Math.abs(end - Number(bands[i]?.getAttribute('y'))) < 0.2, 'contiguous (to the tenth of a pixel the SVG keeps)');
  }
  const stateRow = rows(renderLadderSvg(simultaneousClose())).find((g) => g.getAttribute('data-line') === '14') as Element;
  const markY = Number(byClass(stateRow, 'text', 'mark')[0]?.getAttribute('y')) - 4;
  t.equal(Number(bands[0]?.getAttribute('y')), markY, 'ESTABLISHED starts where line 14 saw it');
});

t.test('a passing run has no failure mark; a failing state line is red with expected and actual', async (t) => {
  t.equal(rows(renderLadderSvg(simultaneousClose())).filter((g) => g.getAttribute('class')?.includes('failed')).length, 0);
  const failed = rows(renderLadderSvg(stateFailure())).filter((g) => g.getAttribute('class')?.includes('failed'));
  t.equal(failed.length, 1);
  t.equal(failed[0]?.getAttribute('data-line'), '27');
  const note = byClass(failed[0] as Element, 'text', 'note-text').map((e) => e.textContent).join('\n');
  t.match(note, 'line 27: expected TCP_TIME_WAIT, the connection is in TCP_CLOSING');
});

t.test('a timing failure draws its expected window as a bracket above the late packet', async (t) => {
  const failed = rows(renderLadderSvg(timingFailure())).find((g) => g.getAttribute('class')?.includes('failed')) as Element;
  t.equal(failed.getAttribute('data-line'), '22');
  const window = byClass(failed, 'g', 'window')[0];
  const m = /^M([\d.]+) ([\d.]+)h-?[\d.]+V([\d.]+)/.exec(window?.getElementsByTagName('path')[0]?.getAttribute('d') ?? '');
  t.ok(m, 'a bracket');
  t.ok(Number(m?.[2]) < Number(m?.[3]), 'spanning a stretch of time');
  t.ok(Number(m?.[3]) < shaft(failed).y0, 'that ends before the packet came');
});

t.test('a packet that never came is a dashed red ghost; a stray one is dashed', async (t) => {
  const ghost = rows(renderLadderSvg(missingPacket())).find((g) => g.getAttribute('class')?.includes('missing')) as Element;
  t.match(ghost.getAttribute('class'), /failed/);
  t.match(label(ghost), /expected \. 2:2\(0\) ack 2: nothing came/);
  const stray = (strict: boolean): Element =>
    rows(renderLadderSvg(strayPacket(strict))).filter((g) => g.getAttribute('class')?.includes('packet')).at(-1) as Element;
  t.equal(stray(false).getAttribute('data-line'), null, 'no script line');
  t.match(stray(false).getElementsByTagName('path')[0]?.getAttribute('class'), 'arrow stray');
  t.notMatch(stray(false).getAttribute('class'), /failed/, 'only a warning without --strict');
  t.match(stray(true).getAttribute('class'), /failed/, 'the failure under --strict');
});

t.test('a long idle gap is cut with its length', async (t) => {
  const doc = parseXml(renderLadderSvg(longIdle()));
  t.same(byClass(doc, 'text', 'cut-label').map((e) => e.textContent), ['60.0 s later']);
  t.ok(Number(doc.documentElement?.getAttribute('height')) < 1200, 'the diagram stays short');
});

t.test('golden SVG of the simultaneous-close fixture', async (t) => {
  t.matchSnapshot(renderLadderSvg(simultaneousClose()), 'ladder svg');
});
