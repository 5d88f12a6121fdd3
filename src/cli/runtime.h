// Finding and starting the real runtime. Every exec goes through the system call itself, so leash's own
// shim, if it is preloaded into this process, never sees it: the engine's exec is final.
#pragma once

#include <string>
#include <string_view>

#include "core/environment.h"
#include "core/parse.h"
#include "core/result.h"

namespace leash {

// As execvp searches: a name with a slash is used as is; else each PATH entry (confstr's default if
// PATH is unset), skipping leash itself, so that a PATH shim named docker finds the real docker.
// Empty if there is none; `err` then says why (ENOENT, or EACCES when one was found but not executable).
std::string find_program(std::string_view name, const Env& env, int& err);

// This program's own path, from /proc/self/exe.
Result<std::string> self_exe();

// Replaces this process. Returns only on failure, with the errno value. A file the kernel cannot run
// (ENOEXEC) is run by /bin/sh, as execvp does; if that fails too, the errno is /bin/sh's.
// `envp` is the environment as execve takes it, null-terminated (DerivedEnv::pointers).
int exec_program(const std::string& path, const Args& argv, const char* const* envp);

// Runs a program with stdin and stderr on /dev/null and returns what it printed, or an error if it
// failed or could not be given those descriptors (it then does not run).
Result<std::string> capture(const std::string& path, const Args& argv, const Env& env);

}  // namespace leash
