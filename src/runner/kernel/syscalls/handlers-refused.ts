// Calls packetdrill knows that tcpdrill refuses with a script error (§7.3), so a
// script using them fails saying why instead of as a syntax error.
import { fail } from './eval.js';
import type { Prepared } from './types.js';

export const cap_set = (): Prepared => fail('cap_set is not supported by tcpdrill (no libcap binding)');
export const psp_rx_assoc = (): Prepared => fail('psp_rx_assoc is not supported by tcpdrill (PSP)');
export const psp_tx_assoc = (): Prepared => fail('psp_tx_assoc is not supported by tcpdrill (PSP)');
