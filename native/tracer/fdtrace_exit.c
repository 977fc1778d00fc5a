/*
 * How processes end, for the process table: _exit and _Exit (exit() itself is seen by the
 * on_exit handler in fdtrace_core.c, including a return from main), and the wait calls,
 * which give a parent's view of a child that died of a signal and so wrote no record itself.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include "fdtrace.h"

static void record_exit(int status, const char *how)
{
    if (fdt_active()) {
        struct fdt_rec r;
        fdt_rec_begin_exact(&r, "exit", fdt_now_us());
        fdt_rec_int(&r, "status", status);
        fdt_rec_str(&r, "how", how);
        fdt_rec_emit(&r);
    }
}

FDT_EXPORT void _exit(int status)
{
    record_exit(status, "_exit");
    FDT_NEXT(_exit)(status);
}

FDT_EXPORT void _Exit(int status)
{
    record_exit(status, "_exit");
    FDT_NEXT(_Exit)(status);
}

static void record_reap(pid_t pid, int status)
{
    if (pid <= 0 || !fdt_active() || !(WIFEXITED(status) || WIFSIGNALED(status))) {
        return;
    }
    int saved = errno;
    struct fdt_rec r;
    fdt_rec_begin_exact(&r, "reap", fdt_now_us());
    fdt_rec_int(&r, "child", pid);
    if (WIFEXITED(status)) {
        fdt_rec_int(&r, "code", WEXITSTATUS(status));
    } else {
        fdt_rec_int(&r, "signal", WTERMSIG(status));
    }
    fdt_rec_emit(&r);
    errno = saved;
}

/* The status goes through our own variable: the caller may pass NULL and we still want it. */
FDT_EXPORT pid_t waitpid(pid_t pid, int *wstatus, int options)
{
    int status = 0;
    pid_t ret = FDT_NEXT(waitpid)(pid, &status, options);
    if (ret > 0 && wstatus != NULL) {
        *wstatus = status;
    }
    record_reap(ret, status);
    return ret;
}

FDT_EXPORT pid_t wait(int *wstatus)
{
    int status = 0;
    pid_t ret = FDT_NEXT(wait)(&status);
    if (ret > 0 && wstatus != NULL) {
        *wstatus = status;
    }
    record_reap(ret, status);
    return ret;
}

FDT_EXPORT pid_t wait4(pid_t pid, int *wstatus, int options, struct rusage *usage)
{
    int status = 0;
    pid_t ret = FDT_NEXT(wait4)(pid, &status, options, usage);
    if (ret > 0 && wstatus != NULL) {
        *wstatus = status;
    }
    record_reap(ret, status);
    return ret;
}
