#include "core/agents_table.h"

#include "core/credentials.h"

#include "test_util.h"

using namespace leash;

namespace {

Config configured() {
    Config c = default_config();
    auto ok = apply_ini(c,
                        "[agent.claude]\nkeys = ANTHROPIC_API_KEY=WORK_CLAUDE_KEY\nimages = *claude* team/cc-*\n"
                        "image = example.com/team/claude-code\ncommand = claude --yes\n"
                        "[agent.mine]\nkeys = MINE_API_KEY MINE_TOKEN\naccepts = MINE_PAT\nimages =\nimage =\n"
                        "files = ~/.mine\nsockets = $SSH_AUTH_SOCK\nallow_host = privileged\n"
                        "[leash]\nnot_secret = GPG_KEY\nsecret_values = acme_live_*\nsecret_files = ~/.vault-token\n",
                        "c.ini");
    cr_assert(ok, "%s", ok ? "" : ok.error().c_str());
    c.agents.erase(c.agents.begin() + 1, c.agents.begin() + 5);  // keep claude and mine
    return c;
}

const Env kEnv = {"WORK_CLAUDE_KEY=sk-secret-work", "ANTHROPIC_API_KEY=sk-secret-plain", "MINE_TOKEN=tok-secret",
                  "CLAUDE_CODE_OAUTH_TOKEN=sk-ant-oat01-secret"};

}  // namespace

Test(agents_table, text_shows_remaps_and_what_is_set_and_never_a_value) {
    const Config c = configured();
    std::string text = agents_text(c, kEnv);
    std::string lists = "  secret_patterns  " + test::joined(c.secret_patterns) +
                        "\n"
                        "  not_secret       GPG_KEY\n"
                        "  secret_values    acme_live_*, and " + std::to_string(value_rules().size()) +
                        " built-in shapes, a private key, a URL with a password\n"
                        "  secret_files     " +
                        test::joined(c.secret_files) + "\n";
    expect_str(text,
               "AGENT   KEYS                                          IMAGES              OPENS\n"
               "claude  ANTHROPIC_API_KEY from WORK_CLAUDE_KEY (set)  *claude* team/cc-*  "
               "example.com/team/claude-code claude --yes\n"
               "mine    MINE_API_KEY (not set), MINE_TOKEN (set)      -                   -\n"
               "\n"
               "claude\n"
               "  accepts     ANTHROPIC_AUTH_TOKEN (not set), CLAUDE_CODE_OAUTH_TOKEN (set)\n"
               "  commands    claude @anthropic-ai/claude-code\n"
               "  files       ~/.claude ~/.claude.json\n"
               "  sockets     -\n"
               "  allow_host  -\n"
               "\n"
               "mine\n"
               "  accepts     MINE_PAT (not set)\n"
               "  commands    mine\n"
               "  files       ~/.mine\n"
               "  sockets     $SSH_AUTH_SOCK\n"
               "  allow_host  privileged\n"
               "\n"
               "[leash]\n" +
                   lists);
    for (const auto& e : kEnv) {
        std::string_view value = std::string_view(e).substr(e.find('=') + 1);
        cr_expect(text.find(value) == std::string::npos, "%s", e.c_str());
        cr_expect(agents_json(c, kEnv).find(value) == std::string::npos, "%s", e.c_str());
    }
}

Test(agents_table, a_remapped_key_is_set_only_by_its_host_variable) {
    std::string text = agents_text(configured(), {"ANTHROPIC_API_KEY=v"});
    cr_expect(text.find("ANTHROPIC_API_KEY from WORK_CLAUDE_KEY (not set)") != std::string::npos, "%s", text.c_str());
}

Test(agents_table, json) {
    Config c = configured();
    c.agents.erase(c.agents.begin());  // mine alone
    c.secret_patterns = {"*_TOKEN"};
    c.secret_files = {"~/.aws"};
    expect_str(agents_json(c, kEnv),
               "{\"agents\":[{\"name\":\"mine\",\"keys\":[{\"name\":\"MINE_API_KEY\",\"host\":\"MINE_API_KEY\",\"set\":false},"
               "{\"name\":\"MINE_TOKEN\",\"host\":\"MINE_TOKEN\",\"set\":true}],"
               "\"accepts\":[{\"name\":\"MINE_PAT\",\"set\":false}],\"images\":[],\"commands\":[\"mine\"],"
               "\"files\":[\"~/.mine\"],\"sockets\":[\"$SSH_AUTH_SOCK\"],\"allow_host\":[\"privileged\"],\"image\":null,"
               "\"command\":[\"mine\"]}],"
               "\"secret_patterns\":[\"*_TOKEN\"],\"not_secret\":[\"GPG_KEY\"],\"secret_values\":[\"acme_live_*\"],"
               "\"value_shapes\":" + std::to_string(value_rules().size() + 2) + ",\"secret_files\":[\"~/.aws\"]}\n");
    std::string claude = agents_json(configured(), kEnv);
    cr_expect(claude.find("{\"name\":\"claude\",\"keys\":[{\"name\":\"ANTHROPIC_API_KEY\",\"host\":\"WORK_CLAUDE_KEY\","
                          "\"set\":true}],\"accepts\":[{\"name\":\"ANTHROPIC_AUTH_TOKEN\",\"set\":false},"
                          "{\"name\":\"CLAUDE_CODE_OAUTH_TOKEN\",\"set\":true}]") != std::string::npos,
              "%s", claude.c_str());
}

Test(agents_table, control_characters_in_the_config_cannot_reach_the_terminal) {
    Config c = configured();
    c.agents[0].image = "evil\x1b]0;x\x07";
    std::string text = agents_text(c, kEnv);
    cr_expect(text.find('\x1b') == std::string::npos && text.find('\x07') == std::string::npos);
    cr_expect(text.find("evil?]0;x?") != std::string::npos, "%s", text.c_str());
}
