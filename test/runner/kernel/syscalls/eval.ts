import t from 'tap';
import {
  ScriptFail, decodeString, evalInt, evalInt32, expectedResult, ipv4Bytes, ipv6Bytes,
} from '../../../../src/runner/kernel/syscalls/eval.js';
import { checkResult, expectedErrno } from '../../../../src/runner/kernel/syscalls/check.js';
import { ell, int, or, sym, str, pos } from './fixtures/ast.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

t.test('integers: literals, symbols, OR', async (t) => {
  t.equal(evalInt(int(5)), 5n);
  t.equal(evalInt(sym('AF_INET6')), 10n);
  t.equal(evalInt(or(sym('SOCK_STREAM'), sym('SOCK_NONBLOCK'))), 0x801n);
  t.equal(evalInt({ kind: 'inetAddr', family: 4, text: '192.0.2.1', pos }), 0x010200c0n);
  t.throws(() => evalInt(sym('SOCK_CLOEXEC')), new ScriptFail("unknown symbol: 'SOCK_CLOEXEC'"));
  t.throws(() => evalInt(ell), new ScriptFail('Bad type; actual: ellipsis expected: integer'));
  t.equal(evalInt32(int(0xffffffff)), -1);
  t.throws(() => evalInt32(int(0x100000000n)), new ScriptFail('Value out of range for 32-bit integer'));
});

t.test('expected result is a literal integer (§7.2)', async (t) => {
  t.equal(expectedResult(int(-1)), -1n);
  t.throws(() => expectedResult(sym('EAGAIN')), new ScriptFail('Bad type; actual: word expected: integer'));
  t.throws(() => expectedResult(int(1n << 40n)), new ScriptFail('Value out of range for 32-bit integer'));
});

t.test('strings decode §2.3 escapes', async (t) => {
  t.equal(hex(decodeString(['reno\\x00\\x00'])), hex(decodeString(['reno', '\\x00\\x00'])));
  t.equal(hex(decodeString(['"a\\n"'])), '610a');
  t.equal(hex(decodeString(['\\r\\t\\v\\f'])), '0d090b0c');
  // The observed fall-through quirk: \\ and \" both become a form feed.
  t.equal(hex(decodeString(['\\\\\\"'])), '0c0c');
  t.throws(() => decodeString(['\\0']), new ScriptFail("unsupported escape code: '\\0'"));
  t.throws(() => decodeString(['\\x4']), new ScriptFail("unsupported escape code: '\\x'"));
  t.equal(str('a').kind, 'string');
});

t.test('addresses', async (t) => {
  t.equal(hex(ipv4Bytes('192.0.2.1')), 'c0000201');
  t.throws(() => ipv4Bytes('256.0.0.1'));
  t.equal(hex(ipv6Bytes('2001:db8::1')), '20010db8000000000000000000000001');
  t.equal(hex(ipv6Bytes('::ffff:192.0.2.1')), '00000000000000000000ffffc0000201');
  t.equal(hex(ipv6Bytes('::')), '0'.repeat(32));
  t.throws(() => ipv6Bytes('1:2:3'));
  t.throws(() => ipv6Bytes('1::2::3'));
});

t.test('result and errno checks (§7.2)', async (t) => {
  t.equal(checkResult(false, 0n, undefined, 0, 0), undefined);
  t.equal(checkResult(false, 0n, undefined, -1, 111), 'Expected result 0 but got -1 with errno 111 (Connection refused)');
  t.equal(checkResult(true, 3n, undefined, 17, 0), undefined, 'fd-returning: any non-negative fd');
  t.equal(checkResult(true, 3n, undefined, -1, 24), 'Expected non-negative result but got -1 with errno 24 (Too many open files)');
  t.equal(checkResult(true, -1n, undefined, -1, 97), undefined);
  t.equal(checkResult(false, -1n, undefined, -1, 5), undefined, '= -1 alone accepts any errno');
  t.equal(checkResult(false, -1n, 115, -1, 115), undefined);
  t.equal(checkResult(false, -1n, 115, -1, 111), 'Expected errno 115 (Operation now in progress) but got 111 (Connection refused)');
  t.equal(checkResult(false, 0n, 11, 0, 0), 'Expected errno 11 (Resource temporarily unavailable) but got 0 (Unknown error 0)', 'errno checked even on success');
  t.equal(checkResult(false, 0xffffffffn, undefined, -1, 0), undefined, 'hex -1');
  t.equal(expectedErrno('EWOULDBLOCK'), 11);
  t.throws(() => expectedErrno('ENOPE'), new ScriptFail("unknown errno name: 'ENOPE'"));
});
