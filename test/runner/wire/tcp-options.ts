import t from 'tap';
import fc from 'fast-check';
import { type TcpOption, decodeOptions, encodeOptions } from '../../../src/runner/wire/tcp-options.js';
import { seq } from '../../../src/runner/wire/seq.js';
import { fromHex, toHex } from '../../../src/runner/wire/wire.js';

const hex = (s: string): Uint8Array => fromHex(s.replace(/ /g, ''));

// Each case: the script notation, its bytes from the RFC layout, the Repr.
const options: { name: string; hex: string; opt: TcpOption }[] = [
  { name: 'nop', hex: '01', opt: { kind: 'nop' } },
  { name: 'eol', hex: '00', opt: { kind: 'eol' } },
  { name: 'mss 1460', hex: '02 04 05 b4', opt: { kind: 'mss', value: 1460 } },
  { name: 'wscale 7', hex: '03 03 07', opt: { kind: 'wscale', shift: 7 } },
  { name: 'sackOK', hex: '04 02', opt: { kind: 'sackOK' } },
  { name: 'sack 1:1001 2001:3001', hex: '05 12 00000001 000003e9 000007d1 00000bb9', opt: { kind: 'sack', blocks: [{ left: seq(1), right: seq(1001) }, { left: seq(2001), right: seq(3001) }] } },
  { name: 'TS val 700 ecr 100', hex: '08 0a 000002bc 00000064', opt: { kind: 'timestamp', val: 700, ecr: 100 } },
  { name: 'md5 000102030405060708090a0b0c0d0e0f', hex: '13 12 000102030405060708090a0b0c0d0e0f', opt: { kind: 'md5', digest: hex('000102030405060708090a0b0c0d0e0f') } },
  { name: 'FO 3021b9d889017eeb', hex: '22 0a 3021b9d889017eeb', opt: { kind: 'fastopen', cookie: hex('3021b9d889017eeb') } },
  { name: 'FO', hex: '22 02', opt: { kind: 'fastopen', cookie: new Uint8Array(0) } },
  { name: 'FOEXP 3021b9d8', hex: 'fe 08 f989 3021b9d8', opt: { kind: 'fastopenExp', cookie: hex('3021b9d8') } },
  { name: 'ECN e0b 1 ceb 2 e1b 3', hex: 'ac 0b 000001 000002 000003', opt: { kind: 'accecn', order: 0, counters: [1, 2, 3] } },
  { name: 'ECN e1b 16777215', hex: 'ae 05 ffffff', opt: { kind: 'accecn', order: 1, counters: [0xffffff] } },
  { name: 'unknown kind 30 (MPTCP) kept raw', hex: '1e 04 abcd', opt: { kind: 'raw', code: 30, data: hex('abcd') } },
  { name: 'mss with a bad length kept raw', hex: '02 03 05', opt: { kind: 'raw', code: 2, data: hex('05') } },
  { name: 'kind 254 without the TFO magic kept raw', hex: 'fe 04 1234', opt: { kind: 'raw', code: 254, data: hex('1234') } },
];

for (const c of options) {
  t.test(c.name, async (t) => {
    t.equal(toHex(encodeOptions([c.opt])), c.hex.replace(/ /g, ''), 'encode');
    t.same(decodeOptions(hex(c.hex)), { ok: true, value: [c.opt] }, 'decode');
  });
}

const malformed = [
  { name: 'length runs past end', hex: '02 04 05', reason: /past the end/ },
  { name: 'no length byte', hex: '01 02', reason: /no length byte/ },
  { name: 'length below 2', hex: '08 01', reason: /< 2/ },
];
for (const c of malformed) {
  t.test(`malformed: ${c.name}`, async (t) => {
    const r = decodeOptions(hex(c.hex));
    t.equal(r.ok, false);
    if (!r.ok) {
      t.equal(r.field, 'tcp_options');
      t.match(r.reason, c.reason);
    }
  });
}

t.test('a list keeps order, count and padding', async (t) => {
  // <mss 1460,sackOK,TS val 700 ecr 0,nop,wscale 7>
  const bytes = hex('020405b4 0402 080a000002bc00000000 01 030307');
  const r = decodeOptions(bytes);
  t.ok(r.ok);
  if (r.ok) {
    t.same(r.value.map((o) => o.kind), ['mss', 'sackOK', 'timestamp', 'nop', 'wscale']);
    t.equal(toHex(encodeOptions(r.value)), toHex(bytes));
  }
});

const arbOption: fc.Arbitrary<TcpOption> = fc.oneof(
  fc.constant<TcpOption>({ kind: 'nop' }),
  fc.integer({ min: 0, max: 0xffff }).map((value): TcpOption => ({ kind: 'mss', value })),
  fc.integer({ min: 0, max: 255 }).map((shift): TcpOption => ({ kind: 'wscale', shift })),
  fc.tuple(fc.nat({ max: 0xffffffff }), fc.nat({ max: 0xffffffff })).map(([val, ecr]): TcpOption => ({ kind: 'timestamp', val, ecr })),
  fc.array(fc.tuple(fc.nat({ max: 0xffffffff }), fc.nat({ max: 0xffffffff })), { maxLength: 3 }).map((b): TcpOption => ({ kind: 'sack', blocks: b.map(([l, r]) => ({ left: seq(l), right: seq(r) })) })),
  fc.uint8Array({ maxLength: 16 }).map((cookie): TcpOption => ({ kind: 'fastopen', cookie })),
  fc.array(fc.integer({ min: 0, max: 0xffffff }), { maxLength: 3 }).map((counters): TcpOption => ({ kind: 'accecn', order: 0, counters })),
);

t.test('property: decode(encode(list)) = list', async (t) => {
  fc.assert(
    fc.property(fc.array(arbOption, { maxLength: 6 }), (list) => {
      const r = decodeOptions(encodeOptions(list));
      t.same(r, { ok: true, value: list });
      return r.ok;
    }),
    { numRuns: 200 },
  );
});
