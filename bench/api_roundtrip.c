// api_roundtrip N SOCKET_A SOCKET_B: asks each Docker API socket what `docker ps` asks, on a connection
// of its own (HEAD /_ping, then GET /containers/json, each answer read whole before the next request),
// N times each, A and B in turn so that the machine's drift falls on both alike. Prints three numbers in
// nanoseconds: the median of A's connections, the median of B's, and the median of the pair-by-pair
// differences B - A, which is what a proxy at B in front of A adds to each. Exits 1 when an answer is not
// a 200 or 404 with a Content-Length, or a socket fails.
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void die(const char *what) {
    fprintf(stderr, "api_roundtrip: %s\n", what);
    exit(1);
}

// Sends REQUEST and reads its answer whole: the header, then Content-Length bytes unless HEAD.
static void ask(int fd, const char *request, int head) {
    char buf[1 << 16];
    size_t have = 0;
    if (write(fd, request, strlen(request)) != (ssize_t)strlen(request)) die("cannot write a request");
    char *end = NULL;
    while (!end) {
        ssize_t n = read(fd, buf + have, sizeof buf - 1 - have);
        if (n <= 0) die("the answer ended within its header");
        have += n;
        buf[have] = 0;
        end = strstr(buf, "\r\n\r\n");
    }
    if (strncmp(buf, "HTTP/1.1 200", 12) != 0 && strncmp(buf, "HTTP/1.1 404", 12) != 0) die("an answer was not a 200 or 404");
    if (head) return;
    char *length = NULL;
    for (char *line = strstr(buf, "\r\n"); line && line < end && !length; line = strstr(line + 2, "\r\n"))
        if (strncasecmp(line + 2, "Content-Length:", 15) == 0) length = line + 17;
    if (!length) die("an answer had no Content-Length");
    size_t body = strtoul(length, NULL, 10), got = have - (size_t)(end + 4 - buf);
    while (got < body) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n <= 0) die("the answer ended within its body");
        got += n;
    }
}

static long long one_connection(const char *path) {
    long long t0 = now_ns();
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un a = {.sun_family = AF_UNIX};
    if (fd < 0 || strlen(path) >= sizeof a.sun_path) die("cannot make a socket");
    strcpy(a.sun_path, path);
    if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) die("cannot connect");
    ask(fd, "HEAD /_ping HTTP/1.1\r\nHost: api.moby.localhost\r\n\r\n", 1);
    ask(fd, "GET /v1.41/containers/json HTTP/1.1\r\nHost: api.moby.localhost\r\n\r\n", 0);
    close(fd);
    return now_ns() - t0;
}

static int by_value(const void *a, const void *b) {
    long long x = *(const long long *)a, y = *(const long long *)b;
    return (x > y) - (x < y);
}

static long long median(long long *v, long n) {
    qsort(v, n, sizeof *v, by_value);
    return v[n / 2];
}

int main(int argc, char *argv[]) {
    long n = argc == 4 ? strtol(argv[1], NULL, 10) : 0;
    if (n <= 0) die("usage: api_roundtrip N SOCKET_A SOCKET_B");
    long long *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b), *d = malloc(n * sizeof *d);
    if (!a || !b || !d) die("out of memory");
    for (long i = 0; i < n; i++) {
        a[i] = one_connection(argv[2]);
        b[i] = one_connection(argv[3]);
        d[i] = b[i] - a[i];
    }
    printf("%lld %lld %lld\n", median(a, n), median(b, n), median(d, n));
    return 0;
}
