// The warm-up before time zero rehearses the script's own packet lines (warm-up.ts):
// every line that builds goes through, and no script, broken or not, makes it throw,
// since it runs inside every run.
import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PacketAction } from '../../../src/grammar/ast.js';
import { parseScript } from '../../../src/grammar/index.js';
import { warmUp } from '../../../src/runner/run/warm-up.js';
import { grammarCorpus } from '../../helpers/grammar-corpus.js';
import { root } from '../../helpers/cli.js';

function packets(text: string): PacketAction[] {
  const events = parseScript(text, 'w.pkt').script?.events ?? [];
  return events.flatMap((e) => (e.action.kind === 'packet' ? [e.action] : []));
}

t.test("a handshake's packet lines are all rehearsed, inbound and outbound", async (t) => {
  const lines = packets(readFileSync(join(root, 'fixtures', 'handshake', 'passive-open.pkt'), 'utf8'));
  t.ok(lines.some((l) => l.direction === 'inbound') && lines.some((l) => l.direction === 'outbound'));
  t.equal(warmUp(4, lines), lines.length, 'IPv4');
  t.equal(warmUp(6, lines), lines.length, 'IPv6');
  t.equal(warmUp(4, lines, { tsEcrScaled: true, gsoSize: 1000 }), lines.length, 'with --tcp_ts_ecr_scaled and --mss');
});

t.test('no script of the grammar corpus makes the rehearsal throw', async (t) => {
  let rehearsed = 0;
  for (const text of grammarCorpus(5)) {
    const lines = packets(text);
    for (const v of [4, 6] as const) rehearsed += warmUp(v, lines);
  }
  t.ok(rehearsed > 100, `${rehearsed} lines rehearsed`);
});

t.test('the generic SYN runs once per process and IP version, however often it is asked for', async (t) => {
  const build = await import('../../../src/runner/script/build.js');
  let builds = 0;
  const counted = (await t.mockImport('../../../src/runner/run/warm-up.js', {
    '../../../src/runner/script/build.js': {
      ...build,
      buildInbound: (...args: Parameters<typeof build.buildInbound>) => {
        builds++;
        return build.buildInbound(...args);
      },
    },
  })) as typeof import('../../../src/runner/run/warm-up.js');
  const buildsOf = (f: () => unknown): number => {
    const before = builds;
    f();
    return builds - before;
  };
  const first = buildsOf(() => counted.warmUpPaths(4));
  t.ok(first > 0, `a child waiting for its job warms IPv4 (${first} builds)`);
  t.equal(buildsOf(() => counted.warmUpPaths(4)), 0, 'not again');
  t.equal(buildsOf(() => counted.warmUp(4, [])), 0, "nor when an IPv4 run's warm-up comes");
  t.equal(buildsOf(() => counted.warmUp(6, [])), first, 'an IPv6 run warms its own');
});
