#include "core/config.h"

#include "test_util.h"

using namespace leash;

namespace {

Config with(std::string_view text) {
    Config c = default_config();
    auto ok = apply_ini(c, text, "c.ini");
    cr_assert(ok, "%s", ok ? "" : ok.error().c_str());
    return c;
}

std::string error_of(std::string_view text) {
    Config c = default_config();
    auto ok = apply_ini(c, text, "c.ini");
    cr_assert(!ok, "accepted: %.*s", int(text.size()), text.data());
    return ok.error();
}

std::string keys_of(const Agent& a) {
    std::string out;
    for (const auto& k : a.keys) out += (out.empty() ? "" : " ") + (k.name == k.host ? k.name : k.name + "=" + k.host);
    return out;
}

}  // namespace

Test(config, the_five_default_agents) {
    Config c = default_config();
    const char* table[][3] = {{"claude", "ANTHROPIC_API_KEY", "*claude*"},
                              {"codex", "OPENAI_API_KEY", "*codex*"},
                              {"gemini", "GOOGLE_API_KEY", "*gemini*"},
                              {"qwen", "DASHSCOPE_API_KEY", "*qwen*"},
                              {"opencode", "OPENCODE_API_KEY", "*opencode*"}};
    cr_assert_eq(c.agents.size(), 5u);
    for (auto& row : table) {
        const Agent* a = c.agent(row[0]);
        cr_assert(a, "%s", row[0]);
        expect_str(keys_of(*a), row[1]);
        expect_str(a->images.at(0), row[2]);
        expect_str(a->commands.at(0), row[0]);
        expect_str(a->command, row[0]);
        expect_str(a->image, "public.ecr.aws/s5i7k8t3/strongdm/coder:latest");
    }
    cr_expect(c.is_runtime("docker") && c.is_runtime("podman") && c.is_runtime("nerdctl"));
    cr_expect(c.other_containers == OtherContainers::Pass);
    cr_expect(c.notice == Notice::Changes);
}

Test(config, credentials) {
    Config c = default_config();
    for (const char* n : {"ANTHROPIC_API_KEY", "GITHUB_TOKEN", "AWS_SECRET_ACCESS_KEY", "DB_PASSWORD",
                          "GOOGLE_APPLICATION_CREDENTIALS", "openai_api_key", "OPENAI_API_KEY*", "OPENAI_API_KEY  "})
        cr_expect(c.is_credential(n), "%s", n);
    for (const char* n : {"PATH", "HOME", "TERM", "TOKENIZER", "API_KEYS_DIR"}) cr_expect(!c.is_credential(n), "%s", n);
}

Test(config, overrides_new_agents_and_remaps) {
    Config c = with(R"(
[leash]
other_containers = withhold   ; a comment
notice = never
runtime = podman
runtimes = docker finch

[agent.claude]
keys = ANTHROPIC_API_KEY=WORK_CLAUDE_KEY
env = CLAUDE_CODE_USE_BEDROCK=0 DISABLE_TELEMETRY=1

[agent.aider]
keys = OPENAI_API_KEY ANTHROPIC_API_KEY
images = *aider* ghcr.io/me/ai:*
image = paulgauthier/aider
)");
    cr_expect(c.other_containers == OtherContainers::Withhold);
    cr_expect(c.notice == Notice::Never);
    expect_str(c.runtime, "podman");
    cr_expect(c.is_runtime("finch") && !c.is_runtime("nerdctl"));
    const Agent* claude = c.agent("claude");
    expect_str(keys_of(*claude), "ANTHROPIC_API_KEY=WORK_CLAUDE_KEY");
    expect_str(claude->images.at(0), "*claude*");  // untouched keys keep their defaults
    cr_assert_eq(claude->env.size(), 2u);
    expect_str(claude->env[1].name, "DISABLE_TELEMETRY");
    expect_str(claude->env[1].value, "1");
    expect_str(claude->env[1].origin, "c.ini:10");
    const Agent* aider = c.agent("aider");
    cr_assert(aider);
    expect_str(keys_of(*aider), "OPENAI_API_KEY ANTHROPIC_API_KEY");
    cr_expect_eq(aider->images.size(), 2u);
    expect_str(aider->command, "aider");  // a new agent's command defaults to its name
    cr_expect(c.is_credential("WORK_CLAUDE_KEY"));
}

