// What the shell hook changes when it turns on or off, what it evaluates in each shell, and the report of
// `leash status` (core/shell_hook.h).
#include "core/shell_hook.h"
#include "test_util.h"

using namespace leash;

namespace {

const std::string kShim = "/opt/leash/lib/leash/libleash.so";
const std::string kShims = "/opt/leash/lib/leash/shims";

HookFacts facts() {
    HookFacts f;
    f.layout = {"/opt/leash/bin/leash", kShim, kShims};
    f.shim_exists = f.shims_exist = true;
    f.runtimes = {"docker", "podman"};
    return f;
}

HookState preload(std::optional<std::string> value) { return hook_state(std::move(value), "/usr/bin:/bin", ""); }

std::string on_preload(std::optional<std::string> value) {
    return hook_on(preload(std::move(value)), facts()).state.ld_preload.value_or("<unset>");
}

// On, then off, from LD_PRELOAD=VALUE: what off leaves.
std::string round_trip(std::optional<std::string> value) {
    HookChange on = hook_on(preload(std::move(value)), facts());
    return hook_off(on.state, facts()).state.ld_preload.value_or("<unset>");
}

const ShellSyntax& shell(std::string_view name) {
    const ShellSyntax* s = shell_syntax(name);
    cr_assert(s, "no syntax for %s", std::string(name).c_str());
    return *s;
}

}  // namespace

Test(shell_hook, the_shim_joins_ld_preload_with_the_separator_in_use) {
    expect_str(on_preload(std::nullopt), kShim);
    expect_str(on_preload(""), kShim);
    expect_str(on_preload("libm.so.6"), "libm.so.6 " + kShim);
    expect_str(on_preload("libm.so.6 libc.so.6"), "libm.so.6 libc.so.6 " + kShim);
    expect_str(on_preload("libm.so.6:libc.so.6"), "libm.so.6:libc.so.6:" + kShim);
    expect_str(on_preload("libm.so.6:libc.so.6 libz.so"), "libm.so.6:libc.so.6 libz.so " + kShim);
    cr_expect(hook_on(preload("libm.so.6"), facts()).state.added_preload);
}

Test(shell_hook, a_libleash_already_preloaded_is_not_added_again) {
    for (const char* value : {"/elsewhere/libleash.so", "libm.so.6:/elsewhere/libleash.so", "libleash.so"}) {
        HookChange c = hook_on(preload(value), facts());
        expect_str(c.state.ld_preload.value_or("<unset>"), value);
        cr_expect(!c.state.added_preload, "%s", value);
    }
    // A library merely named like it is not the shim.
    expect_str(on_preload("/x/libleash.so.1"), "/x/libleash.so.1 " + kShim);
}

Test(shell_hook, a_shim_that_is_missing_or_cannot_be_in_ld_preload_is_said) {
    HookFacts f = facts();
    f.shim_exists = false;
    HookChange c = hook_on(preload("libm.so.6"), f);
    expect_str(c.state.ld_preload.value_or(""), "libm.so.6");
    cr_expect(!c.state.added_preload);
    expect_str(test::joined(c.notes), "no shim at " + kShim + ": programs started from this shell are not covered");
    for (const char* odd : {"/my dir/libleash.so", "/a:b/libleash.so"}) {
        f = facts();
        f.layout.shim = odd;
        c = hook_on(preload(std::nullopt), f);
        cr_expect(!c.state.ld_preload && !c.state.added_preload, "%s", odd);
        expect_str(test::joined(c.notes), std::string("LD_PRELOAD cannot hold ") + odd +
                                              " (a space or colon): programs started from this shell are not covered");
    }
}

Test(shell_hook, off_takes_out_only_what_this_hook_added) {
    expect_str(round_trip(std::nullopt), "<unset>");
    expect_str(round_trip(""), "<unset>");
    expect_str(round_trip("libm.so.6"), "libm.so.6");
    expect_str(round_trip("libm.so.6 libc.so.6"), "libm.so.6 libc.so.6");
    expect_str(round_trip("libm.so.6:libc.so.6"), "libm.so.6:libc.so.6");
    // Not added by this shell's hook (a parent's, or the user's): it stays.
    expect_str(round_trip("libm.so.6:" + kShim), "libm.so.6:" + kShim);
    // Added by it, and another libleash.so set by hand since: only ours goes.
    HookState s = hook_state("/x/libleash.so " + kShim, "/bin", "preload");
    expect_str(hook_off(s, facts()).state.ld_preload.value_or("<unset>"), "/x/libleash.so");
    // Added by it, and taken out by hand since: nothing to do.
    s = hook_state("libm.so.6", "/bin", "preload");
    expect_str(hook_off(s, facts()).state.ld_preload.value_or("<unset>"), "libm.so.6");
    cr_expect(!hook_off(s, facts()).state.added_preload);
}

