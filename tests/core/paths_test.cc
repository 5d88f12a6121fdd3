#include "core/paths.h"

#include "test_util.h"

using namespace leash;

// Go's path.Clean on the cases of its own tests.
Test(paths, clean) {
    for (auto [in, out] : std::initializer_list<std::pair<std::string_view, std::string_view>>{
             {"", "."}, {"abc", "abc"}, {"abc/def", "abc/def"}, {".", "."}, {"..", ".."}, {"../..", "../.."},
             {"/", "/"}, {"abc/", "abc"}, {"/abc/def/", "/abc/def"}, {"abc//def//ghi", "abc/def/ghi"},
             {"//abc", "/abc"}, {"///abc", "/abc"}, {"abc/./def", "abc/def"}, {"/./abc/def", "/abc/def"},
             {"abc/.", "abc"}, {"abc/def/ghi/../jkl", "abc/def/jkl"}, {"abc/def/../ghi/../jkl", "abc/jkl"},
             {"abc/def/..", "abc"}, {"abc/def/../..", "."}, {"/abc/def/../..", "/"}, {"abc/def/../../..", ".."},
             {"/abc/def/../../..", "/"}, {"abc/def/../../../ghi/jkl/../../../mno", "../../mno"},
             {"abc/./../def", "def"}, {"abc//./../def", "def"}, {"abc/../../././../def", "../../def"},
             {"./d", "d"}, {".d/", ".d"}})
        expect_str(clean_path(in), out);
}

// is_clean_path, the fast path of clean_path, says which paths clean_path leaves as they are (but for "."
// and "..", which it leaves to clean_path).
Test(paths, is_clean_path_is_clean_paths_fixed_points) {
    for (std::string_view p : {"", ".", "..", "/", "//", "a", "a/", "/a", "/a/", "//a", "a//b", "a/./b", "a/../b", "/..",
                               "..a", ".a", "a..", "a/.b", "/a/..b/c", "/a/b.", "./a", "a/.", "a/..", "/home/u/.env.local"})
        cr_expect(is_clean_path(p) == (clean_path(p) == p && p != "." && p != ".."), "%.*s", int(p.size()), p.data());
}

Test(paths, within_below_join) {
    cr_expect(path_within("/home/me", "/home/me"));
    cr_expect(path_within("/home/me/.aws", "/home/me"));
    cr_expect(path_within("/home/me", "/"));
    cr_expect(!path_within("/home/mex", "/home/me"));
    cr_expect(!path_within("/home", "/home/me"));
    expect_str(path_below("/home/me/.aws/credentials", "/home/me"), ".aws/credentials");
    expect_str(path_below("/home/me", "/home/me"), "");
    expect_str(path_below("/etc/leash", "/"), "etc/leash");
    expect_str(join_path("/h", ".aws"), "/h/.aws");
    expect_str(join_path("/", "etc"), "/etc");
    expect_str(join_path("/h", ""), "/h");
}
