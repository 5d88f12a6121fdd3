// spawn_loop N PROGRAM [ARGS...]: runs PROGRAM N times, one after the other, with posix_spawnp (found in
// PATH, given this process's environment) and waits for each; prints the mean wall time of one spawn +
// run + wait in nanoseconds. PROGRAM's standard output goes to /dev/null; its standard error is ours.
//
// Run with LD_PRELOAD set, it measures what a preload costs a process that starts others: its wrapper of
// posix_spawnp, if any, here, and its loading into every child. The clock is read with the system call
// itself, past any preload (libfaketime wraps clock_gettime). Exits 1 when a run fails.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static long long now_ns(void) {
    struct timespec ts;
    syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(int argc, char *argv[]) {
    long n = argc > 2 ? strtol(argv[1], NULL, 10) : 0;
    if (n <= 0) {
        fprintf(stderr, "usage: spawn_loop N PROGRAM [ARGS...]\n");
        return 2;
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    long long start = now_ns();
    for (long i = 0; i < n; i++) {
        pid_t pid;
        int err = posix_spawnp(&pid, argv[2], &actions, NULL, argv + 2, environ);
        if (err) {
            fprintf(stderr, "spawn_loop: %s: cannot run (%s)\n", argv[2], strerrorname_np(err));
            return 1;
        }
        int status;
        while (waitpid(pid, &status, 0) < 0)
            if (errno != EINTR) return 1;
        if (!WIFEXITED(status) || WEXITSTATUS(status)) {
            fprintf(stderr, "spawn_loop: %s: run %ld ended with status %#x\n", argv[2], i + 1, status);
            return 1;
        }
    }
    printf("%lld\n", (now_ns() - start) / n);
    return 0;
}
