#include "core/credentials.h"

#include "core/glob.h"
#include "test_util.h"

using namespace leash;

namespace {

std::string rep(std::string_view unit, size_t n) {
    std::string out;
    while (out.size() < n) out += unit;
    return out.substr(0, n);
}

Config with(std::string_view text) {
    Config c = default_config();
    auto ok = apply_ini(c, text, "c.ini");
    cr_assert(ok, "%s", ok ? "" : ok.error().c_str());
    return c;
}

std::string shape_of(std::string_view value) { return std::string(value_shape(value).value_or("")); }

const char* owner_word(Owner o) { return o == Owner::None ? "none" : o == Owner::Own ? "own" : "other"; }

// "owner clue-rule", as compact as a table row can hold it.
std::string verdict_of(const Credentials& c, const Agent* agent, std::string_view name, std::string_view value = {}) {
    Verdict v = c.judge(agent, name, value);
    return std::string(owner_word(v.owner)) + (v.owner == Owner::None ? "" : " " + std::string(v.rule));
}

// Realistic dummies, one per provider and kind, built to each provider's documented length.
const std::string kAnthropic = "sk-ant-api03-" + rep("Ab3_-x9Z", 93) + "AA";
const std::string kGithub = "ghp_" + rep("aB3dE6gH9k", 36);

}  // namespace

// Every row of value_rules.tsv: its prefix with the fewest body characters it needs is that kind; one
// fewer (and one more than its max) is not. '7' is in every body.
Test(credentials, every_value_rule_at_its_limits) {
    cr_assert(value_rules().size() > 50);
    for (const auto& r : value_rules()) {
        auto body = [&](size_t n) {
            if (r.contains.empty()) return std::string(n, '7');
            return std::string(20, '7') + std::string(r.contains) + std::string(n - 20 - r.contains.size(), '7');
        };
        std::string at_min = std::string(r.prefix) + body(r.min);
        expect_str(shape_of(at_min), r.kind);
        expect_str(shape_of("'" + at_min + "'"), r.kind);
        if (r.contains.empty()) {
            std::string short_one = std::string(r.prefix) + std::string(r.min - 1, '7');
            cr_expect(shape_of(short_one) != r.kind, "%s is too short for %s", short_one.c_str(), r.prefix.data());
        }
        if (r.max) {
            std::string long_one = std::string(r.prefix) + body(r.max + 1);
            cr_expect(shape_of(long_one) != r.kind, "%s is too long for %s", long_one.c_str(), r.prefix.data());
        }
    }
}

