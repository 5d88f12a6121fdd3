#include "core/mount_grammar.h"

#include "test_util.h"

using namespace leash;

namespace {

constexpr auto D = MountGrammar::Docker;
constexpr auto P = MountGrammar::Podman;
constexpr auto N = MountGrammar::Nerdctl;

// "bind SOURCE TARGET ro|rw" per mount, "; " between them, or "error".
std::string show(const Result<std::vector<Mount>>& r) {
    if (!r) return "error";
    static constexpr const char* kTypes[] = {"bind", "volume", "tmpfs", "glob", "other"};
    std::string out;
    for (const Mount& m : *r)
        out += (out.empty() ? "" : "; ") + std::string(kTypes[m.type]) + " " + (m.source.empty() ? "-" : m.source) +
               " " + (m.target.empty() ? "-" : m.target) + (m.readonly ? " ro" : " rw");
    return out;
}

struct Case {
    MountGrammar g;
    std::string_view value;
    std::string_view want;
};

void expect_cases(bool mount_flag, std::initializer_list<Case> cases) {
    for (const Case& c : cases) {
        std::string got = show(mount_flag ? read_mount(c.g, c.value) : read_volume(c.g, c.value));
        cr_expect(got == c.want, "%s %s \"%s\": got \"%s\", expected \"%s\"",
                  c.g == D ? "docker" : c.g == P ? "podman" : "nerdctl", mount_flag ? "--mount" : "-v",
                  std::string(c.value).c_str(), got.c_str(), std::string(c.want).c_str());
    }
}

}  // namespace

// What docker 28.2 (CLI and daemon) did with each value, by `docker create` and `docker inspect`.
Test(mount_grammar, docker_volume) {
    expect_cases(false, {
        {D, "/h/d:/x", "bind /h/d /x rw"},
        {D, "/h/d:/x:ro", "bind /h/d /x ro"},
        {D, "/h/d:/x:ro,Z", "bind /h/d /x ro"},
        {D, "/h/d:/x:cached,ro", "bind /h/d /x ro"},
        {D, "/h/d:/x:rslave,rw,z", "bind /h/d /x rw"},
        {D, "/h/d:/x:consistent", "bind /h/d /x rw"},
        {D, "/h//d/../d/:/x/../y/", "bind /h/d /y rw"},  // both cleaned, as the daemon does
        {D, "/:/host", "bind / /host rw"},
        {D, "./d:/x", "bind d /x rw"},                  // the CLI makes it absolute: the edge's to do
        {D, ".d:/x", "bind .d /x rw"},
        {D, "..:/x", "bind .. /x rw"},
        {D, ".:/x", "bind . /x rw"},
        // Not host paths: a source that starts with neither '/' nor '.' names a volume (one with '~' or
        // '/' in it is refused by the daemon: "includes invalid characters for a local volume name").
        {D, "vol:/x", "volume vol /x rw"},
        {D, "vol:/x:ro,nocopy", "volume vol /x ro"},
        {D, "~/x:/y", "volume ~/x /y rw"},
        {D, "d/sub:/x", "volume d/sub /x rw"},
        // Only a target: an anonymous volume (the CLI sends it as Config.Volumes).
        {D, "/data", "volume - /data rw"},
        {D, "a:/x", "volume - a:/x rw"},  // a drive letter to the CLI: one field
        {D, "ab", "volume - ab rw"},
        {D, "\xC3\xA9:/x", "volume - \xC3\xA9:/x rw"},  // one letter before ':' is a drive to the CLI
        {D, "\xE1:/x", "volume \xE1 /x rw"},            // an invalid byte is U+FFFD, no letter
        {D, "/h\xE1:/x", "bind /h\xE1 /x rw"},  // an invalid rune ends at the ':' (found by the fuzzer)
        // Refused by docker.
        {D, "", "error"},
        {D, "/h/d:/x:", "error"},  // empty section between colons
        {D, "/h/d::/x", "error"},
        {D, "/h/d:/x:ro:z", "error"},  // too many colons
        {D, "/h/d:/x:foo", "error"},
        {D, "/h/d:/x:O", "error"},  // podman's overlay
        {D, "/h/d:/x:U", "error"},
        {D, "/h/d:/x:rw,ro", "error"},
        {D, "/h/d:/x:ro,ro", "error"},
        {D, "/h/d:/x:default", "error"},
        {D, "/h/d:/x:copy", "error"},
        {D, "/h/d:ro", "error"},  // a mode where the target should be
        {D, "/h/d:/", "error"},
        {D, "/h/d:x", "error"},
    });
}

