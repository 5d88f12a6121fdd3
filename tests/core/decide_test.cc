#include "core/decide.h"
#include "core/render.h"

#include "test_world.h"

using namespace leash;
using namespace leash::test;

namespace {

const std::string kClaude = "example.com/team/claude-code";

std::string names_in(const Env& env) {
    std::string out;
    for (const auto& e : env) out += (out.empty() ? "" : " ") + std::string(env_name(e));
    return out;
}

}  // namespace

Test(decide, claude_gets_only_its_key) {
    Config c = default_config();
    auto o = run(c, args({"docker", "run", "--rm", "-e", "OPENAI_API_KEY", "-e", "ANTHROPIC_API_KEY", kClaude, "env"}),
                 five_keys());
    cr_assert(!o.refused);
    cr_expect(o.decision.action == Action::Rewrite);
    expect_str(joined(o.argv), "docker run --label leash.agent=claude --rm -e ANTHROPIC_API_KEY " + kClaude + " env");
    expect_str(joined(o.decision.forward), "ANTHROPIC_API_KEY");
    expect_str(withheld_of(o.decision), "OPENAI_API_KEY (-e)");
    // The runtime's own environment keeps no other credential, so nothing it resolves can leak.
    expect_str(names_in(o.env), "PATH HOME ANTHROPIC_API_KEY");
}

Test(decide, every_spelling_of_env_is_removed) {
    Config c = default_config();
    const std::pair<std::vector<std::string>, std::string> cases[] = {
        {{"-e", "OPENAI_API_KEY"}, ""},
        {{"-eOPENAI_API_KEY"}, ""},
        {{"-e=OPENAI_API_KEY"}, ""},
        {{"-e=OPENAI_API_KEY=sk-literal"}, ""},
        {{"--env=OPENAI_API_KEY"}, ""},
        {{"--env", "OPENAI_API_KEY"}, ""},
        {{"--env", "OPENAI_API_KEY=sk-literal"}, ""},
        {{"-ite", "OPENAI_API_KEY"}, "-it "},
        {{"-iteOPENAI_API_KEY"}, "-it "},
        {{"-tie=OPENAI_API_KEY=1"}, "-ti "},
        {{"-e", "GITHUB_TOKEN=ghp_literal"}, ""},
        {{"-e", "openai_api_key=sk"}, ""},
    };
    for (const auto& [flags, left] : cases) {
        Args a = {"docker", "run"};
        a.insert(a.end(), flags.begin(), flags.end());
        a.insert(a.end(), {kClaude, "env"});
        auto o = run(c, a, five_keys());
        expect_str(joined(o.argv), "docker run --label leash.agent=claude -e ANTHROPIC_API_KEY " + left + kClaude + " env");
        cr_expect_eq(o.decision.withheld.size(), 1u, "%s", joined(a).c_str());
    }
}

Test(decide, env_files_are_filtered_not_modified) {
    Config c = default_config();
    std::string file = "# keys\nOPENAI_API_KEY=sk-x\nANTHROPIC_API_KEY=sk-file\nexport GOOGLE_API_KEY=g\nFOO=bar\nGITHUB_TOKEN\n";
    auto o = run(c, args({"docker", "run", "--env-file", ".env", kClaude}), five_keys(), {{".env", file}});
    expect_str(joined(o.argv), "docker run --label leash.agent=claude --env-file <filtered:.env> " + kClaude);
    expect_str(o.files["<filtered:.env>"], "# keys\nANTHROPIC_API_KEY=sk-file\nFOO=bar\n");
    expect_str(withheld_of(o.decision), "OPENAI_API_KEY (--env-file .env); GOOGLE_API_KEY (--env-file .env); "
                                        "GITHUB_TOKEN (--env-file .env)");
    // The key comes from the file, so it is not injected again on top of it.
    expect_str(joined(o.decision.forward), "ANTHROPIC_API_KEY");
}

Test(decide, a_key_behind_a_space_docker_trims_is_dropped_from_an_env_file) {
    Config c = default_config();
    cr_assert(apply_ini(c, "[agent.acme]\nkeys = ACME_KEY\nimages = *acme*\n", "c.ini"));
    auto o = run(c, args({"docker", "run", "--env-file", ".env", kClaude}), five_keys(),
                 {{".env", "\xE3\x80\x80" "ACME_KEY=x\nA=1\n"}});
    expect_str(o.files["<filtered:.env>"], "A=1\n");
    expect_str(withheld_of(o.decision), "ACME_KEY (--env-file .env)");
}

// The runtime reads a copy of what leash read, even with nothing dropped: the file may change between the
// two reads. leash's own copy, read again by a second pass, stays as it is.
Test(decide, every_env_file_becomes_a_copy_but_leashs_own) {
    Config c = default_config();
    auto o = run(c, args({"docker", "run", "--env-file=ok.env", kClaude}), five_keys(), {{"ok.env", "A=1\nB\n"}});
    expect_str(joined(o.argv), "docker run --label leash.agent=claude -e ANTHROPIC_API_KEY --env-file <filtered:ok.env> " + kClaude);
    expect_str(o.files["<filtered:ok.env>"], "A=1\nB\n");
    cr_expect(o.decision.withheld.empty());
    auto again = run(c, o.argv, o.env, o.files);
    cr_expect(again.argv == o.argv);
}

Test(decide, podman_wildcards_and_env_host) {
    Config c = default_config();
    Args a = args({"podman", "run", "-e", "GOOGLE*", "-e", "*", "--env-host", "example.com/team/codex", "env"});
    auto o = run(c, a, five_keys());
    // The flags stay: with the runtime's environment scrubbed they copy only what may go.
    expect_str(joined(o.argv), "podman run --label leash.agent=codex -e GOOGLE* -e * --env-host example.com/team/codex env");
    expect_str(names_in(o.env), "PATH HOME OPENAI_API_KEY");
    expect_str(withheld_of(o.decision),
               "GOOGLE_API_KEY (-e 'GOOGLE*', -e '*', --env-host); ANTHROPIC_API_KEY (-e '*', --env-host); "
               "DASHSCOPE_API_KEY (-e '*', --env-host); OPENCODE_API_KEY (-e '*', --env-host); "
               "GITHUB_TOKEN (-e '*', --env-host)");
    expect_str(joined(o.decision.forward), "OPENAI_API_KEY");
}