Test(credentials, values_of_every_known_shape) {
    const std::pair<std::string, const char*> cases[] = {
        {kAnthropic, "Anthropic API key"},
        {"sk-ant-admin01-" + rep("Zx_9-", 93) + "AA", "Anthropic admin key"},
        {"sk-ant-oat01-" + rep("q1W2e3R4_-", 95), "Anthropic OAuth token"},
        {"sk-ant-ort01-" + rep("q1W2e3R4_-", 95), "Anthropic OAuth refresh token"},
        {"sk-ant-sid01-" + rep("q1W2e3R4_-", 95), "Anthropic key"},
        {"sk-proj-" + rep("Ab1_-", 74) + "T3BlbkFJ" + rep("Cd2_-", 74), "OpenAI project key"},
        {"sk-svcacct-" + rep("Ab1_-", 58) + "T3BlbkFJ" + rep("Cd2", 58), "OpenAI service account key"},
        {"sk-admin-" + rep("Ab1_-", 58) + "T3BlbkFJ" + rep("Cd2", 58), "OpenAI admin key"},
        {"sk-" + rep("aB3", 20) + "T3BlbkFJ" + rep("xY9", 20), "OpenAI API key (legacy)"},
        {"sk-or-v1-" + rep("0a1b2c3d4e5f6789", 64), "OpenRouter key"},
        {"sk-" + rep("0123456789abcdef", 32), "sk- key (DashScope, DeepSeek and others)"},
        {"sk-" + rep("AbC123xyZ", 40), "sk- key (DashScope, DeepSeek and others)"},
        {"AIzaSy" + rep("Ab3_-z", 33), "Google API key"},
        {"ya29.a0AfH6SMBx" + rep("Ab3_-", 150), "Google OAuth access token"},
        {kGithub, "GitHub personal access token"},
        {"gho_" + rep("aB3", 36), "GitHub OAuth token"},
        {"ghu_" + rep("aB3", 36), "GitHub user-to-server token"},
        {"ghs_" + rep("aB3", 36), "GitHub server-to-server token"},
        {"ghr_" + rep("aB3", 76), "GitHub refresh token"},
        {"github_pat_11ABCDEFG0" + rep("aB3_", 71), "GitHub fine-grained token"},
        {"glpat-" + rep("xY1_-", 20), "GitLab personal access token"},
        {"glrt-" + rep("xY1_-", 20), "GitLab runner token"},
        {"gldt-" + rep("xY1_-", 20), "GitLab deploy token"},
        {"glptt-" + rep("0123456789abcdef", 40), "GitLab pipeline trigger token"},
        {"AKIAIOSFODNN7EXAMPLE", "AWS access key ID"},
        {"ASIAY34FZKBOKMUTVV7A", "AWS temporary access key ID"},
        {"xoxb-1234567890-1234567890123-" + rep("aB3", 24), "Slack bot token"},
        {"xoxp-1234567890-1234567890123-1234567890123-" + rep("0a", 32), "Slack user token"},
        {"xapp-1-A0123456789-1234567890123-" + rep("0a", 64), "Slack app token"},
        {"xoxe.xoxp-1-" + rep("A1", 163), "Slack configuration token"},
        {"https://hooks.slack.com/services/T00000000/B00000000/" + rep("Xy3", 24), "Slack webhook"},
        {"sk_live_" + rep("aB3", 24), "Stripe secret key"},
        {"rk_live_" + rep("aB3", 24), "Stripe restricted key"},
        {"sk_test_" + rep("aB3", 99), "Stripe test key"},
        {"hf_" + rep("aBcDeFgH", 34), "Hugging Face token"},
        {"npm_" + rep("aB3", 36), "npm token"},
        {"pypi-AgEIcHlwaS5vcmcCJ" + rep("aB3_-", 150), "PyPI token"},
        {"gsk_" + rep("aB3", 52), "Groq key"},
        {"xai-" + rep("aB3_", 80), "xAI key"},
        {"pplx-" + rep("aB3", 48), "Perplexity key"},
        {"r8_" + rep("aB3_-", 37), "Replicate token"},
        {"-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n", "private key"},
        {"-----BEGIN RSA PRIVATE KEY-----\\nMIIEpAIBAAKCAQEA", "private key"},
        {"-----BEGIN EC PRIVATE KEY-----", "private key"},
        {"-----BEGIN PRIVATE KEY-----", "private key"},
        {"-----BEGIN ENCRYPTED PRIVATE KEY-----", "private key"},
        {"-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nlQOYBF", "private key"},
        {"postgres://app:hunter2@db.internal:5432/app", "URL with a password"},
        {"http://u:p@proxy:3128", "URL with a password"},
        {"https://user:pa%40ss@proxy.corp:8443/", "URL with a password"},
        {"mysql://root:p@ss@localhost/db", "URL with a password"},  // a raw '@' in the password
        {"redis://:s3cret@cache:6379/0", "URL with a password"},  // a password and no user
        {"amqp://guest:guest@rabbit", "URL with a password"},
        {"mongodb+srv://u:p@cluster0.example.net/?retryWrites=true", "URL with a password"},
        {"localhost,127.0.0.1 http://u:p@proxy:3128", "URL with a password"},
        {"https://x-access-token:abc123@github.com/org/repo.git", "URL with a password"},
    };
    for (const auto& [value, kind] : cases) expect_str(shape_of(value), kind);
}

