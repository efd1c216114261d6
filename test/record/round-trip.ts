// The round trip: every fixture is run with --pcap in all three families, each capture
// is recorded back into a script (with --states), and that script must pass against
// the kernel under --strict. The same captures wrapped in Ethernet, Linux cooked (v1
// and v2) headers and rewritten as pcapng must record to the same script.
import t, { type Test } from 'tap';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { flowTable } from '../../src/record/flows.js';
import { readPcap } from '../../src/record/pcap-reader.js';
import { captureSegments } from '../../src/record/read-capture.js';
import { localSide, recordScript, selectFlow } from '../../src/record/record.js';
import { root, runJson, type ScriptResult } from '../helpers/cli.js';
import { LINK_TYPES, pcapFile, pcapngFile, type TestRecord, wrap } from '../helpers/capture-files.js';

const TOPICS = readdirSync(join(root, 'fixtures'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && d.name !== 'must-fail')
  .map((d) => d.name);
type Version = 'ipv4' | 'ipv6' | 'ipv4-mapped-ipv6';
const LOCAL_ADDRESS: Record<Version, string> = { ipv4: '192.168.0.1', ipv6: 'fd3d:a0b:17d6::1', 'ipv4-mapped-ipv6': '192.168.0.1' };
/** tcpdrill's first passive connection comes from this port; the synqueue floods from others. */
const REMOTE_PORT = ':40000';

/** Scenarios with no TCP connection to record: `record` says so and stops. */
const CANNOT_RECORD: Record<string, string> = {
  'udp-connected-socket-exchanges-datagrams': 'record scripts TCP connections; a UDP exchange has none',
};

/**
 * Scenarios whose capture cannot carry what made the kernel act as it did. Each must
 * still fail: if one starts passing, it no longer belongs here.
 */
const CANNOT_PASS: Record<string, string> = {
  'syn-ack-retransmitted-with-backoff':
    'needs net.ipv4.tcp_synack_retries=2, a sysctl no packet shows: with the default (5) the kernel sends a fourth SYN-ACK at +4 s and the late ACK completes the handshake instead of drawing a RST',
  'fin-wait2-times-out':
    'needs net.ipv4.tcp_fin_timeout=2: with the default (60 s) the orphaned socket is still in FIN_WAIT2 when the late FIN comes, so it is ACKed, not reset',
  'syn-cookies-always-keep-no-state':
    'needs net.ipv4.tcp_syncookies=2: with the default (1) and an empty SYN queue the kernel answers with a full SYN-ACK (wscale, SACK), not an MSS-only cookie',
  'full-syn-queue-answers-with-syn-cookies':
    'the cookie SYN-ACK came because two other connections filled the SYN queue; the script replays one connection, so the queue is empty and the SYN-ACK carries all options',
  'full-syn-queue-drops-new-syns':
    'the SYNs were dropped because two other connections filled the SYN queue (with tcp_syncookies=0); replaying one connection, the first SYN is answered at once',
};

function pktFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? pktFiles(p) : n.endsWith('.pkt') ? [p] : [];
  });
}

/** The script `tcpdrill record --states --local <address> [--flow ...]` writes for these bytes. */
function record(bytes: Uint8Array, name: string, version: Version): { ok: true; script: string } | { ok: false; message: string } {
  const capture = captureSegments(bytes);
  if (!capture.ok) return capture;
  const flows = flowTable(capture.segments, capture.icmp);
  const spec = flows.length > 1 ? flows.find((f) => `${f.client.port}` === REMOTE_PORT.slice(1))?.index.toString() : undefined;
  const flow = selectFlow(flows, spec);
  if (!flow.ok) throw new Error(`${name}: ${flow.message}`);
  const local = localSide(flow.flow, LOCAL_ADDRESS[version]);
  if (!local.ok) throw new Error(`${name}: ${local.message}`);
  return { ok: true, script: recordScript({ captureName: name, capture, flow: flow.flow, local: local.local, states: true }) };
}

function recorded(bytes: Uint8Array, name: string, version: Version): string {
  const r = record(bytes, name, version);
  if (!r.ok) throw new Error(`${name}: ${r.message}`);
  return r.script;
}

