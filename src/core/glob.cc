#include "core/glob.h"

namespace leash {
namespace {

char fold(char c, bool casefold) { return casefold && c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; }

// Matches one [...] class at p (just after '['); sets `end` just past its ']'. A '[' without a closing
// ']' is an ordinary character, as in fnmatch.
bool match_class(std::string_view p, size_t& end, char c, bool casefold, bool& valid) {
    size_t i = 0;
    bool negate = i < p.size() && (p[i] == '!' || p[i] == '^');
    if (negate) i++;
    bool hit = false;
    bool first = true;
    c = fold(c, casefold);
    while (i < p.size() && (p[i] != ']' || first)) {
        first = false;
        char lo = p[i];
        char hi = lo;
        if (i + 2 < p.size() && p[i + 1] == '-' && p[i + 2] != ']') {
            hi = p[i + 2];
            i += 2;
        }
        if (fold(lo, casefold) <= c && c <= fold(hi, casefold)) hit = true;
        i++;
    }
    valid = i < p.size();
    end = i + 1;
    return hit != negate;
}

}  // namespace

bool glob_match(std::string_view p, std::string_view t, bool casefold) {
    // Iterative matching with one backtrack point: the last '*' seen.
    size_t pi = 0, ti = 0;
    size_t star = std::string_view::npos, star_t = 0;
    while (ti < t.size()) {
        if (pi < p.size()) {
            char pc = p[pi];
            if (pc == '*') {
                star = ++pi;
                star_t = ti;
                continue;
            }
            if (pc == '?') {
                pi++;
                ti++;
                continue;
            }
            if (pc == '[') {
                size_t len = 0;
                bool valid = false;
                bool hit = match_class(p.substr(pi + 1), len, t[ti], casefold, valid);
                if (valid) {
                    if (hit) {
                        pi += 1 + len;
                        ti++;
                        continue;
                    }
                } else if (t[ti] == '[') {
                    pi++;
                    ti++;
                    continue;
                }
            } else {
                if (pc == '\\' && pi + 1 < p.size()) pc = p[++pi];
                if (fold(pc, casefold) == fold(t[ti], casefold)) {
                    pi++;
                    ti++;
                    continue;
                }
            }
        }
        if (star == std::string_view::npos) return false;
        pi = star;
        ti = ++star_t;
    }
    while (pi < p.size() && p[pi] == '*') pi++;
    return pi == p.size();
}

std::string_view image_name(std::string_view ref) {
    size_t at = ref.find('@');
    if (at != std::string_view::npos) ref = ref.substr(0, at);
    size_t slash = ref.rfind('/');
    size_t colon = ref.rfind(':');
    if (colon != std::string_view::npos && (slash == std::string_view::npos || colon > slash))
        ref = ref.substr(0, colon);
    return ref;
}

bool image_matches(std::string_view glob, std::string_view ref) {
    return glob_match(glob, ref) || glob_match(glob, image_name(ref));
}

}  // namespace leash