// docker keeps an env-file's quotes and blanks literally, and a value can hold a key among other words:
// the key is still there for whoever strips them.
Test(credentials, a_key_inside_quotes_or_other_words) {
    const std::string values[] = {
        "'" + kAnthropic + "'",
        "\"" + kAnthropic + "\"",
        "  " + kAnthropic,
        "\"'" + kGithub + "'\"",
        "Bearer " + kGithub,
        "Authorization: token " + kGithub,
        "--token=" + kGithub,
        "{\"anthropic\":{\"type\":\"api\",\"key\":\"" + kAnthropic + "\"}}",
        "https://" + kGithub + "@github.com/org/repo",
        kGithub + "\n",
        "a," + kGithub,
        "http.extraheader=AUTHORIZATION: basic x " + kGithub,
    };
    for (const auto& v : values) cr_expect(value_shape(v).has_value(), "missed: %s", v.c_str());
}

// Ordinary values, as carefully as the credentials: none of these is one.
Test(credentials, ordinary_values_are_not_credentials) {
    const std::string values[] = {
        "",
        "1",
        "true",
        "/usr/local/bin:/usr/bin:/bin",
        "/home/u",
        "/home/u/project",
        "en_US.UTF-8",
        "C.UTF-8",
        "xterm-256color",
        "truecolor",
        ":0",
        "wayland-0",
        "/run/user/1000",
        "/tmp/ssh-XXXXabcd/agent.1234",
        "10.0.0.1 50000 10.0.0.2 22",
        "rs=0:di=01;34:ln=01;36:mh=00:pi=40;33:so=01;35:do=01;35:bd=40;33;01:*.tar=01;31:*.tgz=01;31:*.zip=01;31",
        "0123456789abcdef0123456789abcdef01234567",  // a commit hash
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "alpine@sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "123e4567-e89b-12d3-a456-426614174000",
        "dGhpcyBpcyBub3QgYSBrZXksIGp1c3QgdGV4dA==",
        "http://proxy:3128",
        "http://user@proxy:3128",  // a user and no password
        "https://user:@proxy:3128",  // an empty password
        "localhost,127.0.0.1,.corp.example.com",
        "unix:///run/user/1000/docker.sock",
        "tcp://127.0.0.1:2375",
        "ssh://git@github.com/org/repo.git",
        "git@github.com:org/repo.git",
        "https://github.com/org/repo",
        "https://example.com:8443/login?email=a@b.com",
        "https://host/path/user:x@y",  // the '@' is in the path, not the authority
        "http://[::1]:8080/",
        "mailto:someone@example.com",
        "postgres://localhost/app",
        "postgres://app@db/app",
        "claude-sonnet-4-5",
        "gpt-4o-mini",
        "gemini-2.5-pro",
        "qwen3-coder-plus",
        "pplx-7b-online",
        "xai-grok-2",
        "sk-test",
        "sk-" + std::string(31, 'a'),
        "task-sk-force",
        "/opt/sk-tools/bin",
        "AKIA" + std::string(16, 'a'),  // lower case is not AWS's alphabet
        "AKIA0123456789ABCDEF",         // nor are 0, 1, 8 and 9
        "AKIA" + std::string(15, 'B'),
        "ghp_" + std::string(35, 'a'),
        "ghp_short",
        "hf_hub_download",
        "hf_transfer",
        "npm_config_cache",
        "xoxb-",
        "r8_short",
        "gsk_short",
        "glpat-short",
        "AIza" + std::string(34, 'a'),
        "ya29.",
        "sk_live",
        "pypi-AgEIcHlwaS5vcmc",
        "https://hooks.slack.com/services/",
        "-----BEGIN CERTIFICATE-----\nMIIB",
        "-----BEGIN PUBLIC KEY-----\nMIIB",
        "-----BEGIN",
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl user@host",
        "/home/u/.config/gcloud/application_default_credentials.json",
        "--max-old-space-size=4096",
    };
    for (const auto& v : values)
        cr_expect(!value_shape(v), "%s taken for %s", v.c_str(), shape_of(v).c_str());
}

