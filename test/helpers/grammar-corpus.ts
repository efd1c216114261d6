// A corpus of scripts for robustness tests of the grammar (test/grammar/robustness.ts): every
// .pkt script in the repository, one line per grammar construct (valid and broken), and
// seeded mutations of all of them, token-level and character-level, so that most are
// broken in some way.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = new URL('../..', import.meta.url).pathname;
const HEAD = '0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n';

/** One event per construct of script-language.md §3–§7 (from test/grammar/index.ts), and more. */
const LINES: readonly string[] = [
  "+0 < S 0:0(0) win 65535 <mss 1460,sackOK,TS val 700 ecr 0,nop,wscale 7>",
  "+0 > S. 0:0(0) ack 1 <...>",
  "+0 > . 1:1(0) ack 1",
  "+0 > - 1:1(0) ack 1",
  "+0 > .5 1:1(0) ack 1",
  "+0 > S.4 0:0(0) ack 1",
  "+0 > SEW 0:0(0)",
  "+0 < P. 1:11(10) ack 1 win 100 urg 5 <nop,nop,sack 1:1001 2001:3001>",
  "+0 < S 0:0(0) win 1000 <FO 3021b9d889017eeb,nop,nop>",
  "+0 < S 0:0(0) win 1000 <FO,nop,nop,FOEXP>",
  "+0 > S 0:0(0) <md5 000102030405060708090a0b0c0d0e0f,nop,nop>",
  "+0 < . 1:1(0) ack 1 win 100 <ECN e1b 1 ceb 2 e0b 3,nop>",
  "+0 < [ect0] . 1:1(0) ack 1 win 100",
  "+0 > (tos 0x02) . 1:1(0) ack 1",
  "+0 < (ce, flowlabel 0x12345) . 1:1(0) ack 1 win 1",
  "+0 < (ttl 64) . 1:1(0) ack 1 win 1",
  "+0 > [ect01] . 1:1(0) ack 1",
  "+0 < 5000>8080 S 0:0(0) win 100",
  "+0 < encap psp spi 0x10 . 1:1(0) ack 1 win 1",
  "+0 > udp (100)",
  "+0 < udp 1000>2000 (10)",
  "+0 < icmp unreachable frag_needed mtu 1200 [1:1461(1460)]",
  "+0 < icmp echo_request id 7 [udp (8)]",
  "+0 < icmp type_3 code_4 [raw (20)]",
  "+0 < ipv4 (ttl 3) 1.2.3.4 > 5.6.7.8: . 1:1(0) ack 1 win 1",
  "+0 < ipv6 2001:db8::1 > 2001:db8::2: . 1:1(0) ack 1 win 1",
  "+0 < gre: mpls (label 100, tc 0, [S], ttl 64): . 1:1(0) ack 1 win 1",
  "+0 < gre flags [checksum present, key present, sequence# present] sum 0 off 0 key 0x1234 seq 7: . 1:1(0) ack 1 win 1",
  "key",
  "+0 connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)",
  "+0 fcntl(3, F_GETFL) = 0x2 (flags O_RDWR)",
  "+0 setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0",
  "+0 send(3, ..., 10, MSG_DONTWAIT|MSG_MORE) = 10",
  "+0 getsockopt(3, SOL_TCP, TCP_CONGESTION, \"reno\" \"\\x00\\x00\"..., [6]) = 0",
  "\\x00\\x00",
  "+0 setsockopt(3, SOL_SOCKET, SO_LINGER, {onoff=1, linger=0}, 8) = 0",
  "+0 writev(3, [{..., 10}, {..., 20}], 2) = 30",
  "+0 poll([{fd=3, events=POLLIN}], 1, 0) = 0",
  "+0 epoll_ctl(5, EPOLL_CTL_ADD, 3, {events=EPOLLIN, ptr=0}) = 0",
  "+0 connect(3, {sa_family=AF_INET, sin_port=htons(8080), sin_addr=inet_addr(\"1.2.3.4\")}, 16) = 0",
  "+0 setsockopt(3, SOL_IPV6, IPV6_TCLASS, inet6_addr(\"2001:db8::1\"), 16) = 0",
  "+0 recvmsg(3, {msg_name(...)=..., msg_iov(1)=[{..., 0}], msg_flags=MSG_ERRQUEUE, msg_control=[{cmsg_level=SOL_IP, cmsg_type=IP_RECVERR, cmsg_data={ee_errno=ENOMSG, ee_origin=SO_EE_ORIGIN_TIMESTAMPING, ee_type=0, ee_code=0, ee_info=SCM_TSTAMP_ACK, ee_data=9}}, {cmsg_level=SOL_SOCKET, cmsg_type=SCM_TIMESTAMPING, cmsg_data={scm_sec=0, scm_nsec=30}}]}, MSG_ERRQUEUE) = 0",
  "+0 recvmsg(3, {msg_name(...)=..., msg_iov(1)=[{..., 0}], msg_flags=0, msg_control=[{cmsg_level=SOL_SOCKET, cmsg_type=SCM_TIMESTAMPING_OPT_STATS, cmsg_data=[TCP_NLA_BUSY=1000, TCP_NLA_SRTT=...]}]}, 0) = 0",
  "+0 setsockopt(3, SOL_IP, 99, {(label 1, tc 0, [S], ttl 64)}, 4) = 0",
  "+0 `echo hi`",
  "+0 %{ assert x == 1 }%",
  "+0 state TCP_CLOSING",
  "+0 < Q 0:0(0) win 1000",
  "+0 > S.E 0:0(0)",
  "+0 > E5 0:0(0)",
  "+0 < . 1:1(0) ack 1",
  "+0 > . 1:11(5) ack 1",
  "+0 < . 1:1(0) ack 1 win 1 <...>",
  "+0 < [ect01] . 1:1(0) ack 1 win 1",
  "+0 > [ect0] udp (10)",
  "+0 > (tos 16) . 1:1(0) ack 1",
  "+0 < (ttl 0x40) . 1:1(0) ack 1 win 1",
  "+0 < (ttl 1, ce) . 1:1(0) ack 1 win 1",
  "+0 < . 1:1(0) ack 1 win 70000",
  "+0 < 70000>1 . 1:1(0) ack 1 win 1",
  "+0 > S 0:0(0) <wscale 300,nop>",
  "+0 > . 4294967296:4294967296(0) ack 1",
  "+0 < (flowlabel 0x123456) . 1:1(0) ack 1 win 1",
  "+0 < . 1:1(0) ack 1 win 1 <ECN e0b 16777216,nop,nop>",
  "+0 < . 1:1(0) ack 1 win 1 <ECN ceb 1 e0b 1,nop>",
  "+0 > S 0:0(0) <mss 1460,nop>",
  "+0 > S 0:0(0) <sack 1:2 3:4 5:6 7:8 9:10,nop,nop>",
  "+0 < S 0:0(0) win 1 <FO abc,nop>",
  "+0 < S 0:0(0) win 1 <FO zz,nop,nop>",
  "+0 < icmp bogus",
  "+0 < icmp unreachable nope",
  "+0 < icmp unreachable port_unreachable mtu 1200",
  "+0 > . 1:65536(65535) ack 1",
  "* < . 1:1(0) ack 1 win 1",
  "0~1 close(3) = 0",
  "+0.5~+0.2 > . 1:1(0) ack 1",
  "+0~1 > . 1:1(0) ack 1",
  "+0...1 > . 1:1(0) ack 1",
  "+0 frobnicate(3) = 0",
  "+0 setsockopt(3, SOL_SOCKET, SO_NOPE, [1], 4) = 0",
  "+0 close(3) = -1 ENOPE (No such thing)",
  "+0 close(3) = -1 EBADF",
  "+0 close(3) = ...",
  "+0 close(3) = FOO",
  "+0 send(3, ..., 1, ...|MSG_MORE) = 1",
  "+0 state TCP_BOGUS",
  "+0 poll([{fd=3, revents=POLLIN}], 1, 0) = 0",
  "+0 recvmsg(3, {msg_name(...)=..., msg_iov(2)=[{..., 0}], msg_flags=0}, 0) = 0",
  "+0 close(3) = -1 EIO (errno 5)",
  "+0 close(3 = 0",
  "+0 > . 1:1(0) ack 1\nclose(3) = 0",
  "+.1...0.3 read(3, ..., 1) = 1",
  "1.001 close(3) = 0",
  "+1~+2 > . 1:1(0) ack 1",
  "3~4 > . 1:1(0) ack 1",
  "* > . 1:1(0) ack 1",
  "+0 > P. 1:2001(2000) ack 1 <nop,nop,TS val 120 ecr 720>",
  "+0 poll([{fd=4, events=POLLIN|POLLOUT, revents=POLLOUT}], 1, 0) = 1",
  "+0 < ipv6 [ect0] fd3d::1 > ::1: gre, flags 0 sum 0 off 0 key = 1 seq 2: . 1:1(0) ack 1 win 1",
  "+0 write(3, ..., \"a\n b\") = 1 +0 %{ d = {1: 2}}%",
  "+0 close(3) = -1 EIO (flags x y)",
  "+0 sendmsg(3, {msg_name(...)=..., msg_iov(1)=[{..., 10}], msg_flags=0}, 0) = 10",
  "+0 setsockopt(3, SOL_SOCKET, SO_LINGER, {}, 8) = 0",
  "+0 f(3, {flags [none] sum 0x1 off 0 key 0 seq 0}) = 0"
];

