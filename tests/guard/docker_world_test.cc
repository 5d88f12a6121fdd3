// The facts the guard's World reads from the daemon's inspect answers.
#include "guard/docker_world.h"

#include <criterion/criterion.h>

using namespace leash;
using namespace leash::guard;

Test(docker_world, image_facts) {
    auto f = image_facts(R"({"Id":"sha256:abc","RepoTags":["example.com/team/claude-code:latest","alias:1"],
        "RepoDigests":["example.com/team/claude-code@sha256:def"],"Config":{"Labels":{"leash.agent":"claude","n":1}}})");
    cr_assert(f);
    cr_expect(f->id == "sha256:abc");
    cr_expect(f->names == (std::vector<std::string>{"example.com/team/claude-code:latest", "alias:1",
                                                    "example.com/team/claude-code@sha256:def"}));
    cr_expect(f->labels == (std::vector<std::pair<std::string, std::string>>{{"leash.agent", "claude"}}));
    auto bare = image_facts(R"({"Id":"sha256:1","RepoTags":null,"RepoDigests":null,"Config":{"Labels":null}})");
    cr_assert(bare);
    cr_expect(bare->names.empty() && bare->labels.empty());
    cr_expect(!image_facts(R"({"message":"No such image: x"})"));
    cr_expect(!image_facts("not json"));
}

Test(docker_world, container_facts) {
    auto f = container_facts(R"({"Id":"c0ffee","Path":"claude","Args":["-p","hi"],
        "Config":{"Image":"example.com/team/claude-code","Labels":{"leash.agent":"claude"}},
        "Mounts":[{"Type":"bind","Source":"/home/u/p","Destination":"/p","RW":true},
                  {"Type":"volume","Name":"data","Source":"/var/lib/docker/volumes/data/_data","Destination":"/d","RW":false},
                  {"Type":"tmpfs","Destination":"/t"}]})");
    cr_assert(f);
    cr_expect(f->id == "c0ffee" && f->image == "example.com/team/claude-code");
    cr_expect(f->command == (std::vector<std::string>{"claude", "-p", "hi"}));
    cr_expect(f->labels == (std::vector<std::pair<std::string, std::string>>{{"leash.agent", "claude"}}));
    cr_assert_eq(f->mounts.size(), 3u);
    cr_expect(f->mounts[0].type == Mount::Bind && f->mounts[0].source == "/home/u/p" && f->mounts[0].target == "/p" &&
              !f->mounts[0].readonly);
    cr_expect(f->mounts[1].type == Mount::Volume && f->mounts[1].source == "data" && f->mounts[1].readonly);
    // Not said to be read-only: taken as writable.
    cr_expect(f->mounts[2].type == Mount::Tmpfs && !f->mounts[2].readonly);
}

Test(docker_world, references_escaped_as_the_docker_client_escapes_them) {
    cr_expect(escape_path("example.com:5000/team/claude-code:latest") == "example.com:5000/team/claude-code:latest");
    cr_expect(escape_path("img@sha256:abc") == "img@sha256:abc");
    cr_expect(escape_path("a?b#c%d e") == "a%3Fb%23c%25d%20e");
}

Test(docker_world, no_env_file_copies_for_an_api_body) {
    DockerWorld world(DockerEndpoint{}, "", "");
    cr_expect(!world.keep_copy("/x", "x"));
}

// What the daemon says of itself, to prune claims: "id ENGINE-ID", as leash exec names docker's engine.
Test(docker_world, daemon_containers) {
    auto d = daemon_containers(R"({"ID":"engine-1","Containers":2})", R"([{"Id":"c1","Names":["/a"]},{"Id":"c2"}])");
    cr_assert(d);
    cr_expect(d->daemon == "id engine-1");
    cr_expect(d->ids == (std::vector<std::string>{"c1", "c2"}));
    auto anonymous = daemon_containers(R"({"Containers":0})", "[]");
    cr_assert(anonymous);
    cr_expect(anonymous->daemon.empty());
    cr_expect(!daemon_containers("not json", "[]"));
    cr_expect(!daemon_containers("{}", R"({"message":"x"})"));
}