// The credentials the default names catch, and the ordinary settings they must not.
Test(credentials, names_that_are_credentials) {
    const Config c = default_config();
    const Credentials creds(c);
    const char* names[] = {
        "ANTHROPIC_API_KEY", "OPENAI_API_KEY", "GOOGLE_API_KEY", "DASHSCOPE_API_KEY", "OPENCODE_API_KEY",
        "ANTHROPIC_AUTH_TOKEN", "CLAUDE_CODE_OAUTH_TOKEN", "CODEX_API_KEY", "CODEX_ACCESS_TOKEN", "GEMINI_API_KEY",
        "GOOGLE_APPLICATION_CREDENTIALS", "GOOGLE_CLOUD_ACCESS_TOKEN", "OPENCODE_AUTH_CONTENT",
        "OPENAI_KEY", "AZURE_OPENAI_KEY", "API_KEY", "APIKEY", "OPENAI_APIKEY", "STRIPE_SECRET_KEY",
        "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "GITHUB_TOKEN", "GH_TOKEN", "GH_PAT",
        "GITHUB_PAT", "AZURE_DEVOPS_PAT", "HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", "NPM_TOKEN", "NODE_AUTH_TOKEN",
        "TOKEN", "AUTH_TOKEN", "SENTRY_AUTH_TOKEN", "NGROK_AUTHTOKEN", "SSH_PRIVATE_KEY", "PRIVATE_KEY",
        "DEPLOY_PRIVATE_KEY_B64", "JWT_SIGNING_KEY", "SECRET", "CLIENT_SECRET", "GOOGLE_CLIENT_SECRET",
        "SECRET_KEY_BASE", "DB_PASSWORD", "PGPASSWORD", "MYSQL_ROOT_PASSWORD", "DB_PASSWD", "GPG_PASSPHRASE",
        "SSH_PASSPHRASE", "DB_PASS", "SMTP_PASS", "MYSQL_PWD", "DB_PWD", "MONGODB_PWD", "NPM_CONFIG__AUTH",
        "BASIC_AUTH", "DOCKER_AUTH_CONFIG", "GIT_CREDENTIAL", "MY_CREDENTIALS", "DOCKER_CREDS",
        "AZURE_STORAGE_CONNECTION_STRING", "SLACK_WEBHOOK", "DISCORD_WEBHOOK_URL", "openai_api_key",
        "github_token", "Db_Password", "OPENAI_API_KEY*", "OPENAI_API_KEY  ", " OPENAI_API_KEY",
    };
    for (const char* n : names) cr_expect(creds.is_credential_name(n) && c.is_credential(n), "%s", n);
}

Test(credentials, ordinary_names_are_not_credentials) {
    const Config c = default_config();
    const Credentials creds(c);
    const char* names[] = {
        "PATH", "PWD", "OLDPWD", "HOME", "USER", "LOGNAME", "SHELL", "SHLVL", "_", "LANG", "LANGUAGE", "LC_ALL",
        "LC_CTYPE", "LC_MESSAGES", "TERM", "COLORTERM", "TERM_PROGRAM", "DISPLAY", "WAYLAND_DISPLAY",
        "XDG_RUNTIME_DIR", "XDG_CONFIG_HOME", "XDG_SESSION_TYPE", "XAUTHORITY", "DBUS_SESSION_BUS_ADDRESS",
        "SSH_AUTH_SOCK", "SSH_AGENT_PID", "SSH_CONNECTION", "SSH_TTY", "GPG_TTY", "GPG_KEY_ID",
        "GPG_AGENT_INFO", "GNOME_KEYRING_CONTROL", "KEYBOARD_LAYOUT", "XKB_KEYMAP", "KEYTIMEOUT", "LESSKEY",
        "MONKEY", "TURKEY_MODE", "KEYS", "MY_KEYS", "API_KEYS_DIR", "KEY_FILE", "SSH_KEY_PATH",
        "TOKENIZERS_PARALLELISM", "TOKENIZER", "TOKEN_URL", "PATTERN", "SPAT", "GIT_ASKPASS", "SSH_ASKPASS",
        "SUDO_ASKPASS", "BYPASS", "PASSAGE", "GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "AUTHOR", "OAUTH_CALLBACK_PORT",
        "GIT_COMMIT", "GITHUB_SHA", "CI_COMMIT_SHA", "IMAGE_DIGEST", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY",
        "http_proxy", "DATABASE_URL", "REDIS_URL", "SENTRY_DSN", "EDITOR", "VISUAL", "PAGER", "LESS", "LS_COLORS",
        "HISTFILE", "HISTSIZE", "HISTCONTROL", "PS1", "PROMPT_COMMAND", "TZ", "DEBIAN_FRONTEND", "HOSTNAME",
        "MAIL", "MANPATH", "INFOPATH", "LD_LIBRARY_PATH", "PKG_CONFIG_PATH", "PYTHONPATH", "VIRTUAL_ENV",
        "GOPATH", "CARGO_HOME", "JAVA_HOME", "NODE_OPTIONS", "KUBECONFIG", "DOCKER_HOST", "DOCKER_CONFIG",
        "DOCKER_BUILDKIT", "COMPOSE_PROJECT_NAME", "TMUX", "TMUX_PANE", "CI", "AWS_REGION", "AWS_PROFILE",
        "AWS_DEFAULT_REGION", "GOOGLE_CLOUD_PROJECT", "ANTHROPIC_BASE_URL", "OPENAI_BASE_URL", "ANTHROPIC_MODEL",
        "CLAUDE_CONFIG_DIR", "CODEX_HOME", "GEMINI_CLI_HOME", "OLLAMA_HOST", "LEASH_AGENT", "LEASH_CONFIG",
    };
    for (const char* n : names) cr_expect(!creds.is_credential_name(n) && !c.is_credential(n), "%s", n);
}

