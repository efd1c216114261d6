// Runs a CLI command in-process and captures what it writes to stdout and stderr.
export async function captureOutput(command: () => Promise<number>): Promise<{ status: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = process.stdout.write.bind(process.stdout);
  const e = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((s: string) => ((out += s), true)) as typeof process.stdout.write;
  process.stderr.write = ((s: string) => ((err += s), true)) as typeof process.stderr.write;
  try {
    const status = await command();
    return { status, out, err };
  } finally {
    process.stdout.write = o;
    process.stderr.write = e;
  }
}