Test(mount_grammar, docker_mount) {
    expect_cases(true, {
        {D, "type=bind,src=/h/d,dst=/x", "bind /h/d /x rw"},
        {D, "type=bind,source=/h/d,target=/x,readonly", "bind /h/d /x ro"},
        {D, "type=bind,src=/h/d,destination=/x,ro", "bind /h/d /x ro"},
        {D, "type=bind,src=/h/d,dst=/x,ro=1", "bind /h/d /x ro"},
        {D, "type=bind,src=/h/d,dst=/x,readonly=true", "bind /h/d /x ro"},
        {D, "type=bind,src=/h/d,dst=/x,readonly=TRUE", "bind /h/d /x ro"},  // docker 28: strconv.ParseBool
        {D, "type=bind,src=/h/d,dst=/x,readonly=0", "bind /h/d /x rw"},
        {D, "type=bind,src=/h/d,dst=/x,readonly=false", "bind /h/d /x rw"},
        {D, "type=bind,src=/h/d,dst=/x,ro,readonly=false", "bind /h/d /x rw"},  // the last one counts
        {D, "type=bind,src=/h/d,src=/h,dst=/x", "bind /h /x rw"},
        {D, "TYPE=BIND,SRC=/h/d,DST=/x", "bind /h/d /x rw"},  // keys and the type in any case
        {D, "type=bind,src=./d,dst=/x", "bind d /x rw"},
        {D, "\"type=bind\",\"src=/h/d\",dst=/x", "bind /h/d /x rw"},
        {D, "type=bind,\"src=/h/a,b\",dst=/x", "bind /h/a,b /x rw"},  // encoding/csv
        {D, "type=bind,\"src=/h/a\"\"b\",dst=/x", "bind /h/a\"b /x rw"},
        {D, " type=bind,src=/h/d,dst=/x\n", "bind /h/d /x rw"},  // the value is trimmed
        {D, "type=bind,src=/h/d,dst=/x\ntype=bind,src=/,dst=/y", "bind /h/d /x rw"},  // the first record only
        {D, "type=bind,src=/h/d,dst=/x,bind-propagation=rslave,bind-nonrecursive", "bind /h/d /x rw"},
        {D, "type=bind,src=/h/d,dst=/x,readonly,bind-recursive=readonly,bind-propagation=rprivate", "bind /h/d /x ro"},
        // A volume whose options make the local driver mount a host path (device=, o=bind) is a bind.
        {D, "type=volume,src=v,dst=/x,volume-opt=type=none,volume-opt=device=/h/d,volume-opt=o=bind", "bind /h/d /x rw"},
        {D, "src=v,dst=/x,volume-opt=device=/dev/sda1,volume-opt=type=ext4", "bind /dev/sda1 /x rw"},
        // Not host paths.
        {D, "src=vol,dst=/x", "volume vol /x rw"},  // the default type is volume
        {D, "type=volume,src=vol,dst=/x,volume-nocopy,volume-driver=local", "volume vol /x rw"},
        {D, "type=volume,dst=/x", "volume - /x rw"},
        {D, "src=/h/d,dst=/x", "volume /h/d /x rw"},  // a volume named so: the daemon refuses it
        {D, "type=tmpfs,dst=/x,tmpfs-size=1m,tmpfs-mode=1770", "tmpfs - /x rw"},
        {D, "type=image,src=alpine,dst=/x", "other alpine /x ro"},
        // Refused by docker.
        {D, "", "error"},
        {D, "type=bind,dst=/x", "error"},  // no source
        {D, "type=bind,src=/h/d", "error"},
        {D, "type=bind,src=/h/d,dst=x", "error"},
        {D, "type=bind,src=/h/d,dst=/", "error"},
        {D, "type=bind,src=/h/d,dst=/x,foo=bar", "error"},
        {D, "type=bind,src=/h/d,dest=/x", "error"},  // podman's spelling
        {D, "type=bind,src=/h/d,dst=/x,rw", "error"},
        {D, "type=bind, src=/h/d,dst=/x", "error"},
        {D, "type=bind,src= /h/d,dst=/x", "error"},
        {D, "type=bind,src=,dst=/x", "error"},
        {D, "type=bind,src=/h/d,dst=/x,readonly=yes", "error"},
        {D, "type=bind,src=/h/a\"b,dst=/x", "error"},  // a bare quote
        {D, "type=bind,\"src=/h/d\"x,dst=/x", "error"},
        {D, "type=bind,\"src=/h/d,dst=/x", "error"},
        {D, "type=glob,src=/h/*,dst=/x", "error"},
        {D, "type=npipe,src=/h/d,dst=/x", "error"},
    });
}

