// Code blocks (§8.2): real TCP_INFO snapshots over loopback and the Python runner.
import t from 'tap';
import { tmpdir } from 'node:os';
import { readdirSync } from 'node:fs';
import { Libc } from '../../../src/runner/kernel/libc.js';
import { type CodeBlock, pythonProgram, runCodeBlocks, snapshotForCode } from '../../../src/runner/kernel/code.js';
import { closeAll, runSyscall } from '../../../src/runner/kernel/syscalls/index.js';
import { call, ell, int, sym } from './syscalls/fixtures/ast.js';
import { loopbackConfig, testEnv, testPort } from './syscalls/fixtures/env.js';

const libc = Libc.load();
const env = testEnv(libc, loopbackConfig(testPort(3)));
t.teardown(() => closeAll(env));

const snapshot = (vars: [string, bigint][]): CodeBlock['snapshot'] => ({ kind: 'snapshot', vars });

t.test('snapshot of a listening TCP socket; a UDP socket has no TCP_INFO', async (t) => {
  runSyscall(call('socket', [ell, sym('SOCK_STREAM'), sym('IPPROTO_TCP')], 3), env);
  runSyscall(call('bind', [int(3), ell, ell], 0), env);
  runSyscall(call('listen', [int(3), int(1)], 0), env);
  const s = snapshotForCode(libc, env.fds.live(3));
  t.equal(s.kind, 'snapshot');
  if (s.kind !== 'snapshot') return;
  const vars = new Map(s.vars);
  t.equal(vars.get('tcpi_state'), 10n, 'TCP_LISTEN');
  t.ok(vars.has('tcpi_options2') && vars.has('tcpi_received_ce_bytes'), 'Linux 6.18 fields');
  t.ok((vars.get('SK_MEMINFO_RCVBUF') ?? 0n) > 0n);
  runSyscall(call('socket', [ell, sym('SOCK_DGRAM'), sym('IPPROTO_UDP')], 4), env);
  const u = snapshotForCode(libc, env.fds.live(4));
  t.match(u, { kind: 'error', message: /getsockopt\(TCP_INFO\) failed/ });
});

t.test('python program layout', async (t) => {
  const p = pythonProgram([{ text: 'assert tcpi_snd_cwnd == 10', line: 7, snapshot: snapshot([['tcpi_snd_cwnd', 10n]]) }], 'x.pkt');
  t.match(p, /TCP_CA_Open = 0\n/);
  t.match(p, /tcpi_snd_cwnd = 10\n_file = "x.pkt"\n_line = 7\nassert tcpi_snd_cwnd == 10\n$/);
});

t.test('runCodeBlocks passes, fails with the Python error, cleans up', async (t) => {
  const before = readdirSync(tmpdir()).filter((f) => f.startsWith('code_')).length;
  const blocks: CodeBlock[] = [
    { text: 'x = tcpi_snd_cwnd', line: 3, snapshot: snapshot([['tcpi_snd_cwnd', 10n]]) },
    { text: 'assert x == 10 and tcpi_snd_cwnd == 12, tcpi_snd_cwnd', line: 5, snapshot: snapshot([['tcpi_snd_cwnd', 12n]]) },
  ];
  t.same(runCodeBlocks(blocks, 'python3', tmpdir(), 'a.pkt'), { ok: true, output: '' });
  const failing: CodeBlock[] = [{ text: 'assert tcpi_snd_cwnd == 11, tcpi_snd_cwnd', line: 9, snapshot: snapshot([['tcpi_snd_cwnd', 12n]]) }];
  const r = runCodeBlocks(failing, 'python3', tmpdir(), 'a.pkt');
  t.equal(r.ok, false);
  if (!r.ok) {
    t.equal(r.message, 'a.pkt:9: error in Python code: AssertionError: 12 (exit status 1)', 'one line: where, and the exception');
    t.match(r.detail?.join('\n') ?? '', /its stderr ended with:[^]*Traceback|AssertionError: 12/, 'the traceback in the detail');
    t.equal(r.line, 9, "the failing block's line, for the report");
  }
  const r2 = runCodeBlocks(failing, 'no-such-python-xyz', tmpdir(), 'a.pkt');
  t.equal(r2.ok, false);
  t.equal(!r2.ok && r2.line, undefined, 'no block ran, no line');
  t.equal(readdirSync(tmpdir()).filter((f) => f.startsWith('code_')).length, before, 'temp files removed');
});
