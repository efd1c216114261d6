// Entry point of the child process that runs one script inside its own network
// namespace (spawned by suite.ts under `unshare`). Like bin/tcpdrill it is a
// process boundary: it reads its job on stdin and reports through file
// descriptor 3 and its exit status, and where it is through the file on
// descriptor 4, mapped shared (run/progress.ts).

import { closeSync, readFileSync, writeSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { EnvError } from '../errors.js';
import { RESULT_FD, decodeJob, type Job } from '../run/job.js';
import { Libc } from '../kernel/libc.js';
import { bindLifetimeToParent, usePrivateTmp } from '../kernel/netns.js';
import { putBackUserEnv } from '../kernel/node-env.js';
import { plan, scriptOptions } from '../plan.js';
import { PROGRESS_BYTES, PROGRESS_FD, progressWriter } from '../run/progress.js';
import { mapSharedFile } from '../kernel/shared-page.js';
import type { ScriptResult } from '../results.js';
import { needsBlockingThread, readyProcess, runSession, type ProcessReady } from '../run/session.js';
import { BlockingThread } from '../kernel/syscalls/blocking-thread.js';
import { errorResult } from '../not-run.js';
import { mark } from '../../profile-mark.js';
import { CHILD_V8_FLAGS, flagSwitch } from '../../v8-flags.cjs';

async function runJob(libc: Libc, job: Job, ready: ProcessReady, deliver: (r: ScriptResult) => void, blocking: BlockingThread | undefined): Promise<ScriptResult> {
  const started = Date.now();
  const run = { file: job.file, ipVersion: job.ipVersion };
  const { options, defines } = scriptOptions(job.script.options);
  const cli = new Map<string, string | true>(job.cliOptions);
  cli.set('ip_version', job.ipVersion);
  const planned = plan(options, cli, new Map([...defines, ...job.defines]));
  if (!planned.ok) return errorResult(run, planned.message, Date.now() - started);
  const result = await runSession({
    file: job.file,
    script: job.script,
    source: job.source,
    cfg: planned.config,
    pcapFile: job.pcapFile,
    cpuSlots: job.cpuSlots,
    progress: progressWriter(mapSharedFile(libc, PROGRESS_FD, PROGRESS_BYTES)),
    deliver,
    blocking,
    ready,
  });
  return result instanceof EnvError ? errorResult(run, `${result.message}; ${result.hint}`, Date.now() - started) : result;
}

async function main(): Promise<void> {
  mark('child: modules loaded');
  // Started without it (node-env.ts); the script's commands get it back.
  putBackUserEnv();
  const libc = Libc.load();
  const orphan = bindLifetimeToParent(libc);
  if (orphan) {
    process.exitCode = 3;
    return;
  }
  mark('child: koffi loaded');
  // Nothing here depends on the job: a child started ahead does it while it waits.
  const ready = readyProcess(libc);
  const job = decodeJob(readFileSync(0, 'utf8'));
  mark('child: job read');
  // Started before its job was known (launch.ts); commands resolve paths from here.
  process.chdir(job.cwd);
  // Before the private /tmp hides a checkout under /tmp, and with it the worker's module.
  const blocking = needsBlockingThread(job.script) ? BlockingThread.start(flagSwitch(CHILD_V8_FLAGS)) : undefined;
  mark('child: blocking-call thread started');
  const tmp = usePrivateTmp(libc, [process.cwd(), fileURLToPath(new URL('../../..', import.meta.url))]);
  mark('child: private /tmp');
  let delivered = false;
  // One JSON document, then end of file: the parent takes it as soon as it ends.
  const deliver = (r: ScriptResult): void => {
    if (delivered) return;
    delivered = true;
    writeSync(RESULT_FD, JSON.stringify(r));
    closeSync(RESULT_FD);
    mark('child: result sent');
  };
  let result: ScriptResult;
  try {
    if (tmp) result = errorResult(job, `${tmp.message}; ${tmp.hint}`, 0);
    else if (ready instanceof EnvError) result = errorResult(job, `${ready.message}; ${ready.hint}`, 0);
    else result = await runJob(libc, job, ready, deliver, blocking);
  } catch (e) {
    const message = e instanceof Error ? (e.stack ?? e.message) : String(e);
    result = errorResult({ file: job.file, ipVersion: job.ipVersion }, `internal error (please report): ${message}`, 0);
  } finally {
    blocking?.close();
  }
  deliver(result);
  // Pending koffi or timer handles must not keep the namespace alive.
  process.exit(0);
}

// Bundled as CommonJS (code-cache.cts), which has no top-level await; a rejection
// still ends the process, as an unhandled one.
void main();