// What podman did (4.3.1, checked with `podman create` and `podman inspect`), and what its current source
// does where they differ (noted).
Test(mount_grammar, podman_volume) {
    expect_cases(false, {
        {P, "/h/d:/x", "bind /h/d /x rw"},
        {P, "/h/d:/x:ro", "bind /h/d /x ro"},
        {P, "/h/d:/x:ro,Z,U", "bind /h/d /x ro"},
        {P, "/h/d:/x:idmap=uids=0-1-2,rslave,noexec", "bind /h/d /x rw"},
        {P, "./d:/x:ro", "bind d /x ro"},
        {P, ".d:/x", "bind .d /x rw"},
        // An overlay: read-only to the host's files; with an upperdir, the container writes there.
        {P, "/h/d:/x:O", "bind /h/d /x ro"},
        {P, "/h/d:/x:O,upperdir=/h/up,workdir=/h/wk", "bind /h/d /x ro; bind /h/up /x rw"},
        // Not host paths.
        {P, "vol:/x", "volume vol /x rw"},
        {P, "~/x:/y", "volume ~/x /y rw"},  // podman refuses the name
        {P, "d/sub:/x", "volume d/sub /x rw"},
        {P, "/data", "volume - /data rw"},
        // Refused by podman.
        {P, "/h/d:/x:", "error"},  // invalid option type ""
        {P, "/h/d:/x:ro:z", "error"},
        {P, "/h/d:/x:foo", "error"},
        {P, "/h/d:/x:rw,ro", "error"},
        {P, "/h/d:/x:z,Z", "error"},
        {P, ":/x", "error"},
        {P, "a:ro", "error"},
        {P, "/h/d:x", "error"},
        {P, "/h/d:/", "bind /h/d / rw"},  // podman mounts it as the root filesystem
    });
}

Test(mount_grammar, podman_mount) {
    expect_cases(true, {
        {P, "type=bind,src=/h/d,dst=/x", "bind /h/d /x rw"},
        {P, "type=bind,source=/h/d,target=/x,readonly", "bind /h/d /x ro"},
        {P, "type=bind,src=/h/d,dest=/x,ro", "bind /h/d /x ro"},
        {P, "type=bind,src=/h/d,destination=/x,readonly=TRUE", "bind /h/d /x ro"},
        {P, "type=bind,src=/h/d,dst=/x,readonly=false", "bind /h/d /x rw"},
        {P, "type=bind,src=/h/d,dst=/x,rw=false", "bind /h/d /x ro"},
        {P, "type=bind,src=/h/d,dst=/x,rw", "bind /h/d /x rw"},
        // readonly=1: podman 4.3 refuses it; its current source adds no option, so the mount is writable.
        {P, "type=bind,src=/h/d,dst=/x,readonly=1", "bind /h/d /x rw"},
        {P, "type=bind,dst=/h/d", "bind /h/d /h/d rw"},  // no source: the target's own path on the host
        {P, "type=bind,src=/h/d,src=/h,dst=/x", "bind /h /x rw"},  // 4.3: the last; now refused
        {P, "type=bind,src=./d,dst=/x,U,Z,bind-propagation=rslave", "bind d /x rw"},
        {P, "\"type=bind\",\"src=/h/a,b\",dst=/x", "bind /h/a,b /x rw"},
        {P, "type=glob,src=/h/*.so,dst=/lib", "glob /h/*.so /lib rw"},
        {P, "type=glob,src=/h/*.so,ro", "glob /h/*.so - ro"},
        {P, "type=volume,src=v,dst=/x,volume-opt=device=/h/d,volume-opt=o=bind,volume-opt=type=none", "bind /h/d /x rw"},
        // Not host paths.
        {P, "type=volume,src=vol,dst=/x,ro", "volume vol /x ro"},
        {P, "src=vol,dst=/x", "volume vol /x rw"},  // no type: 4.3 refuses; now a volume
        {P, "type=tmpfs,dst=/x,tmpfs-size=1m", "tmpfs - /x rw"},
        {P, "type=ramfs,dst=/x", "tmpfs - /x rw"},
        {P, "type=devpts,dst=/x,uid=0", "other - /x rw"},
        {P, "type=image,src=alpine,dst=/x", "other alpine /x ro"},
        {P, "type=image,src=alpine,dst=/x,rw=true", "other alpine /x rw"},
        {P, "type=artifact,src=quay.io/a/b,dst=/x,title=t", "other quay.io/a/b /x ro"},
        // Refused by podman.
        {P, "TYPE=BIND,SRC=/h/d,DST=/x", "error"},  // keys are case-sensitive: a volume with unknown options
        {P, "type=BIND,src=/h/d,dst=/x", "error"},
        {P, " type=bind,src=/h/d,dst=/x", "error"},  // no trimming: " type" is an unknown option
        {P, "type=bind,type=volume,src=/h/d,dst=/x", "error"},
        {P, "type=bind,src=/h/d,dst=/x,O", "error"},
        {P, "type=bind,src=/h/d,dst=/x,ro,readonly", "error"},
        {P, "type=bind,src=/h/d,dst=/x\ntype=bind,src=/,dst=/y", "error"},  // not one record
        {P, "type=bind,src=/h/d", "error"},
        {P, "type=tmpfs,src=/h/d,dst=/x", "error"},
        {P, "type=image,dst=/x", "error"},
        {P, "type=devpts,src=/h/d,dst=/x", "error"},
        {P, "type=cluster,dst=/x", "error"},
        {P, "type=bind,src=/,dst=/", "bind / / rw"},
    });
}

