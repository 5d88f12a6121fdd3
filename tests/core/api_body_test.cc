// The Docker-API body reader and writer: every way a body could read one way to a careless reader and
// another way to the daemon (Go's encoding/json into moby's types) is a way to smuggle a key past the
// guard. tests/e2e/api_reader_test.sh checks the same bodies against the real daemon.
#include "core/api_body.h"

#include "test_util.h"

using namespace leash;

namespace {

constexpr std::string_view kCreate = "/v1.41/containers/create";

Result<ApiBody> read(std::string_view body, std::string_view target = kCreate) {
    return read_api_body(read_api_target("POST", target), body);
}

ApiBody must_read(std::string_view body, std::string_view target = kCreate) {
    auto b = read(body, target);
    cr_assert(b, "refused %s: %s", std::string(body).c_str(), b ? "" : b.error().c_str());
    return std::move(*b);
}

std::string refusal(std::string_view body, std::string_view target = kCreate) {
    auto b = read(body, target);
    cr_assert(!b, "read %s", std::string(body).c_str());
    return b.error();
}

template <class List, class F>
std::string list(const List& items, F f) {
    std::string out;
    for (const auto& i : items) out += (out.empty() ? "" : "|") + f(i);
    return out;
}

std::string env(std::string_view body) {
    auto b = must_read(body);
    return list(b.c.env, [](const EnvSource& e) { return std::string(e.value); });
}

std::string host(std::string_view body, std::string_view target = kCreate) {
    auto b = must_read(body, target);
    return list(b.c.host, [](const HostSetting& h) { return std::string(h.name) + "=" + std::string(h.value); });
}

std::string mounts(std::string_view body) {
    auto b = must_read(body);
    constexpr const char* kTypes[] = {"bind", "volume", "tmpfs", "other"};
    return list(b.c.mounts, [&](const Mount& m) {
        return std::string(kTypes[m.type]) + " " + m.source + ":" + m.target + (m.readonly ? ":ro" : "") + " (" + m.via + ")";
    });
}

std::string labels(std::string_view body) {
    auto b = must_read(body);
    return list(b.c.labels, [](const Label& l) { return std::string(l.name) + "=" + std::string(l.value); });
}

// The body after the decision drops every entry whose name is in `drop` ("NAME=" prefixes).
std::string without(std::string_view body, std::initializer_list<std::string_view> drop) {
    auto b = must_read(body);
    std::vector<std::optional<std::string_view>> out;
    for (const auto& e : b.c.env) {
        bool gone = false;
        for (auto d : drop) gone = gone || e.value.starts_with(d);
        out.push_back(gone ? std::nullopt : std::optional(e.value));
    }
    return write_api_body(b, out);
}

}  // namespace

Test(api_body, reads_a_create_body_as_the_model) {
    auto b = must_read(R"({"Image":"example.com/team/claude-code","Entrypoint":["npx","-y"],"Cmd":["@anthropic-ai/claude-code"],
        "Env":["A=1","OPENAI_API_KEY=sk"],"Labels":{"leash.agent":"claude"},"WorkingDir":"/w",
        "HostConfig":{"Binds":["/home/u/.aws:/root/.aws:ro","data:/data","/anon"],"VolumesFrom":["other:ro"],
        "Mounts":[{"Type":"bind","Source":"/home/u/p","Target":"/p","ReadOnly":true},{"Type":"tmpfs","Target":"/t"}]}})");
    const Container& c = b.c;
    cr_expect(c.from_api && c.sub == Subcommand::Create);
    expect_str(*c.image, "example.com/team/claude-code");
    expect_str(*c.entrypoint, "npx");
    expect_str(leash::test::joined({c.command.begin(), c.command.end()}), "-y @anthropic-ai/claude-code");
    cr_assert_eq(c.env.size(), 2);
    cr_expect(c.env[1].kind == EnvKind::Entry && c.env[1].at.token == 1);
    expect_str(c.env[1].value, "OPENAI_API_KEY=sk");
    expect_str(*c.workdir, "/w");
    cr_assert_eq(c.volumes_from.size(), 1);
    expect_str(c.volumes_from[0], "other:ro");
    expect_str(labels(b.text), "leash.agent=claude");
    expect_str(mounts(b.text), "bind /home/u/.aws:/root/.aws:ro (HostConfig.Binds)|volume data:/data (HostConfig.Binds)|"
                               "volume :/anon (HostConfig.Binds)|bind /home/u/p:/p:ro (HostConfig.Mounts)|"
                               "tmpfs :/t (HostConfig.Mounts)");
    cr_expect(c.host.empty());
}

