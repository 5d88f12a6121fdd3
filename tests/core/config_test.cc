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
    using test::joined;
    Config c = default_config();
    const char* table[][6] = {
        {"claude", "ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN CLAUDE_CODE_OAUTH_TOKEN", "*claude*",
         "claude @anthropic-ai/claude-code", "~/.claude ~/.claude.json"},
        {"codex", "OPENAI_API_KEY", "CODEX_API_KEY CODEX_ACCESS_TOKEN", "*codex*", "codex @openai/codex", "~/.codex"},
        {"gemini", "GOOGLE_API_KEY", "GEMINI_API_KEY GOOGLE_APPLICATION_CREDENTIALS GOOGLE_CLOUD_ACCESS_TOKEN",
         "*gemini*", "gemini @google/gemini-cli", "~/.gemini"},
        {"qwen", "DASHSCOPE_API_KEY", "", "*qwen*", "qwen @qwen-code/qwen-code", "~/.qwen"},
        {"opencode", "OPENCODE_API_KEY", "OPENCODE_AUTH_CONTENT", "*opencode*", "opencode opencode-ai",
         "~/.local/share/opencode"}};
    cr_assert_eq(c.agents.size(), 5u);
    for (auto& row : table) {
        const Agent* a = c.agent(row[0]);
        cr_assert(a, "%s", row[0]);
        expect_str(keys_of(*a), row[1]);
        expect_str(joined(a->accepts), row[2]);
        expect_str(joined(a->images), row[3]);
        expect_str(joined(a->commands), row[4]);
        expect_str(joined(a->files), row[5]);
        cr_expect(a->sockets.empty() && a->allow_host.empty() && a->env.empty(), "%s", row[0]);
        expect_str(a->command, row[0]);
        expect_str(a->image, "public.ecr.aws/s5i7k8t3/strongdm/coder:latest");
    }
    expect_str(joined(c.secret_files), "~/.aws ~/.ssh ~/.gnupg ~/.config/gh ~/.netrc ~/.git-credentials "
                                       "~/.docker/config.json ~/.kube ~/.config/gcloud ~/.azure ~/.npmrc ~/.pypirc "
                                       "~/.config/op");
    cr_expect(c.not_secret.empty() && c.secret_values.empty());
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

// A user's list adds to the built-in one, across files and within one, each word once: before, a
// `secret_patterns = *_PAT` silently dropped every built-in pattern.
Test(config, credential_lists_add_to_the_built_in_ones) {
    using test::joined;
    const Config defaults = default_config();
    Config c = with("[leash]\nsecret_patterns = *_LICENSE\n  *_KEY\nsecret_files = ~/.vault-token\n"
                    "not_secret = GPG_KEY\nsecret_values = acme_live_*\n"
                    "[agent.claude]\naccepts = MY_PROXY_TOKEN\nfiles = ~/.config/claude\nsockets = $SSH_AUTH_SOCK\n"
                    "allow_host = privileged\n");
    auto ok = apply_ini(c, "[leash]\nsecret_patterns = *_SEAL\nnot_secret = *_PUBLIC_KEY\n"
                           "[agent.claude]\naccepts = ANTHROPIC_AUTH_TOKEN OTHER_TOKEN\nallow_host = --pid=host\n",
                        "user.ini");
    cr_assert(ok, "%s", ok ? "" : ok.error().c_str());
    expect_str(joined(c.secret_patterns), joined(defaults.secret_patterns) + " *_LICENSE *_SEAL");
    expect_str(joined(c.secret_files), joined(defaults.secret_files) + " ~/.vault-token");
    expect_str(joined(c.not_secret), "GPG_KEY *_PUBLIC_KEY");
    expect_str(joined(c.secret_values), "acme_live_*");
    const Agent* claude = c.agent("claude");
    expect_str(joined(claude->accepts), "ANTHROPIC_AUTH_TOKEN CLAUDE_CODE_OAUTH_TOKEN MY_PROXY_TOKEN OTHER_TOKEN");
    expect_str(joined(claude->files), "~/.claude ~/.claude.json ~/.config/claude");
    expect_str(joined(claude->sockets), "$SSH_AUTH_SOCK");
    expect_str(joined(claude->allow_host), "privileged pid=host");  // the flag's name without its dashes
    cr_expect(c.is_credential("MY_LICENSE") && c.is_credential("GH_PAT") && !c.is_credential("GPG_KEY"));
    // The keys of an agent still replace: `keys =` with nothing injects nothing.
    cr_assert(apply_ini(c, "[agent.claude]\nkeys =\n", "third.ini"));
    cr_expect(c.agent("claude")->keys.empty());
    cr_expect(c.is_credential("ANTHROPIC_API_KEY"));  // by its pattern still
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
    expect_str(error_of("[leash]\nsecret_patterns = *_TOKEN, *_KEY\n"),
               "c.ini:2: secret_patterns: \"*_TOKEN,\" is not a glob over variable names");
    expect_str(error_of("[leash]\nnot_secret = \"GPG_KEY\"\n"),
               "c.ini:2: not_secret: \"\"GPG_KEY\"\" is not a glob over variable names");
    expect_str(error_of("[leash]\nsecret_values = *\n"),
               "c.ini:2: secret_values: \"*\" is not a glob with some of the value's own characters");
    expect_str(error_of("[leash]\nsecret_files = .aws\n"), "c.ini:2: secret_files: \".aws\" is not an absolute path or ~/path");
    expect_str(error_of("[leash]\nsecret_files = ~\n"), "c.ini:2: secret_files: \"~\" is not an absolute path or ~/path");
    expect_str(error_of("[agent.x]\nfiles = $HOME/.x\n"), "c.ini:2: files: \"$HOME/.x\" is not an absolute path or ~/path");
    expect_str(error_of("[agent.x]\naccepts = MY-TOKEN\n"), "c.ini:2: accepts: \"MY-TOKEN\" is not a variable name");
    expect_str(error_of("[agent.x]\nsockets = ssh\n"), "c.ini:2: sockets: \"ssh\" is not an absolute path, ~/path or $NAME");
    expect_str(error_of("[agent.x]\nsockets = $9X\n"), "c.ini:2: sockets: \"$9X\" is not an absolute path, ~/path or $NAME");
    for (const char* bad : {"Privileged", "pid=", "=host", "--", "cap_add=ALL", "9p"})
        cr_expect(error_of(std::string("[agent.x]\nallow_host = ") + bad + "\n").find("allow_host: \"") != std::string::npos,
                  "%s", bad);
    expect_str(error_of("[agent.x]\nallow_host = pid=\n"),
               "c.ini:2: allow_host: \"pid=\" is not a setting (privileged, pid=host, cap-add=SYS_ADMIN)");
}

