#include "cli/engine.h"

#include <fmt/format.h>

#include "cli/config_files.h"
#include "cli/files.h"
#include "cli/runtime.h"
#include "core/judge.h"

namespace leash {
namespace {

// docker refuses an env-file line over 64 KiB; a file this large is a mistake, not a config.
constexpr size_t kMaxEnvFile = 16 << 20;
constexpr std::string_view kCopyName = "leash-env-file";

Env without_credentials(const Config& config, const Env& env) {
    Env out;
    for (const auto& e : env)
        if (!config.is_credential(env_name(e))) out.push_back(e);
    return out;
}

}  // namespace

Result<FileText> RealWorld::env_file(std::string_view path) { return read_sealed(std::string(path), kMaxEnvFile); }

std::optional<ImageFacts> RealWorld::image(const Container&, std::string_view) { return std::nullopt; }

// The runtime is asked with the command's own global options (argv before the subcommand word), in an
// environment that holds no credential.
std::optional<ContainerFacts> RealWorld::container(const Container& c, std::string_view name) {
    int err = 0;
    std::string path = find_program(runtime_, env_, err);
    if (path.empty()) return std::nullopt;
    Args q = {runtime_};
    q.insert(q.end(), c.globals.begin(), c.globals.end());
    q.insert(q.end(), {"container", "inspect", "--format", "{{.Config.Image}}", std::string(name)});
    auto out = capture(path, q, without_credentials(config_, env_));
    if (!out) return std::nullopt;
    std::string image = *out;
    while (!image.empty() && (image.back() == '\n' || image.back() == '\r')) image.pop_back();
    if (image.empty() || image.find('\n') != std::string::npos) return std::nullopt;
    ContainerFacts facts;
    facts.image = std::move(image);
    return facts;
}

Result<std::string> RealWorld::keep_copy(std::string_view, std::string_view content) {
    auto fd = sealed_memfd(kCopyName, content);
    if (!fd) return Error{fd.error()};
    return fmt::format("/proc/self/fd/{}", *fd);
}

Result<Plan> plan(const Args& argv, const Env& env) {
    auto config = load_config(env);
    if (!config) return Error{config.error()};
    return plan(std::move(*config), argv, env);
}

Result<Plan> plan(Config config, const Args& argv, const Env& env) {
    Plan p{std::move(config), {}, {}, argv};
    if (argv.empty()) return p;
    RealWorld world(p.config, argv[0], env);
    auto j = judge_argv(p.config, argv, env, world);
    if (!j) return Error{j.error()};
    p.inv = std::move(j->inv);
    p.decision = std::move(j->decision);
    p.argv = std::move(j->argv);
    return p;
}

}  // namespace leash
