// libleash.so, the LD_PRELOAD shim: an exec or posix_spawn of a container runtime (docker, podman,
// podman-remote, nerdctl) whose argv could start or enter a container, or of docker-compose, runs
// `leash exec -- RUNTIME ARGS...` instead, in the process that was to become the runtime; the engine
// decides (and runs compose behind a Docker-API guard when none fronts it yet), then execs the real runtime
// with the system call, past this shim. Every other call goes straight to libc after a basename compare
// and a scan of its environment for LD_PRELOAD, and gets the shim back into an environment without it, the
// process's own included, so that what it starts stays covered: a program that drops LD_PRELOAD from its
// environment does not drop the shim. system() and popen(), whose shell glibc starts past every preload,
// get it back through that shell (below).
//
// It is loaded into every process of a session, so it is plain C against libc alone, and its load does
// no work: libc's functions and the engine's place are looked up on first use. These functions run in vfork children, between
// fork and exec in threaded programs and on small clone stacks: nothing here calls malloc or changes
// environ or the caller's arrays, and the hand-off's arrays go on the stack only up to STACK_CAP bytes.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include "shim_route.h"

#define EXPORT __attribute__((visibility("default")))
#define STACK_CAP 2048  // bytes of hand-off arrays kept on the stack; larger ones are mapped

// Every libc symbol the shim imports is bound at GLIBC_2.2.5: each further version it needed would be one
// more check for the dynamic loader in every process of the session. (fstatat and faccessat with flags
// exist only in newer versions; the shim makes those two system calls itself.)
__asm__(".symver dlsym,dlsym@GLIBC_2.2.5");
__asm__(".symver dlvsym,dlvsym@GLIBC_2.2.5");
__asm__(".symver dladdr,dladdr@GLIBC_2.2.5");
__asm__(".symver memcpy,memcpy@GLIBC_2.2.5");

extern char **environ;

static const char kPreload[] = "LD_PRELOAD=";
static const char kShimName[] = "libleash.so";

// ---- the real functions -------------------------------------------------------------------------------

// execv, execvp and the execl forms go to execve and execvpe with environ, as they do inside glibc.
enum real { EXECVE, EXECVPE, EXECVEAT, FEXECVE, SPAWN, SPAWNP, SPAWN_OLD, SPAWNP_OLD, SYSTEM, POPEN, N_REAL };
static struct {
    char name[16], version[12];  // version: for the two posix_spawn versions (x86_64); arrays: no relocations
    void *fn;
} reals[N_REAL] = {
    [EXECVE] = {"execve", "", NULL},
    [EXECVPE] = {"execvpe", "", NULL},
    [EXECVEAT] = {"execveat", "", NULL},
    [FEXECVE] = {"fexecve", "", NULL},
    [SPAWN] = {"posix_spawn", "GLIBC_2.15", NULL},
    [SPAWNP] = {"posix_spawnp", "GLIBC_2.15", NULL},
    // The old versions run a file without #! with /bin/sh (SPAWN_XFLAGS_TRY_SHELL); the new ones fail.
    [SPAWN_OLD] = {"posix_spawn", "GLIBC_2.2.5", NULL},
    [SPAWNP_OLD] = {"posix_spawnp", "GLIBC_2.2.5", NULL},
    [SYSTEM] = {"system", "", NULL},
    [POPEN] = {"popen", "", NULL},
};

// Looked up on first use: the shim's load does no work in the many processes that never exec.
static void *real(enum real r) {
    void *fn = __atomic_load_n(&reals[r].fn, __ATOMIC_ACQUIRE);
    if (__builtin_expect(!fn, 0)) {
        fn = *reals[r].version ? dlvsym(RTLD_NEXT, reals[r].name, reals[r].version) : dlsym(RTLD_NEXT, reals[r].name);
        __atomic_store_n(&reals[r].fn, fn, __ATOMIC_RELEASE);
    }
    return fn;
}
#define REAL(r, fn) ((typeof(fn) *)real(r))

// ---- where the engine is ------------------------------------------------------------------------------

// This library's absolute path and the engine's (empty if unknown, and then every start is refused), in
// a mapping made by the first call that needs them: no bss for every process to clear, and no PATH_MAX
// buffers on a caller's small stack.
static struct places {
    char shim[PATH_MAX];
    char leash[PATH_MAX];
} *places;
static const struct places kNowhere;  // when there is no memory for them: both paths empty

