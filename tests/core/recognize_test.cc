#include "core/recognize.h"

#include "test_util.h"

using namespace leash;
using leash::test::args;

namespace {

Result<Recognition> rec(const Args& a, const Env& env = {}, const Config& c = default_config()) {
    auto inv = parse(a);
    cr_assert(inv, "%s", inv ? "" : inv.error().c_str());
    return recognize(c, inv->c, env);
}

std::string agent_of(const Args& a, const Env& env = {}, const Config& c = default_config()) {
    auto r = rec(a, env, c);
    cr_assert(r, "%s", r ? "" : r.error().c_str());
    return r->kind == Recognition::Agent ? r->agent->name : r->kind == Recognition::Unclear ? "<no agent>" : "<none>";
}

const char* kCoder = "public.ecr.aws/s5i7k8t3/strongdm/coder:latest";

}  // namespace

Test(recognize, by_image) {
    expect_str(agent_of(args({"docker", "run", "example.com/team/claude-code"})), "claude");
    expect_str(agent_of(args({"docker", "run", "ghcr.io/openai/codex:1.2@sha256:ab"})), "codex");
    expect_str(agent_of(args({"docker", "run", "alpine"})), "<none>");
    expect_str(agent_of(args({"docker", "run", "--rm"})), "<none>");  // no image: docker refuses it
}

Test(recognize, several_agents_match) {
    auto r = rec(args({"docker", "run", "me/claude-and-codex"}));
    cr_assert(r);
    cr_expect(r->kind == Recognition::Unclear);
    expect_str(r->reason, "image matches the images of claude and codex");
}

Test(recognize, multi_agent_images) {
    expect_str(agent_of(args({"docker", "run", kCoder, "claude", "--help"})), "claude");
    expect_str(agent_of(args({"docker", "run", kCoder, "/usr/local/bin/qwen"})), "qwen");
    expect_str(agent_of(args({"docker", "run", kCoder, "sh", "-c", "claude"})), "<no agent>");
    expect_str(agent_of(args({"docker", "run", kCoder})), "<no agent>");
    // The entrypoint is what runs; the command is only its argument.
    expect_str(agent_of(args({"docker", "run", "--entrypoint", "codex", kCoder, "claude"})), "codex");
    expect_str(agent_of(args({"podman", "run", "--entrypoint", "[\"/bin/gemini\",\"-y\"]", kCoder})), "gemini");
    expect_str(agent_of(args({"docker", "run", "--entrypoint", "sh", kCoder, "claude"})), "<no agent>");
}

Test(recognize, leash_agent_names_the_agent) {
    expect_str(agent_of(args({"docker", "run", "alpine"}), {"LEASH_AGENT=codex"}), "codex");
    expect_str(agent_of(args({"docker", "run", "example.com/claude"}), {"LEASH_AGENT=codex"}), "codex");
    expect_str(agent_of(args({"docker", "run", "alpine"}), {"LEASH_AGENT="}), "<none>");
    auto r = rec(args({"docker", "run", "alpine"}), {"LEASH_AGENT=nobody"});
    cr_assert(!r);
    expect_str(r.error(), "LEASH_AGENT=nobody names no agent (known: claude, codex, gemini, qwen, opencode)");
}

Test(recognize, a_new_agent_that_claims_every_image_makes_every_agent_image_ambiguous) {
    Config c = default_config();
    cr_assert(apply_ini(c, "[agent.greedy]\nkeys = GREEDY_KEY\nimages = *\n", "c.ini"));
    expect_str(agent_of(args({"docker", "run", "example.com/team/claude-code"}), {}, c), "<no agent>");
    expect_str(agent_of(args({"docker", "run", "alpine"}), {}, c), "greedy");
}

