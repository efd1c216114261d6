// Symbolic constants usable as syscall arguments (script-language.md §10), with their
// Linux x86_64 values. Names missing from packetdrill's table (SOCK_CLOEXEC, TCP_REPAIR,
// TCP_ULP, IPPROTO_MPTCP, SIOCOUTQ) are deliberately absent: scripts must write them as
// numbers or supply them with -D, exactly as under packetdrill.
import { ERRNO } from './errno.js';

type Group = readonly (readonly [string, number | bigint])[];

// include/linux/socket.h (AF_*/PF_*), include/linux/net.h (SOCK_*), include/uapi/linux/in.h
// and in6.h (IPPROTO_*), include/linux/net.h (SHUT_* via glibc sys/socket.h), stddef.h (NULL).
const GENERIC: Group = [
  ['AF_UNSPEC', 0], ['AF_INET', 2], ['AF_INET6', 10], ['AF_PACKET', 17],
  ['PF_UNSPEC', 0], ['PF_INET', 2], ['PF_INET6', 10], ['PF_PACKET', 17],
  ['SOCK_STREAM', 1], ['SOCK_DGRAM', 2], ['SOCK_RAW', 3], ['SOCK_NONBLOCK', 0x800],
  ['IPPROTO_IP', 0], ['IPPROTO_ICMP', 1], ['IPPROTO_TCP', 6], ['IPPROTO_UDP', 17],
  ['IPPROTO_IPV6', 41], ['IPPROTO_GRE', 47], ['IPPROTO_ICMPV6', 58], ['IPPROTO_RAW', 255],
  ['SHUT_RD', 0], ['SHUT_WR', 1], ['SHUT_RDWR', 2],
  ['NULL', 0],
];

// include/linux/socket.h (SOL_*); SOL_TCP/SOL_UDP equal their IPPROTO_* numbers.
const LEVELS: Group = [
  ['SOL_IP', 0], ['SOL_SOCKET', 1], ['SOL_TCP', 6], ['SOL_UDP', 17], ['SOL_IPV6', 41],
];

// include/uapi/asm-generic/socket.h (x86_64 uses the generic numbers; the *_OLD time values).
const SOCKET_OPTIONS: Group = [
  ['SO_DEBUG', 1], ['SO_REUSEADDR', 2], ['SO_TYPE', 3], ['SO_ERROR', 4],
  ['SO_DONTROUTE', 5], ['SO_BROADCAST', 6], ['SO_SNDBUF', 7], ['SO_RCVBUF', 8],
  ['SO_KEEPALIVE', 9], ['SO_OOBINLINE', 10], ['SO_NO_CHECK', 11], ['SO_PRIORITY', 12],
  ['SO_LINGER', 13], ['SO_BSDCOMPAT', 14], ['SO_REUSEPORT', 15], ['SO_PASSCRED', 16],
  ['SO_PEERCRED', 17], ['SO_RCVLOWAT', 18], ['SO_SNDLOWAT', 19], ['SO_RCVTIMEO', 20],
  ['SO_SNDTIMEO', 21], ['SO_BINDTODEVICE', 25], ['SO_ATTACH_FILTER', 26],
  ['SO_DETACH_FILTER', 27], ['SO_TIMESTAMP', 29], ['SO_ACCEPTCONN', 30],
  ['SO_SNDBUFFORCE', 32], ['SO_RCVBUFFORCE', 33], ['SO_TIMESTAMPNS', 35], ['SO_MARK', 36],
  ['SO_TIMESTAMPING', 37], ['SO_PROTOCOL', 38], ['SO_DOMAIN', 39], ['SO_RXQ_OVFL', 40],
  ['SO_PEEK_OFF', 42], ['SO_BUSY_POLL', 46], ['SO_MAX_PACING_RATE', 47],
  ['SO_INCOMING_CPU', 49], ['SO_MEMINFO', 55], ['SO_INCOMING_NAPI_ID', 56],
  ['SO_COOKIE', 57], ['SO_ZEROCOPY', 60], ['SO_TXTIME', 61], ['SO_BINDTOIFINDEX', 62],
  ['SCM_TIMESTAMP', 29], ['SCM_TIMESTAMPNS', 35], ['SCM_TIMESTAMPING', 37],
  ['SCM_TIMESTAMPING_OPT_STATS', 54], ['SCM_TIMESTAMPING_PKTINFO', 58],
];

