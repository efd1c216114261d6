// Scheduling, for a punctual script clock (script-language.md §1.1 step 4).

// include/uapi/linux/sched.h
export const SCHED_OTHER = 0;
export const SCHED_RR = 2;

// include/uapi/asm-generic/fcntl.h (flock(2) operations)
export const LOCK_EX = 2;
export const LOCK_NB = 4;
export const LOCK_UN = 8;
