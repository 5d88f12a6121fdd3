// Starting programs: capture's descriptors and exec_program's /bin/sh fallback. Each case runs in a
// child of its own, since it closes descriptors, lowers a limit or replaces the process.
#include "cli/runtime.h"

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <functional>
#include <string>

#include "test_util.h"

using namespace leash;
using namespace leash::test;

namespace {

const Env kEnv = {"PATH=/usr/bin:/bin"};

// The exit status of `body` run in a child process (or -1 if it did not exit).
int in_child(const std::function<int()>& body) {
    pid_t pid = fork();
    cr_assert(pid >= 0);
    if (pid == 0) _exit(body());
    int status = 0;
    cr_assert(waitpid(pid, &status, 0) == pid);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// 0 if the program's output, captured, is exactly "out\n": its stdout is the pipe, its stdin and stderr
// are /dev/null.
int captures_only_stdout() {
    auto r = capture("/bin/sh", args({"sh", "-c", "echo out; cat; echo err >&2"}), kEnv);
    return r && *r == "out\n" ? 0 : 1;
}

}  // namespace

Test(runtime, capture_gives_the_program_its_descriptors) {
    cr_expect_eq(in_child(captures_only_stdout), 0);
}

// leash started by a program that closed its descriptors: the pipe and /dev/null take 0, 1 and 2 themselves,
// and must still be the program's stdin, stdout and stderr (dup2 onto itself would leave them to close on exec).
Test(runtime, capture_when_leash_started_with_descriptors_closed) {
    cr_expect_eq(in_child([] { close(0); close(1); return captures_only_stdout(); }), 0);
    cr_expect_eq(in_child([] { close(0); close(1); close(2); return captures_only_stdout(); }), 0);
    cr_expect_eq(in_child([] { close(0); close(2); return captures_only_stdout(); }), 0);
}

// When /dev/null cannot be opened (no descriptor left for it), the program does not run with the
// caller's stdin and stderr: capture fails, and the program never ran.
Test(runtime, capture_runs_nothing_when_it_cannot_set_the_descriptors) {
    char dir[] = "/tmp/leash-runtime-test.XXXXXX";
    cr_assert(mkdtemp(dir));
    std::string ran = std::string(dir) + "/ran";
    int status = in_child([&] {
        // Room for the pipe's two descriptors and no more.
        int a = open("/dev/null", O_RDONLY), b = open("/dev/null", O_RDONLY);
        close(a);
        close(b);
        struct rlimit lim = {rlim_t(b) + 1, rlim_t(b) + 1};
        if (setrlimit(RLIMIT_NOFILE, &lim) != 0) return 2;
        auto r = capture("/bin/sh", args({"sh", "-c", "touch \"$0\"; echo ran", ran}), kEnv);
        return r ? 1 : 0;
    });
    cr_expect_eq(status, 0);
    cr_expect(access(ran.c_str(), F_OK) != 0, "the program ran without its descriptors");
    std::filesystem::remove_all(dir);
}

// A file the kernel cannot run (no #! line) is run by /bin/sh, with the arguments after its own path.
Test(runtime, exec_program_runs_a_script_without_an_interpreter_line_with_sh) {
    char dir[] = "/tmp/leash-runtime-test.XXXXXX";
    cr_assert(mkdtemp(dir));
    std::string script = std::string(dir) + "/script", out = std::string(dir) + "/out";
    int fd = open(script.c_str(), O_WRONLY | O_CREAT, 0700);
    std::string text = "printf '%s,' \"$0\" \"$@\" >\"$1\"\n";
    cr_assert(write(fd, text.data(), text.size()) == ssize_t(text.size()));
    close(fd);
    auto envp = DerivedEnv::all_of(kEnv).pointers(kEnv);
    int status = in_child([&] { return exec_program(script, args({"name", out.c_str(), "b c"}), envp.data()) + 100; });
    cr_expect_eq(status, 0);
    int in = open(out.c_str(), O_RDONLY);
    char buf[256] = {};
    cr_assert(in >= 0 && read(in, buf, sizeof buf - 1) > 0);
    close(in);
    expect_str(buf, script + "," + out + ",b c,");
    std::filesystem::remove_all(dir);
}
