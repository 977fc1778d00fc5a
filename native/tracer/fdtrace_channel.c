/*
 * The unix socket a message travels on: its identity, its peer's inode and both paths.
 * Looked up on the first message over an fd (a netlink round trip for the peer, fstat and
 * two getsockname calls) and cached by fd, since a system call costs as much as a third of a
 * small message's round trip. The cache entry is dropped whenever the fd number could start
 * naming something else: the program closes it (close, close_range, closefrom, dup2 over it)
 * or a hooked call hands out that number (socket, socketpair, accept, dup, a received fd).
 * A close we do not see (libuv's raw close syscall) is followed by one of those before the
 * number can be a socket again.
 * What is kept is the text the channel adds to a record (`\tsock=3\tsobj=...\tspeer=...`),
 * written once on the first message: a hit is one copy into the record, not five fields
 * formatted again for every passed fd.
 */
#define _GNU_SOURCE
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "fdtrace.h"

#define SLOTS 64
/* The longest channel text: five keys, a 10-digit fd, two dev:ino-sized numbers and two
   paths of up to 109 bytes, each byte possibly escaped as %XX. */
#define TEXT_MAX 768

struct slot {
    int fd; /* -1: empty */
    unsigned int len;
    char text[TEXT_MAX];
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

/* The cached text of fd appended to r; 0 when there is none (or no room for it). */
static int from_cache(struct fdt_rec *r, int fd)
{
    const struct slot *s = &slots[(unsigned)fd % SLOTS];
    int hit = 0;
    if (lock()) {
        if (s->fd == fd) {
            hit = fdt_rec_raw(r, s->text, s->len);
        }
        unlock();
    }
    return hit;
}

void fdt_rec_channel(struct fdt_rec *r, int fd)
{
    if (fd >= 0 && from_cache(r, fd)) {
        return;
    }
    unsigned long long dev = 0, ino = 0, peer_ino = 0;
    char path[110] = "", peer_path[110] = "";
    struct stat st;
    if (fdt_fstat(fd, &st) == 0) {
        struct sockaddr_storage ss;
        socklen_t len = sizeof ss;
        dev = (unsigned long long)st.st_dev;
        ino = (unsigned long long)st.st_ino;
        if (syscall(SYS_getsockname, fd, &ss, &len) == 0) {
            fdt_format_addr((struct sockaddr *)&ss, len, path, sizeof path);
        }
        len = sizeof ss;
        if (syscall(SYS_getpeername, fd, &ss, &len) == 0) {
            fdt_format_addr((struct sockaddr *)&ss, len, peer_path, sizeof peer_path);
        }
        peer_ino = fdt_unix_peer_ino(ino);
    }
    size_t start = r->len;
    int cut = r->cut;
    fdt_rec_int(r, "sock", fd);
    fdt_rec_obj(r, "sobj", dev, ino);
    fdt_rec_int(r, "speer", (long long)peer_ino);
    if (path[0] != '\0') {
        fdt_rec_str(r, "spath", path);
    }
    if (peer_path[0] != '\0') {
        fdt_rec_str(r, "sppath", peer_path);
    }
    size_t n = r->len - start;
    /* Only a connected socket's peer is fixed; an unconnected one is looked up each time. */
    if (peer_ino != 0 && fd >= 0 && !cut && !r->cut && n <= TEXT_MAX && lock()) {
        struct slot *s = &slots[(unsigned)fd % SLOTS];
        s->len = (unsigned int)n;
        memcpy(s->text, r->buf + start, n);
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
    int *slot_fd = &slots[(unsigned)fd % SLOTS].fd;
    /* A plain load first: most fds (every received one) have no entry to drop. */
    if (fd >= 0 && __atomic_load_n(slot_fd, __ATOMIC_ACQUIRE) == fd) {
        int expected = fd;
        __atomic_compare_exchange_n(slot_fd, &expected, -1, 0, __ATOMIC_ACQ_REL, __ATOMIC_RELAXED);
    }
}
