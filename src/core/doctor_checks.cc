#include "core/doctor_checks.h"

#include <elf.h>

#include <bit>
#include <cstring>

#include <fmt/format.h>

#include "core/decide.h"
#include "core/layout.h"
#include "core/parse.h"
#include "core/render.h"

namespace leash {
namespace {

constexpr std::string_view kHookSetup =
    "add eval \"$(leash init bash)\" to ~/.bashrc (zsh: ~/.zshrc; fish: leash init fish | source in "
    "~/.config/fish/config.fish) and open a new shell";

// A T at `off` in `file`, if it lies wholly inside.
template <class T>
std::optional<T> read_at(std::string_view file, uint64_t off) {
    if (off > file.size() || file.size() - off < sizeof(T)) return std::nullopt;
    T v;
    std::memcpy(&v, file.data() + off, sizeof v);
    return v;
}

template <class Ehdr, class Phdr, class Dyn>
Result<std::vector<std::string>> needed_of(std::string_view file) {
    auto eh = read_at<Ehdr>(file, 0);
    if (!eh || eh->e_phentsize != sizeof(Phdr)) return Error{"malformed ELF header"};
    std::vector<Phdr> loads;
    std::optional<Phdr> dynamic;
    for (uint64_t i = 0; i < eh->e_phnum; i++) {
        auto ph = read_at<Phdr>(file, eh->e_phoff + i * sizeof(Phdr));
        if (!ph) return Error{"program header outside the file"};
        if (ph->p_type == PT_LOAD) loads.push_back(*ph);
        if (ph->p_type == PT_DYNAMIC) dynamic = *ph;
    }
    if (!dynamic) return std::vector<std::string>{};

    std::vector<uint64_t> needed;
    std::optional<uint64_t> strtab;
    uint64_t strsz = 0;
    for (uint64_t off = dynamic->p_offset; off + sizeof(Dyn) <= dynamic->p_offset + dynamic->p_filesz;
         off += sizeof(Dyn)) {
        auto d = read_at<Dyn>(file, off);
        if (!d) return Error{"dynamic section outside the file"};
        if (d->d_tag == DT_NULL) break;
        if (d->d_tag == DT_NEEDED) needed.push_back(d->d_un.d_val);
        if (d->d_tag == DT_STRTAB) strtab = d->d_un.d_ptr;
        if (d->d_tag == DT_STRSZ) strsz = d->d_un.d_val;
    }
    if (needed.empty()) return std::vector<std::string>{};
    if (!strtab) return Error{"no string table"};

    // DT_STRTAB is an address in memory; the PT_LOAD segment that holds it says where it is in the file.
    std::optional<std::string_view> strings;
    for (const auto& l : loads)
        if (*strtab >= l.p_vaddr && *strtab - l.p_vaddr < l.p_filesz) {
            uint64_t off = l.p_offset + (*strtab - l.p_vaddr);
            if (off > file.size() || file.size() - off < strsz) return Error{"string table outside the file"};
            strings = file.substr(off, strsz);
        }
    if (!strings) return Error{"string table outside the file"};
    std::vector<std::string> out;
    for (uint64_t n : needed) {
        size_t end = n < strings->size() ? strings->find('\0', n) : std::string_view::npos;
        if (end == std::string_view::npos) return Error{"DT_NEEDED name outside the string table"};
        out.emplace_back(strings->substr(n, end - n));
    }
    return out;
}

bool is_libc(std::string_view lib) { return lib.starts_with("libc.so") || lib.starts_with("ld-linux"); }

}  // namespace

std::string render_check(const Check& c) {
    constexpr std::string_view kLevel[] = {"OK  ", "WARN", "FAIL"};
    return fmt::format("{} {}", kLevel[c.level], printable(c.text));
}

Result<std::vector<std::string>> elf_needed(std::string_view file) {
    if (file.size() < EI_NIDENT || std::memcmp(file.data(), ELFMAG, SELFMAG) != 0) return Error{"not an ELF file"};
    const unsigned char host = std::endian::native == std::endian::little ? ELFDATA2LSB : ELFDATA2MSB;
    if (static_cast<unsigned char>(file[EI_DATA]) != host) return Error{"ELF file of the other byte order"};
    switch (file[EI_CLASS]) {
    case ELFCLASS64: return needed_of<Elf64_Ehdr, Elf64_Phdr, Elf64_Dyn>(file);
    case ELFCLASS32: return needed_of<Elf32_Ehdr, Elf32_Phdr, Elf32_Dyn>(file);
    default: return Error{"unknown ELF class"};
    }
}

Check config_check(const std::vector<std::string>& looked, const std::vector<std::string>& present,
                   const std::optional<std::string>& error) {
    if (error) return {Check::Fail, fmt::format("config: {}; leash refuses every container start until it is fixed",
                                                *error)};
    if (present.empty())
        return {Check::Ok, fmt::format("config: no file, built-in defaults (looked for {})", join(looked, ", "))};
    return {Check::Ok, fmt::format("config: {} valid", join(present, ", "))};
}

Check shim_check(const std::string& expected, const std::optional<std::string>& shim,
                 const Result<std::vector<std::string>>& needed) {
    if (!shim)
        return {Check::Fail, fmt::format("shim: {} not found; build it with make, or install leash with make "
                                         "install",
                                         expected)};
    if (!needed)
        return {Check::Fail, fmt::format("shim: cannot read {}: {}; rebuild it with make", *shim, needed.error())};
    std::vector<std::string> extra;
    for (const auto& lib : *needed)
        if (!is_libc(lib)) extra.push_back(lib);
    if (!extra.empty())
        return {Check::Fail, fmt::format("shim: {} needs {} besides libc, and would load them into every process; "
                                         "rebuild it with make",
                                         *shim, join(extra, ", "))};
    return {Check::Ok, fmt::format("shim: {} (needs only libc)", *shim)};
}

Check preload_check(std::optional<std::string_view> ld_preload, const std::function<bool(const std::string&)>& exists) {
    std::vector<std::string> shims;
    for (auto& entry : split_list(ld_preload.value_or(""), " :"))
        if (is_shim_path(entry)) shims.push_back(std::move(entry));
    for (const auto& s : shims)
        if (exists(s)) return {Check::Ok, fmt::format("shim active: LD_PRELOAD has {}", s)};
    if (!shims.empty())
        return {Check::Fail, fmt::format("shim active: LD_PRELOAD names {}, which does not exist; {}",
                                         join(shims, ", "), kHookSetup)};
    return {Check::Fail, fmt::format("shim active: libleash.so is not in LD_PRELOAD, so a docker run started by "
                                     "a script or program bypasses leash; {}",
                                     kHookSetup)};
}

Check hook_check(std::optional<std::string_view> hook, std::optional<std::string_view> skipped) {
    if (!hook || hook->empty())
        return {Check::Fail, fmt::format("shell hook: not active in this shell; {}", kHookSetup)};
    auto hidden = split_list(skipped.value_or(""), " ");
    if (!hidden.empty())
        return {Check::Fail, fmt::format("shell hook ({}): a function or alias of yours named {} hides leash's "
                                         "wrapper, so a typed {} run bypasses leash; remove it from your shell's "
                                         "startup files and open a new shell",
                                         *hook, join(hidden, ", "), hidden[0])};
    return {Check::Ok, fmt::format("shell hook: active ({})", *hook)};
}

std::vector<Check> runtime_checks(const std::vector<std::string>& runtimes, const std::vector<std::string>& paths) {
    std::vector<Check> out;
    bool any = false;
    for (size_t i = 0; i < runtimes.size(); i++) {
        any = any || !paths[i].empty();
        out.push_back(paths[i].empty()
                          ? Check{Check::Warn, fmt::format("runtime {}: not found in PATH (fine if you do not use it)",
                                                           runtimes[i])}
                          : Check{Check::Ok, fmt::format("runtime {}: {}", runtimes[i], paths[i])});
    }
    if (!any) out.push_back({Check::Fail, "runtimes: none found in PATH; install docker or podman"});
    return out;
}

Check guard_check(const Result<std::string>& socket, std::optional<int> ping) {
    if (!socket)
        return {Check::Warn, fmt::format("session guard: none ({}); `leash guard -- COMMAND` guards one command's "
                                         "docker clients",
                                         socket.error())};
    if (!ping)
        return {Check::Warn, fmt::format("session guard: not running at {}; docker compose, SDKs and static programs "
                                         "reach the daemon unjudged: systemctl --user enable --now leash.socket "
                                         "(or run leash serve)",
                                         *socket)};
    if (*ping != 200)
        return {Check::Warn, fmt::format("session guard: runs at {}, but its daemon does not answer ({})", *socket,
                                         *ping ? fmt::format("HTTP {}", *ping) : std::string("not HTTP"))};
    return {Check::Ok, fmt::format("session guard: answers at {}", *socket)};
}

std::optional<Check> guard_use_check(const Result<std::string>& socket, std::optional<int> ping,
                                     std::optional<std::string_view> docker_host) {
    if (!socket) return std::nullopt;
    std::string url = "unix://" + *socket;
    bool uses = docker_host && (*docker_host == url || *docker_host == *socket);
    if (uses && !ping)
        return Check{Check::Fail, fmt::format("session guard in use: DOCKER_HOST={}, where nothing listens, so docker "
                                              "clients here fail; start the guard or unset DOCKER_HOST",
                                              *docker_host)};
    if (uses) return Check{Check::Ok, fmt::format("session guard in use: DOCKER_HOST={}", *docker_host)};
    if (!ping) return std::nullopt;
    std::string now = docker_host && !docker_host->empty() ? fmt::format("DOCKER_HOST is {}", *docker_host)
                                                            : std::string("DOCKER_HOST is not set");
    return Check{Check::Warn, fmt::format("session guard in use: no, {}; docker clients here reach the daemon "
                                          "unjudged: export DOCKER_HOST={} (leash on does, when the guard fronts "
                                          "this shell's daemon)",
                                          now, url)};
}

}  // namespace leash