/** Pieces a mutation inserts: every token kind, keywords, and characters no token starts with. */
const POOL = [
  '<', '>', '(', ')', '[', ']', '{', '}', ',', ':', '=', '|', '.', '-', '+', '*', '~', '...', '0', '1', '0x10', '0xg',
  '1.5', '-1', '-.5', '.5', '1state', 'S', 'S.', 'P.', 'win', 'ack', 'nop', 'mss', 'sack', 'TS', 'val', 'ecr', 'udp',
  'icmp', 'gre', 'GREv0', 'Flags', 'mpls', 'ipv4', 'ipv6', 'flags', 'label', 'tc', 'ttl', 'fd', 'events', 'state',
  'close', '"s"', '"\\"', '`c`', '%{ x }%', '%', '--mtu', '--', 'FOO', '\n', '\r', '#', '/', '/*', '*/', '//', 'é',
  '1.2.3.4', '::1', 'fd3d::1', 'ab:cd', '1:2:3', 'inet_addr', 'htons', 'encap', 'psp', 'spi', 'ect0', 'tos',
  'sequence#', 'sequence', 'present', 'checksum', 'none', 'key', 'seq', 'sum', 'off', 'msg_iov', 'msg_name',
  'sa_family', 'e0b', 'ECN', 'FO', 'md5', 'eol', 'wscale', 'sackOK', 'urg', 'id', 'mtu', 'raw', '_x',
];

