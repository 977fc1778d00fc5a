/*
 * Traffic generator for the capture benchmark: a TCP echo plus a UDP echo between two
 * processes, meant to run under socket_wrapper so that it writes a large real capture.
 *
 *   swbench server IP TCPPORT UDPPORT
 *   swbench client IP TCPPORT UDPPORT ROUNDS SIZE
 *
 * Each round the client sends SIZE bytes over TCP and waits for the echo, then sends one
 * SIZE-byte datagram and waits for the reply. Under socket_wrapper both processes write
 * each message to the shared pcap, so a round is about 8 records.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static void die(const char *what)
{
	perror(what);
	exit(1);
}

static void addr_of(struct sockaddr_in *sa, const char *ip, int port)
{
	memset(sa, 0, sizeof(*sa));
	sa->sin_family = AF_INET;
	sa->sin_port = htons((unsigned short)port);
	if (inet_pton(AF_INET, ip, &sa->sin_addr) != 1) {
		fprintf(stderr, "bad address %s\n", ip);
		exit(2);
	}
}

static void write_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, buf, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			die("write");
		}
		buf += n;
		len -= (size_t)n;
	}
}

/* Returns 0 at end of stream, else fills exactly len bytes. */
static int read_all(int fd, char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = read(fd, buf, len);
		if (n == 0)
			return 0;
		if (n < 0) {
			if (errno == EINTR)
				continue;
			die("read");
		}
		buf += n;
		len -= (size_t)n;
	}
	return 1;
}

static int server(const char *ip, int tport, int uport)
{
	struct sockaddr_in sa;
	int one = 1;
	int ls = socket(AF_INET, SOCK_STREAM, 0);
	int us = socket(AF_INET, SOCK_DGRAM, 0);
	char buf[65536];

	if (ls < 0 || us < 0)
		die("socket");
	setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	addr_of(&sa, ip, tport);
	if (bind(ls, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		die("bind tcp");
	if (listen(ls, 4) < 0)
		die("listen");
	addr_of(&sa, ip, uport);
	if (bind(us, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		die("bind udp");
	printf("ready\n");
	fflush(stdout);

	int cs = accept(ls, NULL, NULL);
	if (cs < 0)
		die("accept");
	for (;;) {
		unsigned int size;
		if (!read_all(cs, (char *)&size, sizeof(size)))
			break;
		if (size > sizeof(buf))
			break;
		if (!read_all(cs, buf, size))
			break;
		write_all(cs, buf, size);
		struct sockaddr_in from;
		socklen_t flen = sizeof(from);
		ssize_t n = recvfrom(us, buf, sizeof(buf), 0, (struct sockaddr *)&from, &flen);
		if (n < 0)
			die("recvfrom");
		if (sendto(us, buf, (size_t)n, 0, (struct sockaddr *)&from, flen) < 0)
			die("sendto");
	}
	close(cs);
	close(ls);
	close(us);
	return 0;
}

static int client(const char *ip, int tport, int uport, long rounds, unsigned int size)
{
	struct sockaddr_in sa;
	char *buf = malloc(size + sizeof(size));
	int ts = -1;

	if (buf == NULL || size > 65000)
		die("size");
	memset(buf, 'x', size + sizeof(size));
	memcpy(buf, &size, sizeof(size));
	addr_of(&sa, ip, tport);
	/* The server may not listen yet: socket_wrapper answers EHOSTUNREACH until it does. */
	for (int tries = 0; tries < 500; tries++) {
		ts = socket(AF_INET, SOCK_STREAM, 0);
		if (ts < 0)
			die("socket");
		if (connect(ts, (struct sockaddr *)&sa, sizeof(sa)) == 0)
			break;
		close(ts);
		ts = -1;
		struct timespec d = { 0, 10 * 1000 * 1000 };
		nanosleep(&d, NULL);
	}
	if (ts < 0)
		die("connect");
	int us = socket(AF_INET, SOCK_DGRAM, 0);
	if (us < 0)
		die("socket udp");
	addr_of(&sa, ip, uport);
	if (connect(us, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		die("connect udp");

	for (long i = 0; i < rounds; i++) {
		/* A 4-byte length prefix rides in the same write as the data: one record. */
		write_all(ts, buf, size + sizeof(size));
		if (!read_all(ts, buf + sizeof(size), size))
			die("echo ended early");
		if (send(us, buf, size, 0) < 0)
			die("send udp");
		if (recv(us, buf + sizeof(size), size, 0) < 0)
			die("recv udp");
		memcpy(buf, &size, sizeof(size));
	}
	close(ts);
	close(us);
	free(buf);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 5 && strcmp(argv[1], "server") == 0)
		return server(argv[2], atoi(argv[3]), atoi(argv[4]));
	if (argc == 7 && strcmp(argv[1], "client") == 0)
		return client(argv[2], atoi(argv[3]), atoi(argv[4]), atol(argv[5]), (unsigned int)atoi(argv[6]));
	fprintf(stderr, "usage: %s server IP TCPPORT UDPPORT | client IP TCPPORT UDPPORT ROUNDS SIZE\n", argv[0]);
	return 2;
}
