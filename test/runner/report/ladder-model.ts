// From results to diagram items: which events become marks, which packets
// carry a failure, and how state samples become bands.
import t from 'tap';
import type { ScriptResult } from '../../../src/runner/results.js';
import { ladderModel } from '../../../src/runner/report/ladder-model.js';
import { simultaneousClose, stateFailure } from '../../helpers/report-fixtures.js';

t.test('every packet, and a mark per syscall and state line, in time order', async (t) => {
  const m = ladderModel(simultaneousClose());
  t.same(m.items.map((i) => i.kind).filter((k) => k === 'packet').length, 7);
  t.same(m.items.filter((i) => i.kind === 'mark').map((i) => i.line), [6, 7, 8, 9, 13, 14, 16, 18, 23, 27]);
  t.ok(m.items.every((i, n) => n === 0 || (m.items[n - 1]?.atUsecs ?? 0) <= i.atUsecs));
  t.same([m.local, m.remote], ['192.168.0.1:8080', '192.0.2.1:40000']);
});

t.test('bands: one per run of equal states, ending where the next begins', async (t) => {
  const r = simultaneousClose();
  const events = r.events.map((e) => (e.line === 9 ? { ...e, observedState: 'TCP_LISTEN' } : e.line === 13 ? { ...e, observedState: 'TCP_ESTABLISHED' } : e));
  const m = ladderModel({ ...r, events });
  t.same(m.bands.map((b) => [b.state, b.lines]), [
    ['TCP_LISTEN', [9]], ['TCP_ESTABLISHED', [13, 14]], ['TCP_FIN_WAIT1', [18]], ['TCP_CLOSING', [23]], ['TCP_TIME_WAIT', [27]],
  ]);
  t.ok(m.bands.every((b, i) => b.end === (m.bands[i + 1]?.start)), 'contiguous, the last open-ended');
  t.equal(m.items.filter((i) => i.kind === 'final').length, 0, 'a final state equal to the last seen adds no row');
});

t.test('a final state that differs gets its own row and band', async (t) => {
  const m = ladderModel({ ...simultaneousClose(), finalState: { state: 'TCP_CLOSE', atUsecs: 300_000 } });
  const last = m.items.at(-1);
  t.match(last, { kind: 'final', atUsecs: 300_000 });
  t.match(m.bands.at(-1), { state: 'TCP_CLOSE', start: m.items.length - 1, end: undefined, lines: [] });
});

t.test('without addresses or states the diagram still has its ends', async (t) => {
  const { endpoints: _e, finalState: _f, ...r } = simultaneousClose();
  const m = ladderModel({ ...r, events: r.events.map(({ observedState: _o, ...e }) => e) });
  t.same([m.local, m.remote, m.bands.length], ['kernel', 'peer', 0]);
});

t.test('a warning and a failure outside the timeline', async (t) => {
  const r = stateFailure();
  const warned: ScriptResult = {
    ...r,
    events: r.events.map((e) =>
      e.line === 22
        ? { ...e, verdict: 'warn', failure: { kind: 'packet', message: 'outbound packet differs from the script', diffs: [], scriptPacket: 's', livePacket: 'l' } }
        : e,
    ),
  };
  const m = ladderModel(warned);
  t.match(m.items.find((i) => i.kind === 'packet' && i.line === 22), { status: 'warn', note: { lines: ['line 22: outbound packet differs from the script', 'script: s', 'actual: l'] } });
  const outside: ScriptResult = {
    ...r,
    events: [...r.events, { line: 0, kind: 'code', source: '', scheduledUsecs: undefined, actualUsecs: undefined, testerLateUsecs: undefined, verdict: 'fail', failure: { kind: 'code', message: 'error executing code: boom' } }],
  };
  const last = ladderModel(outside).items.filter((i) => i.kind === 'mark').at(-1);
  t.match(last, { kind: 'mark', line: undefined, status: 'failed', text: '(outside the timeline)', note: { lines: ['error executing code: boom'] } });
});
