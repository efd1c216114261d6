// Handing a child its job (src/runner/suite/launch.ts). The child reads its
// job to end of file, so the run cannot start before the pipe's end is
// written; the suite starts the next child only then (suite.ts), because
// starting one blocks the parent for milliseconds.
import t from 'tap';
import { spawn } from 'node:child_process';
import { mkdtempSync, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Launched } from '../../../src/runner/suite/launch.js';
import type { Job } from '../../../src/runner/run/job.js';

const JOB: Job = { file: 'a.pkt', cwd: '/', source: '', script: { file: 'a.pkt', options: [], initCommand: undefined, events: [], cleanupCommand: undefined }, ipVersion: 'ipv4', cliOptions: [], defines: [], pcapFile: undefined, cpuSlots: [] };

/** A stand-in child that says how many bytes it read once its stdin ends. */
function standIn(): Launched {
  const tmp = mkdtempSync(join(tmpdir(), 'tcpdrill-launch-'));
  const child = spawn(process.execPath, ['-e', 'let n = 0; process.stdin.on("data", (b) => (n += b.length)).on("end", () => process.stdout.write(String(n)));'], { stdio: ['pipe', 'pipe', 'inherit'] });
  return Launched.adopt({ child, tmp, progressFd: openSync(join(tmp, 'progress'), 'w+'), pcapPart: undefined });
}

t.test('send calls back once the whole job and its end are written, not before', async (t) => {
  const launched = standIn();
  t.teardown(() => launched.release());
  const stdin = launched.child.stdin;
  const seen = new Promise<string>((resolve) => {
    let out = '';
    launched.child.stdout?.on('data', (b: Buffer) => (out += b.toString())).on('end', () => resolve(out));
  });
  let calledSync = true;
  const down = new Promise<boolean>((resolve) => launched.send(JOB, () => resolve(stdin?.writableFinished === true && !calledSync)));
  calledSync = false;
  t.ok(await down, 'called back after the end was written, from the event loop');
  t.ok(Number(await seen) > 0, 'the child read the job to its end');
});

t.test('a child that died before its job still calls back', async (t) => {
  const launched = standIn();
  t.teardown(() => launched.release());
  launched.child.kill('SIGKILL');
  await new Promise((resolve) => launched.child.on('exit', resolve));
  await new Promise<void>((resolve) => launched.send(JOB, resolve));
  t.pass('called back');
});
