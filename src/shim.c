// libleash.so, the LD_PRELOAD shim: an exec or posix_spawn of a container runtime (docker, podman,
// podman-remote, nerdctl) whose argv could start or enter a container runs `leash exec -- RUNTIME ARGS...`
// instead, in the process that was to become the runtime; the engine decides, then execs the real runtime
// with the system call, past this shim. Every other call goes straight to libc after a basename compare.
//
// It is preloaded into every process of a session, so it is plain C against libc alone. These functions
// run in vfork children, between fork and exec in threaded programs and on small clone stacks: nothing
// here calls malloc or changes environ or the caller's arrays, and the hand-off's arrays go on the stack
// only up to STACK_CAP bytes.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "shim_route.h"

#define EXPORT __attribute__((visibility("default")))
#define STACK_CAP 2048  // bytes of hand-off arrays kept on the stack; larger ones are mapped

extern char **environ;

static const char kPreload[] = "LD_PRELOAD=";
static const char kShimName[] = "libleash.so";

// ---- the real functions -------------------------------------------------------------------------------

// Resolved in the constructor, so that no lookup (which may lock or allocate) happens in the child of a
// threaded fork; a call from another library's constructor, before ours, resolves its own. execv, execvp
// and the execl forms go to execve and execvpe with environ, as they do inside glibc.
enum real { EXECVE, EXECVPE, EXECVEAT, FEXECVE, SPAWN, SPAWNP, SPAWN_OLD, SPAWNP_OLD, N_REAL };
static struct {
    const char *name, *version;  // version: for the two posix_spawn versions (x86_64)
    void *fn;
} reals[N_REAL] = {
    [EXECVE] = {"execve", NULL, NULL},
    [EXECVPE] = {"execvpe", NULL, NULL},
    [EXECVEAT] = {"execveat", NULL, NULL},
    [FEXECVE] = {"fexecve", NULL, NULL},
    [SPAWN] = {"posix_spawn", "GLIBC_2.15", NULL},
    [SPAWNP] = {"posix_spawnp", "GLIBC_2.15", NULL},
    // The old versions run a file without #! with /bin/sh (SPAWN_XFLAGS_TRY_SHELL); the new ones fail.
    [SPAWN_OLD] = {"posix_spawn", "GLIBC_2.2.5", NULL},
    [SPAWNP_OLD] = {"posix_spawnp", "GLIBC_2.2.5", NULL},
};

static void *real(enum real r) {
    void *fn = __atomic_load_n(&reals[r].fn, __ATOMIC_ACQUIRE);
    if (!fn) {
        fn = reals[r].version ? dlvsym(RTLD_NEXT, reals[r].name, reals[r].version) : dlsym(RTLD_NEXT, reals[r].name);
        __atomic_store_n(&reals[r].fn, fn, __ATOMIC_RELEASE);
    }
    return fn;
}
#define REAL(r, fn) ((typeof(fn) *)real(r))

// ---- where the engine is ------------------------------------------------------------------------------

static char shim_path[PATH_MAX];   // this library, absolute
static char leash_path[PATH_MAX];  // the engine; empty if unknown, and then every start is refused
static bool located;               // the two above are final

// build/libleash.so runs build/leash; PREFIX/lib/leash/libleash.so runs PREFIX/bin/leash. Decided by the
// path's shape alone: this runs in every process, so it makes no system call unless the path is relative.
static void locate(const char *self) {
    static const char kLibDir[] = "/lib/leash";
    const size_t lib_len = sizeof kLibDir - 1;
    size_t n = 0;
    if (self[0] != '/') {
        if (!getcwd(shim_path, sizeof shim_path)) return;
        n = strlen(shim_path);
        shim_path[n++] = '/';
    }
    if (n + strlen(self) >= sizeof shim_path) return;
    strcpy(shim_path + n, self);
    size_t dir = strrchr(shim_path, '/') - shim_path;
    const char *bin = "/leash";
    if (dir >= lib_len && !memcmp(shim_path + dir - lib_len, kLibDir, lib_len)) {
        dir -= lib_len;
        bin = "/bin/leash";
    }
    if (dir + strlen(bin) >= sizeof leash_path) return;
    memcpy(leash_path, shim_path, dir);
    strcpy(leash_path + dir, bin);
}

