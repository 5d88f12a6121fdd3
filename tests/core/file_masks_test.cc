// The masks in the decision (file_masks.h): what an agent's container gets of a home, a project and the
// stores mounted into it, in a world of the test's; the plan itself is masks_test.cc's.
#include "core/file_masks.h"

#include <criterion/criterion.h>

#include "test_world.h"

using namespace leash;
using namespace leash::test;

namespace {

constexpr const char* kClaude = "example.com/team/claude-code";

// A home with every shell startup file, leash's config, claude's and codex's logins, ~/.aws, and a
// project with a .env that holds codex's key beside a setting.
TestWorld home_world() {
    TestWorld w;
    for (const char* d : {"/home/u", "/home/u/.claude", "/home/u/.codex", "/home/u/.aws", "/home/u/.config",
                          "/home/u/.config/leash", "/home/u/.config/fish", "/home/u/proj", "/etc/leash"})
        w.kinds[d] = PathKind::Dir;
    for (const char* f : {"/home/u/.bashrc", "/home/u/.bash_profile", "/home/u/.bash_login", "/home/u/.profile",
                          "/home/u/.bash_logout", "/home/u/.zshenv", "/home/u/.zprofile", "/home/u/.zshrc",
                          "/home/u/.zlogin", "/home/u/.zlogout", "/home/u/.codex/auth.json", "/home/u/.aws/credentials"})
        w.kinds[f] = PathKind::File;
    w.files["/home/u/proj/.env"] = "OPENAI_API_KEY=sk-proj-aaaaaaaaaaaaaaaaaaaaaaaa\nPORT=8080\n";
    return w;
}

Env home_env() {
    Env env = five_keys();
    env.push_back("HOME=/home/u");
    return env;
}

Config home_config() {
    Config c = default_config();
    c.own_files = {"/etc/leash", "/home/u/.config/leash"};
    return c;
}

std::string mask(std::string_view source, std::string_view target) {
    return "type=bind,src=" + std::string(source) + ",dst=" + std::string(target) + ",readonly";
}

}  // namespace

Test(file_masks, a_home_mounted_read_only_hides_every_store_but_the_agents_own) {
    TestWorld w = home_world();
    w.files["/home/u/.env"] = "GITHUB_TOKEN=ghp_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\nEDITOR=vi\n";
    auto o = run(home_config(), args({"docker", "run", "--rm", "-v", "/home/u:/h:ro", kClaude, "env"}), home_env(), w);
    cr_assert(!o.refused, "%s", o.error.c_str());
    expect_str(joined(o.argv), joined(args({"docker", "run", "--label", "leash.agent=claude", "-e", "ANTHROPIC_API_KEY",
                                            "--mount", mask("/masks/empty-dir", "/h/.aws"), "--mount",
                                            mask("/masks/empty-dir", "/h/.codex"), "--mount",
                                            mask("/masks/.env.0", "/h/.env"), "--rm", "-v", "/home/u:/h:ro", kClaude,
                                            "env"})));
    expect_str(w.files["/masks/.env.0"], "EDITOR=vi\n");
    expect_str(withheld_of(o.decision), "/home/u/.aws (-v /home/u:/h); /home/u/.codex (-v /home/u:/h); "
                                        "/home/u/.env (-v /home/u:/h)");
    cr_assert(o.decision.withheld.size() == 3);
    expect_str(o.decision.withheld[0].why, "another tool's credential store");
    expect_str(o.decision.withheld[1].why, "codex's login");
    expect_str(o.decision.withheld[2].why, "it sets GITHUB_TOKEN");
    cr_expect(o.decision.read_only.empty());  // nothing to protect in a read-only mount
}

Test(file_masks, a_writable_home_gets_leashs_config_and_the_startup_files_read_only) {
    TestWorld w = home_world();
    auto o = run(home_config(), args({"docker", "run", "-v", "/home/u:/h", kClaude}), home_env(), w);
    cr_assert(!o.refused, "%s", o.error.c_str());
    std::string argv = joined(o.argv);
    for (const char* f : {".bashrc", ".profile", ".zshrc", ".config/leash", ".config/fish"})
        cr_expect(argv.find(mask(std::string("/home/u/") + f, std::string("/h/") + f)) != std::string::npos, "%s: %s", f,
                  argv.c_str());
    cr_expect(o.decision.read_only.size() == 12, "%zu", o.decision.read_only.size());
}

Test(file_masks, a_startup_file_the_container_could_create_is_refused) {
    TestWorld w = home_world();
    w.kinds.erase("/home/u/.bash_login");
    auto o = run(home_config(), args({"docker", "run", "-v", "/home/u:/h", kClaude}), home_env(), w);
    expect_str(o.error, "refusing docker: -v /home/u:/h would let the container create /home/u/.bash_login, which a "
                        "shell or leash reads; mount it read-only (:ro), or mount a project's directory instead");
    // Read-only, it can create nothing.
    auto ro = run(home_config(), args({"docker", "run", "-v", "/home/u:/h:ro", kClaude}), home_env(), w);
    cr_expect(!ro.refused, "%s", ro.error.c_str());
}

