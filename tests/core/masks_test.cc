#include "core/masks.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "core/mount_grammar.h"
#include "test_util.h"

using namespace leash;

namespace {

// The stores of the reference under /home/me: the agents' logins, then the other tools'.
const std::vector<Store> kStores = {
    {"/home/me/.claude", "claude"},
    {"/home/me/.claude.json", "claude"},
    {"/home/me/.codex", "codex"},
    {"/home/me/.gemini", "gemini"},
    {"/home/me/.local/share/opencode", "opencode"},
    {"/home/me/.aws", ""},
    {"/home/me/.ssh", ""},
    {"/home/me/.netrc", ""},
    {"/home/me/.config/gh/hosts.yml", ""},
    {"/home/me/.config/gcloud", ""},
    {"/home/me/.docker/config.json", ""},
};
const std::vector<std::string> kProtect = {"/home/me/.config/leash", "/etc/leash", "/home/me/.bashrc",
                                           "/home/me/.profile", "/usr/local/bin/leash"};

// A host's paths and their kinds, and the plan's questions about it answered from them.
using HostPaths = std::map<std::string, PathKind>;
PathKinds kinds_in(const HostPaths& host, std::vector<std::string>* asked = nullptr) {
    return [&host, asked](const std::string& p) -> std::optional<PathKind> {
        if (asked) asked->push_back(p);
        auto it = host.find(p);
        return it == host.end() ? std::nullopt : std::optional(it->second);
    };
}

// The host's files: what a stat of each finds.
const HostPaths kHost = {
    {"/home/me", PathKind::Dir},
    {"/home/me/.claude", PathKind::Dir},
    {"/home/me/.claude.json", PathKind::File},
    {"/home/me/.codex", PathKind::Dir},
    {"/home/me/.codex/sessions", PathKind::Dir},
    {"/home/me/.gemini", PathKind::Dir},
    {"/home/me/.aws", PathKind::Dir},
    {"/home/me/.aws/credentials", PathKind::File},
    {"/home/me/.ssh", PathKind::Dir},
    {"/home/me/.netrc", PathKind::File},
    {"/home/me/.config", PathKind::Dir},
    {"/home/me/.config/gh/hosts.yml", PathKind::File},
    {"/home/me/.config/gcloud", PathKind::Dir},
    {"/home/me/.config/leash", PathKind::Dir},
    {"/home/me/.config/leash/config.ini", PathKind::File},
    {"/home/me/.bashrc", PathKind::File},
    {"/home/me/proj", PathKind::Dir},
    {"/home/me/proj/.env", PathKind::File},
    {"/backup/home-copy", PathKind::Dir},
    {"/backup/home-copy/.aws", PathKind::Dir},
    {"/backup/home-copy/.claude", PathKind::Dir},
    {"/backup/home-copy/.netrc", PathKind::File},
    {"/etc", PathKind::Dir},
    {"/etc/leash", PathKind::Dir},
    {"/etc/leash/config.ini", PathKind::File},
    {"/", PathKind::Dir},
    {"/tmp/empty", PathKind::Dir},
};

std::vector<Mount> mounts_of(const std::vector<std::string>& specs) {
    std::vector<Mount> out;
    for (const std::string& v : specs) {
        auto m = v.starts_with("--mount ") ? read_mount(MountGrammar::Podman, v.substr(8)) : read_volume(MountGrammar::Podman, v);
        cr_assert(m, "%s: %s", v.c_str(), m.error().c_str());
        out.insert(out.end(), m->begin(), m->end());
    }
    return out;
}

// The plan for an agent's container with these mounts (-v values, or "--mount VALUE", as podman reads
// them), a line per mask: "SOURCE HOST -> TARGET" (and "(replaces N)"), then "withheld: ...",
// "read-only: ...". `more` adds to the stores.
std::string plan(std::string_view agent, const std::vector<std::string>& volumes,
                 const std::vector<std::string>& env_files = {}, const std::vector<Store>& more = {}) {
    auto mounts = mounts_of(volumes);
    std::vector<Store> stores = kStores;
    stores.insert(stores.end(), more.begin(), more.end());
    MaskQuery q{agent, "/home/me", mounts, stores, kProtect, env_files, {}};
    auto r = plan_masks(q, kinds_in(kHost));
    if (!r) return "error: " + r.error();
    static constexpr const char* kSources[] = {"empty-file", "empty-dir", "env-copy", "same-path"};
    std::string out;
    for (const Mask& m : r->masks)
        out += fmt::format("{} {} -> {}{}\n", kSources[m.source], m.host, m.target,
                           m.replaces ? fmt::format(" (replaces {})", *m.replaces) : "");
    for (const auto& n : r->withheld) out += fmt::format("withheld: {} via {}\n", n.name, n.via);
    for (const auto& n : r->read_only) out += fmt::format("read-only: {} via {}\n", n.name, n.via);
    for (const auto& n : r->creatable) out += fmt::format("creatable: {} via {}\n", n.name, n.via);
    return out;
}

}  // namespace

