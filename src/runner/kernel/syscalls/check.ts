// Result and errno checking (script-language.md §7.2), with packetdrill's messages.
import { ERRNO, errnoText } from '../../../linux/errno.js';
import { fail } from './eval.js';

const describe = (n: number): string => `${n} (${errnoText(n)})`;

/** The errno number for a name written after the result; unknown names fail. */
export function expectedErrno(name: string | undefined): number | undefined {
  if (name === undefined) return undefined;
  return ERRNO.get(name) ?? fail(`unknown errno name: '${name}'`);
}

/**
 * The §7.2 verdict: a failure message, or undefined if the call behaved as written.
 * Fd-returning calls with E ≥ 0 accept any non-negative result; everything else must
 * equal E. The errno is checked whenever a name was written, even on success.
 */
export function checkResult(
  fdReturning: boolean,
  expected: bigint,
  errnoWanted: number | undefined,
  ret: number,
  errno: number,
): string | undefined {
  if (fdReturning && expected >= 0n) {
    if (ret < 0) return `Expected non-negative result but got ${ret} with errno ${describe(errno)}`;
  } else if (BigInt(ret) !== BigInt.asIntN(64, expected) && BigInt.asIntN(32, BigInt(ret)) !== BigInt.asIntN(32, expected)) {
    return `Expected result ${expected} but got ${ret} with errno ${describe(errno)}`;
  }
  if (errnoWanted !== undefined && errno !== errnoWanted) {
    return `Expected errno ${describe(errnoWanted)} but got ${describe(errno)}`;
  }
  return undefined;
}
