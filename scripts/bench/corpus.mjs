// The default -j against -j 1 on packetdrill's own corpus (issue 11 item 4),
// through ../shared/tools/corpus-agreement: wall time of each mode and every
// script whose verdict differs between modes or from packetdrill's.
// The corpus is never in this repository: TCPDRILL_CORPUS names its gtests/net
// folder (default .cache/packetdrill/gtests/net); CORPUS_AGREEMENT the tool.

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { epochMs, fmt, ratio, root, table } from './lib.mjs';

const corpus = resolve(root, process.env.TCPDRILL_CORPUS ?? join('.cache', 'packetdrill', 'gtests', 'net'));
const tool = resolve(root, process.env.CORPUS_AGREEMENT ?? join('..', 'shared', 'tools', 'corpus-agreement'));

/** Serial wall time of packetdrill's own run of the corpus on this machine (../shared/corpus, issue 11). */
const PACKETDRILL_SERIAL_S = 147;

function agreement(args) {
  const t0 = epochMs();
  const r = spawnSync(tool, [...args, corpus], { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });
  const wallS = (epochMs() - t0) / 1000;
  const out = `${r.stdout}${r.stderr}`;
  // One line per disagreement: "<script>   packetdrill pass, tcpdrill fail  <why>".
  const differing = new Map();
  for (const line of out.split('\n')) {
    const m = /^(\S+\.pkt)\s+packetdrill (pass|fail), tcpdrill (\S+)\s*(.*)$/.exec(line);
    if (m) differing.set(m[1], { want: m[2], got: m[3], why: m[4] });
  }
  const counts = /agreement: .*/.exec(out)?.[0] ?? `no agreement line (exit ${r.status}): ${out.trim().split('\n').slice(-2).join(' ')}`;
  return { wallS, differing, counts };
}

/** tcpdrill's verdict for every script that disagreed, keyed by script; agreeing ones are packetdrill's. */
function verdictOf(run, file, want) {
  return run.differing.get(file)?.got ?? want;
}

export function corpusModes({ repeats, serial }) {
  console.log('### The default -j against -j 1 on packetdrill\'s corpus (issue 11 item 4)\n');
  if (!existsSync(join(corpus, 'tcp')) || !existsSync(tool)) {
    console.log(`skipped: no corpus at ${corpus} or no ${tool} (set TCPDRILL_CORPUS / CORPUS_AGREEMENT; see ../shared/corpus/README.md)\n`);
    return;
  }
  const modes = [];
  if (serial) modes.push({ name: 'one `tcpdrill run` per script, serially (corpus-agreement)', args: [] });
  modes.push({ name: 'one suite, -j 1 (corpus-agreement --suite --jobs 1)', args: ['--suite', '--jobs', '1'], serialSuite: true });
  for (let i = 1; i <= repeats; i++) modes.push({ name: `one suite, default -j, run ${i} (corpus-agreement --suite)`, args: ['--suite'] });
  const results = modes.map((m) => {
    process.stderr.write(`corpus: ${m.name}...\n`);
    return { ...m, ...agreement(m.args) };
  });
  table(
    ['mode', 'wall (s)', 'agreement with packetdrill', 'disagreeing scripts'],
    results.map((r) => [r.name, fmt(r.wallS, 1), r.counts, String(r.differing.size)]),
  );
  // Verdicts that change with -j: any script on which the modes' verdicts are not all the same.
  const all = new Set(results.flatMap((r) => [...r.differing.keys()]));
  const changing = [];
  for (const file of all) {
    const want = results.find((r) => r.differing.has(file)).differing.get(file).want;
    const verdicts = results.map((r) => verdictOf(r, file, want));
    if (new Set(verdicts).size > 1) changing.push([file, ...verdicts.map((v, k) => `${v}${results[k].differing.get(file)?.why ? `: ${results[k].differing.get(file).why.slice(0, 80)}` : ''}`)]);
  }
  console.log(`Scripts whose tcpdrill verdict differs between the modes above: ${changing.length}\n`);
  if (changing.length > 0) table(['script', ...results.map((_, k) => `mode ${k + 1}`)], changing);
  const base = results.find((r) => r.serialSuite);
  const parallel = results.filter((r) => r.args.length === 1);
  const pWall = parallel.reduce((a, r) => a + r.wallS, 0) / parallel.length;
  console.log(
    `Default -j suite wall (mean ${fmt(pWall, 1)} s) against -j 1 suite: ${ratio(base.wallS, pWall)}x faster; ` +
      `against packetdrill's serial run (${PACKETDRILL_SERIAL_S} s on the quiet machine): ${ratio(pWall, PACKETDRILL_SERIAL_S)} (target ≤ 0.33).\n`,
  );
}