// Found by the adversarial suite: podman copies nothing for `--env-host --env-host=false` (the last one
// wins), but leash counted the agent's key as passed by the first and did not inject it.
Test(decide, only_the_last_env_host_counts) {
    Config c = default_config();
    auto off = run(c, args({"podman", "run", "--env-host", "--env-host=false", kClaude}), five_keys());
    expect_str(joined(off.argv), "podman run --label leash.agent=claude -e ANTHROPIC_API_KEY --env-host --env-host=false " + kClaude);
    expect_str(joined(off.decision.forward), "ANTHROPIC_API_KEY");
    auto on = run(c, args({"podman", "run", "--env-host=false", "--env-host", kClaude}), five_keys());
    expect_str(joined(on.argv), "podman run --label leash.agent=claude --env-host=false --env-host " + kClaude);
    expect_str(joined(on.decision.forward), "ANTHROPIC_API_KEY");
}

Test(decide, injects_the_key_when_not_passed) {
    Config c = default_config();
    auto o = run(c, args({"docker", "run", "--rm", "example.com/team/gemini-cli"}), five_keys());
    expect_str(joined(o.argv), "docker run --label leash.agent=gemini -e GOOGLE_API_KEY --rm example.com/team/gemini-cli");
    auto unset = run(c, args({"docker", "run", "--rm", "example.com/team/gemini-cli"}), Env{"PATH=/bin"});
    expect_str(joined(unset.argv), "docker run --label leash.agent=gemini --rm example.com/team/gemini-cli");
    cr_expect(unset.decision.forward.empty());
}

Test(decide, a_literal_key_value_leaves_the_command_line) {
    Config c = default_config();
    auto o = run(c, args({"docker", "run", "-e", "ANTHROPIC_API_KEY=sk-literal", kClaude}), five_keys());
    expect_str(joined(o.argv), "docker run --label leash.agent=claude -e ANTHROPIC_API_KEY " + kClaude);
    cr_expect(env_get(o.env, "ANTHROPIC_API_KEY") == "sk-literal");
    // The last -e wins, as in docker: a later bare name means the host's value.
    auto last = run(c, args({"docker", "run", "-e", "ANTHROPIC_API_KEY=sk-literal", "-e", "ANTHROPIC_API_KEY", kClaude}),
                    five_keys());
    cr_expect(env_get(last.env, "ANTHROPIC_API_KEY") == "sk-ant");
}

Test(decide, remapped_key) {
    Config c = default_config();
    cr_assert(apply_ini(c, "[agent.claude]\nkeys = ANTHROPIC_API_KEY=WORK_CLAUDE_KEY\n", "c.ini"));
    Env env = five_keys();
    env.push_back("WORK_CLAUDE_KEY=sk-work");
    auto o = run(c, args({"docker", "run", "-e", "WORK_CLAUDE_KEY", kClaude}), env);
    // The key travels in an env-file of leash's own, a sealed memfd: never on the command line, and never
    // in the runtime's environment, where the host's own ANTHROPIC_API_KEY would be its double.
    expect_str(joined(o.argv), "docker run --label leash.agent=claude --env-file <filtered:(remapped keys)> " + kClaude);
    expect_str(o.files["<filtered:(remapped keys)>"], "ANTHROPIC_API_KEY=sk-work\n");
    cr_expect(!env_get(o.env, "ANTHROPIC_API_KEY"));
    cr_expect(!env_get(o.env, "WORK_CLAUDE_KEY"));
    expect_str(withheld_of(o.decision), "WORK_CLAUDE_KEY (-e)");
    expect_str(joined(o.decision.forward), "ANTHROPIC_API_KEY");
    // A bare -e of the key's own name takes the same way.
    auto named = run(c, args({"docker", "run", "-e", "ANTHROPIC_API_KEY", kClaude}), env);
    expect_str(joined(named.argv), "docker run --label leash.agent=claude --env-file <filtered:(remapped keys)> " + kClaude);
    // Run again on its own output, the decision changes nothing.
    auto again = run(c, o.argv, o.env, o.files);
    expect_str(joined(again.argv), joined(o.argv));
    cr_expect(again.env == o.env);
    expect_str(joined(again.decision.forward), "ANTHROPIC_API_KEY");
    // Without the host variable the container gets no key at all, not the personal one.
    auto none = run(c, args({"docker", "run", kClaude}), five_keys());
    expect_str(joined(none.argv), "docker run --label leash.agent=claude " + kClaude);
    cr_expect(!env_get(none.env, "ANTHROPIC_API_KEY"));
}

// The old engine trusted a marker in the environment (LEASH_REMAPPED) to carry remapped keys across a
// second pass: forged, it handed the host's personal key to an agent whose work key was unset.
Test(decide, no_marker_in_the_environment_brings_the_personal_key) {
    Config c = default_config();
    cr_assert(apply_ini(c, "[agent.claude]\nkeys = ANTHROPIC_API_KEY=WORK_CLAUDE_KEY\n", "c.ini"));
    Env env = five_keys();
    env.push_back("LEASH_REMAPPED=ANTHROPIC_API_KEY");
    auto o = run(c, args({"docker", "run", "-e", "ANTHROPIC_API_KEY", kClaude}), env);
    cr_expect(!env_get(o.env, "ANTHROPIC_API_KEY"));
    cr_expect(o.files.empty());
    cr_expect(o.decision.forward.empty());
}

Test(decide, fixed_variables) {
    Config c = default_config();
    cr_assert(apply_ini(c, "[agent.claude]\nenv = DISABLE_TELEMETRY=1 MODE=fast\n", "c.ini"));
    auto o = run(c, args({"docker", "run", "-e", "MODE=slow", kClaude}), Env{});
    expect_str(joined(o.argv), "docker run --label leash.agent=claude -e DISABLE_TELEMETRY=1 -e MODE=slow " + kClaude);
}

Test(decide, non_agent_containers_pass_byte_identical) {
    Config c = default_config();
    Args a = args({"docker", "run", "-e", "OPENAI_API_KEY", "-e", "GITHUB_TOKEN=ghp", "--env-file", "missing.env", "alpine"});
    Env env = five_keys();
    env.push_back("LD_PRELOAD=/x/libleash.so");
    auto o = run(c, a, env);  // no env-file content: a pass never reads it
    cr_expect(o.decision.action == Action::Pass);
    cr_expect(o.argv == a);
    cr_expect(o.env == env);
    for (auto other : {args({"docker", "ps", "-a"}), args({"docker", "compose", "run", "-e", "X", "s"}),
                       args({"docker", "pull", kClaude}), args({"docker", "run", "--help", kClaude})}) {
        auto p = run(c, other, env);
        cr_expect(p.decision.action == Action::Pass && p.argv == other && p.env == env, "%s",
                  joined(other).c_str());
    }
}

