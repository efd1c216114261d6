// A code block `%{ ... }%` (§8.2) at its event time: only the socket's snapshot
// is taken now; the Python runs after the timeline (kernel/code.ts).

import type { CodeAction } from '../../../grammar/ast.js';
import type { EventResult } from '../../results.js';
import { snapshotForCode } from '../../kernel/code.js';
import { failed, passed, type RunContext, type Scheduled } from './context.js';
import { fireAt } from './fire.js';

export async function code(ctx: RunContext, s: Scheduled, block: CodeAction): Promise<EventResult> {
  const fired = await fireAt(ctx, s, 'code');
  const fd = ctx.sockets.currentScriptFd();
  if (fd === undefined || !ctx.syscalls.fds.has(fd)) {
    return failed(ctx, s, 'code', { kind: 'code', message: 'no socket under test with an open fd to collect TCP_INFO from' }, fired.actualUsecs);
  }
  const snapshot = snapshotForCode(ctx.libc, ctx.syscalls.fds.live(fd));
  if (snapshot.kind === 'error') return failed(ctx, s, 'code', { kind: 'code', message: snapshot.message }, fired.actualUsecs);
  ctx.codeBlocks.push({ text: block.text, line: s.event.pos.line, snapshot });
  if (fired.timing) return failed(ctx, s, 'code', fired.timing, fired.actualUsecs, fired.lateUsecs);
  return passed(ctx, s, 'code', fired.actualUsecs, fired.lateUsecs);
}
