// The pure readers behind the doctor's host probe: kernel config, clock
// resolution, /proc/stat.
import t from 'tap';
import { busyCpusBetween, cpuTimes, hzFromConfig, hzFromResolutionNs } from '../../../../src/runner/kernel/doctor/probe-host.js';

t.test('HZ from the kernel config', async (t) => {
  t.equal(hzFromConfig('CONFIG_HZ_250=y\nCONFIG_HZ=250\nCONFIG_SCHED_HRTICK=y\n'), 250);
  t.equal(hzFromConfig('# CONFIG_HZ is not set\nCONFIG_HZ_PERIODIC=y\n'), undefined);
});

t.test('HZ from CLOCK_MONOTONIC_COARSE resolution', async (t) => {
  t.equal(hzFromResolutionNs(4_000_000), 250);
  t.equal(hzFromResolutionNs(999_848), 1000, 'a tick that is not a whole number of ns');
  t.equal(hzFromResolutionNs(0), undefined);
});

t.test('/proc/stat: busy CPUs between two samples', async (t) => {
  const before = 'cpu  100 0 100 700 100 0 0 0 0 0\ncpu0 50 0 50 350 50 0 0 0 0 0\n';
  // 400 more jiffies: 100 user + 100 system busy, 150 idle + 50 iowait idle.
  const after = 'cpu  200 0 200 850 150 0 0 0 0 0\ncpu0 100 0 100 425 75 0 0 0 0 0\n';
  t.same(cpuTimes(before), [200, 1000]);
  t.equal(busyCpusBetween(before, after, 2), 1);
  t.equal(busyCpusBetween(after, after, 2), undefined, 'no time passed');
  t.equal(busyCpusBetween('garbage', after, 2), undefined);
});
