// The default -j against -j 1 on packetdrill's own corpus (issue 11 item 4):
// wall time of each mode, agreement with packetdrill's verdicts, and every
// script whose tcpdrill verdict changes with the mode.
//   serial: ../shared/tools/corpus-agreement (one `tcpdrill run` per script);
//   suites: one `tcpdrill run` of the whole list, as `corpus-agreement --suite`
//     runs it (same arguments, read from the tool), at -j 1 and the default -j.
// The suites are run here rather than through `corpus-agreement --suite`
// because that tool pairs lines of its own output with the script list, which
// holds only while every failure message is one line (tcpdrill made them so in
// 5e239e9; before, a script that did not parse shifted every later verdict).
// Reading the JSON report does not depend on it.
// The corpus is never in this repository: TCPDRILL_CORPUS names its gtests/net
// folder (default .cache/packetdrill/gtests/net); CORPUS_AGREEMENT the tool.

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { bin, distRow, epochMs, fmt, ratio, root, table, work } from './lib.mjs';

const corpus = resolve(root, process.env.TCPDRILL_CORPUS ?? join('.cache', 'packetdrill', 'gtests', 'net'));
const tool = resolve(root, process.env.CORPUS_AGREEMENT ?? join('..', 'shared', 'tools', 'corpus-agreement'));
const verdictsFile = join(dirname(tool), '..', 'corpus', 'gtests-packetdrill-verdicts.tsv');

/** Serial wall time of packetdrill's own run of the corpus on this machine (issue 11, quiet machine). */
const PACKETDRILL_SERIAL_S = 147;

/** packetdrill's verdict per script (IPv4), from the shared table. */
function wanted() {
  const rows = readFileSync(verdictsFile, 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t'));
  return new Map(rows.map(([file, , verdict]) => [file, verdict]));
}

/** The arguments corpus-agreement passes (its V4="..." line), so both paths run the corpus alike. */
function toolArgs() {
  const m = /^V4="([^"]*)"/m.exec(readFileSync(tool, 'utf8'));
  if (!m) throw new Error(`no V4="..." line in ${tool}`);
  return m[1].split(/\s+/);
}

const firstLine = (s) => (s ?? '').split('\n')[0].slice(0, 100);

/** One run of corpus-agreement without --suite: tcpdrill's verdict for the scripts it lists as disagreeing. */
function serialRun(want) {
  const t0 = epochMs();
  const r = spawnSync(tool, [corpus], { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });
  const wallS = (epochMs() - t0) / 1000;
  const got = new Map([...want].map(([f, v]) => [f, { verdict: v, why: '' }]));
  for (const line of `${r.stdout}${r.stderr}`.split('\n')) {
    // "<script>   packetdrill pass, tcpdrill fail  <why>"
    const m = /^(\S+\.pkt)\s+packetdrill (pass|fail), tcpdrill (\S+)\s*(.*)$/.exec(line);
    if (m) got.set(m[1], { verdict: m[3], why: firstLine(m[4]) });
  }
  return { wallS, got };
}

/** One `tcpdrill run` of the whole list from the corpus folder, as `corpus-agreement --suite`. */
function suiteRun(want, jobs) {
  const out = join(work(), 'corpus.json');
  const args = ['run', ...toolArgs(), ...(jobs === undefined ? [] : ['-j', String(jobs)]), '--reporter', 'json', '-o', out, ...want.keys()];
  const t0 = epochMs();
  const r = spawnSync(bin, args, { cwd: corpus, encoding: 'utf8', maxBuffer: 64 << 20 });
  const wallS = (epochMs() - t0) / 1000;
  if (!existsSync(out)) throw new Error(`the corpus suite gave no report (exit ${r.status}): ${r.stderr.slice(-500)}`);
  const results = JSON.parse(readFileSync(out, 'utf8')).results;
  const byFile = new Map(results.map((x) => [x.file, x]));
  // How late tcpdrill fired each event, per kind, over the scripts packetdrill passes.
  const late = {};
  for (const x of results) {
    if (want.get(x.file) !== 'pass') continue;
    for (const e of x.events) if (e.testerLateUsecs !== undefined) (late[e.kind] ??= []).push(e.testerLateUsecs);
  }
  const got = new Map();
  for (const f of want.keys()) {
    const x = byFile.get(f);
    got.set(f, x ? { verdict: x.verdict === 'pass' ? 'pass' : 'fail', why: x.failure ? `line ${x.failure.line}: ${firstLine(x.failure.failure.message)}` : '' } : { verdict: 'missing', why: '' });
  }
  return { wallS, got, late };
}