Test(decide, other_containers_withhold) {
    Config c = default_config();
    cr_assert(apply_ini(c, "[leash]\nother_containers = withhold\n", "c.ini"));
    auto o = run(c, args({"docker", "run", "-e", "OPENAI_API_KEY", "-e", "FOO=1", "alpine"}), five_keys());
    expect_str(joined(o.argv), "docker run -e FOO=1 alpine");
    expect_str(names_in(o.env), "PATH HOME");
    cr_expect(o.decision.forward.empty());
}

Test(decide, an_agent_container_with_no_agent_gets_nothing) {
    Config c = default_config();
    auto o = run(c, args({"docker", "run", "-e", "ANTHROPIC_API_KEY", "example.com/claude-codex-bridge"}), five_keys());
    cr_expect(o.decision.recognition.kind == Recognition::Unclear);
    expect_str(joined(o.argv), "docker run example.com/claude-codex-bridge");
    expect_str(names_in(o.env), "PATH HOME");
    cr_expect(o.decision.forward.empty());
}

Test(decide, exec_into_a_running_agent_container) {
    Config c = default_config();
    auto o = run(c, args({"docker", "exec", "-e", "OPENAI_API_KEY", "-e", "ANTHROPIC_API_KEY", "ctr", "env"}), five_keys(),
                 {}, kClaude);
    expect_str(joined(o.argv), "docker exec -e ANTHROPIC_API_KEY id-of-ctr env");  // nothing injected into an exec
    auto unknown = run(c, args({"docker", "exec", "-e", "ANTHROPIC_API_KEY", "ctr", "env"}), five_keys());
    expect_str(joined(unknown.argv), "docker exec ctr env");
    auto plain = run(c, args({"docker", "exec", "ctr", "env"}), five_keys());
    cr_expect(plain.decision.action == Action::Pass);
}

// Found by the parse fuzzer: with other_containers = withhold, an exec whose every -e was withheld kept the
// agent's key in the runtime's environment, and a second pass, which sees an exec that passes nothing (not
// an agent container, so every credential goes), removed it.
Test(decide, an_exec_leaves_the_runtime_only_the_keys_it_passes) {
    Config c = default_config();
    cr_assert(apply_ini(c, "[leash]\nother_containers = withhold\n", "c.ini"));
    auto once = run(c, args({"docker", "exec", "-e", "OPENAI_API_KEY", "ctr", "env"}), five_keys(), {}, kClaude);
    expect_str(joined(once.argv), "docker exec id-of-ctr env");
    expect_str(names_in(once.env), "PATH HOME");
    auto twice = run(c, once.argv, once.env, {}, kClaude);
    cr_expect(twice.env == once.env);
    auto named = run(c, args({"docker", "exec", "-e", "ANTHROPIC_API_KEY", "ctr", "env"}), five_keys(), {}, kClaude);
    expect_str(names_in(named.env), "PATH HOME ANTHROPIC_API_KEY");
}

Test(decide, environments_with_duplicates_and_entries_without_equals) {
    Config c = default_config();
    Env env = {"ANTHROPIC_API_KEY=first", "OPENAI_API_KEY=a", "NOEQUALS", "OPENAI_API_KEY=b", "ANTHROPIC_API_KEY=second",
               "OPENAI_API_KEY", "=weird"};
    auto o = run(c, args({"docker", "run", kClaude}), env);
    cr_expect(o.env == (Env{"NOEQUALS", "=weird", "ANTHROPIC_API_KEY=first"}));
}

// The runtime keeps the shim, so that a wrapper script that adds flags and execs the real runtime is
// judged again.
Test(decide, the_shim_stays_in_the_runtime_environment) {
    Config c = default_config();
    Env env = {"LD_PRELOAD=/a/libx.so:/usr/lib/leash/libleash.so:/b/liby.so"};
    auto o = run(c, args({"docker", "run", kClaude}), env);
    cr_expect(o.env == env);
}

Test(decide, empty_and_odd_env_entries_are_left_to_the_runtime) {
    Config c = default_config();
    auto o = run(c, args({"docker", "run", "-e", "", "-e", "=", "-e", "=x", "-e=", kClaude}), Env{});
    expect_str(joined(o.argv), "docker run --label leash.agent=claude -e  -e = -e =x -e= " + kClaude);
}

// podman's docker shim execs podman, so the engine can see its own output: that must change nothing.
Test(decide, running_on_its_own_output_changes_nothing) {
    Config c = default_config();
    cr_assert(apply_ini(c, "[agent.claude]\nkeys = ANTHROPIC_API_KEY=WORK_CLAUDE_KEY\nenv = MODE=fast\n", "c.ini"));
    Env env = five_keys();
    env.insert(env.end(), {"WORK_CLAUDE_KEY=sk-work", "LD_PRELOAD=/l/libleash.so", "OPENAI_API_KEY=dup"});
    std::map<std::string, std::string> files = {{".env", "OPENAI_API_KEY=x\nANTHROPIC_API_KEY\nA=1\n"}};
    const std::vector<Args> cases = {
        args({"docker", "run", "--rm", "-e", "OPENAI_API_KEY", "-ite", "GITHUB_TOKEN", kClaude, "env"}),
        args({"docker", "run", "-e", "ANTHROPIC_API_KEY=sk-literal", "--env-file", ".env", kClaude}),
        args({"docker", "run", "-e", "WORK_CLAUDE_KEY", kClaude}),
        args({"podman", "run", "-e", "*", "--env-host", "-e", "GOOGLE*", "example.com/team/codex"}),
        args({"docker", "container", "create", "--env-file=.env", "example.com/team/qwen-code"}),
        args({"docker", "run", "public.ecr.aws/s5i7k8t3/strongdm/coder", "codex"}),
        args({"docker", "run", "-e", "OPENAI_API_KEY", "public.ecr.aws/s5i7k8t3/strongdm/coder", "sh"}),
        args({"docker", "run", "-e", "OPENAI_API_KEY", "alpine"}),
        args({"docker", "ps"}),
    };
    for (const auto& a : cases) {
        auto once = run(c, a, env, files);
        cr_assert(!once.refused, "%s: %s", joined(a).c_str(), once.error.c_str());
        auto all_files = files;
        all_files.insert(once.files.begin(), once.files.end());
        auto twice = run(c, once.argv, once.env, all_files);
        cr_expect(twice.argv == once.argv, "%s: [%s] then [%s]", joined(a).c_str(), joined(once.argv).c_str(),
                  joined(twice.argv).c_str());
        cr_expect(twice.env == once.env, "%s: env [%s] then [%s]", joined(a).c_str(),
                  joined(once.env).c_str(), joined(twice.env).c_str());
        cr_expect(twice.decision.forward == once.decision.forward, "%s", joined(a).c_str());
    }
}

