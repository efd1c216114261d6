// Kernel ABI constants for the runner's edges: TUN device, packet capture, sock_diag,
// process control. Values are the x86_64/aarch64 ones (both use the asm-generic
// socket numbering). Each group names the header it comes from.

// include/uapi/linux/if_tun.h
export const IFF_TUN = 0x0001;
export const IFF_NO_PI = 0x1000;
export const IFF_VNET_HDR = 0x4000;
/** _IOW('T', 202, int) */
export const TUNSETIFF = 0x400454ca;
/** _IOW('T', 208, unsigned int) */
export const TUNSETOFFLOAD = 0x400454d0;
export const TUN_F_CSUM = 0x01;
export const TUN_F_TSO4 = 0x02;
export const TUN_F_TSO6 = 0x04;
export const TUN_F_TSO_ECN = 0x08;

// include/uapi/linux/if.h
export const IFNAMSIZ = 16;
/** sizeof(struct ifreq) on 64-bit: 16-byte name + 24-byte union. */
export const IFREQ_SIZE = 40;
/** offsetof(struct ifreq, ifr_flags) */
export const IFREQ_FLAGS_OFFSET = 16;

// include/uapi/linux/virtio_net.h (struct virtio_net_hdr, without num_buffers)
export const VIRTIO_NET_HDR_LEN = 10;

// include/linux/socket.h
export const AF_INET = 2;
export const AF_NETLINK = 16;
export const AF_PACKET = 17;
export const AF_INET6 = 10;
/** struct cmsghdr on 64-bit: size_t cmsg_len, int cmsg_level, int cmsg_type. */
export const CMSGHDR_LEN = 16;
/** struct msghdr on 64-bit. */
export const MSGHDR_LEN = 56;
export const MSG_DONTWAIT = 0x40;
export const MSG_TRUNC = 0x20;

// include/linux/net.h (enum sock_type) and include/linux/net.h SOCK_* flags
export const SOCK_RAW = 3;
export const SOCK_NONBLOCK = 0x800;
export const SOCK_CLOEXEC = 0x80000;

// include/uapi/asm-generic/socket.h
export const SOL_SOCKET = 1;
export const SO_RCVBUF = 8;
export const SO_RCVBUFFORCE = 33;
/** SO_TIMESTAMPNS_OLD: struct timespec with 64-bit fields on 64-bit hosts. */
export const SO_TIMESTAMPNS = 35;
export const SCM_TIMESTAMPNS = SO_TIMESTAMPNS;

// include/uapi/linux/if_ether.h
export const ETH_P_ALL = 0x0003;

// include/uapi/linux/if_packet.h (struct sockaddr_ll, sll_pkttype values)
export const SOCKADDR_LL_LEN = 20;
export const SLL_PKTTYPE_OFFSET = 10;
export const PACKET_HOST = 0;
export const PACKET_OUTGOING = 4;

// include/uapi/asm-generic/poll.h
export const POLLIN = 0x0001;

// include/uapi/linux/time.h
export const CLOCK_REALTIME = 0;
/** The clock of process.hrtime (libuv's uv_hrtime). */
export const CLOCK_MONOTONIC = 1;
/** Advances once per kernel tick: its resolution is 1/HZ. */
export const CLOCK_MONOTONIC_COARSE = 6;

// include/uapi/linux/tcp.h: TCP-MD5 (RFC 2385) and TCP-AO (RFC 5925) keys
export const TCP_MD5SIG = 14;
export const TCP_AO_ADD_KEY = 38;
/** sizeof(struct tcp_md5sig): sockaddr_storage, flags, prefixlen, keylen, ifindex, key[80]. */
export const TCP_MD5SIG_LEN = 216;
export const TCP_MD5SIG_KEYLEN_OFFSET = 130;
export const TCP_MD5SIG_KEY_OFFSET = 136;
/** sizeof(struct tcp_ao_add): sockaddr_storage, alg_name[64], ifindex, flags, reserved2, prefix..keylen, key[80]. */
export const TCP_AO_ADD_LEN = 288;
export const TCP_AO_ADD_ALG_OFFSET = 128;
export const TCP_AO_ADD_PREFIX_OFFSET = 202;

