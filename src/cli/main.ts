// Command-line wiring (commander). Each command returns an exit status; only
// bin/tcpdrill sets it (architecture.md, "Command line").
import { Command } from 'commander';
import { runCheck } from './check.js';

export async function main(argv: readonly string[]): Promise<number> {
  let status = 0;
  const program = new Command()
    .name('tcpdrill')
    .description('Packet-level conformance tester for TCP stacks')
    .exitOverride()
    .showHelpAfterError();

  program
    .command('check')
    .description('parse and validate scripts; run nothing')
    .argument('<paths...>', 'script files or directories (searched recursively for *.pkt)')
    .option('-D, --define <NAME=VALUE>', 'define a symbol (repeatable)', collect, [])
    .action(async (paths: string[], opts: { define: string[] }) => {
      status = await runCheck(paths, opts);
    });

  try {
    await program.parseAsync([...argv]);
  } catch (err) {
    // commander already printed the usage error; help and version exit 0.
    const code = (err as { exitCode?: number }).exitCode;
    return code === 0 ? 0 : 2;
  }
  return status;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
