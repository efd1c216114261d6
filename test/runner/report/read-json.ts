// A saved JSON report reads back into the same results; anything else is
// refused with the place it went wrong.
import t from 'tap';
import { renderJson } from '../../../src/runner/report/json.js';
import { readJsonReport } from '../../../src/runner/report/read-json.js';
import { missingPacket, simultaneousClose, stateFailure, strayPacket, timingFailure } from '../../helpers/report-fixtures.js';

t.test('what renderJson writes, readJsonReport reads back', async (t) => {
  const results = [simultaneousClose(), stateFailure(), timingFailure(), missingPacket(), strayPacket(true)];
  const back = readJsonReport(renderJson(results, 1234));
  if (!back.ok) throw new Error(back.message);
  t.equal(back.wallMs, 1234);
  // JSON drops undefined fields; compare what survives a round trip.
  t.same(back.results, JSON.parse(JSON.stringify(results)));
});

t.test("a failing command's or code block's stderr lines read back", async (t) => {
  const base = stateFailure();
  const results = (['command', 'code'] as const).map((kind) => ({
    ...base,
    failure: { line: 3, failure: { kind, message: 'error executing command: non-zero status 2', detail: ['its stderr ended with:', '  RTNETLINK answers: File exists'] } },
  }));
  const back = readJsonReport(renderJson(results, 1));
  if (!back.ok) throw new Error(back.message);
  t.same(back.results, JSON.parse(JSON.stringify(results)));
  const bad = JSON.parse(renderJson(results, 1)) as { results: { failure: { failure: { detail: unknown } } }[] };
  (bad.results[0] as { failure: { failure: { detail: unknown } } }).failure.failure.detail = [1];
  const r = readJsonReport(JSON.stringify(bad));
  t.match(r.ok ? '' : r.message, /failure\.failure\.detail\[0\]: expected a string/);
});

t.test('reports written before the ladder fields still read', async (t) => {
  const { scriptText: _s, endpoints: _e, finalState: _f, ...old } = simultaneousClose();
  const back = readJsonReport(renderJson([{ ...old, events: old.events.map(({ observedState: _o, ...e }) => e) }], 1));
  t.ok(back.ok);
  t.equal(back.ok && back.results[0]?.scriptText, undefined);
});

t.test('malformed reports say where', async (t) => {
  const good = JSON.parse(renderJson([stateFailure()], 1)) as { results: Record<string, unknown>[] };
  const cases: [string, unknown, RegExp][] = [
    ['not JSON', '{', /^not JSON/],
    ['another tool', { tool: 'x' }, /not a tcpdrill JSON report/],
    ['another version', { ...good, version: 2 }, /report version 2; this tcpdrill reads version 1/],
    ['results not a list', { ...good, results: {} }, /^results: expected an array/],
    ['a bad verdict', { ...good, results: [{ ...good.results[0], verdict: 'maybe' }] }, /^results\[0\]\.verdict: expected one of pass, fail, error/],
    ['a bad event', { ...good, results: [{ ...good.results[0], events: [{ line: 'x' }] }] }, /^results\[0\]\.events\[0\]\.line: expected a number/],
    ['a bad failure', { ...good, results: [{ ...good.results[0], failure: { line: 1, failure: { kind: 'state', message: 'm' } } }] }, /failure\.failure\.expected: expected a string/],
  ];
  for (const [name, doc, message] of cases) {
    const r = readJsonReport(typeof doc === 'string' ? doc : JSON.stringify(doc));
    t.notOk(r.ok, name);
    t.match(r.ok ? '' : r.message, message, name);
  }
});