Test(api_body, reads_an_exec_body_and_its_container) {
    auto b = must_read(R"({"Env":["OPENAI_API_KEY=sk"],"Cmd":["sh","-c","env"],"WorkingDir":"/w","Privileged":true})",
                       "/v1.41/containers/my%2Fbox/exec");
    cr_expect(b.c.sub == Subcommand::Exec && b.c.from_api);
    expect_str(*b.c.container, "my/box");
    expect_str(leash::test::joined({b.c.command.begin(), b.c.command.end()}), "sh -c env");
    expect_str(b.c.env[0].value, "OPENAI_API_KEY=sk");
    expect_str(host(b.text, "/containers/x/exec"), "privileged=true");
    // ExecConfig.Cmd is a plain []string: one string is an error for the daemon.
    expect_str(refusal(R"({"Cmd":"env"})", "/containers/x/exec"), "Cmd must be a list of strings");
}

Test(api_body, the_last_of_duplicate_keys_wins) {
    expect_str(env(R"({"Env":["OPENAI_API_KEY=sk"],"Env":["A=1"]})"), "A=1");
    expect_str(env(R"({"Env":["A=1"],"Env":["OPENAI_API_KEY=sk"]})"), "OPENAI_API_KEY=sk");
    expect_str(env(R"({"Env":["A=1"],"Env":null})"), "");
    expect_str(env(R"({"Env":["A=1"],"Env":null,"Env":["B=2"]})"), "B=2");
    expect_str(env(R"({"Env":["A=1","B=2"],"Env":[]})"), "");
    auto b = must_read(R"({"Image":"alpine","Image":"example.com/team/claude-code"})");
    expect_str(*b.c.image, "example.com/team/claude-code");
}

Test(api_body, keys_match_fields_without_regard_to_case) {
    expect_str(env(R"({"env":["A=1"]})"), "A=1");
    expect_str(env(R"({"ENV":["A=1"]})"), "A=1");
    expect_str(env(R"({"Env":["A=1"],"eNV":["B=2"]})"), "B=2");
    expect_str(host(R"({"hostconfig":{"PRIVILEGED":true}})"), "privileged=true");
    expect_str(mounts(R"({"HOSTCONFIG":{"binds":["/a:/b"]}})"), "bind /a:/b (HostConfig.Binds)");
}

Test(api_body, keys_fold_as_go_folds_them) {
    // The Kelvin sign folds to k and the long s to s, so Go takes these for NetworkMode and Labels.
    expect_str(host("{\"Networ\xE2\x84\xAAMode\":\"host\"}"), "network=host");
    expect_str(labels("{\"Label\xC5\xBF\":{\"leash.agent\":\"codex\"}}"), "leash.agent=codex");
    expect_str(mounts("{\"HostConfig\":{\"Bind\xC5\xBF\":[\"/a:/b\"]}}"), "bind /a:/b (HostConfig.Binds)");
    // Look-alikes that Go does not fold are other keys: Cyrillic Е and ѕ, the fullwidth Ｅ, the dotless ı.
    expect_str(env("{\"Env\":[\"A=1\"],\"\xD0\x95nv\":[\"B=2\"]}"), "A=1");
    expect_str(labels("{\"Labels\":{\"a\":\"1\"},\"Label\xD1\x95\":{\"b\":\"2\"}}"), "a=1");
    expect_str(env("{\"Env\":[\"A=1\"],\"\xEF\xBC\xA5nv\":[\"B=2\"]}"), "A=1");
    expect_str(host("{\"Pr\xC4\xB1vileged\":true}"), "");
    cr_expect(gojson::key_matches("Env", "eNv") && !gojson::key_matches("Env", "En") && !gojson::key_matches("Env", "Envv"));
    cr_expect(gojson::key_matches("Mounts", "MOUNT\xC5\xBF") && !gojson::key_matches("Env", "\xC5\xBFnv"));
}

