/*
 * Says what a file descriptor is, for the records of passed fds and socket lifecycle:
 * its kind and identity (device:inode, the same in every process that holds it, which is how
 * a sent fd is matched to its receipt), and for sockets the family and addresses twice:
 * as the program sees them (getsockname through socket_wrapper: 127.0.0.10:7777) and as the
 * kernel does (the raw syscall: socket_wrapper's unix file, /tmp/swd-x/T0A1E61).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>
#include "fdtrace.h"

/* What an fd is, gathered before it is written (see FORMAT.md for each field). */
struct fdt_desc {
    const char *kind; /* sock file dir pipe fifo chr blk eventfd memfd signalfd timerfd epoll pidfd anon other */
    unsigned long long dev, ino;
    const char *fam;   /* sockets: as the program sees it (inet, inet6, unix, netlink, ...) */
    const char *stype; /* sockets: stream dgram seqpacket raw ... */
    char local[160];   /* sockets: emulated local address, as the program sees it */
    char remote[160];
    char upath[110];   /* sockets: the real unix path (raw getsockname), socket_wrapper's file */
    char uppath[110];  /* sockets: the real peer unix path (raw getpeername) */
    char path[1024];   /* everything else: readlink(/proc/self/fd/N) */
    int path_cut;      /* the link was longer than path: the record gets cut=1 */
};

int fdt_fstat(int fd, struct stat *st)
{
#if defined(__x86_64__)
    /* The kernel's struct stat is glibc's on x86_64; the plain fstat syscall skips the empty
       path glibc's fstat (newfstatat with AT_EMPTY_PATH) makes the kernel look at: ~0.1 µs. */
    return (int)syscall(SYS_fstat, fd, st);
#else
    return fstat(fd, st);
#endif
}

static void copy(char *out, size_t size, const char *s, size_t n)
{
    if (n >= size) {
        n = size - 1;
    }
    memcpy(out, s, n);
    out[n] = '\0';
}

void fdt_format_addr(const struct sockaddr *sa, socklen_t len, char *out, size_t size)
{
    char ip[INET6_ADDRSTRLEN];
    char port[8];
    out[0] = '\0';
    if (len < sizeof(sa_family_t)) {
        return;
    }
    if (sa->sa_family == AF_INET && len >= sizeof(struct sockaddr_in)) {
        const struct sockaddr_in *in = (const struct sockaddr_in *)sa;
        if (inet_ntop(AF_INET, &in->sin_addr, ip, sizeof ip) != NULL && size > strlen(ip) + 8) {
            size_t n = strlen(ip);
            memcpy(out, ip, n);
            out[n++] = ':';
            fdt_utoa(ntohs(in->sin_port), port);
            copy(out + n, size - n, port, strlen(port));
        }
    } else if (sa->sa_family == AF_INET6 && len >= sizeof(struct sockaddr_in6)) {
        const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)sa;
        if (inet_ntop(AF_INET6, &in6->sin6_addr, ip, sizeof ip) != NULL && size > strlen(ip) + 10) {
            size_t n = 0;
            out[n++] = '[';
            memcpy(out + n, ip, strlen(ip));
            n += strlen(ip);
            out[n++] = ']';
            out[n++] = ':';
            fdt_utoa(ntohs(in6->sin6_port), port);
            copy(out + n, size - n, port, strlen(port));
        }
    } else if (sa->sa_family == AF_UNIX) {
        const struct sockaddr_un *un = (const struct sockaddr_un *)sa;
        size_t n = len - offsetof(struct sockaddr_un, sun_path);
        if (n == 0) {
            return; /* unnamed */
        }
        if (un->sun_path[0] == '\0') {
            /* Abstract: written with a leading '@', as ss and lsof do. */
            out[0] = '@';
            copy(out + 1, size - 1, un->sun_path + 1, n - 1);
        } else {
            copy(out, size, un->sun_path, strnlen(un->sun_path, n));
        }
    }
}

static const char *family_name(int family)
{
    switch (family) {
    case AF_INET: return "inet";
    case AF_INET6: return "inet6";
    case AF_UNIX: return "unix";
    case AF_NETLINK: return "netlink";
    case AF_PACKET: return "packet";
    default: return "other";
    }
}

static const char *type_name(int type)
{
    switch (type) {
    case SOCK_STREAM: return "stream";
    case SOCK_DGRAM: return "dgram";
    case SOCK_SEQPACKET: return "seqpacket";
    case SOCK_RAW: return "raw";
    default: return "other";
    }
}

/* readlink of /proc/self/fd/N; returns 1 when the link did not fit (it is then shortened). */
static int fd_link(int fd, char *out, size_t size)
{
    char proc[40] = "/proc/self/fd/";
    fdt_utoa((unsigned long long)fd, proc + strlen(proc));
    long n = syscall(SYS_readlinkat, AT_FDCWD, proc, out, size - 1);
    out[n > 0 ? n : 0] = '\0';
    return n == (long)size - 1;
}

