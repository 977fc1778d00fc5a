/*
 * Formats one trace record into a stack buffer and writes it with a single write().
 * A record is a line: FDT_MAGIC, event, time (µs), pid, tid, then key=value fields, all
 * separated by tabs. Values are escaped (%XX for bytes below '!', DEL and '%') so a tab or
 * a newline in a path cannot break the line. A value that does not fit is shortened and the
 * record gets `cut=1`, so a record never exceeds PIPE_BUF and stays atomic.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "fdtrace.h"

/* Room kept for "\tcut=1\n". */
#define FDT_TAIL 8

/* Two digits at a time: a time stamp has sixteen, and every record starts with one. */
static const char pairs[201] =
        "0001020304050607080910111213141516171819"
        "2021222324252627282930313233343536373839"
        "4041424344454647484950515253545556575859"
        "6061626364656667686970717273747576777879"
        "8081828384858687888990919293949596979899";

size_t fdt_utoa(unsigned long long v, char *out)
{
    char tmp[24];
    char *p = tmp + sizeof tmp;
    while (v >= 100) {
        unsigned int d = (unsigned int)(v % 100);
        v /= 100;
        p -= 2;
        memcpy(p, pairs + 2 * d, 2);
    }
    if (v >= 10) {
        p -= 2;
        memcpy(p, pairs + 2 * v, 2);
    } else {
        *--p = (char)('0' + v);
    }
    size_t n = (size_t)(tmp + sizeof tmp - p);
    memcpy(out, p, n);
    out[n] = '\0';
    return n;
}

static size_t room(const struct fdt_rec *r)
{
    return r->len + FDT_TAIL < FDT_RECORD_MAX ? FDT_RECORD_MAX - FDT_TAIL - r->len : 0;
}

static void put_raw(struct fdt_rec *r, const char *s, size_t n)
{
    memcpy(r->buf + r->len, s, n);
    r->len += n;
}

/* Starts a field: "\tkey="; returns 0 when even that does not fit. */
static int put_key(struct fdt_rec *r, const char *key)
{
    size_t k = strlen(key);
    if (room(r) < k + 2) {
        r->cut = 1;
        return 0;
    }
    put_raw(r, "\t", 1);
    put_raw(r, key, k);
    put_raw(r, "=", 1);
    return 1;
}

void fdt_rec_bytes(struct fdt_rec *r, const char *key, const char *value, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    if (!put_key(r, key)) {
        return;
    }
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)value[i];
        int escape = c < 0x21 || c == 0x7f || c == '%';
        if (room(r) < (escape ? 3u : 1u)) {
            r->cut = 1;
            return;
        }
        if (escape) {
            char e[3] = {'%', hex[c >> 4], hex[c & 15]};
            put_raw(r, e, 3);
        } else {
            r->buf[r->len++] = (char)c;
        }
    }
}

void fdt_rec_str(struct fdt_rec *r, const char *key, const char *value)
{
    fdt_rec_bytes(r, key, value, strlen(value));
}

void fdt_rec_int(struct fdt_rec *r, const char *key, long long value)
{
    char num[24];
    size_t n;
    if (value < 0) {
        num[0] = '-';
        n = 1 + fdt_utoa((unsigned long long)(-(value + 1)) + 1, num + 1);
    } else {
        n = fdt_utoa((unsigned long long)value, num);
    }
    /* A number is never shortened: it is written whole or left out. */
    if (room(r) < strlen(key) + 2 + n) {
        r->cut = 1;
        return;
    }
    put_key(r, key);
    put_raw(r, num, n);
}

void fdt_rec_obj(struct fdt_rec *r, const char *key, unsigned long long dev, unsigned long long ino)
{
    char num[52];
    size_t n = fdt_utoa(dev, num);
    num[n++] = ':';
    n += fdt_utoa(ino, num + n);
    if (room(r) < strlen(key) + 2 + n) {
        r->cut = 1;
        return;
    }
    put_key(r, key);
    put_raw(r, num, n);
}

static void begin(struct fdt_rec *r, const char *event, uint64_t usec, pid_t pid, pid_t tid)
{
    char num[24];
    r->len = 0;
    r->cut = 0;
    put_raw(r, FDT_MAGIC, strlen(FDT_MAGIC));
    put_raw(r, "\t", 1);
    put_raw(r, event, strlen(event));
    put_raw(r, "\t", 1);
    put_raw(r, num, fdt_utoa(usec, num));
    put_raw(r, "\t", 1);
    put_raw(r, num, fdt_utoa((unsigned long long)pid, num));
    put_raw(r, "\t", 1);
    put_raw(r, num, fdt_utoa((unsigned long long)tid, num));
}

void fdt_rec_begin(struct fdt_rec *r, const char *event, uint64_t usec)
{
    begin(r, event, usec, fdt_pid(), fdt_tid());
}

void fdt_rec_begin_exact(struct fdt_rec *r, const char *event, uint64_t usec)
{
    int saved = errno;
    begin(r, event, usec, (pid_t)syscall(SYS_getpid), (pid_t)syscall(SYS_gettid));
    errno = saved;
}

int fdt_rec_raw(struct fdt_rec *r, const char *text, size_t n)
{
    if (room(r) < n) {
        return 0;
    }
    put_raw(r, text, n);
    return 1;
}

void fdt_rec_emit(struct fdt_rec *r)
{
    int saved = errno;
    size_t len = r->len;
    if (r->cut) {
        put_raw(r, "\tcut=1", 6);
    }
    put_raw(r, "\n", 1);
    int fd = fdt_trace_fd();
    if (fd >= 0) {
        /* The raw syscall: socket_wrapper interposes write() and would look the fd up. */
        ssize_t w;
        do {
            w = syscall(SYS_write, fd, r->buf, r->len);
        } while (w < 0 && errno == EINTR);
    }
    r->len = len;
    errno = saved;
}
