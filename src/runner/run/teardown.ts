// Teardown (packetdrill §1.1 step 11), after the timeline.

import type { Script } from '../../grammar/ast.js';
import { wireVersion } from '../config.js';
import type { EventResult } from '../results.js';
import { runShell } from '../kernel/shell.js';
import { closeAll } from '../kernel/syscalls/index.js';
import { buildRst, withVnetHeader } from '../script/build.js';
import { commandFailure } from './steps/command.js';
import { outsideEvent, type RunContext } from './steps/context.js';

/**
 * Teardown (§1.1 step 11): close the script's fds, purge kernel state with an
 * in-window RST per connection, run the cleanup command (only if an init
 * command ran, §8.1).
 */
export function teardown(ctx: RunContext, script: Script, results: EventResult[]): void {
  closeAll(ctx.syscalls);
  for (const conn of ctx.sockets.connections) {
    const rst = buildRst(conn, wireVersion(ctx.cfg.ipVersion));
    if (rst) ctx.tun.write(withVnetHeader(rst));
  }
  if (script.initCommand && script.cleanupCommand) {
    const err = runShell(script.cleanupCommand.text, 'cleanup command');
    if (err) results.push(outsideEvent(commandFailure(err)));
  }
}
