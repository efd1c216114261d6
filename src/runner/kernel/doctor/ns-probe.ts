// Child entry of `tcpdrill doctor`, started by probe-namespace.ts under
// `unshare --net`: learns what a script's run may do in a fresh namespace and
// prints it as one JSON document (NamespaceFacts). It writes one per-namespace
// sysctl (net.ipv4.tcp_ecn), so it first makes sure it is not in its parent's
// namespace: the host's settings are never touched.

import { readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { getSystemErrorName } from 'node:util';
import {
  TCP_AO_ADD_ALG_OFFSET,
  TCP_AO_ADD_KEY,
  TCP_AO_ADD_LEN,
  TCP_AO_ADD_PREFIX_OFFSET,
  TCP_MD5SIG,
  TCP_MD5SIG_KEYLEN_OFFSET,
  TCP_MD5SIG_KEY_OFFSET,
  TCP_MD5SIG_LEN,
} from '../../../linux/kernel.js';
import { IPPROTO_TCP } from '../../../linux/net.js';
import { Libc } from '../libc.js';
import type { NamespaceFacts, Outcome } from '../../doctor/facts.js';

// include/linux/socket.h, include/linux/net.h
const AF_INET = 2;
const SOCK_STREAM = 1;
const KEY = new TextEncoder().encode('tcpdrill');

function errnoName(errno: number): string {
  try {
    return getSystemErrorName(-errno);
  } catch {
    return `errno ${errno}`;
  }
}

const sysctl = (name: string): string => `/proc/sys/${name.replace(/\./g, '/')}`;
const words = (name: string): string[] => readFileSync(sysctl(name), 'utf8').trim().split(/\s+/).filter((w) => w !== '');

function acceptsAccEcn(): Outcome {
  try {
    writeFileSync(sysctl('net.ipv4.tcp_ecn'), '3');
    const now = readFileSync(sysctl('net.ipv4.tcp_ecn'), 'utf8').trim();
    return now === '3' ? { ok: true } : { ok: false, why: `read back ${now}` };
  } catch (e) {
    return { ok: false, why: (e as { code?: string }).code ?? String(e) };
  }
}

/** The peer both keys are for: 192.0.2.1 (sockaddr_in at the start of the sockaddr_storage). */
function withPeer(len: number): Uint8Array {
  const b = new Uint8Array(len);
  new DataView(b.buffer).setUint16(0, AF_INET, true);
  b.set([192, 0, 2, 1], 4);
  return b;
}

function setsockopt(libc: Libc, name: number, value: Uint8Array): Outcome {
  const fd = libc.call('socket', AF_INET, SOCK_STREAM, 0).ret;
  if (fd < 0) return { ok: false, why: 'socket() failed' };
  try {
    const r = libc.call('setsockopt', fd, IPPROTO_TCP, name, value, value.length);
    return r.ret === 0 ? { ok: true } : { ok: false, why: errnoName(r.errno) };
  } finally {
    libc.call('close', fd);
  }
}

/** struct tcp_md5sig for 192.0.2.1 (include/uapi/linux/tcp.h). */
function md5Key(): Uint8Array {
  const b = withPeer(TCP_MD5SIG_LEN);
  new DataView(b.buffer).setUint16(TCP_MD5SIG_KEYLEN_OFFSET, KEY.length, true);
  b.set(KEY, TCP_MD5SIG_KEY_OFFSET);
  return b;
}

/** struct tcp_ao_add for 192.0.2.1/32, hmac(sha1), ids 100/100, 12-byte MAC (include/uapi/linux/tcp.h). */
function aoKey(): Uint8Array {
  const b = withPeer(TCP_AO_ADD_LEN);
  b.set(new TextEncoder().encode('hmac(sha1)'), TCP_AO_ADD_ALG_OFFSET);
  // prefix, sndid, rcvid, maxmac, keyflags, keylen, then the key.
  b.set([32, 100, 100, 12, 0, KEY.length], TCP_AO_ADD_PREFIX_OFFSET);
  b.set(KEY, TCP_AO_ADD_PREFIX_OFFSET + 6);
  return b;
}

function probe(): NamespaceFacts {
  const libc = Libc.load();
  return {
    allowedCongestionControl: words('net.ipv4.tcp_allowed_congestion_control'),
    availableCongestionControl: words('net.ipv4.tcp_available_congestion_control'),
    defaultCongestionControl: words('net.ipv4.tcp_congestion_control')[0] ?? '',
    accEcn: acceptsAccEcn(),
    md5: setsockopt(libc, TCP_MD5SIG, md5Key()),
    ao: setsockopt(libc, TCP_AO_ADD_KEY, aoKey()),
  };
}

if (readlinkSync('/proc/self/ns/net') === readlinkSync(`/proc/${process.ppid}/ns/net`)) {
  process.stderr.write('tcpdrill doctor: the namespace probe must run in its own network namespace (it is started by `tcpdrill doctor`)\n');
  process.exitCode = 3;
} else {
  process.stdout.write(`${JSON.stringify(probe())}\n`);
}
