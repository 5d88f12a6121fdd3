// Which requests leash judges: the request target read as Go's url.ParseRequestURI reads it, and the
// path matched as the daemon's gorilla/mux routes match it ("/v{version:[0-9.]+}/containers/create",
// "/containers/{name:.*}/exec" and so on, on the decoded path).
#include <string>

#include "core/api.h"
#include "core/go_path.h"

namespace leash {
namespace {

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

int hex(char c) {
    if (is_digit(c)) return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Go refuses a malformed escape (400); leaving it as it is matches nothing that Go would route.
std::string unescape(std::string_view s) {
    std::string out;
    for (size_t i = 0; i < s.size(); i++) {
        if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
            out += char(hex(s[i + 1]) * 16 + hex(s[i + 2]));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

// url.ParseRequestURI's path: a scheme ("http:") and, after it, an authority ("//host") are dropped, the
// query is cut off, escapes are decoded. Go takes no fragment off a request target.
std::string request_path(std::string_view target) {
    std::string_view rest = target;
    bool scheme = false;
    for (size_t i = 0; i < target.size(); i++) {
        char c = target[i];
        if (is_alpha(c) || (i > 0 && (is_digit(c) || c == '+' || c == '-' || c == '.'))) continue;
        if (c == ':' && i > 0) {
            scheme = true;
            rest = target.substr(i + 1);
        }
        break;
    }
    rest = rest.substr(0, rest.find('?'));
    if (scheme && rest.starts_with("//")) {
        size_t slash = rest.find('/', 2);
        rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
    }
    if (!rest.starts_with('/')) return {};
    return unescape(rest);
}

struct Suffix {
    std::string_view text;
    ApiRoute route;
};
// The routes of /containers/{name:.*}/... that leash judges.
constexpr Suffix kNamed[] = {{"/exec", ApiRoute::Exec}, {"/start", ApiRoute::Start}};

}  // namespace

ApiTarget read_api_target(std::string_view method, std::string_view target) {
    ApiTarget t;
    if (method.size() != 4) return t;
    for (size_t i = 0; i < 4; i++)
        if ((method[i] | 0x20) != "post"[i]) return t;
    std::string path = clean_path(request_path(target));
    std::string_view p = path;
    if (p.starts_with("/v")) {
        size_t end = 2;
        while (end < p.size() && (is_digit(p[end]) || p[end] == '.')) end++;
        if (end > 2 && end < p.size() && p[end] == '/') {
            t.version = p.substr(2, end - 2);
            p.remove_prefix(end);
        }
    }
    constexpr std::string_view kContainers = "/containers/";
    if (p == "/containers/create") {
        t.route = ApiRoute::Create;
    } else if (p.starts_with(kContainers)) {
        for (const auto& s : kNamed)
            if (p.size() > kContainers.size() + s.text.size() && p.ends_with(s.text)) {
                t.route = s.route;
                t.container = p.substr(kContainers.size(), p.size() - kContainers.size() - s.text.size());
            }
    }
    if (t.route == ApiRoute::None) t.version.clear();
    return t;
}

ApiRoute api_route(std::string_view method, std::string_view target) { return read_api_target(method, target).route; }

}  // namespace leash