// include/uapi/linux/in.h
const IP_OPTIONS: Group = [
  ['IP_TOS', 1], ['IP_TTL', 2], ['IP_HDRINCL', 3], ['IP_OPTIONS', 4], ['IP_PKTINFO', 8],
  ['IP_MTU_DISCOVER', 10], ['IP_RECVERR', 11], ['IP_RECVTTL', 12], ['IP_RECVTOS', 13],
  ['IP_MTU', 14], ['IP_FREEBIND', 15], ['IP_TRANSPARENT', 19],
  ['IP_BIND_ADDRESS_NO_PORT', 24],
  ['IP_PMTUDISC_DONT', 0], ['IP_PMTUDISC_WANT', 1], ['IP_PMTUDISC_DO', 2],
  ['IP_PMTUDISC_PROBE', 3], ['IP_PMTUDISC_INTERFACE', 4], ['IP_PMTUDISC_OMIT', 5],
];

// include/uapi/linux/in6.h
const IPV6_OPTIONS: Group = [
  ['IPV6_UNICAST_HOPS', 16], ['IPV6_MTU_DISCOVER', 23], ['IPV6_MTU', 24],
  ['IPV6_RECVERR', 25], ['IPV6_V6ONLY', 26], ['IPV6_RECVPKTINFO', 49],
  ['IPV6_RECVHOPLIMIT', 51], ['IPV6_HOPLIMIT', 52], ['IPV6_RECVTCLASS', 66],
  ['IPV6_TCLASS', 67], ['IPV6_TRANSPARENT', 75], ['IPV6_FREEBIND', 78],
];

// include/uapi/linux/tcp.h (socket options); include/net/tcp.h (TCP_INFINITE_SSTHRESH);
// include/uapi/linux/tcp.h enum tcp_ca_state (TCP_CA_*, upper-cased as packetdrill does).
const TCP_OPTIONS: Group = [
  ['TCP_NODELAY', 1], ['TCP_MAXSEG', 2], ['TCP_CORK', 3], ['TCP_KEEPIDLE', 4],
  ['TCP_KEEPINTVL', 5], ['TCP_KEEPCNT', 6], ['TCP_SYNCNT', 7], ['TCP_LINGER2', 8],
  ['TCP_DEFER_ACCEPT', 9], ['TCP_WINDOW_CLAMP', 10], ['TCP_INFO', 11],
  ['TCP_QUICKACK', 12], ['TCP_CONGESTION', 13], ['TCP_MD5SIG', 14],
  ['TCP_THIN_LINEAR_TIMEOUTS', 16], ['TCP_THIN_DUPACK', 17], ['TCP_USER_TIMEOUT', 18],
  ['TCP_FASTOPEN', 23], ['TCP_TIMESTAMP', 24], ['TCP_NOTSENT_LOWAT', 25],
  ['TCP_CC_INFO', 26], ['TCP_SAVE_SYN', 27], ['TCP_SAVED_SYN', 28],
  ['TCP_FASTOPEN_CONNECT', 30], ['TCP_FASTOPEN_KEY', 33], ['TCP_FASTOPEN_NO_COOKIE', 34],
  ['TCP_INQ', 36], ['TCP_CM_INQ', 36], ['TCP_TX_DELAY', 37],
  ['TCP_INFINITE_SSTHRESH', 0x7fffffff],
  ['TCP_CA_OPEN', 0], ['TCP_CA_DISORDER', 1], ['TCP_CA_CWR', 2], ['TCP_CA_RECOVERY', 3],
  ['TCP_CA_LOSS', 4],
];

// include/uapi/linux/tcp.h enum TCP_NLA_* (SCM_TIMESTAMPING_OPT_STATS attributes); the
// range packetdrill knows, TCP_NLA_BUSY … TCP_NLA_SRTT (§7.4).
const TCP_NLA: Group = [
  'BUSY', 'RWND_LIMITED', 'SNDBUF_LIMITED', 'DATA_SEGS_OUT', 'TOTAL_RETRANS',
  'PACING_RATE', 'DELIVERY_RATE', 'SND_CWND', 'REORDERING', 'MIN_RTT', 'RECUR_RETRANS',
  'DELIVERY_RATE_APP_LMT', 'SNDQ_SIZE', 'CA_STATE', 'SND_SSTHRESH', 'DELIVERED',
  'DELIVERED_CE', 'BYTES_SENT', 'BYTES_RETRANS', 'DSACK_DUPS', 'REORD_SEEN', 'SRTT',
].map((name, i) => [`TCP_NLA_${name}`, i + 1] as const);