__attribute__((constructor)) static void init(void) {
    for (int r = 0; r < N_REAL; r++) real(r);
    Dl_info info;
    if (dladdr((void *)init, &info) && info.dli_fname) locate(info.dli_fname);
    __atomic_store_n(&located, true, __ATOMIC_RELEASE);
}

// ---- finding the runtime as the real call would -------------------------------------------------------

// What execve would fail with for this file, short of running it; 0 for a regular file this process may
// execute. (A file the kernel cannot load, ENOEXEC, is not told apart: the engine runs it with /bin/sh.)
static int unrunnable(int dirfd, const char *path, int flags) {
    struct stat st;
    if (fstatat(dirfd, path, &st, flags & AT_SYMLINK_NOFOLLOW)) return errno;
    if (S_ISLNK(st.st_mode)) return ELOOP;
    if (!S_ISREG(st.st_mode)) return EACCES;
    return faccessat(dirfd, path, X_OK, AT_EACCESS) ? errno : 0;
}

// Where execvp finds NAME (no slash in it) along PATH, into buf (strlen(PATH) + strlen(NAME) + 3 bytes);
// 0, or the errno the call fails with. glibc's rules: missing or unreachable files are skipped, EACCES is
// remembered and reported if nothing is found, any other error stops the search.
static int search(const char *name, const char *path, char *buf) {
    int err = ENOENT;
    bool denied = false;
    for (const char *p = path;; p++) {
        size_t n = strcspn(p, ":");
        // An empty entry is the current directory: "./" keeps a slash, so that the engine does not search.
        char *end = n ? mempcpy(buf, p, n) : stpcpy(buf, ".");
        *end = '/';
        strcpy(end + 1, name);
        err = unrunnable(AT_FDCWD, buf, 0);
        if (!err) return 0;
        if (err == EACCES) denied = true;
        else if (err != ENOENT && err != ESTALE && err != ENOTDIR && err != ENODEV && err != ETIMEDOUT) return err;
        p += n;
        if (!*p) break;
    }
    return denied ? EACCES : err;
}

// The file an open descriptor names (fexecve, execveat), as /proc tells it, into buf (PATH_MAX bytes).
static bool fd_path(int fd, char *buf) {
    if (fd < 0) return false;
    char link[32], *d = link + sizeof link;
    *--d = 0;
    unsigned v = fd;
    do *--d = (char)('0' + v % 10);
    while (v /= 10);
    d = memcpy(d - 14, "/proc/self/fd/", 14);
    int saved = errno;
    ssize_t n = readlink(d, buf, PATH_MAX);
    errno = saved;
    if (n <= 0 || n >= PATH_MAX) return false;
    buf[n] = 0;
    return true;
}

// ---- the hand-off -------------------------------------------------------------------------------------

// A routed call, whichever function it came through.
struct call {
    const char *file;  // what to run, as given
    bool search;       // exec*p, posix_spawnp: a name without a slash is looked up in PATH
    int dirfd, flags;  // execveat's; AT_FDCWD and 0 otherwise
    char *const *argv, *const *envp;
    typeof(posix_spawn) *spawn;  // posix_spawn*: libc's function; NULL for exec*
    pid_t *pid;
    const posix_spawn_file_actions_t *actions;
    const posix_spawnattr_t *attr;
};

static size_t count(char *const v[]) {
    size_t n = 0;
    while (v && v[n]) n++;
    return n;
}

static char *preload_entry(char *const envp[]) {
    for (size_t i = 0; envp && envp[i]; i++)
        if (!strncmp(envp[i], kPreload, sizeof kPreload - 1)) return envp[i];
    return NULL;
}

// LD_PRELOAD lists paths separated by spaces or colons; any libleash.so among them is this shim (the
// engine removes it from a rewritten runtime's environment by the same rule).
static bool has_shim(const char *entry) {
    for (const char *p = entry ? entry + sizeof kPreload - 1 : ""; *p;) {
        size_t n = strcspn(p, " :");
        const char *base = p + n;
        while (base > p && base[-1] != '/') base--;
        if (p + n - base == sizeof kShimName - 1 && !memcmp(base, kShimName, sizeof kShimName - 1)) return true;
        p += n + (p[n] != 0);
    }
    return false;
}

