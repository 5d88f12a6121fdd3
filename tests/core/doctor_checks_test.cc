#include "core/doctor_checks.h"
#include "core/layout.h"

#include <elf.h>

#include <cstring>

#include "cli/files.h"
#include "test_util.h"

using namespace leash;
using leash::test::joined;

namespace {

template <class T>
void put(std::string& file, size_t off, const T& v) {
    if (file.size() < off + sizeof v) file.resize(off + sizeof v);
    std::memcpy(file.data() + off, &v, sizeof v);
}

// A 64-bit shared object as the loader sees it: a header, a PT_LOAD mapping the file at 0x10000, a
// PT_DYNAMIC, the dynamic entries and the string table they point into.
std::string elf64(const std::vector<std::string>& needed) {
    constexpr size_t kPh = sizeof(Elf64_Ehdr), kDyn = kPh + 2 * sizeof(Elf64_Phdr);
    constexpr Elf64_Addr kBase = 0x10000;
    std::string strtab(1, '\0');
    std::vector<Elf64_Dyn> dyn;
    for (const auto& n : needed) {
        dyn.push_back({DT_NEEDED, {strtab.size()}});
        strtab += n + '\0';
    }
    size_t str_off = kDyn + (dyn.size() + 3) * sizeof(Elf64_Dyn);
    dyn.push_back({DT_STRTAB, {kBase + str_off}});
    dyn.push_back({DT_STRSZ, {strtab.size()}});
    dyn.push_back({DT_NULL, {0}});

    std::string file;
    Elf64_Ehdr eh{};
    std::memcpy(eh.e_ident, ELFMAG, SELFMAG);
    eh.e_ident[EI_CLASS] = ELFCLASS64;
    eh.e_ident[EI_DATA] = ELFDATA2LSB;
    eh.e_type = ET_DYN;
    eh.e_phoff = kPh;
    eh.e_phentsize = sizeof(Elf64_Phdr);
    eh.e_phnum = 2;
    put(file, 0, eh);
    size_t total = str_off + strtab.size();
    put(file, kPh, Elf64_Phdr{PT_LOAD, PF_R, 0, kBase, kBase, total, total, 0x1000});
    size_t dyn_size = dyn.size() * sizeof(Elf64_Dyn);
    put(file, kPh + sizeof(Elf64_Phdr), Elf64_Phdr{PT_DYNAMIC, PF_R, kDyn, kBase + kDyn, kBase + kDyn, dyn_size,
                                                   dyn_size, 8});
    for (size_t i = 0; i < dyn.size(); i++) put(file, kDyn + i * sizeof(Elf64_Dyn), dyn[i]);
    file.resize(str_off);
    return file + strtab;
}

std::string needed_of(const std::string& file) {
    auto n = elf_needed(file);
    cr_assert(n, "%s", n ? "" : n.error().c_str());
    return joined(*n);
}

std::string elf_error(const std::string& file) {
    auto n = elf_needed(file);
    cr_assert(!n, "read a broken file");
    return n.error();
}

bool exists_in(const std::string& path, std::initializer_list<const char*> files) {
    for (auto f : files)
        if (path == f) return true;
    return false;
}

}  // namespace

Test(elf_needed, names_in_the_order_of_the_dynamic_section) {
    expect_str(needed_of(elf64({"libc.so.6", "libstdc++.so.6"})), "libc.so.6 libstdc++.so.6");
    expect_str(needed_of(elf64({})), "");
}

Test(elf_needed, a_real_binary) {
    auto self = read_file("/proc/self/exe");
    cr_assert(self);
    std::string libs = needed_of(*self);
    cr_expect(libs.find("libcriterion.so") != std::string::npos, "%s", libs.c_str());
    cr_expect(libs.find("libc.so.6") != std::string::npos, "%s", libs.c_str());
}

Test(elf_needed, broken_files_are_errors_not_crashes) {
    expect_str(elf_error("#!/bin/sh\n"), "not an ELF file");
    std::string good = elf64({"libc.so.6"});
    for (size_t cut : {size_t(20), sizeof(Elf64_Ehdr), sizeof(Elf64_Ehdr) + 60, good.size() - 3}) {
        auto n = elf_needed(good.substr(0, cut));
        cr_expect(!n, "a file cut at %zu was read", cut);
    }
    std::string name_out = good;
    put(name_out, sizeof(Elf64_Ehdr) + 2 * sizeof(Elf64_Phdr), Elf64_Dyn{DT_NEEDED, {999}});
    expect_str(elf_error(name_out), "DT_NEEDED name outside the string table");
    std::string other_order = good;
    other_order[EI_DATA] = ELFDATA2MSB;
    expect_str(elf_error(other_order), "ELF file of the other byte order");
}