Test(recognize, exec_looks_at_the_container_only_when_env_is_passed) {
    Config c = default_config();
    Args a = args({"docker", "exec", "-e", "X", "ctr", "env"});
    auto inv = parse(a);
    cr_assert(inv && exec_needs_target(inv->c));
    // LEASH_AGENT names no existing container's agent: asked of a container the runtime cannot tell
    // about, the exec's agent is unclear; in a generic one, it is the exec's agent, as its command would be.
    auto named = recognize(c, inv->c, {"LEASH_AGENT=codex"}, nullptr);
    cr_expect(named && named->kind == Recognition::Unclear);
    ContainerFacts generic;
    generic.image = "node:22";
    auto in_generic = recognize(c, inv->c, {"LEASH_AGENT=codex"}, &generic);
    cr_expect(in_generic && in_generic->kind == Recognition::Agent && in_generic->agent->name == "codex" &&
              in_generic->claimable);
    ContainerFacts codex;
    codex.image = "example.com/team/codex:latest";
    auto known = recognize(c, inv->c, {}, &codex);
    cr_expect(known && known->kind == Recognition::Agent && known->agent->name == "codex");
    auto unknown = recognize(c, inv->c, {}, nullptr);
    cr_expect(unknown && unknown->kind == Recognition::Unclear);
    expect_str(unknown->reason, "cannot tell the image of container ctr");
    Args plain = args({"docker", "exec", "ctr", "env"});
    auto pinv = parse(plain);
    cr_assert(pinv && !exec_needs_target(pinv->c));
}

// The first version recognized an agent's command only in multi-agent images, so claude run in a generic
// image got every key the command named.
Test(recognize, the_command_decides_in_any_image) {
    expect_str(agent_of(args({"docker", "run", "-e", "OPENAI_API_KEY", "node:22", "claude"})), "claude");
    expect_str(agent_of(args({"docker", "run", "node:22", "/usr/local/bin/codex", "exec", "hi"})), "codex");
    expect_str(agent_of(args({"docker", "run", "--entrypoint", "gemini", "node:22"})), "gemini");
    // An ordinary command in an ordinary image is no agent's; neither is an agent's name as an argument.
    expect_str(agent_of(args({"docker", "run", "node:22", "sh", "-c", "claude"})), "<none>");
    expect_str(agent_of(args({"docker", "run", "node:22", "npm", "test"})), "<none>");
    expect_str(agent_of(args({"docker", "run", "alpine", "echo", "codex"})), "<none>");
}

Test(recognize, an_npm_package_run_by_name) {
    Config c = default_config();
    cr_assert(apply_ini(c, "[agent.claude]\ncommands = claude @anthropic-ai/claude-code\n"
                           "[agent.opencode]\ncommands = opencode opencode-ai\n", "c.ini"));
    for (auto a : {args({"docker", "run", "node:22", "npx", "-y", "@anthropic-ai/claude-code"}),
                   args({"docker", "run", "node:22", "npx", "--yes", "@anthropic-ai/claude-code@1.0.3", "-p", "hi"}),
                   args({"docker", "run", "oven/bun", "bunx", "@anthropic-ai/claude-code"}),
                   args({"docker", "run", "node:22", "pnpm", "dlx", "@anthropic-ai/claude-code"}),
                   args({"docker", "run", "node:22", "npm", "exec", "--", "@anthropic-ai/claude-code"}),
                   args({"docker", "run", "node:22", "npx", "-p", "@anthropic-ai/claude-code", "claude"}),
                   args({"docker", "run", "--entrypoint", "npx", "node:22", "-y", "@anthropic-ai/claude-code"})})
        expect_str(agent_of(a, {}, c), "claude");
    expect_str(agent_of(args({"docker", "run", "node:22", "npx", "opencode-ai@latest"}), {}, c), "opencode");
    expect_str(agent_of(args({"docker", "run", "node:22", "npx", "-y", "cowsay", "claude"}), {}, c), "<none>");
    expect_str(agent_of(args({"docker", "run", "node:22", "pnpm", "install"}), {}, c), "<none>");
}

Test(recognize, a_label_names_the_agent) {
    expect_str(agent_of(args({"docker", "run", "-l", "leash.agent=codex", "alpine"})), "codex");
    expect_str(agent_of(args({"docker", "run", "--label=leash.agent=gemini", "example.com/team/claude-code"})), "gemini");
    expect_str(agent_of(args({"docker", "run", "--label", "other=claude", "alpine"})), "<none>");
    auto r = rec(args({"docker", "run", "--label", "leash.agent=nobody", "alpine"}));
    cr_assert(!r);
    expect_str(r.error(), "label leash.agent=nobody names no agent (known: claude, codex, gemini, qwen, opencode)");
}
