/*
 * The tracer's process-wide state: reads SWDEBUG_FD_TRACE at load (again after every exec,
 * since the new image loads us afresh), opens the trace file O_APPEND, keeps its fd out of
 * the program's way (high number, close-on-exec, reopened if the program closes it) and
 * registers the fork and exit hooks. Without SWDEBUG_FD_TRACE every hook passes through.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include "fdtrace.h"

/* glibc's on_exit(3): the handler gets the exit status, which atexit's does not. */
extern int on_exit(void (*function)(int, void *), void *arg);

static char trace_path[4096];
static int active;
static int trace_fd = -1;
static unsigned long seq;

int fdt_active(void)
{
    return __atomic_load_n(&active, __ATOMIC_RELAXED);
}

uint64_t fdt_now_us(void)
{
    struct timespec ts;
    /* CLOCK_REALTIME: the clock socket_wrapper stamps pcap records with. */
    clock_gettime(CLOCK_REALTIME, &ts);
    return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

unsigned long fdt_next_seq(void)
{
    return __atomic_add_fetch(&seq, 1, __ATOMIC_RELAXED);
}

/*
 * Opens the trace file and moves it to a high fd, so the program's own fds keep the numbers
 * they would have without us. Raw syscalls: socket_wrapper interposes open and fcntl.
 */
static int open_trace(void)
{
    int fd = (int)syscall(SYS_openat, AT_FDCWD, trace_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) {
        return -1;
    }
    struct rlimit lim;
    if (getrlimit(RLIMIT_NOFILE, &lim) == 0 && lim.rlim_cur > 64) {
        /* Not at the very top of a huge limit: the kernel sizes the fd table to the highest fd. */
        long target = lim.rlim_cur - 1 < 1023 ? (long)lim.rlim_cur - 1 : 1023;
        int high = (int)syscall(SYS_fcntl, fd, F_DUPFD_CLOEXEC, target);
        if (high >= 0) {
            syscall(SYS_close, fd);
            fd = high;
        }
    }
    return fd;
}

int fdt_trace_fd(void)
{
    int fd = __atomic_load_n(&trace_fd, __ATOMIC_ACQUIRE);
    if (fd >= 0 || !fdt_active()) {
        return fd;
    }
    /* The program closed it (a daemon closing every fd): open it again. */
    int fresh = open_trace();
    int expected = -1;
    if (fresh >= 0 && !__atomic_compare_exchange_n(&trace_fd, &expected, fresh, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
        syscall(SYS_close, fresh); /* another thread reopened it first */
        return expected;
    }
    return fresh;
}

void fdt_trace_fd_gone(int fd)
{
    int expected = fd;
    if (fd >= 0) {
        __atomic_compare_exchange_n(&trace_fd, &expected, -1, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
    }
}

/*
 * The fork record is written by the child but stamped in the parent just before fork():
 * a child may run later than its parent's next calls (a close() of the fd it inherited),
 * and the record must order before those. Thread-local: two threads may fork at once.
 */
static __thread uint64_t fork_time;

static void on_fork_prepare(void)
{
    fork_time = fdt_now_us();
}

/*
 * A fork child shares its parent's open file description of the trace file, and the kernel
 * serialises write() on a description shared between processes (f_pos_lock) and keeps its
 * state on one set of cache lines: two processes passing fds to each other on two CPUs
 * pass those lines back and forth on every record (bench/fdtrace: a few percent of the
 * tracer's CPU time on two CPUs). So the child opens the file afresh onto the same fd
 * number (its fds stay as they were).
 * Appends stay atomic between the two (O_APPEND is atomic per file, not per description).
 * Only for a regular file (opening a FIFO could block), and only when the path still names
 * the same file: if it was renamed or replaced since, the child keeps writing where its
 * parent does. Costs five system calls per fork.
 */
static void own_trace_fd(void)
{
    int fd = __atomic_load_n(&trace_fd, __ATOMIC_ACQUIRE);
    struct stat inherited, fresh_st;
    if (fd < 0 || fdt_fstat(fd, &inherited) != 0 || !S_ISREG(inherited.st_mode)) {
        return;
    }
    int fresh = (int)syscall(SYS_openat, AT_FDCWD, trace_path, O_WRONLY | O_APPEND | O_CLOEXEC);
    if (fresh < 0) {
        return;
    }
    if (fdt_fstat(fresh, &fresh_st) == 0 && fresh_st.st_dev == inherited.st_dev && fresh_st.st_ino == inherited.st_ino) {
        syscall(SYS_dup3, fresh, fd, O_CLOEXEC);
    }
    syscall(SYS_close, fresh);
}

static void on_fork_child(void)
{
    int saved = errno;
    fdt_ids_forget(); /* a new pid, and this thread a new tid */
    if (fdt_active()) {
        own_trace_fd();
        fdt_record_fork(fork_time);
    }
    errno = saved;
}

static void on_process_exit(int status, void *arg)
{
    (void)arg;
    if (!fdt_active()) {
        return;
    }
    struct fdt_rec r;
    fdt_rec_begin_exact(&r, "exit", fdt_now_us());
    fdt_rec_int(&r, "status", status);
    fdt_rec_emit(&r);
}

__attribute__((constructor)) static void fdt_init(void)
{
    int saved = errno;
    fdt_resolve();
    const char *path = getenv(FDT_ENV);
    if (path != NULL && path[0] != '\0' && strlen(path) < sizeof trace_path) {
        memcpy(trace_path, path, strlen(path) + 1);
        int fd = open_trace();
        if (fd >= 0) {
            __atomic_store_n(&trace_fd, fd, __ATOMIC_RELEASE);
            __atomic_store_n(&active, 1, __ATOMIC_RELEASE);
            pthread_atfork(on_fork_prepare, NULL, on_fork_child);
            on_exit(on_process_exit, NULL);
            fdt_record_start();
        }
    }
    errno = saved;
}
