// Where the compiled child entry point (child-start.ts, which loads child.ts) lies: beside this module, so
// no caller spells the runner's folder layout.

import { fileURLToPath } from 'node:url';

export const CHILD_MODULE = fileURLToPath(new URL('./child-start.js', import.meta.url));
