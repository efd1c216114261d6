// A `` `...` `` command event (§8.1): runs the shell at its time; a non-zero exit fails it.

import type { CommandAction } from '../../../grammar/ast.js';
import type { EventResult } from '../../results.js';
import { runShell } from '../../kernel/shell.js';
import { failed, passed, type RunContext, type Scheduled } from './context.js';
import { fireAt } from './fire.js';

export async function command(ctx: RunContext, s: Scheduled, cmd: CommandAction): Promise<EventResult> {
  const fired = await fireAt(ctx, s, 'command');
  const err = runShell(cmd.text, `\`${cmd.text.trim()}\` command`);
  if (err !== undefined) return failed(ctx, s, 'command', { kind: 'command', message: err.message }, fired.actualUsecs, fired.lateUsecs);
  if (fired.timing) return failed(ctx, s, 'command', fired.timing, fired.actualUsecs, fired.lateUsecs);
  return passed(ctx, s, 'command', fired.actualUsecs, fired.lateUsecs);
}
