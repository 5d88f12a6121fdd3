#include "core/render.h"

#include "test_world.h"

using namespace leash;
using namespace leash::test;

Test(render, shell_quote) {
    expect_str(shell_quote("plain-word_1.2/x:y=z@%+,"), "plain-word_1.2/x:y=z@%+,");
    expect_str(shell_quote(""), "''");
    expect_str(shell_quote("a b"), "'a b'");
    expect_str(shell_quote("it's"), "'it'\\''s'");
    expect_str(shell_quote("$HOME"), "'$HOME'");
    expect_str(shell_join(args({"docker", "run", "-e", "A B", "img"})), "docker run -e 'A B' img");
}

Test(render, control_characters_never_reach_the_terminal) {
    expect_str(printable("a\x1b[31mb\nc"), "a?[31mb?c");
}

Test(render, redact_hides_credential_values_in_every_spelling) {
    Config c = default_config();
    Args a = args({"docker", "run", "-e", "OPENAI_API_KEY=sk-1", "-eGITHUB_TOKEN=ghp", "--env=DB_PASSWORD=pw",
                   "-ite=AWS_SECRET_ACCESS_KEY=s", "-e", "FOO=bar", "img", "-e", "OPENAI_API_KEY=not-a-flag"});
    expect_str(joined(redact(a, c)),
               "docker run -e OPENAI_API_KEY=<hidden> -eGITHUB_TOKEN=<hidden> --env=DB_PASSWORD=<hidden> "
               "-ite=AWS_SECRET_ACCESS_KEY=<hidden> -e FOO=bar img -e OPENAI_API_KEY=not-a-flag");
}

Test(render, notice) {
    Config c = default_config();
    auto o = run(c,
                 args({"docker", "run", "-e", "OPENAI_API_KEY", "--env-file", ".env", "example.com/team/claude-code"}),
                 five_keys(), {{".env", "GOOGLE_API_KEY=x\n"}});
    expect_str(*notice(c, o.decision),
               "leash: claude (example.com/team/claude-code): forwarded ANTHROPIC_API_KEY; withheld OPENAI_API_KEY (-e), "
               "GOOGLE_API_KEY (--env-file .env)");
    Config quiet = c;
    quiet.notice = Notice::Never;
    cr_expect(!notice(quiet, o.decision));
    // Nothing changed on the command line and nothing withheld: nothing to say, env-file copy or not.
    auto same = run(c, args({"docker", "run", "-e", "ANTHROPIC_API_KEY", "--env-file", "ok.env", "example.com/team/claude-code"}),
                    five_keys(), {{"ok.env", "A=1\n"}});
    cr_expect(!notice(c, same.decision));
    // A literal key moved off the command line, and fixed variables set, are changes.
    auto lifted = run(c, args({"docker", "run", "-e", "ANTHROPIC_API_KEY=sk-x", "example.com/team/claude-code"}), Env{});
    expect_str(*notice(c, lifted.decision), "leash: claude (example.com/team/claude-code): forwarded ANTHROPIC_API_KEY");
    Config fixed = c;
    cr_assert(apply_ini(fixed, "[agent.claude]\nenv = MODE=fast\n", "c.ini"));
    auto set = run(fixed, args({"docker", "run", "example.com/team/claude-code"}), Env{});
    expect_str(*notice(fixed, set.decision), "leash: claude (example.com/team/claude-code): set MODE");
    auto ambiguous = run(c, args({"docker", "run", "me/claude-codex"}), five_keys());
    expect_str(*notice(c, ambiguous.decision),
               "leash: me/claude-codex: an agent container with no agent (image matches the images of claude and "
               "codex): no credential passed");
    auto pass = run(c, args({"docker", "run", "-e", "OPENAI_API_KEY", "alpine"}), five_keys());
    cr_expect(!notice(c, pass.decision));
}

Test(render, explain_json) {
    Config c = default_config();
    auto o = run(c, args({"docker", "run", "-e", "OPENAI_API_KEY", "example.com/team/claude-code"}), five_keys());
    expect_str(explain_json(o.decision, o.argv),
               "{\"action\":\"rewrite\",\"agent\":\"claude\",\"image\":\"example.com/team/claude-code\","
               "\"reason\":\"image matches *claude*\",\"forward\":[\"ANTHROPIC_API_KEY\"],"
               "\"withheld\":[{\"name\":\"OPENAI_API_KEY\",\"via\":\"-e\"}],"
               "\"argv\":[\"docker\",\"run\",\"-e\",\"ANTHROPIC_API_KEY\",\"example.com/team/claude-code\"]}\n");
    auto pass = run(c, args({"docker", "ps"}), five_keys());
    expect_str(explain_json(pass.decision, pass.argv),
               "{\"action\":\"pass\",\"agent\":null,\"image\":null,\"reason\":\"\",\"forward\":[],\"withheld\":[],"
               "\"argv\":[\"docker\",\"ps\"]}\n");
}

Test(render, json_strings) {
    expect_str(json_string("a\"b\\c\n\x01"), "\"a\\\"b\\\\c\\u000a\\u0001\"");
    expect_str(json_string("caf\xc3\xa9"), "\"caf\xc3\xa9\"");
    expect_str(json_string("bad\xff"), "\"bad\\ufffd\"");
}
