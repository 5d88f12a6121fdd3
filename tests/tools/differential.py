#!/usr/bin/env python3
"""Differential test of leash's argv parser against the real docker CLI.

    differential.py PARSE_DUMP VALUES FLAGS_TSV IMAGE COUNT SEED

Generates COUNT `docker create` argvs at random (seeded) from the docker rows of the flag table and the
values of tests/e2e/differential.values: flags in every spelling (--f v, --f=v, -x v, -xv, -x=v, short
groups), bool values, globals before the subcommand, `container create`, `--` before the image, values
that look like flags, and env-files the test writes in the current directory. For each, what
parse-dump (leash's parser) finds must be what docker sends: the same image and environment, as
`docker inspect` shows them. Docker must accept every argv: one it refuses is a fault of the values.
"""
import collections
import concurrent.futures
import csv
import json
import os
import random
import shlex
import subprocess
import sys

FREE = ["-e", "--env", "--rm", "--", "-", "", "=", "-e=X", "X=1", "--env-file", "-it", "a b", "OPENAI", "é"]
ENV = ["FOO", "BAR", "EMPTY", "lower", "UNSET_A", "A*", "-e", "--rm", "-", "X=1", "X=", "X=a=b", "Y=-e",
       "Z=with space", "FOO=override", "é=1", "WITH SPACE"]
HOST_ENV = {"FOO": "foo-host", "BAR": "bar-host", "EMPTY": "", "lower": "low-host"}
# Env-file lines on which docker and leash must agree. Names may follow any space docker trims
# (unicode.IsSpace); comments only ASCII blanks, since leash reads a '#' after other spaces as a name.
SPACES = ["", " ", "\t", " \t ", "\v", "\f", "\u00a0", "\u0085", "\u1680", "\u2000", "\u2003", "\u200a",
          "\u2028", "\u2029", "\u202f", "\u205f", "\u3000"]
ASSIGN = ["A=1", "B=2 ", 'C="q"', "D=a=b", "E=", "F=with space", "G=# not a comment", "FOO=from-file", "é=x"]
BARE = ["FOO", "UNSET_B", "EMPTY", "lower"]
OTHER = ["# comment", "  # indented", "#A=9", "", "   "]
TRUE = ["", "=true", "=1", "=t", "=T", "=TRUE", "=True"]
FALSE = ["=false", "=0", "=f", "=F", "=FALSE", "=False"]
NETWORK = [["--network", "none"], ["--network=none"], ["--net", "none"], ["--net=none"]]

# A row of the flag table that docker accepts globally or after create, with its values.
Flag = collections.namedtuple("Flag", "name short takes_value where group values")


