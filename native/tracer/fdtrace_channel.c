/*
 * The unix socket a message travels on: its identity, its peer's inode and both paths.
 * Looked up on the first message over an fd (a netlink round trip for the peer, fstat and
 * two getsockname calls) and cached by fd, since a system call costs as much as a third of a
 * small message's round trip. The cache entry is dropped whenever the fd number could start
 * naming something else: the program closes it (close, close_range, closefrom, dup2 over it)
 * or a hooked call hands out that number (socket, socketpair, accept, dup, a received fd).
 * A close we do not see (libuv's raw close syscall) is followed by one of those before the
 * number can be a socket again.
 */
#define _GNU_SOURCE
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "fdtrace.h"

#define SLOTS 64

struct slot {
    int fd; /* -1: empty */
    struct fdt_channel c;
};

static struct slot slots[SLOTS] = {[0 ... SLOTS - 1] = {.fd = -1}};
/* A try-lock: a signal handler or a racing thread that finds it taken skips the cache. */
static int busy;

static int lock(void)
{
    return !__atomic_exchange_n(&busy, 1, __ATOMIC_ACQUIRE);
}

static void unlock(void)
{
    __atomic_store_n(&busy, 0, __ATOMIC_RELEASE);
}

static void lookup(int fd, struct fdt_channel *c)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    c->path[0] = c->peer_path[0] = '\0';
    if (syscall(SYS_getsockname, fd, &ss, &len) == 0) {
        fdt_format_addr((struct sockaddr *)&ss, len, c->path, sizeof c->path);
    }
    len = sizeof ss;
    if (syscall(SYS_getpeername, fd, &ss, &len) == 0) {
        fdt_format_addr((struct sockaddr *)&ss, len, c->peer_path, sizeof c->peer_path);
    }
    c->peer_ino = fdt_unix_peer_ino(c->ino);
}

void fdt_channel(int fd, struct fdt_channel *c)
{
    struct slot *s = &slots[(unsigned)fd % SLOTS];
    if (lock()) {
        int hit = s->fd == fd;
        if (hit) {
            *c = s->c;
        }
        unlock();
        if (hit) {
            return;
        }
    }
    struct stat st;
    memset(c, 0, sizeof *c);
    if (fstat(fd, &st) != 0) {
        return;
    }
    c->dev = (unsigned long long)st.st_dev;
    c->ino = (unsigned long long)st.st_ino;
    lookup(fd, c);
    /* Only a connected socket's peer is fixed; an unconnected one is looked up each time. */
    if (c->peer_ino != 0 && lock()) {
        s->c = *c;
        __atomic_store_n(&s->fd, fd, __ATOMIC_RELEASE);
        unlock();
    }
}

void fdt_channel_forget(int fd)
{
    /*
     * Lock-free, so a close() in a signal handler never waits for the lock. A lookup that
     * stores its entry just after this forgot it leaves an entry for a closed fd; the hooked
     * call that hands the number out again drops it before it can name another socket.
     */
    if (fd >= 0) {
        int expected = fd;
        __atomic_compare_exchange_n(&slots[(unsigned)fd % SLOTS].fd, &expected, -1, 0, __ATOMIC_ACQ_REL, __ATOMIC_RELAXED);
    }
}

void fdt_rec_channel(struct fdt_rec *r, int fd, const struct fdt_channel *c)
{
    fdt_rec_int(r, "sock", fd);
    fdt_rec_obj(r, "sobj", c->dev, c->ino);
    fdt_rec_int(r, "speer", (long long)c->peer_ino);
    if (c->path[0] != '\0') {
        fdt_rec_str(r, "spath", c->path);
    }
    if (c->peer_path[0] != '\0') {
        fdt_rec_str(r, "sppath", c->peer_path);
    }
}
