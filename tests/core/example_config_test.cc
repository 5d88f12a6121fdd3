// examples/config.ini, installed as PREFIX/share/leash/config.ini for users to copy: it must parse, and
// say exactly what the built-in defaults are. Run from the top of the source tree, as make check does.
#include "core/config.h"
#include "cli/files.h"
#include "test_util.h"

using namespace leash;

namespace {

constexpr const char* kExample = "examples/config.ini";

// Every field of a Config, one per line, so that a difference shows as the line that differs.
std::string describe(const Config& c) {
    using test::joined;
    std::string out = "runtimes " + joined(c.runtimes) + "\nsecret_patterns " + joined(c.secret_patterns) +
                      "\nnot_secret " + joined(c.not_secret) + "\nsecret_values " + joined(c.secret_values) +
                      "\nsecret_files " + joined(c.secret_files) + "\nmulti_agent_images " + joined(c.multi_agent_images) + "\nother_containers " +
                      (c.other_containers == OtherContainers::Pass ? "pass" : "withhold") + "\nnotice " +
                      (c.notice == Notice::Changes ? "changes" : "never") + "\nruntime " + c.runtime +
                      "\npath_shims " + (c.path_shims ? "true" : "false") + "\n";
    for (const auto& a : c.agents) {
        out += "[" + a.name + "] keys";
        for (const auto& k : a.keys) out += " " + k.name + "=" + k.host;
        out += " accepts " + joined(a.accepts) + " images " + joined(a.images) + " commands " + joined(a.commands) +
               " files " + joined(a.files) + " sockets " + joined(a.sockets) + " allow_host " + joined(a.allow_host) +
               " env";
        for (const auto& v : a.env) out += " " + v.name + "=" + v.value;
        out += " image " + a.image + " command " + a.command + "\n";
    }
    return out;
}

std::string example_text() {
    auto text = read_file(kExample);
    cr_assert(text, "%s", text ? "" : text.error().c_str());
    return *text;
}

Config applied_to(Config c) {
    auto ok = apply_ini(c, example_text(), kExample);
    cr_assert(ok, "%s", ok ? "" : ok.error().c_str());
    cr_assert(validate(c), "%s", kExample);
    return c;
}

std::vector<std::string> split_lines(const std::string& s) {
    std::vector<std::string> out;
    size_t start = 0;
    for (size_t nl; (nl = s.find('\n', start)) != std::string::npos; start = nl + 1) out.push_back(s.substr(start, nl - start));
    return out;
}

}  // namespace

Test(example_config, parses_and_changes_nothing) {
    expect_str(describe(applied_to(default_config())), describe(default_config()));
}

// Read on top of a configuration with no list and no agent, the example alone must build the defaults:
// so it sets every list key and every key of every built-in agent, not merely nothing.
Test(example_config, sets_every_default) {
    Config empty;
    expect_str(describe(applied_to(empty)), describe(default_config()));
}

// The scalar keys of [leash] already hold their defaults in an empty Config, so the test above cannot
// tell whether the example names them: every key leash.conf(5) documents (a .TP item of its [leash]
// and [agent.NAME] sections) must have its line.
Test(example_config, names_every_documented_key) {
    auto man = read_file("man/leash.conf.5");
    cr_assert(man, "%s", man ? "" : man.error().c_str());
    std::string text = "\n" + example_text();
    std::string section, previous;
    int leash_keys = 0, agent_keys = 0;
    for (const auto& line : split_lines(*man)) {
        if (line.starts_with(".SH ")) section = line;
        bool keys = section == ".SH THE [leash] SECTION" || section == ".SH THE [agent.NAME] SECTIONS";
        if (keys && previous == ".TP" && line.starts_with(".B ")) {
            std::string key = line.substr(3);
            (section.find("agent") == std::string::npos ? leash_keys : agent_keys)++;
            cr_expect(text.find("\n" + key + " =") != std::string::npos, "%s lacks %s", kExample, key.c_str());
        }
        previous = line;
    }
    cr_expect(leash_keys > 0 && agent_keys > 0, "no keys found in man/leash.conf.5's sections");
}
