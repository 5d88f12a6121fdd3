#include "core/rewrite.h"

#include <algorithm>

namespace leash {

Args rewrite(const Args& argv, const Invocation& inv, const Decision& d) {
    if (d.action == Action::Pass) return argv;
    Args out(argv.begin(), argv.begin() + std::min(inv.after_sub, argv.size()));
    for (const auto& label : d.labels) out.insert(out.end(), {"--label", label});
    for (const auto& entry : d.inject) out.insert(out.end(), {"-e", entry});
    for (const auto& path : d.inject_files) out.insert(out.end(), {"--env-file", path});
    const auto& env = inv.c.env;
    size_t next = 0;  // the next entry of the model's env, in argv order
    for (size_t i = inv.after_sub; i < argv.size(); i++) {
        if (next >= env.size() || env[next].at.token != i) {
            out.push_back(i == inv.target && d.exec_id ? *d.exec_id : argv[i]);
            continue;
        }
        const EnvSource& f = env[next];
        const Edit& e = d.edits[next++];
        if (e.op == Edit::Keep) {
            out.push_back(argv[i]);
            if (f.at.value_in_next) out.push_back(argv[++i]);
            continue;
        }
        // The bool flags grouped before it stay ("-ite X" -> "-it").
        if (f.at.keep > 1) out.push_back(argv[i].substr(0, f.at.keep));
        if (e.op == Edit::Replace) {
            out.push_back(f.kind == EnvKind::File ? "--env-file" : "-e");
            out.push_back(e.value);
        }
        if (f.at.value_in_next) i++;
    }
    return out;
}

}  // namespace leash
