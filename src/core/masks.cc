#include "core/masks.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "core/paths.h"

namespace leash {
namespace {

// What a path below a mounted directory is to the plan.
struct Candidate {
    enum Role { Store, Protected, EnvFile } role;
    std::string host;
    const leash::Store* store = nullptr;  // Store: which
    size_t env_file = 0;                  // EnvFile: which
};

// The stores under `home`, by their paths below it: looked for at the top of every mounted directory.
std::vector<std::pair<std::string, const Store*>> home_relative(const MaskQuery& q) {
    std::vector<std::pair<std::string, const Store*>> out;
    if (q.home.empty()) return out;
    std::string home = clean_path(q.home);
    for (const Store& s : q.stores) {
        std::string p = clean_path(s.path);
        if (p != home && path_within(p, home)) out.emplace_back(std::string(path_below(p, home)), &s);
    }
    return out;
}

// Everything strictly below the directory `source` that the plan looks at, in path order.
std::vector<Candidate> candidates(const MaskQuery& q, const std::string& source, bool writable) {
    std::vector<Candidate> out;
    auto below = [&](const std::string& p) { return p != source && path_within(p, source); };
    for (const Store& s : q.stores)
        if (std::string p = clean_path(s.path); below(p)) out.push_back({Candidate::Store, p, &s});
    for (const auto& [rel, s] : home_relative(q))
        out.push_back({Candidate::Store, join_path(source, rel), s});
    if (writable)
        for (const std::string& p : q.protect)
            if (std::string c = clean_path(p); below(c)) out.push_back({Candidate::Protected, c});
    for (size_t i = 0; i < q.env_files.size(); i++)
        if (std::string p = clean_path(q.env_files[i]); below(p)) out.push_back({Candidate::EnvFile, p, nullptr, i});
    // One candidate per path: a store found both ways is one, and the first role (store) wins.
    std::stable_sort(out.begin(), out.end(), [](const Candidate& a, const Candidate& b) { return a.host < b.host; });
    out.erase(std::unique(out.begin(), out.end(), [](const Candidate& a, const Candidate& b) { return a.host == b.host; }),
              out.end());
    return out;
}

// The deepest store that holds `path`, if any.
const Store* store_of(const MaskQuery& q, std::string_view path) {
    const Store* best = nullptr;
    for (const Store& s : q.stores) {
        std::string p = clean_path(s.path);
        if (path_within(path, p) && (!best || p.size() > clean_path(best->path).size())) best = &s;
    }
    return best;
}

bool owned(const MaskQuery& q, const Store& s) { return !q.agent.empty() && s.owner == q.agent; }

// Another mount, deeper than mount `i`, holds `target`: the container sees that one there, not i's.
bool shadowed(const MaskQuery& q, size_t i, std::string_view target) {
    std::string_view mine = q.mounts[i].target;
    for (size_t j = 0; j < q.mounts.size(); j++) {
        std::string_view theirs = q.mounts[j].target;
        if (j != i && theirs.size() > mine.size() && path_within(target, theirs) && path_within(theirs, mine))
            return true;
    }
    return false;
}

Mask::Source placeholder(PathKind kind) { return kind == PathKind::File ? Mask::EmptyFile : Mask::EmptyDir; }

}  // namespace

std::vector<std::string> mask_probes(const MaskQuery& q) {
    std::set<std::string> out;
    for (const Mount& m : q.mounts) {
        if (m.type != Mount::Bind || !m.source.starts_with('/')) continue;
        std::string source = clean_path(m.source);
        out.insert(source);
        for (const Candidate& c : candidates(q, source, !m.readonly))
            if (c.role != Candidate::EnvFile) out.insert(c.host);
    }
    return {out.begin(), out.end()};
}

Result<MaskPlan> plan_masks(const MaskQuery& q, const FoundPaths& found) {
    MaskPlan plan;
    auto kind = [&](const std::string& p) -> std::optional<PathKind> {
        auto it = found.find(p);
        return it == found.end() ? std::nullopt : std::optional(it->second);
    };
    std::set<std::string> targets;  // one mask per target
    auto add = [&](Mask mask, std::vector<MaskNote>& notes, const Mount& m) {
        if (!targets.insert(mask.target).second) return;
        notes.push_back({mask.host, m.via});
        plan.masks.push_back(std::move(mask));
    };
    for (size_t i = 0; i < q.mounts.size(); i++) {
        const Mount& m = q.mounts[i];
        if (m.type == Mount::Glob) return Error{fmt::format("{}: a glob mount is to be expanded first", m.via)};
        if (m.type != Mount::Bind) continue;
        if (!m.source.starts_with('/')) return Error{fmt::format("{}: the source is to be resolved first", m.via)};
        std::string source = clean_path(m.source);
        // A source the runtime will create (docker -v does) is a directory.
        PathKind source_kind = kind(source).value_or(PathKind::Dir);

        // The mount as a whole: inside another's store, an env-file itself, or inside a protected path.
        if (const Store* s = store_of(q, source); s && !owned(q, *s)) {
            add({placeholder(source_kind), source, m.target, 0, i}, plan.withheld, m);
            continue;
        }
        auto env = std::find_if(q.env_files.begin(), q.env_files.end(),
                                [&](const std::string& e) { return clean_path(e) == source; });
        if (env != q.env_files.end()) {
            add({Mask::EnvCopy, source, m.target, size_t(env - q.env_files.begin()), i}, plan.withheld, m);
            continue;
        }
        if (!m.readonly && std::any_of(q.protect.begin(), q.protect.end(),
                                       [&](const std::string& p) { return path_within(source, clean_path(p)); })) {
            add({Mask::SamePath, source, m.target, 0, i}, plan.read_only, m);
            continue;
        }
        if (source_kind == PathKind::File) continue;

        // What lies below it, at its place in the container. Nothing goes inside a store already masked.
        std::vector<std::string> masked;
        for (const Candidate& c : candidates(q, source, !m.readonly)) {
            if (std::any_of(masked.begin(), masked.end(), [&](const std::string& d) { return path_within(c.host, d); }))
                continue;
            std::string target = join_path(m.target, path_below(c.host, source));
            if (shadowed(q, i, target)) continue;
            auto k = kind(c.host);
            if (c.role == Candidate::Store && k && !owned(q, *c.store)) {
                masked.push_back(c.host);
                add({placeholder(*k), c.host, target, 0, std::nullopt}, plan.withheld, m);
            } else if (c.role == Candidate::Protected && k) {
                add({Mask::SamePath, c.host, target, 0, std::nullopt}, plan.read_only, m);
            } else if (c.role == Candidate::Protected) {
                plan.creatable.push_back({c.host, m.via});
            } else if (c.role == Candidate::EnvFile) {
                add({Mask::EnvCopy, c.host, target, c.env_file, std::nullopt}, plan.withheld, m);
            }
        }
    }
    return plan;
}

bool is_env_file_name(std::string_view name) { return name == ".env" || (name.starts_with(".env.") && name.size() > 5); }

std::optional<std::string> host_path(std::span<const Mount> mounts, std::string_view container_path) {
    std::string p = clean_path(container_path);
    const Mount* inner = nullptr;
    for (const Mount& m : mounts)
        if (!m.target.empty() && path_within(p, m.target) && (!inner || m.target.size() > inner->target.size()))
            inner = &m;
    if (!inner || inner->type != Mount::Bind || !inner->source.starts_with('/')) return std::nullopt;
    return join_path(clean_path(inner->source), path_below(p, inner->target));
}

}  // namespace leash