def docker_flags(tsv, values_path):
    """The Flags of docker's global options and of create, less those whose values say never."""
    values = {}
    with open(values_path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            name, group, *vals = line.rstrip("\n").split("\t")
            values[name] = (group, vals)
    flags = []
    with open(tsv, encoding="utf-8") as f:
        for row in csv.reader((l for l in f if not l.startswith("#")), delimiter="\t"):
            where = row[1].split(",")
            if row[0] != "docker" or ("global" not in where and "create" not in where):
                continue
            if row[2] not in values:
                sys.exit(f"differential.py: {row[2]} has no line in {values_path}")
            group, vals = values[row[2]]
            if vals[0] != "never":
                flags.append(Flag(row[2][2:], row[3][1:], row[4] == "value",
                                  "global" if "global" in where else "create", group, vals))
    return flags


class Generator:
    def __init__(self, rng, flags, env_files, image):
        self.rng, self.flags, self.env_files, self.image = rng, flags, env_files, image
        self.unique = 0

    def value(self, vals):
        v = self.rng.choice(vals)
        if v == "@free":
            return self.rng.choice(FREE)
        if v == "@label":
            return self.rng.choice([w for w in FREE if w not in ("", "=") and " " not in w])
        if v == "@env":
            return self.rng.choice(ENV)
        if v == "@env-file":
            return self.rng.choice(self.env_files)
        if v == "@unique":
            self.unique += 1
            return f"u{self.unique}"
        if v == "@host":
            return os.environ["DOCKER_HOST"]
        if v == "@dir":
            return "cfg"
        return v

    def spell(self, f):
        """The tokens of one flag, in one of its spellings."""
        if not f.takes_value:
            suffix = self.rng.choice([s for v in f.values for s in (TRUE if v == "true" else FALSE)])
            if f.short and self.rng.random() < 0.5:
                return [f"-{f.short}{suffix}"]
            return [f"--{f.name}{suffix}"]
        v = self.value(f.values)
        forms = [[f"--{f.name}", v], [f"--{f.name}={v}"]]
        if f.short:
            forms.append([f"-{f.short}", v])
            if v and not v.startswith("="):  # "-x=..." is the next form, and gives another value
                forms.append([f"-{f.short}{v}"])
            if v:
                forms.append([f"-{f.short}={v}"])
        return self.rng.choice(forms)

    def group(self, chosen):
        """A short group: bool letters, then a value flag's letter and its value, or an =BOOL on the last."""
        bools = [f for f in self.flags if f.short and not f.takes_value and f.where == "create" and "true" in f.values]
        letters = "".join(f.short for f in self.rng.sample(bools, self.rng.randint(1, 3)))
        valued = [f for f in self.flags if f.short and f.takes_value and f.where == "create" and ok(f, chosen)]
        ending = self.rng.random()
        if ending < 0.2:
            return [f"-{letters}"]
        if ending < 0.35:
            return [f"-{letters}{self.rng.choice(TRUE[1:] + FALSE)}"]
        f = self.rng.choice(valued)
        chosen.add(f.group)
        v = self.value(f.values)
        forms = [[f"-{letters}{f.short}", v]]
        if v and not v.startswith("="):
            forms.append([f"-{letters}{f.short}{v}"])
        if v:
            forms.append([f"-{letters}{f.short}={v}"])
        return self.rng.choice(forms)

    def argv(self):
        rng, out, chosen = self.rng, [], set()
        for f in rng.sample([f for f in self.flags if f.where == "global"], rng.choice([0, 0, 0, 1, 2])):
            if ok(f, chosen):
                chosen.add(f.group)
                out += self.spell(f)
        out += rng.choice([["create"], ["container", "create"]])
        creates = [f for f in self.flags if f.where == "create"]
        env = [f for f in creates if f.name in ("env", "env-file")]
        flags = [rng.choice(NETWORK)]
        for _ in range(rng.randint(0, 7)):
            if rng.random() < 0.15:
                flags.append(self.group(chosen))
                continue
            f = rng.choice(env if rng.random() < 0.5 else creates)
            if ok(f, chosen):
                chosen.add(f.group)
                flags.append(self.spell(f))
        if rng.random() < 0.05:
            flags.append(["-test.v"])
        rng.shuffle(flags)
        out += [t for f in flags for t in f]
        if rng.random() < 0.2:
            out.append("--")
        out.append(rng.choice([self.image, self.image + ":latest"]))
        out += rng.sample(["env", "-e", "FOO", "--env-file", "--", "-it", "x"], rng.randint(0, 3))
        return out


def ok(flag, chosen):
    """Whether FLAG may join the flags of CHOSEN groups."""
    return flag.group == "-" or flag.group not in chosen


def write_env_files(rng, n):
    names = []
    for i in range(n):
        lines = []
        for _ in range(rng.randint(1, 6)):
            kind = rng.random()
            if kind < 0.5:
                lines.append(rng.choice(SPACES) + rng.choice(ASSIGN))
            elif kind < 0.75:
                lines.append(rng.choice(SPACES) + rng.choice(BARE))
            else:
                lines.append(rng.choice(OTHER))
        eol = rng.choice(["\n", "\r\n"])
        text = ("\ufeff" if rng.random() < 0.2 else "") + eol.join(lines) + rng.choice([eol, ""])
        names.append(f"e{i}.env")
        with open(names[-1], "w", encoding="utf-8", newline="") as f:
            f.write(text)
    return names


def normalize(image, env):
    return json.dumps({"image": image, "env": sorted(env or [])}, ensure_ascii=False)


def one(parse_dump, argv):
    """What parse-dump finds (or its refusal), and docker's container id (None if it refused) and stderr."""
    p = subprocess.run([parse_dump, "docker"] + argv, capture_output=True)
    leash = normalize(**json.loads(p.stdout)) if p.returncode == 0 else "refused: " + p.stderr.decode(errors="replace")
    d = subprocess.run(["docker"] + argv, capture_output=True)
    out = d.stdout.decode(errors="replace").split()
    return leash, (out[-1] if d.returncode == 0 and out else None), d.stderr.decode(errors="replace").strip()


def main():
    parse_dump, values, tsv, image, count, seed = sys.argv[1:]
    rng = random.Random(int(seed))
    os.environ.update(HOST_ENV)
    os.environ.pop("UNSET_A", None)
    os.makedirs("cfg", exist_ok=True)
    gen = Generator(rng, docker_flags(tsv, values), write_env_files(rng, 12), image)
    argvs = [gen.argv() for _ in range(int(count))]
    with concurrent.futures.ThreadPoolExecutor(max_workers=3) as pool:
        results = list(pool.map(lambda a: one(parse_dump, a), argvs))
    ids = [r[1] for r in results if r[1]]
    docker = {}
    for i in range(0, len(ids), 200):
        batch = ids[i:i + 200]
        out = subprocess.run(["docker", "inspect", "--format", "{{json .Config.Image}} {{json .Config.Env}}"] + batch,
                             capture_output=True, text=True, check=True).stdout.splitlines()
        for cid, line in zip(batch, out):
            img, env = line.split(" ", 1)
            docker[cid] = normalize(json.loads(img), json.loads(env))
        subprocess.run(["docker", "rm", "-f"] + batch, capture_output=True, check=True)
    failures = []
    for argv, (leash, cid, err) in zip(argvs, results):
        got = docker[cid] if cid else f"refused: {err}"
        if got != leash:
            failures.append(f"docker {shlex.join(argv)}\n  docker: {got}\n  leash:  {leash}")
    print(f"differential: {len(argvs)} argvs (seed {seed}), {len(argvs) - len(failures)} agree with the docker CLI")
    for f in failures[:20]:
        print(f)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
