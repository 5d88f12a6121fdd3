#include "core/docker_endpoint.h"

#include <map>

#include "core/sha256.h"
#include "test_util.h"

using namespace leash;

namespace {

// A file system as a table: path -> contents; "!" marks a file that exists and cannot be read.
struct Files {
    std::map<std::string, std::string> files;
    Result<std::optional<std::string>> operator()(const std::string& path) const {
        auto it = files.find(path);
        if (it == files.end()) return std::optional<std::string>();
        if (it->second == "!") return Error{path + ": Permission denied"};
        return std::optional<std::string>(it->second);
    }
};

std::string found(const Env& env, const Files& files) {
    auto e = docker_endpoint(env, files);
    return e ? e->url() + " from " + e->origin : "error: " + e.error();
}

std::string meta(const std::string& name, const std::string& host) {
    return "{\"Name\":\"" + name + "\",\"Metadata\":{},\"Endpoints\":{\"docker\":{\"Host\":\"" + host +
           "\",\"SkipTLSVerify\":false}}}";
}

const std::string kHome = "/home/u";

}  // namespace

Test(sha256, nist_vectors) {
    expect_str(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect_str(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect_str(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
               "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    expect_str(sha256_hex(std::string(1000000, 'a')), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    // 55, 56 and 64 bytes: the padding's edges.
    expect_str(sha256_hex(std::string(55, 'a')), "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
    expect_str(sha256_hex(std::string(56, 'a')), "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
    expect_str(sha256_hex(std::string(64, 'a')), "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
}

Test(docker_endpoint, as_the_docker_cli_chooses) {
    std::string ctx = kHome + "/.docker/contexts/meta/" + sha256_hex("remote") + "/meta.json";
    std::string other = kHome + "/.docker/contexts/meta/" + sha256_hex("other") + "/meta.json";
    Files files{{{kHome + "/.docker/config.json", "{\"auths\":{},\"currentContext\":\"remote\"}"},
                 {ctx, meta("remote", "unix:///run/remote.sock")},
                 {other, meta("other", "tcp://10.0.0.5:2375")}}};
    Env home = {"HOME=" + kHome};
    // DOCKER_HOST wins over DOCKER_CONTEXT and the config's context.
    expect_str(found({"HOME=" + kHome, "DOCKER_HOST=unix:///tmp/d.sock", "DOCKER_CONTEXT=other"}, files),
               "unix:///tmp/d.sock from DOCKER_HOST");
    expect_str(found({"HOME=" + kHome, "DOCKER_CONTEXT=other"}, files), "tcp://10.0.0.5:2375 from context \"other\" (from DOCKER_CONTEXT)");
    expect_str(found(home, files), "unix:///run/remote.sock from context \"remote\" (from /home/u/.docker/config.json)");
    expect_str(found({"HOME=" + kHome, "DOCKER_CONTEXT=default"}, files), "unix:///var/run/docker.sock from context \"default\"");
    expect_str(found(home, Files{}), "unix:///var/run/docker.sock from the default");
    // An empty DOCKER_HOST is no DOCKER_HOST.
    expect_str(found({"HOME=" + kHome, "DOCKER_HOST="}, Files{}), "unix:///var/run/docker.sock from the default");
}

Test(docker_endpoint, docker_config_moves_the_directory) {
    Files files{{{"/cfg/config.json", "{\"currentContext\":\"x\"}"},
                 {"/cfg/contexts/meta/" + sha256_hex("x") + "/meta.json", meta("x", "unix:///x.sock")},
                 {kHome + "/.docker/config.json", "{\"currentContext\":\"y\"}"}}};
    expect_str(found({"HOME=" + kHome, "DOCKER_CONFIG=/cfg"}, files), "unix:///x.sock from context \"x\" (from /cfg/config.json)");
}

Test(docker_endpoint, what_the_guard_cannot_front_or_find) {
    std::string dir = kHome + "/.docker/contexts/";
    std::string h = sha256_hex("tls");
    Files files{{{dir + "meta/" + h + "/meta.json", meta("tls", "tcp://d.example:2376")},
                 {dir + "tls/" + h + "/docker/ca.pem", "-----BEGIN CERTIFICATE-----"},
                 {dir + "meta/" + sha256_hex("broken") + "/meta.json", "{\"Endpoints\":{}}"},
                 {dir + "meta/" + sha256_hex("ssh") + "/meta.json", meta("ssh", "ssh://me@host")}}};
    auto error_of = [&](const Env& env, const Files& f) {
        auto e = docker_endpoint(env, f);
        cr_expect(!e, "accepted: %s", e ? e->url().c_str() : "");
        return e ? std::string() : e.error();
    };
    Env home = {"HOME=" + kHome};
    cr_expect(error_of({"HOME=" + kHome, "DOCKER_CONTEXT=tls"}, files).find("TLS") != std::string::npos);
    cr_expect(error_of({"HOME=" + kHome, "DOCKER_CONTEXT=missing"}, files).find("no such context") != std::string::npos);
    cr_expect(error_of({"HOME=" + kHome, "DOCKER_CONTEXT=broken"}, files).find("Endpoints.docker.Host") != std::string::npos);
    cr_expect(error_of({"HOME=" + kHome, "DOCKER_CONTEXT=ssh"}, files).find("ssh") != std::string::npos);
    cr_expect(error_of({"HOME=" + kHome, "DOCKER_HOST=tcp://h:2376", "DOCKER_TLS_VERIFY=1"}, files).find("TLS") != std::string::npos);
    Files bad{{{kHome + "/.docker/config.json", "{\"currentContext\":"}}};
    cr_expect(error_of(home, bad).find("config.json") != std::string::npos);
    Files unreadable{{{kHome + "/.docker/config.json", "!"}}};
    cr_expect(error_of(home, unreadable).find("Permission denied") != std::string::npos);
}

Test(docker_endpoint, host_addresses_as_docker_reads_them) {
    struct Case {
        const char* in;
        const char* url;  // nullptr: refused
    };
    const Case cases[] = {
        {"unix:///run/docker.sock", "unix:///run/docker.sock"},
        {"unix://", "unix:///var/run/docker.sock"},
        {"", "unix:///var/run/docker.sock"},
        {"tcp://127.0.0.1:2375", "tcp://127.0.0.1:2375"},
        {"tcp://h", "tcp://h:2375"},
        {"tcp://:2375", "tcp://localhost:2375"},
        {"tcp://[::1]:2375", "tcp://[::1]:2375"},
        {"tcp://h:2375/", "tcp://h:2375"},
        {"h:1234", "tcp://h:1234"},
        {"  unix:///x  ", "unix:///x"},
        {"tcp://h:2375/prefix", nullptr},
        {"tcp://h:port", nullptr},
        {"tcp://h:99999", nullptr},
        {"tcp://::1:2375", nullptr},
        {"ssh://u@h", nullptr},
        {"fd://", nullptr},
        {"npipe:////./pipe/docker_engine", nullptr},
        {"http://h:80", nullptr},
        {"unix://tcp://x", nullptr},
    };
    for (const auto& c : cases) {
        auto e = parse_docker_host(c.in, false, "test");
        if (c.url) {
            cr_expect(e, "%s: %s", c.in, e ? "" : e.error().c_str());
            if (e) expect_str(e->url(), c.url);
        } else {
            cr_expect(!e, "%s: accepted as %s", c.in, e ? e->url().c_str() : "");
        }
    }
}
