// Failures as typed values (style.md (d), "No exits below bin/"). Only bin/tcpdrill maps
// them to exit codes: ScriptFailure 1, ScriptError 2, EnvError 3.
import { getSystemErrorName } from 'node:util';

/** The environment cannot run scripts: missing tool, no permission, setup failed. */
export class EnvError extends Error {
  readonly kind = 'env';
  override readonly name = 'EnvError';

  /** `hint` tells the user what to do about it. */
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
  }

  /** A failed system call: "what: ENAME (errno N)". */
  static fromErrno(what: string, errno: number, hint: string): EnvError {
    return new EnvError(`${what}: ${errnoName(errno)} (errno ${errno})`, hint);
  }
}

/** The script itself is wrong (does not parse, refers to unknown symbols...). */
export class ScriptError extends Error {
  readonly kind = 'script';
  override readonly name = 'ScriptError';
}

/** The script ran and the kernel disagreed with it. */
export class ScriptFailure extends Error {
  readonly kind = 'failure';
  override readonly name = 'ScriptFailure';
}

export type RunError = EnvError | ScriptError | ScriptFailure;

function errnoName(errno: number): string {
  try {
    return getSystemErrorName(-errno);
  } catch {
    return `errno ${errno}`;
  }
}
