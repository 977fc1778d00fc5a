/*
 * Workloads for the fd tracer benchmark (bench/fdtrace/run.sh), run under socket_wrapper
 * with and without the tracer preloaded in front of it.
 *
 *   pingpong scm N     parent and child pass an fd (/dev/null) back and forth over a
 *                      socketpair with SCM_RIGHTS, N round trips (the receiver closes what
 *                      it got)
 *   pingpong scm-tcp N the same passing an accepted emulated TCP connection (the prefork
 *                      case: socket_wrapper then also hands over its socket metadata)
 *   pingpong plain N   a 64-byte send()/recv() ping-pong over an emulated TCP connection
 *                      (127.0.0.10), N round trips: ordinary traffic, nothing passed
 *   pingpong msg N     the same over sendmsg()/recvmsg() without control data: the
 *                      tracer's fast path for messages that pass nothing
 *
 * Prints two numbers: the wall time per round trip (ns), and the CPU time both processes
 * spent in their loops per round trip (ns). The CPU time is the tracer's own cost, whatever
 * else the machine is doing; the wall time is what the program feels.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void die(const char *what)
{
    perror(what);
    exit(1);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* CPU time of this process (seconds). */
static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* What a run measured: wall time of the parent's loop, CPU time of both loops (seconds). */
struct result {
    double wall, cpu;
};

/* Where the child leaves the CPU time of its loop: shared memory (no fd, nothing traced). */
static double *child_cpu;

/*
 * PINGPONG_CPUS=A,B puts the parent on CPU A and the child on CPU B: the same placement every
 * run, so runs compare (unpinned, the scheduler's choices on a shared machine vary more than
 * what is measured). One CPU for both (A == B) measures the cost without cross-CPU wakeups.
 */
static void pin(int which)
{
    const char *cpus = getenv("PINGPONG_CPUS");
    if (cpus == NULL) {
        return;
    }
    int a = atoi(cpus);
    const char *comma = strchr(cpus, ',');
    int cpu = which == 0 || comma == NULL ? a : atoi(comma + 1);
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    if (sched_setaffinity(0, sizeof set, &set) != 0) {
        die("sched_setaffinity");
    }
}

static void send_fd(int sock, int fd)
{
    char byte = 'F';
    struct iovec io = {&byte, 1};
    union {
        char buf[CMSG_SPACE(sizeof(int))];
        struct cmsghdr align;
    } c;
    memset(&c, 0, sizeof c);
    struct msghdr m = {.msg_iov = &io, .msg_iovlen = 1, .msg_control = c.buf, .msg_controllen = sizeof c.buf};
    struct cmsghdr *h = CMSG_FIRSTHDR(&m);
    h->cmsg_level = SOL_SOCKET;
    h->cmsg_type = SCM_RIGHTS;
    h->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(h), &fd, sizeof fd);
    if (sendmsg(sock, &m, 0) != 1) {
        die("sendmsg");
    }
}

static int recv_fd(int sock)
{
    char byte;
    struct iovec io = {&byte, 1};
    union {
        char buf[CMSG_SPACE(sizeof(int))];
        struct cmsghdr align;
    } c;
    struct msghdr m = {.msg_iov = &io, .msg_iovlen = 1, .msg_control = c.buf, .msg_controllen = sizeof c.buf};
    if (recvmsg(sock, &m, 0) != 1) {
        die("recvmsg");
    }
    struct cmsghdr *h = CMSG_FIRSTHDR(&m);
    if (h == NULL) {
        die("no fd");
    }
    int fd;
    memcpy(&fd, CMSG_DATA(h), sizeof fd);
    return fd;
}

static int accepted_tcp(void)
{
    int listener = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(7901)};
    inet_pton(AF_INET, "127.0.0.10", &a.sin_addr);
    int on = 1;
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    if (bind(listener, (struct sockaddr *)&a, sizeof a) != 0 || listen(listener, 1) != 0) {
        die("listen");
    }
    int client = socket(AF_INET, SOCK_STREAM, 0);
    if (connect(client, (struct sockaddr *)&a, sizeof a) != 0) {
        die("connect");
    }
    int conn = accept(listener, NULL, NULL);
    if (conn < 0) {
        die("accept");
    }
    return conn; /* the listener and the client stay open: the connection stays established */
}