// build/libleash.so runs build/leash; PREFIX/lib/leash/libleash.so runs PREFIX/bin/leash.
static void locate(struct places *p) {
    static const char kLibDir[] = "/lib/leash";
    const size_t lib_len = sizeof kLibDir - 1;
    Dl_info info;
    if (!dladdr((void *)locate, &info) || !info.dli_fname) return;
    const char *self = info.dli_fname;
    size_t n = 0;
    if (self[0] != '/') {  // LD_PRELOAD named it relative to the working directory
        if (!getcwd(p->shim, sizeof p->shim)) return;
        n = strlen(p->shim);
        p->shim[n++] = '/';
    }
    if (n + strlen(self) >= sizeof p->shim) return;
    strcpy(p->shim + n, self);
    size_t dir = strrchr(p->shim, '/') - p->shim;
    const char *bin = "/leash";
    if (dir >= lib_len && !memcmp(p->shim + dir - lib_len, kLibDir, lib_len)) {
        dir -= lib_len;
        bin = "/bin/leash";
    }
    if (dir + strlen(bin) >= sizeof p->leash) return;
    memcpy(p->leash, p->shim, dir);
    strcpy(p->leash + dir, bin);
}

// glibc resets the dynamic loader's lock in a forked child, so dladdr (and dlsym) are safe there too.
static const struct places *where_things_are(void) {
    struct places *p = __atomic_load_n(&places, __ATOMIC_ACQUIRE);
    if (p) return p;
    int saved = errno;
    p = mmap(NULL, sizeof *p, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    errno = saved;
    if (p == MAP_FAILED) return &kNowhere;
    locate(p);
    struct places *expected = NULL;
    if (!__atomic_compare_exchange_n(&places, &expected, p, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
        munmap(p, sizeof *p);  // another thread was first
        return expected;
    }
    return p;
}
#define shim_path (where_things_are()->shim)
#define leash_path (where_things_are()->leash)

// ---- LD_PRELOAD ---------------------------------------------------------------------------------------

static size_t count(char *const v[]) {
    size_t n = 0;
    while (v && v[n]) n++;
    return n;
}

// Every call that is not for the engine scans its environment with this: two letters tell most entries
// apart (LANG, LC_*, LEASH_*, LOGNAME...) before a compare.
static char *preload_entry(char *const envp[]) {
    for (size_t i = 0; envp && envp[i]; i++)
        if (envp[i][0] == 'L' && envp[i][1] == 'D' && !strncmp(envp[i], kPreload, sizeof kPreload - 1)) return envp[i];
    return NULL;
}

// LD_PRELOAD lists paths separated by spaces or colons; any libleash.so among them (the whole entry, or
// its last component) is this shim, as it is for the engine and the hook (is_shim_path).
static bool has_shim(const char *entry) {
    const size_t len = sizeof kShimName - 1;
    for (const char *p = entry ? entry + sizeof kPreload - 1 : ""; *p;) {
        size_t n = strcspn(p, " :");
        if (n >= len && !memcmp(p + n - len, kShimName, len) && (n == len || p[n - len - 1] == '/')) return true;
        p += n + (p[n] != 0);
    }
    return false;
}

// Whether an environment lost the shim: one a caller passes, or environ itself, from which the program
// removed LD_PRELOAD (`unset`, `env -u`, os.environ.pop): only `leash off`, in the shell that sourced the
// hook and does not itself run with the shim, turns leash off. The one cost the shim adds to every call
// that is not for the engine: a scan for LD_PRELOAD.
static bool lost_shim(char *const envp[]) { return !has_shim(preload_entry(envp)); }

// Bytes for a copy of envp with the shim put back into LD_PRELOAD.
static size_t env_size(char *const envp[]) {
    char *entry = preload_entry(envp);
    return (count(envp) + 2) * sizeof(char *) + sizeof kPreload + strlen(shim_path) + 1 + (entry ? strlen(entry) : 0);
}

// The copy, in mem (env_size bytes): the shim first, the caller's preloads after it, space-separated.
static char **put_back(void *mem, char *const envp[]) {
    char **e = mem, *entry = preload_entry(envp);
    char *value = (char *)(e + count(envp) + 2);
    char *end = stpcpy(stpcpy(value, kPreload), shim_path);
    if (entry && entry[sizeof kPreload - 1]) stpcpy(stpcpy(end, " "), entry + sizeof kPreload - 1);
    size_t k = 0;
    for (size_t i = 0; envp && envp[i]; i++) e[k++] = envp[i] == entry ? value : envp[i];
    if (!entry) e[k++] = value;
    e[k] = NULL;
    return e;
}

// SIZE bytes of scratch memory: in `stack` (CAP bytes of the caller's frame) when they fit, else a private
// mapping, so that a 100,000-word argv or a long PATH fits a small thread stack; NULL if there is none.
// A mapping made in a vfork child for an exec that succeeds stays in the parent: a page or so per such
// call.
static void *scratch(void *stack, size_t cap, size_t size) {
    if (size <= cap) return stack;
    void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    return p == MAP_FAILED ? NULL : p;
}

static void release(void *mem, const void *stack, size_t size) {
    if (mem && mem != stack) munmap(mem, size);
}

// ---- finding the runtime as the real call would -------------------------------------------------------

// What execve would fail with for this file, short of running it; 0 for a regular file this process may
// execute. (A file the kernel cannot load, ENOEXEC, is not told apart: the engine runs it with /bin/sh.)
static int unrunnable(int dirfd, const char *path, int flags) {
    struct stat st;
    if (syscall(SYS_newfstatat, dirfd, path, &st, flags & AT_SYMLINK_NOFOLLOW)) return errno;
    if (S_ISLNK(st.st_mode)) return ELOOP;
    if (!S_ISREG(st.st_mode)) return EACCES;
    // As the kernel will judge it: by the effective ids (faccessat2; kernels before 5.8 lack it).
    if (!syscall(SYS_faccessat2, dirfd, path, X_OK, AT_EACCESS)) return 0;
    if (errno == ENOSYS && !syscall(SYS_faccessat, dirfd, path, X_OK)) return 0;
    return errno;
}

// Where execvp finds NAME (no slash in it) along PATH, into buf (longest_entry(PATH) + strlen(NAME) + 3 bytes);
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

static size_t longest_entry(const char *path) {
    size_t longest = 0;
    for (const char *p = path;; p++) {
        size_t n = strcspn(p, ":");
        if (n > longest) longest = n;
        p += n;
        if (!*p) return longest;
    }
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

// A call, whichever function it came through.
struct call {
    enum real real;    // the libc function it goes to
    const char *file;  // what to run, as given
    bool search;       // exec*p, posix_spawnp: a name without a slash is looked up in PATH
    int dirfd, flags;  // execveat's; AT_FDCWD and 0 otherwise
    char *const *argv, *const *envp;
    typeof(posix_spawn) *spawn;  // posix_spawn*: libc's function; NULL for exec*
    pid_t *pid;
    const posix_spawn_file_actions_t *actions;
    const posix_spawnattr_t *attr;
};

// Bytes for the engine's argv (three words more) and, when the caller's lost the shim, envp.
static size_t handoff_size(const struct call *c) {
    return (count(c->argv) + 4) * sizeof(char *) + (has_shim(preload_entry(c->envp)) ? 0 : env_size(c->envp));
}

// `leash exec -- WHERE ARGV[1]...` and its environment, in mem (handoff_size bytes). The engine gets the
// shim back so that the runtimes it passes on unchanged, and what they start, stay covered.
static char **handoff(void *mem, const struct call *c, const char *where, char ***env) {
    char **args = mem;
    size_t n = 0;
    args[n++] = (char *)leash_path;
    args[n++] = "exec";
    args[n++] = "--";
    args[n++] = (char *)where;
    for (size_t i = 1; c->argv[i]; i++) args[n++] = c->argv[i];
    args[n++] = NULL;
    *env = has_shim(preload_entry(c->envp)) ? (char **)c->envp : put_back(args + n, c->envp);
    return args;
}

static const char *errno_name(int err) {
    switch (err) {
    case ENOENT: return "ENOENT";
    case EACCES: return "EACCES";
    case ENOEXEC: return "ENOEXEC";
    case ENOMEM: return "ENOMEM";
    case E2BIG: return "E2BIG";
    case ENOTDIR: return "ENOTDIR";
    case ELOOP: return "ELOOP";
    default: return "error";
    }
}

// The one line a refused start prints, as its parts: joined it would be a buffer the size of two paths,
// too large for the stacks these functions run on.
#define REFUSAL_PARTS 7
struct refusal {
    const char *part[REFUSAL_PARTS];
};
static struct refusal refusal(const char *where, int err) {
    return (struct refusal){{"leash: refusing to start ", where, ": cannot run the engine ",
                             *leash_path ? leash_path : "(not found)", " (", errno_name(err), ")\n"}};
}

// exec*: replaces the process with the engine. If the engine cannot run, this process, which was to become
// the runtime, refuses as the engine would: one line on stderr and status 125. It never runs the runtime.
static _Noreturn void exec_engine(const struct call *c, const char *where) {
    char *stack[STACK_CAP / sizeof(char *)], **env;
    void *mem = scratch(stack, sizeof stack, handoff_size(c));
    if (mem) {
        char **args = handoff(mem, c, where, &env);
        REAL(EXECVE, execve)(leash_path, args, env);
    }
    struct refusal r = refusal(where, errno);
    // One writev (a bare system call, as write is, safe after vfork): the line arrives whole.
    struct iovec line[REFUSAL_PARTS];
    for (size_t i = 0; i < REFUSAL_PARTS; i++) line[i] = (struct iovec){(char *)r.part[i], strlen(r.part[i])};
    ssize_t written = writev(STDERR_FILENO, line, REFUSAL_PARTS);
    (void)written;
    _exit(125);
}

// posix_spawn*: spawns the engine instead, as the child the caller waits for. If the engine cannot run, that
// child is /bin/sh printing the refusal and exiting 125. Returns the error code.
static int spawn_engine(const struct call *c, const char *where) {
    char *stack[STACK_CAP / sizeof(char *)], **env;
    size_t size = handoff_size(c);
    void *mem = scratch(stack, sizeof stack, size);
    int err = ENOMEM;
    if (mem) {
        char **args = handoff(mem, c, where, &env);
        err = c->spawn(c->pid, leash_path, c->actions, c->attr, args, env);
        release(mem, stack, size);
    }
    if (!err) return 0;
    // printf repeats its format for each part.
    struct refusal r = refusal(where, err);
    char *sh[4 + REFUSAL_PARTS + 1] = {"sh", "-c", "printf %s \"$@\" >&2; exit 125", "leash"};
    for (size_t i = 0; i < REFUSAL_PARTS; i++) sh[4 + i] = (char *)r.part[i];
    return c->spawn(c->pid, "/bin/sh", c->actions, c->attr, sh, c->envp) ? err : 0;
}

// Finds the runtime as the real call would, then hands the call to the engine. Returns the errno (the
// error code, for posix_spawn*) the real call fails with; an exec* that succeeds does not return. Not
// inlined: its frame stays out of the fast path's.
__attribute__((noinline, cold)) static int route(const struct call *c) {
    bool search_path = c->search && !strchr(c->file, '/');
    char fallback[64];
    const char *path = NULL;
    if (search_path && !(path = getenv("PATH"))) {  // as glibc's execvpe: confstr's default when unset
        confstr(_CS_PATH, fallback, sizeof fallback);
        path = fallback;
    }
    // The engine needs a path with a slash (it searches for a bare name: "docker" becomes "./docker") that
    // still holds when it looks: after an exec execveat's directory descriptor may be closed, and a spawn's
    // file actions may change the working directory. So those get a directory in front, for which the
    // buffer keeps PATH_MAX bytes before the path as found.
    bool at_dir = c->file[0] != '/' && c->dirfd != AT_FDCWD;
    size_t front = at_dir || c->spawn ? PATH_MAX + 1 : 0;
    size_t size = front + (path ? longest_entry(path) : 0) + strlen(c->file) + 3;
    char stack[256];
    char *buf = scratch(stack, sizeof stack, size), *where = buf + front;
    if (!buf) return ENOMEM;
    int err;
    if (search_path) {
        err = search(c->file, path, where);
    } else if (!(err = unrunnable(c->dirfd, c->file, c->flags))) {
        strcpy(stpcpy(where, strchr(c->file, '/') ? "" : "./"), c->file);
    }
    if (!err && front && where[0] != '/') {
        if (at_dir ? fd_path(c->dirfd, buf) : getcwd(buf, PATH_MAX) != NULL) {
            const char *rel = strncmp(where, "./", 2) ? where : where + 2;
            char *end = buf + strlen(buf);
            *end = '/';
            memmove(end + 1, rel, strlen(rel) + 1);
            where = buf;
        } else {
            err = at_dir ? EBADF : errno;
        }
    }
    if (!err) {
        if (!c->spawn) exec_engine(c, where);
        err = spawn_engine(c, where);
    }
    release(buf, stack, size);
    return err;
}

static int exec_routed(const struct call *c) {
    errno = route(c);
    return -1;
}

static int call_real(const struct call *c, char *const envp[]) {
    switch (c->real) {
    case EXECVE: return REAL(EXECVE, execve)(c->file, c->argv, envp);
    case EXECVPE: return REAL(EXECVPE, execvpe)(c->file, c->argv, envp);
    case EXECVEAT: return REAL(EXECVEAT, execveat)(c->dirfd, c->file, c->argv, envp, c->flags);
    case FEXECVE: return REAL(FEXECVE, fexecve)(c->dirfd, c->argv, envp);
    default: return c->spawn(c->pid, c->file, c->actions, c->attr, c->argv, envp);
    }
}

// The caller's environment lost the shim: the real call, with a copy that has it back. If there is no
// room for the copy, the call goes on as without leash.
__attribute__((noinline, cold)) static int call_with_shim(const struct call *c) {
    char *stack[STACK_CAP / sizeof(char *)];
    size_t size = env_size(c->envp);
    void *mem = *shim_path ? scratch(stack, sizeof stack, size) : NULL;
    if (!mem) return call_real(c, c->envp);
    int result = call_real(c, put_back(mem, c->envp));  // an exec* that succeeds does not return
    release(mem, stack, size);
    return result;
}

// A call that is not for the engine.
static int passed_on(const struct call *c) { return lost_shim(c->envp) ? call_with_shim(c) : call_real(c, c->envp); }

static int spawn(enum real r, bool use_path, pid_t *pid, const char *file, const posix_spawn_file_actions_t *actions,
                 const posix_spawnattr_t *attr, char *const argv[], char *const envp[]) {
    struct call c = {r, file, use_path, AT_FDCWD, 0, argv, envp, real(r), pid, actions, attr};
    if (!routed(file, argv)) return passed_on(&c);
    // posix_spawn reports through its result. errno is left as glibc's leaves it: unchanged, or after a
    // failure the error, which its child's execve wrote into the caller's memory.
    int saved = errno;
    int err = route(&c);
    errno = err ? err : saved;
    return err;
}

// ---- the wrapped functions ----------------------------------------------------------------------------

static int vexec(const char *path, char *const argv[], char *const envp[]) {
    struct call c = {.real = EXECVE, .file = path, .dirfd = AT_FDCWD, .argv = argv, .envp = envp};
    return routed(path, argv) ? exec_routed(&c) : passed_on(&c);
}

static int vexecp(const char *file, char *const argv[], char *const envp[]) {
    struct call c = {.real = EXECVPE, .file = file, .search = true, .dirfd = AT_FDCWD, .argv = argv, .envp = envp};
    return routed(file, argv) ? exec_routed(&c) : passed_on(&c);
}

EXPORT int execve(const char *path, char *const argv[], char *const envp[]) { return vexec(path, argv, envp); }
EXPORT int execv(const char *path, char *const argv[]) { return vexec(path, argv, environ); }
EXPORT int execvpe(const char *file, char *const argv[], char *const envp[]) { return vexecp(file, argv, envp); }
EXPORT int execvp(const char *file, char *const argv[]) { return vexecp(file, argv, environ); }

// fexecve and execveat(fd, "", AT_EMPTY_PATH) run a descriptor, whose only name is what /proc says: reading
// it costs a readlink (docker-compose is routed whatever its argv). False if it is not routed; else the
// call failed (errno says why).
__attribute__((noinline, cold)) static bool fd_exec(int fd, char *const argv[], char *const envp[]) {
    char stack[64];
    char *path = scratch(stack, sizeof stack, PATH_MAX);
    bool runtime = path && fd_path(fd, path) && routed(path, argv);
    if (runtime) exec_routed(&(struct call){.real = EXECVE, .file = path, .dirfd = AT_FDCWD, .argv = argv, .envp = envp});
    release(path, stack, PATH_MAX);
    return runtime;
}

EXPORT int fexecve(int fd, char *const argv[], char *const envp[]) {
    struct call c = {.real = FEXECVE, .dirfd = fd, .argv = argv, .envp = envp};
    if (!envp) return call_real(&c, envp);  // glibc's EINVAL
    return fd_exec(fd, argv, envp) ? -1 : passed_on(&c);
}

EXPORT int execveat(int dirfd, const char *path, char *const argv[], char *const envp[], int flags) {
    struct call c = {.real = EXECVEAT, .file = path, .dirfd = dirfd, .flags = flags, .argv = argv, .envp = envp};
    if (path && !*path && (flags & AT_EMPTY_PATH)) {
        if (fd_exec(dirfd, argv, envp)) return -1;
    } else if (routed(path, argv)) {
        return exec_routed(&c);
    }
    return passed_on(&c);
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

// ---- system() and popen() -----------------------------------------------------------------------------

// glibc's system() and popen() start `/bin/sh -c COMMAND` with environ through its internal posix_spawn,
// which no preload sees. When environ lost the shim, that shell is given a line that puts the shim back
// (first, the caller's preloads after it, as put_back does) and replaces itself with the same shell on
// the same command, its $0 "sh" as glibc's:
//     export LD_PRELOAD='SHIM'"${LD_PRELOAD:+ $LD_PRELOAD}"; exec /bin/sh -c -- 'COMMAND' sh
// glibc keeps its own signal handling, wait status, stream and pclose.
static const char kExport[] = "export LD_PRELOAD=";
static const char kThenExec[] = "\"${LD_PRELOAD:+ $LD_PRELOAD}\"; exec /bin/sh -c -- ";
static const char kDollar0[] = " sh";

// S in single quotes for sh, each ' in it as '\''.
static size_t quoted_size(const char *s) {
    size_t n = strlen(s) + 2;
    for (; *s; s++) n += *s == '\'' ? 3 : 0;
    return n;
}
static char *quoted(char *out, const char *s) {
    *out++ = '\'';
    for (; *s; s++) out = *s == '\'' ? stpcpy(out, "'\\''") : (*out = *s, out + 1);
    *out++ = '\'';
    return out;
}

static size_t relaunch_size(const char *command) {
    return sizeof kExport + sizeof kThenExec + sizeof kDollar0 + quoted_size(shim_path) + quoted_size(command);
}

// The line, in line (relaunch_size bytes).
static const char *relaunch(char *line, const char *command) {
    char *end = quoted(stpcpy(line, kExport), shim_path);
    strcpy(quoted(stpcpy(end, kThenExec), command), kDollar0);
    return line;
}

// A system() or popen() call.
struct shell_call {
    enum real real;  // SYSTEM or POPEN
    const char *command, *mode;
    int status;    // system()'s result
    FILE *stream;  // popen()'s
};

static void call_shell(struct shell_call *s, const char *command) {
    if (s->real == POPEN) s->stream = REAL(POPEN, popen)(command, s->mode);
    else s->status = REAL(SYSTEM, system)(command);
}

// environ lost the shim: the real call, with the line that puts it back. If there is no room for the line,
// the call goes on as without leash.
__attribute__((noinline, cold)) static void shell_with_shim(struct shell_call *s) {
    char stack[STACK_CAP];
    size_t size = relaunch_size(s->command);
    char *mem = *shim_path ? scratch(stack, sizeof stack, size) : NULL;
    call_shell(s, mem ? relaunch(mem, s->command) : s->command);
    release(mem, stack, size);
}

static void shell(struct shell_call *s) {
    // system(NULL) asks whether there is a shell; a NULL command to popen is glibc's to fail on.
    if (s->command && lost_shim(environ)) shell_with_shim(s);
    else call_shell(s, s->command);
}

EXPORT int system(const char *line) {
    struct shell_call s = {.real = SYSTEM, .command = line};
    shell(&s);
    return s.status;
}

EXPORT FILE *popen(const char *command, const char *mode) {
    struct shell_call s = {.real = POPEN, .command = command, .mode = mode};
    shell(&s);
    return s.stream;
}
