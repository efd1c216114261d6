// Script time as packetdrill prints it (seconds, six decimals): shared by the
// run's messages and the reporters, which may import nothing else of the run.

export function formatSecs(usecs: number): string {
  const sign = usecs < 0 ? '-' : '';
  const abs = Math.abs(Math.round(usecs));
  return `${sign}${Math.trunc(abs / 1e6)}.${String(abs % 1e6).padStart(6, '0')}`;
}
