// kselftest's skip convention: a test that cannot run here (a missing kernel
// feature, tool or module) exits with KSFT_SKIP, 4
// (tools/testing/selftests/kselftest.h), and says why on stderr. An init
// script or init command that does so skips the run instead of failing it, so
// a script can check its own prerequisites before time zero.

import type { ShellFailure } from '../kernel/shell.js';

export const KSFT_SKIP = 4;

/** The skip reason if the command asked to be skipped: its last non-empty line of stderr. */
export function skipReason(f: ShellFailure): string | undefined {
  if (f.status !== KSFT_SKIP) return undefined;
  const lines = f.stderr.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  return lines.at(-1) ?? `exit status ${KSFT_SKIP} without a reason on stderr`;
}