Test(layout, beside_the_binary_or_the_installed_layout) {
    Layout built = layout_of("/src/leash/build/leash");
    expect_str(built.shim, "/src/leash/build/libleash.so");
    expect_str(built.shims, "/src/leash/build/shims");
    Layout installed = layout_of("/usr/local/bin/leash");
    expect_str(installed.shim, "/usr/local/lib/leash/libleash.so");
    expect_str(installed.shims, "/usr/local/lib/leash/shims");
    expect_str(layout_of("/bin/leash").shim, "/lib/leash/libleash.so");
}

Test(doctor, config) {
    std::vector<std::string> looked = {"/etc/leash/config.ini", "/h/.config/leash/config.ini"};
    expect_str(render_check(config_check(looked, {}, std::nullopt)),
               "OK   config: no file, built-in defaults (looked for /etc/leash/config.ini, "
               "/h/.config/leash/config.ini)");
    expect_str(render_check(config_check(looked, looked, std::nullopt)),
               "OK   config: /etc/leash/config.ini, /h/.config/leash/config.ini valid");
    expect_str(render_check(config_check(looked, looked, std::string("/h/c.ini:3: unknown key \"x\" in [leash]"))),
               "FAIL config: /h/c.ini:3: unknown key \"x\" in [leash]; leash refuses every container start until it "
               "is fixed");
}

Test(doctor, shim) {
    std::string c = "/b/libleash.so";
    using Libs = std::vector<std::string>;
    using Needed = Result<Libs>;
    expect_str(render_check(shim_check(c, std::nullopt, Needed(Libs{}))),
               "FAIL shim: /b/libleash.so not found; build it with make, or install leash with make install");
    expect_str(render_check(shim_check(c, c, Needed(Libs{"libc.so.6", "ld-linux-x86-64.so.2"}))),
               "OK   shim: /b/libleash.so (needs only libc)");
    expect_str(render_check(shim_check(c, c, Needed(Libs{"libc.so.6", "libstdc++.so.6", "libfmt.so.9"}))),
               "FAIL shim: /b/libleash.so needs libstdc++.so.6, libfmt.so.9 besides libc, and would load them into "
               "every process; rebuild it with make");
    expect_str(render_check(shim_check(c, c, Needed(Error{"not an ELF file"}))),
               "FAIL shim: cannot read /b/libleash.so: not an ELF file; rebuild it with make");
}

Test(doctor, shim_active) {
    auto exists = [](const std::string& p) { return exists_in(p, {"/b/libleash.so", "/x/libother.so"}); };
    expect_str(render_check(preload_check("/x/libother.so /b/libleash.so", exists)),
               "OK   shim active: LD_PRELOAD has /b/libleash.so");
    expect_str(render_check(preload_check("/gone/libleash.so:/b/libleash.so", exists)),
               "OK   shim active: LD_PRELOAD has /b/libleash.so");
    std::string fix = "add eval \"$(leash init bash)\" to ~/.bashrc (zsh: ~/.zshrc; fish: leash init fish | source "
                      "in ~/.config/fish/config.fish) and open a new shell";
    expect_str(render_check(preload_check("/gone/libleash.so", exists)),
               "FAIL shim active: LD_PRELOAD names /gone/libleash.so, which does not exist; " + fix);
    std::string absent = "FAIL shim active: libleash.so is not in LD_PRELOAD, so a docker run started by a script or "
                         "program bypasses leash; " + fix;
    expect_str(render_check(preload_check(std::nullopt, exists)), absent);
    expect_str(render_check(preload_check("/x/libother.so /b/libleash.so.bak", exists)), absent);
}

Test(doctor, shell_hook) {
    expect_str(render_check(hook_check("zsh", std::nullopt)), "OK   shell hook: active (zsh)");
    expect_str(render_check(hook_check("bash", "")), "OK   shell hook: active (bash)");
    expect_str(render_check(hook_check(std::nullopt, std::nullopt)),
               "FAIL shell hook: not active in this shell; add eval \"$(leash init bash)\" to ~/.bashrc (zsh: "
               "~/.zshrc; fish: leash init fish | source in ~/.config/fish/config.fish) and open a new shell");
    expect_str(render_check(hook_check("bash", "docker podman")),
               "FAIL shell hook (bash): a function or alias of yours named docker, podman hides leash's wrapper, so a "
               "typed docker run bypasses leash; remove it from your shell's startup files and open a new shell");
}

Test(doctor, runtimes) {
    auto checks = runtime_checks({"docker", "nerdctl"}, {"/usr/bin/docker", ""});
    cr_assert_eq(checks.size(), 2u);
    expect_str(render_check(checks[0]), "OK   runtime docker: /usr/bin/docker");
    expect_str(render_check(checks[1]), "WARN runtime nerdctl: not found in PATH (fine if you do not use it)");
    checks = runtime_checks({"docker"}, {""});
    cr_assert_eq(checks.size(), 2u);
    expect_str(render_check(checks[1]), "FAIL runtimes: none found in PATH; install docker or podman");
}

Test(doctor, control_characters_cannot_reach_the_terminal) {
    expect_str(render_check(hook_check("ba\x1b[2Jsh", std::nullopt)), "OK   shell hook: active (ba?[2Jsh)");
}
