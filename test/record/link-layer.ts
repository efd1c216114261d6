// Link-layer headers: each supported link type yields the IP datagram behind it;
// other protocols, unknown link types and cut headers are told apart.
import t from 'tap';
import { unwrapLink } from '../../src/record/link-layer.js';
import { LINK_TYPES, wrap } from '../helpers/capture-files.js';

const v4 = new Uint8Array([0x45, 0, 0, 20, ...new Array<number>(16).fill(0)]);
const v6 = new Uint8Array([0x60, ...new Array<number>(39).fill(0)]);

for (const [name, w] of Object.entries(wrap)) {
  t.test(`${name} (link type ${LINK_TYPES[name as keyof typeof wrap]})`, async (t) => {
    for (const d of [v4, v6]) {
      const u = unwrapLink(LINK_TYPES[name as keyof typeof wrap], w(d));
      t.ok(u.ok, `IPv${d[0]! >> 4}`);
      if (u.ok) t.same(Array.from(u.datagram), Array.from(d));
    }
  });
}

t.test('raw IP under its other link-type numbers', async (t) => {
  for (const lt of [12, 14, 228, 229]) t.ok(unwrapLink(lt, v4).ok, `link type ${lt}`);
});

t.test('not IP, not known, or cut short', async (t) => {
  const arp = new Uint8Array([...new Array<number>(12).fill(0), 0x08, 0x06, 1, 2, 3]);
  t.match(unwrapLink(1, arp), { ok: false, kind: 'not-ip', reason: 'ethertype 0x0806' });
  t.match(unwrapLink(113, new Uint8Array(16)), { ok: false, kind: 'not-ip' });
  t.match(unwrapLink(101, new Uint8Array([0x20])), { ok: false, kind: 'not-ip', reason: 'IP version 2' });
  t.match(unwrapLink(127, v4), { ok: false, kind: 'unsupported', reason: 'link type 127' });
  t.match(unwrapLink(1, new Uint8Array(10)), { ok: false, kind: 'truncated' });
  t.match(unwrapLink(1, wrap.vlan(v4).subarray(0, 15)), { ok: false, kind: 'truncated', reason: 'VLAN tag cut short' });
  t.match(unwrapLink(276, new Uint8Array(19)), { ok: false, kind: 'truncated' });
  t.match(unwrapLink(113, new Uint8Array(15)), { ok: false, kind: 'truncated' });
  t.match(unwrapLink(0, new Uint8Array(3)), { ok: false, kind: 'truncated' });
});
