#include "core/daemon_flags.h"

#include "test_util.h"

using namespace leash;
using leash::test::args;
using leash::test::joined;

namespace {

// What daemon_flags makes of ARGV, as one line: "host=X" or "context=X" (or "none"), "config=X" and
// "tls" if so, then "| " and the argv it leaves; or "error".
std::string read(const Args& argv) {
    auto f = daemon_flags(argv);
    if (!f) return "error";
    std::string out = f->host ? "host=" + *f->host : f->context ? "context=" + *f->context : "none";
    if (f->config) out += " config=" + *f->config;
    if (f->tls) out += " tls";
    return out + " | " + joined(f->argv);
}

struct Row {
    Args argv;
    const char* read;
};

}  // namespace

// Every spelling docopt (docker-compose 1.x) reads as -H and --context, the options around them, and
// where its options end.
Test(daemon_flags, docker_compose) {
    const Row rows[] = {
        {args({"docker-compose", "run", "--rm", "claude"}), "none | docker-compose run --rm claude"},
        {args({"docker-compose", "-H", "unix:///d.sock", "run", "claude"}), "host=unix:///d.sock | docker-compose run claude"},
        {args({"docker-compose", "-Hunix:///d.sock", "run"}), "host=unix:///d.sock | docker-compose run"},
        {args({"docker-compose", "-H=unix:///d.sock", "run"}), "host=unix:///d.sock | docker-compose run"},
        {args({"docker-compose", "--host", "tcp://h:1", "up"}), "host=tcp://h:1 | docker-compose up"},
        {args({"docker-compose", "--host=tcp://h:1", "up"}), "host=tcp://h:1 | docker-compose up"},
        {args({"docker-compose", "--ho", "tcp://h:1", "up"}), "host=tcp://h:1 | docker-compose up"},
        {args({"docker-compose", "--h", "tcp://h:1", "up"}), "error"},  // --host or --help
        {args({"docker-compose", "--context", "far", "up"}), "context=far | docker-compose up"},
        {args({"docker-compose", "--context=far", "up"}), "context=far | docker-compose up"},
        {args({"docker-compose", "--cont", "far", "up"}), "context=far | docker-compose up"},
        {args({"docker-compose", "-c", "far", "up"}), "context=far | docker-compose up"},
        {args({"docker-compose", "-cfar", "up"}), "context=far | docker-compose up"},
        {args({"docker-compose", "-vH", "x", "up"}), "host=x | docker-compose -v up"},
        {args({"docker-compose", "-f", "-H", "up"}), "none | docker-compose -f -H up"},  // -H is -f's file
        {args({"docker-compose", "-p", "p", "--verbose", "-H", "x", "--tlsverify", "up"}),
         "host=x tls | docker-compose -p p --verbose --tlsverify up"},
        // Its command's own words and a service's command are not its options.
        {args({"docker-compose", "run", "svc", "grep", "-H", "x"}), "none | docker-compose run svc grep -H x"},
        {args({"docker-compose", "--", "-H", "x"}), "none | docker-compose -- -H x"},
        {args({"docker-compose", "-H", "a", "-c", "b", "up"}), "error"},
        {args({"docker-compose", "-H", "a", "-H", "a", "up"}), "error"},
        {args({"docker-compose", "-H"}), "error"},
        {args({"docker-compose", "-H", "--", "up"}), "error"},
        {args({"docker-compose", "--no-such", "-H", "x", "up"}), "error"},
        {args({"docker-compose", "-X", "up"}), "error"},
        {args({"docker-compose", "--verbose=1", "up"}), "error"},
        {args({"/usr/bin/docker-compose", "--host", "x"}), "host=x | /usr/bin/docker-compose"},
    };
    for (const Row& r : rows) expect_str(read(r.argv), r.read);
}

// docker's global flags as pflag reads them (parse.h), before `compose` or any other subcommand.
Test(daemon_flags, docker) {
    const Row rows[] = {
        {args({"docker", "compose", "up"}), "none | docker compose up"},
        {args({"docker", "-H", "unix:///d.sock", "compose", "up"}), "host=unix:///d.sock | docker compose up"},
        {args({"docker", "-H=unix:///d.sock", "compose", "up"}), "host=unix:///d.sock | docker compose up"},
        {args({"docker", "--host=tcp://h:1", "compose", "up"}), "host=tcp://h:1 | docker compose up"},
        {args({"docker", "-DH", "x", "ps"}), "host=x | docker -D ps"},
        {args({"docker", "--context", "far", "compose", "up"}), "context=far | docker compose up"},
        {args({"docker", "-c=far", "compose", "up"}), "context=far | docker compose up"},
        {args({"docker", "--config", "/cfg", "-c", "far", "compose", "up"}),
         "context=far config=/cfg | docker --config /cfg compose up"},
        {args({"docker", "--tls=false", "-H", "x", "ps"}), "host=x | docker --tls=false ps"},
        {args({"docker", "--tlsverify", "-H", "x", "ps"}), "host=x tls | docker --tlsverify ps"},
        {args({"docker", "run", "-H", "x", "alpine"}), "error"},  // run has no -H
        {args({"docker", "run", "alpine", "grep", "-H", "x"}), "none | docker run alpine grep -H x"},
        {args({"docker", "-H", "a", "--context", "b", "ps"}), "error"},
    };
    for (const Row& r : rows) expect_str(read(r.argv), r.read);
}

Test(daemon_flags, another_program_names_none) {
    expect_str(read(args({"sh", "-c", "docker -H x ps"})), "none | sh -c docker -H x ps");
    expect_str(read(args({"podman", "-H", "x", "ps"})), "none | podman -H x ps");
    expect_str(read(args({})), "none | ");
}