Test(masks, a_home_mounted_read_only_keeps_only_the_agents_own_stores) {
    expect_str(plan("claude", {"/home/me:/h:ro"}),
               "empty-dir /home/me/.aws -> /h/.aws\n"
               "empty-dir /home/me/.codex -> /h/.codex\n"
               "empty-dir /home/me/.config/gcloud -> /h/.config/gcloud\n"
               "empty-file /home/me/.config/gh/hosts.yml -> /h/.config/gh/hosts.yml\n"
               "empty-dir /home/me/.gemini -> /h/.gemini\n"
               "empty-file /home/me/.netrc -> /h/.netrc\n"
               "empty-dir /home/me/.ssh -> /h/.ssh\n"
               "withheld: /home/me/.aws via -v /home/me:/h\n"
               "withheld: /home/me/.codex via -v /home/me:/h\n"
               "withheld: /home/me/.config/gcloud via -v /home/me:/h\n"
               "withheld: /home/me/.config/gh/hosts.yml via -v /home/me:/h\n"
               "withheld: /home/me/.gemini via -v /home/me:/h\n"
               "withheld: /home/me/.netrc via -v /home/me:/h\n"
               "withheld: /home/me/.ssh via -v /home/me:/h\n");
    // codex's container: its own store passes, claude's two are masked.
    std::string codex = plan("codex", {"/home/me:/h:ro"});
    cr_expect(codex.find("/home/me/.codex ->") == std::string::npos);
    cr_expect(codex.find("empty-dir /home/me/.claude -> /h/.claude\n") != std::string::npos);
    cr_expect(codex.find("empty-file /home/me/.claude.json -> /h/.claude.json\n") != std::string::npos);
    // A store that does not exist is not masked (docker would create the mount point in the home).
    cr_expect(codex.find(".local/share/opencode") == std::string::npos);
    cr_expect(codex.find(".docker") == std::string::npos);
}

Test(masks, a_writable_home_also_gets_leash_and_the_shells_files_read_only) {
    std::string p = plan("claude", {"/home/me:/home/me"});
    cr_expect(p.find("same-path /home/me/.bashrc -> /home/me/.bashrc\n") != std::string::npos, "%s", p.c_str());
    cr_expect(p.find("same-path /home/me/.config/leash -> /home/me/.config/leash\n") != std::string::npos);
    cr_expect(p.find("read-only: /home/me/.config/leash via -v /home/me:/home/me\n") != std::string::npos);
    // ~/.profile is not on this host: the container could create it.
    cr_expect(p.find("same-path /home/me/.profile") == std::string::npos);
    cr_expect(p.find("creatable: /home/me/.profile via -v /home/me:/home/me\n") != std::string::npos);
    cr_expect(plan("claude", {"/home/me:/home/me:ro"}).find("creatable") == std::string::npos);
    cr_expect(p.find("empty-dir /home/me/.aws -> /home/me/.aws\n") != std::string::npos);
}