Test(shell_hook, path_shims_come_first_once_when_asked_for) {
    HookFacts f = facts();
    cr_expect(!hook_on(preload(""), f).state.added_path, "not asked for");
    f.path_shims = true;
    HookChange c = hook_on(preload(""), f);
    expect_str(c.state.path.value_or(""), kShims + ":/usr/bin:/bin");
    cr_expect(c.state.added_path);
    // Sourced twice, or already in PATH: not again.
    expect_str(hook_on(c.state, f).state.path.value_or(""), kShims + ":/usr/bin:/bin");
    HookState there = hook_state("", "/usr/bin:" + kShims, "");
    cr_expect(!hook_on(there, f).state.added_path);
    expect_str(hook_on(hook_state("", "", ""), f).state.path.value_or(""), kShims);
    expect_str(hook_on(hook_state("", std::nullopt, ""), f).state.path.value_or(""), kShims);
    f.shims_exist = false;
    c = hook_on(preload(""), f);
    expect_str(c.state.path.value_or(""), "/usr/bin:/bin");
    expect_str(test::joined(c.notes), "no PATH shims at " + kShims);
}

Test(shell_hook, off_takes_the_path_shims_out_and_keeps_empty_entries) {
    HookState s = hook_state("", kShims + "::/usr/bin:" + kShims + ":", "path");
    expect_str(hook_off(s, facts()).state.path.value_or("<unset>"), ":/usr/bin:");
    s = hook_state("", kShims + ":/usr/bin", "");
    expect_str(hook_off(s, facts()).state.path.value_or("<unset>"), kShims + ":/usr/bin");
}

Test(shell_hook, runtimes_that_cannot_be_function_names_are_said_and_not_wrapped) {
    HookFacts f = facts();
    f.runtimes = {"docker", "my runtime", "-x", "a;b", "podman-remote", "x.y+z_1"};
    HookChange c = hook_on(preload(""), f);
    expect_str(test::joined(c.wrap), "docker podman-remote x.y+z_1 docker-compose");
    cr_expect_eq(c.notes.size(), 3u);
    expect_str(c.notes[0], "runtime \"my runtime\" cannot be a shell function's name; the hook does not wrap it");
    cr_expect(hook_off(preload(""), f).wrap.empty());
}

Test(shell_hook, off_says_when_the_shell_itself_runs_with_the_shim) {
    HookFacts f = facts();
    cr_expect(hook_off(preload(""), f).notes.empty());
    f.shell_has_shim = true;
    auto notes = hook_off(preload(""), f).notes;
    cr_assert_eq(notes.size(), 1u);
    cr_expect(notes[0].starts_with("this shell itself runs with the shim"));
}

Test(shell_hook, each_shell_gets_its_own_assignments) {
    HookFacts f = facts();
    f.path_shims = true;
    HookState before = hook_state("libm.so.6", "/usr/bin:", "");
    HookChange on = hook_on(before, f);
    const char* note = "'not wrapping %s: you have a function or alias of that name (see leash doctor)'";
    expect_str(hook_script(shell("bash"), before, on),
               std::string("__leash_wrap ") + note + " docker podman docker-compose\n" +
                   "export LD_PRELOAD='libm.so.6 " + kShim + "'\n" + "export PATH='" + kShims + ":/usr/bin:'\n" +
                   "export LEASH_HOOK='bash'\n" + "__leash_added='preload path'\n");
    expect_str(hook_script(shell("zsh"), before, on),
               std::string("__leash_wrap ") + note + " docker podman docker-compose\n" +
                   "export LD_PRELOAD='libm.so.6 " + kShim + "'\n" + "export PATH='" + kShims + ":/usr/bin:'\n" +
                   "export LEASH_HOOK='zsh'\n" + "typeset -g __leash_added='preload path'\n");
    // fish's PATH is a list.
    expect_str(hook_script(shell("fish"), before, on),
               std::string("__leash_wrap ") + note + " docker podman docker-compose\n" +
                   "set -gx LD_PRELOAD 'libm.so.6 " + kShim + "'\n" + "set -gx PATH '" + kShims + "' '/usr/bin' ''\n" +
                   "set -gx LEASH_HOOK 'fish'\n" + "set -g __leash_added 'preload path'\n");

    // Off: what changes back, LD_PRELOAD unset when it held only the shim.
    HookState was = hook_state(kShim, "/usr/bin", "preload");
    HookChange off = hook_off(was, f);
    expect_str(hook_script(shell("bash"), was, off),
               "unset LD_PRELOAD\nunset LEASH_HOOK LEASH_HOOK_SKIPPED\n__leash_added=''\n");
    expect_str(hook_script(shell("fish"), was, off),
               "set -e LD_PRELOAD\nset -e LEASH_HOOK LEASH_HOOK_SKIPPED\nset -g __leash_added ''\n");
    // Nothing it did not change: no LD_PRELOAD or PATH line.
    expect_str(hook_script(shell("zsh"), preload("x"), hook_off(preload("x"), f)),
               "unset LEASH_HOOK LEASH_HOOK_SKIPPED\ntypeset -g __leash_added=''\n");
}

