/*
 * The interposed message calls: sendmsg, sendmmsg, recvmsg, recvmmsg. A message that carries
 * SCM_RIGHTS becomes one record per passed fd ("send" or "recv"), each naming the channel,
 * the message (seq, n, i) and what the fd is. We sit before socket_wrapper, so a send shows
 * the program's own fds (not the metadata pipe socket_wrapper appends) and a receipt shows
 * the list socket_wrapper hands back after stripping it.
 *
 * Truncation: the kernel sets MSG_CTRUNC when the control buffer is too small, but
 * socket_wrapper 1.3.5 does not (except for a missing buffer): it returns a header whose
 * cmsg_len runs past msg_controllen. Both are recorded as trunc=1, with the fds that fit.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "fdtrace.h"

struct rights {
    int count;   /* fds the program can see */
    int overrun; /* a SCM_RIGHTS header claims more than the buffer holds */
};

static struct rights scan_rights(const struct msghdr *m)
{
    struct rights r = {0, 0};
    if (m->msg_control == NULL || m->msg_controllen < sizeof(struct cmsghdr)) {
        return r;
    }
    const char *end = (const char *)m->msg_control + m->msg_controllen;
    for (struct cmsghdr *h = CMSG_FIRSTHDR((struct msghdr *)m); h != NULL; h = CMSG_NXTHDR((struct msghdr *)m, h)) {
        if (h->cmsg_level != SOL_SOCKET || h->cmsg_type != SCM_RIGHTS || h->cmsg_len < CMSG_LEN(0)) {
            continue;
        }
        size_t claimed = h->cmsg_len - CMSG_LEN(0);
        size_t avail = (size_t)(end - (const char *)CMSG_DATA(h));
        if (claimed > avail) {
            r.overrun = 1;
            claimed = avail;
        }
        r.count += (int)(claimed / sizeof(int));
    }
    return r;
}

static int has_rights(const struct msghdr *m)
{
    return m != NULL && scan_rights(m).count > 0;
}

/*
 * The fields after the message's common prefix: this fd's index, number and description.
 * r holds the prefix (header, channel, seq, n) and gets it back after the record is written.
 */
static void record_fd(struct fdt_rec *r, const char *event, const struct msghdr *m, int i, int fd, int trunc, int flags)
{
    size_t prefix = r->len;
    int cut = r->cut;
    fdt_rec_int(r, "i", i);
    fdt_rec_int(r, "fd", fd);
    if (trunc) {
        fdt_rec_int(r, "trunc", 1);
    }
    if (flags & MSG_PEEK) {
        fdt_rec_int(r, "peek", 1);
    }
    if (m->msg_name != NULL && m->msg_namelen > 0 && event[0] == 's') {
        char dest[160];
        fdt_format_addr((const struct sockaddr *)m->msg_name, m->msg_namelen, dest, sizeof dest);
        if (dest[0] != '\0') {
            fdt_rec_str(r, "dest", dest);
        }
    }
    if (fd >= 0) {
        if (event[0] == 'r') {
            fdt_channel_forget(fd); /* a new fd number in this process */
        }
        if (fdt_rec_describe(r, fd, 1) == 1 && event[0] == 'r') {
            fdt_sock_set(fd);
        }
    }
    fdt_rec_emit(r);
    r->len = prefix;
    r->cut = cut;
}

/*
 * One record per fd of the message; a truncated receipt with no fd left still gets one.
 * The records of one message share their first fields (time, pid, tid, channel, seq, n):
 * those are formatted once.
 */