Test(masks, a_mount_inside_a_store_becomes_a_placeholder) {
    expect_str(plan("claude", {"/home/me/.codex:/root/.codex"}),
               "empty-dir /home/me/.codex -> /root/.codex (replaces 0)\n"
               "withheld: /home/me/.codex via -v /home/me/.codex:/root/.codex\n");
    expect_str(plan("claude", {"/home/me/.codex/sessions:/s:ro"}),
               "empty-dir /home/me/.codex/sessions -> /s (replaces 0)\n"
               "withheld: /home/me/.codex/sessions via -v /home/me/.codex/sessions:/s\n");
    expect_str(plan("claude", {"/home/me/.aws/credentials:/root/.aws/credentials:ro"}),
               "empty-file /home/me/.aws/credentials -> /root/.aws/credentials (replaces 0)\n"
               "withheld: /home/me/.aws/credentials via -v /home/me/.aws/credentials:/root/.aws/credentials\n");
    // A file store (~/.netrc) mounted by itself, with --mount.
    expect_str(plan("claude", {"--mount type=bind,src=/home/me/.netrc,dst=/root/.netrc,readonly"}),
               "empty-file /home/me/.netrc -> /root/.netrc (replaces 0)\n"
               "withheld: /home/me/.netrc via --mount /home/me/.netrc:/root/.netrc\n");
    // The agent's own store passes, mounted whole or in part.
    expect_str(plan("codex", {"/home/me/.codex:/root/.codex", "/home/me/.codex/sessions:/s"}), "");
    expect_str(plan("claude", {"/home/me/.claude:/root/.claude", "/home/me/.claude.json:/root/.claude.json"}), "");
}

Test(masks, an_agent_container_without_an_agent_gets_no_store) {
    std::string p = plan("", {"/home/me:/h:ro"});
    cr_expect(p.find("empty-dir /home/me/.claude -> /h/.claude\n") != std::string::npos);
    cr_expect(p.find("empty-dir /home/me/.codex -> /h/.codex\n") != std::string::npos);
    expect_str(plan("", {"/home/me/.claude:/c"}),
               "empty-dir /home/me/.claude -> /c (replaces 0)\nwithheld: /home/me/.claude via -v /home/me/.claude:/c\n");
}

Test(masks, nested_stores_are_masked_once) {
    expect_str(plan("claude", {"/home/me/.config:/c:ro"}, {}, {{"/home/me/.config/gcloud/legacy_credentials", ""}}),
               "empty-dir /home/me/.config/gcloud -> /c/gcloud\n"
               "empty-file /home/me/.config/gh/hosts.yml -> /c/gh/hosts.yml\n"
               "withheld: /home/me/.config/gcloud via -v /home/me/.config:/c\n"
               "withheld: /home/me/.config/gh/hosts.yml via -v /home/me/.config:/c\n");
    // A store of nobody's inside the agent's own is masked; the agent's own inside a store of nobody's
    // passes (the deepest store decides).
    expect_str(plan("opencode", {"/home/me/.local/share/opencode:/o"}, {},
                    {{"/home/me/.local/share/opencode/other-tool.json", ""}, {"/home/me/.local/share", ""}}),
               "");  // other-tool.json does not exist on this host
    expect_str(plan("claude", {"/home/me/.config/leash:/l"}, {}, {{"/home/me/.config", ""}}),
               "empty-dir /home/me/.config/leash -> /l (replaces 0)\nwithheld: /home/me/.config/leash via -v /home/me/.config/leash:/l\n");
}

Test(masks, stores_at_the_top_of_any_mounted_directory) {
    // A copy of a home: its .aws and .netrc are masked, its .claude is claude's.
    expect_str(plan("claude", {"/backup/home-copy:/b:ro"}),
               "empty-dir /backup/home-copy/.aws -> /b/.aws\n"
               "empty-file /backup/home-copy/.netrc -> /b/.netrc\n"
               "withheld: /backup/home-copy/.aws via -v /backup/home-copy:/b\n"
               "withheld: /backup/home-copy/.netrc via -v /backup/home-copy:/b\n");
    std::string codex = plan("codex", {"/backup/home-copy:/b:ro"});
    cr_expect(codex.find("empty-dir /backup/home-copy/.claude -> /b/.claude\n") != std::string::npos);
    // A directory that holds the home: the stores at their places below it.
    std::string root = plan("claude", {"/:/host:ro"});
    cr_expect(root.find("empty-dir /home/me/.aws -> /host/home/me/.aws\n") != std::string::npos, "%s", root.c_str());
    cr_expect(root.find("same-path") == std::string::npos);  // read-only: nothing to protect
    std::string rw_root = plan("claude", {"/:/host"});
    cr_expect(rw_root.find("same-path /etc/leash -> /host/etc/leash\n") != std::string::npos);
    // podman mounts a directory as the root filesystem.
    std::string as_root = plan("claude", {"/home/me:/"});
    cr_expect(as_root.find("empty-dir /home/me/.aws -> /.aws\n") != std::string::npos, "%s", as_root.c_str());
}