function scripts(dir: string, out: string[]): void {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) scripts(path, out);
    else if (name.endsWith('.pkt')) out.push(readFileSync(path, 'utf8'));
  }
}

/** A deterministic generator (a linear congruential one), so failures reproduce. */
function random(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state % n;
  };
}

function mutate(text: string, rnd: (n: number) => number): string {
  const parts = text.split(/(\s+|[<>()[\]{},:=|~*+]|\.\.\.)/).filter((p) => p !== undefined && p !== '');
  for (let n = 1 + rnd(2); n > 0; n--) {
    const i = rnd(parts.length);
    const piece = POOL[rnd(POOL.length)]!;
    switch (rnd(6)) {
      case 0: parts.splice(i, 1); break;
      case 1: parts.splice(i, 0, parts[i] ?? ''); break;
      case 2: parts[i] = piece; break;
      case 3: parts.splice(i, 0, ` ${piece} `); break;
      case 4: parts.splice(i, 0, piece); break;
      default: if (i + 1 < parts.length) [parts[i], parts[i + 1]] = [parts[i + 1]!, parts[i]!];
    }
  }
  return parts.join('');
}

/** The corpus: `perScript` mutations of each base script. */
export function grammarCorpus(perScript = 40): string[] {
  const base: string[] = [];
  scripts(join(ROOT, 'fixtures'), base);
  scripts(join(ROOT, 'test'), base);
  for (const line of LINES) base.push(`${HEAD}${line}\n`);
  base.push(`--define=LVL=SOL_TCP\n--define=S="reno"\n--define=C=\`true\`\n--define=N=3\n--tolerance_usecs=5000\n${HEAD}+0 setsockopt(3, LVL, TCP_CONGESTION, S, 4) = 0\n+0 close(3) = RES\n+0 C\n+0 > S N:N(0)\n`);
  base.push(`${HEAD}${LINES.join('\n')}\n`);
  const rnd = random(12345);
  const out = [...base];
  for (const text of base) for (let k = 0; k < perScript; k++) out.push(mutate(text, rnd));
  return out;
}
