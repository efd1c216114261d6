// Environment failures as typed values (style.md (d), "No exits below bin/"): the CLI
// maps an EnvError to exit status 3; script verdicts travel as results (results.ts).
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

function errnoName(errno: number): string {
  try {
    return getSystemErrorName(-errno);
  } catch {
    return `errno ${errno}`;
  }
}
