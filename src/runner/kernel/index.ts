// What code outside the runner may use of the kernel edge: the check that
// this machine can run scripts at all, before any is started.

export { checkEnvironment } from './netns.js';