// podman trims the whitespace before a -e name, so " OPENAI_API_KEY" is OPENAI_API_KEY to it: the old
// engine judged the name with the space, and let another agent's key through.
Test(decide, names_are_judged_as_the_runtime_reads_them) {
    Config c = default_config();
    cr_assert(apply_ini(c, "[agent.acme]\nkeys = ACME_KEY\nimages = *acme*\n", "c.ini"));
    Env env = five_keys();
    env.push_back("ACME_KEY=acme");
    for (std::string_view entry : {" ACME_KEY", " ACME_KEY=x", "\tACME_KEY", " \t ACME_KEY=t"}) {
        auto o = run(c, args({"podman", "run", "-e", entry, kClaude, "env"}), env);
        expect_str(joined(o.argv), "podman run --label leash.agent=claude -e ANTHROPIC_API_KEY " + kClaude + " env");
        cr_expect_eq(o.decision.withheld.size(), 1u, "%.*s", int(entry.size()), entry.data());
    }
}

// An env-file with a NUL byte (/proc/self/environ, say) is one line to leash's reader but every variable
// to a careless one: leash refuses what it cannot read as the runtime will.
Test(decide, an_env_file_with_a_nul_byte_is_refused) {
    Config c = default_config();
    std::string environ_like("A=1\0OPENAI_API_KEY=sk-x\0", 24);
    auto o = run(c, args({"docker", "run", "--env-file", "/proc/self/environ", kClaude}), five_keys(),
                 {{"/proc/self/environ", environ_like}});
    cr_expect(o.refused);
    expect_str(o.error, "cannot read env-file /proc/self/environ as the runtime will: it holds a NUL byte");
}

// A sealed file is filtered like any other: the old engine passed a memfd named like its own copies on
// unread, so a caller could forge one.
Test(decide, a_sealed_env_file_is_filtered_too) {
    Config c = default_config();
    auto o = run(c, args({"docker", "run", "--env-file", "<filtered:forged>", kClaude}), five_keys(),
                 {{"<filtered:forged>", "OPENAI_API_KEY=sk-x\nA=1\n"}});
    expect_str(joined(o.argv), "docker run --label leash.agent=claude -e ANTHROPIC_API_KEY --env-file <filtered:<filtered:forged>> " + kClaude);
    expect_str(o.files["<filtered:<filtered:forged>>"], "A=1\n");
    // A sealed file that needs no filtering is passed on as it is.
    auto clean = run(c, args({"docker", "run", "--env-file", "<filtered:clean>", kClaude}), Env{},
                     {{"<filtered:clean>", "A=1\n"}});
    expect_str(joined(clean.argv), "docker run --label leash.agent=claude --env-file <filtered:clean> " + kClaude);
}

// A container is one agent's: leash labels the containers it creates for an agent, and judges an exec by
// the container's agent, not by the command exec'd (the first version let codex's key into claude's
// container whenever claude's container had an image no glob knew).
Test(decide, one_container_one_agent) {
    Config c = default_config();
    auto created = run(c, args({"docker", "create", kClaude}), five_keys());
    expect_str(joined(created.argv), "docker create --label leash.agent=claude -e ANTHROPIC_API_KEY " + kClaude);
    auto labelled = run(c, args({"docker", "run", "-l", "leash.agent=claude", kClaude}), five_keys());
    expect_str(joined(labelled.argv), "docker run -e ANTHROPIC_API_KEY -l leash.agent=claude " + kClaude);

    TestWorld world;
    world.exec_image = "mine/helper:latest";  // an alias tag no glob matches
    world.exec_labels = {{"leash.agent", "claude"}};
    Args a = args({"docker", "exec", "-e", "OPENAI_API_KEY", "-e", "ANTHROPIC_API_KEY", "ctr", "codex"});
    auto j = judge_argv(c, a, five_keys(), world);
    cr_assert(j);
    cr_expect(j->decision.recognition.kind == Recognition::Agent && j->decision.recognition.agent->name == "claude");
    expect_str(withheld_of(j->decision), "OPENAI_API_KEY (-e)");
    // The exec goes to the container leash looked at, by its ID: a rename in between cannot redirect it.
    expect_str(joined(j->argv), "docker exec -e ANTHROPIC_API_KEY id-of-ctr codex");
    auto again = judge_argv(c, j->argv, j->decision.env.of(five_keys()), world);
    cr_assert(again);
    expect_str(joined(again->argv), joined(j->argv));
}

// An exec is judged by its container's agent: a container started without leash for claude (a generic
// image running claude) is claude's, whatever command is exec'd. The first version judged the command
// exec'd, and let codex's key into claude's container.
Test(decide, an_exec_is_judged_by_the_command_its_container_runs) {
    Config c = default_config();
    TestWorld world;
    world.exec_image = "node:22";
    world.exec_command = {"/usr/local/bin/claude", "--continue"};
    auto j = judge_argv(c, args({"docker", "exec", "-e", "OPENAI_API_KEY", "-e", "ANTHROPIC_API_KEY", "ctr", "codex"}),
                        five_keys(), world);
    cr_assert(j);
    cr_expect(j->decision.recognition.kind == Recognition::Agent && j->decision.recognition.agent->name == "claude");
    expect_str(withheld_of(j->decision), "OPENAI_API_KEY (-e)");
    expect_str(joined(j->decision.forward), "ANTHROPIC_API_KEY");
}

