/*
 * The unix socket a message travels on: its identity, its peer's inode and both paths.
 * Looked up on the first message over an fd and cached, since the netlink round trip for the
 * peer costs more than the message; every use re-checks the fd's inode with fstat(), so a
 * cache entry never outlives the socket it describes even if the fd was closed behind our
 * back (a close inside libc that we do not see).
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
    struct stat st;
    memset(c, 0, sizeof *c);
    if (fstat(fd, &st) != 0) {
        return;
    }
    c->dev = (unsigned long long)st.st_dev;
    c->ino = (unsigned long long)st.st_ino;
    struct slot *s = &slots[(unsigned)fd % SLOTS];
    if (lock()) {
        int hit = s->fd == fd && s->c.ino == c->ino && s->c.dev == c->dev && s->c.peer_ino != 0;
        if (hit) {
            *c = s->c;
        }
        unlock();
        if (hit) {
            return;
        }
    }
    lookup(fd, c);
    /* Only a connected socket's peer is fixed; an unconnected one is looked up each time. */
    if (c->peer_ino != 0 && lock()) {
        s->fd = fd;
        s->c = *c;
        unlock();
    }
}

void fdt_channel_forget(int fd)
{
    if (fd >= 0 && lock()) {
        struct slot *s = &slots[(unsigned)fd % SLOTS];
        if (s->fd == fd) {
            s->fd = -1;
        }
        unlock();
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