Test(config, new_keys_take_what_they_should) {
    using test::joined;
    Config c = with("[agent.x]\nsockets = /run/user/1000/gnupg/S.gpg-agent /tmp/ssh-*/agent.* ~/.ssh/agent.sock $SSH_AUTH_SOCK\n"
                    "allow_host = privileged pid=host cap-add=SYS_ADMIN volume=/var/run/docker.sock\n"
                    "files = /etc/x ~/.x\n[leash]\nsecret_values = ?acme-* [ab]c*d\nnot_secret = *_PUBLIC_KEY [A-Z]?_KEY\n");
    const Agent* x = c.agent("x");
    expect_str(joined(x->sockets), "/run/user/1000/gnupg/S.gpg-agent /tmp/ssh-*/agent.* ~/.ssh/agent.sock $SSH_AUTH_SOCK");
    expect_str(joined(x->allow_host), "privileged pid=host cap-add=SYS_ADMIN volume=/var/run/docker.sock");
    expect_str(joined(x->files), "/etc/x ~/.x");
    cr_expect(x->accepts.empty());  // a new agent accepts nothing but its keys
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
    auto error = [](std::string_view text) {
        auto ok = validate(with(text));
        cr_assert(!ok, "accepted: %.*s", int(text.size()), text.data());
        return ok.error();
    };
    expect_str(error("[agent.claude]\nenv = OPENAI_API_KEY=x\n"),
               "c.ini:2: env sets OPENAI_API_KEY, a credential name; credentials go in keys");
    expect_str(error("[agent.claude]\nenv = MODE=1 CLAUDE_CODE_OAUTH_TOKEN=x\n"),
               "c.ini:2: env sets CLAUDE_CODE_OAUTH_TOKEN, a credential name; credentials go in keys");
    expect_str(error("[agent.claude]\nenv = GH_PAT=x\n"), "c.ini:2: env sets GH_PAT, a credential name; credentials go in keys");
    // By its value, named but never shown.
    std::string key = "ghp_" + std::string(36, 'a');
    std::string message = error("[agent.claude]\nenv = HELPER=" + key + "\n");
    expect_str(message, "c.ini:2: env sets HELPER to what looks like a credential (GitHub personal access token); "
                        "credentials go in keys, and their values on the host");
    cr_expect(message.find(key) == std::string::npos);
    expect_str(error("[leash]\nsecret_values = acme_*\n[agent.claude]\nenv = X=acme_1\n"),
               "c.ini:4: env sets X to what looks like a credential (acme_*); credentials go in keys, and their "
               "values on the host");
    expect_str(error("[agent.claude]\nenv = PROXY=http://u:pw@proxy:3128\n"),
               "c.ini:2: env sets PROXY to what looks like a credential (URL with a password); credentials go in "
               "keys, and their values on the host");
    cr_expect(validate(default_config()));
    cr_expect(validate(with("[agent.claude]\nenv = DISABLE_TELEMETRY=1 HTTPS_PROXY=http://proxy:3128 "
                            "GIT_COMMIT=0123456789abcdef0123456789abcdef01234567\n")));
    // An exempt name is no credential name; its value is still judged.
    cr_expect(validate(with("[leash]\nnot_secret = GPG_KEY\n[agent.claude]\nenv = GPG_KEY=ABCDEF0123456789\n")));
}
