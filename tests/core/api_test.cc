// judge_api and add_warning: the guard's body through the one decision and back.
#include "core/api.h"

#include <fmt/format.h>

#include "test_world.h"

using namespace leash;

Test(api, add_warning_puts_the_notice_in_warnings) {
    expect_str(add_warning("{\"Id\":\"abc\",\"Warnings\":[]}\n", "leash: n"), "{\"Id\":\"abc\",\"Warnings\":[\"leash: n\"]}\n");
    expect_str(add_warning(R"({"Id":"abc","Warnings":null})", "leash: n"), R"({"Id":"abc","Warnings":["leash: n"]})");
    expect_str(add_warning(R"({"Id":"abc"})", "leash: \"q\""), R"({"Id":"abc","Warnings":["leash: \"q\""]})");
    expect_str(add_warning(R"({"Id":"abc","Warnings":["w1"]})", "leash: n"), R"({"Id":"abc","Warnings":["w1","leash: n"]})");
    // What it cannot read stays as it is.
    for (const char* body : {"", "not json", "[]", R"({"Id":"abc","Warnings":"w"})", "{\"Id\":\"\xFF\"}"})
        expect_str(add_warning(body, "leash: n"), body);
}

namespace {

using leash::test::TestWorld;

constexpr std::string_view kCreate = "/v1.41/containers/create";

ApiVerdict judge(std::string_view body, std::string_view target = kCreate, ApiRoute route = ApiRoute::Create,
                 TestWorld* world = nullptr) {
    static const Config config = default_config();
    TestWorld own;
    return judge_api(config, route, target, body, world ? *world : own);
}

}  // namespace

Test(api, an_agent_container_loses_the_credentials_not_its_own) {
    auto v = judge(R"({"Image":"example.com/team/claude-code","Env":["ANTHROPIC_API_KEY=sk-ant","OPENAI_API_KEY=sk-o",
                       "PATH=/bin","GITHUB_TOKEN=ghp_x","LANG=C"],"HostConfig":{"NetworkMode":"default"}})");
    cr_assert(v.forward);
    cr_expect_eq(v.status, 0);
    expect_str(v.body, R"({"Image":"example.com/team/claude-code","Env":["ANTHROPIC_API_KEY=sk-ant","PATH=/bin","LANG=C"],"HostConfig":{"NetworkMode":"default"}})");
    expect_str(*v.notice, "leash: claude (example.com/team/claude-code): forwarded ANTHROPIC_API_KEY; withheld "
                          "OPENAI_API_KEY (-e), GITHUB_TOKEN (-e)");
    // Its own output is left as it is.
    auto again = judge(v.body);
    expect_str(again.body, v.body);
}

Test(api, other_containers_pass_byte_for_byte) {
    std::string_view body = "{\"Image\":\"alpine\", \"Env\":[\"OPENAI_API_KEY=sk-o\",\"GITHUB_TOKEN=ghp\"]}\n";
    auto v = judge(body);
    cr_assert(v.forward);
    expect_str(v.body, body);
    cr_expect(!v.notice);
}

Test(api, smuggled_spellings_are_judged_as_the_daemon_reads_them) {
    // The daemon takes the last Env, in any case: that is the one judged, and written once.
    auto v = judge(R"({"Image":"example.com/team/claude-code","Env":["A=1"],"eNv":["OPENAI_API_KEY=sk-o","B=2"]})");
    expect_str(v.body, R"({"Image":"example.com/team/claude-code","Env":["B=2"]})");
    auto esc = judge(R"({"\u0049mage":"example.com/team/codex","\u0045nv":["ANTHROPIC_API_KEY=sk-ant","OPENAI_API_KEY=sk-o"]})");
    expect_str(esc.body, R"({"\u0049mage":"example.com/team/codex","\u0045nv":["OPENAI_API_KEY=sk-o"]})");
    // The image the daemon runs is the last one.
    auto image = judge(R"({"Image":"alpine","image":"example.com/team/codex","Env":["ANTHROPIC_API_KEY=sk-ant"]})");
    expect_str(image.body, R"({"Image":"alpine","image":"example.com/team/codex","Env":[]})");
}

Test(api, an_exec_is_judged_by_its_container) {
    TestWorld world;
    world.exec_image = "example.com/team/codex";
    auto v = judge(R"({"Cmd":["env"],"Env":["OPENAI_API_KEY=sk-o","ANTHROPIC_API_KEY=sk-ant"]})", "/v1.41/containers/c1/exec",
                   ApiRoute::Exec, &world);
    expect_str(v.body, R"({"Cmd":["env"],"Env":["OPENAI_API_KEY=sk-o"]})");
    expect_str(world.asked.at(0), "container c1");
    // A container the daemon cannot tell about gets no credential.
    auto unknown = judge(R"({"Cmd":["env"],"Env":["OPENAI_API_KEY=sk-o","LANG=C"]})", "/containers/c2/exec", ApiRoute::Exec);
    expect_str(unknown.body, R"({"Cmd":["env"],"Env":["LANG=C"]})");
}

