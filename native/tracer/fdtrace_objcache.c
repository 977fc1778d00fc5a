/*
 * What an object is, remembered by device and inode, because finding out costs more than
 * the rest of a record: the link of /proc/self/fd/N for a file (several microseconds), four
 * address lookups for a socket. A program that passes fds tends to pass the same objects
 * again and again (a worker pool, a ping-pong), or objects that do not change.
 * Cached: everything but sockets, and connected stream sockets (their addresses are fixed
 * for life). Not cached: other sockets, whose addresses change with bind and connect.
 * The price: a file renamed after it was first passed keeps its old name in later records,
 * and hard links show the first name seen.
 *
 * What is kept is the description as it was written in the record (`\tkind=...\tobj=...`,
 * escaped), not the fields it came from: a hit is then one copy of a hundred bytes or so
 * into the record, where formatting the fields again (and copying the 1.7 KB structure they
 * are gathered in) cost a third of the tracer's own time per passed fd. The key is dev:ino
 * and the text carries `obj=dev:ino` itself, so a hit writes exactly what a miss would.
 *
 * A try-lock, like the channel cache: a thread or signal handler that finds it taken does
 * the lookups itself.
 */
#define _GNU_SOURCE
#include <string.h>
#include "fdtrace.h"

#define SLOTS 64

struct slot {
    unsigned long long dev, ino; /* ino 0: empty */
    unsigned int len;
    char text[FDT_OBJTEXT_MAX];
};

static struct slot slots[SLOTS];
static int busy;

static struct slot *slot_of(unsigned long long dev, unsigned long long ino)
{
    return &slots[(ino ^ (dev << 7)) % SLOTS];
}

int fdt_objcache_emit(struct fdt_rec *r, unsigned long long dev, unsigned long long ino)
{
    int hit = 0;
    if (ino == 0 || __atomic_exchange_n(&busy, 1, __ATOMIC_ACQUIRE)) {
        return 0;
    }
    const struct slot *s = slot_of(dev, ino);
    if (s->ino == ino && s->dev == dev) {
        hit = fdt_rec_raw(r, s->text, s->len);
    }
    __atomic_store_n(&busy, 0, __ATOMIC_RELEASE);
    return hit;
}

void fdt_objcache_put(unsigned long long dev, unsigned long long ino, const char *text, size_t n)
{
    if (ino == 0 || n > FDT_OBJTEXT_MAX || __atomic_exchange_n(&busy, 1, __ATOMIC_ACQUIRE)) {
        return;
    }
    struct slot *s = slot_of(dev, ino);
    s->dev = dev;
    s->ino = ino;
    s->len = (unsigned int)n;
    memcpy(s->text, text, n);
    __atomic_store_n(&busy, 0, __ATOMIC_RELEASE);
}
