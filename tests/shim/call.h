// The harness of the one-per-entry-point test programs (execve.c, posix_spawn.c, ...), each of which
// defines call() with its entry point. `PROG [-s] [-u NAME | -p NAME=VALUE | -C]... [-E | -0 | -e NAME=VALUE]...
// FILE ARG0 ARGS...` calls it with FILE ("(null)": a NULL pointer), the argv ARG0 ARGS... and, for the forms
// that take one, the process's environment, an empty one (-E), NULL (-0) or the -e entries. Before that the
// process changes its own environment as a program that drops LD_PRELOAD would: unsetenv (-u), putenv (-p),
// clearenv (-C). -s makes the call from a thread with a 16 KiB stack. A call that fails prints
// "PROG: ERRNAME" and exits 1; a spawn prints how the child ended, and whether errno changed (posix_spawn
// reports through its result).
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static int call(const char *file, char *const argv[], char *const envp[]);

#define SENTINEL EDOM  // errno before the call

// How a child ended (a wait status), printed; -1 for system()'s and pclose()'s failure.
__attribute__((unused)) static int ended(int status) {
    if (status == -1) return -1;
    printf("exit %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
    return 0;
}

// For the spawning programs: reports the error code as errno, or waits for the child.
__attribute__((unused)) static int spawned(int err, const pid_t *pid) {
    if (errno != SENTINEL) printf("errno changed to %s\n", strerrorname_np(errno));
    if (err) {
        errno = err;
        return -1;
    }
    int status;
    if (waitpid(*pid, &status, 0) < 0) return -1;
    return ended(status);
}

// The spawning programs' call(): FN spawns, the program waits.
#define SPAWN_CALL(fn)                                                                 \
    static int call(const char *file, char *const argv[], char *const envp[]) {        \
        pid_t pid;                                                                     \
        return spawned(fn(&pid, file, NULL, NULL, argv, envp), &pid);                  \
    }

// For the variadic forms: argv padded with NULLs to WORDS, so that execl stops at its real end, and, for
// execle, envp right after that end, where execle reads it.
#define WORDS 16
#define SPREAD(a) a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12], a[13], a[14], a[15]
__attribute__((unused)) static char **padded(char *const argv[], char *const envp[]) {
    static char *a[WORDS];
    size_t n = 0;
    for (; argv[n] && n < WORDS - 2; n++) a[n] = argv[n];
    a[n] = NULL;
    a[n + 1] = (char *)envp;
    return a;
}

struct request {
    const char *file;
    char **argv, **envp;
    int result, err;
};

static void *run(void *p) {
    struct request *r = p;
    errno = SENTINEL;
    r->result = call(r->file, r->argv, r->envp);
    r->err = errno;
    return NULL;
}

int main(int argc, char **argv) {
    static char *env[64];
    size_t n = 0;
    struct request r;
    bool small_stack = false, own_env = false;
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (!strcmp(argv[i], "-s")) small_stack = true;
        else if (!strcmp(argv[i], "-E")) r.envp = env, own_env = true;
        else if (!strcmp(argv[i], "-0")) r.envp = NULL, own_env = true;
        else if (!strcmp(argv[i], "-e") && i + 1 < argc && n + 1 < sizeof env / sizeof *env)
            env[n++] = argv[++i], r.envp = env, own_env = true;
        else if (!strcmp(argv[i], "-u") && i + 1 < argc) unsetenv(argv[++i]);
        else if (!strcmp(argv[i], "-p") && i + 1 < argc) putenv(argv[++i]);
        else if (!strcmp(argv[i], "-C")) clearenv();
        else break;
    }
    if (argc - i < 2) {
        fprintf(stderr, "usage: %s [-s] [-u NAME | -p NAME=VALUE | -C]... [-E | -0 | -e NAME=VALUE]... FILE ARG0 "
                "[ARGS...]\n", argv[0]);
        return 2;
    }
    if (!own_env) r.envp = environ;  // as it is after -u, -p and -C
    r.file = strcmp(argv[i], "(null)") ? argv[i] : NULL;
    r.argv = argv + i + 1;
    fflush(stdout);
    if (small_stack) {
        pthread_attr_t attr;
        pthread_t thread;
        pthread_attr_init(&attr);
        pthread_attr_setstacksize(&attr, 16384);
        if (pthread_create(&thread, &attr, run, &r) || pthread_join(thread, NULL)) return 2;
    } else {
        run(&r);
    }
    if (r.result == 0) return 0;
    const char *self = strrchr(argv[0], '/');
    printf("%s: %s\n", self ? self + 1 : argv[0], strerrorname_np(r.err));
    return 1;
}