Test(shell_hook, what_it_added_is_read_back_from_its_own_words) {
    HookState s = hook_state(std::nullopt, std::nullopt, "preload path");
    cr_expect(s.added_preload && s.added_path);
    s = hook_state(std::nullopt, std::nullopt, "path");
    cr_expect(!s.added_preload && s.added_path);
    s = hook_state(std::nullopt, std::nullopt, "preloads");
    cr_expect(!s.added_preload && !s.added_path);
}

Test(shell_hook, values_are_quoted_for_each_shell) {
    std::string odd = "it's a \"dir\" \\ $HOME";
    expect_str(quote_for(shell("bash"), odd), "'it'\\''s a \"dir\" \\ $HOME'");
    expect_str(quote_for(shell("zsh"), odd), "'it'\\''s a \"dir\" \\ $HOME'");
    expect_str(quote_for(shell("fish"), odd), "'it\\'s a \"dir\" \\\\ $HOME'");
    expect_str(assignment(shell("fish"), "__leash_exe", "/a b"), "set -g __leash_exe '/a b'\n");
    cr_expect(!shell_syntax("tcsh"));
}

Test(shell_hook, status_reports_the_hook_from_the_environment) {
    HookStatus on = hook_status({"bash", "docker podman", std::nullopt, "libm.so.6:/x/libleash.so", "/a:" + kShims, kShims, std::nullopt, {}});
    expect_str(on.text, "hook:       on (bash)\nwrapped:    docker podman\nskipped:    \nLD_PRELOAD: /x/libleash.so\n"
                        "PATH shims: " + kShims + "\nguard:      none ()\n");
    cr_expect(on.on);
    HookStatus off = hook_status({std::nullopt, "", "docker", "libm.so.6", "/a", kShims, std::nullopt, {}});
    expect_str(off.text, "hook:       off\nwrapped:    \nskipped:    docker\nLD_PRELOAD: none\nPATH shims: off\nguard:      none ()\n");
    cr_expect(!off.on);
    // A crafted value cannot drive the terminal.
    HookStatus crafted = hook_status({"bash\x1b[2J", "", "\n", std::nullopt, std::nullopt, kShims, std::nullopt, {}});
    cr_expect(crafted.text.find('\x1b') == std::string::npos);
    expect_str(crafted.text, "hook:       on (bash?[2J)\nwrapped:    \nskipped:    ?\nLD_PRELOAD: none\nPATH shims: off\nguard:      none ()\n");
}

namespace {

const std::string kGuard = "unix:///run/user/1000/leash/docker.sock";

// A session guard that answers, in front of the daemon this shell's docker uses unless told otherwise.
HookFacts guarded(bool same = true) {
    HookFacts f = facts();
    f.guard = {"/run/user/1000/leash/docker.sock", "", "unix:///var/run/docker.sock",
               "unix:///var/run/docker.sock (from the default)", same};
    return f;
}

HookState with_docker_host(std::optional<std::string> value, std::string_view added = "") {
    return hook_state(std::nullopt, "/bin", added, std::move(value));
}

}  // namespace

Test(shell_hook, on_points_docker_host_at_the_guard_that_fronts_this_shells_daemon) {
    HookChange c = hook_on(with_docker_host(std::nullopt), guarded());
    cr_expect(c.state.added_docker_host);
    expect_str(c.state.docker_host.value_or("<unset>"), kGuard);
    // Sourced again: nothing new, and what was there before stays remembered.
    HookChange again = hook_on(c.state, guarded());
    cr_expect(again.state.added_docker_host);
    cr_expect(hook_script(shell("bash"), c.state, again).find("DOCKER_HOST") == std::string::npos);
}

