// x86_64 system call numbers: arch/x86/entry/syscalls/syscall_64.tbl.
// Used to recognise idle worker threads in /proc/self/task/*/syscall.
export const SYS_FUTEX = 202;
