/*
 * The inode of a unix socket's peer, asked of the kernel through NETLINK_SOCK_DIAG (an exact
 * lookup by inode, UDIAG_SHOW_PEER). This names the other end of a socketpair or of an
 * accepted connection, so a message sent on one end is matched to the receipt on the other
 * even when neither end has a path. Raw syscalls throughout: socket_wrapper must not see the
 * netlink socket, and the fd lives only for this call.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "fdtrace.h"

static unsigned long long parse_reply(const char *buf, long len, unsigned long long ino)
{
    for (const struct nlmsghdr *h = (const struct nlmsghdr *)buf; NLMSG_OK(h, (unsigned long)len); h = NLMSG_NEXT(h, len)) {
        if (h->nlmsg_type != SOCK_DIAG_BY_FAMILY || h->nlmsg_len < NLMSG_LENGTH(sizeof(struct unix_diag_msg))) {
            continue;
        }
        const struct unix_diag_msg *m = NLMSG_DATA(h);
        if (m->udiag_ino != ino) {
            continue;
        }
        int alen = (int)(h->nlmsg_len - NLMSG_LENGTH(sizeof *m));
        for (const struct rtattr *a = (const struct rtattr *)(m + 1); RTA_OK(a, alen); a = RTA_NEXT(a, alen)) {
            if (a->rta_type == UNIX_DIAG_PEER && RTA_PAYLOAD(a) >= sizeof(uint32_t)) {
                uint32_t peer;
                memcpy(&peer, RTA_DATA(a), sizeof peer);
                return peer;
            }
        }
    }
    return 0;
}

unsigned long long fdt_unix_peer_ino(unsigned long long ino)
{
    int saved = errno;
    unsigned long long peer = 0;
    int nl = (int)syscall(SYS_socket, AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
    if (nl < 0) {
        errno = saved;
        return 0;
    }
    struct {
        struct nlmsghdr nlh;
        struct unix_diag_req req;
    } msg;
    memset(&msg, 0, sizeof msg);
    msg.nlh.nlmsg_len = sizeof msg;
    msg.nlh.nlmsg_type = SOCK_DIAG_BY_FAMILY;
    msg.nlh.nlmsg_flags = NLM_F_REQUEST;
    msg.req.sdiag_family = AF_UNIX;
    msg.req.udiag_states = (uint32_t)-1;
    msg.req.udiag_ino = (uint32_t)ino;
    msg.req.udiag_show = UDIAG_SHOW_PEER;
    /* No cookie: the kernel matches by inode alone. */
    msg.req.udiag_cookie[0] = msg.req.udiag_cookie[1] = (uint32_t)~0U;
    struct sockaddr_nl kernel = {.nl_family = AF_NETLINK};
    if (syscall(SYS_sendto, nl, &msg, sizeof msg, 0, &kernel, sizeof kernel) == (long)sizeof msg) {
        char buf[1024] __attribute__((aligned(NLMSG_ALIGNTO)));
        long n = syscall(SYS_recvfrom, nl, buf, sizeof buf, 0, NULL, NULL);
        if (n > 0) {
            peer = parse_reply(buf, n, ino);
        }
    }
    syscall(SYS_close, nl);
    errno = saved;
    return peer;
}
