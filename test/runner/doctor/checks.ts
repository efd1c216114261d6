// The doctor's judgement, from facts to findings, with no machine involved.
import t from 'tap';
import { canRun, evaluate } from '../../../src/runner/doctor/evaluate.js';
import type { Check, Facts, HostFacts, NamespaceFacts } from '../../../src/runner/doctor/facts.js';
import { renderDoctorJson, renderDoctorText } from '../../../src/runner/doctor/render.js';

const HOST: HostFacts = {
  uid: 0,
  tun: 'ok',
  userNamespaces: undefined,
  tools: { unshare: '/usr/bin/unshare', ip: '/usr/sbin/ip', tc: '/usr/sbin/tc', python3: '/usr/bin/python3', tshark: '/usr/bin/tshark' },
  kernelRelease: '6.18.0',
  hz: { hz: 250, source: 'config' },
  defaultQdisc: 'pfifo_fast',
  cpus: 4,
  loadAverage: 0.2,
  busyCpus: 0.1,
};
const NS: NamespaceFacts = {
  allowedCongestionControl: ['reno', 'cubic', 'bbr'],
  availableCongestionControl: ['reno', 'cubic', 'bbr'],
  defaultCongestionControl: 'cubic',
  accEcn: { ok: true },
  md5: { ok: true },
  ao: { ok: true },
};
const healthy: Facts = { host: HOST, namespace: NS };

const find = (checks: readonly Check[], id: string): Check => {
  const c = checks.find((x) => x.id === id);
  if (c === undefined) throw new Error(`no check ${id}`);
  return c;
};
const withHost = (h: Partial<HostFacts>): Check[] => evaluate({ host: { ...HOST, ...h }, namespace: NS });
const withNs = (n: Partial<NamespaceFacts>): Check[] => evaluate({ host: HOST, namespace: { ...NS, ...n } });

t.test('a healthy machine: every check ok, runs can work', async (t) => {
  const checks = evaluate(healthy);
  t.same(checks.filter((c) => c.status !== 'ok'), []);
  t.ok(canRun(checks));
  t.same(
    checks.map((c) => c.id),
    ['privileges', 'tun', 'tool-unshare', 'tool-ip', 'tool-tc', 'tool-python3', 'tool-tshark', 'kernel', 'hz', 'qdisc', 'congestion-control', 'accecn', 'tcp-md5', 'tcp-ao', 'cpus'],
  );
});

t.test('privileges and /dev/net/tun', async (t) => {
  const rootless = withHost({ uid: 1000, userNamespaces: { ok: true } });
  t.match(find(rootless, 'privileges'), { status: 'ok', detail: /user namespace mapped to root/ });
  const noUserns = withHost({ uid: 1000, userNamespaces: { ok: false, why: 'unshare: write failed /proc/self/uid_map: Operation not permitted' } });
  t.match(find(noUserns, 'privileges'), { status: 'fail', detail: /uid_map/, hint: /sudo|unprivileged_userns_clone/ });
  t.notOk(canRun(noUserns));
  t.match(find(withHost({ tun: 'missing' }), 'tun'), { status: 'fail', hint: /modprobe tun/ });
  t.match(find(withHost({ uid: 1000, userNamespaces: { ok: true }, tun: 'denied' }), 'tun'), { status: 'fail', detail: /uid 1000/, hint: /chmod 0666 \/dev\/net\/tun/ });
});

t.test('tools: unshare, ip and tc are needed; python3 and tshark are optional', async (t) => {
  const none = withHost({ tools: { unshare: undefined, ip: undefined, tc: undefined, python3: undefined, tshark: undefined } });
  t.same(
    none.filter((c) => c.id.startsWith('tool-')).map((c) => [c.id, c.status]),
    [['tool-unshare', 'fail'], ['tool-ip', 'fail'], ['tool-tc', 'fail'], ['tool-python3', 'warn'], ['tool-tshark', 'warn']],
  );
  t.match(find(none, 'tool-ip'), { hint: /apt-get install iproute2/ });
  t.match(find(none, 'tool-tshark'), { hint: /apt-get install tshark/, detail: /pcap/ });
  t.ok(canRun(withHost({ tools: { ...HOST.tools, python3: undefined, tshark: undefined } })), 'warnings do not stop runs');
});

t.test('HZ: what the tick means for timer-driven answers', async (t) => {
  t.match(find(withHost({}), 'hz'), { status: 'ok', detail: /HZ=250 \(\/proc\/config\.gz\).*every 4 ms.*delayed ACKs.*covers a tick/ });
  t.match(find(withHost({ hz: { hz: 1000, source: 'clock' } }), 'hz'), { status: 'ok', detail: /measured from CLOCK_MONOTONIC_COARSE.*every 1 ms/ });
  t.match(find(withHost({ hz: { hz: 100, source: 'config' } }), 'hz'), { status: 'warn', detail: /every 10 ms/, hint: /--tolerance_usecs=14000/ });
  t.match(find(withHost({ hz: undefined }), 'hz'), { status: 'warn', hint: /--tolerance_usecs/ });
});

