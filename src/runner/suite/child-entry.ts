// Where the compiled child entry point (child-start.cts, which loads child.ts's bundle) lies: beside this module, so
// no caller spells the runner's folder layout.

import { fileURLToPath } from 'node:url';

export const CHILD_MODULE = fileURLToPath(new URL('./child-start.cjs', import.meta.url));
