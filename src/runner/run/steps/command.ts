// A `` `...` `` command event (§8.1): runs the shell at its time; a non-zero exit fails it.

import type { CommandAction } from '../../../grammar/ast.js';
import type { EventResult, Failure } from '../../results.js';
import { runShell, type ShellFailure } from '../../kernel/shell.js';
import { ordinaryDuring } from '../../kernel/realtime.js';
import { failed, passed, type RunContext, type Scheduled } from './context.js';
import { fireAt } from './fire.js';

/** The failure a failed command makes. */
export function commandFailure(err: ShellFailure): Failure {
  return { kind: 'command', message: err.message, detail: err.detail };
}

export async function command(ctx: RunContext, s: Scheduled, cmd: CommandAction): Promise<EventResult> {
  const fired = await fireAt(ctx, s, 'command');
  const err = ordinaryDuring(ctx.libc, () => runShell(cmd.text, `\`${cmd.text.trim()}\` command`));
  if (err !== undefined) return failed(ctx, s, 'command', commandFailure(err), fired.actualUsecs, fired.lateUsecs);
  if (fired.timing) return failed(ctx, s, 'command', fired.timing, fired.actualUsecs, fired.lateUsecs);
  return passed(ctx, s, 'command', fired.actualUsecs, fired.lateUsecs);
}