Test(file_masks, another_agents_store_mounted_whole_becomes_a_placeholder) {
    TestWorld w = home_world();
    auto o = run(home_config(), args({"docker", "run", "-v", "/home/u/.codex:/root/.codex", "--mount",
                                      "type=bind,src=/home/u/.claude,dst=/root/.claude", kClaude}),
                 home_env(), w);
    cr_assert(!o.refused, "%s", o.error.c_str());
    expect_str(joined(o.argv), joined(args({"docker", "run", "--label", "leash.agent=claude", "-e", "ANTHROPIC_API_KEY",
                                            "--mount", mask("/masks/empty-dir", "/root/.codex"), "--mount",
                                            "type=bind,src=/home/u/.claude,dst=/root/.claude", kClaude})));
    // codex's own container gets it, and claude's is masked there.
    auto codex = run(home_config(), args({"docker", "run", "-v", "/home/u/.codex:/root/.codex", "-v",
                                          "/home/u/.claude:/c", "example.com/codex"}),
                     home_env(), w);
    expect_str(joined(codex.argv), joined(args({"docker", "run", "--label", "leash.agent=codex", "-e", "OPENAI_API_KEY",
                                                "--mount", mask("/masks/empty-dir", "/c"), "-v",
                                                "/home/u/.codex:/root/.codex", "example.com/codex"})));
}

Test(file_masks, a_projects_env_file_is_filtered_where_the_container_reads_it) {
    TestWorld w = home_world();
    Args a = args({"docker", "run", "--env-file", "/home/u/proj/.env", "-v", "/home/u/proj:/work", "-w", "/work", kClaude});
    auto o = run(home_config(), a, home_env(), w);
    cr_assert(!o.refused, "%s", o.error.c_str());
    std::string argv = joined(o.argv);
    cr_expect(argv.find(mask("/masks/.env.0", "/work/.env")) != std::string::npos, "%s", argv.c_str());
    expect_str(w.files["/masks/.env.0"], "PORT=8080\n");
}

Test(file_masks, the_decision_on_its_own_output_changes_nothing) {
    for (const char* v : {"/home/u:/h:ro", "/home/u:/h", "/home/u/.codex:/x", "/home/u/proj:/w"}) {
        TestWorld w = home_world();
        auto once = run(home_config(), args({"docker", "run", "-v", v, kClaude}), home_env(), w);
        cr_assert(!once.refused, "%s: %s", v, once.error.c_str());
        w.kinds["/masks/empty-dir"] = PathKind::Dir;
        w.kinds["/masks/empty-file"] = PathKind::File;
        auto twice = run(home_config(), once.argv, home_env(), w);
        cr_expect(!twice.refused && twice.argv == once.argv, "%s: %s -> %s", v, joined(once.argv).c_str(),
                  joined(twice.argv).c_str());
    }
}

Test(file_masks, containers_not_for_an_agent_pass_byte_identical) {
    TestWorld w = home_world();
    Args a = args({"docker", "run", "-v", "/home/u:/h", "-v", "/home/u/.codex:/c", "alpine"});
    auto o = run(home_config(), a, home_env(), w);
    cr_expect(!o.refused && o.decision.action == Action::Pass && o.argv == a);
}

Test(file_masks, an_agent_socket_is_masked_unless_the_agent_lets_it_through) {
    TestWorld w = home_world();
    w.kinds["/tmp/ssh-x"] = PathKind::Dir;
    w.kinds["/tmp/ssh-x/agent.1"] = PathKind::File;
    Env env = home_env();
    env.push_back("SSH_AUTH_SOCK=/tmp/ssh-x/agent.1");
    Args a = args({"docker", "run", "-v", "/tmp/ssh-x/agent.1:/ssh", kClaude});
    auto o = run(home_config(), a, env, w);
    cr_expect(joined(o.argv).find(mask("/masks/empty-file", "/ssh")) != std::string::npos, "%s", joined(o.argv).c_str());
    Config let = home_config();
    cr_assert(apply_ini(let, "[agent.claude]\nsockets = $SSH_AUTH_SOCK\n", "c.ini"));
    auto through = run(let, a, env, w);
    cr_expect(joined(through.argv).find("/masks/") == std::string::npos, "%s", joined(through.argv).c_str());
}

