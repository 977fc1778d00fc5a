/*
 * The interposed socket lifecycle: socket, socketpair, bind, listen, connect, accept(4),
 * close, close_range, closefrom, dup, dup2, dup3 and fcntl(F_DUPFD*). Together with fork and
 * exit they say which process holds which socket at any time. Only sockets are recorded
 * (closing a file costs nothing extra); the trace file's own fd is guarded here too, so a
 * program that closes every fd does not make us write into something it opens next.
 */
#define _GNU_SOURCE
/* node-gyp builds with _FILE_OFFSET_BITS=64, under which <fcntl.h> renames fcntl to fcntl64;
   we define both symbols ourselves, so this file must see them by their own names. */
#undef _FILE_OFFSET_BITS
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <sys/socket.h>
#include <unistd.h>
#include "fdtrace.h"

#define SOCKBITS_MAX 65536

static void record_socket(const char *event, int fd, int full, const char *key, long long value)
{
    struct fdt_rec r;
    fdt_rec_begin_exact(&r, event, fdt_now_us());
    fdt_rec_int(&r, "fd", fd);
    if (key != NULL) {
        fdt_rec_int(&r, key, value);
    }
    fdt_rec_describe(&r, fd, full);
    fdt_rec_emit(&r);
}

static void record_pair(const char *event, int fd, const char *key, int other)
{
    struct fdt_rec r;
    fdt_rec_begin_exact(&r, event, fdt_now_us());
    fdt_rec_int(&r, "fd", fd);
    fdt_rec_int(&r, key, other);
    fdt_rec_emit(&r);
}

FDT_EXPORT int socket(int domain, int type, int protocol)
{
    int fd = FDT_NEXT(socket)(domain, type, protocol);
    fdt_channel_forget(fd);
    if (fd >= 0 && fdt_active()) {
        int saved = errno;
        fdt_sock_set(fd);
        record_socket("socket", fd, 0, NULL, 0);
        errno = saved;
    }
    return fd;
}

FDT_EXPORT int socketpair(int domain, int type, int protocol, int sv[2])
{
    int ret = FDT_NEXT(socketpair)(domain, type, protocol, sv);
    if (ret == 0) {
        fdt_channel_forget(sv[0]);
        fdt_channel_forget(sv[1]);
    }
    if (ret == 0 && fdt_active()) {
        int saved = errno;
        fdt_sock_set(sv[0]);
        fdt_sock_set(sv[1]);
        record_socket("socketpair", sv[0], 0, "fd2", sv[1]);
        record_socket("socketpair", sv[1], 0, "fd2", sv[0]);
        errno = saved;
    }
    return ret;
}

FDT_EXPORT int bind(int fd, const struct sockaddr *addr, socklen_t len)
{
    int ret = FDT_NEXT(bind)(fd, addr, len);
    if (ret == 0 && fdt_active()) {
        int saved = errno;
        fdt_sock_set(fd);
        record_socket("bind", fd, 1, NULL, 0);
        errno = saved;
    }
    return ret;
}

FDT_EXPORT int listen(int fd, int backlog)
{
    int ret = FDT_NEXT(listen)(fd, backlog);
    if (ret == 0 && fdt_active()) {
        int saved = errno;
        fdt_sock_set(fd);
        record_socket("listen", fd, 1, "backlog", backlog);
        errno = saved;
    }
    return ret;
}

FDT_EXPORT int connect(int fd, const struct sockaddr *addr, socklen_t len)
{
    int ret = FDT_NEXT(connect)(fd, addr, len);
    int saved = errno;
    /* A non-blocking connect in progress already has both addresses. */
    if ((ret == 0 || saved == EINPROGRESS) && fdt_active()) {
        fdt_sock_set(fd);
        record_socket("connect", fd, 1, ret == 0 ? NULL : "inprogress", 1);
    }
    errno = saved;
    return ret;
}

static int after_accept(int listener, int fd)
{
    fdt_channel_forget(fd);
    if (fd >= 0 && fdt_active()) {
        int saved = errno;
        fdt_sock_set(fd);
        record_socket("accept", fd, 1, "lfd", listener);
        errno = saved;
    }
    return fd;
}

FDT_EXPORT int accept(int fd, struct sockaddr *addr, socklen_t *len)
{
    return after_accept(fd, FDT_NEXT(accept)(fd, addr, len));
}

FDT_EXPORT int accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags)
{
    return after_accept(fd, FDT_NEXT(accept4)(fd, addr, len, flags));
}

/* Forgets fd before it is closed, so a racing socket() that reuses the number keeps its bit. */
static int forget(int fd)
{
    if (fd == fdt_trace_fd()) {
        fdt_trace_fd_gone(fd);
    }
    fdt_channel_forget(fd);
    int known = fdt_sock_known(fd);
    if (known) {
        fdt_sock_clear(fd);
    }
    return known;
}

