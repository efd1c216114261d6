// The ECN markers of a script (§4.6) and the 2-bit IP ECN field they name, one
// table for building, matching and printing packets.

import type { EcnMarker } from '../../grammar/ast.js';
import { INET_ECN_CE, INET_ECN_ECT_0, INET_ECN_ECT_1, INET_ECN_NOT_ECT } from '../../linux/net.js';

/** `ect01` ("either ECT") only matches, so it has no single value. */
type EcnName = Exclude<EcnMarker, 'ect01'>;

export const ECN_BITS: Readonly<Record<EcnName, number>> = { noecn: INET_ECN_NOT_ECT, ect1: INET_ECN_ECT_1, ect0: INET_ECN_ECT_0, ce: INET_ECN_CE };

const NAMES = new Map(Object.entries(ECN_BITS).map(([name, bits]) => [bits, name]));

/** The marker for a value of the ECN field (0..3). */
export function ecnName(bits: number): string {
  return NAMES.get(bits) ?? String(bits);
}
