// What a run records for the ladder diagram: the script text, the connection's
// ends, the state after each event with room to ask (and never otherwise), and
// the state after the timeline. A real run in its own namespace.
import t from 'tap';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runJson } from '../../../helpers/cli.js';

const script = `0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
+0 setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0
+0 bind(3, ..., ...) = 0
+0 listen(3, 1) = 0
+.03 < S 0:0(0) win 65535 <mss 1460>
+0 > S. 0:0(0) ack 1 <mss 1460>
+.03 < . 1:1(0) ack 1 win 514
+0 accept(3, ..., ...) = 4
+0 state TCP_ESTABLISHED
+0 close(4) = 0
+0 > F. 1:1(0) ack 1
`;

interface Observed {
  verdict: string;
  failure?: unknown;
  scriptText?: string;
  endpoints?: { local: string; remote: string };
  finalState?: { state: string; atUsecs: number };
  events: { line: number; observedState?: string }[];
}

t.test('states, ends and text land in the JSON report', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tcpdrill-observe-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'observe.pkt');
  writeFileSync(file, script);
  const report = runJson([file]);
  const r = report.results[0] as unknown as Observed;
  t.equal(r.verdict, 'pass', JSON.stringify(r.failure));
  t.equal(r.scriptText, script);
  t.same(r.endpoints, { local: '192.168.0.1:8080', remote: '192.0.2.1:40000' });
  const seen = Object.fromEntries(r.events.map((e) => [e.line, e.observedState]));
  t.equal(seen[4], 'TCP_LISTEN', 'listen(), 30 ms before the SYN');
  t.equal(seen[6], 'TCP_SYN_RECV', 'the SYN-ACK, 30 ms before the ACK');
  t.equal(seen[9], 'TCP_ESTABLISHED', 'a state line');
  for (const line of [1, 2, 3, 5, 7, 8, 10]) t.equal(seen[line], undefined, `line ${line}: the next event is due at once, so no query`);
  t.equal(r.finalState?.state, 'TCP_FIN_WAIT1', 'after the timeline: our FIN is unanswered');
});
