// Scheduling, for a punctual script clock (script-language.md §1.1 step 4).

// include/uapi/linux/sched.h
export const SCHED_OTHER = 0;
export const SCHED_RR = 2;
/** Or-ed into a policy: children forked by the thread start at SCHED_OTHER. */
export const SCHED_RESET_ON_FORK = 0x40000000;

// include/uapi/asm-generic/fcntl.h (flock(2) operations)
export const LOCK_EX = 2;
export const LOCK_NB = 4;
export const LOCK_UN = 8;
