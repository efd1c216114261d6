// parseScript: one valid case per construct (asserting the AST it yields), each paired with
// a broken twin (asserting message and line:col). script-language.md §2–§4, §7.
import t from 'tap';
import { parseScript } from '../../src/grammar/index.js';
import type { Action, Event } from '../../src/grammar/ast.js';

const HEAD = '0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n';

/** Parse HEAD + line; return the event of `line` (the second event). */
function eventOf(line: string, defines?: Map<string, string>): { ev: Event | undefined; diags: string[] } {
  const r = parseScript(HEAD + line + '\n', 't.pkt', defines ? { defines } : {});
  return { ev: r.script?.events[1], diags: r.diagnostics.map((d) => `${d.line}:${d.col}: ${d.message}`) };
}

function action(line: string): Action {
  const { ev, diags } = eventOf(line);
  if (diags.length > 0) throw new Error(`${line}: ${diags.join('; ')}`);
  return ev!.action;
}

// [name, line, expected partial AST of the action]
const valid: readonly (readonly [string, string, object])[] = [
  ['syn with options', '+0 < S 0:0(0) win 65535 <mss 1460,sackOK,TS val 700 ecr 0,nop,wscale 7>', {
    kind: 'packet', direction: 'inbound',
    body: { kind: 'tcp', flags: { text: 'S', bits: 0x02 }, seq: { start: 0, end: 0, len: 0 }, win: 65535,
      options: { kind: 'list', options: [{ kind: 'mss', value: 1460 }, { kind: 'sackOK' },
        { kind: 'timestamp', val: 700, ecr: 0 }, { kind: 'nop' }, { kind: 'wscale', shift: 7 }] } },
  }],
  ['syn-ack outbound with ack', '+0 > S. 0:0(0) ack 1 <...>', {
    direction: 'outbound', body: { flags: { text: 'S.', bits: 0x12 }, ack: 1, options: { kind: 'any' } },
  }],
  ['pure ack flag', '+0 > . 1:1(0) ack 1', { body: { flags: { text: '.', bits: 0x10 } } }],
  ['no flags', '+0 > - 1:1(0) ack 1', { body: { flags: { text: '-', bits: 0 } } }],
  ['ACE float', '+0 > .5 1:1(0) ack 1', { body: { flags: { text: '.5', bits: 0x10 | 0x100 | 0x40, ace: 5 } } }],
  ['ACE with SYN', '+0 > S.4 0:0(0) ack 1', { body: { flags: { text: 'S.4', bits: 0x12 | 0x100, ace: 4 } } }],
  ['ECN flags', '+0 > SEW 0:0(0)', { body: { flags: { bits: 0x02 | 0x40 | 0x80 } } }],
  ['urg and sack blocks', '+0 < P. 1:11(10) ack 1 win 100 urg 5 <nop,nop,sack 1:1001 2001:3001>', {
    body: { urg: 5, options: { options: [{ kind: 'nop' }, { kind: 'nop' }, { kind: 'sack', blocks: [{ left: 1, right: 1001 }, { left: 2001, right: 3001 }] }] } },
  }],
  ['fast open cookie', '+0 < S 0:0(0) win 1000 <FO 3021b9d889017eeb,nop,nop>', {
    body: { options: { options: [{ kind: 'fastopen', hex: '3021b9d889017eeb' }, { kind: 'nop' }, { kind: 'nop' }] } },
  }],
  // packetdrill takes cookies up to the option space: 38 bytes for FO, 36 for FOEXP.
  ['longest FO cookie', `+0 < S 0:0(0) win 1000 <FO ${'ab'.repeat(38)}>`, { body: { options: { options: [{ kind: 'fastopen', hex: 'ab'.repeat(38) }] } } }],
  ['longest FOEXP cookie', `+0 < S 0:0(0) win 1000 <FOEXP ${'cd'.repeat(36)}>`, { body: { options: { options: [{ kind: 'fastopenExp', hex: 'cd'.repeat(36) }] } } }],
  ['18-byte FO cookie', `+0 < S 0:0(0) win 1000 <FO ${'01'.repeat(18)}>`, { body: { options: { options: [{ kind: 'fastopen' }] } } }],
  ['empty FO and FOEXP', '+0 < S 0:0(0) win 1000 <FO,nop,nop,FOEXP>', {
    body: { options: { options: [{ kind: 'fastopen', hex: undefined }, {}, {}, { kind: 'fastopenExp', hex: undefined }] } },
  }],
  ['md5', '+0 > S 0:0(0) <md5 000102030405060708090a0b0c0d0e0f,nop,nop>', {
    body: { options: { options: [{ kind: 'md5', hex: '000102030405060708090a0b0c0d0e0f' }, {}, {}] } },
  }],
  ['accecn', '+0 < . 1:1(0) ack 1 win 100 <ECN e1b 1 ceb 2 e0b 3,nop>', {
    body: { options: { options: [{ kind: 'accecn', order: 1, fields: [{ name: 'e1b', value: 1 }, { name: 'ceb', value: 2 }, { name: 'e0b', value: 3 }] }, {}] } },
  }],
  ['ect0 brackets', '+0 < [ect0] . 1:1(0) ack 1 win 100', { ip: { ecn: 'ect0' } }],
  ['tos', '+0 > (tos 0x02) . 1:1(0) ack 1', { ip: { tos: 2, ecn: undefined } }],
  ['ecn plus flowlabel', '+0 < (ce, flowlabel 0x12345) . 1:1(0) ack 1 win 1', { ip: { ecn: 'ce', flowLabel: 0x12345 } }],
  ['ttl', '+0 < (ttl 64) . 1:1(0) ack 1 win 1', { ip: { ttl: 64 } }],
  ['ect01 outbound', '+0 > [ect01] . 1:1(0) ack 1', { ip: { ecn: 'ect01' } }],
  ['explicit ports', '+0 < 5000>8080 S 0:0(0) win 100', { body: { ports: { src: 5000, dst: 8080 } } }],
  ['psp', '+0 < encap psp spi 0x10 . 1:1(0) ack 1 win 1', { body: { psp: { spi: 16 } } }],
  ['udp', '+0 > udp (100)', { body: { kind: 'udp', len: 100, ports: undefined } }],
  ['udp ports', '+0 < udp 1000>2000 (10)', { body: { kind: 'udp', ports: { src: 1000, dst: 2000 } } }],
  ['icmp with echoed seq', '+0 < icmp unreachable frag_needed mtu 1200 [1:1461(1460)]', {
    body: { kind: 'icmp', type: 'unreachable', code: 'frag_needed', mtu: 1200, echoed: { kind: 'tcp', seq: { start: 1, end: 1461, len: 1460 } } },
  }],
  ['icmp echoed udp', '+0 < icmp echo_request id 7 [udp (8)]', { body: { id: 7, echoed: { kind: 'udp', len: 8 } } }],
  ['icmp echoed raw', '+0 < icmp type_3 code_4 [raw (20)]', { body: { type: 'type_3', code: 'code_4', echoed: { kind: 'raw', len: 20 } } }],
  ['outer ipv4', '+0 < ipv4 (ttl 3) 1.2.3.4 > 5.6.7.8: . 1:1(0) ack 1 win 1', {
    outer: [{ kind: 'ip', version: 4, src: '1.2.3.4', dst: '5.6.7.8', attrs: { ttl: 3 } }],
  }],
  ['outer ipv6', '+0 < ipv6 2001:db8::1 > 2001:db8::2: . 1:1(0) ack 1 win 1', {
    outer: [{ kind: 'ip', version: 6, src: '2001:db8::1', dst: '2001:db8::2' }],
  }],
  ['gre plain and mpls', '+0 < gre: mpls (label 100, tc 0, [S], ttl 64): . 1:1(0) ack 1 win 1', {
    outer: [{ kind: 'gre', fields: undefined }, { kind: 'mpls', entries: [{ label: 100, tc: 0, bottomOfStack: true, ttl: 64 }] }],
  }],
  ['gre fields', '+0 < gre flags [checksum present, key present, sequence# present] sum 0 off 0 key 0x1234 seq 7: . 1:1(0) ack 1 win 1', {
    outer: [{ kind: 'gre', fields: { flags: ['checksum', 'key', 'sequence#'], sum: 0, key: 0x1234, seq: 7 } }],
  }],
  ['syscall errno and note', '+0 connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)', {
    kind: 'syscall', name: 'connect', args: [{ kind: 'int', value: 3n }, { kind: 'ellipsis' }, { kind: 'ellipsis' }],
    result: { kind: 'int', value: -1n }, errno: { name: 'EINPROGRESS' }, note: 'Operation now in progress',
  }],
  ['flags note', '+0 fcntl(3, F_GETFL) = 0x2 (flags O_RDWR)', { result: { kind: 'int', value: 2n, hex: true }, note: 'flags O_RDWR' }],
  ['or and list', '+0 setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0', {
    args: [{}, { kind: 'symbol', name: 'SOL_SOCKET' }, {}, { kind: 'list', items: [{ kind: 'int', value: 1n }] }, {}],
  }],
  ['pipe or', '+0 send(3, ..., 10, MSG_DONTWAIT|MSG_MORE) = 10', {
    args: [{}, {}, {}, { kind: 'or', left: { kind: 'symbol', name: 'MSG_DONTWAIT' }, right: { kind: 'symbol', name: 'MSG_MORE' } }],
  }],
  ['string concat and ellipsis', '+0 getsockopt(3, SOL_TCP, TCP_CONGESTION, "reno" "\\x00\\x00"..., [6]) = 0', {
    args: [{}, {}, {}, { kind: 'string', raw: ['reno', '\\x00\\x00'], ellipsis: true }, {}],
  }],
  ['linger', '+0 setsockopt(3, SOL_SOCKET, SO_LINGER, {onoff=1, linger=0}, 8) = 0', { args: [{}, {}, {}, { kind: 'linger', onoff: 1, linger: 0 }, {}] }],
  ['iovec', '+0 writev(3, [{..., 10}, {..., 20}], 2) = 30', { args: [{}, { kind: 'list', items: [{ kind: 'iovec', len: 10 }, { kind: 'iovec', len: 20 }] }, {}] }],
  ['pollfd', '+0 poll([{fd=3, events=POLLIN}], 1, 0) = 0', { args: [{ kind: 'list', items: [{ kind: 'pollfd', revents: undefined }] }, {}, {}] }],
  ['epoll', '+0 epoll_ctl(5, EPOLL_CTL_ADD, 3, {events=EPOLLIN, ptr=0}) = 0', { args: [{}, {}, {}, { kind: 'epollEvent', dataKind: 'ptr' }] }],
  ['sockaddr', '+0 connect(3, {sa_family=AF_INET, sin_port=htons(8080), sin_addr=inet_addr("1.2.3.4")}, 16) = 0', {
    args: [{}, { kind: 'sockaddr', family: 'AF_INET', port: 8080, addr: '1.2.3.4' }, {}],
  }],
  ['inet6_addr', '+0 setsockopt(3, SOL_IPV6, IPV6_TCLASS, inet6_addr("2001:db8::1"), 16) = 0', { args: [{}, {}, {}, { kind: 'inetAddr', family: 6, text: '2001:db8::1' }, {}] }],
  ['msghdr with cmsgs', '+0 recvmsg(3, {msg_name(...)=..., msg_iov(1)=[{..., 0}], msg_flags=MSG_ERRQUEUE, msg_control=[{cmsg_level=SOL_IP, cmsg_type=IP_RECVERR, cmsg_data={ee_errno=ENOMSG, ee_origin=SO_EE_ORIGIN_TIMESTAMPING, ee_type=0, ee_code=0, ee_info=SCM_TSTAMP_ACK, ee_data=9}}, {cmsg_level=SOL_SOCKET, cmsg_type=SCM_TIMESTAMPING, cmsg_data={scm_sec=0, scm_nsec=30}}]}, MSG_ERRQUEUE) = 0', {
    args: [{}, { kind: 'msghdr', iovCount: 1, control: [{ kind: 'cmsg', data: { kind: 'sockExtendedErr' } }, { kind: 'cmsg', data: { kind: 'scmTimestamping', sec: 0, nsec: 30 } }] }, {}],
  }],
  ['NLA list', '+0 recvmsg(3, {msg_name(...)=..., msg_iov(1)=[{..., 0}], msg_flags=0, msg_control=[{cmsg_level=SOL_SOCKET, cmsg_type=SCM_TIMESTAMPING_OPT_STATS, cmsg_data=[TCP_NLA_BUSY=1000, TCP_NLA_SRTT=...]}]}, 0) = 0', {
    args: [{}, { control: [{ data: { kind: 'list', items: [{ kind: 'keyValue', key: 'TCP_NLA_BUSY' }, { kind: 'keyValue', value: { kind: 'ellipsis' } }] } }] }, {}],
  }],
  ['mpls and gre values', '+0 setsockopt(3, SOL_IP, 99, {(label 1, tc 0, [S], ttl 64)}, 4) = 0', { args: [{}, {}, {}, { kind: 'mplsStack', entries: [{ label: 1 }] }, {}] }],
  ['timed command', '+0 `echo hi`', { kind: 'command', text: 'echo hi' }],
  ['code block', '+0 %{ assert x == 1 }%', { kind: 'code', text: 'assert x == 1' }],
  ['state', '+0 state TCP_CLOSING', { kind: 'state', state: 'TCP_CLOSING' }],
];