// nerdctl's source (pkg/mountutil), read: nerdctl is not installed here.
Test(mount_grammar, nerdctl_volume) {
    expect_cases(false, {
        {N, "/h/d:/x", "bind /h/d /x rw"},
        {N, "/h/d:/x:ro", "bind /h/d /x ro"},
        {N, "/h/d:/x:rro,rprivate", "bind /h/d /x ro"},
        {N, "/h/d:/x:O,foo", "bind /h/d /x rw"},  // unknown options are only warned about
        {N, "::/h/d:/x", "bind /h/d /x rw"},      // leading colons are dropped
        // Any source that is not a volume name ([a-zA-Z0-9][a-zA-Z0-9_.-]+) is a path, relative to the
        // working directory.
        {N, "d/sub:/x", "bind d/sub /x rw"},
        {N, "~/x:/y", "bind ~/x /y rw"},
        {N, "a:/x", "bind a /x rw"},
        {N, ".env:/x", "bind .env /x rw"},
        {N, "vol:/x", "volume vol /x rw"},
        {N, "my_vol.1:/x:ro", "volume my_vol.1 /x ro"},
        {N, "/data", "volume - /data rw"},
        {N, "/h/d:/x:rw,ro", "error"},
        {N, "/h/d:/x:ro:z", "error"},
        {N, "vol:/x:rslave", "error"},  // propagation is for binds
        {N, "/h/d:/", "error"},
        {N, "/h/d:x", "error"},
    });
}

Test(mount_grammar, nerdctl_mount) {
    expect_cases(true, {
        {N, "type=bind,src=/h/d,dst=/x", "bind /h/d /x rw"},
        {N, "type=bind,source=/h/d,target=/x,readonly", "bind /h/d /x ro"},
        {N, "type=bind,src=/h/d,dst=/x,ro=t", "bind /h/d /x ro"},  // strconv.ParseBool
        {N, "type=bind,src=/h/d,dst=/x,ro,readonly=false", "bind /h/d /x ro"},  // false unsets nothing
        {N, "TYPE=bind,SRC=/h/d,DST=/x", "bind /h/d /x rw"},
        // The source decides, whatever the type says: nerdctl writes the mount out as a -v value.
        {N, "type=volume,src=/h/d,dst=/x", "bind /h/d /x rw"},
        {N, "src=/h/d,dst=/x", "bind /h/d /x rw"},
        {N, "type=bind,src=vol,dst=/x", "error"},  // "vol:/x:rbind": rbind is for binds
        {N, "type=volume,src=/h/a:/h/b,dst=/x", "bind /h/a /h/b rw"},  // the ':' moves the fields
        {N, "type=bind,dst=/x", "error"},       // ":/x:rbind" is read as "/x:rbind"
        {N, "type=volume,dst=/x", "volume - /x rw"},
        {N, "type=tmpfs,dst=/x", "tmpfs - /x rw"},
        {N, "type=image,src=alpine,dst=/x", "other alpine /x ro"},
        {N, "type=bind,\"src=/h/a,b\",dst=/x", "error"},  // no quotes: the field is "src=/h/a
        {N, "type=BIND,src=/h/d,dst=/x", "error"},
        {N, "type=bind,src=/h/d,dst=/x,foo=bar", "error"},
        {N, "type=bind,src=/h/d,dst=/x,readonly=yes", "error"},
        {N, "type=bind,src=/h/d,dst=/x,", "error"},
        {N, "type=volume,src=/h/d,dst=/x,bind-propagation=rslave", "bind /h/d /x rw"},
        {N, "type=volume,src=vol,dst=/x,bind-propagation=rslave", "error"},
    });
}