static void describe_socket(int fd, struct fdt_desc *d, int full)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    int type = 0;
    socklen_t tlen = sizeof type;
    d->kind = "sock";
    syscall(SYS_getsockopt, fd, SOL_SOCKET, SO_TYPE, &type, &tlen);
    d->stype = type_name(type);
    /* Through socket_wrapper: the family and address the program sees (AF_INET for a wrapped socket). */
    if (FDT_NEXT(getsockname)(fd, (struct sockaddr *)&ss, &len) == 0) {
        d->fam = family_name(ss.ss_family);
        if (full) {
            fdt_format_addr((struct sockaddr *)&ss, len, d->local, sizeof d->local);
        }
    } else {
        int domain = 0;
        socklen_t dlen = sizeof domain;
        syscall(SYS_getsockopt, fd, SOL_SOCKET, SO_DOMAIN, &domain, &dlen);
        d->fam = family_name(domain);
    }
    if (!full) {
        return;
    }
    len = sizeof ss;
    if (FDT_NEXT(getpeername)(fd, (struct sockaddr *)&ss, &len) == 0) {
        fdt_format_addr((struct sockaddr *)&ss, len, d->remote, sizeof d->remote);
    }
    /* The kernel's view, bypassing socket_wrapper: its unix socket file. */
    len = sizeof ss;
    if (syscall(SYS_getsockname, fd, &ss, &len) == 0 && ss.ss_family == AF_UNIX) {
        fdt_format_addr((struct sockaddr *)&ss, len, d->upath, sizeof d->upath);
    }
    len = sizeof ss;
    if (syscall(SYS_getpeername, fd, &ss, &len) == 0 && ss.ss_family == AF_UNIX) {
        fdt_format_addr((struct sockaddr *)&ss, len, d->uppath, sizeof d->uppath);
    }
}

/* Anonymous inodes (eventfd, signalfd...) have no file type; their link names them. */
static const char *anon_kind(const char *link)
{
    static const struct { const char *link; const char *kind; } kinds[] = {
        {"anon_inode:[eventfd]", "eventfd"}, {"anon_inode:[signalfd]", "signalfd"},
        {"anon_inode:[timerfd]", "timerfd"}, {"anon_inode:[eventpoll]", "epoll"},
        {"anon_inode:[pidfd]", "pidfd"},
    };
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        if (strcmp(link, kinds[i].link) == 0) {
            return kinds[i].kind;
        }
    }
    return strncmp(link, "anon_inode:", 11) == 0 ? "anon" : "other";
}

/* d from fd and its fstat. */
static void describe(int fd, const struct stat *st, struct fdt_desc *d, int full)
{
    d->fam = d->stype = NULL;
    d->local[0] = d->remote[0] = d->upath[0] = d->uppath[0] = d->path[0] = '\0';
    d->path_cut = 0;
    d->dev = (unsigned long long)st->st_dev;
    d->ino = (unsigned long long)st->st_ino;
    if (S_ISSOCK(st->st_mode)) {
        describe_socket(fd, d, full);
        return;
    }
    d->path_cut = fd_link(fd, d->path, sizeof d->path);
    switch (st->st_mode & S_IFMT) {
    case S_IFREG: d->kind = strncmp(d->path, "/memfd:", 7) == 0 ? "memfd" : "file"; break;
    case S_IFDIR: d->kind = "dir"; break;
    case S_IFIFO: d->kind = strncmp(d->path, "pipe:", 5) == 0 ? "pipe" : "fifo"; break;
    case S_IFCHR: d->kind = "chr"; break;
    case S_IFBLK: d->kind = "blk"; break;
    default: d->kind = anon_kind(d->path); break;
    }
}

static void rec_desc(struct fdt_rec *r, const struct fdt_desc *d)
{
    fdt_rec_str(r, "kind", d->kind);
    fdt_rec_obj(r, "obj", d->dev, d->ino);
    if (d->fam != NULL) {
        fdt_rec_str(r, "fam", d->fam);
        fdt_rec_str(r, "stype", d->stype);
    }
    if (d->local[0] != '\0') {
        fdt_rec_str(r, "local", d->local);
    }
    if (d->remote[0] != '\0') {
        fdt_rec_str(r, "remote", d->remote);
    }
    if (d->upath[0] != '\0') {
        fdt_rec_str(r, "upath", d->upath);
    }
    if (d->uppath[0] != '\0') {
        fdt_rec_str(r, "uppath", d->uppath);
    }
    if (d->path[0] != '\0') {
        fdt_rec_str(r, "path", d->path);
    }
    if (d->path_cut) {
        r->cut = 1;
    }
}

int fdt_rec_describe(struct fdt_rec *r, int fd, int full)
{
    struct stat st;
    if (fdt_fstat(fd, &st) != 0) {
        fdt_rec_str(r, "kind", "bad");
        return -1;
    }
    int sock = S_ISSOCK(st.st_mode);
    unsigned long long dev = (unsigned long long)st.st_dev;
    unsigned long long ino = (unsigned long long)st.st_ino;
    /* Anonymous inodes (eventfd, epoll, timerfd...) all share one inode: not a key. */
    int cacheable = full && (st.st_mode & S_IFMT) != 0;
    if (cacheable && fdt_objcache_emit(r, dev, ino)) {
        return sock;
    }
    struct fdt_desc d;
    describe(fd, &st, &d, full);
    size_t start = r->len;
    int cut = r->cut;
    rec_desc(r, &d);
    /* A connected stream socket's addresses never change again; other sockets' do. */
    if (sock) {
        cacheable = cacheable && d.remote[0] != '\0' && strcmp(d.stype, "stream") == 0;
    }
    /* Only a description written whole: a shortened one is not what the object is. */
    if (cacheable && !cut && !r->cut) {
        fdt_objcache_put(dev, ino, r->buf + start, r->len - start);
    }
    return sock;
}