Test(api_body, escapes_in_keys_are_decoded) {
    expect_str(env(R"({"\u0045nv":["A=1"]})"), "A=1");
    expect_str(env(R"({"Env":["A=1"],"\u0065\u004e\u0076":["B=2"]})"), "B=2");
    expect_str(host(R"({"HostConfig":{"Privil\u0065ged":true}})"), "privileged=true");
    expect_str(host("{\"Networ\\u212aMode\":\"host\"}"), "network=host");
    // A NUL makes it another key.
    expect_str(env(R"({"Env":["A=1"],"Env\u0000":["B=2"]})"), "A=1");
}

Test(api_body, values_are_decoded_as_go_decodes_them) {
    expect_str(env(R"({"Env":["OPENAI\u005fAPI_KEY=sk","A=\ud83d\ude00","B=x\u0000y"]})"),
               std::string("OPENAI_API_KEY=sk|A=\xF0\x9F\x98\x80|B=x") + '\0' + "y");
    expect_str(env(R"({"Env":["A=\/\"\\\b\f\n\r\t"]})"), "A=/\"\\\b\f\n\r\t");
}

Test(api_body, null_leaves_strings_and_bools_and_empties_the_rest) {
    expect_str(host(R"({"HostConfig":{"Privileged":true,"Privileged":null}})"), "privileged=true");
    auto b = must_read(R"({"Image":"example.com/team/claude-code","Image":null})");
    expect_str(*b.c.image, "example.com/team/claude-code");
    expect_str(labels(R"({"Labels":{"a":"1"},"Labels":null,"Labels":{"b":"2"}})"), "b=2");
    expect_str(labels(R"({"Labels":{"a":null}})"), "a=");
    expect_str(host(R"({"HostConfig":{"CapAdd":["SYS_ADMIN"],"CapAdd":null}})"), "");
    // A null item of a fresh list is its zero value; of a list decoded again, the item already there.
    expect_str(env(R"({"Env":["A=1",null]})"), "A=1|");
    expect_str(env(R"({"Env":["A=1","OPENAI_API_KEY=sk"],"Env":["B=2",null]})"), "B=2|OPENAI_API_KEY=sk");
    // Past the old length, Go may or may not still have an earlier item there (it depends on how Go grew
    // the slice): leash refuses rather than guess.
    expect_str(refusal(R"({"Env":["A","B","OPENAI_API_KEY=sk"],"Env":["A"],"Env":["A","B",null]})"),
               "Env is given more than once in a way leash does not follow");
    expect_str(env(R"({"Env":["A","B","C"],"Env":["A"],"Env":["A","B","D"]})"), "A|B|D");
}