// One container, one agent, in a container started without leash that no label, image or command makes
// one agent's (node:22 running sleep): the first agent leash hands credentials to claims it, and another
// agent's exec gets none of its credentials (their processes would read each other's environment in
// /proc). The first version judged each exec by the command exec'd, and let codex's key in beside claude's.
Test(decide, the_first_agent_leash_hands_credentials_to_claims_the_container) {
    Config c = default_config();
    TestWorld world;
    world.exec_image = "node:22";
    world.exec_command = {"sleep", "600"};
    auto exec = [&](std::vector<std::string> a) {
        Args argv = {"docker", "exec"};
        argv.insert(argv.end(), a.begin(), a.end());
        auto j = judge_argv(c, argv, five_keys(), world);
        cr_assert(j, "%s", j ? "" : j.error().c_str());
        return std::move(j->decision);
    };
    Decision first = exec({"-e", "ANTHROPIC_API_KEY", "box", "claude"});
    cr_expect(first.recognition.kind == Recognition::Agent && first.recognition.agent->name == "claude");
    expect_str(joined(first.forward), "ANTHROPIC_API_KEY");

    Decision codex = exec({"-e", "OPENAI_API_KEY", "-e", "ANTHROPIC_API_KEY", "box", "codex"});
    cr_expect(codex.recognition.kind == Recognition::Unclear);
    cr_expect(codex.forward.empty());
    expect_str(withheld_of(codex), "OPENAI_API_KEY (-e); ANTHROPIC_API_KEY (-e)");
    expect_str(*notice(c, codex),
               "leash: node:22: an agent container with no agent (codex's command in a container claude claimed: "
               "leash handed claude's credentials into it first; run each agent in a container of its own): "
               "withheld OPENAI_API_KEY (-e), ANTHROPIC_API_KEY (-e)");

    // A command that is no agent's runs in claude's container; and the claimer's later execs keep working.
    Decision shell = exec({"-e", "OPENAI_API_KEY", "-e", "ANTHROPIC_API_KEY", "box", "sh"});
    cr_expect(shell.recognition.kind == Recognition::Agent && shell.recognition.agent->name == "claude");
    expect_str(withheld_of(shell), "OPENAI_API_KEY (-e)");
    expect_str(shell.recognition.reason, "a container claude claimed");
    Decision again = exec({"-e", "ANTHROPIC_API_KEY", "-e", "OPENAI_API_KEY", "box", "claude"});
    cr_expect(again.recognition.kind == Recognition::Agent && again.recognition.agent->name == "claude");
    expect_str(joined(again.forward), "ANTHROPIC_API_KEY");
    expect_str(withheld_of(again), "OPENAI_API_KEY (-e)");

    // Another container is claimed apart; an exec that hands no credential claims nothing.
    Decision plain = exec({"-e", "TERM=xterm", "box2", "gemini"});
    cr_expect(plain.recognition.kind == Recognition::Agent && plain.recognition.agent->name == "gemini");
    Decision other = exec({"-e", "OPENAI_API_KEY", "box2", "codex"});
    cr_expect(other.recognition.kind == Recognition::Agent && other.recognition.agent->name == "codex");
    expect_str(joined(other.forward), "OPENAI_API_KEY");
}

// LEASH_AGENT (which leash --open sets for the container it starts) names the agent of a new container,
// not of one that exists: an exec is judged by its container, whatever the caller's environment says.
// Where the container says nothing (claimable), it names the exec's agent as its command would. The first
// version let LEASH_AGENT=codex bring codex's key into claude's container.
Test(decide, leash_agent_does_not_name_an_existing_containers_agent) {
    Config c = default_config();
    TestWorld world;
    world.exec_image = "mine/helper:latest";
    world.exec_labels = {{"leash.agent", "claude"}};
    Env env = five_keys();
    env.push_back("LEASH_AGENT=codex");
    auto o = run(c, args({"docker", "exec", "-e", "OPENAI_API_KEY", "-e", "ANTHROPIC_API_KEY", "ctr", "sh"}), env, world);
    cr_assert(!o.refused, "%s", o.error.c_str());
    cr_expect(o.decision.recognition.kind == Recognition::Agent && o.decision.recognition.agent->name == "claude");
    expect_str(withheld_of(o.decision), "OPENAI_API_KEY (-e)");
    // In a generic container it names the exec's agent, which claims the container.
    world.exec_labels = {};
    world.exec_image = "node:22";
    world.exec_command = {"sleep", "600"};
    auto named = run(c, args({"docker", "exec", "-e", "OPENAI_API_KEY", "box", "sh"}), env, world);
    cr_expect(named.decision.recognition.kind == Recognition::Agent && named.decision.recognition.agent->name == "codex");
    expect_str(world.claims["id-of-box"], "codex");
    auto claude = run(c, args({"docker", "exec", "-e", "ANTHROPIC_API_KEY", "box", "claude"}), five_keys(), world);
    expect_str(withheld_of(claude.decision), "ANTHROPIC_API_KEY (-e)");
}

// An exec leash refuses runs nothing, and so claims nothing: the first agent's exec that asks for host
// access (refused) leaves the container to whichever agent leash first hands credentials to.
Test(decide, a_refused_exec_claims_nothing) {
    Config c = default_config();
    TestWorld world;
    world.exec_image = "node:22";
    world.exec_command = {"sleep", "600"};
    auto refused = run(c, args({"docker", "exec", "--privileged", "-e", "ANTHROPIC_API_KEY", "box", "claude"}), five_keys(), world);
    cr_expect(refused.refused);
    cr_expect(world.claims.find("id-of-box") == world.claims.end(), "claimed by %s", world.claims["id-of-box"].c_str());
    auto codex = run(c, args({"docker", "exec", "-e", "OPENAI_API_KEY", "box", "codex"}), five_keys(), world);
    cr_assert(!codex.refused, "%s", codex.error.c_str());
    expect_str(joined(codex.decision.forward), "OPENAI_API_KEY");
}

// A claim that cannot be read or kept refuses the exec: it could not be judged by its container's agent.
// A container whose label, image or command names its agent is never claimed: no claim is asked for.
Test(decide, a_claim_that_cannot_be_kept_refuses_the_exec) {
    Config c = default_config();
    TestWorld world;
    world.exec_image = "node:22";
    world.claim_error = "No space left on device";
    auto o = run(c, args({"docker", "exec", "-e", "ANTHROPIC_API_KEY", "box", "claude"}), five_keys(), world);
    cr_expect(o.refused);
    expect_str(o.error, "refusing docker: cannot tell which agent claimed container box: No space left on device");
    world.asked.clear();
    world.exec_image = kClaude;
    auto own = run(c, args({"docker", "exec", "-e", "ANTHROPIC_API_KEY", "box", "codex"}), five_keys(), world);
    cr_expect(!own.refused);
    expect_str(joined(world.asked), "container box");
    world.asked.clear();
    world.exec_image = "node:22";
    world.exec_command = {"npx", "-y", "@google/gemini-cli"};
    auto runs = run(c, args({"docker", "exec", "-e", "GOOGLE_API_KEY", "box", "claude"}), five_keys(), world);
    cr_expect(!runs.refused && runs.decision.recognition.agent && runs.decision.recognition.agent->name == "gemini");
    expect_str(runs.decision.recognition.reason, "container running @google/gemini-cli");
    expect_str(joined(world.asked), "container box");
}