// include/uapi/linux/prctl.h
export const PR_SET_PDEATHSIG = 1;

// include/uapi/linux/netlink.h
export const NETLINK_ROUTE = 0;
export const NETLINK_SOCK_DIAG = 4;
export const NLMSG_HDRLEN = 16;
export const NLMSG_ERROR = 0x2;
export const NLMSG_DONE = 0x3;
export const NLM_F_REQUEST = 0x01;
export const NLM_F_ACK = 0x04;
export const NLM_F_REPLACE = 0x100;
export const NLM_F_EXCL = 0x200;
export const NLM_F_CREATE = 0x400;
/** struct nlattr: u16 length, u16 type; attributes are padded to 4 bytes. */
export const NLA_HDRLEN = 4;

// include/uapi/linux/rtnetlink.h
export const RTM_NEWLINK = 16;
export const RTM_NEWADDR = 20;
export const RTM_NEWROUTE = 24;
/** sizeof(struct ifinfomsg), sizeof(struct ifaddrmsg), sizeof(struct rtmsg). */
export const IFINFOMSG_LEN = 16;
export const IFADDRMSG_LEN = 8;
export const RTMSG_LEN = 12;
export const RTA_DST = 1;
export const RTA_OIF = 4;
export const RTA_GATEWAY = 5;
export const RT_TABLE_MAIN = 254;
/** What `ip route` marks its routes with when no proto is given. */
export const RTPROT_BOOT = 3;
export const RT_SCOPE_UNIVERSE = 0;
export const RTN_UNICAST = 1;
export const RTNH_F_ONLINK = 4;

// include/uapi/linux/if_link.h
export const IFLA_MTU = 4;

// include/uapi/linux/if_addr.h
export const IFA_ADDRESS = 1;
export const IFA_LOCAL = 2;
export const IFA_F_NODAD = 0x02;

// include/uapi/linux/if.h (net_device_flags)
export const IFF_UP = 0x1;
/** NLM_F_ROOT | NLM_F_MATCH */
export const NLM_F_DUMP = 0x300;

// include/uapi/linux/sock_diag.h
export const SOCK_DIAG_BY_FAMILY = 20;

// include/uapi/linux/inet_diag.h
/** sizeof(struct inet_diag_req_v2): 4 bytes of header + 4 states + 48 sockid. */
export const INET_DIAG_REQ_V2_LEN = 56;
/** sizeof(struct inet_diag_msg) without attributes. */
export const INET_DIAG_MSG_LEN = 72;
/** offsetof(struct inet_diag_msg, id) and the fields of struct inet_diag_sockid. */
export const INET_DIAG_MSG_ID_OFFSET = 4;
export const INET_DIAG_SOCKID_SRC_OFFSET = 4;
export const INET_DIAG_SOCKID_DST_OFFSET = 20;
/** inet_diag_req_v2: the inet_diag_sockid starts after family, protocol, ext, pad and states. */
export const INET_DIAG_REQ_ID_OFFSET = 8;
/** inet_diag_sockid.idiag_cookie[0]; INET_DIAG_NOCOOKIE (~0U in both words) matches any socket. */
export const INET_DIAG_SOCKID_COOKIE_OFFSET = 40;
export const INET_DIAG_NOCOOKIE = 0xffffffff;
/** offsetof(struct inet_diag_msg, idiag_inode): 0 for an orphan (no file). */
export const INET_DIAG_MSG_INODE_OFFSET = 68;

// include/uapi/linux/mount.h
export const MS_BIND = 4096;

// include/uapi/asm-generic/mman-common.h
/** mlock2(2): lock pages as they are faulted in, not the whole range at once. */
export const MLOCK_ONFAULT = 1;
export const PROT_READ = 1;
export const PROT_WRITE = 2;

// include/uapi/linux/mman.h
export const MAP_SHARED = 1;
