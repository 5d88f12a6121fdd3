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
               "-ite=AWS_SECRET_ACCESS_KEY=<hidden> -e FOO=bar img -e OPENAI_API_KEY=<hidden>");
    // A value shaped like a credential is hidden whatever its name; an ordinary one is not.
    std::string key = "ghp_" + std::string(36, 'Z');
    expect_str(joined(redact(args({"docker", "run", "-e", "HELPER=" + key, "-e", "DB=postgres://u:pw@db/x", "-e",
                                   "PROXY=http://proxy:3128", "img"}),
                             c)),
               "docker run -e HELPER=<hidden> -e DB=<hidden> -e PROXY=http://proxy:3128 img");
}

// Every argv leash prints is redacted, whatever its runtime or subcommand and whether or not it parses:
// a credential's value never reaches the terminal because the argv was one leash does not judge.
Test(render, redact_hides_credential_values_in_any_argv) {
    Config c = default_config();
    cr_assert(apply_ini(c, "[agent.claude]\nkeys = WORKKEY\n", "c.ini"));
    struct Case {
        Args argv;
        std::string shown;
    } cases[] = {
        {args({"docker", "compose", "run", "-e", "OPENAI_API_KEY=sk-1", "claude"}),
         "docker compose run -e OPENAI_API_KEY=<hidden> claude"},
        {args({"docker-compose", "run", "--env=DB_PASSWORD=pw", "-eGITHUB_TOKEN=ghp", "app"}),
         "docker-compose run --env=DB_PASSWORD=<hidden> -eGITHUB_TOKEN=<hidden> app"},
        {args({"docker", "frobnicate", "-e", "OPENAI_API_KEY=sk-1"}), "docker frobnicate -e OPENAI_API_KEY=<hidden>"},
        {args({"docker", "run", "--bogus", "-e", "OPENAI_API_KEY=sk-1", "img"}),
         "docker run --bogus -e OPENAI_API_KEY=<hidden> img"},
        {args({"docker", "run", "-e"}), "docker run -e"},
        {args({"podman", "run", "-e=OPENAI_API_KEY=sk-1", "img"}), "podman run -e=OPENAI_API_KEY=<hidden> img"},
        // An exact key name that no pattern matches, run into a cluster of short flags.
        {args({"docker", "run", "-iteWORKKEY=v", "-e", "WORKKEY=v", "img"}),
         "docker run -iteWORKKEY=<hidden> -e WORKKEY=<hidden> img"},
        // Names are judged as the runtime would create them: podman keeps "NAME " and "NAME*".
        {args({"podman", "run", "-e", "OPENAI_API_KEY =sk-1", "-e", "WORKKEY*=v", "img"}),
         "podman run -e OPENAI_API_KEY =<hidden> -e WORKKEY*=<hidden> img"},
        {args({"docker", "run", "-e", "openai_api_key=sk-1", "img"}), "docker run -e openai_api_key=<hidden> img"},
        // The container's command: env assignments and shell words.
        {args({"docker", "run", "img", "env", "OPENAI_API_KEY=sk-1", "claude"}),
         "docker run img env OPENAI_API_KEY=<hidden> claude"},
        {args({"docker", "run", "img", "sh", "-c", "cd /w && WORKKEY=v claude"}),
         "docker run img sh -c cd /w && WORKKEY=<hidden>"},
        // A value that itself holds an assignment to a credential.
        {args({"docker", "run", "-e", "FOO=OPENAI_API_KEY=sk-1", "img"}),
         "docker run -e FOO=OPENAI_API_KEY=<hidden> img"},
        // A cluster longer than any real one is not read for a name: its value is hidden.
        {args({"docker", "run", "-" + std::string(40, 'i') + "WORKKEY=v", "img"}),
         "docker run -" + std::string(40, 'i') + "WORKKEY=<hidden> img"},
        // Ordinary settings are shown as they are.
        {args({"docker", "run", "-e", "LANG=C.UTF-8", "--env=PATH=/usr/bin", "-eMONKEY=1", "-e", "A=b=c",
               "--label=team=x", "--entrypoint=sh", "img", "KEYBOARD=us"}),
         "docker run -e LANG=C.UTF-8 --env=PATH=/usr/bin -eMONKEY=1 -e A=b=c --label=team=x --entrypoint=sh img "
         "KEYBOARD=us"},
    };
    for (const auto& t : cases) expect_str(joined(redact(t.argv, c)), t.shown);
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
               "\"withheld\":[{\"name\":\"OPENAI_API_KEY\",\"via\":\"-e\",\"why\":\"its name: codex's key\"}],"
               "\"read_only\":[],\"argv\":[\"docker\",\"run\",\"--label\",\"leash.agent=claude\",\"-e\",\"ANTHROPIC_API_KEY\",\"example.com/team/claude-code\"]}\n");
    auto pass = run(c, args({"docker", "ps"}), five_keys());
    expect_str(explain_json(pass.decision, pass.argv),
               "{\"action\":\"pass\",\"agent\":null,\"image\":null,\"reason\":\"\",\"forward\":[],\"withheld\":[],"
               "\"read_only\":[],\"argv\":[\"docker\",\"ps\"]}\n");
}

Test(render, json_strings) {
    expect_str(json_string("a\"b\\c\n\x01"), "\"a\\\"b\\\\c\\u000a\\u0001\"");
    expect_str(json_string("caf\xc3\xa9"), "\"caf\xc3\xa9\"");
    expect_str(json_string("bad\xff"), "\"bad\\ufffd\"");
}
