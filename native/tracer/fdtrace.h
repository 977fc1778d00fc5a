/*
 * The swdebug fd tracer: an LD_PRELOAD library placed BEFORE libsocket_wrapper.so that
 * records every file descriptor passed over a unix socket (SCM_RIGHTS) and the lifecycle of
 * sockets (socket, bind, connect, accept, close, dup, fork, exec, exit) into the session's
 * trace file, one line per record (see FORMAT.md). This header is what the parts share.
 *
 * Rules every interposed path follows: no malloc, no stdio (records are formatted into a
 * stack buffer), errno as the program left it, one write() of at most PIPE_BUF bytes per
 * record on an O_APPEND fd (atomic between processes), and nothing the program sees changes.
 */
#ifndef SWDEBUG_FDTRACE_H
#define SWDEBUG_FDTRACE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <time.h>

/* The interposed functions are the library's only exported symbols (built -fvisibility=hidden). */
#define FDT_EXPORT __attribute__((visibility("default")))

/* One record is one write() of at most PIPE_BUF bytes: atomic on an O_APPEND file. */
#define FDT_RECORD_MAX 4096
/* Format version, the first field of every record. */
#define FDT_MAGIC "SWFD1"
/* The environment variable naming the trace file; unset: the tracer stays inert. */
#define FDT_ENV "SWDEBUG_FD_TRACE"

/* ---- fdtrace_next.c: the next definition of each interposed function (socket_wrapper's or libc's) */
struct fdt_next {
    ssize_t (*sendmsg)(int, const struct msghdr *, int);
    ssize_t (*recvmsg)(int, struct msghdr *, int);
    int (*sendmmsg)(int, struct mmsghdr *, unsigned int, int);
    int (*recvmmsg)(int, struct mmsghdr *, unsigned int, int, struct timespec *);
    int (*socket)(int, int, int);
    int (*socketpair)(int, int, int, int[2]);
    int (*bind)(int, const struct sockaddr *, socklen_t);
    int (*listen)(int, int);
    int (*connect)(int, const struct sockaddr *, socklen_t);
    int (*accept)(int, struct sockaddr *, socklen_t *);
    int (*accept4)(int, struct sockaddr *, socklen_t *, int);
    int (*close)(int);
    int (*close_range)(unsigned int, unsigned int, int);
    void (*closefrom)(int);
    int (*dup)(int);
    int (*dup2)(int, int);
    int (*dup3)(int, int, int);
    int (*fcntl)(int, int, ...);
    int (*fcntl64)(int, int, ...);
    int (*getsockname)(int, struct sockaddr *, socklen_t *);
    int (*getpeername)(int, struct sockaddr *, socklen_t *);
    pid_t (*waitpid)(pid_t, int *, int);
    pid_t (*wait)(int *);
    pid_t (*wait4)(pid_t, int *, int, struct rusage *);
    void (*_exit)(int) __attribute__((noreturn));
    void (*_Exit)(int) __attribute__((noreturn));
};
extern struct fdt_next fdt_next;
/* Resolves every pointer above with dlsym(RTLD_NEXT); idempotent, called at load and lazily. */
void fdt_resolve(void);
#define FDT_NEXT(name) (__atomic_load_n(&fdt_next.name, __ATOMIC_ACQUIRE) ? fdt_next.name : (fdt_resolve(), fdt_next.name))

/* ---- fdtrace_core.c: state, the trace file, time */
/* Whether records are written (SWDEBUG_FD_TRACE was set and the file opened). */
int fdt_active(void);
uint64_t fdt_now_us(void);
/* The fd behind the trace file was closed or replaced by the program: reopen on next write. */
void fdt_trace_fd_gone(int fd);
/* The lowest fd the program may not close under us; -1 when none. */
int fdt_trace_fd(void);
/* A per-process message sequence number, to group the records of one message. */
unsigned long fdt_next_seq(void);

