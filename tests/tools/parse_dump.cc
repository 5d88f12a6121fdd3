// parse-dump ARGV...: the image and environment entries leash's parser finds in a docker create/run
// argv, resolved the way the docker CLI sends them (env-file entries in order, then the -e entries
// de-duplicated last-wins), as JSON. The conformance test compares this with `docker inspect`.
#include <fmt/format.h>

#include <map>

#include "core/envfile.h"
#include "cli/files.h"
#include "core/parse.h"
#include "core/render.h"

extern char** environ;

int main(int argc, char** argv) {
    using namespace leash;
    Env env;
    for (char** e = environ; *e; e++) env.emplace_back(*e);
    Args args(argv + 1, argv + argc);
    auto inv = parse(args);
    if (!inv) {
        fmt::print(stderr, "parse-dump: {}\n", inv.error());
        return 125;
    }
    std::vector<std::string> out;
    std::map<std::string, std::string> flags;  // -e entries by name: the CLI builds a map
    auto resolve = [&](std::string_view name) -> std::optional<std::string> {
        if (auto v = env_get(env, name)) return fmt::format("{}={}", name, *v);
        return std::nullopt;
    };
    for (const auto& f : inv->c.env) {
        if (f.kind == EnvKind::File) {
            auto text = read_file(std::string(f.value));
            if (!text) return 2;
            for (const auto& line : read_env_file(*text)) {
                std::string_view t = line.text;
                if (t.ends_with('\n')) t.remove_suffix(1);
                if (t.ends_with('\r')) t.remove_suffix(1);  // bufio.ScanLines drops it
                if (line.kind == EnvFileLine::Assign) out.emplace_back(t.substr(t.find(line.name)));
                if (line.kind == EnvFileLine::Bare)
                    if (auto v = resolve(line.name)) out.push_back(*v);
            }
        } else if (f.kind == EnvKind::Entry) {
            std::string_view v = f.value;
            std::string name(v.substr(0, v.find('=')));
            flags[name] = v.find('=') != std::string_view::npos ? std::string(v) : resolve(v).value_or(name);
        }
    }
    for (const auto& [name, entry] : flags) out.push_back(entry);
    fmt::print("{{\"image\":{},\"env\":{}}}\n", inv->target ? json_string(args[*inv->target]) : "null", json_list(out));
}
