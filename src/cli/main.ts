// Command-line wiring (commander). Each command returns an exit status; only
// bin/tcpdrill sets it (architecture.md, "Command line"). A command's module is
// imported when the command runs: `run` starts its first child before it loads
// the grammar (run-scripts.ts), and no command pays for another's modules.
import { Command } from 'commander';
import { mark } from '../profile-mark.js';
import { defaultJobs } from '../run-scripts.js';
import type { RecordOptions } from './record.js';
import type { ReportOptions } from './report.js';
import type { RunOptions } from './run.js';
import { packageVersion } from './version.js';

// bin/tcpdrill (start.cts) hands over the first child it started before this bundle loaded.
export { offerFirstChild } from '../runner/suite/index.js';

/**
 * packetdrill's own long options (`--tolerance_usecs=5000`, `--mtu=1500`) keep
 * working on tcpdrill's command line: underscore spellings and `--name=value`
 * forms of single-word packetdrill options are taken out before commander sees
 * the rest (tcpdrill's own options use dashes).
 */
const SINGLE_WORD = new Set(['mtu', 'mss', 'speed']);
export function extractPacketdrillArgs(argv: readonly string[]): { rest: string[]; options: [string, string | true][] } {
  const rest: string[] = [];
  const options: [string, string | true][] = [];
  for (const arg of argv) {
    const m = /^--([a-z0-9]+(?:_[a-z0-9]+)+|[a-z]+)(?:=(.*))?$/s.exec(arg);
    const name = m?.[1];
    if (m && name !== undefined && (name.includes('_') || (SINGLE_WORD.has(name) && m[2] !== undefined))) {
      options.push([name, m[2] ?? true]);
    } else {
      rest.push(arg);
    }
  }
  return { rest, options };
}

export async function main(argv: readonly string[]): Promise<number> {
  mark('cli: modules loaded');
  let status = 0;
  const { rest, options: packetdrillArgs } = extractPacketdrillArgs(argv.slice(2));
  const program = new Command()
    .name('tcpdrill')
    .description('Packet-level conformance tester for TCP stacks: packetdrill scripts against the real Linux kernel')
    .version(packageVersion(), '-V, --version', 'print the version')
    .exitOverride()
    .showHelpAfterError();

  program
    .command('run')
    .description('run scripts against the kernel, each in its own network namespace')
    .argument('<paths...>', 'script files or directories (searched recursively for *.pkt)')
    .option('-j, --jobs <n>', `scripts run in parallel (default ${defaultJobs()})`)
    .option('--reporter <name>', 'pretty, tap, ktap, junit or json', 'pretty')
    .option('-o, --output <file>', 'write the report to a file')
    .option('--pcap <dir>', 'write a pcap of every run into this directory')
    .option('-v, --verbose', 'print the whole timeline with tcpdrill’s own lateness')
    .option('--strict', 'fail on outbound packets no script line accounts for')
    .option('-D, --define <NAME=VALUE>', 'define a symbol (repeatable)', collect, [])
    .option('--ip-version <v>', 'ipv4, ipv6, ipv4-mapped-ipv6, or all (default ipv4; packetdrill: --ip_version=)')
    .option('--tolerance-usecs <n>', 'timing tolerance in µs (packetdrill: --tolerance_usecs)')
    .option('--timeout <s>', 'give up on a script after this many seconds', '180')
    .option('--shard <i/n>', 'run only the i-th of n deterministic slices of the runs')
    .option('--no-color', 'no colour (also NO_COLOR=1)')
    .option('--html <file>', 'also write a self-contained HTML page with a ladder diagram of every run')
    .option('--ladder', 'print a text ladder diagram of every run (pretty reporter)')
    .addHelpText('after', '\npacketdrill options such as --tolerance_usecs=N or --strict_segments are accepted too.')
    .action(async (paths: string[], opts: RunOptions) => {
      const { runRun } = await import('./run.js');
      status = await runRun(paths, opts, packetdrillArgs);
    });

  program
    .command('check')
    .description('parse and validate scripts; run nothing')
    .argument('<paths...>', 'script files or directories (searched recursively for *.pkt)')
    .option('-D, --define <NAME=VALUE>', 'define a symbol (repeatable)', collect, [])
    .action(async (paths: string[], opts: { define: string[] }) => {
      const { runCheck } = await import('./check.js');
      status = await runCheck(paths, opts);
    });

  program
    .command('record')
    .description('write a script from a capture (pcap or pcapng): the remote side replayed, the local side expected')
    .argument('<capture>', 'pcap or pcapng file')
    .option('-o, --output <file>', 'write the script to a file (default: standard output)')
    .option('--list', 'list the TCP connections in the capture')
    .option('--flow <n|addr:port-addr:port>', 'the connection to record (an index from --list)')
    .option('--local <addr[:port]>', 'the side under test (default: the side that accepted)')
    .option('--states', 'add state assertions where the packets imply a transition')
    .action(async (capture: string, opts: RecordOptions) => {
      const { runRecord } = await import('./record.js');
      status = runRecord(capture, opts);
    });

  program
    .command('doctor')
    .description('check this machine: what will and will not work, and how to fix it')
    .option('--json', 'machine-readable output')
    .action(async (opts: { json?: boolean }) => {
      const { runDoctor } = await import('./doctor.js');
      status = await runDoctor(opts);
    });

  program
    .command('report')
    .description('render a saved JSON report (--reporter json) again; runs nothing')
    .argument('<results.json>', 'a report written by tcpdrill run --reporter json')
    .option('--html <file>', 'write the self-contained HTML page with ladder diagrams')
    .option('--ladder', 'print each run with its text ladder diagram')
    .option('--no-color', 'no colour (also NO_COLOR=1)')
    .action(async (file: string, opts: ReportOptions) => {
      const { runReport } = await import('./report.js');
      status = runReport(file, opts);
    });

  try {
    await program.parseAsync(rest, { from: 'user' });
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