t.test('valid constructs produce the expected AST', async (t) => {
  for (const [name, line, expected] of valid) t.match(action(line), expected, name);
});

// [name, line, "line:col: message fragment"] — the broken twins.
const invalid: readonly (readonly [string, string, string])[] = [
  ['bad flag letter', '+0 < Q 0:0(0) win 1000', "2:6: expected a TCP flags word (S, S., P., F., R, ., -) but found 'Q'"],
  ['dot not last', '+0 > S.E 0:0(0)', "2:8: expected an integer but found 'E'"],
  ['ace with E', '+0 > E5 0:0(0)', '2:6: expected a TCP flags word'],
  ['missing win inbound', '+0 < . 1:1(0) ack 1', "2:8: expected 'win N' on an inbound TCP packet"],
  ['end != start+len', '+0 > . 1:11(5) ack 1', '2:8: expected end = start + len (6) but found 11'],
  ['any options inbound', '+0 < . 1:1(0) ack 1 win 1 <...>', "2:27: expected a TCP option list: '<...>'"],
  ['ect01 inbound', '+0 < [ect01] . 1:1(0) ack 1 win 1', "2:6: expected noecn, ect0, ect1 or ce"],
  ['ecn on udp', '+0 > [ect0] udp (10)', '2:6: expected tos or ect01 on a UDP packet'],
  ['tos decimal', '+0 > (tos 16) . 1:1(0) ack 1', "2:11: expected a hex (0x...) number after 'tos'"],
  ['ttl hex', '+0 < (ttl 0x40) . 1:1(0) ack 1 win 1', "2:11: expected a decimal number after 'ttl'"],
  ['two attrs', '+0 < (ttl 1, ce) . 1:1(0) ack 1 win 1', '2:14: expected one IP attribute'],
  ['win range', '+0 < . 1:1(0) ack 1 win 70000', '2:6: expected a window between 0 and 65535 but found 70000'],
  ['port range', '+0 < 70000>1 . 1:1(0) ack 1 win 1', '2:6: expected a port between 0 and 65535'],
  ['wscale range', '+0 > S 0:0(0) <wscale 300,nop>', '2:16: expected a window scale shift between 0 and 255'],
  ['seq range', '+0 > . 4294967296:4294967296(0) ack 1', '2:8: expected a sequence number between 0 and 4294967295'],
  ['flowlabel range', '+0 < (flowlabel 0x123456) . 1:1(0) ack 1 win 1', '2:6: expected a flow label between 0 and 1048575'],
  ['accecn range', '+0 < . 1:1(0) ack 1 win 1 <ECN e0b 16777216,nop,nop>', '2:28: expected an AccECN e0b counter between 0 and 16777215'],
  ['accecn order', '+0 < . 1:1(0) ack 1 win 1 <ECN ceb 1 e0b 1,nop>', '2:28: expected AccECN counters in the order'],
  ['options not multiple of 4', '+0 > S 0:0(0) <mss 1460,nop>', '2:15: expected TCP options totalling a multiple of 4 bytes, at most 40, but they take 5'],
  ['options over 40', '+0 > S 0:0(0) <sack 1:2 3:4 5:6 7:8 9:10,nop,nop>', 'but they take 44 bytes'],
  ['odd hex cookie', '+0 < S 0:0(0) win 1 <FO abc,nop>', "2:22: expected an even number of hex digits for the TCP fast open cookie but found 'abc'"],
  ['FO cookie too long', `+0 < S 0:0(0) win 1 <FO ${'ab'.repeat(39)}>`, '2:22: expected at most 38 bytes for the TCP fast open cookie but found 39'],
  ['FOEXP cookie too long', `+0 < S 0:0(0) win 1 <FOEXP ${'ab'.repeat(37)}>`, '2:22: expected at most 36 bytes for the TCP fast open cookie but found 37'],
  ['non-hex cookie', '+0 < S 0:0(0) win 1 <FO zz,nop,nop>', "expected an even number of hex digits for the TCP fast open cookie but found 'zz'"],
  ['unknown icmp type', '+0 < icmp bogus', "2:6: expected an ICMP type (e.g. unreachable, echo_request, type_N) but found 'bogus'"],
  ['unknown icmp code', '+0 < icmp unreachable nope', "2:6: expected an ICMP code for 'unreachable' (or code_N) but found 'nope'"],
  ['misplaced mtu', '+0 < icmp unreachable port_unreachable mtu 1200', "2:6: expected 'mtu' only on"],
  ['segment too large', '+0 > . 1:65536(65535) ack 1', '2:8: expected a smaller payload: TCP segment too large'],
  ['star inbound', '* < . 1:1(0) ack 1 win 1', "2:1: expected a point time on an inbound packet"],
  ['window on syscall', '0~1 close(3) = 0', "2:1: expected a point time: '~'"],
  ['window backwards', '+0.5~+0.2 > . 1:1(0) ack 1', '2:1: expected a window end not before its start'],
  ['mixed window', '+0~1 > . 1:1(0) ack 1', "2:4: expected '+' before the end of a relative window"],
  ['blocking on packet', '+0...1 > . 1:1(0) ack 1', '2:6: expected a system call after a blocking time'],
  ['unknown syscall', '+0 frobnicate(3) = 0', "2:4: expected a supported system call (e.g. socket, bind, write, setsockopt) but found 'frobnicate'"],
  ['unknown symbol', '+0 setsockopt(3, SOL_SOCKET, SO_NOPE, [1], 4) = 0', "2:30: expected a known symbol (§10) but found 'SO_NOPE'"],
  ['unknown errno', '+0 close(3) = -1 ENOPE (No such thing)', "2:18: expected an errno name (e.g. EAGAIN, EINPROGRESS) but found 'ENOPE'"],
  ['errno without note', '+0 close(3) = -1 EBADF', '2:23: expected a note in parentheses after the errno name EBADF'],
  ['ellipsis result', '+0 close(3) = ...', "2:15: expected an integer result (e.g. = 0 or = -1) but found '...'"],
  ['symbol result', '+0 close(3) = FOO', "2:15: expected an integer result (e.g. = 0 or = -1) but found the symbol 'FOO'"],
  ['ellipsis in or', '+0 send(3, ..., 1, ...|MSG_MORE) = 1', "2:20: expected a number or symbol: '...' cannot be combined with '|'"],
  ['unknown state', '+0 state TCP_BOGUS', "2:10: expected a TCP state (TCP_ESTABLISHED"],
  ['bad struct field order', '+0 poll([{fd=3, revents=POLLIN}], 1, 0) = 0', "2:17: expected the field 'events' but found 'revents'"],
  ['msg_iov count mismatch', '+0 recvmsg(3, {msg_name(...)=..., msg_iov(2)=[{..., 0}], msg_flags=0}, 0) = 0', '2:15: expected msg_iov(1) to match the 1 iovecs listed but found msg_iov(2)'],
  ['note with number', '+0 close(3) = -1 EIO (errno 5)', "2:29: expected ')' but found '5'"],
  ['missing paren', '+0 close(3 = 0', "2:12: expected ')' but found '='"],
  ['syscall needs time', '+0 > . 1:1(0) ack 1\nclose(3) = 0', "3:1: expected an event (a time such as 0, +0.1 or *), an option line or a back-quoted command but found 'close'"],
];

t.test('broken twins report message and position', async (t) => {
  for (const [name, line, want] of invalid) {
    const { diags } = eventOf(line);
    t.ok(diags.some((d) => d.includes(want)), `${name}: ${JSON.stringify(diags)}`);
  }
});