// The engine's argv (three words more) and envp (the shim put back into LD_PRELOAD, for the runtimes the
// engine passes on unchanged and for what they start), measured once: handoff() copies no more than this
// even if another thread changes environ in between.
struct shape {
    size_t argc, envc;
    char *entry;     // the caller's LD_PRELOAD entry, if any
    size_t old_len;  // the length of its value; the shim goes in front of it
    bool add;        // the shim is not in it
    size_t size;     // bytes
};

static struct shape measure(const struct call *c) {
    struct shape s = {count(c->argv), count(c->envp), preload_entry(c->envp), 0, false, 0};
    s.add = !has_shim(s.entry);
    s.size = (s.argc + 4) * sizeof(char *);
    if (s.add) {
        s.old_len = s.entry ? strlen(s.entry + sizeof kPreload - 1) : 0;
        s.size += (s.envc + 2) * sizeof(char *) + sizeof kPreload + strlen(shim_path) + 1 + s.old_len;
    }
    return s;
}

// `leash exec -- WHERE ARGV[1]...` and its environment, in mem (s->size bytes).
static char **handoff(void *mem, const struct call *c, const struct shape *s, const char *where, char ***env) {
    char **args = mem;
    size_t n = 0;
    args[n++] = leash_path;
    args[n++] = "exec";
    args[n++] = "--";
    args[n++] = (char *)where;
    for (size_t i = 1; i < s->argc; i++) args[n++] = c->argv[i];
    args[n++] = NULL;

    *env = (char **)c->envp;
    if (!s->add) return args;
    char **e = args + n;
    char *value = (char *)(e + s->envc + 2);
    char *end = stpcpy(stpcpy(value, kPreload), shim_path);
    if (s->old_len) *end++ = ' ';
    if (s->entry) memcpy(end, s->entry + sizeof kPreload - 1, s->old_len);
    end[s->old_len] = 0;
    size_t k = 0;
    for (size_t i = 0; i < s->envc; i++) e[k++] = c->envp[i] == s->entry ? value : c->envp[i];
    if (!s->entry) e[k++] = value;
    e[k] = NULL;
    *env = e;
    return args;
}

// The hand-off's memory: the stack up to STACK_CAP, else a private mapping (a 100,000-word argv must fit a
// small thread stack). In a vfork child a mapping outlives the exec, in the parent: a rare, bounded leak.
static void *scratch(void *stack, size_t size) {
    if (size <= STACK_CAP) return stack;
    void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    return p == MAP_FAILED ? NULL : p;
}

// The one line a refused start prints, into line (refusal_size bytes).
static size_t refusal_size(const char *where) { return strlen(where) + strlen(leash_path) + 96; }
static size_t refusal(char *line, const char *where, int err) {
    const char *name = strerrorname_np(err);
    char *end = stpcpy(stpcpy(stpcpy(line, "leash: refusing to start "), where), ": cannot run the engine ");
    end = stpcpy(stpcpy(stpcpy(end, *leash_path ? leash_path : "(not found)"), " ("), name ? name : "?");
    return stpcpy(end, ")") - line;
}

// exec*: replaces the process with the engine. If the engine cannot run, this process, which was to become
// the runtime, refuses as the engine would: one line on stderr and status 125. It never runs the runtime.
static _Noreturn void exec_engine(const struct call *c, const char *where) {
    char *stack[STACK_CAP / sizeof(char *)], **env;
    struct shape s = measure(c);
    void *mem = scratch(stack, s.size);
    if (mem) {
        char **args = handoff(mem, c, &s, where, &env);
        REAL(EXECVE, execve)(leash_path, args, env);
    }
    int err = errno;
    char line[refusal_size(where) + 1];
    size_t n = refusal(line, where, err);
    line[n++] = '\n';
    ssize_t written = write(STDERR_FILENO, line, n);
    (void)written;
    _exit(125);
}