Test(shell_hook, a_shell_whose_docker_uses_another_daemon_keeps_its_docker_host) {
    HookChange c = hook_on(with_docker_host("tcp://remote:2375"), guarded(false));
    cr_expect(!c.state.added_docker_host);
    expect_str(c.state.docker_host.value_or("<unset>"), "tcp://remote:2375");
    // No guard answering, or none at all: untouched.
    HookFacts down = guarded();
    down.guard.fronts.reset();
    cr_expect(!hook_on(with_docker_host(std::nullopt), down).state.docker_host);
    HookFacts none = facts();
    none.guard.none = "XDG_RUNTIME_DIR is not set";
    cr_expect(!hook_on(with_docker_host(std::nullopt), none).state.added_docker_host);
    // A parent shell's hook pointed it there already: nothing to add, nor to give back.
    cr_expect(!hook_on(with_docker_host(kGuard), guarded()).state.added_docker_host);
}

Test(shell_hook, docker_host_before_is_kept_as_code_and_off_runs_it) {
    HookState before = with_docker_host("unix:///var/run/docker.sock");
    HookChange on = hook_on(before, guarded());
    std::string script = hook_script(shell("bash"), before, on);
    expect_in(script, "export DOCKER_HOST='" + kGuard + "'\n");
    expect_in(script, "__leash_docker_host='export DOCKER_HOST='\\''unix:///var/run/docker.sock'\\''\n'\n");
    expect_in(script, "__leash_added='preload docker_host'\n");
    expect_in(hook_script(shell("fish"), with_docker_host(std::nullopt), hook_on(with_docker_host(std::nullopt), guarded())),
              "set -g __leash_docker_host 'set -e DOCKER_HOST\n'\n");

    HookState was = with_docker_host(kGuard, "docker_host");
    HookChange off = hook_off(was, guarded());
    cr_expect(off.restore_docker_host && off.notes.empty());
    expect_str(hook_script(shell("zsh"), was, off),
               "eval \"$__leash_docker_host\"\nunset __leash_docker_host\nunset LEASH_HOOK LEASH_HOOK_SKIPPED\n"
               "typeset -g __leash_added=''\n");
    expect_in(hook_script(shell("fish"), was, off), "eval $__leash_docker_host\nset -e __leash_docker_host\n");
}

Test(shell_hook, off_leaves_a_docker_host_changed_since_on) {
    HookState was = with_docker_host("tcp://elsewhere:2375", "docker_host");
    HookChange off = hook_off(was, guarded());
    cr_expect(!off.restore_docker_host);
    cr_assert_eq(off.notes.size(), 1u);
    cr_expect(off.notes[0].starts_with("DOCKER_HOST changed since leash on"));
    std::string script = hook_script(shell("bash"), was, off);
    cr_expect(script.find("eval") == std::string::npos);
    expect_in(script, "unset __leash_docker_host\n");
}

Test(shell_hook, status_says_whether_docker_clients_here_go_through_the_session_guard) {
    auto guard_line = [](std::optional<std::string> docker_host, HookFacts f) {
        std::string text = hook_status({"bash", "", std::nullopt, std::nullopt, std::nullopt, kShims,
                                        std::move(docker_host), f.guard})
                               .text;
        return text.substr(text.find("guard:      ") + 12);
    };
    expect_str(guard_line(kGuard, guarded()),
               "on, DOCKER_HOST=" + kGuard + ", in front of unix:///var/run/docker.sock\n");
    expect_str(guard_line("tcp://remote:2375", guarded(false)),
               "not used: this shell's docker uses unix:///var/run/docker.sock (from the default), the guard fronts "
               "unix:///var/run/docker.sock; DOCKER_HOST=tcp://remote:2375, as it was\n");
    expect_str(guard_line(std::nullopt, guarded()),
               "off here (DOCKER_HOST not set; leash on points it at the guard, in front of unix:///var/run/docker.sock)\n");
    HookFacts down = guarded();
    down.guard.fronts.reset();
    expect_str(guard_line(std::nullopt, down), "not running at /run/user/1000/leash/docker.sock; DOCKER_HOST not set\n");
    expect_in(guard_line(kGuard, down), "where no guard answers: docker clients here fail until it runs");
}
