// Scheduling, for a punctual script clock (script-language.md §1.1 step 4).

// include/uapi/linux/sched.h
export const SCHED_RR = 2;
