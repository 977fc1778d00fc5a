/*
 * Finds the next definition of every function the tracer interposes: socket_wrapper's when
 * it is preloaded after us (so getsockname gives the emulated address), else libc's.
 * Resolved once at load; a call that comes before our constructor resolves lazily.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include "fdtrace.h"

struct fdt_next fdt_next;

#define RESOLVE(name)                                                              \
    do {                                                                           \
        void *p = dlsym(RTLD_NEXT, #name);                                         \
        __atomic_store_n((void **)&fdt_next.name, p, __ATOMIC_RELEASE);            \
    } while (0)

void fdt_resolve(void)
{
    /* Resolving twice from two threads stores the same pointers: no lock needed. */
    RESOLVE(sendmsg);
    RESOLVE(recvmsg);
    RESOLVE(sendmmsg);
    RESOLVE(recvmmsg);
    RESOLVE(socket);
    RESOLVE(socketpair);
    RESOLVE(bind);
    RESOLVE(listen);
    RESOLVE(connect);
    RESOLVE(accept);
    RESOLVE(accept4);
    RESOLVE(close);
    RESOLVE(close_range);
    RESOLVE(closefrom);
    RESOLVE(dup);
    RESOLVE(dup2);
    RESOLVE(dup3);
    RESOLVE(fcntl);
    RESOLVE(fcntl64);
    RESOLVE(getsockname);
    RESOLVE(getpeername);
    RESOLVE(waitpid);
    RESOLVE(wait);
    RESOLVE(wait4);
    RESOLVE(_exit);
    RESOLVE(_Exit);
}
