// TCP header and state constants.

// include/uapi/linux/tcp.h (struct tcphdr bit fields, in wire order of the 16-bit
// data-offset/flags word: AE is the former NS bit, RFC 3540 / draft-ietf-tcpm-accurate-ecn).
export const TCP_FLAG_FIN = 0x001;
export const TCP_FLAG_SYN = 0x002;
export const TCP_FLAG_RST = 0x004;
export const TCP_FLAG_PSH = 0x008;
export const TCP_FLAG_ACK = 0x010;
export const TCP_FLAG_URG = 0x020;
export const TCP_FLAG_ECE = 0x040;
export const TCP_FLAG_CWR = 0x080;
export const TCP_FLAG_AE = 0x100;

/**
 * The flag letters of packetdrill's (and tcpdump's) notation, in the order
 * tcpdrill prints them: `.` (ACK) last, so a printed word parses again.
 */
export const TCP_FLAG_LETTERS: readonly (readonly [letter: string, bit: number])[] = [
  ['F', TCP_FLAG_FIN],
  ['S', TCP_FLAG_SYN],
  ['R', TCP_FLAG_RST],
  ['P', TCP_FLAG_PSH],
  ['U', TCP_FLAG_URG],
  ['E', TCP_FLAG_ECE],
  ['W', TCP_FLAG_CWR],
  ['A', TCP_FLAG_AE],
  ['.', TCP_FLAG_ACK],
];

// include/net/tcp_states.h
export const TCP_STATES = {
  TCP_ESTABLISHED: 1,
  TCP_SYN_SENT: 2,
  TCP_SYN_RECV: 3,
  TCP_FIN_WAIT1: 4,
  TCP_FIN_WAIT2: 5,
  TCP_TIME_WAIT: 6,
  TCP_CLOSE: 7,
  TCP_CLOSE_WAIT: 8,
  TCP_LAST_ACK: 9,
  TCP_LISTEN: 10,
  TCP_CLOSING: 11,
  TCP_NEW_SYN_RECV: 12,
} as const;

/** The states the `state` extension may name: tcpi_state's, so not the request sock's TCP_NEW_SYN_RECV. */
export type TcpStateName = Exclude<keyof typeof TCP_STATES, 'TCP_NEW_SYN_RECV'>;
export const TCP_STATE_NAMES: readonly TcpStateName[] = Object.keys(TCP_STATES).filter((n): n is TcpStateName => n !== 'TCP_NEW_SYN_RECV');

// include/net/tcp.h (TCPOPT_*) and the IANA TCP option registry.
export const TCPOPT_EOL = 0;
export const TCPOPT_NOP = 1;
export const TCPOPT_MSS = 2;
export const TCPOPT_WINDOW = 3;
export const TCPOPT_SACK_PERM = 4;
export const TCPOPT_SACK = 5;
export const TCPOPT_TIMESTAMP = 8;
export const TCPOPT_MD5SIG = 19;
export const TCPOPT_FASTOPEN = 34;
export const TCPOPT_ACCECN0 = 172;
export const TCPOPT_ACCECN1 = 174;
export const TCPOPT_EXP = 254;
/** Magic that follows kind 254 for experimental Fast Open (RFC 7413 §4.1.1). */
export const TCPOPT_FASTOPEN_MAGIC = 0xf989;
