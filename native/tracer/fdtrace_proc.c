/*
 * Process records: "start" when an image loads us (the first program, and again after every
 * exec) with its parent and command line, followed by a "hold" record for each socket it
 * already holds (inherited across exec); "fork" in a child. Raw syscalls only: this runs in
 * constructors and fork handlers, where socket_wrapper and libc may not be ready for us.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "fdtrace.h"

static size_t read_small(const char *path, char *buf, size_t size)
{
    int fd = (int)syscall(SYS_openat, AT_FDCWD, path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return 0;
    }
    size_t total = 0;
    while (total < size) {
        long n = syscall(SYS_read, fd, buf + total, size - total);
        if (n <= 0) {
            break;
        }
        total += (size_t)n;
    }
    syscall(SYS_close, fd);
    return total;
}

/* A "hold" record for each socket the new image holds from before (inherited fds). */
static void record_held_sockets(void)
{
    int dir = (int)syscall(SYS_openat, AT_FDCWD, "/proc/self/fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir < 0) {
        return;
    }
    char buf[4096] __attribute__((aligned(8)));
    long n;
    while ((n = syscall(SYS_getdents64, dir, buf, sizeof buf)) > 0) {
        for (long off = 0; off < n;) {
            struct dirent64 *e = (struct dirent64 *)(buf + off);
            off += e->d_reclen;
            if (e->d_name[0] < '0' || e->d_name[0] > '9') {
                continue;
            }
            int fd = 0;
            for (const char *p = e->d_name; *p >= '0' && *p <= '9'; p++) {
                fd = fd * 10 + (*p - '0');
            }
            struct stat st;
            if (fd == dir || fd == fdt_trace_fd() || fstat(fd, &st) != 0 || !S_ISSOCK(st.st_mode)) {
                continue;
            }
            fdt_sock_set(fd);
            struct fdt_rec r;
            fdt_rec_begin_exact(&r, "hold", fdt_now_us());
            fdt_rec_int(&r, "fd", fd);
            fdt_rec_describe(&r, fd, 1);
            fdt_rec_emit(&r);
        }
    }
    syscall(SYS_close, dir);
}

void fdt_record_start(void)
{
    struct fdt_rec r;
    char exe[1024];
    char argv[1536];
    fdt_rec_begin_exact(&r, "start", fdt_now_us());
    fdt_rec_int(&r, "ppid", getppid());
    long n = syscall(SYS_readlinkat, AT_FDCWD, "/proc/self/exe", exe, sizeof exe - 1);
    exe[n > 0 ? n : 0] = '\0';
    fdt_rec_str(&r, "exe", exe);
    size_t len = read_small("/proc/self/cmdline", argv, sizeof argv);
    /* Arguments stay separated by NUL (written %00); the final NUL is dropped. */
    if (len > 0 && argv[len - 1] == '\0') {
        len--;
    }
    fdt_rec_bytes(&r, "argv", argv, len);
    if (len == sizeof argv) {
        r.cut = 1; /* a longer command line: the rest is left out */
    }
    fdt_rec_emit(&r);
    record_held_sockets();
}

void fdt_record_fork(uint64_t usec)
{
    struct fdt_rec r;
    fdt_rec_begin_exact(&r, "fork", usec);
    fdt_rec_int(&r, "ppid", getppid());
    fdt_rec_emit(&r);
}