// posix_spawn*: spawns the engine instead, as the child the caller waits for. If the engine cannot run, that
// child is /bin/sh printing the refusal and exiting 125. Returns the error code.
static int spawn_engine(const struct call *c, const char *where) {
    char *stack[STACK_CAP / sizeof(char *)], **env;
    struct shape s = measure(c);
    void *mem = scratch(stack, s.size);
    int err = ENOMEM;
    if (mem) {
        char **args = handoff(mem, c, &s, where, &env);
        err = c->spawn(c->pid, leash_path, c->actions, c->attr, args, env);
        if (mem != stack) munmap(mem, s.size);
    }
    if (!err) return 0;
    char line[refusal_size(where)];
    refusal(line, where, err);
    char *sh[] = {"sh", "-c", "printf '%s\\n' \"$0\" >&2; exit 125", line, NULL};
    return c->spawn(c->pid, "/bin/sh", c->actions, c->attr, sh, c->envp) ? err : 0;
}

// Finds the runtime as the real call would, then hands the call to the engine. Returns the errno (the
// error code, for posix_spawn*) the real call fails with; an exec* that succeeds does not return. Not
// inlined: its frame stays out of the fast path's.
__attribute__((noinline, cold)) static int route(const struct call *c) {
    if (!__atomic_load_n(&located, __ATOMIC_ACQUIRE)) init();  // called from a constructor before ours
    bool search_path = c->search && !strchr(c->file, '/');
    char fallback[64];
    const char *path = NULL;
    if (search_path && !(path = getenv("PATH"))) {  // as glibc's execvpe: confstr's default when unset
        confstr(_CS_PATH, fallback, sizeof fallback);
        path = fallback;
    }
    // The engine treats a path without a slash as a name to search for: "docker" becomes "./docker".
    bool at_dir = c->file[0] != '/' && c->dirfd != AT_FDCWD;  // relative to execveat's directory
    char where[strlen(c->file) + 3 + (path ? strlen(path) : 0) + (at_dir ? PATH_MAX : 0)];
    int err;
    if (search_path) {
        err = search(c->file, path, where);
    } else if (!(err = unrunnable(c->dirfd, c->file, c->flags))) {
        // The engine needs a path with a slash (it searches for a bare name) that holds after the exec (a
        // directory descriptor may close then).
        char *end = where;
        if (at_dir) {
            if (!fd_path(c->dirfd, where)) return EBADF;
            end = stpcpy(where + strlen(where), "/");
        } else if (!strchr(c->file, '/')) {
            end = stpcpy(where, "./");
        }
        strcpy(end, c->file);
    }
    if (err) return err;
    if (!c->spawn) exec_engine(c, where);
    return spawn_engine(c, where);
}

static int exec_routed(const struct call *c) {
    errno = route(c);
    return -1;
}

static int spawn(enum real r, bool use_path, pid_t *pid, const char *file, const posix_spawn_file_actions_t *actions,
                 const posix_spawnattr_t *attr, char *const argv[], char *const envp[]) {
    typeof(posix_spawn) *fn = real(r);
    if (!routed(file, argv)) return fn(pid, file, actions, attr, argv, envp);
    // posix_spawn reports through its result. errno is left as glibc's leaves it: unchanged, or after a
    // failure the error, which its child's execve wrote into the caller's memory.
    int saved = errno;
    int err = route(&(struct call){file, use_path, AT_FDCWD, 0, argv, envp, fn, pid, actions, attr});
    errno = err ? err : saved;
    return err;
}

// ---- the wrapped functions ----------------------------------------------------------------------------

static int vexec(const char *path, char *const argv[], char *const envp[]) {
    if (routed(path, argv)) return exec_routed(&(struct call){.file = path, .dirfd = AT_FDCWD, .argv = argv, .envp = envp});
    return REAL(EXECVE, execve)(path, argv, envp);
}

static int vexecp(const char *file, char *const argv[], char *const envp[]) {
    if (routed(file, argv))
        return exec_routed(&(struct call){.file = file, .search = true, .dirfd = AT_FDCWD, .argv = argv, .envp = envp});
    return REAL(EXECVPE, execvpe)(file, argv, envp);
}