// An exec body is judged like `docker exec`: in a container of no agent's own, the first agent handed
// credentials claims it, and another agent's command there gets none.
Test(api, an_exec_body_claims_a_container_of_no_agent) {
    TestWorld world;
    world.exec_image = "node:22";
    auto first = judge(R"({"Cmd":["claude"],"Env":["ANTHROPIC_API_KEY=sk-ant"]})", "/containers/box/exec", ApiRoute::Exec, &world);
    cr_expect(first.forward);
    expect_str(world.claims["id-of-box"], "claude");
    auto codex = judge(R"({"Cmd":["codex"],"Env":["OPENAI_API_KEY=sk-o","LANG=C"]})", "/containers/box/exec",
                       ApiRoute::Exec, &world);
    expect_str(codex.body, R"({"Cmd":["codex"],"Env":["LANG=C"]})");
}

Test(api, unreadable_bodies_are_refused_with_400) {
    auto v = judge(R"({"Image":"example.com/team/claude-code","Env":"OPENAI_API_KEY=sk-o"})");
    cr_expect(!v.forward);
    cr_expect_eq(v.status, 400);
    expect_str(v.body, R"({"message":"leash: cannot read the request body: Env must be a list of strings"})");
    auto huge = judge(std::string(kMaxApiBody + 1, ' '));
    cr_expect(!huge.forward && huge.status == 400);
    expect_str(huge.body, R"({"message":"leash: the request body is over 4194304 bytes"})");
    // The message names the problem, never a value.
    auto stale = judge(R"({"Env":["A","B","OPENAI_API_KEY=sk-secret"],"Env":["A"],"Env":["A","B",null]})");
    cr_expect(stale.status == 400 && stale.body.find("sk-secret") == std::string::npos);
}

Test(api, a_host_configuration_on_start_before_api_1_24_is_refused) {
    auto v = judge(R"({"Binds":["/home/u:/h"],"Privileged":true})", "/v1.23/containers/c1/start", ApiRoute::Start);
    cr_expect(!v.forward && v.status == 403);
    expect_str(v.body, R"({"message":"leash: a host configuration on start (API before 1.24) is not supported: give it on create"})");
    cr_expect(!judge(R"({"HostConfig":{}})", "/v1.12/containers/c1/start", ApiRoute::Start).forward);
    cr_expect(!judge("{\"Binds\":", "/v1.20/containers/c1/start", ApiRoute::Start).forward);
    // Nothing to give, or an API version whose daemon refuses a body itself.
    for (const char* body : {"", " ", "{}", "{ }", "null"}) {
        auto ok = judge(body, "/v1.23/containers/c1/start", ApiRoute::Start);
        cr_expect(ok.forward, "%s", body);
        expect_str(ok.body, body);
    }
    cr_expect(judge(R"({"Privileged":true})", "/v1.24/containers/c1/start", ApiRoute::Start).forward);
    cr_expect(judge(R"({"Privileged":true})", "/containers/c1/start", ApiRoute::Start).forward);
}

Test(api, the_agents_own_key_stays_as_the_client_sent_it) {
    // On a command line leash moves a key's value off it (ps shows argv); a body has nothing to move.
    auto v = judge(R"({"Image":"example.com/team/claude-code","Env":["ANTHROPIC_API_KEY=sk-ant"]})");
    cr_expect(v.forward);
    expect_str(v.body, R"({"Image":"example.com/team/claude-code","Env":["ANTHROPIC_API_KEY=sk-ant"]})");
}

