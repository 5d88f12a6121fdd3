#include "core/masks.h"

#include <algorithm>
#include <deque>
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

// The query's paths cleaned once (a plan looks at each for every mount), and the stores under the home by
// their paths below it: those are looked for at the top of every mounted directory.
struct Prepared {
    const MaskQuery& q;
    std::deque<std::string> cleaned;  // what the views below point into when a path was not clean
    std::vector<std::string_view> stores, protect, env_files;
    std::vector<std::pair<std::string_view, const Store*>> home_relative;

    explicit Prepared(const MaskQuery& query) : q(query) {
        for (const Store& s : q.stores) stores.push_back(clean(s.path));
        for (const std::string& p : q.protect) protect.push_back(clean(p));
        for (const std::string& e : q.env_files) env_files.push_back(clean(e));
        if (q.home.empty()) return;
        std::string_view home = clean(q.home);
        for (size_t i = 0; i < stores.size(); i++)
            if (stores[i] != home && path_within(stores[i], home))
                home_relative.emplace_back(path_below(stores[i], home), &q.stores[i]);
    }
    std::string_view clean(std::string_view p) { return is_clean_path(p) ? p : cleaned.emplace_back(clean_path(p)); }
};

// Everything strictly below the directory `source` that the plan looks at, in path order.
std::vector<Candidate> candidates(const Prepared& p, const std::string& source, bool writable) {
    std::vector<Candidate> out;
    out.reserve(p.home_relative.size() + 4);
    auto below = [&](std::string_view path) { return path != source && path_within(path, source); };
    for (size_t i = 0; i < p.stores.size(); i++)
        if (below(p.stores[i])) out.push_back({Candidate::Store, std::string(p.stores[i]), &p.q.stores[i]});
    for (const auto& [rel, s] : p.home_relative) out.push_back({Candidate::Store, join_path(source, rel), s});
    if (writable)
        for (std::string_view c : p.protect)
            if (below(c)) out.push_back({Candidate::Protected, std::string(c)});
    for (size_t i = 0; i < p.env_files.size(); i++)
        if (below(p.env_files[i])) out.push_back({Candidate::EnvFile, std::string(p.env_files[i]), nullptr, i});
    // One candidate per path: a store found both ways is one, and the first role (store) wins.
    std::stable_sort(out.begin(), out.end(), [](const Candidate& a, const Candidate& b) { return a.host < b.host; });
    out.erase(std::unique(out.begin(), out.end(), [](const Candidate& a, const Candidate& b) { return a.host == b.host; }),
              out.end());
    return out;
}

// The deepest store that holds `path`, if any.
const Store* store_of(const Prepared& p, std::string_view path) {
    const Store* best = nullptr;
    size_t best_size = 0;
    for (size_t i = 0; i < p.stores.size(); i++)
        if (path_within(path, p.stores[i]) && (!best || p.stores[i].size() > best_size)) {
            best = &p.q.stores[i];
            best_size = p.stores[i].size();
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

Result<MaskPlan> plan_masks(const MaskQuery& q, const PathKinds& kind) {
    Prepared p(q);
    MaskPlan plan;
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
        if (const Store* s = is_leash_mask(q.own_masks, source) ? nullptr : store_of(p, source); s && !owned(q, *s)) {
            add({placeholder(source_kind), source, m.target, 0, i}, plan.withheld, m);
            continue;
        }
        auto env = std::find(p.env_files.begin(), p.env_files.end(), source);
        if (env != p.env_files.end()) {
            add({Mask::EnvCopy, source, m.target, size_t(env - p.env_files.begin()), i}, plan.withheld, m);
            continue;
        }
        if (!m.readonly && std::any_of(p.protect.begin(), p.protect.end(),
                                       [&](std::string_view c) { return path_within(source, c); })) {
            add({Mask::SamePath, source, m.target, 0, i}, plan.read_only, m);
            continue;
        }
        if (source_kind == PathKind::File) continue;

        // What lies below it, at its place in the container. Nothing goes inside a store already masked.
        std::vector<std::string> masked;
        for (const Candidate& c : candidates(p, source, !m.readonly)) {
            if (std::any_of(masked.begin(), masked.end(), [&](const std::string& d) { return path_within(c.host, d); }))
                continue;
            // The env-files are there (the caller read them); a store that is not there needs nothing:
            // asked before the costlier question of which mount the container sees there.
            auto k = c.role == Candidate::EnvFile ? std::optional(PathKind::File) : kind(c.host);
            if (!k && c.role == Candidate::Store) continue;
            std::string target = join_path(m.target, path_below(c.host, source));
            if (shadowed(q, i, target)) continue;
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

bool is_leash_mask(std::string_view masks_dir, std::string_view path) {
    return !masks_dir.empty() && path != masks_dir && path_within(path, masks_dir);
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
