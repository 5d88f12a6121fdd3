#!/usr/bin/env python3
"""with_env.py ENTRY... -- PROGRAM ARGS...

Runs PROGRAM (a path, or found in PATH) with this environment changed by each ENTRY, in order: NAME=value
is appended as it is, so that a name can appear twice; -NAME removes every entry of NAME. The adversarial
suite makes environments with it that no shell can."""
import ctypes
import os
import shutil
import sys

args = [os.fsencode(a) for a in sys.argv[1:]]
sep = args.index(b"--")
env = [name + b"=" + value for name, value in os.environb.items()]
for entry in args[:sep]:
    if entry.startswith(b"-"):
        env = [e for e in env if e.split(b"=", 1)[0] != entry[1:]]
    else:
        env.append(entry)
argv = args[sep + 1:]
path = os.fsencode(shutil.which(os.fsdecode(argv[0])) or argv[0])


def strings(items):
    return (ctypes.c_char_p * (len(items) + 1))(*items, None)


libc = ctypes.CDLL(None, use_errno=True)
libc.execve(path, strings(argv), strings(env))
sys.exit(f"with_env.py: {os.fsdecode(argv[0])}: {os.strerror(ctypes.get_errno())}")