Test(file_masks, an_agent_container_with_no_agent_gets_no_store) {
    TestWorld w = home_world();
    Config c = home_config();
    c.multi_agent_images = {"*coder*"};
    auto o = run(c, args({"docker", "run", "-v", "/home/u/.claude:/c", "example.com/coder", "sh"}), home_env(), w);
    cr_expect(joined(o.argv).find(mask("/masks/empty-dir", "/c")) != std::string::npos, "%s", joined(o.argv).c_str());
}

Test(file_masks, dotenv_entries_as_dotenv_readers_see_them) {
    Config c = default_config();
    Credentials creds(c);
    std::vector<std::string> names;
    std::string text = "# a comment\nexport OPENAI_API_KEY=sk-proj-aaaaaaaaaaaaaaaaaaaaaaaa\nPORT=8080\n"
                       "GITHUB_TOKEN: ghp_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\nPRIVATE_KEY=\"-----BEGIN\nsecret lines\n"
                       "-----END\"\nNAME='x'\nANTHROPIC_API_KEY=sk-ant-own\n";
    expect_str(filter_dotenv(text, creds, c.agent("claude"), names),
               "# a comment\nPORT=8080\nNAME='x'\nANTHROPIC_API_KEY=sk-ant-own\n");
    expect_str(joined(names), "OPENAI_API_KEY GITHUB_TOKEN PRIVATE_KEY");
    // Lines that end early are kept as they are: an `export` alone, an unclosed quote at the end.
    names.clear();
    expect_str(filter_dotenv("export \t\nexport\nA='open\n", creds, c.agent("claude"), names),
               "export \t\nexport\nA='open\n");
    cr_expect(names.empty());
}

// leash's own masks hold what an agent may read (claude's copy of a project's .env keeps claude's key):
// another agent's container that mounts them, their directory or one copy, gets an empty directory and a
// copy filtered for itself. And the agent's container judged again (by a docker wrapper that leash runs
// under, a second guard) passes as it is wherever the masks are, in /dev/shm too, where any other mount
// is host access.
Test(file_masks, leashs_own_masks_are_no_door_and_pass_when_judged_again) {
    for (std::string dir : {"/run/user/1000/leash/masks", "/dev/shm/leash-1000/masks"}) {
        TestWorld w = home_world();
        w.masks = dir;
        w.kinds[dir] = PathKind::Dir;
        w.files["/home/u/proj/.env"] =
            "ANTHROPIC_API_KEY=sk-ant-api03-aaaaaaaaaaaaaaaaaaaaaaaa\nOPENAI_API_KEY=sk-proj-aaaaaaaaaaaaaaaaaaaaaaaa\nPORT=8080\n";
        Config c = home_config();
        c.masks_dir = dir;
        auto once = run(c, args({"docker", "run", "-v", "/home/u/proj:/w", kClaude}), home_env(), w);
        cr_assert(!once.refused, "%s: %s", dir.c_str(), once.error.c_str());
        std::string copy = dir + "/.env.0";
        expect_str(w.files[copy], "ANTHROPIC_API_KEY=sk-ant-api03-aaaaaaaaaaaaaaaaaaaaaaaa\nPORT=8080\n");
        w.kinds[dir + "/empty-dir"] = PathKind::Dir;
        w.kinds[dir + "/empty-file"] = PathKind::File;
        auto twice = run(c, once.argv, home_env(), w);
        cr_expect(!twice.refused && twice.argv == once.argv, "%s: %s -> %s %s", dir.c_str(), joined(once.argv).c_str(),
                  joined(twice.argv).c_str(), twice.error.c_str());

        auto codex = run(c, args({"docker", "run", "-v", copy + ":/copy", "example.com/codex"}), home_env(), w);
        cr_assert(!codex.refused, "%s: %s", dir.c_str(), codex.error.c_str());
        expect_str(joined(codex.argv), joined(args({"docker", "run", "--label", "leash.agent=codex", "-e", "OPENAI_API_KEY",
                                                    "--mount", mask(dir + "/.env.1", "/copy"), "example.com/codex"})));
        expect_str(w.files[dir + "/.env.1"], "PORT=8080\n");
    }
    // Their directory, where it is no host access.
    TestWorld w = home_world();
    std::string dir = "/run/user/1000/leash/masks";
    w.masks = dir;
    w.kinds[dir] = PathKind::Dir;
    Config c = home_config();
    c.masks_dir = dir;
    for (const char* mounted : {"/run/user/1000/leash/masks:/m", "/run/user/1000/leash:/m/leash"}) {
        auto codex = run(c, args({"docker", "run", "-v", mounted, "example.com/codex"}), home_env(), w);
        cr_assert(!codex.refused, "%s: %s", mounted, codex.error.c_str());
        expect_in(joined(codex.argv), mask(dir + "/empty-dir", std::string_view(mounted).ends_with("leash") ? "/m/leash/masks" : "/m"));
    }
}