Test(masks, env_files_get_filtered_copies) {
    expect_str(plan("claude", {"/home/me/proj:/work"}, {"/home/me/proj/.env"}),
               "env-copy /home/me/proj/.env -> /work/.env\nwithheld: /home/me/proj/.env via -v /home/me/proj:/work\n");
    // The env-file mounted by itself: the copy takes the mount's place.
    expect_str(plan("claude", {"/home/me/proj/.env:/app/.env:ro"}, {"/home/me/proj/.env"}),
               "env-copy /home/me/proj/.env -> /app/.env (replaces 0)\n"
               "withheld: /home/me/proj/.env via -v /home/me/proj/.env:/app/.env\n");
    // The home and the project below it: one copy, where the container sees the project's mount.
    std::string both = plan("claude", {"/home/me:/h:ro", "/home/me/proj:/h/proj"}, {"/home/me/proj/.env"});
    cr_expect(both.find("env-copy /home/me/proj/.env -> /h/proj/.env\n") != std::string::npos, "%s", both.c_str());
    cr_expect_eq(std::count(both.begin(), both.end(), '\n'), 16);  // seven stores, the copy, and their notes
    // An env-file inside a store already masked needs no copy.
    expect_str(plan("claude", {"/home/me/.gemini:/g"}, {"/home/me/.gemini/.env"}),
               "empty-dir /home/me/.gemini -> /g (replaces 0)\nwithheld: /home/me/.gemini via -v /home/me/.gemini:/g\n");
    // gemini's own .gemini/.env may set another agent's key: a copy inside gemini's own store.
    expect_str(plan("gemini", {"/home/me/.gemini:/g"}, {"/home/me/.gemini/.env"}),
               "env-copy /home/me/.gemini/.env -> /g/.env\nwithheld: /home/me/.gemini/.env via -v /home/me/.gemini:/g\n");
}

Test(masks, a_deeper_mount_hides_what_lies_below_it) {
    // The container sees /tmp/empty at /h/.aws, not the home's .aws: no mask there.
    std::string p = plan("claude", {"/home/me:/h:ro", "/tmp/empty:/h/.aws"});
    cr_expect(p.find("/h/.aws") == std::string::npos, "%s", p.c_str());
    cr_expect(p.find("empty-dir /home/me/.ssh -> /h/.ssh\n") != std::string::npos);
    // Two mounts of one home: masks in each.
    std::string twice = plan("claude", {"/home/me:/a:ro", "/home/me:/b:ro"});
    cr_expect(twice.find("-> /a/.ssh\n") != std::string::npos && twice.find("-> /b/.ssh\n") != std::string::npos);
}

Test(masks, leash_and_the_shells_files_inside_writable_mounts) {
    expect_str(plan("claude", {"/home/me/.config/leash:/l"}),
               "same-path /home/me/.config/leash -> /l (replaces 0)\nread-only: /home/me/.config/leash via -v /home/me/.config/leash:/l\n");
    expect_str(plan("claude", {"/etc/leash/config.ini:/c"}),
               "same-path /etc/leash/config.ini -> /c (replaces 0)\nread-only: /etc/leash/config.ini via -v /etc/leash/config.ini:/c\n");
    expect_str(plan("claude", {"/home/me/.bashrc:/root/.bashrc:ro"}), "");
    expect_str(plan("claude", {"/etc:/e"}), "same-path /etc/leash -> /e/leash\nread-only: /etc/leash via -v /etc:/e\n");
    expect_str(plan("claude", {"/usr/local:/u"}), "creatable: /usr/local/bin/leash via -v /usr/local:/u\n");
    expect_str(plan("claude", {"/etc:/e:ro"}), "");
    // Inside a store masked anyway: nothing more.
    expect_str(plan("claude", {"/home/me/.config:/c"}, {}, {{"/home/me/.config", ""}}),
               "empty-dir /home/me/.config -> /c (replaces 0)\nwithheld: /home/me/.config via -v /home/me/.config:/c\n");
}

