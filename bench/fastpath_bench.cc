// Google Benchmark of the shim's fast path: what libleash.so adds to each exec or posix_spawn before it
// calls libc's. A program that is not a runtime pays the basename compare; a runtime's command that starts
// no container (`docker ps`) pays the argv scan too, and neither reaches the engine.
#include <benchmark/benchmark.h>

#include <vector>

extern "C" bool leash_bench_routed(const char* path, char* const argv[]);

namespace {

void routed(benchmark::State& state, const char* path, std::vector<const char*> args) {
    args.push_back(nullptr);
    auto argv = const_cast<char* const*>(args.data());
    for (auto _ : state) {
        benchmark::DoNotOptimize(path);
        benchmark::DoNotOptimize(leash_bench_routed(path, argv));
    }
    if (leash_bench_routed(path, argv)) state.SkipWithError("this call would reach the engine");
}

// Not runtimes: the fast path proper.
BENCHMARK_CAPTURE(routed, compiler, "/usr/lib/gcc/x86_64-linux-gnu/12/cc1plus", {"cc1plus", "-quiet", "a.cc"});
BENCHMARK_CAPTURE(routed, shell, "/bin/sh", {"sh", "-c", "make all"});
BENCHMARK_CAPTURE(routed, bare_name, "git", {"git", "status"});
BENCHMARK_CAPTURE(routed, near_miss, "/usr/bin/dockerd", {"dockerd", "run"});  // first letter matches
// A runtime, but no container start.
BENCHMARK_CAPTURE(routed, docker_ps, "/usr/bin/docker", {"docker", "ps", "--all", "--format", "{{.ID}}"});

}  // namespace

BENCHMARK_MAIN();
