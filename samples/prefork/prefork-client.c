/*
 * The client for the prefork sample: opens --count connections one after the other, sends a
 * line on each and prints the reply (which names the worker that answered).
 *
 * usage: prefork-client [--host 127.0.0.10] [--port 7777] [--count 4]
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/*
 * Connects, retrying for a few seconds: started together with the server (a compound), the
 * client may try before the server listens; under socket_wrapper that fails with
 * EHOSTUNREACH ("No route to host") rather than ECONNREFUSED.
 */
static int connect_retrying(const struct sockaddr_in *addr)
{
    for (int attempt = 0; attempt < 100; attempt++) {
        int s = socket(AF_INET, SOCK_STREAM, 0);
        if (s < 0) {
            return -1;
        }
        if (connect(s, (const struct sockaddr *)addr, sizeof *addr) == 0) {
            return s;
        }
        int err = errno;
        close(s);
        if (err != EHOSTUNREACH && err != ECONNREFUSED) {
            errno = err;
            return -1;
        }
        struct timespec pause = {0, 50 * 1000 * 1000};
        nanosleep(&pause, NULL);
    }
    return -1;
}

int main(int argc, char **argv)
{
    const char *host = "127.0.0.10";
    int port = 7777, count = 4;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--host") == 0) {
            host = argv[i + 1];
        } else if (strcmp(argv[i], "--port") == 0) {
            port = atoi(argv[i + 1]);
        } else if (strcmp(argv[i], "--count") == 0) {
            count = atoi(argv[i + 1]);
        }
    }
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    if (inet_pton(AF_INET, host, &addr.sin_addr) != 1) {
        fprintf(stderr, "prefork-client: bad host %s\n", host);
        return 2;
    }
    for (int i = 1; i <= count; i++) {
        int s = connect_retrying(&addr);
        if (s < 0) {
            fprintf(stderr, "prefork-client: connect %s:%d: %s\n", host, port, strerror(errno));
            return 1;
        }
        char request[64];
        int len = snprintf(request, sizeof request, "hello %d\n", i);
        char reply[320] = {0};
        if (write(s, request, (size_t)len) != len || read(s, reply, sizeof reply - 1) <= 0) {
            fprintf(stderr, "prefork-client: request %d: %s\n", i, strerror(errno));
            return 1;
        }
        printf("reply: %s", reply);
        fflush(stdout);
        close(s);
    }
    return 0;
}
