#include "core/open_plan.h"

#include <set>

#include "test_util.h"

using namespace leash;
using leash::test::args;
using leash::test::joined;

namespace {

OpenOptions parsed(std::initializer_list<std::string_view> words) {
    auto o = parse_open_args(args(words));
    cr_assert(o, "refused: %s", o ? "" : o.error().c_str());
    return *o;
}

std::string refusal(std::initializer_list<std::string_view> words) {
    auto o = parse_open_args(args(words));
    cr_assert(!o, "accepted");
    return o.error();
}

Agent claude() {
    Agent a;
    a.name = "claude";
    a.keys = {{"ANTHROPIC_API_KEY", "ANTHROPIC_API_KEY"}};
    a.image = "example.com/team/claude-code";
    a.command = "claude  --verbose\tnow";
    return a;
}

std::function<bool(std::string_view)> installed(std::set<std::string, std::less<>> names) {
    return [names](std::string_view r) { return names.count(r) > 0; };
}

}  // namespace

Test(open_args, options_before_and_after_the_agent_and_both_value_spellings) {
    OpenOptions o = parsed({"--dry-run", "claude", "--runtime=podman", "--image", "my/img:1"});
    expect_str(o.agent, "claude");
    cr_expect(o.dry_run);
    expect_str(*o.runtime, "podman");
    expect_str(*o.image, "my/img:1");
    cr_expect(o.args.empty());

    o = parsed({"codex", "--image=x", "--runtime", "docker"});
    expect_str(*o.image, "x");
    expect_str(*o.runtime, "docker");
    cr_expect(!o.dry_run);
}

Test(open_args, everything_after_the_double_dash_is_the_agents) {
    OpenOptions o = parsed({"claude", "--", "--dry-run", "--", "two words"});
    cr_expect(!o.dry_run);
    cr_assert_eq(o.args.size(), 3u);
    expect_str(o.args[0], "--dry-run");
    expect_str(o.args[1], "--");
    expect_str(o.args[2], "two words");
    cr_expect(!o.runtime && !o.image);
}

Test(open_args, usage_errors) {
    expect_str(refusal({}), "name an agent (leash agents lists them)");
    expect_str(refusal({"--dry-run", "--", "claude"}), "name an agent (leash agents lists them)");
    expect_str(refusal({"claude", "extra"}), "unexpected \"extra\": the agent's arguments go after --");
    expect_str(refusal({"claude", "--runtime"}), "--runtime needs a value");
    expect_str(refusal({"claude", "--image="}), "--image needs a value");
    expect_str(refusal({"claude", "--runtimes=docker"}), "unknown option --runtimes=docker");
    expect_str(refusal({"claude", "-t"}), "unknown option -t");
    expect_str(refusal({"claude", "--runtime", "nerdctl"}), "--runtime must be docker or podman, not \"nerdctl\"");
}

Test(open_runtime, flag_then_config_then_the_first_installed) {
    auto both = installed({"docker", "podman"});
    expect_str(*choose_runtime(std::string("podman"), "docker", both), "podman");
    expect_str(*choose_runtime(std::nullopt, "podman", both), "podman");
    expect_str(*choose_runtime(std::nullopt, "auto", both), "docker");
    expect_str(*choose_runtime(std::nullopt, "auto", installed({"podman"})), "podman");
}

Test(open_runtime, says_what_to_install) {
    auto none = choose_runtime(std::nullopt, "auto", installed({"nerdctl"}));
    cr_assert(!none);
    expect_str(none.error(), "no container runtime found in PATH: install docker or podman");
    auto missing = choose_runtime(std::string("podman"), "auto", installed({"docker"}));
    cr_assert(!missing);
    expect_str(missing.error(),
               "podman is not installed (not found in PATH): install it, or choose another runtime with --runtime");
}

Test(open_argv, the_run_command_without_and_with_a_terminal) {
    OpenOptions o = parsed({"claude", "--", "fix the bug", "-x"});
    auto argv = open_argv(claude(), o, "docker", "/home/u/proj", false);
    cr_assert(argv);
    expect_str(joined(*argv), "docker run --rm -i -v /home/u/proj:/home/u/proj -w /home/u/proj "
                              "example.com/team/claude-code claude --verbose now fix the bug -x");
    cr_expect_eq(argv->size(), 14u);  // "fix the bug" stays one word
    argv = open_argv(claude(), o, "podman", "/w", true);
    expect_str(joined(*argv), "podman run --rm -i -t -v /w:/w -w /w example.com/team/claude-code claude --verbose "
                              "now fix the bug -x");
}

Test(open_argv, image_flag_wins_and_an_empty_command_runs_the_images_own) {
    Agent a = claude();
    a.command = "";
    auto argv = open_argv(a, parsed({"claude", "--image", "other:2", "--", "x"}), "docker", "/w", false);
    expect_str(joined(*argv), "docker run --rm -i -v /w:/w -w /w other:2 x");
}

Test(open_argv, refuses_an_agent_without_image_and_a_directory_with_a_colon) {
    Agent a = claude();
    a.image = "";
    auto no_image = open_argv(a, parsed({"claude"}), "docker", "/w", false);
    cr_assert(!no_image);
    expect_str(no_image.error(), "agent claude has no image to open: set image in [agent.claude], or pass --image");
    auto colon = open_argv(claude(), parsed({"claude"}), "docker", "/w/a:b", false);
    cr_assert(!colon);
    expect_str(colon.error(), "cannot mount the current directory /w/a:b: its path contains ':'");
}

Test(open_env, names_the_agent_once_whatever_the_caller_had) {
    Env env = {"PATH=/bin", "LEASH_AGENT=codex", "ANTHROPIC_API_KEY=v", "LEASH_AGENT=gemini"};
    expect_str(joined(open_env(env, "claude")), "PATH=/bin ANTHROPIC_API_KEY=v LEASH_AGENT=claude");
}

Test(open_notice, names_each_unset_key_and_its_host_variable) {
    Agent a = claude();
    cr_expect(!unset_keys_notice(a, {"ANTHROPIC_API_KEY="}));  // set, though empty
    expect_str(*unset_keys_notice(a, {"OPENAI_API_KEY=v"}), "claude starts without ANTHROPIC_API_KEY: not set on this host");
    a.keys = {{"ANTHROPIC_API_KEY", "WORK_KEY"}, {"EXTRA_TOKEN", "EXTRA_TOKEN"}};
    expect_str(*unset_keys_notice(a, {"ANTHROPIC_API_KEY=v"}),
               "claude starts without ANTHROPIC_API_KEY (from WORK_KEY), EXTRA_TOKEN: not set on this host");
    cr_expect(!unset_keys_notice(a, {"WORK_KEY=v", "EXTRA_TOKEN=t"}));
}

Test(workspace_refusal, the_home_or_what_holds_it_is_no_workspace) {
    cr_expect(!workspace_refusal("claude", "/home/u/proj", "/home/u"));
    cr_expect(!workspace_refusal("claude", "/home/user2", "/home/u"));
    cr_expect(!workspace_refusal("claude", "/w", ""));
    expect_str(workspace_refusal("claude", "/home/u", "/home/u").value_or(""),
               "refusing to open claude in /home/u: its container would get the whole home directory; start it in a "
               "project's directory");
    cr_expect(workspace_refusal("claude", "/home", "/home/u"));
    cr_expect(workspace_refusal("claude", "/home/u/", "/home/u"));
    expect_str(workspace_refusal("codex", "/", "").value_or(""),
               "refusing to open codex in /: its container would get the whole host; start it in a project's directory");
}