EXPORT int execve(const char *path, char *const argv[], char *const envp[]) { return vexec(path, argv, envp); }
EXPORT int execv(const char *path, char *const argv[]) { return vexec(path, argv, environ); }
EXPORT int execvpe(const char *file, char *const argv[], char *const envp[]) { return vexecp(file, argv, envp); }
EXPORT int execvp(const char *file, char *const argv[]) { return vexecp(file, argv, environ); }

// fexecve and execveat(fd, "", AT_EMPTY_PATH) run a descriptor, whose only name is what /proc says: reading
// it costs a readlink, only when the argv could start a container. False if it is not a runtime's.
__attribute__((noinline)) static bool fd_exec(int fd, char *const argv[], char *const envp[], int *result) {
    if (!may_start(argv)) return false;
    char path[PATH_MAX];
    if (!fd_path(fd, path) || !is_runtime(path)) return false;
    *result = exec_routed(&(struct call){.file = path, .dirfd = AT_FDCWD, .argv = argv, .envp = envp});
    return true;
}

EXPORT int fexecve(int fd, char *const argv[], char *const envp[]) {
    int result;  // (a NULL envp is glibc's EINVAL)
    return envp && fd_exec(fd, argv, envp, &result) ? result : REAL(FEXECVE, fexecve)(fd, argv, envp);
}

EXPORT int execveat(int dirfd, const char *path, char *const argv[], char *const envp[], int flags) {
    int result;
    if (path && !*path && (flags & AT_EMPTY_PATH)) {
        if (fd_exec(dirfd, argv, envp, &result)) return result;
    } else if (routed(path, argv)) {
        return exec_routed(&(struct call){.file = path, .dirfd = dirfd, .flags = flags, .argv = argv, .envp = envp});
    }
    return REAL(EXECVEAT, execveat)(dirfd, path, argv, envp, flags);
}

// The variadic forms build argv on the stack as glibc's own execl does (so they use no more stack than
// without leash), then take the vector path.
#define VARARGS_ARGV(argv, arg0, ap)                    \
    size_t argc_ = 1;                                   \
    va_start(ap, arg0);                                 \
    while (va_arg(ap, char *)) argc_++;                 \
    va_end(ap);                                         \
    char *argv[argc_ + 1];                              \
    argv[0] = (char *)arg0;                             \
    va_start(ap, arg0);                                 \
    for (size_t i_ = 1; i_ <= argc_; i_++) argv[i_] = va_arg(ap, char *)

EXPORT int execl(const char *path, const char *arg0, ...) {
    va_list ap;
    VARARGS_ARGV(argv, arg0, ap);
    va_end(ap);
    return vexec(path, argv, environ);
}

EXPORT int execle(const char *path, const char *arg0, ...) {
    va_list ap;
    VARARGS_ARGV(argv, arg0, ap);
    char *const *envp = va_arg(ap, char *const *);
    va_end(ap);
    return vexec(path, argv, envp);
}

EXPORT int execlp(const char *file, const char *arg0, ...) {
    va_list ap;
    VARARGS_ARGV(argv, arg0, ap);
    va_end(ap);
    return vexecp(file, argv, environ);
}

// posix_spawn and posix_spawnp in both symbol versions, each forwarding to the same version of libc's.
#define SPAWN_WRAPPER(name, symbol, r, use_path)                                                                \
    EXPORT __attribute__((symver(symbol))) int name(pid_t *pid, const char *file,                           \
                                                    const posix_spawn_file_actions_t *actions,              \
                                                    const posix_spawnattr_t *attr, char *const argv[],      \
                                                    char *const envp[]) {                                   \
        return spawn(r, use_path, pid, file, actions, attr, argv, envp);                                    \
    }
SPAWN_WRAPPER(leash_posix_spawn, "posix_spawn@@GLIBC_2.15", SPAWN, false)
SPAWN_WRAPPER(leash_posix_spawnp, "posix_spawnp@@GLIBC_2.15", SPAWNP, true)
SPAWN_WRAPPER(leash_posix_spawn_old, "posix_spawn@GLIBC_2.2.5", SPAWN_OLD, false)
SPAWN_WRAPPER(leash_posix_spawnp_old, "posix_spawnp@GLIBC_2.2.5", SPAWNP_OLD, true)