FDT_EXPORT int close(int fd)
{
    if (!fdt_active()) {
        return FDT_NEXT(close)(fd);
    }
    int known = forget(fd);
    int ret = FDT_NEXT(close)(fd);
    int saved = errno;
    /* close() releases the fd even when it reports EINTR or EIO; only EBADF means nothing happened. */
    if (known && !(ret < 0 && saved == EBADF)) {
        struct fdt_rec r;
        fdt_rec_begin_exact(&r, "close", fdt_now_us());
        fdt_rec_int(&r, "fd", fd);
        fdt_rec_emit(&r);
    }
    errno = saved;
    return ret;
}

/* The known sockets in [first, last], forgotten; their count. */
static int forget_range(unsigned int first, unsigned int last, int *out, int max)
{
    int n = 0;
    int trace = fdt_trace_fd();
    if (trace >= 0 && (unsigned int)trace >= first && (unsigned int)trace <= last) {
        fdt_trace_fd_gone(trace);
    }
    for (unsigned int fd = first; fd <= last && fd < SOCKBITS_MAX; fd++) {
        if (fdt_sock_known((int)fd) && forget((int)fd) && n < max) {
            out[n++] = (int)fd;
        }
    }
    return n;
}

static void record_closes(const int *fds, int n)
{
    for (int i = 0; i < n; i++) {
        struct fdt_rec r;
        fdt_rec_begin_exact(&r, "close", fdt_now_us());
        fdt_rec_int(&r, "fd", fds[i]);
        fdt_rec_emit(&r);
    }
}

FDT_EXPORT int close_range(unsigned int first, unsigned int last, int flags)
{
    if (!fdt_active() || (flags & CLOSE_RANGE_CLOEXEC)) {
        return FDT_NEXT(close_range)(first, last, flags);
    }
    int closed[256];
    int n = forget_range(first, last, closed, 256);
    int ret = FDT_NEXT(close_range)(first, last, flags);
    int saved = errno;
    if (ret == 0) {
        record_closes(closed, n);
    }
    errno = saved;
    return ret;
}

FDT_EXPORT void closefrom(int low)
{
    if (fdt_active() && low >= 0) {
        int closed[256];
        int n = forget_range((unsigned int)low, ~0U, closed, 256);
        FDT_NEXT(closefrom)(low);
        int saved = errno;
        record_closes(closed, n);
        errno = saved;
        return;
    }
    FDT_NEXT(closefrom)(low);
}

static void after_dup(int oldfd, int newfd)
{
    fdt_channel_forget(newfd);
    if (newfd >= 0 && fdt_active() && fdt_sock_known(oldfd)) {
        int saved = errno;
        fdt_sock_set(newfd);
        record_pair("dup", oldfd, "nfd", newfd);
        errno = saved;
    }
}

FDT_EXPORT int dup(int fd)
{
    int ret = FDT_NEXT(dup)(fd);
    after_dup(fd, ret);
    return ret;
}

/* dup2/dup3 silently close whatever newfd held: that is a close of a socket we may know. */
static int dup_onto(int oldfd, int newfd, int ret, int replaced_known)
{
    if (ret < 0 && replaced_known) {
        fdt_sock_set(newfd); /* it failed: newfd still holds its socket */
    }
    if (ret < 0 || oldfd == newfd || !fdt_active()) {
        return ret;
    }
    int saved = errno;
    if (fdt_sock_known(oldfd)) {
        fdt_sock_set(newfd);
        record_pair("dup", oldfd, "nfd", newfd);
    } else if (replaced_known) {
        record_pair("close", newfd, "replaced", 1);
    }
    errno = saved;
    return ret;
}

FDT_EXPORT int dup2(int oldfd, int newfd)
{
    int known = oldfd != newfd && fdt_active() ? forget(newfd) : 0;
    return dup_onto(oldfd, newfd, FDT_NEXT(dup2)(oldfd, newfd), known);
}

FDT_EXPORT int dup3(int oldfd, int newfd, int flags)
{
    int known = oldfd != newfd && fdt_active() ? forget(newfd) : 0;
    return dup_onto(oldfd, newfd, FDT_NEXT(dup3)(oldfd, newfd, flags), known);
}

FDT_EXPORT int fcntl(int fd, int cmd, ...)
{
    va_list ap;
    va_start(ap, cmd);
    /* Every fcntl argument is an int or a pointer: passing it on as a pointer-sized word is what libc does. */
    void *arg = va_arg(ap, void *);
    va_end(ap);
    int ret = FDT_NEXT(fcntl)(fd, cmd, arg);
    if (cmd == F_DUPFD || cmd == F_DUPFD_CLOEXEC) {
        after_dup(fd, ret);
    }
    return ret;
}

/* Programs built with _FILE_OFFSET_BITS=64 (Python among them) call fcntl64. */
FDT_EXPORT int fcntl64(int fd, int cmd, ...)
{
    va_list ap;
    va_start(ap, cmd);
    void *arg = va_arg(ap, void *);
    va_end(ap);
    int ret = FDT_NEXT(fcntl64)(fd, cmd, arg);
    if (cmd == F_DUPFD || cmd == F_DUPFD_CLOEXEC) {
        after_dup(fd, ret);
    }
    return ret;
}
