/*
 * A prefork TCP server, the classic way: the parent listens and accepts, and hands each
 * accepted connection to one of its pre-forked workers over a unix socketpair with
 * SCM_RIGHTS; the worker answers the request and closes the connection.
 *
 * Run it under socket_wrapper with fdTrace on (F5 in this folder) and the Passed FDs view
 * shows every connection handed over: from the parent's fd to the worker's, with the
 * emulated addresses of the connection (TCP 127.0.0.10:7777 ← 127.0.0.11:xxxxx).
 *
 * usage: prefork-server [--host 127.0.0.10] [--port 7777] [--workers 2] [--count N]
 *        (--count N: stop after N connections; 0, the default, serves forever)
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_WORKERS 16

struct worker {
    pid_t pid;
    int channel; /* the parent's end of the socketpair */
};

static void die(const char *what)
{
    fprintf(stderr, "prefork-server: %s: %s\n", what, strerror(errno));
    exit(1);
}

static const char *endpoint(const struct sockaddr_in *a, char *out, size_t size)
{
    char ip[INET_ADDRSTRLEN];
    inet_ntop(AF_INET, &a->sin_addr, ip, sizeof ip);
    snprintf(out, size, "%s:%d", ip, ntohs(a->sin_port));
    return out;
}

static void pass_fd(int channel, int fd)
{
    char tag = 'C';
    struct iovec io = {&tag, 1};
    union {
        char buf[CMSG_SPACE(sizeof(int))];
        struct cmsghdr align;
    } control;
    memset(&control, 0, sizeof control);
    struct msghdr m = {.msg_iov = &io, .msg_iovlen = 1, .msg_control = control.buf, .msg_controllen = sizeof control.buf};
    struct cmsghdr *h = CMSG_FIRSTHDR(&m);
    h->cmsg_level = SOL_SOCKET;
    h->cmsg_type = SCM_RIGHTS;
    h->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(h), &fd, sizeof fd);
    if (sendmsg(channel, &m, 0) != 1) {
        die("sendmsg");
    }
}

/* The next connection from the parent; -1 when the parent closed the channel (time to go). */
static int receive_fd(int channel)
{
    char tag;
    struct iovec io = {&tag, 1};
    union {
        char buf[CMSG_SPACE(sizeof(int))];
        struct cmsghdr align;
    } control;
    struct msghdr m = {.msg_iov = &io, .msg_iovlen = 1, .msg_control = control.buf, .msg_controllen = sizeof control.buf};
    ssize_t n = recvmsg(channel, &m, 0);
    if (n <= 0) {
        return -1;
    }
    struct cmsghdr *h = CMSG_FIRSTHDR(&m);
    if (h == NULL || h->cmsg_type != SCM_RIGHTS) {
        return -1;
    }
    int fd;
    memcpy(&fd, CMSG_DATA(h), sizeof fd);
    return fd;
}

static void serve(int conn)
{
    char line[256];
    ssize_t n = read(conn, line, sizeof line - 1);
    if (n <= 0) {
        return;
    }
    line[n] = '\0';
    line[strcspn(line, "\r\n")] = '\0';
    char reply[320];
    int len = snprintf(reply, sizeof reply, "worker %d: %s\n", getpid(), line);
    if (write(conn, reply, (size_t)len) != len) {
        perror("prefork-server: write");
    }
}

static void worker_loop(int channel)
{
    int conn;
    while ((conn = receive_fd(channel)) >= 0) {
        struct sockaddr_in peer;
        socklen_t len = sizeof peer;
        char who[64] = "?";
        if (getpeername(conn, (struct sockaddr *)&peer, &len) == 0) {
            endpoint(&peer, who, sizeof who);
        }
        printf("worker %d: connection from %s (fd %d)\n", getpid(), who, conn);
        fflush(stdout);
        serve(conn);
        close(conn);
    }
    exit(0);
}

int main(int argc, char **argv)
{
    const char *host = "127.0.0.10";
    int port = 7777, workers = 2, count = 0;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--host") == 0) {
            host = argv[i + 1];
        } else if (strcmp(argv[i], "--port") == 0) {
            port = atoi(argv[i + 1]);
        } else if (strcmp(argv[i], "--workers") == 0) {
            workers = atoi(argv[i + 1]);
        } else if (strcmp(argv[i], "--count") == 0) {
            count = atoi(argv[i + 1]);
        }
    }
    if (workers < 1 || workers > MAX_WORKERS) {
        fprintf(stderr, "prefork-server: --workers must be 1..%d\n", MAX_WORKERS);
        return 2;
    }

    int listener = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    if (listener < 0 || inet_pton(AF_INET, host, &addr.sin_addr) != 1) {
        die("socket");
    }
    int on = 1;
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    if (bind(listener, (struct sockaddr *)&addr, sizeof addr) != 0 || listen(listener, 16) != 0) {
        die("bind/listen");
    }

    struct worker pool[MAX_WORKERS];
    for (int w = 0; w < workers; w++) {
        int sv[2];
        if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0) {
            die("socketpair");
        }
        fflush(stdout);
        pid_t pid = fork();
        if (pid < 0) {
            die("fork");
        }
        if (pid == 0) {
            close(listener);
            close(sv[0]);
            for (int k = 0; k < w; k++) {
                close(pool[k].channel); /* a worker talks to the parent only */
            }
            worker_loop(sv[1]);
        }
        close(sv[1]);
        pool[w] = (struct worker){pid, sv[0]};
    }
    char where[64];
    printf("listening on %s with %d workers\n", endpoint(&addr, where, sizeof where), workers);
    fflush(stdout);

    for (int served = 0; count == 0 || served < count; served++) {
        struct sockaddr_in peer;
        socklen_t len = sizeof peer;
        int conn = accept(listener, (struct sockaddr *)&peer, &len);
        if (conn < 0) {
            die("accept");
        }
        struct worker *w = &pool[served % workers];
        pass_fd(w->channel, conn);
        printf("passed connection from %s (fd %d) to worker %d\n", endpoint(&peer, where, sizeof where), conn, w->pid);
        fflush(stdout);
        close(conn); /* the worker has its own descriptor now */
    }

    for (int w = 0; w < workers; w++) {
        close(pool[w].channel); /* end of work: the worker's recvmsg returns 0 */
    }
    for (int w = 0; w < workers; w++) {
        waitpid(pool[w].pid, NULL, 0);
    }
    printf("served %d connections\n", count);
    return 0;
}