// The compiled patterns are glob_match's shortcuts: they agree with it, and with Config::is_credential,
// which uses it, on every pattern and name, several patterns at once too (a
// name's trailing '*' is no part of it: podman's "FOO*=v" creates FOO*, judged as FOO).
Test(credentials, patterns_match_as_glob_match_does) {
    const char* patterns[] = {"*",        "**",        "*_KEY",   "*_key",  "TOKEN",   "TOK*",   "*SEC*",
                              "*_K?Y",    "[A-Z]*_KEY", "*\\*",    "?OKEN",  "*_KEY*X", "**KEY",  "A*B",
                              "*KEY*",    "*_[!A]AT",  "MYSQL_PWD", "*DB_PWD", "[", "*[*", "\\T*", "A\\*B"};
    const char* names[] = {"", "A", "KEY", "_KEY", "MY_KEY", "my_key", "MY_KEYX", "MY_KEY_X", "TOKEN", "token",
                           "TOKENS", "TOK", "XTOKEN", "SECRET", "A_SECRET_B", "MY_KAY", "AXB", "AB", "A*B",
                           "MYSQL_PWD", "X_DB_PWD", "DB_PWD", "GH_PAT", "GH_AAT", "[", "A[B", "TX"};
    for (const char* p : patterns) {
        Config c;
        c.secret_patterns = {"*_SECRET", p, "*OTHER*"};
        const Credentials creds(c);
        for (const char* n : names) {
            bool expected = *n && (glob_match(p, n, true) || glob_match("*_SECRET", n, true) ||
                                   glob_match("*OTHER*", n, true));
            cr_expect(creds.is_credential_name(n) == expected, "%s over \"%s\": expected %d", p, n, expected);
            cr_expect(c.is_credential(n) == expected, "%s over \"%s\" (glob_match): expected %d", p, n, expected);
        }
    }
}