Test(api_body, objects_decoded_twice_are_merged) {
    // A second HostConfig fills the same struct: Privileged stays.
    expect_str(host(R"({"HostConfig":{"Privileged":true},"HostConfig":{"Binds":[]}})"), "privileged=true");
    expect_str(host(R"({"HostConfig":{"Privileged":true},"hostConfig":{"PidMode":"host"}})"), "privileged=true|pid=host");
    // null drops it.
    expect_str(host(R"({"HostConfig":{"Privileged":true},"HostConfig":null,"HostConfig":{"PidMode":"host"}})"), "pid=host");
    expect_str(labels(R"({"Labels":{"a":"1"},"labels":{"leash.agent":"claude","a":"2"}})"), "a=2|leash.agent=claude");
    // Mounts decoded again go into the mounts already there, field by field.
    expect_str(mounts(R"({"HostConfig":{"Mounts":[{"Type":"bind","Source":"/home/u/.aws","Target":"/a"}],
                                        "Mounts":[{"Target":"/b"}]}})"),
               "bind /home/u/.aws:/b (HostConfig.Mounts)");
    expect_str(refusal(R"({"HostConfig":{"Mounts":[{"Target":"/a"},{"Type":"bind","Source":"/s","Target":"/b"}],
                                         "Mounts":[{"Target":"/a"}],"Mounts":[{"Target":"/a"},{"Target":"/c"}]}})"),
               "HostConfig.Mounts is given more than once in a way leash does not follow");
}

Test(api_body, host_config_at_the_top_level_counts_without_an_inner_one) {
    // runconfig.ContainerConfigWrapper embeds *HostConfig: docker 20.10 to 26 use its fields when the
    // body has no HostConfig.
    expect_str(host(R"({"Privileged":true,"PidMode":"host"})"), "privileged=true|pid=host");
    expect_str(mounts(R"({"Binds":["/home/u:/h"]})"), "bind /home/u:/h (Binds)");
    expect_str(host(R"({"Privileged":true,"HostConfig":{"PidMode":"host"}})"), "pid=host");
    expect_str(host(R"({"HostConfig":{"PidMode":"host"},"HostConfig":null,"Privileged":true})"), "privileged=true");
}

Test(api_body, host_settings_are_named_like_the_cli_flags) {
    expect_str(host(R"({"HostConfig":{"Privileged":false,"PidMode":"host","NetworkMode":"host","IpcMode":"host",
        "UTSMode":"host","UsernsMode":"host","CgroupnsMode":"host","CapAdd":"SYS_PTRACE","SecurityOpt":["seccomp=unconfined"],
        "Devices":[{"PathOnHost":"/dev/sda","PathInContainer":"/dev/xvda","CgroupPermissions":"rwm"},{"PathOnHost":"/dev/fuse"}],
        "DeviceCgroupRules":["b *:* rwm"],"Links":["other:alias"]}})"),
               "pid=host|network=host|ipc=host|uts=host|userns=host|cgroupns=host|cap-add=SYS_PTRACE|"
               "security-opt=seccomp=unconfined|device=/dev/sda:/dev/xvda:rwm|device=/dev/fuse|"
               "device-cgroup-rule=b *:* rwm|link=other:alias");
    expect_str(host(R"({"HostConfig":{"CapAdd":["NET_ADMIN","SYS_ADMIN"]}})"), "cap-add=NET_ADMIN|cap-add=SYS_ADMIN");
}

Test(api_body, a_local_volume_with_bind_options_is_a_bind_mount) {
    expect_str(mounts(R"({"HostConfig":{"Mounts":[{"Type":"volume","Source":"innocent","Target":"/v",
        "VolumeOptions":{"DriverConfig":{"Name":"local","Options":{"type":"none","o":"ro,bind","device":"/home/u/.ssh"}}}}]}})"),
               "bind /home/u/.ssh:/v (HostConfig.Mounts)");
    expect_str(mounts(R"({"HostConfig":{"Mounts":[{"Type":"volume","Source":"data","Target":"/v"}]}})"),
               "volume data:/v (HostConfig.Mounts)");
}