// include/linux/socket.h (MSG_*)
const MSG_FLAGS: Group = [
  ['MSG_OOB', 0x1], ['MSG_PEEK', 0x2], ['MSG_DONTROUTE', 0x4], ['MSG_CTRUNC', 0x8],
  ['MSG_PROBE', 0x10], ['MSG_TRUNC', 0x20], ['MSG_DONTWAIT', 0x40], ['MSG_EOR', 0x80],
  ['MSG_WAITALL', 0x100], ['MSG_FIN', 0x200], ['MSG_SYN', 0x400], ['MSG_CONFIRM', 0x800],
  ['MSG_RST', 0x1000], ['MSG_ERRQUEUE', 0x2000], ['MSG_NOSIGNAL', 0x4000],
  ['MSG_MORE', 0x8000], ['MSG_WAITFORONE', 0x10000], ['MSG_BATCH', 0x40000],
  ['MSG_ZEROCOPY', 0x4000000], ['MSG_FASTOPEN', 0x20000000],
  ['MSG_CMSG_CLOEXEC', 0x40000000],
];

// include/uapi/linux/net_tstamp.h (SOF_TIMESTAMPING_*, SCM_TSTAMP_*) and
// include/uapi/linux/errqueue.h (SO_EE_*).
const TIMESTAMPING: Group = [
  'TX_HARDWARE', 'TX_SOFTWARE', 'RX_HARDWARE', 'RX_SOFTWARE', 'SOFTWARE', 'SYS_HARDWARE',
  'RAW_HARDWARE', 'OPT_ID', 'TX_SCHED', 'TX_ACK', 'OPT_CMSG', 'OPT_TSONLY', 'OPT_STATS',
  'OPT_PKTINFO', 'OPT_TX_SWHW', 'BIND_PHC', 'OPT_ID_TCP',
].map((name, bit) => [`SOF_TIMESTAMPING_${name}`, 1 << bit] as const);

const ERRQUEUE: Group = [
  ['SCM_TSTAMP_SND', 0], ['SCM_TSTAMP_SCHED', 1], ['SCM_TSTAMP_ACK', 2],
  ['SO_EE_ORIGIN_NONE', 0], ['SO_EE_ORIGIN_LOCAL', 1], ['SO_EE_ORIGIN_ICMP', 2],
  ['SO_EE_ORIGIN_ICMP6', 3], ['SO_EE_ORIGIN_TXSTATUS', 4], ['SO_EE_ORIGIN_TIMESTAMPING', 4],
  ['SO_EE_ORIGIN_ZEROCOPY', 5], ['SO_EE_ORIGIN_TXTIME', 6],
  ['SO_EE_CODE_ZEROCOPY_COPIED', 1],
];

// include/uapi/asm-generic/fcntl.h (O_*, F_*, FD_CLOEXEC; F_LINUX_SPECIFIC_BASE = 1024)
// and include/uapi/asm-generic/ioctls.h (FIONREAD; SIOCINQ is FIONREAD, linux/sockios.h).
const FILES: Group = [
  ['O_RDONLY', 0], ['O_WRONLY', 1], ['O_RDWR', 2], ['O_CREAT', 0o100], ['O_EXCL', 0o200],
  ['O_NOCTTY', 0o400], ['O_TRUNC', 0o1000], ['O_APPEND', 0o2000], ['O_NONBLOCK', 0o4000],
  ['O_NDELAY', 0o4000], ['O_DSYNC', 0o10000], ['O_ASYNC', 0o20000], ['O_DIRECT', 0o40000],
  ['O_DIRECTORY', 0o200000], ['O_NOFOLLOW', 0o400000], ['O_NOATIME', 0o1000000],
  ['O_CLOEXEC', 0o2000000], ['O_SYNC', 0o4010000],
  ['F_DUPFD', 0], ['F_GETFD', 1], ['F_SETFD', 2], ['F_GETFL', 3], ['F_SETFL', 4],
  ['F_GETLK', 5], ['F_SETLK', 6], ['F_SETLKW', 7], ['F_SETOWN', 8], ['F_GETOWN', 9],
  ['F_SETSIG', 10], ['F_GETSIG', 11], ['F_DUPFD_CLOEXEC', 1030], ['F_SETPIPE_SZ', 1031],
  ['F_GETPIPE_SZ', 1032], ['FD_CLOEXEC', 1],
  ['FIONREAD', 0x541b], ['SIOCINQ', 0x541b],
];