// `docker tag example.com/team/claude-code mine/helper`: the first version judged the alias by its
// reference alone, and let codex's key into claude's container.
Test(decide, an_image_known_under_another_name) {
    Config c = default_config();
    TestWorld world;
    world.image_facts = ImageFacts{"sha256:0123", {"example.com/team/claude-code:latest", "mine/helper:latest"}, {}};
    Args a = args({"docker", "run", "-e", "OPENAI_API_KEY", "mine/helper", "env"});
    auto j = judge_argv(c, a, five_keys(), world);
    cr_assert(j);
    cr_expect(j->decision.recognition.kind == Recognition::Agent && j->decision.recognition.agent->name == "claude");
    expect_str(withheld_of(j->decision), "OPENAI_API_KEY (-e)");
    expect_str(joined(world.asked), "image mine/helper");
    // An image ID, and an image labelled for an agent.
    world.image_facts = ImageFacts{"sha256:0123", {}, {{"leash.agent", "gemini"}}};
    j = judge_argv(c, args({"docker", "run", "-e", "OPENAI_API_KEY", "sha256:0123"}), five_keys(), world);
    cr_assert(j);
    expect_str(j->decision.recognition.agent ? j->decision.recognition.agent->name : "", "gemini");

    // A container that gets no credential costs no inspect; an image the runtime does not know is judged by
    // its reference.
    TestWorld quiet;
    auto plain = judge_argv(c, args({"docker", "run", "-e", "TERM", "mine/helper"}), five_keys(), quiet);
    cr_assert(plain);
    cr_expect(quiet.asked.empty());
    cr_expect(plain->decision.action == Action::Pass);
    auto unknown = judge_argv(c, args({"docker", "run", "-e", "OPENAI_API_KEY", "mine/helper"}), five_keys(), quiet);
    cr_assert(unknown);
    cr_expect(unknown->decision.recognition.kind == Recognition::Other);
    expect_str(joined(quiet.asked), "image mine/helper");
}

// Credentials by value, whatever their name, at every door; the first version judged names only.
Test(decide, a_value_of_a_credentials_shape_is_withheld_whatever_its_name) {
    Config c = default_config();
    std::string ghp = "ghp_" + std::string(36, 'a');
    Env env = five_keys();
    env.insert(env.end(), {"MY_VAR=" + ghp, "DATABASE_URL=postgres://app:hunter2@db/x", "HTTP_PROXY=http://proxy:3128",
                           "GIT_COMMIT=0123456789abcdef0123456789abcdef01234567", "TOKENIZERS_PARALLELISM=false"});
    auto o = run(c, args({"docker", "run", "-e", "MY_VAR", "-e", "DATABASE_URL", "-e", "SETTING=" + ghp, "-e",
                          "HTTP_PROXY", "-e", "GIT_COMMIT", "-e", "TOKENIZERS_PARALLELISM", kClaude}),
                 env);
    expect_str(joined(o.argv), "docker run --label leash.agent=claude -e ANTHROPIC_API_KEY -e HTTP_PROXY -e GIT_COMMIT "
                               "-e TOKENIZERS_PARALLELISM " + kClaude);
    expect_str(withheld_of(o.decision), "MY_VAR (-e); DATABASE_URL (-e); SETTING (-e)");
    expect_str(o.decision.withheld[0].why, "its value is shaped like a credential (GitHub personal access token)");
    // The runtime's environment keeps none of them: --env-host or -e '*' would copy nothing of them.
    expect_str(names_in(o.env), "PATH HOME HTTP_PROXY GIT_COMMIT TOKENIZERS_PARALLELISM ANTHROPIC_API_KEY");
    auto file = run(c, args({"podman", "run", "--env-file", ".env", "--env-host", kClaude}), env,
                    {{".env", "A=1\nSETTING=" + ghp + "\nMY_VAR\n"}});
    expect_str(file.files["<filtered:.env>"], "A=1\n");
    expect_str(withheld_of(file.decision), "SETTING (--env-file .env); MY_VAR (--env-file .env, --env-host); "
                                           "OPENAI_API_KEY (--env-host); GOOGLE_API_KEY (--env-host); "
                                           "DASHSCOPE_API_KEY (--env-host); OPENCODE_API_KEY (--env-host); "
                                           "GITHUB_TOKEN (--env-host); DATABASE_URL (--env-host)");
}

// Each agent's own other variables (accepts) reach its container when the command names them, are never
// injected, and never reach another agent's.
Test(decide, an_agents_own_variables_pass_to_it_alone) {
    Config c = default_config();
    std::string oat = "sk-ant-oat01-" + std::string(40, 'b');
    Env env = {"PATH=/bin", "CLAUDE_CODE_OAUTH_TOKEN=" + oat, "ANTHROPIC_API_KEY=sk-ant-key"};
    auto claude = run(c, args({"docker", "run", "-e", "CLAUDE_CODE_OAUTH_TOKEN", kClaude}), env);
    expect_str(joined(claude.argv), "docker run --label leash.agent=claude -e ANTHROPIC_API_KEY -e CLAUDE_CODE_OAUTH_TOKEN " + kClaude);
    cr_expect(claude.decision.withheld.empty());
    auto plain = run(c, args({"docker", "run", kClaude}), env);
    expect_str(joined(plain.argv), "docker run --label leash.agent=claude -e ANTHROPIC_API_KEY " + kClaude);
    auto codex = run(c, args({"docker", "run", "-e", "CLAUDE_CODE_OAUTH_TOKEN", "example.com/team/codex"}), env);
    expect_str(withheld_of(codex.decision), "CLAUDE_CODE_OAUTH_TOKEN (-e)");
    cr_expect(!env_get(codex.env, "CLAUDE_CODE_OAUTH_TOKEN"));
    // Its value given on the command line moves into the runtime's environment, off what ps shows.
    auto literal = run(c, args({"docker", "run", "-e", "CLAUDE_CODE_OAUTH_TOKEN=" + oat + "x", kClaude}), env);
    expect_str(joined(literal.argv), "docker run --label leash.agent=claude -e ANTHROPIC_API_KEY -e CLAUDE_CODE_OAUTH_TOKEN " + kClaude);
    cr_expect(env_get(literal.env, "CLAUDE_CODE_OAUTH_TOKEN") == oat + "x");
    auto again = run(c, literal.argv, literal.env);
    expect_str(joined(again.argv), joined(literal.argv));
    cr_expect(again.env == literal.env);
}

