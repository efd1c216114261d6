import t from 'tap';
import { plan, scriptOptions } from '../../src/runner/plan.js';
import type { OptionLine } from '../../src/grammar/ast.js';

const pos = { line: 1, col: 1, offset: 0, length: 1 };
const opt = (name: string, text?: string): OptionLine => ({
  kind: 'option',
  name,
  value: text === undefined ? undefined : { kind: 'scalar', text, quoted: false, pos },
  pos,
});

t.test('script options apply, and the command line wins (§1.1)', async (t) => {
  const { options } = scriptOptions([opt('tolerance_usecs', '5000'), opt('bind_port', '9000')]);
  const r = plan(options, new Map([['tolerance_usecs', '7000']]), new Map());
  t.ok(r.ok);
  if (r.ok) {
    t.equal(r.config.toleranceUsecs, 7000);
    t.equal(r.config.bindPort, 9000);
  }
});

t.test('ip_version picks the family defaults', async (t) => {
  const r = plan(new Map([['ip_version', 'ipv6']]), new Map(), new Map());
  t.match(r, { ok: true, config: { ipVersion: 'ipv6', localIp: 'fd3d:0a0b:17d6::1', remoteIp: 'fd3d:fa7b:d17d::1', mtu: 1520 } });
  const mapped = plan(new Map(), new Map([['ip_version', 'ipv4-mapped-ipv6']]), new Map());
  t.match(mapped, { ok: true, config: { localIp: '192.168.0.1', remoteIp: '192.0.2.1' } });
});

t.test('flags and lists', async (t) => {
  const r = plan(
    new Map<string, string | true>([
      ['strict_segments', true],
      ['non_fatal', 'packet,syscall'],
      ['remote_ip', '192.0.2.1/24'],
    ]),
    new Map([['strict', true]]),
    new Map(),
  );
  t.match(r, { ok: true, config: { strictSegments: true, nonFatalPacket: true, strict: true, remotePrefix: 24 } });
});

t.test('defines collected from --define lines', async (t) => {
  const { defines } = scriptOptions([
    { kind: 'option', name: 'define', value: { kind: 'define', name: 'X', value: '"y"', pos }, pos },
  ]);
  t.same([...defines], [['X', '"y"']]);
});

const bad: [string, string | true, RegExp][] = [
  ['ip_version', 'ipv5', /ip_version must be one of/],
  ['tolerance_usecs', '0', /expected an integer from 1/],
  ['tolerance_percent', 'x', /expected a number/],
  ['bind_port', true, /needs a value/],
  ['remote_ip', '192.0.2.1/40', /bad prefix length/],
  ['no_such_option', '1', /not supported by tcpdrill/],
];
for (const [name, value, message] of bad) {
  t.test(`--${name}=${String(value)} is rejected`, async (t) => {
    const r = plan(new Map(), new Map([[name, value]]), new Map());
    t.match(r, { ok: false, message });
  });
}