Test(api, host_access_in_an_agents_container_is_refused_with_403) {
    auto v = judge(R"({"Image":"example.com/team/claude-code","HostConfig":{"Privileged":true}})");
    cr_expect(!v.forward && v.status == 403);
    cr_expect(v.body.starts_with(R"({"message":"leash: refusing docker: --privileged hands the container the host ()"), "%s",
              v.body.c_str());
    cr_expect(v.body.ends_with(R"(allow it for claude with allow_host = privileged in [agent.claude]"})"), "%s", v.body.c_str());
    for (const char* host : {R"("PidMode":"host")", R"("CapAdd":["NET_ADMIN","SYS_ADMIN"])", R"("NetworkMode":"host")",
                             R"("SecurityOpt":["seccomp=unconfined"])", R"("Devices":[{"PathOnHost":"/dev/sda"}])"}) {
        auto r = judge(fmt::format(R"({{"Image":"example.com/team/claude-code","HostConfig":{{{}}}}})", host));
        cr_expect(!r.forward && r.status == 403, "%s: %s", host, r.body.c_str());
        // Any other container's passes as it came.
        std::string plain = fmt::format(R"({{"Image":"alpine","HostConfig":{{{}}}}})", host);
        auto p = judge(plain);
        cr_expect(p.forward && p.body == plain, "%s: %s", host, p.body.c_str());
    }
    auto ok = judge(R"({"Image":"example.com/team/claude-code","HostConfig":{"Privileged":false,"PidMode":"","CapAdd":["NET_BIND_SERVICE"]}})");
    cr_expect(ok.forward, "%s", ok.body.c_str());
}

Test(api, a_mount_that_hands_over_the_host_is_refused_with_403) {
    for (const char* host : {R"("Binds":["/:/host:ro"])", R"("Binds":["/var/run/docker.sock:/s"])",
                             R"("Mounts":[{"Type":"bind","Source":"/proc","Target":"/p"}])"}) {
        auto r = judge(fmt::format(R"({{"Image":"example.com/team/claude-code","HostConfig":{{{}}}}})", host));
        cr_expect(!r.forward && r.status == 403 && r.body.find("hands the container the host") != std::string::npos, "%s: %s",
                  host, r.body.c_str());
        std::string plain = fmt::format(R"({{"Image":"alpine","HostConfig":{{{}}}}})", host);
        auto p = judge(plain);
        cr_expect(p.forward && p.body == plain, "%s: %s", host, p.body.c_str());
    }
    auto ok = judge(R"({"Image":"example.com/team/claude-code","HostConfig":{"Binds":["/home/u/proj:/work"]}})");
    cr_expect(ok.forward, "%s", ok.body.c_str());
}

// A body whose mounts would show an agent's container another's store gets leash's masks as the daemon
// reads them: read-only bind Mounts entries where it reads the host configuration, a mount that a mask
// replaces taken out of its list; the same mounts pass for a plain image, and the guard's own output
// passes as it is.
namespace {

struct MaskCase {
    TestWorld world;
    Config config = default_config();
    Env host = {"HOME=/home/u", "OPENAI_API_KEY=sk-never-used"};
    MaskCase() {
        for (const char* d : {"/home/u", "/home/u/.codex", "/home/u/proj", "/home/u/work"}) world.kinds[d] = PathKind::Dir;
        world.files["/home/u/proj/.env"] = "OPENAI_API_KEY=sk-proj\nPORT=8080\n";
    }
    ApiVerdict judge(std::string_view body, DaemonFiles daemon = DaemonFiles::Local) {
        return judge_api(config, ApiRoute::Create, kCreate, body, world, host, daemon);
    }
    // The body is forwarded as `want`, and judged again it stays so.
    void expect_masks(std::string_view body, std::string_view want) {
        auto v = judge(body);
        cr_expect(v.forward, "%s", v.body.c_str());
        expect_str(v.body, want);
        auto again = judge(v.body);
        cr_expect(again.forward);
        expect_str(again.body, v.body);
    }
};

constexpr std::string_view kCodexMask = R"({"Type":"bind","Source":"/masks/empty-dir","Target":"/h/.codex","ReadOnly":true})";

}  // namespace

Test(api, a_body_whose_mounts_show_another_agents_store_gets_masks) {
    MaskCase m;
    auto v = m.judge(R"({"Image":"example.com/team/claude-code","HostConfig":{"Binds":["/home/u:/h:ro"]}})");
    cr_assert(v.forward, "%s", v.body.c_str());
    expect_str(v.body, fmt::format(R"({{"Image":"example.com/team/claude-code","HostConfig":{{"Mounts":[{}],"Binds":["/home/u:/h:ro"]}}}})",
                                   kCodexMask));
    expect_str(*v.notice, "leash: claude (example.com/team/claude-code): withheld /home/u/.codex (HostConfig.Binds)");
    auto again = m.judge(v.body);
    expect_str(again.body, v.body);
    // The same mounts for a plain image, and a directory of no store for claude's, pass as they came.
    for (std::string_view body : {R"({"Image":"alpine","HostConfig":{"Binds":["/home/u:/h:ro"]}})",
                                  R"({"Image":"example.com/team/claude-code","HostConfig":{"Binds":["/home/u/work:/w"]}})"}) {
        auto p = m.judge(body);
        cr_expect(p.forward && p.body == body, "%s", p.body.c_str());
    }
}

Test(api, masks_go_into_the_mounts_list_the_daemon_reads) {
    MaskCase m;
    // After the body's own Mounts, with its other settings and spelling as they were.
    m.expect_masks(R"({"Image":"example.com/team/claude-code","HostConfig":{"NetworkMode":"none", "mounts" : [{"Type":"bind","Source":"/home/u","Target":"/h","ReadOnly":true}]}})",
                   fmt::format(R"({{"Image":"example.com/team/claude-code","HostConfig":{{"NetworkMode":"none", "mounts" : [{{"Type":"bind","Source":"/home/u","Target":"/h","ReadOnly":true}},{}]}}}})",
                               kCodexMask));
    // A null Mounts becomes the list.
    m.expect_masks(R"({"Image":"example.com/team/claude-code","HostConfig":{"Binds":["/home/u:/h:ro"],"Mounts":null}})",
                   fmt::format(R"({{"Image":"example.com/team/claude-code","HostConfig":{{"Binds":["/home/u:/h:ro"],"Mounts":[{}]}}}})", kCodexMask));
    // No HostConfig: the daemon (20.10 to 26) reads the top level's.
    m.expect_masks(R"({"Image":"example.com/team/claude-code","Binds":["/home/u:/h:ro"]})",
                   fmt::format(R"({{"Mounts":[{}],"Image":"example.com/team/claude-code","Binds":["/home/u:/h:ro"]}})", kCodexMask));
    // And its Env written as the decision leaves it, in the same body.
    m.expect_masks(R"({"Image":"example.com/team/claude-code","Env":["OPENAI_API_KEY=sk-o","A=1"],"HostConfig":{"Binds":["/home/u:/h:ro"]}})",
                   fmt::format(R"({{"Image":"example.com/team/claude-code","Env":["A=1"],"HostConfig":{{"Mounts":[{}],"Binds":["/home/u:/h:ro"]}}}})",
                               kCodexMask));
}

Test(api, a_mount_a_mask_replaces_leaves_its_list) {
    MaskCase m;
    // The store mounted whole: its Binds entry goes, the placeholder at its target.
    m.expect_masks(R"({"Image":"example.com/team/claude-code","HostConfig":{"Binds":["/home/u/proj:/w","/home/u/.codex:/root/.codex"]}})",
                   R"({"Image":"example.com/team/claude-code","HostConfig":{"Mounts":[{"Type":"bind","Source":"/masks/.env.0",)"
                   R"("Target":"/w/.env","ReadOnly":true},{"Type":"bind","Source":"/masks/empty-dir","Target":"/root/.codex",)"
                   R"("ReadOnly":true}],"Binds":["/home/u/proj:/w"]}})");
    expect_str(m.world.files["/masks/.env.0"], "PORT=8080\n");
    // A .env mounted by itself, from Mounts.
    m.expect_masks(R"({"Image":"example.com/team/claude-code","HostConfig":{"Mounts":[{"Type":"bind","Source":"/home/u/proj/.env","Target":"/app/.env"},{"Type":"volume","Target":"/data"}]}})",
                   R"({"Image":"example.com/team/claude-code","HostConfig":{"Mounts":[{"Type":"volume","Target":"/data"},)"
                   R"({"Type":"bind","Source":"/masks/.env.0","Target":"/app/.env","ReadOnly":true}]}})");
}

Test(api, masks_the_body_cannot_carry_are_refused) {
    MaskCase m;
    // Over TCP the daemon mounts its own machine's files, where leash's masks are not.
    auto remote = m.judge(R"({"Image":"example.com/team/claude-code","HostConfig":{"Binds":["/home/u:/h:ro"]}})", DaemonFiles::Remote);
    cr_expect(!remote.forward);
    cr_expect_eq(remote.status, 403);
    expect_str(remote.body, R"({"message":"leash: refusing: the container's mounts show it /home/u/.codex (codex's login), and )"
                            R"(the daemon, reached over TCP, mounts the files of its own machine, where leash cannot mask them; )"
                            R"(mount a project's directory instead, or run the guard on the daemon's machine"})");
    // A plain image's, or one that needs no mask, go there as they came.
    std::string plain = R"({"Image":"alpine","HostConfig":{"Binds":["/home/u:/h:ro"]}})";
    cr_expect(m.judge(plain, DaemonFiles::Remote).body == plain);
    // A host configuration, or a list to change, spelled twice: which one a reader takes is not leash's to bet on.
    for (const char* body : {R"({"Image":"example.com/team/claude-code","HostConfig":{"Binds":["/home/u:/h:ro"]},"hostconfig":{}})",
                             R"({"Image":"example.com/team/claude-code","HostConfig":{"Mounts":[],"Binds":["/home/u:/h:ro"],"MOUNTS":[]}})"}) {
        auto v = m.judge(body);
        cr_expect(!v.forward && v.status == 400, "%s: %s", body, v.body.c_str());
        cr_expect(v.body.find("cannot write the masks into the request body") != std::string::npos, "%s", v.body.c_str());
    }
}