t.test('default qdisc', async (t) => {
  t.match(find(withHost({ defaultQdisc: 'fq_codel' }), 'qdisc'), { status: 'warn', detail: /tun0 starts with fq_codel/, hint: /pfifo_fast/ });
  t.match(find(withHost({ defaultQdisc: undefined }), 'qdisc'), { status: 'warn' });
});

t.test('congestion control: a namespace limited to reno and bbr cannot set cubic', async (t) => {
  const here = withNs({ allowedCongestionControl: ['reno', 'bbr'], defaultCongestionControl: 'bbr' });
  t.match(find(here, 'congestion-control'), {
    status: 'warn',
    detail: /may use: reno bbr \(default bbr\).*set cubic.*EPERM/,
    hint: /tcp_allowed_congestion_control="reno bbr cubic"/,
  });
  const unloaded = withNs({ allowedCongestionControl: ['reno'], availableCongestionControl: ['reno'], defaultCongestionControl: 'reno' });
  t.match(find(unloaded, 'congestion-control'), { hint: /modprobe tcp_cubic/ });
});

t.test('AccECN, TCP-MD5, TCP-AO', async (t) => {
  const missing = withNs({ accEcn: { ok: false, why: 'EINVAL' }, md5: { ok: false, why: 'ENOPROTOOPT' }, ao: { ok: false, why: 'ENOPROTOOPT' } });
  t.match(find(missing, 'accecn'), { status: 'warn', detail: /tcp_ecn=3.*EINVAL/ });
  t.match(find(missing, 'tcp-md5'), { status: 'warn', hint: /CONFIG_TCP_MD5SIG/ });
  t.match(find(missing, 'tcp-ao'), { status: 'warn', detail: /ENOPROTOOPT/, hint: /CONFIG_TCP_AO/ });
  t.ok(canRun(missing), 'missing features only warn');
});

t.test('no namespace: runs cannot work', async (t) => {
  const checks = evaluate({ host: HOST, namespace: { error: 'unshare: unshare failed: Operation not permitted' } });
  t.match(find(checks, 'namespace'), { status: 'fail', detail: /Operation not permitted/, hint: /root|privileged/ });
  t.notOk(canRun(checks));
  t.notOk(checks.some((c) => c.id === 'congestion-control'));
});

t.test('CPUs: competition from other processes', async (t) => {
  t.match(find(withHost({ cpus: 2, busyCpus: 1.5, loadAverage: 3 }), 'cpus'), { status: 'warn', detail: /2 CPUs; other processes kept 1\.5 of them busy, load average 3\.00/, hint: /-j 1.*--tolerance_usecs=14000/ });
  t.match(find(withHost({ cpus: 2, busyCpus: 0.1, loadAverage: 2.5 }), 'cpus'), { status: 'warn' }, 'a load average above the CPU count');
  t.match(find(withHost({ cpus: 1, busyCpus: 0, loadAverage: 0 }), 'cpus'), { status: 'warn', detail: /1 CPU;.*kernel's own work/ });
});

t.test('rendering: a line per check, a fix line under each that is not ok, and the verdict', async (t) => {
  const checks = evaluate({ host: { ...HOST, tools: { ...HOST.tools, ip: undefined } }, namespace: { ...NS, ao: { ok: false, why: 'ENOPROTOOPT' } } });
  const text = renderDoctorText(checks);
  t.match(text, /^ {2}ok {4}privileges +running as root/m);
  t.match(text, /^ {2}FAIL  ip +not found.*\n +fix: install iproute2/m);
  t.match(text, /^ {2}warn  TCP-AO .*\n +fix: use a kernel built with CONFIG_TCP_AO=y/m);
  t.match(text, /\n\nRuns cannot work here: fix the 1 failure above\.$/);
  t.match(renderDoctorText(evaluate(healthy)), /\n\nRuns can work here\.$/);
  const doc = JSON.parse(renderDoctorJson(checks)) as { tool: string; version: number; ok: boolean; checks: Check[] };
  t.match(doc, { tool: 'tcpdrill', version: 1, ok: false });
  t.equal(doc.checks.length, checks.length);
  t.same(doc.checks[0], { id: 'privileges', title: 'privileges', status: 'ok', detail: 'running as root: each run gets its own network namespace', hint: null });
});