// include/uapi/asm-generic/poll.h, include/uapi/linux/eventpoll.h, include/linux/splice.h.
const POLL: Group = [
  ['POLLIN', 0x1], ['POLLPRI', 0x2], ['POLLOUT', 0x4], ['POLLERR', 0x8], ['POLLHUP', 0x10],
  ['POLLNVAL', 0x20], ['POLLRDNORM', 0x40], ['POLLRDBAND', 0x80], ['POLLWRNORM', 0x100],
  ['POLLWRBAND', 0x200], ['POLLMSG', 0x400], ['POLLREMOVE', 0x1000], ['POLLRDHUP', 0x2000],
  ['EPOLLIN', 0x1], ['EPOLLPRI', 0x2], ['EPOLLOUT', 0x4], ['EPOLLERR', 0x8],
  ['EPOLLHUP', 0x10], ['EPOLLNVAL', 0x20], ['EPOLLRDNORM', 0x40], ['EPOLLRDBAND', 0x80],
  ['EPOLLWRNORM', 0x100], ['EPOLLWRBAND', 0x200], ['EPOLLMSG', 0x400],
  ['EPOLLRDHUP', 0x2000], ['EPOLLEXCLUSIVE', 1n << 28n], ['EPOLLWAKEUP', 1n << 29n],
  ['EPOLLONESHOT', 1n << 30n], ['EPOLLET', 1n << 31n],
  ['EPOLL_CTL_ADD', 1], ['EPOLL_CTL_DEL', 2], ['EPOLL_CTL_MOD', 3],
  ['SPLICE_F_MOVE', 1], ['SPLICE_F_NONBLOCK', 2], ['SPLICE_F_MORE', 4], ['SPLICE_F_GIFT', 8],
];

// libcap sys/capability.h (cap_flag_t, cap_flag_value_t) and
// include/uapi/linux/capability.h (CAP_CHOWN … CAP_BLOCK_SUSPEND, the range packetdrill has).
const CAPABILITIES: Group = [
  ['CAP_EFFECTIVE', 0], ['CAP_PERMITTED', 1], ['CAP_INHERITABLE', 2],
  ['CAP_CLEAR', 0], ['CAP_SET', 1],
  ...[
    'CHOWN', 'DAC_OVERRIDE', 'DAC_READ_SEARCH', 'FOWNER', 'FSETID', 'KILL', 'SETGID',
    'SETUID', 'SETPCAP', 'LINUX_IMMUTABLE', 'NET_BIND_SERVICE', 'NET_BROADCAST',
    'NET_ADMIN', 'NET_RAW', 'IPC_LOCK', 'IPC_OWNER', 'SYS_MODULE', 'SYS_RAWIO',
    'SYS_CHROOT', 'SYS_PTRACE', 'SYS_PACCT', 'SYS_ADMIN', 'SYS_BOOT', 'SYS_NICE',
    'SYS_RESOURCE', 'SYS_TIME', 'SYS_TTY_CONFIG', 'MKNOD', 'LEASE', 'AUDIT_WRITE',
    'AUDIT_CONTROL', 'SETFCAP', 'MAC_OVERRIDE', 'MAC_ADMIN', 'SYSLOG', 'WAKE_ALARM',
    'BLOCK_SUSPEND',
  ].map((name, i) => [`CAP_${name}`, i] as const),
];

// errno names are symbols too (§10), e.g. `ee_errno=ENOMSG`; see errno.ts.
const ERRNO_NAMES: Group = [...ERRNO];

export const SYMBOLS: ReadonlyMap<string, bigint> = new Map(
  [
    GENERIC, LEVELS, SOCKET_OPTIONS, IP_OPTIONS, IPV6_OPTIONS, TCP_OPTIONS, TCP_NLA,
    MSG_FLAGS, TIMESTAMPING, ERRQUEUE, FILES, POLL, CAPABILITIES, ERRNO_NAMES,
  ].flatMap((group) => group.map(([name, value]) => [name, BigInt(value)] as const)),
);

/** The value of a §10 symbol, or undefined if packetdrill's table lacks it. */
export function lookupSymbol(name: string): bigint | undefined {
  return SYMBOLS.get(name);
}