function agreementLine(want, got) {
  const n = { pass: 0, fail: 0 };
  const a = { pass: 0, fail: 0 };
  for (const [f, v] of want) {
    n[v]++;
    if (got.get(f)?.verdict === v) a[v]++;
  }
  return `packetdrill passes ${a.pass}/${n.pass}, packetdrill fails ${a.fail}/${n.fail}`;
}

export function corpusModes({ repeats, serial }) {
  console.log("### The default -j against -j 1 on packetdrill's corpus (issue 11 item 4)\n");
  if (!existsSync(join(corpus, 'tcp')) || !existsSync(tool) || !existsSync(verdictsFile)) {
    console.log(`skipped: no corpus at ${corpus}, or no ${tool} and its verdict table (set TCPDRILL_CORPUS / CORPUS_AGREEMENT; see ../shared/corpus/README.md)\n`);
    return;
  }
  const want = wanted();
  const modes = [];
  if (serial) modes.push({ name: 'one `tcpdrill run` per script, serially (corpus-agreement)', run: () => serialRun(want) });
  modes.push({ name: 'one suite, -j 1', run: () => suiteRun(want, 1), serialSuite: true });
  for (let i = 1; i <= repeats; i++) modes.push({ name: `one suite, default -j, run ${i}`, run: () => suiteRun(want, undefined), parallel: true });
  const results = modes.map((m) => {
    process.stderr.write(`corpus: ${m.name}...\n`);
    return { ...m, ...m.run() };
  });
  table(
    ['mode', 'wall (s)', 'agreement with packetdrill'],
    results.map((r, k) => [`${k + 1}. ${r.name}`, fmt(r.wallS, 1), agreementLine(want, r.got)]),
  );
  const changing = [];
  for (const f of want.keys()) {
    const got = results.map((r) => r.got.get(f));
    if (new Set(got.map((g) => g.verdict)).size > 1) changing.push([f, ...got.map((g) => (g.verdict === 'pass' ? 'pass' : `${g.verdict}${g.why ? `: ${g.why}` : ''}`))]);
  }
  console.log(`Scripts whose tcpdrill verdict differs between the modes above: ${changing.length}\n`);
  console.log("tcpdrill's own lateness in firing each event (testerLateUsecs, µs), per suite, over the scripts packetdrill passes:\n");
  table(
    ['mode: event kind', 'n', 'p50', 'p99', 'max'],
    results.flatMap((r, k) => Object.entries(r.late ?? {}).sort().map(([kind, v]) => distRow(`${k + 1}: ${kind}`, v, 0))),
  );
  if (changing.length > 0) table(['script', ...results.map((_, k) => `mode ${k + 1}`)], changing);
  const base = results.find((r) => r.serialSuite);
  const parallel = results.filter((r) => r.parallel);
  const pWall = parallel.reduce((a, r) => a + r.wallS, 0) / parallel.length;
  console.log(
    `Default -j suite wall (mean ${fmt(pWall, 1)} s) against the -j 1 suite: ${ratio(base.wallS, pWall)}x faster; ` +
      `against packetdrill's serial run (${PACKETDRILL_SERIAL_S} s on the quiet machine): ${ratio(pWall, PACKETDRILL_SERIAL_S)} (target ≤ 0.33).\n`,
  );
}
