// The floor every preload pays: a shared object against libc alone with nothing in it. bench/run.sh loads
// it with LD_PRELOAD where it loads libleash.so, so the difference between the two is the shim's own.
typedef int leash_bench_nothing;  // ISO C wants a translation unit to declare something
