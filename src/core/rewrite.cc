#include "core/rewrite.h"

#include <algorithm>

#include "core/mount_grammar.h"

namespace leash {
namespace {

// One flag of the argv that changes: where it is, and what takes its place (nothing, or the flag and
// value).
struct Change {
    const Place* at;
    bool replace = false;
    std::string_view flag;
    std::string_view value;
};

const std::vector<std::string> kUnwritable = {"--leash-could-not-write-a-mask"};

}  // namespace

Args rewrite(const Args& argv, const Invocation& inv, const Decision& d) {
    if (d.action == Action::Pass) return argv;
    Args out(argv.begin(), argv.begin() + std::min(inv.after_sub, argv.size()));
    for (const auto& label : d.labels) out.insert(out.end(), {"--label", label});
    for (const auto& entry : d.inject) out.insert(out.end(), {"-e", entry});
    for (const auto& path : d.inject_files) out.insert(out.end(), {"--env-file", path});
    for (const auto& [source, target] : d.mounts) {
        // decide() refused every mask bind_flags cannot write; were one left, the runtime must refuse it.
        auto words = bind_flags(inv.c.runtime, source, target, true);
        out.insert(out.end(), words ? words->begin() : kUnwritable.begin(), words ? words->end() : kUnwritable.end());
    }

    std::vector<Change> changes;
    for (size_t i = 0; i < inv.c.env.size(); i++) {
        const Edit& e = d.edits[i];
        if (e.op == Edit::Keep) continue;
        const EnvSource& f = inv.c.env[i];
        changes.push_back({&f.at, e.op == Edit::Replace, f.kind == EnvKind::File ? "--env-file" : "-e", e.value});
    }
    for (size_t m : d.dropped_mounts) changes.push_back({&inv.c.mounts[m].at, false, {}, {}});
    std::sort(changes.begin(), changes.end(), [](const Change& a, const Change& b) { return a.at->token < b.at->token; });

    auto next = changes.begin();
    for (size_t i = inv.after_sub; i < argv.size(); i++) {
        if (next == changes.end() || next->at->token != i) {
            out.push_back(i == inv.target && d.exec_id ? *d.exec_id : argv[i]);
            continue;
        }
        const Change& c = *next;
        // One flag per token (a flag with a value ends a short group), but a glob or a -v may make several
        // mounts of one flag: the flag goes once.
        while (next != changes.end() && next->at->token == i) ++next;
        // The bool flags grouped before it stay ("-ite X" -> "-it").
        if (c.at->keep > 1) out.push_back(argv[i].substr(0, c.at->keep));
        if (c.replace) out.insert(out.end(), {std::string(c.flag), std::string(c.value)});
        if (c.at->value_in_next) i++;
    }
    return out;
}

}  // namespace leash