namespace {

struct HostRow {
    std::vector<std::string> flags;  // as written after `run`
    std::string what;                // as the refusal names it
    std::string allow;               // an allow_host word that lets it through
};

const HostRow kHostRows[] = {
    {{"--privileged"}, "--privileged", "privileged"},
    {{"--privileged=true"}, "--privileged", "privileged"},
    {{"--use-api-socket"}, "--use-api-socket", "use-api-socket"},
    {{"--pid=host"}, "--pid=host", "pid=host"},
    {{"--pid", "container:box"}, "--pid=container:box", "pid"},
    {{"--ipc=host"}, "--ipc=host", "ipc=host"},
    {{"--net=host"}, "--network=host", "network=host"},
    {{"--network", "host"}, "--network=host", "network"},
    {{"--cap-add", "SYS_ADMIN"}, "--cap-add=SYS_ADMIN", "cap-add=SYS_ADMIN"},
    {{"--cap-add=all"}, "--cap-add=ALL", "cap-add=ALL"},
    {{"--cap-add", "NET_ADMIN,cap_sys_ptrace"}, "--cap-add=SYS_PTRACE", "cap-add=SYS_PTRACE"},
    {{"--security-opt", "seccomp=unconfined"}, "--security-opt=seccomp=unconfined", "security-opt=seccomp=unconfined"},
    {{"--device", "/dev/sda:/dev/xvda"}, "--device=/dev/sda", "device=/dev/sda"},
    {{"--device-cgroup-rule", "b 8:* rmw"}, "--device-cgroup-rule=b 8:* rmw", "device-cgroup-rule"},
};

Args with_flags(std::vector<std::string> head, const std::vector<std::string>& flags, std::vector<std::string> tail) {
    head.insert(head.end(), flags.begin(), flags.end());
    head.insert(head.end(), tail.begin(), tail.end());
    return Args(head.begin(), head.end());
}

}  // namespace

Test(decide, host_access_is_refused_in_an_agents_container_unless_allowed) {
    Config c = default_config();
    for (const auto& row : kHostRows) {
        Args a = with_flags({"docker", "run", "--rm"}, row.flags, {kClaude, "env"});
        auto o = run(c, a, five_keys());
        cr_expect(o.refused, "%s", joined(a).c_str());
        cr_expect(o.error.starts_with("refusing docker: " + row.what + " hands the container the host ("), "%s: %s",
                  joined(a).c_str(), o.error.c_str());
        cr_expect(o.error.ends_with("; allow it for claude with allow_host = " + row.what.substr(2) + " in [agent.claude]"),
                  "%s", o.error.c_str());
        cr_expect(o.error.find('\n') == std::string::npos);
        // An agent container whose agent is unclear can allow nothing.
        auto unclear = run(c, with_flags({"podman", "run"}, row.flags, {"example.com/claude-codex-bridge"}), five_keys());
        cr_expect(unclear.refused && unclear.error.starts_with("refusing podman: " + row.what + " hands"), "%s",
                  unclear.error.c_str());
        // Allowed for claude, deliberately: the setting stays, the keys are judged as ever.
        Config allowing = default_config();
        cr_assert(apply_ini(allowing, "[agent.claude]\nallow_host = " + row.allow + "\n", "c.ini"));
        auto ok = run(allowing, a, five_keys());
        cr_expect(!ok.refused, "%s: %s", row.allow.c_str(), ok.error.c_str());
        expect_str(joined(ok.argv), joined(with_flags({"docker", "run", "--label", "leash.agent=claude", "-e", "ANTHROPIC_API_KEY", "--rm"}, row.flags,
                                                      {kClaude, "env"})));
        cr_expect(run(allowing, with_flags({"docker", "run"}, row.flags, {"example.com/team/codex"}), five_keys()).refused,
                  "allowed for claude, not for codex: %s", row.allow.c_str());
        // Any other container passes byte-identical: the runtime does what it is told.
        Args plain = with_flags({"docker", "run", "--rm"}, row.flags, {"alpine", "env"});
        auto p = run(c, plain, five_keys());
        cr_expect(!p.refused && p.decision.action == Action::Pass && p.argv == plain, "%s", joined(plain).c_str());
    }
}

Test(decide, ordinary_settings_of_an_agents_container_pass) {
    Config c = default_config();
    for (auto flags : std::vector<std::vector<std::string>>{
             {"--privileged=false"}, {"--pid", "private"}, {"--cap-add", "NET_BIND_SERVICE"}, {"--network", "none"},
             {"--net=bridge"}, {"--security-opt", "no-new-privileges"}, {"--ipc", "private"}, {"--device", "/dev/fuse"},
             {"--cap-add", ""}}) {
        auto o = run(c, with_flags({"docker", "run"}, flags, {kClaude}), five_keys());
        cr_expect(!o.refused, "%s: %s", flags[0].c_str(), o.error.c_str());
        expect_str(joined(o.argv), joined(with_flags({"docker", "run", "--label", "leash.agent=claude", "-e", "ANTHROPIC_API_KEY"},
                                                     flags, {kClaude})));
    }
    // One capability allowed lets no other through.
    Config allowing = default_config();
    cr_assert(apply_ini(allowing, "[agent.claude]\nallow_host = cap-add=SYS_ADMIN\n", "c.ini"));
    auto o = run(allowing, args({"docker", "run", "--cap-add", "SYS_ADMIN,SYS_PTRACE", kClaude}), five_keys());
    cr_expect(o.refused && o.error.starts_with("refusing docker: --cap-add=SYS_PTRACE hands"), "%s", o.error.c_str());
}

Test(decide, an_exec_with_host_access_into_an_agents_container_is_refused) {
    Config c = default_config();
    auto o = run(c, args({"docker", "exec", "--privileged", "-e", "ANTHROPIC_API_KEY", "ctr", "env"}), five_keys(), {},
                 kClaude);
    cr_expect(o.refused && o.error.starts_with("refusing docker: --privileged hands"), "%s", o.error.c_str());
}

namespace {

struct MountRow {
    std::vector<std::string> flags;
    std::string asked;  // the mount as the refusal names it
    std::string what;   // the host path that hands the host over
};

const MountRow kMountRows[] = {
    {{"-v", "/var/run/docker.sock:/var/run/docker.sock"}, "-v /var/run/docker.sock:/var/run/docker.sock", "/var/run/docker.sock"},
    {{"-v", "/:/host"}, "-v /:/host", "/"},
    {{"--volume=/:/host:ro"}, "-v /:/host", "/"},
    {{"-v", "/run:/r"}, "-v /run:/r", "/run/docker"},
    {{"-v", "/proc/1:/p"}, "-v /proc/1:/p", "/proc/1"},
    {{"--mount", "type=bind,src=/,dst=/h"}, "--mount /:/h", "/"},
    {{"--mount", "type=bind,source=/var/lib/docker,target=/d,readonly"}, "--mount /var/lib/docker:/d", "/var/lib/docker"},
    // Resolved as the runtime opens it: a symlink, a relative path, the endpoint DOCKER_HOST names.
    {{"-v", "/home/u/sock:/s"}, "-v /home/u/sock:/s", "/run/docker.sock"},
    {{"-v", "./up:/w"}, "-v ./up:/w", "/"},
    {{"-v", "/tmp/d:/d"}, "-v /tmp/d:/d", "/tmp/d/docker.sock"},
    {{"-v", "/run/user/1000/podman:/x"}, "-v /run/user/1000/podman:/x", "/run/user/1000/podman/podman.sock"},
};

TestWorld mount_world() {
    TestWorld w;
    w.real_paths = {{"/home/u/sock", "/run/docker.sock"}, {".", "/home/u/proj"}, {"up", "/"}};
    return w;
}

Env mount_env() {
    Env env = five_keys();
    env.push_back("DOCKER_HOST=unix:///tmp/d/docker.sock");
    env.push_back("XDG_RUNTIME_DIR=/run/user/1000");
    return env;
}

}  // namespace

