// Timing measurement inside a namespace: how late fs.writeSync injection is against a
// 1 ms schedule (sleep, then spin, as architecture.md "Timing in Node" prescribes), what
// a write costs, and where the kernel capture timestamp of the reply (a RST to a SYN
// sent to a closed port) falls relative to hrtime around the write.
import { realtimeToMonotonicOffset } from '../../dist/runner/kernel/sniffer.js';
import { tcpFrame, parseTcp, SYN } from './tcp-frames.mjs';

const ROUNDS = 500;
const PERIOD_NS = 1_000_000n;
const SPIN_NS = 1_500_000n;

function summary(valuesNs) {
  const v = [...valuesNs].sort((a, b) => a - b);
  const at = (q) => v[Math.min(v.length - 1, Math.floor(q * v.length))] / 1000;
  return { n: v.length, p50us: at(0.5), p90us: at(0.9), p99us: at(0.99), maxUs: v[v.length - 1] / 1000, minUs: v[0] / 1000 };
}

async function until(deadline) {
  const early = deadline - SPIN_NS - process.hrtime.bigint();
  if (early > 0n) await new Promise((r) => setTimeout(r, Number(early / 1_000_000n)));
  while (process.hrtime.bigint() < deadline);
}

export async function bench(libc, tun, sniffer, cfg) {
  const offset = realtimeToMonotonicOffset(libc);
  const frames = Array.from({ length: ROUNDS }, (_, i) =>
    tcpFrame({ src: cfg.remoteIp, dst: cfg.localIp, sport: 20000 + i, dport: 9, seq: 1, flags: SYN }),
  );
  const lateness = [];
  const writeCost = [];
  const captureAfterWriteStart = [];
  const captureBeforeWriteEnd = [];
  const seenLate = [];
  const start = process.hrtime.bigint() + 10_000_000n;
  for (let i = 0; i < ROUNDS; i++) {
    const deadline = start + BigInt(i) * PERIOD_NS;
    await until(deadline);
    const t0 = process.hrtime.bigint();
    tun.write(frames[i]);
    const t1 = process.hrtime.bigint();
    lateness.push(Number(t0 - deadline));
    writeCost.push(Number(t1 - t0));
    const got = sniffer.readAvailable();
    const seen = process.hrtime.bigint();
    for (const f of got) {
      const tcp = parseTcp(f.bytes);
      if (tcp.dport !== 20000 + i) continue;
      const tk = f.timestampNs - offset.offsetNs;
      captureAfterWriteStart.push(Number(tk - t0));
      captureBeforeWriteEnd.push(Number(t1 - tk));
      seenLate.push(Number(seen - tk));
    }
    tun.drain();
  }
  return {
    clockOffsetBracketNs: Number(offset.bracketNs),
    injectLateness: summary(lateness),
    writeSyncCost: summary(writeCost),
    replyCaptureMinusWriteStart: summary(captureAfterWriteStart),
    writeEndMinusReplyCapture: summary(captureBeforeWriteEnd),
    jsSeesReplyAfterCapture: summary(seenLate),
  };
}
