import t from 'tap';
import { Libc } from '../../../src/runner/kernel/libc.js';
import { realtimeToMonotonicOffset } from '../../../src/runner/kernel/sniffer.js';
import { DIST_READY, IP_VERSIONS, runScenario } from '../../helpers/namespace.js';

interface Frame {
  version: number;
  proto: number;
  sport: number;
  dport: number;
  ack: number;
  flags: number;
  ageNs: number;
  tsNs: string;
}
const SYN = 0x02;
const SYN_ACK = 0x12;
const RST_ACK = 0x14;
/** The kernel stamps the reply within a few ms of the syscall that caused it. */
const MAX_KERNEL_DELAY_NS = 5_000_000n;
/** Reading is at the mercy of the scheduler on a loaded 2-core machine: a sanity bound. */
const MAX_AGE_NS = 500_000_000;

/** Capture time minus the realtime clock read just before the causing syscall. */
function kernelDelay(f: Frame, sentAtNs: unknown): bigint {
  return BigInt(f.tsNs) - BigInt(sentAtNs as string);
}

t.test('realtime → hrtime offset agrees with Date.now within a few ms', async (t) => {
  const off = realtimeToMonotonicOffset(Libc.load());
  t.ok(off.bracketNs > 0n && off.bracketNs < 100_000n, `bracket ${off.bracketNs} ns`);
  const realtimeNow = process.hrtime.bigint() + off.offsetNs;
  const dateNs = BigInt(Date.now()) * 1_000_000n;
  const diff = realtimeNow > dateNs ? realtimeNow - dateNs : dateNs - realtimeNow;
  t.ok(diff < 5_000_000n, `differs from Date.now by ${diff} ns`);
});

t.test('waiting for a frame sleeps in poll(2) on the calling thread', { skip: !DIST_READY && 'npm run build first' }, async (t) => {
  const r = await runScenario('wait', 'ipv4');
  t.equal(r['idle'], false, 'nothing queued: false once the timeout passed');
  t.equal(r['rst'], true, 'a queued frame (the RST to a closed port) ends the wait with true');
  t.equal((r['frames'] as Frame[])[0]?.flags, RST_ACK, 'and it is there to read');
  t.match(r['sleptIn'], /^(poll_schedule_timeout|do_sys_poll)/, 'the calling thread itself slept in poll(2)');
});

for (const ipVersion of IP_VERSIONS) {
  const wire = ipVersion === 'ipv6' ? 6 : 4;
  t.test(`connect() emits a SYN captured with a kernel timestamp (${ipVersion})`, { skip: !DIST_READY && 'npm run build first' }, async (t) => {
    const r = await runScenario('connect', ipVersion);
    t.same(r['noise'], [], 'no unsolicited packets (ICMPv6, MLD, RS) on an idle tun0');
    const frames = r['frames'] as Frame[];
    t.equal(frames.length, 1, 'one SYN');
    const syn = frames[0]!;
    t.same([syn.version, syn.proto, syn.flags, syn.dport], [wire, 6, SYN, 8080], 'a bare IP datagram, no virtio header');
    const delay = kernelDelay(syn, r['sentAtNs']);
    t.ok(delay >= 0n && delay < MAX_KERNEL_DELAY_NS, `stamped ${delay} ns after connect(2)`);
    t.equal((r['local'] as { connectErrno: number }).connectErrno, 115, 'EINPROGRESS');
    t.ok(syn.ageNs >= 0 && syn.ageNs < MAX_AGE_NS, `captured ${syn.ageNs} ns before it was read`);
    t.ok(Number(r['drained']) >= 1, 'the SYN is queued on the device too, and drained');
  });

  t.test(`a SYN written to tun0 yields a captured SYN-ACK, and only outgoing frames (${ipVersion})`, { skip: !DIST_READY && 'npm run build first' }, async (t) => {
    const r = await runScenario('passive', ipVersion);
    const synack = r['synack'] as Frame[];
    t.equal(synack.length, 1);
    t.same([synack[0]!.version, synack[0]!.flags, synack[0]!.sport, synack[0]!.dport, synack[0]!.ack], [wire, SYN_ACK, 8080, 40000, 1001]);
    const delay = kernelDelay(synack[0]!, r['sentAtNs']);
    t.ok(delay >= 0n && delay < MAX_KERNEL_DELAY_NS, `stamped ${delay} ns after the write`);
    t.ok(synack[0]!.ageNs >= 0 && synack[0]!.ageNs < MAX_AGE_NS, `age ${synack[0]!.ageNs} ns`);
    const all = [...synack, ...(r['fin'] as Frame[])];
    t.ok(all.every((f) => f.sport === 8080), 'the injected SYN and ACK (PACKET_HOST) are not returned');
  });
}
