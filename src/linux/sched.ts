// Scheduling and memory locking, for a punctual script clock (script-language.md §1.1 step 4).

// include/uapi/linux/sched.h
export const SCHED_RR = 2;
// include/uapi/asm-generic/mman-common.h
export const MCL_CURRENT = 1;
export const MCL_FUTURE = 2;