// A `docker` may be podman's: the value is read both ways.
Test(mount_grammar, docker_is_read_both_ways) {
    // Each way alone: podman's overlay, podman's source-less bind; docker's TYPE=BIND.
    expect_str(show(read_volume("docker", "/h/d:/x:O")), "bind /h/d /x ro");
    expect_str(show(read_mount("docker", "type=bind,dst=/h/d")), "bind /h/d /h/d rw");
    expect_str(show(read_mount("docker", "TYPE=BIND,SRC=/h/d,DST=/x")), "bind /h/d /x rw");
    // Read-only only when both read it so: readonly=1 is writable to podman.
    expect_str(show(read_mount("docker", "type=bind,src=/h/d,dst=/x,readonly=1")), "bind /h/d /x rw");
    expect_str(show(read_mount("docker", "type=bind,src=/h/d,dst=/x,readonly")), "bind /h/d /x ro");
    expect_str(show(read_volume("docker", "/h/d:/x:ro")), "bind /h/d /x ro");
    expect_str(show(read_volume("docker", "/h/d:/x:nonsense")), "error");
    cr_expect(!read_volume("docker", "/h/d:/x:nonsense").error().empty());
    // Each runtime alone for the others.
    expect_str(show(read_volume("podman-remote", "/h/d:/x:O")), "bind /h/d /x ro");
    expect_str(show(read_volume("nerdctl", "d/sub:/x")), "bind d/sub /x rw");
    expect_str(show(read_volume("podman", "d/sub:/x")), "volume d/sub /x rw");
}

Test(mount_grammar, via_names_the_flag_and_the_paths_never_the_options) {
    auto m = read_mount(D, "type=volume,src=v,dst=/x,volume-opt=type=cifs,volume-opt=device=//h/s,"
                           "\"volume-opt=o=username=u,password=secret\"");
    cr_assert(m);
    expect_str((*m)[0].via, "--mount //h/s:/x");
    expect_str((*read_volume(D, "/h/d:/x:ro"))[0].via, "-v /h/d:/x");
    expect_str((*read_volume(D, "/data"))[0].via, "-v /data");
    auto bad = read_mount(D, "type=bind,src=/h/d,dst=/x,volume-opt=o=password=secret,bogus=1");
    cr_assert(!bad);
    cr_expect(bad.error().find("secret") == std::string::npos, "%s", bad.error().c_str());
}

Test(mount_grammar, volumes_from) {
    auto mode = [](MountGrammar g, std::string_view v) -> std::string {
        auto r = read_volumes_from(g, v);
        if (!r) return "error";
        return r->container + (r->mode == VolumesFrom::Keep ? " keep" : r->mode == VolumesFrom::ReadOnly ? " ro" : " rw");
    };
    expect_str(mode(D, "box"), "box keep");
    expect_str(mode(D, "box:ro"), "box ro");
    expect_str(mode(D, "box:rw"), "box keep");  // docker never makes a read-only mount writable
    expect_str(mode(D, "box:ro,Z"), "box ro");
    expect_str(mode(D, "box:rslave"), "error");
    expect_str(mode(D, "box:nocopy"), "error");
    expect_str(mode(D, "box:foo"), "error");
    expect_str(mode(D, ""), "error");
    expect_str(mode(P, "box:rw"), "box rw");
    expect_str(mode(P, "box:ro,z"), "box ro");
    expect_str(mode(P, "box:Z"), "error");
    expect_str(mode(P, "box:ro,rw"), "error");
    expect_str(mode(N, "box:ro"), "box:ro keep");  // nerdctl: a name, with no mode
    auto both = read_volumes_from("docker", "box:rw");
    cr_assert(both);
    cr_expect_eq(both->mode, VolumesFrom::ReadWrite);  // podman's reading
    cr_expect_eq(read_volumes_from("docker", "box:ro,Z")->mode, VolumesFrom::ReadOnly);  // docker's alone
}