Test(decide, a_mount_that_hands_over_the_host_is_refused_in_an_agents_container_unless_allowed) {
    Config c = default_config();
    for (const auto& row : kMountRows) {
        Args a = with_flags({"docker", "run", "--rm"}, row.flags, {kClaude, "env"});
        TestWorld w = mount_world();
        auto o = run(c, a, mount_env(), w);
        cr_expect(o.refused, "%s", joined(a).c_str());
        cr_expect(o.error.starts_with("refusing docker: " + row.asked + " hands the container the host (" + row.what + ": "),
                  "%s: %s", joined(a).c_str(), o.error.c_str());
        cr_expect(o.error.ends_with("; allow it for claude with allow_host = mount=" + row.what + " in [agent.claude]"), "%s",
                  o.error.c_str());
        Config allowing = default_config();
        cr_assert(apply_ini(allowing, "[agent.claude]\nallow_host = mount=" + row.what + "\n", "c.ini"));
        TestWorld w2 = mount_world();
        auto ok = run(allowing, a, mount_env(), w2);
        cr_expect(!ok.refused, "%s: %s", row.what.c_str(), ok.error.c_str());
        // Any other container passes byte-identical, and nothing is resolved for it: the runtime is only
        // asked whether its image is an agent's under another name (a mounted directory may hold stores).
        Args plain = with_flags({"docker", "run", "--rm"}, row.flags, {"alpine", "env"});
        TestWorld w3 = mount_world();
        auto p = run(c, plain, mount_env(), w3);
        cr_expect(!p.refused && p.decision.action == Action::Pass && p.argv == plain, "%s", joined(plain).c_str());
        cr_expect(w3.asked == std::vector<std::string>{"image alpine"}, "%s: %s", joined(plain).c_str(),
                  joined(w3.asked).c_str());
    }
}

Test(decide, ordinary_mounts_of_an_agents_container_pass) {
    Config c = default_config();
    for (auto flags : std::vector<std::vector<std::string>>{
             {"-v", "/home/u/proj:/work"}, {"-v", ".:/work"}, {"-v", "./new/dir:/work"}, {"-v", "cache:/cache"},
             {"--mount", "type=volume,src=cache,dst=/c"}, {"--tmpfs", "/tmp"}, {"-v", "/home/u/.claude:/root/.claude"},
             {"-v", "/run/user/1000/other:/o"}}) {
        TestWorld w = mount_world();
        auto o = run(c, with_flags({"docker", "run"}, flags, {kClaude}), mount_env(), w);
        cr_expect(!o.refused, "%s: %s", flags[1].c_str(), o.error.c_str());
        expect_str(joined(o.argv), joined(with_flags({"docker", "run", "--label", "leash.agent=claude", "-e", "ANTHROPIC_API_KEY"},
                                                     flags, {kClaude})));
    }
}

Test(decide, a_mount_the_runtime_cannot_read_is_refused_only_in_an_agents_container) {
    Config c = default_config();
    for (auto flags : std::vector<std::vector<std::string>>{
             {"-v", "/a:/b:/c:/d"}, {"--mount", "type=bind,src=/a"}, {"--tmpfs", "relative"}, {"--volumes-from", "box:xx"}}) {
        auto o = run(c, with_flags({"docker", "run"}, flags, {kClaude}), five_keys());
        cr_expect(o.refused && o.error.starts_with("refusing docker: ") && o.error.find('\n') == std::string::npos, "%s: %s",
                  flags[1].c_str(), o.error.c_str());
        Args plain = with_flags({"docker", "run"}, flags, {"alpine"});
        auto p = run(c, plain, five_keys());
        cr_expect(!p.refused && p.argv == plain, "%s", flags[1].c_str());
    }
}

Test(decide, volumes_from_a_container_that_mounts_the_host_is_refused_in_an_agents_container) {
    Config c = default_config();
    auto with_mounts = [](std::vector<Mount> mounts) {
        TestWorld w;
        w.exec_image = "alpine";
        w.exec_mounts = std::move(mounts);
        return w;
    };
    Mount root{Mount::Bind, "/", "/host", true, "", {}};
    Mount proj{Mount::Bind, "/home/u/proj", "/work", false, "", {}};
    Mount volume{Mount::Volume, "/var/lib/docker/volumes/cache/_data", "/cache", false, "", {}};
    TestWorld w = with_mounts({proj, root});
    auto o = run(c, args({"docker", "run", "--volumes-from", "box:ro", kClaude}), five_keys(), w);
    expect_str(o.error, "refusing docker: --volumes-from box hands the container the host (/: the host's whole filesystem); "
                        "allow it for claude with allow_host = mount=/ in [agent.claude]");
    TestWorld ok = with_mounts({proj, volume});
    auto p = run(c, args({"docker", "run", "--volumes-from", "box", kClaude}), five_keys(), ok);
    cr_expect(!p.refused, "%s", p.error.c_str());
    // A container the runtime does not know: what it would mount cannot be told (and the runtime refuses it).
    TestWorld none;
    auto unknown = run(c, args({"docker", "run", "--volumes-from", "box", kClaude}), five_keys(), none);
    expect_str(unknown.error, "refusing docker: cannot tell what --volumes-from box mounts (the runtime does not know it)");
    // Any other container is not asked about.
    TestWorld plain = with_mounts({root});
    Args a = args({"docker", "run", "--volumes-from", "box", "alpine"});
    auto q = run(c, a, five_keys(), plain);
    cr_expect(!q.refused && q.argv == a && plain.asked == std::vector<std::string>{"image alpine"});
}

// `docker exec --privileged` into an agent's container hands it the host as a run would: judged by the
// container's agent although it passes no variable.
Test(decide, an_exec_that_asks_for_host_access_is_judged_by_its_container) {
    Config c = default_config();
    auto o = run(c, args({"docker", "exec", "--privileged", "ctr", "sh"}), five_keys(), {}, kClaude);
    cr_expect(o.refused);
    expect_str(o.error.substr(0, 47), "refusing docker: --privileged hands the contain");
    auto plain = run(c, args({"docker", "exec", "--privileged", "ctr", "sh"}), five_keys(), {}, "alpine");
    cr_expect(!plain.refused && plain.decision.action == Action::Pass);
}
