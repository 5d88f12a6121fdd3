#include "core/open_plan.h"

#include <fmt/format.h>

#include "core/paths.h"
#include "core/strings.h"

namespace leash {
namespace {

// The runtimes --open can drive, in the order auto tries them.
constexpr std::string_view kOpenRuntimes[] = {"docker", "podman"};

bool is_open_runtime(std::string_view r) {
    for (auto known : kOpenRuntimes)
        if (r == known) return true;
    return false;
}

struct ValueOption {
    std::string_view name;
    std::optional<std::string> OpenOptions::*field;
};
constexpr ValueOption kValueOptions[] = {
    {"--runtime", &OpenOptions::runtime},
    {"--image", &OpenOptions::image},
};

// Sets a --name VALUE / --name=VALUE option at args[i]; advances i past its value. False if args[i]
// is no such option.
Result<bool> value_option(const Args& args, size_t& i, OpenOptions& o) {
    std::string_view a = args[i];
    for (const auto& opt : kValueOptions) {
        if (!a.starts_with(opt.name)) continue;
        std::string_view rest = a.substr(opt.name.size());
        if (!rest.empty() && rest[0] != '=') continue;
        std::string value;
        if (!rest.empty()) value = rest.substr(1);
        else if (i + 1 < args.size()) value = args[++i];
        else return Error{fmt::format("{} needs a value", opt.name)};
        if (value.empty()) return Error{fmt::format("{} needs a value", opt.name)};
        o.*opt.field = std::move(value);
        return true;
    }
    return false;
}

}  // namespace

Result<OpenOptions> parse_open_args(const Args& args) {
    OpenOptions o;
    bool have_agent = false;
    for (size_t i = 0; i < args.size(); i++) {
        const std::string& a = args[i];
        if (a == "--") {
            o.args.assign(args.begin() + i + 1, args.end());
            break;
        }
        auto v = value_option(args, i, o);
        if (!v) return Error{v.error()};
        if (*v) continue;
        if (a == "--dry-run") {
            o.dry_run = true;
        } else if (a.starts_with('-')) {
            return Error{fmt::format("unknown option {}", a)};
        } else if (!have_agent) {
            o.agent = a;
            have_agent = true;
        } else {
            return Error{fmt::format("unexpected \"{}\": the agent's arguments go after --", a)};
        }
    }
    if (!have_agent) return Error{"name an agent (leash agents lists them)"};
    if (o.runtime && !is_open_runtime(*o.runtime))
        return Error{fmt::format("--runtime must be docker or podman, not \"{}\"", *o.runtime)};
    return o;
}

Result<std::string> choose_runtime(const std::optional<std::string>& flag, std::string_view configured,
                                   const std::function<bool(std::string_view)>& found) {
    std::string_view chosen = flag ? std::string_view(*flag) : configured;
    if (chosen != "auto") {
        if (found(chosen)) return std::string(chosen);
        return Error{fmt::format("{} is not installed (not found in PATH): install it, or choose another runtime "
                                 "with --runtime",
                                 chosen)};
    }
    for (auto r : kOpenRuntimes)
        if (found(r)) return std::string(r);
    return Error{"no container runtime found in PATH: install docker or podman"};
}

Result<Args> open_argv(const Agent& agent, const OpenOptions& o, std::string_view runtime, std::string_view cwd,
                       bool tty) {
    const std::string& image = o.image ? *o.image : agent.image;
    if (image.empty())
        return Error{fmt::format("agent {} has no image to open: set image in [agent.{}], or pass --image",
                                 agent.name, agent.name)};
    // -v SRC:DST splits at every colon; such a directory cannot be mounted at its own path.
    if (cwd.find(':') != std::string_view::npos)
        return Error{fmt::format("cannot mount the current directory {}: its path contains ':'", cwd)};
    Args argv = {std::string(runtime), "run", "--rm", "-i"};
    if (tty) argv.push_back("-t");
    std::string dir(cwd);
    argv.insert(argv.end(), {"-v", dir + ":" + dir, "-w", dir, image});
    for (auto& w : words(agent.command)) argv.push_back(std::move(w));
    argv.insert(argv.end(), o.args.begin(), o.args.end());
    return argv;
}

std::optional<std::string> workspace_refusal(std::string_view agent, std::string_view cwd, std::string_view home) {
    std::string dir = clean_path(cwd);
    if (dir != "/" && (home.empty() || !path_within(clean_path(home), dir))) return std::nullopt;
    return fmt::format("refusing to open {} in {}: its container would get {}; start it in a project's directory",
                       agent, printable(cwd), dir == "/" ? "the whole host" : "the whole home directory");
}

Env open_env(const Env& env, std::string_view agent) {
    Env out;
    for (const auto& e : env)
        if (env_name(e) != "LEASH_AGENT") out.push_back(e);
    out.push_back(fmt::format("LEASH_AGENT={}", agent));
    return out;
}

std::optional<std::string> unset_keys_notice(const Agent& agent, const Env& env) {
    std::string missing;
    for (const auto& k : agent.keys) {
        if (env_get(env, k.host)) continue;
        missing += missing.empty() ? "" : ", ";
        missing += k.host == k.name ? k.name : fmt::format("{} (from {})", k.name, k.host);
    }
    if (missing.empty()) return std::nullopt;
    return fmt::format("{} starts without {}: not set on this host", agent.name, missing);
}

}  // namespace leash
