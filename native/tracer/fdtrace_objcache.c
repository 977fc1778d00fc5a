/*
 * What an object is, remembered by device and inode, because finding out costs more than
 * the rest of a record: the link of /proc/self/fd/N for a file (several microseconds), four
 * address lookups for a socket. A program that passes fds tends to pass the same objects
 * again and again (a worker pool, a ping-pong), or objects that do not change.
 * Cached: everything but sockets, and connected stream sockets (their addresses are fixed
 * for life). Not cached: other sockets, whose addresses change with bind and connect.
 * The price: a file renamed after it was first passed keeps its old name in later records,
 * and hard links show the first name seen.
 * A try-lock, like the channel cache: a thread or signal handler that finds it taken does
 * the lookups itself.
 */
#define _GNU_SOURCE
#include <string.h>
#include "fdtrace.h"

#define SLOTS 64

static struct fdt_desc slots[SLOTS]; /* valid: the slot's ino is not 0 */
static int busy;

static struct fdt_desc *slot_of(unsigned long long dev, unsigned long long ino)
{
    return &slots[(ino ^ (dev << 7)) % SLOTS];
}

int fdt_objcache_get(struct fdt_desc *d)
{
    int hit = 0;
    if (__atomic_exchange_n(&busy, 1, __ATOMIC_ACQUIRE)) {
        return 0;
    }
    const struct fdt_desc *s = slot_of(d->dev, d->ino);
    if (s->ino == d->ino && s->dev == d->dev && s->ino != 0) {
        *d = *s;
        hit = 1;
    }
    __atomic_store_n(&busy, 0, __ATOMIC_RELEASE);
    return hit;
}

void fdt_objcache_put(const struct fdt_desc *d)
{
    if (d->ino == 0 || __atomic_exchange_n(&busy, 1, __ATOMIC_ACQUIRE)) {
        return;
    }
    *slot_of(d->dev, d->ino) = *d;
    __atomic_store_n(&busy, 0, __ATOMIC_RELEASE);
}