// An agent's own names are its own whatever their value; another's, a pattern's or a value's never.
Test(credentials, whose_credential) {
    const Config c = default_config();
    const Credentials creds(c);
    const Agent* claude = c.agent("claude");
    const Agent* qwen = c.agent("qwen");
    const char* row[][4] = {
        // agent, name, value, verdict
        {"claude", "ANTHROPIC_API_KEY", "x", "own claude"},
        {"claude", "ANTHROPIC_API_KEY", "", "own claude"},
        {"claude", "CLAUDE_CODE_OAUTH_TOKEN", "sk-ant-oat01-xxxxxxxxxxxxxxxxxxxxxxxxxxxx", "own claude"},
        {"claude", "ANTHROPIC_AUTH_TOKEN", "postgres://u:p@db", "own claude"},
        {"claude", "OPENAI_API_KEY", "", "other codex"},
        {"claude", "OPENAI_API_KEY", "harmless", "other codex"},
        {"claude", "GEMINI_API_KEY", "", "other gemini"},
        {"claude", "CODEX_ACCESS_TOKEN", "", "other codex"},
        {"claude", "GITHUB_TOKEN", "", "other *_TOKEN"},
        {"claude", "PATH", "/usr/bin", "none"},
        {"claude", "OPENAI_KEY", "", "other *_KEY"},
        {"codex", "OPENAI_API_KEY", "sk-ant-api03-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "own codex"},
        {"codex", "CODEX_API_KEY", "", "own codex"},
        {"codex", "ANTHROPIC_API_KEY", "", "other claude"},
        {"gemini", "GOOGLE_APPLICATION_CREDENTIALS", "/creds.json", "own gemini"},
        {"opencode", "OPENCODE_AUTH_CONTENT", "{}", "own opencode"},
        {"codex", "OPENCODE_AUTH_CONTENT", "{}", "other opencode"},
        {"qwen", "OPENAI_API_KEY", "", "other codex"},  // OpenAI's key is not qwen's unless the user says so
        {"qwen", "DASHSCOPE_API_KEY", "sk-0123456789abcdef0123456789abcdef", "own qwen"},
        // Lower case is no agent's own name, but it is named like one.
        {"claude", "anthropic_api_key", "", "other claude"},
        // As podman creates it from an env-file, the name is the key's.
        {"claude", "ANTHROPIC_API_KEY ", "", "own claude"},
    };
    for (const auto& r : row) {
        const Agent* a = c.agent(r[0]);
        cr_assert(a);
        expect_str(verdict_of(creds, a, r[1], r[2]), r[3]);
    }
    // A value decides only for names no list has.
    expect_str(verdict_of(creds, claude, "MY_VAR", kAnthropic), "other Anthropic API key");
    expect_str(verdict_of(creds, qwen, "DATABASE_URL", "postgres://app:pw@db/app"), "other URL with a password");
    expect_str(verdict_of(creds, qwen, "DATABASE_URL", "postgres://db/app"), "none");
    expect_str(verdict_of(creds, claude, "HTTPS_PROXY", "http://u:p@proxy:3128"), "other URL with a password");
    expect_str(verdict_of(creds, claude, "HTTPS_PROXY", "http://proxy:3128"), "none");
    // No agent: every credential is someone else's.
    expect_str(verdict_of(creds, nullptr, "ANTHROPIC_API_KEY"), "other claude");
    expect_str(verdict_of(creds, nullptr, "GIT_COMMIT", "0123456789abcdef0123456789abcdef01234567"), "none");
}

Test(credentials, what_gave_it_away) {
    const Config c = with("[leash]\nsecret_values = acme_live_*\n[agent.claude]\nkeys = ANTHROPIC_API_KEY=WORK_KEY\n");
    const Credentials creds(c);
    const Agent* claude = c.agent("claude");
    const Agent* codex = c.agent("codex");
    auto says = [&](const Agent* a, std::string_view n, std::string_view v, Clue clue, bool by_value, const char* words) {
        Verdict verdict = creds.judge(a, n, v);
        cr_expect(verdict.clue == clue, "%.*s: clue %d", int(n.size()), n.data(), int(verdict.clue));
        cr_expect(verdict.by_value() == by_value, "%.*s", int(n.size()), n.data());
        expect_str(reason(verdict), words);
    };
    says(claude, "ANTHROPIC_API_KEY", "", Clue::Key, false, "its name: claude's key");
    says(claude, "CLAUDE_CODE_OAUTH_TOKEN", "", Clue::Accepts, false, "its name: one claude accepts");
    says(codex, "ANTHROPIC_API_KEY", "", Clue::Key, false, "its name: named like claude's key");
    says(codex, "GEMINI_API_KEY", "", Clue::Accepts, false, "its name: named like one gemini accepts");
    says(codex, "GH_PAT", "", Clue::Pattern, false, "its name matches *_PAT");
    says(codex, "MY_VAR", kGithub, Clue::Shape, true,
         "its value is shaped like a credential (GitHub personal access token)");
    says(codex, "MY_VAR", "\"acme_live_0042\"", Clue::ValueGlob, true, "its value matches acme_live_*");
    says(codex, "PATH", "/bin", Clue::None, false, "");
    // The host variable of a remapped key is not the agent's own name inside the container: the key
    // reaches it as ANTHROPIC_API_KEY.
    says(claude, "WORK_KEY", "", Clue::KeyHost, false, "its name: the host variable of claude's key");
    cr_expect(creds.judge(claude, "WORK_KEY").owner == Owner::Other);
    // A reason never holds the value.
    cr_expect(reason(creds.judge(codex, "MY_VAR", kGithub)).find(kGithub) == std::string::npos);
}

Test(credentials, not_secret_takes_names_out_of_the_patterns_only) {
    const Config c = with("[leash]\nnot_secret = GPG_KEY *_PUBLIC_KEY ANTHROPIC_API_KEY\n");
    const Credentials creds(c);
    const Agent* codex = c.agent("codex");
    expect_str(verdict_of(creds, codex, "GPG_KEY", "A035C8C19219BA821ECEA86B64E628F8D684696D"), "none");
    expect_str(verdict_of(creds, codex, "STRIPE_PUBLIC_KEY", "pk_live_0123"), "none");
    expect_str(verdict_of(creds, codex, "gpg_key"), "none");  // globs over names ignore case
    // Its value is still judged: a private key under an exempt name is withheld.
    expect_str(verdict_of(creds, codex, "GPG_KEY", "-----BEGIN PGP PRIVATE KEY BLOCK-----"), "other private key");
    // An agent's key stays that agent's.
    expect_str(verdict_of(creds, codex, "ANTHROPIC_API_KEY", "x"), "other claude");
    expect_str(verdict_of(creds, c.agent("claude"), "ANTHROPIC_API_KEY", "x"), "own claude");
    // Other names are untouched.
    expect_str(verdict_of(creds, codex, "GPG_KEY_SECRET"), "other *SECRET*");
}

Test(credentials, accepts_lets_one_variable_through_to_one_agent) {
    const Config c = with("[agent.qwen]\naccepts = OPENAI_API_KEY MY_DB_URL\n");
    const Credentials creds(c);
    expect_str(verdict_of(creds, c.agent("qwen"), "OPENAI_API_KEY", "sk-proj-xxxxxxxxxxxxxxxxxxxxxxxxxxxxx"), "own qwen");
    expect_str(verdict_of(creds, c.agent("codex"), "OPENAI_API_KEY"), "own codex");
    expect_str(verdict_of(creds, c.agent("claude"), "OPENAI_API_KEY"), "other codex");
    expect_str(verdict_of(creds, c.agent("qwen"), "MY_DB_URL", "postgres://u:p@db/x"), "own qwen");
    expect_str(verdict_of(creds, c.agent("claude"), "MY_DB_URL", "postgres://db/x"), "other qwen");
}

Test(credentials, user_value_globs_add_to_the_shapes) {
    const Config c = with("[leash]\nsecret_values = acme_live_* *-INTERNAL-TOKEN-*\n");
    const Credentials creds(c);
    const Agent* claude = c.agent("claude");
    expect_str(verdict_of(creds, claude, "X", "acme_live_123"), "other acme_live_*");
    expect_str(verdict_of(creds, claude, "X", " 'acme_live_123' "), "other acme_live_*");
    expect_str(verdict_of(creds, claude, "X", "id-INTERNAL-TOKEN-42"), "other *-INTERNAL-TOKEN-*");
    expect_str(verdict_of(creds, claude, "X", "xacme_live_123"), "none");
    expect_str(verdict_of(creds, claude, "X", "ACME_LIVE_123"), "none");  // values keep their case
    expect_str(verdict_of(creds, claude, "X", kGithub), "other GitHub personal access token");
}
