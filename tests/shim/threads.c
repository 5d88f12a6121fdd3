// `threads [-u NAME] DOCKER`: (after unsetenv(NAME)) 100 threads each start 50 processes, one after the
// other: /bin/true, and every fifth the runtime (`docker run --rm -e OPENAI_API_KEY IMAGE`), by posix_spawnp
// of its name and by fork then execv of the path DOCKER in turn (the child of a threaded fork must not
// lock or allocate). Prints how each kind ended.
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

enum { THREADS = 100, EACH = 50, STATUSES = 256 };

static const char *docker;
static unsigned ended[2][STATUSES + 1];  // [runtime?][exit status, or STATUSES: not started or killed]

static pid_t start(int i) {
    static char *const true_argv[] = {"true", NULL};
    static char *const docker_argv[] = {"docker", "run", "--rm", "-e", "OPENAI_API_KEY",
                                        "example.com/team/claude-code", "env", NULL};
    extern char **environ;
    posix_spawn_file_actions_t quiet;
    posix_spawn_file_actions_init(&quiet);
    posix_spawn_file_actions_addopen(&quiet, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    pid_t pid = -1;
    if (i % 5 != 4) {
        if (posix_spawn(&pid, "/bin/true", &quiet, NULL, true_argv, environ)) pid = -1;
    } else if (i % 10 == 4) {
        if (posix_spawnp(&pid, "docker", &quiet, NULL, docker_argv, environ)) pid = -1;
    } else if ((pid = fork()) == 0) {
        int null = open("/dev/null", O_WRONLY);
        dup2(null, STDOUT_FILENO);
        execv(docker, docker_argv);
        _exit(127);
    }
    posix_spawn_file_actions_destroy(&quiet);
    return pid;
}

static void *work(void *arg) {
    (void)arg;
    for (int i = 0; i < EACH; i++) {
        pid_t pid = start(i);
        int status = 0;
        bool ok = pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status);
        __atomic_fetch_add(&ended[i % 5 == 4][ok ? WEXITSTATUS(status) : STATUSES], 1, __ATOMIC_RELAXED);
    }
    return NULL;
}

int main(int argc, char **argv) {
    if (argc == 4 && !strcmp(argv[1], "-u")) unsetenv(argv[2]), argv += 2, argc -= 2;
    if (argc != 2) {
        fprintf(stderr, "usage: threads [-u NAME] DOCKER\n");
        return 2;
    }
    docker = argv[1];
    pthread_t threads[THREADS];
    for (int t = 0; t < THREADS; t++)
        if (pthread_create(&threads[t], NULL, work, NULL)) return 2;
    for (int t = 0; t < THREADS; t++) pthread_join(threads[t], NULL);
    for (int kind = 0; kind < 2; kind++)
        for (int s = 0; s <= STATUSES; s++)
            if (ended[kind][s])
                printf("%s: %u %s %d\n", kind ? "docker" : "true", ended[kind][s], s < STATUSES ? "exit" : "failed", s);
    return 0;
}
