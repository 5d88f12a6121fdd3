#include "core/agents_table.h"

#include "test_util.h"

using namespace leash;

namespace {

Config configured() {
    Config c = default_config();
    auto ok = apply_ini(c,
                        "[agent.claude]\nkeys = ANTHROPIC_API_KEY=WORK_CLAUDE_KEY\nimages = *claude* team/cc-*\n"
                        "image = example.com/team/claude-code\ncommand = claude --yes\n"
                        "[agent.mine]\nkeys = MINE_API_KEY MINE_TOKEN\nimages =\nimage =\n",
                        "c.ini");
    cr_assert(ok, "%s", ok ? "" : ok.error().c_str());
    c.agents.erase(c.agents.begin() + 1, c.agents.begin() + 5);  // keep claude and mine
    return c;
}

const Env kEnv = {"WORK_CLAUDE_KEY=sk-secret-work", "ANTHROPIC_API_KEY=sk-secret-plain", "MINE_TOKEN=tok-secret"};

}  // namespace

Test(agents_table, text_shows_remaps_and_what_is_set_and_never_a_value) {
    expect_str(agents_text(configured(), kEnv),
               "AGENT   KEYS                                          IMAGES              OPENS\n"
               "claude  ANTHROPIC_API_KEY from WORK_CLAUDE_KEY (set)  *claude* team/cc-*  "
               "example.com/team/claude-code claude --yes\n"
               "mine    MINE_API_KEY (not set), MINE_TOKEN (set)      -                   -\n");
}

Test(agents_table, a_remapped_key_is_set_only_by_its_host_variable) {
    std::string text = agents_text(configured(), {"ANTHROPIC_API_KEY=v"});
    cr_expect(text.find("ANTHROPIC_API_KEY from WORK_CLAUDE_KEY (not set)") != std::string::npos, "%s", text.c_str());
}

Test(agents_table, json) {
    expect_str(agents_json(configured(), kEnv),
               "[{\"name\":\"claude\",\"keys\":[{\"name\":\"ANTHROPIC_API_KEY\",\"host\":\"WORK_CLAUDE_KEY\","
               "\"set\":true}],\"images\":[\"*claude*\",\"team/cc-*\"],\"image\":\"example.com/team/claude-code\","
               "\"command\":[\"claude\",\"--yes\"]},"
               "{\"name\":\"mine\",\"keys\":[{\"name\":\"MINE_API_KEY\",\"host\":\"MINE_API_KEY\",\"set\":false},"
               "{\"name\":\"MINE_TOKEN\",\"host\":\"MINE_TOKEN\",\"set\":true}],\"images\":[],\"image\":null,"
               "\"command\":[\"mine\"]}]\n");
}

Test(agents_table, control_characters_in_the_config_cannot_reach_the_terminal) {
    Config c = configured();
    c.agents[0].image = "evil\x1b]0;x\x07";
    std::string text = agents_text(c, kEnv);
    cr_expect(text.find('\x1b') == std::string::npos && text.find('\x07') == std::string::npos);
    cr_expect(text.find("evil?]0;x?") != std::string::npos, "%s", text.c_str());
}
