/*
 * The calling process's pid and thread's tid, cached: each record carries both, and a
 * getpid()/gettid() system call per record is a measurable share of the tracer's cost.
 * The cache is reset in a fork child (fdtrace_core.c's atfork handler); threads start with
 * an empty thread-local cache. initial-exec TLS: the library is loaded at startup
 * (LD_PRELOAD), so its thread-locals live in the static TLS block and cost no allocation.
 *
 * A vfork child runs in its parent's memory, cache included, and no atfork handler tells us.
 * It may only exec or _exit, but some programs close fds in between. So only the records
 * of passed fds (the frequent ones, never written between vfork and exec in practice) use
 * the cache; every other record asks the kernel (fdt_rec_begin_exact) and leaves the cache,
 * which the parent shares, alone.
 */
#define _GNU_SOURCE
#include <sys/syscall.h>
#include <unistd.h>
#include "fdtrace.h"

static pid_t pid;
static __thread pid_t tid __attribute__((tls_model("initial-exec")));

pid_t fdt_pid(void)
{
    pid_t p = __atomic_load_n(&pid, __ATOMIC_RELAXED);
    if (p == 0) {
        p = (pid_t)syscall(SYS_getpid);
        __atomic_store_n(&pid, p, __ATOMIC_RELAXED);
    }
    return p;
}

pid_t fdt_tid(void)
{
    if (tid == 0) {
        tid = (pid_t)syscall(SYS_gettid);
    }
    return tid;
}

void fdt_ids_forget(void)
{
    __atomic_store_n(&pid, 0, __ATOMIC_RELAXED);
    tid = 0;
}
