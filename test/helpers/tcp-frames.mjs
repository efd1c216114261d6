// Minimal hand-built TCP/IP frames for the kernel tests of tun, sniffer and sockdiag.
// Independent of src/runner/wire on purpose: these tests check the device plumbing,
// so the frames are built from RFC 791/8200/9293 directly.

function sum16(bytes, start = 0) {
  let s = start;
  for (let i = 0; i + 1 < bytes.length; i += 2) s += (bytes[i] << 8) | bytes[i + 1];
  if (bytes.length % 2) s += bytes[bytes.length - 1] << 8;
  return s;
}

function fold(s) {
  while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
  return ~s & 0xffff;
}

/** Bytes of an IPv4 or IPv6 address in text (no embedded dotted quad in IPv6). */
export function addrBytes(ip) {
  if (!ip.includes(':')) return Uint8Array.from(ip.split('.').map(Number));
  const [h, t = ''] = ip.split('::');
  const w = (p) => (p === '' ? [] : p.split(':').map((x) => parseInt(x, 16)));
  const head = w(h);
  const tail = ip.includes('::') ? w(t) : [];
  const all = [...head, ...Array(8 - head.length - tail.length).fill(0), ...tail];
  return Uint8Array.from(all.flatMap((x) => [x >> 8, x & 0xff]));
}

/** virtio-net header (zero) + IP + TCP with correct checksums. */
export function tcpFrame({ src, dst, sport, dport, seq, ack = 0, flags, win = 65535 }) {
  const s = addrBytes(src);
  const d = addrBytes(dst);
  const v6 = s.length === 16;
  const tcp = new Uint8Array(20);
  const tv = new DataView(tcp.buffer);
  tv.setUint16(0, sport);
  tv.setUint16(2, dport);
  tv.setUint32(4, seq >>> 0);
  tv.setUint32(8, ack >>> 0);
  tcp[12] = 5 << 4;
  tcp[13] = flags;
  tv.setUint16(14, win);
  const pseudo = sum16(s) + sum16(d) + 6 + tcp.length;
  tv.setUint16(16, fold(sum16(tcp, pseudo)));
  const ip = v6 ? new Uint8Array(40) : new Uint8Array(20);
  const iv = new DataView(ip.buffer);
  if (v6) {
    ip[0] = 0x60;
    iv.setUint16(4, tcp.length);
    ip[6] = 6;
    ip[7] = 64;
    ip.set(s, 8);
    ip.set(d, 24);
  } else {
    ip[0] = 0x45;
    iv.setUint16(2, 20 + tcp.length);
    ip[8] = 64;
    ip[9] = 6;
    ip.set(s, 12);
    ip.set(d, 16);
    iv.setUint16(10, fold(sum16(ip)));
  }
  const frame = new Uint8Array(10 + ip.length + tcp.length);
  frame.set(ip, 10);
  frame.set(tcp, 10 + ip.length);
  return frame;
}

/** The fields the tests look at in a captured IP datagram. */
export function parseTcp(bytes) {
  const version = bytes[0] >> 4;
  const ihl = version === 4 ? (bytes[0] & 0xf) * 4 : 40;
  const proto = version === 4 ? bytes[9] : bytes[6];
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (proto !== 6) return { version, proto };
  return {
    version,
    proto,
    sport: dv.getUint16(ihl),
    dport: dv.getUint16(ihl + 2),
    seq: dv.getUint32(ihl + 4),
    ack: dv.getUint32(ihl + 8),
    flags: bytes[ihl + 13],
  };
}

export const FIN = 0x01;
export const SYN = 0x02;
export const RST = 0x04;
export const ACK = 0x10;
