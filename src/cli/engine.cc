#include "cli/engine.h"

#include <cstdlib>
#include <memory>

#include <fmt/format.h>

#include "cli/claims.h"
#include "cli/config_files.h"
#include "cli/files.h"
#include "cli/runtime.h"
#include "core/judge.h"

namespace leash {
namespace {

constexpr std::string_view kCopyName = "leash-env-file";

Env without_credentials(const Config& config, const Env& env) {
    Env out;
    for (const auto& e : env)
        if (!config.is_credential(env_name(e))) out.push_back(e);
    return out;
}

}  // namespace

// Asks the runtime `RUNTIME GLOBALS WORDS...`, with the command's own global options so that it asks the
// same daemon, in an environment that holds no credential; nothing if it fails.
std::optional<std::string> RealWorld::ask(const Container& c, std::initializer_list<std::string_view> words) {
    int err = 0;
    std::string path = find_program(runtime_, env_, err);
    if (path.empty()) return std::nullopt;
    Args q = {runtime_};
    q.insert(q.end(), c.globals.begin(), c.globals.end());
    for (auto w : words) q.emplace_back(w);
    auto out = capture(path, q, without_credentials(config_, env_));
    if (!out) return std::nullopt;
    return std::move(*out);
}

// `OBJECT inspect --format FORMAT NAME`. FORMAT ends every field with a NUL byte, which no field can hold;
// nothing if the runtime cannot tell.
std::optional<std::vector<std::string>> RealWorld::inspect(const Container& c, std::string_view object,
                                                           std::string_view format, std::string_view name) {
    auto out = ask(c, {object, "inspect", "--format", format, name});
    if (!out) return std::nullopt;
    std::string_view text = *out;
    while (text.ends_with('\n') || text.ends_with('\r')) text.remove_suffix(1);
    std::vector<std::string> fields;
    for (size_t nul; (nul = text.find('\0')) != std::string_view::npos; text.remove_prefix(nul + 1))
        fields.emplace_back(text.substr(0, nul));
    if (!text.empty()) return std::nullopt;  // more than one object, or not the format asked for
    return fields;
}

namespace {

// "NAME=VALUE" -> (NAME, VALUE)
std::pair<std::string, std::string> label_of(std::string_view field) {
    size_t eq = field.find('=');
    return {std::string(field.substr(0, eq)), eq == std::string_view::npos ? "" : std::string(field.substr(eq + 1))};
}

// The types of the runtime's inspect, as mount_grammar.h names them.
constexpr std::pair<std::string_view, Mount::Type> kMountTypes[] = {
    {"bind", Mount::Bind}, {"volume", Mount::Volume}, {"tmpfs", Mount::Tmpfs}};

}  // namespace

// Its ID, every name (tags, then digests, each marked N) and every label (marked L).
std::optional<ImageFacts> RealWorld::image(const Container& c, std::string_view ref) {
    auto f = inspect(c, "image",
                     R"({{.Id}}{{"\x00"}}{{range .RepoTags}}N{{.}}{{"\x00"}}{{end}}{{range .RepoDigests}}N{{.}})"
                     R"({{"\x00"}}{{end}}{{range $k, $v := .Config.Labels}}L{{$k}}={{$v}}{{"\x00"}}{{end}})",
                     ref);
    if (!f || f->empty() || (*f)[0].empty()) return std::nullopt;
    ImageFacts facts;
    facts.id = (*f)[0];
    for (size_t k = 1; k < f->size(); k++) {
        std::string_view field = (*f)[k];
        if (field.starts_with('N')) facts.names.emplace_back(field.substr(1));
        if (field.starts_with('L')) facts.labels.push_back(label_of(field.substr(1)));
    }
    return facts;
}

// Its ID, its image as created, its labels (marked L), what it runs (its path and arguments, each marked
// C) and its mounts (each a type T, then its source S,
// destination D and RW bit W).
std::optional<ContainerFacts> RealWorld::container(const Container& c, std::string_view name) {
    auto f = inspect(c, "container",
                     R"({{.Id}}{{"\x00"}}{{.Config.Image}}{{"\x00"}}{{range $k, $v := .Config.Labels}})"
                     R"(L{{$k}}={{$v}}{{"\x00"}}{{end}}C{{.Path}}{{"\x00"}}{{range .Args}}C{{.}}{{"\x00"}}{{end}})"
                     R"({{range .Mounts}}T{{.Type}}{{"\x00"}}S{{.Source}}{{"\x00"}})"
                     R"(D{{.Destination}}{{"\x00"}}W{{.RW}}{{"\x00"}}{{end}})",
                     name);
    if (!f || f->size() < 2 || (*f)[0].empty() || (*f)[1].empty()) return std::nullopt;
    ContainerFacts facts;
    facts.id = (*f)[0];
    facts.image = (*f)[1];
    for (size_t k = 2; k < f->size(); k++) {
        std::string_view field = (*f)[k], value = field.substr(std::min<size_t>(1, field.size()));
        if (field.starts_with('L')) facts.labels.push_back(label_of(value));
        if (field.starts_with('C')) facts.command.emplace_back(value);
        if (field.starts_with('T')) {
            Mount& m = facts.mounts.emplace_back();
            m.type = Mount::Other;  // an image, a named pipe ...: no host file
            for (auto [type_name, type] : kMountTypes)
                if (value == type_name) m.type = type;
        }
        if (facts.mounts.empty()) continue;
        Mount& m = facts.mounts.back();
        if (field.starts_with('S')) m.source = value;
        if (field.starts_with('D')) m.target = value;
        if (field.starts_with('W')) m.readonly = value != "true";
    }
    return facts;
}

// Who the daemon is: docker's engine ID, else podman's host and storage (podman's info has no ID).
Result<std::string> RealWorld::claim(const Container& c, std::string_view id, std::string_view agent) {
    return claim_container(claims_dir(env_), id, agent, [&]() -> std::optional<DaemonContainers> {
        auto who = ask(c, {"info", "--format", "id {{.ID}}"});
        if (!who) who = ask(c, {"info", "--format", "podman {{.Host.Hostname}} {{.Store.GraphRoot}}"});
        auto ids = ask(c, {"ps", "-aq", "--no-trunc"});
        if (!who || !ids) return std::nullopt;
        std::string_view name = *who;
        while (name.ends_with('\n') || name.ends_with(' ')) name.remove_suffix(1);
        return DaemonContainers{std::string(name == "id" ? "" : name), split_list(*ids, "\r\n")};
    });
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
