#include "core/decide.h"

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
    expect_str(names_in(o.decision.env), "PATH HOME ANTHROPIC_API_KEY");
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
    auto again = run(c, o.argv, o.decision.env, o.files);
    cr_expect(again.argv == o.argv);
}

Test(decide, podman_wildcards_and_env_host) {
    Config c = default_config();
    Args a = args({"podman", "run", "-e", "GOOGLE*", "-e", "*", "--env-host", "example.com/team/codex", "env"});
    auto o = run(c, a, five_keys());
    // The flags stay: with the runtime's environment scrubbed they copy only what may go.
    expect_str(joined(o.argv), "podman run --label leash.agent=codex -e GOOGLE* -e * --env-host example.com/team/codex env");
    expect_str(names_in(o.decision.env), "PATH HOME OPENAI_API_KEY");
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
    cr_expect(env_get(o.decision.env, "ANTHROPIC_API_KEY") == "sk-literal");
    // The last -e wins, as in docker: a later bare name means the host's value.
    auto last = run(c, args({"docker", "run", "-e", "ANTHROPIC_API_KEY=sk-literal", "-e", "ANTHROPIC_API_KEY", kClaude}),
                    five_keys());
    cr_expect(env_get(last.decision.env, "ANTHROPIC_API_KEY") == "sk-ant");
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
    cr_expect(!env_get(o.decision.env, "ANTHROPIC_API_KEY"));
    cr_expect(!env_get(o.decision.env, "WORK_CLAUDE_KEY"));
    expect_str(withheld_of(o.decision), "WORK_CLAUDE_KEY (-e)");
    expect_str(joined(o.decision.forward), "ANTHROPIC_API_KEY");
    // A bare -e of the key's own name takes the same way.
    auto named = run(c, args({"docker", "run", "-e", "ANTHROPIC_API_KEY", kClaude}), env);
    expect_str(joined(named.argv), "docker run --label leash.agent=claude --env-file <filtered:(remapped keys)> " + kClaude);
    // Run again on its own output, the decision changes nothing.
    auto again = run(c, o.argv, o.decision.env, o.files);
    expect_str(joined(again.argv), joined(o.argv));
    cr_expect(again.decision.env == o.decision.env);
    expect_str(joined(again.decision.forward), "ANTHROPIC_API_KEY");
    // Without the host variable the container gets no key at all, not the personal one.
    auto none = run(c, args({"docker", "run", kClaude}), five_keys());
    expect_str(joined(none.argv), "docker run --label leash.agent=claude " + kClaude);
    cr_expect(!env_get(none.decision.env, "ANTHROPIC_API_KEY"));
}

// The old engine trusted a marker in the environment (LEASH_REMAPPED) to carry remapped keys across a
// second pass: forged, it handed the host's personal key to an agent whose work key was unset.
Test(decide, no_marker_in_the_environment_brings_the_personal_key) {
    Config c = default_config();
    cr_assert(apply_ini(c, "[agent.claude]\nkeys = ANTHROPIC_API_KEY=WORK_CLAUDE_KEY\n", "c.ini"));
    Env env = five_keys();
    env.push_back("LEASH_REMAPPED=ANTHROPIC_API_KEY");
    auto o = run(c, args({"docker", "run", "-e", "ANTHROPIC_API_KEY", kClaude}), env);
    cr_expect(!env_get(o.decision.env, "ANTHROPIC_API_KEY"));
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
    cr_expect(o.decision.env == env);
    for (auto other : {args({"docker", "ps", "-a"}), args({"docker", "compose", "run", "-e", "X", "s"}),
                       args({"docker", "pull", kClaude}), args({"docker", "run", "--help", kClaude})}) {
        auto p = run(c, other, env);
        cr_expect(p.decision.action == Action::Pass && p.argv == other && p.decision.env == env, "%s",
                  joined(other).c_str());
    }
}

Test(decide, other_containers_withhold) {
    Config c = default_config();
    cr_assert(apply_ini(c, "[leash]\nother_containers = withhold\n", "c.ini"));
    auto o = run(c, args({"docker", "run", "-e", "OPENAI_API_KEY", "-e", "FOO=1", "alpine"}), five_keys());
    expect_str(joined(o.argv), "docker run -e FOO=1 alpine");
    expect_str(names_in(o.decision.env), "PATH HOME");
    cr_expect(o.decision.forward.empty());
}

Test(decide, an_agent_container_with_no_agent_gets_nothing) {
    Config c = default_config();
    auto o = run(c, args({"docker", "run", "-e", "ANTHROPIC_API_KEY", "example.com/claude-codex-bridge"}), five_keys());
    cr_expect(o.decision.recognition.kind == Recognition::Unclear);
    expect_str(joined(o.argv), "docker run example.com/claude-codex-bridge");
    expect_str(names_in(o.decision.env), "PATH HOME");
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
    expect_str(names_in(once.decision.env), "PATH HOME");
    auto twice = run(c, once.argv, once.decision.env, {}, kClaude);
    cr_expect(twice.decision.env == once.decision.env);
    auto named = run(c, args({"docker", "exec", "-e", "ANTHROPIC_API_KEY", "ctr", "env"}), five_keys(), {}, kClaude);
    expect_str(names_in(named.decision.env), "PATH HOME ANTHROPIC_API_KEY");
}

Test(decide, environments_with_duplicates_and_entries_without_equals) {
    Config c = default_config();
    Env env = {"ANTHROPIC_API_KEY=first", "OPENAI_API_KEY=a", "NOEQUALS", "OPENAI_API_KEY=b", "ANTHROPIC_API_KEY=second",
               "OPENAI_API_KEY", "=weird"};
    auto o = run(c, args({"docker", "run", kClaude}), env);
    cr_expect(o.decision.env == (Env{"NOEQUALS", "=weird", "ANTHROPIC_API_KEY=first"}));
}

// The runtime keeps the shim, so that a wrapper script that adds flags and execs the real runtime is
// judged again.
Test(decide, the_shim_stays_in_the_runtime_environment) {
    Config c = default_config();
    Env env = {"LD_PRELOAD=/a/libx.so:/usr/lib/leash/libleash.so:/b/liby.so"};
    auto o = run(c, args({"docker", "run", kClaude}), env);
    cr_expect(o.decision.env == env);
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
        auto twice = run(c, once.argv, once.decision.env, all_files);
        cr_expect(twice.argv == once.argv, "%s: [%s] then [%s]", joined(a).c_str(), joined(once.argv).c_str(),
                  joined(twice.argv).c_str());
        cr_expect(twice.decision.env == once.decision.env, "%s: env [%s] then [%s]", joined(a).c_str(),
                  joined(once.decision.env).c_str(), joined(twice.decision.env).c_str());
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
    auto again = judge_argv(c, j->argv, j->decision.env, world);
    cr_assert(again);
    expect_str(joined(again->argv), joined(j->argv));
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