static struct result scm(long n, int tcp)
{
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0) {
        die("socketpair");
    }
    int fd = tcp ? accepted_tcp() : open("/dev/null", O_RDONLY);
    pid_t child = fork();
    if (child == 0) {
        pin(1);
        close(sv[0]);
        double cpu = cpu_now();
        for (long i = 0; i < n; i++) {
            int got = recv_fd(sv[1]);
            send_fd(sv[1], got);
            close(got);
        }
        *child_cpu = cpu_now() - cpu;
        _exit(0);
    }
    close(sv[1]);
    pin(0);
    double start = now();
    double cpu = cpu_now();
    for (long i = 0; i < n; i++) {
        send_fd(sv[0], fd);
        close(recv_fd(sv[0]));
    }
    struct result r = {now() - start, cpu_now() - cpu};
    waitpid(child, NULL, 0);
    r.cpu += *child_cpu;
    return r;
}

static void exchange(int s, int use_msg, char *buf, size_t len)
{
    struct iovec io = {buf, len};
    struct msghdr m = {.msg_iov = &io, .msg_iovlen = 1};
    ssize_t w = use_msg ? sendmsg(s, &m, 0) : send(s, buf, len, 0);
    if (w != (ssize_t)len) {
        die("send");
    }
    size_t got = 0;
    while (got < len) {
        io.iov_base = buf + got;
        io.iov_len = len - got;
        ssize_t r = use_msg ? recvmsg(s, &m, 0) : recv(s, buf + got, len - got, 0);
        if (r <= 0) {
            die("recv");
        }
        got += (size_t)r;
    }
}

static struct result plain(long n, int use_msg)
{
    int listener = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(7900)};
    inet_pton(AF_INET, "127.0.0.10", &a.sin_addr);
    int on = 1;
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    if (bind(listener, (struct sockaddr *)&a, sizeof a) != 0 || listen(listener, 1) != 0) {
        die("listen");
    }
    pid_t child = fork();
    if (child == 0) {
        pin(1);
        int conn = accept(listener, NULL, NULL);
        char buf[64];
        double cpu = cpu_now();
        for (long i = 0; i < n; i++) {
            size_t got = 0;
            while (got < sizeof buf) {
                ssize_t r = recv(conn, buf + got, sizeof buf - got, 0);
                if (r <= 0) {
                    _exit(1);
                }
                got += (size_t)r;
            }
            if (send(conn, buf, sizeof buf, 0) != (ssize_t)sizeof buf) {
                _exit(1);
            }
        }
        *child_cpu = cpu_now() - cpu;
        _exit(0);
    }
    close(listener);
    pin(0);
    int s = socket(AF_INET, SOCK_STREAM, 0);
    if (connect(s, (struct sockaddr *)&a, sizeof a) != 0) {
        die("connect");
    }
    char buf[64] = "ping";
    double start = now();
    double cpu = cpu_now();
    for (long i = 0; i < n; i++) {
        exchange(s, use_msg, buf, sizeof buf);
    }
    struct result r = {now() - start, cpu_now() - cpu};
    close(s);
    waitpid(child, NULL, 0);
    r.cpu += *child_cpu;
    return r;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: pingpong scm|scm-tcp|plain|msg N\n");
        return 2;
    }
    long n = atol(argv[2]);
    const char *mode = argv[1];
    child_cpu = mmap(NULL, sizeof *child_cpu, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (child_cpu == MAP_FAILED) {
        die("mmap");
    }
    struct result r = strcmp(mode, "scm") == 0 ? scm(n, 0) : strcmp(mode, "scm-tcp") == 0 ? scm(n, 1) : strcmp(mode, "plain") == 0 ? plain(n, 0) : plain(n, 1);
    /* Nanoseconds per round trip: wall, then CPU of both processes. */
    printf("%.0f %.0f\n", r.wall / (double)n * 1e9, r.cpu / (double)n * 1e9);
    return 0;
}
