// Which requests the guard judges: every target the daemon routes to create, exec or start must be
// found, however it is spelled.
#include "core/api.h"

#include "test_util.h"

using namespace leash;

namespace {

struct Case {
    const char* method;
    const char* target;
    ApiRoute route;
    const char* container = "";
    const char* version = "";
};

constexpr Case kCases[] = {
    {"POST", "/containers/create", ApiRoute::Create},
    {"POST", "/v1.41/containers/create", ApiRoute::Create, "", "1.41"},
    {"POST", "/v1.12/containers/create?name=x&platform=linux", ApiRoute::Create, "", "1.12"},
    {"POST", "/v5/containers/create?", ApiRoute::Create, "", "5"},
    {"POST", "/v../containers/create", ApiRoute::Create, "", ".."},
    {"post", "/containers/create", ApiRoute::Create},
    {"Post", "/containers/create", ApiRoute::Create},
    // The daemon redirects a path that is not clean; judged all the same.
    {"POST", "//containers/create", ApiRoute::Create},
    {"POST", "/containers//create", ApiRoute::Create},
    {"POST", "/containers/create/", ApiRoute::Create},
    {"POST", "/v1.41/./containers/x/../create", ApiRoute::Create, "", "1.41"},
    {"POST", "/../containers/create", ApiRoute::Create},
    // Go decodes escapes before the router sees the path.
    {"POST", "/containers%2Fcreate", ApiRoute::Create},
    {"POST", "/v1.41/containers/%63reate", ApiRoute::Create, "", "1.41"},
    {"POST", "/%76%31.41/containers/create", ApiRoute::Create, "", "1.41"},
    // An absolute URL: Go takes its path.
    {"POST", "http://localhost/v1.41/containers/create", ApiRoute::Create, "", "1.41"},
    {"POST", "HTTP://docker:2375/containers/create?name=a", ApiRoute::Create},
    {"POST", "x+y.z-1:/containers/create", ApiRoute::Create},
    {"POST", "http://user:pw@host/containers/create", ApiRoute::Create},
    {"POST", "/containers/abc/exec", ApiRoute::Exec, "abc"},
    {"POST", "/v1.41/containers/abc123/exec?x=1", ApiRoute::Exec, "abc123", "1.41"},
    {"POST", "/containers/a/b/exec", ApiRoute::Exec, "a/b"},
    {"POST", "/containers/a%2Fb/exec", ApiRoute::Exec, "a/b"},
    {"POST", "/containers/create/exec", ApiRoute::Exec, "create"},
    {"POST", "/containers/x/exec/", ApiRoute::Exec, "x"},
    {"POST", "/containers/%65xec/exec", ApiRoute::Exec, "exec"},
    {"POST", "/v1.23/containers/abc/start", ApiRoute::Start, "abc", "1.23"},
    {"POST", "/containers/abc/start", ApiRoute::Start, "abc"},
    // Not these.
    {"GET", "/containers/create", ApiRoute::None},
    {"PUT", "/containers/create", ApiRoute::None},
    {"POSTS", "/containers/create", ApiRoute::None},
    {"POST", "/containers/json", ApiRoute::None},
    {"POST", "/containers/createx", ApiRoute::None},
    {"POST", "/containers/create%3Fx", ApiRoute::None},
    {"POST", "/containers/create#x", ApiRoute::None},
    {"POST", "/v1.41/v1.41/containers/create", ApiRoute::None},
    {"POST", "/va/containers/create", ApiRoute::None},
    {"POST", "/containers/exec", ApiRoute::None},
    {"POST", "/exec/abc/start", ApiRoute::None},
    {"POST", "/containers/abc/execs", ApiRoute::None},
    {"POST", "containers/create", ApiRoute::None},
    {"POST", "*", ApiRoute::None},
    {"POST", "", ApiRoute::None},
    {"POST", "http:containers/create", ApiRoute::None},
    {"POST", "/containers/create%zz", ApiRoute::None},
    {"POST", "/images/create", ApiRoute::None},
};

}  // namespace

Test(api_route, finds_what_the_daemon_routes) {
    for (const auto& c : kCases) {
        ApiTarget t = read_api_target(c.method, c.target);
        cr_expect(t.route == c.route, "%s %s: route %d, expected %d", c.method, c.target, int(t.route), int(c.route));
        expect_str(t.container, c.container);
        expect_str(t.version, c.version);
        cr_expect(api_route(c.method, c.target) == c.route);
    }
}