Test(mount_grammar, tmpfs) {
    expect_str(show(std::vector<Mount>{*read_tmpfs("/run:rw,size=64m")}), "tmpfs - /run rw");
    expect_str(show(std::vector<Mount>{*read_tmpfs("/home/me/.aws")}), "tmpfs - /home/me/.aws rw");
    cr_expect(!read_tmpfs("run"));
    cr_expect(!read_tmpfs(""));
    cr_expect(!read_tmpfs(":/x"));
}

Test(mount_grammar, mounts_from_another_container) {
    std::vector<Mount> theirs = {*read_volume(D, "/h:/h")->begin(), *read_volume(D, "/h/p:/p:ro")->begin()};
    auto kept = mounts_from({"box", VolumesFrom::Keep}, theirs);
    expect_str(show(kept), "bind /h /h rw; bind /h/p /p ro");
    expect_str(kept[0].via, "--volumes-from box");
    expect_str(show(mounts_from({"box", VolumesFrom::ReadOnly}, theirs)), "bind /h /h ro; bind /h/p /p ro");
    expect_str(show(mounts_from({"box", VolumesFrom::ReadWrite}, theirs)), "bind /h /h rw; bind /h/p /p rw");
}

Test(mount_grammar, glob_matches_become_binds) {
    auto glob = read_mount(P, "type=glob,src=/h/lib/*.so,dst=/lib,ro");
    cr_assert(glob);
    expect_str(show(glob_mounts((*glob)[0], {"/h/lib/a.so", "/h/lib/b.so"})), "bind /h/lib/a.so /lib/a.so ro; bind /h/lib/b.so /lib/b.so ro");
    auto here = read_mount(P, "type=glob,src=/h/.*");
    cr_assert(here);
    expect_str(show(glob_mounts((*here)[0], {"/h/.aws"})), "bind /h/.aws /h/.aws rw");
    cr_expect(glob_mounts((*here)[0], {}).empty());
}

namespace {

std::string flags(std::string_view runtime, std::string_view src, std::string_view dst, bool ro = true) {
    auto f = bind_flags(runtime, src, dst, ro);
    return f ? test::joined(*f) : "error";
}

}  // namespace

Test(mount_grammar, bind_flags_read_back_as_written) {
    expect_str(flags("docker", "/run/leash/empty", "/h/.aws"), "--mount type=bind,src=/run/leash/empty,dst=/h/.aws,readonly");
    expect_str(flags("podman", "/a b", "/c d", false), "--mount type=bind,src=/a b,dst=/c d");
    expect_str(flags("docker", "/a,b", "/x\"y"), "--mount type=bind,\"src=/a,b\",\"dst=/x\"\"y\",readonly");
    expect_str(flags("docker", "/a", "/x ", true), "-v /a:/x :ro");  // docker refuses spaces at the ends
    expect_str(flags("docker", "/a:b", "/x "), "error");
    expect_str(flags("nerdctl", "/a,b", "/x"), "-v /a,b:/x:ro");  // nerdctl splits --mount at commas
    expect_str(flags("nerdctl", "/a:b", "/x"), "error");
    expect_str(flags("docker", "a", "/x"), "error");
    expect_str(flags("docker", "/a", ""), "error");
    // Whatever the paths, each runtime reads back exactly the bind that was asked for.
    for (std::string_view runtime : {"docker", "podman", "nerdctl"})
        for (std::string_view path : {"/p", "/p q", "/a,b", "/a\"b", "/a=b", "/a:b", "/ lead", "/trail ", "/new\nline",
                                      "/x\r\ny", "/\xC2\xA0nbsp"}) {
            auto f = bind_flags(runtime, path, "/in/c", true);
            if (!f) continue;
            auto m = (*f)[0] == "-v" ? read_volume(runtime, (*f)[1]) : read_mount(runtime, (*f)[1]);
            std::string want = "bind " + std::string(path) + " /in/c ro";
            cr_expect(show(m) == want, "%s %s: %s", std::string(runtime).c_str(), test::joined(*f).c_str(), show(m).c_str());
        }
    // The paths no flag can carry.
    cr_expect(!bind_flags("docker", "/a:b", "/x\r", true));
    cr_expect(!bind_flags("nerdctl", "/a:b", "/x", true));
}
