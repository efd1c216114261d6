// Child entry for the kernel tests: started by spawnInNamespace under `unshare --net`,
// it runs one scenario against compiled code in dist/ and prints one JSON line.
// Usage: ns-child.mjs <scenario> <ipVersion>
import net from 'node:net';
import { execFileSync } from 'node:child_process';
import { readlinkSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { Libc } from '../../dist/runner/kernel/libc.js';
import { defaultConfig } from '../../dist/runner/config.js';
import { EnvError } from '../../dist/runner/errors.js';
import { bindLifetimeToParent, PARENT_PID_ENV } from '../../dist/runner/kernel/netns.js';
import { setUpLoopback } from '../../dist/runner/kernel/rtnetlink.js';
import { Tun } from '../../dist/runner/kernel/tun.js';
import { Sniffer } from '../../dist/runner/kernel/sniffer.js';
import { lookupSocket, queryAllSockets, stateOf, listenerOn } from '../../dist/runner/kernel/sockdiag.js';
import { tcpFrame, parseTcp, addrBytes, SYN, ACK, FIN } from './tcp-frames.mjs';
import { bench } from './bench.mjs';

const [scenario, ipVersion = 'ipv4'] = process.argv.slice(2);
const libc = Libc.load();
const must = (v) => {
  if (v instanceof EnvError) throw new Error(`${v.message} (${v.hint})`);
  return v;
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const json = (args) => JSON.parse(execFileSync(args[0], ['-j', ...args.slice(1)], { encoding: 'utf8' }) || '[]');
const realtimeNow = () => {
  const ts = new Uint8Array(16);
  libc.call('clock_gettime', 0, ts);
  const dv = new DataView(ts.buffer);
  return dv.getBigInt64(0, true) * 1_000_000_000n + dv.getBigInt64(8, true);
};
/** Address as the socket API wants it in this mode. */
const sockIp = (cfg, ip) => (cfg.ipVersion === 'ipv4-mapped-ipv6' ? `::ffff:${ip}` : ip);

async function capture(sniffer, ms, until = () => false) {
  const frames = [];
  const end = Date.now() + ms;
  while (Date.now() < end && !until(frames)) {
    if (!sniffer.waitReadable(end - Date.now())) {
      await sleep(0);
      continue;
    }
    const now = realtimeNow();
    for (const f of sniffer.readAvailable()) frames.push({ ...parseTcp(f.bytes), ageNs: Number(now - f.timestampNs), tsNs: f.timestampNs });
  }
  return frames;
}

/** sockaddr_in or sockaddr_in6 (IPv4-mapped in that mode), include/uapi/linux/in.h, in6.h. */
function sockaddr(cfg, ip, port) {
  const v4 = cfg.ipVersion === 'ipv4';
  const sa = new Uint8Array(v4 ? 16 : 28);
  const dv = new DataView(sa.buffer);
  dv.setUint16(0, v4 ? 2 : 10, true);
  dv.setUint16(2, port, false);
  sa.set(addrBytes(v4 ? ip : cfg.ipVersion === 'ipv6' ? ip : '::ffff:0:0'), v4 ? 4 : 8);
  if (cfg.ipVersion === 'ipv4-mapped-ipv6') sa.set(addrBytes(ip), 20);
  return sa;
}

/** Runs fn with tun0 (and, if asked, the capture socket) open; closes them after. */
async function withDevice(cfg, withSniffer, fn) {
  must(setUpLoopback(libc));
  const tun = must(Tun.open(libc, cfg));
  const sniffer = withSniffer ? must(Sniffer.open(libc)) : undefined;
  try {
    return await fn(tun, sniffer);
  } finally {
    sniffer?.close();
    tun.close();
  }
}

const scenarios = {
  setup: (cfg) => withDevice(cfg, false, async (tun) => ({
      netns: readlinkSync('/proc/self/ns/net'),
      fd: tun.fd,
      addr: json(['ip', 'addr', 'show', 'dev', 'tun0']),
      lo: json(['ip', 'link', 'show', 'dev', 'lo']),
      route: json(['ip', cfg.ipVersion === 'ipv6' ? '-6' : '-4', 'route', 'show', 'dev', 'tun0']),
      qdisc: json(['tc', 'qdisc', 'show', 'dev', 'tun0']),
  })),

  connect: (cfg) => withDevice(cfg, true, async (tun, sniffer) => {
    const noise = await capture(sniffer, 1500);
    // connect(2) through libc: the SYN leaves inside the syscall, so its capture time
    // can be compared with the clock read just before.
    const fd = libc.call('socket', cfg.ipVersion === 'ipv4' ? 2 : 10, 1 | 0x800, 0).ret;
    const sentAtNs = realtimeNow();
    const rc = libc.call('connect', fd, sockaddr(cfg, cfg.remoteIp, cfg.connectPort), cfg.ipVersion === 'ipv4' ? 16 : 28);
    const frames = await capture(sniffer, 1000, (f) => f.length > 0);
    const sockets = must(queryAllSockets(libc));
    const state = stateOf(sockets, { localIp: cfg.localIp, localPort: frames[0]?.sport ?? 0, remoteIp: cfg.remoteIp, remotePort: cfg.connectPort });
    libc.call('close', fd);
    const local = { connectErrno: rc.errno };
    return { noise, frames, state, local, sentAtNs, drained: tun.drain() };
  }),

  passive: (cfg) => withDevice(cfg, true, async (tun, sniffer) => {
    const server = net.createServer();
    const accepted = new Promise((r) => server.on('connection', r));
    await new Promise((r) => server.listen(cfg.bindPort, sockIp(cfg, cfg.localIp), r));
    const listener = listenerOn(must(queryAllSockets(libc)), cfg.bindPort);
    const peer = { src: cfg.remoteIp, dst: cfg.localIp, sport: 40000, dport: cfg.bindPort };
    const tuple = { localIp: cfg.localIp, localPort: cfg.bindPort, remoteIp: cfg.remoteIp, remotePort: 40000 };
    // The same states asked of the kernel one socket at a time (what `state` lines use).
    const family = cfg.ipVersion === 'ipv6' ? 6 : 4;
    const look = (t) => must(lookupSocket(libc, family, t))?.state ?? null;
    const looked = { listener: look({ ...tuple, remoteIp: family === 4 ? '0.0.0.0' : '::', remotePort: 0 }), before: look(tuple) };
    const sentAtNs = realtimeNow();
    tun.write(tcpFrame({ ...peer, seq: 1000, flags: SYN }));
    const synack = await capture(sniffer, 1000, (f) => f.length > 0);
    const synRecv = stateOf(must(queryAllSockets(libc)), tuple);
    looked.synRecv = look(tuple);
    tun.write(tcpFrame({ ...peer, seq: 1001, ack: (synack[0]?.seq ?? 0) + 1, flags: ACK }));
    const conn = await accepted;
    const established = stateOf(must(queryAllSockets(libc)), tuple);
    looked.established = look(tuple);
    conn.destroy();
    const fin = await capture(sniffer, 1000, (f) => f.some((x) => x.flags & FIN));
    const after = must(queryAllSockets(libc)).find((s) => s.remotePort === 40000);
    looked.after = look(tuple);
    server.close();
    return { listener, synack, sentAtNs, synRecv, established, fin, after, looked, drained: tun.drain() };
  }),

  // A frame wait sleeps in poll(2) on the calling thread, not on libuv's pool
  // (koffi's async calls): a worker looks at where the main thread sleeps.
  wait: (cfg) => withDevice(cfg, true, async (tun, sniffer) => {
    const look = `setTimeout(() => require('node:worker_threads').parentPort.postMessage(require('node:fs').readFileSync('/proc/${process.pid}/task/${process.pid}/wchan', 'utf8')), 100)`;
    const watcher = new Worker(look, { eval: true });
    const seen = new Promise((r) => watcher.once('message', r));
    await new Promise((r) => watcher.once('online', r));
    const idle = sniffer.waitReadable(300);
    const sleptIn = await seen;
    await watcher.terminate();
    tun.write(tcpFrame({ src: cfg.remoteIp, dst: cfg.localIp, sport: 40000, dport: 9, seq: 1000, flags: SYN }));
    const rst = sniffer.waitReadable(1000);
    const frames = sniffer.readAvailable().map((f) => parseTcp(f.bytes));
    return { idle, sleptIn, rst, frames };
  }),

  async sleep() {
    process.stdout.write(`${JSON.stringify({ pid: process.pid, netns: readlinkSync('/proc/self/ns/net') })}\n`);
    await new Promise(() => setInterval(() => {}, 1 << 30));
  },

  bench: (cfg) => withDevice(cfg, true, (tun, sniffer) => bench(libc, tun, sniffer, cfg)),
};

if (process.env[PARENT_PID_ENV] === undefined) {
  // tap picks up every file under test/; this one only runs when a test spawns it.
  process.stdout.write('1..0 # SKIP child entry of the kernel tests\n');
} else {
  const bound = bindLifetimeToParent(libc);
  if (bound !== undefined) throw new Error(bound.message);
  const result = await scenarios[scenario](defaultConfig(ipVersion));
  process.stdout.write(`${JSON.stringify(result, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))}\n`);
}
