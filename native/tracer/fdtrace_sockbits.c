/*
 * A bitmap of the fds known to hold sockets (created, accepted, received or inherited while
 * traced), so close() and dup() of a socket are recorded without an fstat() on every close.
 * Lock-free: each bit is set and cleared atomically. Fds past the bitmap are never "known".
 */
#define _GNU_SOURCE
#include "fdtrace.h"

#define FDT_SOCKBITS 65536
#define WORD_BITS (8 * sizeof(unsigned long))

static unsigned long bits[FDT_SOCKBITS / WORD_BITS];

void fdt_sock_set(int fd)
{
    if (fd >= 0 && fd < FDT_SOCKBITS && !fdt_sock_known(fd)) {
        /* Set already (every message sets its channel's bit): no locked instruction. */
        __atomic_fetch_or(&bits[fd / WORD_BITS], 1UL << (fd % WORD_BITS), __ATOMIC_RELAXED);
    }
}

void fdt_sock_clear(int fd)
{
    if (fd >= 0 && fd < FDT_SOCKBITS) {
        __atomic_fetch_and(&bits[fd / WORD_BITS], ~(1UL << (fd % WORD_BITS)), __ATOMIC_RELAXED);
    }
}

int fdt_sock_known(int fd)
{
    if (fd < 0 || fd >= FDT_SOCKBITS) {
        return 0;
    }
    return (__atomic_load_n(&bits[fd / WORD_BITS], __ATOMIC_RELAXED) >> (fd % WORD_BITS)) & 1;
}