Test(config, a_list_goes_on_on_indented_lines_and_a_later_file_replaces_it) {
    Config c = with("[agent.codex]\nimages = *codex*\n  *openai/cli*\n");
    cr_expect_eq(c.agent("codex")->images.size(), 2u);
    auto ok = apply_ini(c, "[agent.codex]\nimages = mine\n", "user.ini");
    cr_assert(ok);
    cr_expect_eq(c.agent("codex")->images.size(), 1u);
    expect_str(c.agent("codex")->images[0], "mine");
}

Test(config, errors_name_file_and_line) {
    expect_str(error_of("[leash]\nnotice = loud\n"), "c.ini:2: notice must be changes or never, not \"loud\"");
    expect_str(error_of("[leash]\n\nbogus = 1\n"), "c.ini:3: unknown key \"bogus\" in [leash]");
    expect_str(error_of("[agnet.claude]\nkeys = X\n"), "c.ini:2: unknown section [agnet.claude]");
    expect_str(error_of("keys = X\n"), "c.ini:1: \"keys\" is outside any section ([leash] or [agent.NAME])");
    expect_str(error_of("[leash]\nthis is not ini\n"), "c.ini:2: expected \"name = value\" or \"[section]\"");
    expect_str(error_of("[leash\n"), "c.ini:1: expected \"name = value\" or \"[section]\"");
    expect_str(error_of("[agent.x]\nkeys = 9BAD\n"), "c.ini:2: keys: \"9BAD\" is not NAME or NAME=HOSTNAME (variable names)");
    expect_str(error_of("[agent.x]\nkeys = A=\n"), "c.ini:2: keys: \"A=\" is not NAME or NAME=HOSTNAME (variable names)");
    expect_str(error_of("[agent.x]\nenv = NOVALUE\n"), "c.ini:2: env: \"NOVALUE\" is not NAME=value");
    expect_str(error_of("[agent.Bad Name]\nkeys = A\n"),
               "c.ini:2: agent name \"Bad Name\" must be lower-case letters, digits, - and _");
    expect_str(error_of("[leash]\nother_containers = \n"), "c.ini:2: other_containers must be pass or withhold, not \"\"");
    expect_str(error_of("[leash]\nruntimes = /usr/bin/docker\n"), "c.ini:2: runtimes: \"/usr/bin/docker\" is not a command name");
    expect_str(error_of("[agent.x]\nimage = a b\n"), "c.ini:2: image: one image reference");
    expect_str(error_of(std::string("[leash]\nnotice = never\0x\n", 25)), "c.ini:2: NUL byte in line");
}

// inih reads at most 199 bytes of a line; the rest must not become a line of its own.
// inih reads an indented line as the key again: fine for a list, a silent replacement for a single value.
Test(config, a_key_of_one_value_set_twice_is_an_error) {
    expect_str(error_of("[agent.claude]\ncommand = claude\n  --verbose\n"),
               "c.ini:3: command is set twice in [agent.claude] (only lists go on on further lines)");
    expect_str(error_of("[leash]\nnotice = never\nnotice = changes\n"),
               "c.ini:3: notice is set twice in [leash] (only lists go on on further lines)");
    expect_str(error_of("[agent.x]\nimage = a\nimage = b\n"),
               "c.ini:3: image is set twice in [agent.x] (only lists go on on further lines)");
    // Once in each of two files is a later file replacing an earlier one.
    Config c = with("[leash]\nnotice = never\n");
    cr_assert(apply_ini(c, "[leash]\nnotice = changes\n", "user.ini"));
    cr_expect(c.notice == Notice::Changes);
}

Test(config, long_lines_are_refused_not_split) {
    std::string line = "[agent.claude]\nimages = " + std::string(300, 'x') + " keys = EVIL\n";
    expect_str(error_of(line), "c.ini:2: line longer than 198 bytes; continue a long list on indented lines");
}

Test(config, fixed_variables_may_not_be_credentials) {
    Config c = with("[agent.claude]\nenv = OPENAI_API_KEY=x\n");
    auto ok = validate(c);
    cr_assert(!ok);
    expect_str(ok.error(), "c.ini:2: env sets OPENAI_API_KEY, a credential name; credentials go in keys");
    cr_expect(validate(default_config()));
}