Test(api_body, binds_are_read_as_docker_reads_them) {
    expect_str(mounts(R"({"HostConfig":{"Binds":["/home/u/../u//.aws/:/a/:ro,z","named:/n:rw","/x:/y:rshared,ro"]}})"),
               "bind /home/u/.aws:/a:ro (HostConfig.Binds)|volume named:/n (HostConfig.Binds)|bind /x:/y:ro (HostConfig.Binds)");
}

Test(api_body, entrypoint_and_cmd_take_a_string_or_a_list) {
    auto b = must_read(R"({"Entrypoint":"claude","Cmd":"--help"})");
    expect_str(*b.c.entrypoint, "claude");
    expect_str(b.c.command.at(0), "--help");
    // An empty Entrypoint list clears the image's: Cmd's first word is the program.
    auto cleared = must_read(R"({"Entrypoint":[],"Cmd":["codex"]})");
    cr_expect(!cleared.c.entrypoint);
    expect_str(cleared.c.command.at(0), "codex");
    auto nulls = must_read(R"({"Cmd":["a",null,"b"]})");
    cr_assert_eq(nulls.c.command.size(), 3);
    expect_str(nulls.c.command[1], "");
    expect_str(refusal(R"({"Cmd":1})"), "Cmd must be a string or a list of strings");
    expect_str(refusal(R"({"Entrypoint":["a",1]})"), "Entrypoint items must be strings");
}

Test(api_body, values_of_the_wrong_type_are_refused) {
    expect_str(refusal(R"({"Env":"OPENAI_API_KEY=sk"})"), "Env must be a list of strings");
    expect_str(refusal(R"({"Env":["A=1",2]})"), "Env items must be strings");
    expect_str(refusal(R"({"Env":[["OPENAI_API_KEY=sk"]]})"), "Env items must be strings");
    expect_str(refusal(R"({"Env":{"OPENAI_API_KEY":"sk"}})"), "Env must be a list of strings");
    expect_str(refusal(R"({"HostConfig":{"Privileged":"true"}})"), "HostConfig.Privileged must be true or false");
    expect_str(refusal(R"({"HostConfig":[]})"), "HostConfig must be an object");
    expect_str(refusal(R"({"Image":1})"), "Image must be a string");
    expect_str(refusal(R"({"Labels":{"a":1}})"), "Labels values must be strings");
    expect_str(refusal(R"({"HostConfig":{"Mounts":[{"Source":true}]}})"), "HostConfig.Mounts[0].Source must be a string");
    expect_str(refusal(R"({"HostConfig":{"Mounts":["/a:/b"]}})"), "HostConfig.Mounts items must be objects");
}

Test(api_body, what_the_daemon_ignores_is_skipped) {
    expect_str(env(R"({"Tty":"not a bool","Healthcheck":{"Test":[1,{"Env":["X=1"]}]},"X":[[[{}]]],"N":-1.5e300,
                       "Env":["A=1"],"NetworkingConfig":{"Env":["B=2"]}})"),
               "A=1");
    expect_str(env(R"({"HostConfig":{"Env":["OPENAI_API_KEY=sk"]},"Env":["A=1"]})"), "A=1");
}

Test(api_body, unreadable_bodies_are_refused) {
    expect_str(refusal(""), "not JSON");
    expect_str(refusal("   "), "not JSON");
    expect_str(refusal("[]"), "not a JSON object");
    expect_str(refusal("null"), "not a JSON object");
    expect_str(refusal("\"Env\""), "not a JSON object");
    expect_str(refusal(R"({"Env":["A=1"],})"), "not JSON");
    expect_str(refusal(R"({"Env":["A=1"])"), "not JSON");
    expect_str(refusal("{\"Env\":[\"A=\x01\"]}"), "not JSON");
    // Go would read these (with U+FFFD): leash does not guess.
    expect_str(refusal("{\"Env\":[\"A=\xFF\"]}"), "not JSON");
    expect_str(refusal(R"({"Env":["A=\ud800"]})"), "not JSON");
    // Go's decoder takes no byte order mark.
    expect_str(refusal("\xEF\xBB\xBF{}"), "not JSON (a byte order mark)");
}

