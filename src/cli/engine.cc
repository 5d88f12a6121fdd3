#include "cli/engine.h"

#include <cstring>

#include <fmt/format.h>

#include "cli/config_files.h"
#include "cli/files.h"
#include "core/rewrite.h"
#include "cli/runtime.h"

namespace leash {
namespace {

// docker refuses an env-file line over 64 KiB; a file this large is a mistake, not a config.
constexpr size_t kMaxEnvFile = 16 << 20;
constexpr std::string_view kCopyName = "leash-env-file";

// The text of one --env-file value. nerdctl reads it as a comma-separated list of files (a pflag
// StringSlice, in CSV); docker and podman as one path. A copy only if every file is one of leash's.
Result<Contents> read_env_files(std::string_view runtime, std::string_view value) {
    std::vector<std::string_view> paths = {value};
    if (runtime == "nerdctl") {
        if (value.find('"') != std::string_view::npos)
            return Error{fmt::format("cannot read nerdctl's quoted --env-file list {}", value)};
        paths.clear();
        for (size_t i = 0, end; i <= value.size(); i = end + 1) {
            end = std::min(value.find(',', i), value.size());
            paths.push_back(value.substr(i, end - i));
        }
    }
    Contents all{"", true};
    for (auto path : paths) {
        auto c = read_contents(std::string(path), kMaxEnvFile, kCopyName);
        if (!c) return Error{fmt::format("cannot read env-file {}: {}", path, c.error())};
        if (!all.text.empty() && !all.text.ends_with('\n')) all.text += '\n';
        all.text += c->text;
        all.copy = all.copy && c->copy;
    }
    return all;
}

Env without_credentials(const Config& config, const Env& env) {
    Env out;
    for (const auto& e : env)
        if (!config.is_credential(env_name(e))) out.push_back(e);
    return out;
}

// The image of the container an exec enters, as the runtime reports it; nothing if it cannot tell.
std::optional<std::string> container_image(const Config& config, const Args& argv, const Invocation& inv,
                                           const Env& env) {
    if (!inv.target) return std::nullopt;
    int err = 0;
    std::string path = find_program(argv[0], env, err);
    if (path.empty()) return std::nullopt;
    Args q(argv.begin(), argv.begin() + inv.sub_word);  // the runtime and its global options
    q.insert(q.end(), {"container", "inspect", "--format", "{{.Config.Image}}", argv[*inv.target]});
    auto out = capture(path, q, without_credentials(config, env));
    if (!out) return std::nullopt;
    std::string image = *out;
    while (!image.empty() && (image.back() == '\n' || image.back() == '\r')) image.pop_back();
    if (image.empty() || image.find('\n') != std::string::npos) return std::nullopt;
    return image;
}

}  // namespace

Result<Plan> plan(const Args& argv, const Env& env) {
    auto config = load_config(env);
    if (!config) return Error{config.error()};
    return plan(std::move(*config), argv, env);
}

Result<Plan> plan(Config config, const Args& argv, const Env& env) {
    Plan p{std::move(config), {}, {}, argv};
    p.decision.env = env;
    if (argv.empty() || !p.config.is_runtime(basename(argv[0]))) return p;

    auto inv = parse(argv);
    if (!inv) return Error{fmt::format("refusing {}: {}", basename(argv[0]), inv.error())};
    p.inv = std::move(*inv);
    if (p.inv.sub == Subcommand::Other) return p;

    std::optional<std::string> image;
    if (exec_needs_image(p.inv, env)) image = container_image(p.config, argv, p.inv, env);
    auto rec = recognize(p.config, argv, p.inv, env, image);
    if (!rec) return Error{rec.error()};

    EnvFiles files(p.inv.env.size());
    if (needs_env_files(p.config, *rec))
        for (size_t i = 0; i < p.inv.env.size(); i++) {
            const EnvFlag& f = p.inv.env[i];
            if (f.kind != EnvKind::EnvFile) continue;
            auto c = read_env_files(basename(argv[0]), f.value);
            if (!c) return Error{c.error()};
            files[i] = EnvFileText{std::move(c->text), c->copy};
        }

    p.decision = decide(p.config, p.inv, env, *rec, files);
    for (const auto& f : p.decision.files) {
        auto fd = memfd_with(kCopyName, f.content);
        if (!fd) return Error{fmt::format("cannot filter env-file {}: {}", p.inv.env[f.flag].value, fd.error())};
        p.decision.edits[f.flag].value = fmt::format("/proc/self/fd/{}", *fd);
    }
    p.argv = rewrite(argv, p.inv, p.decision);
    return p;
}

}  // namespace leash