/** The script without its first line, which names the capture file. */
const body = (script: string): string => script.slice(script.indexOf('\n') + 1);
/** The body without event times and trailing comments. */
const untimed = (script: string): string =>
  body(script).split('\n').map((l) => l.replace(/^[\d.~+]+\s+/, '').replace(/\s+\/\/ [\d.]+( #.*)?$/, '')).join('\n');

const work = mkdtempSync(join(tmpdir(), 'tcpdrill-round-trip-'));
t.teardown(() => rmSync(work, { recursive: true, force: true }));
const pcaps = join(work, 'pcaps');
const fixtures = TOPICS.flatMap((topic) => pktFiles(join(root, 'fixtures', topic))).sort();
/** A fixture that failed under load is run again alone (-j 1) up to this many times. */
const ORIGINAL_RETRIES = 3;

/**
 * The fixture suite with --pcap. A run that failed (test/fixtures.ts judges the
 * fixtures themselves) left a capture that does not show its scenario, so it is run
 * again alone, as test/fixtures.ts does; its capture is overwritten.
 */
function originalRuns(t: Test): ScriptResult[] {
  let results = runJson(['--ip-version', 'all', '-j', '2', '--pcap', pcaps, ...fixtures]).results;
  for (let round = 0; round < ORIGINAL_RETRIES; round++) {
    const failed = results.filter((r) => r.verdict !== 'pass');
    if (failed.length === 0) break;
    for (const r of failed) t.comment(`fixture run again alone after ${basename(r.file)} (${r.ipVersion}): ${r.failure?.failure.message ?? r.verdict}`);
    // Only the failed family: its capture (same name) is overwritten, the others are kept.
    const again = [...new Set(failed.map((r) => r.ipVersion))].flatMap((v) =>
      runJson(['--ip-version', v, '-j', '1', '--pcap', pcaps, ...failed.filter((r) => r.ipVersion === v).map((r) => r.file)]).results,
    );
    const byRun = new Map(again.map((r) => [`${r.file}|${r.ipVersion}`, r]));
    results = results.map((r) => byRun.get(`${r.file}|${r.ipVersion}`) ?? r);
  }
  return results;
}
const original = originalRuns(t);

t.test('every fixture run passed and wrote a capture', async (t) => {
  t.ok(fixtures.length >= 24);
  t.equal(original.length, fixtures.length * 3);
  for (const r of original) if (r.verdict !== 'pass') t.fail(`${basename(r.file)} (${r.ipVersion}) itself failed, so its capture is no scenario`, { failure: r.failure });
  t.equal(readdirSync(pcaps).length, fixtures.length * 3);
  t.ok(TOPICS.includes('handshake') && TOPICS.length >= 6, `topics: ${TOPICS.join(', ')}`);
});

const raw = new Map<string, TestRecord[]>(); // key: fixture name.version
const scripts = new Map<string, string>();
const unrecorded = new Map<string, string>(); // key: fixture name.version → the error
for (const r of original as (ScriptResult & { pcapFile?: string })[]) {
  const key = `${basename(r.file, '.pkt')}.${r.ipVersion}`;
  if (r.pcapFile === undefined) throw new Error(`${key}: no capture written`);
  const bytes = readFileSync(r.pcapFile);
  const read = readPcap(bytes);
  if (!read.ok) throw new Error(`${key}: ${read.message}`);
  const result = record(bytes, basename(r.pcapFile), r.ipVersion as Version);
  if (!result.ok) {
    unrecorded.set(key, result.message);
    continue;
  }
  raw.set(key, read.records.map((x) => ({ timeNs: x.timeNs, data: x.data })));
  scripts.set(key, result.script);
}

t.test('every capture records to a script, or is named and says why not', async (t) => {
  for (const f of fixtures) {
    const name = basename(f, '.pkt');
    for (const v of ['ipv4', 'ipv6', 'ipv4-mapped-ipv6']) {
      const error = unrecorded.get(`${name}.${v}`);
      const why = CANNOT_RECORD[name];
      if (why === undefined) t.equal(error, undefined, `${name} (${v})`);
      else t.match(error, /^no TCP segments in \d+ frames/, `${name} (${v}) cannot be recorded: ${why}`);
    }
  }
});

t.test('other link layers and pcapng record to the same script', async (t) => {
  const variants: Record<string, { micro: boolean; make: (recs: readonly TestRecord[]) => Uint8Array }> = {
    'Ethernet pcap (µs)': { micro: true, make: (recs) => pcapFile(recs.map((r) => ({ ...r, data: wrap.ethernet(r.data) })), { linkType: LINK_TYPES.ethernet, nano: false, littleEndian: true }) },
    'Linux cooked pcap (ns, big-endian)': { micro: false, make: (recs) => pcapFile(recs.map((r) => ({ ...r, data: wrap.sll(r.data) })), { linkType: LINK_TYPES.sll, nano: true, littleEndian: false }) },
    'Linux cooked v2 pcapng (ns)': { micro: false, make: (recs) => pcapngFile(recs.map((r) => ({ ...r, data: wrap.sll2(r.data) })), { linkType: LINK_TYPES.sll2, tsresol: 9, littleEndian: true }) },
    'Ethernet pcapng (µs, big-endian)': { micro: true, make: (recs) => pcapngFile(recs.map((r) => ({ ...r, data: wrap.ethernet(r.data) })), { linkType: LINK_TYPES.ethernet, tsresol: 6, littleEndian: false }) },
  };
  for (const [key, script] of scripts) {
    const version = key.slice(key.indexOf('.') + 1) as Version;
    for (const [variant, { micro, make }] of Object.entries(variants)) {
      const got = recorded(make(raw.get(key)!), key, version);
      // Microsecond files lose the nanoseconds, and with them up to 1 µs of relative times.
      const same = micro ? untimed(got) === untimed(script) : body(got) === body(script);
      t.ok(same, `${key}: ${variant}`, same ? {} : { got, want: script });
    }
  }
});

/**
 * What two runs of one script can differ in besides times: the kernel's ephemeral port
 * (header only) and its random TS offset.
 */
const runFree = (script: string): string =>
  untimed(script).split('\n').filter((l) => !/^\/\/ (Connection|Local side)/.test(l)).join('\n').replace(/TS val \d+ ecr \d+/g, 'TS');

t.test('ipv4-mapped-ipv6 captures record to the ipv4 scripts, which replay in both modes', async (t) => {
  const failed = new Set(original.filter((r) => r.verdict !== 'pass').map((r) => basename(r.file, '.pkt')));
  for (const [key, script] of scripts) {
    // A fixture that itself failed is reported above; its captures differ by design.
    if (!key.endsWith('.ipv4-mapped-ipv6') || failed.has(key.slice(0, key.indexOf('.')))) continue;
    t.equal(runFree(script), runFree(scripts.get(key.replace(/-mapped-ipv6$/, ''))!), key);
  }
});

t.test('recorded scripts pass against the kernel', async (t) => {
  // One run for all families: *.v4.pkt runs in ipv4 and ipv4-mapped-ipv6, *.v6.pkt in ipv6 (§1.2).
  const files = fixtures.flatMap((f) => {
    const name = basename(f, '.pkt');
    if (name in CANNOT_RECORD) return [];
    return (['ipv4', 'ipv6'] as const).map((v) => {
      const file = join(work, `${name}.${v === 'ipv4' ? 'v4' : 'v6'}.pkt`);
      writeFileSync(file, scripts.get(`${name}.${v}`)!);
      return file;
    });
  });
  const nameOf = (r: ScriptResult): string => basename(r.file).replace(/\.v[46]\.pkt$/, '');
  const expected = (r: ScriptResult): boolean => (nameOf(r) in CANNOT_PASS ? r.verdict === 'fail' : r.verdict === 'pass');
  const run = (list: string[], jobs: number): ScriptResult[] => runJson(['--ip-version', 'all', '--strict', '-j', String(jobs), ...list]).results;
  let results = run(files, 2);
  t.equal(results.length, (fixtures.length - Object.keys(CANNOT_RECORD).length) * 3, 'every recorded fixture in three families');
  // As test/fixtures.ts does: on 2 shared cores tcpdrill itself can be late; a second
  // verdict alone (-j 1) tells a late tester from a wrong script. Both are printed.
  const bad = results.filter((r) => !expected(r));
  const retry = [...new Set(bad.map((r) => r.file))];
  if (retry.length > 0) {
    for (const r of bad) t.comment(`retrying alone after ${basename(r.file)} (${r.ipVersion}): ${r.verdict}${r.failure ? ` at line ${r.failure.line}: ${r.failure.failure.message}` : ''}`);
    const again = new Map(run(retry, 1).map((r) => [`${r.file}|${r.ipVersion}`, r]));
    results = results.map((r) => again.get(`${r.file}|${r.ipVersion}`) ?? r);
  }
  for (const r of results) {
    const why = CANNOT_PASS[nameOf(r)];
    const label = `${nameOf(r)} (${r.ipVersion})`;
    if (why === undefined) t.equal(r.verdict, 'pass', label, r.verdict === 'pass' ? {} : { failure: r.failure, script: readFileSync(r.file, 'utf8') });
    else t.equal(r.verdict, 'fail', `${label} cannot pass: ${why}`, r.verdict === 'fail' ? {} : { note: 'it passes now: remove it from CANNOT_PASS' });
  }
});