Test(api_body, only_the_first_value_is_read) {
    // json.Decoder reads one value: docker 20.10 ignores what follows (docker 25 and later refuse it).
    auto b = must_read(R"({"Env":["A=1"]} {"Env":["OPENAI_API_KEY=sk"]})");
    expect_str(b.c.env.at(0).value, "A=1");
    cr_expect_eq(b.c.env.size(), 1);
    expect_str(env("{\"Env\":[\"A=1\"]}garbage\xFF"), "A=1");
}

Test(api_body, nesting_is_limited_as_go_limits_it) {
    std::string ok = "{\"X\":" + std::string(9999, '[') + std::string(9999, ']') + ",\"Env\":[\"A=1\"]}";
    expect_str(env(ok), "A=1");
    std::string deep = "{\"X\":" + std::string(10000, '[') + std::string(10000, ']') + "}";
    expect_str(refusal(deep), "nested deeper than 10000 levels");
    std::string deeper = "{\"X\":" + std::string(1000000, '[');
    expect_str(refusal(deeper), "nested deeper than 10000 levels");
}

Test(api_body, nothing_changed_forwards_the_original_bytes) {
    std::string_view body = " {\"Env\" : [ \"A=1\" , \"\\u0042=2\" ],\"env\":[\"A=1\",\"B=2\"]}\n trailing";
    expect_str(without(body, {}), body);
}

Test(api_body, removing_an_entry_leaves_the_rest_as_written) {
    expect_str(without(R"({"Image":"i", "Env": ["A=1", "OPENAI_API_KEY=sk", "B=\u0032"], "Cmd":["x"]})", {"OPENAI_API_KEY="}),
               R"({"Image":"i", "Env": ["A=1","B=\u0032"], "Cmd":["x"]})");
    expect_str(without(R"({"Env":["OPENAI_API_KEY=sk"]} trailing)", {"OPENAI_API_KEY="}), R"({"Env":[]} trailing)");
    // A key spelled another way, written once, keeps its spelling.
    expect_str(without(R"({"\u0065nv":["OPENAI_API_KEY=sk","A=1"]})", {"OPENAI_API_KEY="}), R"({"\u0065nv":["A=1"]})");
}

Test(api_body, a_list_spelled_more_than_once_is_written_once) {
    expect_str(without(R"({"Env":["OPENAI_API_KEY=a"],"Image":"i","eNv":["A=1","OPENAI_API_KEY=b"]})", {"OPENAI_API_KEY="}),
               R"({"Image":"i","Env":["A=1"]})");
    expect_str(without(R"({"Env":["A=1","OPENAI_API_KEY=b"],"Env":["C=3",null],"Env\u0000":["OPENAI_API_KEY=c"]})",
                       {"OPENAI_API_KEY="}),
               R"({"Env":["C=3"],"Env\u0000":["OPENAI_API_KEY=c"]})");
    expect_str(without(R"({"Env":["A=\u0031","OPENAI_API_KEY=b"],"Env":null,"ENV":["A=\u0031","OPENAI_API_KEY=b"]})",
                       {"OPENAI_API_KEY="}),
               R"({"Env":["A=1"]})");
}

Test(api_body, a_rewritten_body_reads_as_the_decision_left_it) {
    const char* bodies[] = {
        R"({"Env":["OPENAI_API_KEY=a","A=1"]})",
        R"({"Env":["OPENAI_API_KEY=a"],"env":["A=1","OPENAI_API_KEY=b"],"Image":"x"})",
        R"({"Env":["A=1","OPENAI_API_KEY=b"],"Env":["C=3",null]})",
        "{\"\\u0045nv\":[\"OPENAI_API_KEY=a\"],\"EN\xC5\xBF\":[]} [1]",
    };
    for (const char* body : bodies) {
        std::string out = without(body, {"OPENAI_API_KEY="});
        auto again = must_read(out);
        for (const auto& e : again.c.env) cr_expect(!e.value.starts_with("OPENAI_API_KEY="), "%s -> %s", body, out.c_str());
        expect_str(without(out, {"OPENAI_API_KEY="}), out);
    }
}
