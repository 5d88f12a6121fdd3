#include "core/doctor_checks.h"

#include "test_util.h"

using namespace leash;

namespace {

const Result<std::string> kSocket = std::string("/run/user/1000/leash/docker.sock");

std::string line(const std::optional<Check>& c) { return c ? render_check(*c) : std::string("(nothing)"); }

}  // namespace

Test(doctor_guard, whether_the_session_guard_runs) {
    cr_expect(line(guard_check(Error{"XDG_RUNTIME_DIR is not set"}, std::nullopt)).starts_with(
        "WARN session guard: none (XDG_RUNTIME_DIR is not set)"));
    cr_expect(line(guard_check(kSocket, std::nullopt)).starts_with("WARN session guard: not running at /run/user/1000/leash/docker.sock;"));
    expect_str(line(guard_check(kSocket, 200)), "OK   session guard: answers at /run/user/1000/leash/docker.sock");
    expect_str(line(guard_check(kSocket, 502)),
               "WARN session guard: runs at /run/user/1000/leash/docker.sock, but its daemon does not answer (HTTP 502)");
    cr_expect(line(guard_check(kSocket, 0)).ends_with("(not HTTP)"));
}

Test(doctor_guard, whether_this_shell_uses_it) {
    std::string url = "unix://" + *kSocket;
    expect_str(line(guard_use_check(kSocket, 200, std::string_view(url))), "OK   session guard in use: DOCKER_HOST=" + url);
    expect_str(line(guard_use_check(kSocket, 200, std::string_view(*kSocket))), "OK   session guard in use: DOCKER_HOST=" + *kSocket);
    cr_expect(line(guard_use_check(kSocket, std::nullopt, std::string_view(url))).starts_with("FAIL session guard in use:"));
    cr_expect(line(guard_use_check(kSocket, 200, std::nullopt)).starts_with("WARN session guard in use: no, DOCKER_HOST is not set;"));
    cr_expect(line(guard_use_check(kSocket, 200, "unix:///var/run/docker.sock"))
                  .starts_with("WARN session guard in use: no, DOCKER_HOST is unix:///var/run/docker.sock;"));
    // No guard and a DOCKER_HOST of its own: the first line has said it all.
    expect_str(line(guard_use_check(kSocket, std::nullopt, "unix:///var/run/docker.sock")), "(nothing)");
    expect_str(line(guard_use_check(Error{"XDG_RUNTIME_DIR is not set"}, std::nullopt, std::nullopt)), "(nothing)");
}