static void record_message(const char *event, uint64_t t, int sock, const struct msghdr *m, struct rights rs, int trunc, int flags)
{
    struct fdt_rec r;
    unsigned long seq = fdt_next_seq();
    fdt_rec_begin(&r, event, t);
    fdt_rec_channel(&r, sock);
    fdt_sock_set(sock);
    fdt_rec_int(&r, "seq", (long long)seq);
    fdt_rec_int(&r, "n", rs.count);
    if (rs.count == 0) {
        record_fd(&r, event, m, 0, -1, trunc, flags);
        return;
    }
    const char *end = (const char *)m->msg_control + m->msg_controllen;
    int i = 0;
    for (struct cmsghdr *h = CMSG_FIRSTHDR((struct msghdr *)m); h != NULL; h = CMSG_NXTHDR((struct msghdr *)m, h)) {
        if (h->cmsg_level != SOL_SOCKET || h->cmsg_type != SCM_RIGHTS || h->cmsg_len < CMSG_LEN(0)) {
            continue;
        }
        size_t bytes = h->cmsg_len - CMSG_LEN(0);
        size_t avail = (size_t)(end - (const char *)CMSG_DATA(h));
        size_t count = (bytes < avail ? bytes : avail) / sizeof(int);
        for (size_t k = 0; k < count; k++) {
            int fd;
            memcpy(&fd, CMSG_DATA(h) + k * sizeof(int), sizeof fd);
            record_fd(&r, event, m, i++, fd, trunc, flags);
        }
    }
}

/*
 * A receipt is recorded when it brought fds, or lost some to truncation on a unix socket.
 * *t: when the call returned, taken here (0: not yet) only for a receipt that is recorded,
 * so a message that passes nothing costs no clock read.
 */
static void after_recv(int sock, const struct msghdr *m, uint64_t *t, int flags)
{
    struct rights rs = scan_rights(m);
    int trunc = rs.overrun || (m->msg_flags & MSG_CTRUNC) != 0;
    if (rs.count == 0 && !trunc) {
        return;
    }
    if (rs.count == 0) {
        /* MSG_CTRUNC alone: only a unix socket can have lost fds (not IP_PKTINFO on UDP). */
        int domain = 0;
        socklen_t len = sizeof domain;
        if (syscall(SYS_getsockopt, sock, SOL_SOCKET, SO_DOMAIN, &domain, &len) != 0 || domain != AF_UNIX) {
            return;
        }
    }
    if (*t == 0) {
        *t = fdt_now_us();
    }
    record_message("recv", *t, sock, m, rs, trunc, flags);
}

FDT_EXPORT ssize_t sendmsg(int sock, const struct msghdr *m, int flags)
{
    struct rights rs = {0, 0};
    if (!fdt_active() || m == NULL || (rs = scan_rights(m)).count == 0) {
        return FDT_NEXT(sendmsg)(sock, m, flags);
    }
    /* Stamped before the call, so the send never looks later than its receipt. */
    uint64_t t = fdt_now_us();
    ssize_t ret = FDT_NEXT(sendmsg)(sock, m, flags);
    if (ret >= 0) {
        int saved = errno;
        record_message("send", t, sock, m, rs, 0, flags);
        errno = saved;
    }
    return ret;
}

FDT_EXPORT int sendmmsg(int sock, struct mmsghdr *v, unsigned int n, int flags)
{
    int any = 0;
    for (unsigned int i = 0; fdt_active() && v != NULL && i < n && !any; i++) {
        any = has_rights(&v[i].msg_hdr);
    }
    if (!any) {
        return FDT_NEXT(sendmmsg)(sock, v, n, flags);
    }
    uint64_t t = fdt_now_us();
    int ret = FDT_NEXT(sendmmsg)(sock, v, n, flags);
    int saved = errno;
    for (int i = 0; i < ret; i++) {
        if (has_rights(&v[i].msg_hdr)) {
            record_message("send", t, sock, &v[i].msg_hdr, scan_rights(&v[i].msg_hdr), 0, flags);
        }
    }
    errno = saved;
    return ret;
}

FDT_EXPORT ssize_t recvmsg(int sock, struct msghdr *m, int flags)
{
    ssize_t ret = FDT_NEXT(recvmsg)(sock, m, flags);
    if (ret >= 0 && m != NULL && fdt_active()) {
        int saved = errno;
        uint64_t t = 0;
        after_recv(sock, m, &t, flags);
        errno = saved;
    }
    return ret;
}

FDT_EXPORT int recvmmsg(int sock, struct mmsghdr *v, unsigned int n, int flags, struct timespec *timeout)
{
    int ret = FDT_NEXT(recvmmsg)(sock, v, n, flags, timeout);
    if (ret > 0 && fdt_active()) {
        int saved = errno;
        uint64_t t = 0; /* one time for the whole batch */
        for (int i = 0; i < ret; i++) {
            after_recv(sock, &v[i].msg_hdr, &t, flags);
        }
        errno = saved;
    }
    return ret;
}