Test(masks, the_same_store_by_two_paths) {
    // ~/.aws is a symlink to /data/aws: the edge gives both, and a mount of /data shows it.
    std::vector<Store> stores = kStores;
    stores.push_back({"/srv/aws", ""});
    HostPaths found = kHost;
    auto mounts = mounts_of({"/srv:/d:ro"});
    MaskQuery q{"claude", "/home/me", mounts, stores, kProtect, {}, {}};
    found["/srv"] = PathKind::Dir;
    found["/srv/aws"] = PathKind::Dir;
    std::vector<std::string> asked;
    auto r = plan_masks(q, kinds_in(found, &asked));
    cr_expect(std::find(asked.begin(), asked.end(), "/srv/aws") != asked.end());
    cr_expect(std::find(asked.begin(), asked.end(), "/srv/.aws") != asked.end());  // the top of the mount
    cr_assert(r);
    cr_assert_eq(r->masks.size(), 1u);
    expect_str(r->masks[0].target, "/d/aws");
}

// An ssh or gpg agent's socket is a store of nobody's (the edge adds $SSH_AUTH_SOCK and gpg's sockets):
// an empty file goes over it, in a mounted directory or mounted by itself (a file bound over a socket:
// checked on docker and podman).
Test(masks, agent_sockets_are_stores) {
    std::vector<Store> stores = {{"/run/user/1000/ssh-agent.sock", ""}};
    HostPaths found = {{"/run/user/1000", PathKind::Dir}, {"/run/user/1000/ssh-agent.sock", PathKind::File}};
    auto mounts = mounts_of({"/run/user/1000:/r:ro", "/run/user/1000/ssh-agent.sock:/ssh.sock"});
    MaskQuery q{"claude", "/home/me", mounts, stores, {}, {}, {}};
    auto r = plan_masks(q, kinds_in(found));
    cr_assert(r);
    cr_assert_eq(r->masks.size(), 2u);
    cr_expect(r->masks[0].source == Mask::EmptyFile);
    expect_str(r->masks[0].target, "/r/ssh-agent.sock");
    cr_expect(r->masks[1].source == Mask::EmptyFile && r->masks[1].replaces == 1u);
}

Test(masks, what_is_not_a_host_file_passes) {
    expect_str(plan("claude", {"vol:/home/me", "/data", "--mount type=tmpfs,dst=/home/me/.aws"}), "");
    expect_str(plan("claude", {"/home/me/proj:/work"}), "");
    expect_str(plan("claude", {"/home/me/.claude.json:/root/.claude.json"}), "");
}

Test(masks, a_source_not_resolved_is_an_error) {
    auto rel = mounts_of({"./proj:/work"});
    MaskQuery q{"claude", "/home/me", rel, kStores, kProtect, {}, {}};
    std::vector<std::string> asked;
    cr_expect(!plan_masks(q, kinds_in(kHost, &asked)));
    cr_expect(asked.empty());
    auto glob = *read_mount(MountGrammar::Podman, "type=glob,src=/home/me/.*,dst=/g");
    MaskQuery g{"claude", "/home/me", glob, kStores, kProtect, {}, {}};
    auto r = plan_masks(g, kinds_in(kHost));
    cr_assert(!r);
    cr_expect(r.error().find("glob") != std::string::npos);
    // Expanded, its matches are masked as any bind.
    auto expanded = glob_mounts(glob[0], {"/home/me/.aws", "/home/me/.claude"});
    MaskQuery e{"claude", "/home/me", expanded, kStores, kProtect, {}, {}};
    auto plan = plan_masks(e, kinds_in(kHost));
    cr_assert(plan);
    cr_assert_eq(plan->masks.size(), 1u);
    expect_str(plan->masks[0].target, "/g/.aws");
    cr_expect_eq(*plan->masks[0].replaces, 0u);
}

Test(masks, env_file_names_and_host_paths) {
    for (std::string_view yes : {".env", ".env.local", ".env.production"}) cr_expect(is_env_file_name(yes));
    for (std::string_view no : {"env", ".env.", ".envrc", "x.env", ".environment", ""}) cr_expect(!is_env_file_name(no));
    auto mounts = mounts_of({"/home/me/proj:/work", "/home/me/proj/sub:/work/sub:ro", "vol:/work/v"});
    expect_str(*host_path(mounts, "/work"), "/home/me/proj");
    expect_str(*host_path(mounts, "/work/src/"), "/home/me/proj/src");
    expect_str(*host_path(mounts, "/work/sub/x"), "/home/me/proj/sub/x");
    cr_expect(!host_path(mounts, "/work/v/x"));  // a volume
    cr_expect(!host_path(mounts, "/workx"));
    cr_expect(!host_path(mounts, "/"));
}
