#include "core/rewrite.h"

namespace leash {

Args rewrite(const Args& argv, const Invocation& inv, const Decision& d) {
    if (d.action == Action::Pass) return argv;
    Args out(argv.begin(), argv.begin() + std::min(inv.after_sub, argv.size()));
    out.insert(out.end(), d.inject.begin(), d.inject.end());
    size_t next = 0;  // the next flag of inv.env, in argv order
    for (size_t i = inv.after_sub; i < argv.size(); i++) {
        if (next >= inv.env.size() || inv.env[next].token != i) {
            out.push_back(argv[i]);
            continue;
        }
        const EnvFlag& f = inv.env[next];
        const FlagEdit& e = d.edits[next++];
        if (e.op == FlagEdit::Keep) {
            out.push_back(argv[i]);
            if (f.value_in_next) out.push_back(argv[++i]);
            continue;
        }
        // The bool flags grouped before it stay ("-ite X" -> "-it").
        if (f.keep > 1) out.push_back(argv[i].substr(0, f.keep));
        if (e.op == FlagEdit::Replace) {
            out.push_back(f.kind == EnvKind::EnvFile ? "--env-file" : "-e");
            out.push_back(e.value);
        }
        if (f.value_in_next) i++;
    }
    return out;
}

}  // namespace leash