/* ---- fdtrace_ids.c: pid and tid of the caller, cached (reset in a fork child) */
pid_t fdt_pid(void);
pid_t fdt_tid(void);
void fdt_ids_forget(void);

/* ---- fdtrace_record.c: one record in a stack buffer */
struct fdt_rec {
    char buf[FDT_RECORD_MAX];
    size_t len;
    int cut; /* a value did not fit and was shortened, or a field was left out */
};
/* With the cached pid and tid: for the records of passed fds only (see fdtrace_ids.c). */
void fdt_rec_begin(struct fdt_rec *r, const char *event, uint64_t usec);
/* With the pid and tid from the kernel: every other record. */
void fdt_rec_begin_exact(struct fdt_rec *r, const char *event, uint64_t usec);
void fdt_rec_str(struct fdt_rec *r, const char *key, const char *value);
void fdt_rec_bytes(struct fdt_rec *r, const char *key, const char *value, size_t n);
void fdt_rec_int(struct fdt_rec *r, const char *key, long long value);
void fdt_rec_obj(struct fdt_rec *r, const char *key, unsigned long long dev, unsigned long long ino);
/* Appends text already in record syntax ("\tkey=value..."); returns 0, appending nothing, when
   it does not fit whole. */
int fdt_rec_raw(struct fdt_rec *r, const char *text, size_t n);
/* Appends the newline and writes the record with one write(); errno is preserved. The newline
   (and cut=1) are taken off again afterwards, so a caller may truncate r->len to a prefix it
   kept and append the next record's fields. */
void fdt_rec_emit(struct fdt_rec *r);
/* Decimal text of v into out (at least 24 bytes); returns the length. */
size_t fdt_utoa(unsigned long long v, char *out);

/* ---- fdtrace_sockbits.c: which fds are sockets we know of (so close/dup are recorded) */
void fdt_sock_set(int fd);
void fdt_sock_clear(int fd);
int fdt_sock_known(int fd);

/* ---- fdtrace_describe.c: what an fd is */
/*
 * Appends fd's description to r: kind and obj (dev:ino), and for sockets fam and stype; full:
 * also addresses and paths (see FORMAT.md). Returns 1 when fd is a socket, 0 when it is
 * another open fd, -1 when it is not open (kind=bad).
 */
int fdt_rec_describe(struct fdt_rec *r, int fd, int full);
/* fstat(), as one system call: glibc's goes through newfstatat with an empty path. */
struct stat;
int fdt_fstat(int fd, struct stat *st);
/* Formats a socket address as a person writes it (127.0.0.10:7777, [fd00::1]:53, a path). */
void fdt_format_addr(const struct sockaddr *sa, socklen_t len, char *out, size_t size);

/* ---- fdtrace_objcache.c: the description text of objects that do not change, by dev:ino */
/* Longest description text kept (longer ones are described afresh each time). */
#define FDT_OBJTEXT_MAX 480
/* Appends the text kept for dev:ino to r; returns 1 when it did, 0 (nothing appended) otherwise. */
int fdt_objcache_emit(struct fdt_rec *r, unsigned long long dev, unsigned long long ino);
void fdt_objcache_put(unsigned long long dev, unsigned long long ino, const char *text, size_t n);

/* ---- fdtrace_channel.c: the unix socket a message travels on (cached per fd) */
/* Appends the channel keys of unix socket fd (sock, sobj, speer, spath, sppath) to r. */
void fdt_rec_channel(struct fdt_rec *r, int fd);
void fdt_channel_forget(int fd);

/* ---- fdtrace_peer.c: the peer inode of a unix socket, from NETLINK_SOCK_DIAG */
unsigned long long fdt_unix_peer_ino(unsigned long long ino);

/* ---- fdtrace_proc.c: process records */
void fdt_record_start(void);
/* In a fork child; usec: when the parent called fork(). */
void fdt_record_fork(uint64_t usec);

#endif
