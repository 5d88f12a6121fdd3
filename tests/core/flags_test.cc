#include "core/flags.h"

#include <map>
#include <set>
#include <string>

#include "test_util.h"

using namespace leash;

namespace {

size_t count(uint8_t tool, uint8_t at, bool value) {
    std::set<std::string_view> names;
    for (const auto& f : flag_table())
        if ((f.tool & tool) && (f.where & at) && f.takes_value == value) names.insert(f.name);
    return names.size();
}

}  // namespace

// The counts of the flags.* calls in docker/cli 28f7560 and podman c6580b4 (src/core/flags.tsv's sources).
Test(flags, counts_match_the_reference) {
    cr_expect_eq(count(kDocker, kRun, true), 92u);
    cr_expect_eq(count(kDocker, kRun, false), 15u);
    cr_expect_eq(count(kDocker, kCreate, true), 91u);
    cr_expect_eq(count(kDocker, kCreate, false), 13u);
    // podman's own rows plus the aliases of its normalize func (net, dns-opt, healthcheck-*, override-*,
    // ns), which this table spells out: 128 + 11 and 126 + 11.
    cr_expect_eq(count(kPodman, kRun, true), 139u);
    cr_expect_eq(count(kPodman, kRun, false), 25u);
    cr_expect_eq(count(kPodman, kCreate, true), 137u);
    cr_expect_eq(count(kPodman, kCreate, false), 21u);
}

// The union is safe only because no name or letter changes arity at one position.
Test(flags, no_name_or_letter_changes_arity_at_a_position) {
    for (uint8_t at : {kGlobal, kPersistent, kRun, kCreate, kExec}) {
        std::map<std::string_view, bool> by_name;
        std::map<char, bool> by_letter;
        for (const auto& f : flag_table()) {
            if (!(f.where & at)) continue;
            auto [it, fresh] = by_name.emplace(f.name, f.takes_value);
            cr_expect(fresh || it->second == f.takes_value, "--%.*s", int(f.name.size()), f.name.data());
            if (f.letter) {
                auto [jt, fresh2] = by_letter.emplace(f.letter, f.takes_value);
                cr_expect(fresh2 || jt->second == f.takes_value, "-%c", f.letter);
            }
        }
    }
}

Test(flags, lookups) {
    cr_expect(find_long_flag("env", kRun)->takes_value);
    cr_expect(!find_long_flag("rm", kRun)->takes_value);
    cr_expect_null(find_long_flag("rm", kGlobal));
    cr_expect_null(find_long_flag("detach", kCreate));
    cr_expect(find_long_flag("root", kRun | kPersistent));  // podman's persistent global
    cr_expect(find_short_flag('v', kGlobal)->name == "version");
    cr_expect(find_short_flag('v', kRun)->name == "volume");
    cr_expect(find_short_flag('h', kRun)->name == "hostname");
    cr_expect_null(find_short_flag('Z', kRun));
}
