#!/usr/bin/env python3
"""bench/report.py RESULTS ROOT: turns what bench/run.sh measured (RESULTS/data.tsv, the Google Benchmark
JSON files) into ROOT/bench/results.md, ROOT/bench/chart.svg and the section of ROOT/README.md between its
bench markers. Medians over rounds; a ratio is a median's over another's. Each target is reported with the
figure it was judged on, and what was not measured is listed, with why."""

import html
import json
import statistics
import sys
import textwrap
from collections import defaultdict
from pathlib import Path

BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"
PRELOADS = ["none", "empty", "leash", "snoopy", "libfaketime"]
LABELS = {
    "none": "no preload",
    "empty": "empty preload (the floor)",
    "leash": "libleash.so",
    "snoopy": "snoopy",
    "libfaketime": "libfaketime",
}
NON_RUNTIME = ["compiler", "shell", "bare_name", "near_miss"]


class Data:
    def __init__(self, out: Path):
        self.meta, self.seconds, self.instructions = {}, {}, {}
        self.skips = []
        self.rounds = defaultdict(lambda: defaultdict(dict))  # section -> case -> round -> value
        for line in (out / "data.tsv").read_text().splitlines():
            section, case, value, rnd = (line.split("\t") + [""] * 4)[:4]
            if section == "meta":
                self.meta[case] = value
            elif section == "skip":
                self.skips.append((case, value))
            elif section == "seconds":
                self.seconds[case] = int(value)
            elif section == "instructions":
                self.instructions[case] = int(value)
            else:
                self.rounds[section][case][rnd] = int(value)
        self.gbench = {}  # run name -> median aggregate
        for name in ("fastpath", "engine"):
            path = out / f"{name}.json"
            if path.exists():
                for b in json.loads(path.read_text())["benchmarks"]:
                    if b.get("aggregate_name") == "median" and not b.get("error_occurred"):
                        self.gbench[b["run_name"]] = b

    def median(self, section, case):
        values = self.rounds[section].get(case, {}).values()
        return statistics.median(values) if values else None

    def spread(self, section, case):
        values = sorted(self.rounds[section].get(case, {}).values())
        return (values[0], values[-1]) if values else None

    def paired(self, section, case, base):
        """The quartiles of case / base within each round: the load of a round falls on both."""
        a, b = self.rounds[section].get(case, {}), self.rounds[section].get(base, {})
        ratios = [a[r] / b[r] for r in a if r in b]
        if len(ratios) < 2:
            return None
        q = statistics.quantiles(ratios, n=4, method="inclusive")
        return q[0], statistics.median(ratios), q[2]

    def gbench_ns(self, name):
        b = self.gbench.get(name)
        if not b:
            return None
        return b["cpu_time"] * {"ns": 1, "us": 1e3, "ms": 1e6, "s": 1e9}[b["time_unit"]]


def num(n):
    return f"{n:,.0f}"


def us(ns, digits=0):
    return f"{ns / 1e3:,.{digits}f} µs"


def ms(ns):
    return f"{ns / 1e6:,.1f} ms"


def pct(ratio):
    return f"{(ratio - 1) * 100:+.1f}%"


def quartiles(q):
    return f"{pct(q[1])} ({pct(q[0])} to {pct(q[2])})" if q else ""


def para(text):
    return textwrap.fill(text, 105, break_on_hyphens=False, break_long_words=False)


def table(head, rows):
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def machine(d):
    m = d.meta
    total = sum(d.seconds.values())
    return para(
        f"Measured {m.get('date', '?')} on {m.get('cpu', '?')} ({m.get('cores', '?')} cores, "
        f"{m.get('memory', '?')}), {m.get('os', '?')}, {m.get('libc', '?')}; {m.get('compiler', '?')}; "
        f"docker {m.get('docker', 'not measured')}; leash {m.get('leash', '?')}. Load average (1, 5, 15 min) "
        f"{m.get('load_before', '?')} before, {m.get('load_after', '?')} after: rounds are interleaved in "
        f"random order, so that other work on the machine falls on every variant alike. Sizes: "
        f"{m.get('sizes', '?')}; measuring took {total // 60} min {total % 60} s, the build not counted."
    )


def targets(d):
    rows = []
    i = d.instructions
    if all(k in i for k in ("none", "empty", "leash")):
        r = (i["leash"] - i["none"]) / (i["empty"] - i["none"])
        rows.append(("the shim's extra instructions per process ≤ 1.25 × the empty preload's",
                     f"{num(i['leash'] - i['none'])} vs {num(i['empty'] - i['none'])}: {r:.2f} ×", r <= 1.25))
    else:
        rows.append(("the shim's extra instructions per process ≤ 1.25 × the empty preload's", "not measured", None))
    fast = [d.gbench_ns(f"routed/{c}") for c in NON_RUNTIME]
    if all(f is not None for f in fast):
        rows.append(("the fast path < 20 ns per exec call", f"{max(fast):.1f} ns (slowest case)", max(fast) < 20))
    else:
        rows.append(("the fast path < 20 ns per exec call", "not measured", None))
    for name, what in (("pipeline/typical", "a typical argv"),
                       ("pipeline/typical_100_variables", "a typical argv in a 100-variable environment")):
        ns = d.gbench_ns(name)
        rows.append((f"the engine's decision < 20 µs for {what}", us(ns, 2) if ns is not None else "not measured",
                     ns < 20e3 if ns is not None else None))
    base = d.median("start", "docker")
    for v, how in (("shim", "through the shim"), ("hook", "through the shell hook")):
        t = d.median("start", v)
        name = f"a container start {how} within 2% of plain docker's median"
        if base and t:
            rows.append((name, f"{ms(t)} vs {ms(base)}: {pct(t / base)}; per round: "
                               f"{quartiles(d.paired('start', v, 'docker'))}", t / base <= 1.02))
        else:
            rows.append((name, "not measured", None))
    # What leash adds to a start is its engine's process, which can be timed alone far more precisely
    # than two container starts can be told apart.
    name = "the same, from leash exec's own process timed alone"
    le, nothing = d.median("process", "leash_exec"), d.median("process", "true")
    if base and le and nothing:
        rows.append((name, f"+{ms(le - nothing)} on {ms(base)}: {pct((base + le - nothing) / base)}",
                     (le - nothing) / base <= 0.02))
    else:
        rows.append((name, "not measured", None))
    rows += guard_targets(d)
    mark = {True: "met", False: "**not met**", None: "not measured"}
    return table(["target", "measured", "verdict"], [(n, m, mark[ok]) for n, m, ok in rows])


GIB = 1 << 30


def guard_targets(d):
    """The API guard against the daemon's own socket: time within a bound, or throughput at least a share."""
    rows = []
    for section, what, bound in (("guard_ps", "`docker ps` through the guard within 5% of the daemon's socket's median", 1.05),
                                 ("guard_start", "a container start through the guard within 2% of the direct median", 1.02)):
        g, direct = d.median(section, "guard"), d.median(section, "direct")
        if g and direct:
            rows.append((what, f"{ms(g)} vs {ms(direct)}: {pct(g / direct)}; per round: "
                               f"{quartiles(d.paired(section, 'guard', 'direct'))}{guard_part(d, section, direct)}",
                         g / direct <= bound))
        else:
            rows.append((what, "not measured", None))
    g, direct = d.median("guard_stream", "guard"), d.median("guard_stream", "direct")
    what = "a 1 GiB `docker exec` stream through the guard at ≥ 90% of the direct throughput"
    if g and direct:
        rows.append((what, f"{mib_s(g)} vs {mib_s(direct)}: {direct / g * 100:.0f}%", direct / g >= 0.90))
    else:
        rows.append((what, "not measured", None))
    return rows


def guard_part(d, section, direct):
    """For docker ps: what the guard adds to its requests alone, against the command's direct median."""
    added = d.median("guard_api", "added")
    if section != "guard_ps" or added is None:
        return ""
    return f"; the guard's own part (its requests alone): +{us(added)} a connection, {added / direct * 100:.1f}% of it"


def mib_s(ns):
    return f"{GIB / (1 << 20) / (ns / 1e9):,.0f} MiB/s"


def guard(d):
    rows = []
    for section, what, fmt in (("guard_ps", "`docker ps` (spawn + wait)", ms),
                               ("guard_api", "`docker ps`'s requests alone, on a connection of their own", us),
                               ("guard_start", "`docker run --rm IMAGE true`", ms),
                               ("guard_stream", "1 GiB out of a container through `docker exec`", mib_s)):
        direct, g = d.median(section, "direct"), d.median(section, "guard")
        if not direct or not g:
            continue
        timed = fmt is not mib_s
        rows.append((what, fmt(direct), fmt(g), pct(g / direct) if timed else f"{direct / g * 100:.0f}%",
                     quartiles(d.paired(section, "guard", "direct")) if timed else ""))
    if not rows:
        return "Not measured (see below)."
    text = table(["through", "the daemon's socket", "the guard", "guard vs direct", "per round: median (quartiles)"], rows)
    idle, peak = d.median("guard_memory", "idle_kib"), d.median("guard_memory", "peak_kib")
    if idle and peak:
        text += "\n\n" + para(f"The guard's resident memory: {idle / 1024:,.1f} MiB idle, at most "
                                f"{peak / 1024:,.1f} MiB over all of the above and a burst of 50 `docker ps` at once "
                                f"(VmRSS, then VmHWM).")
    return text


def per_process(d):
    i = d.instructions
    base_i, base_t = i.get("none"), d.median("spawn", "none")
    floor = i["empty"] - base_i if base_i is not None and "empty" in i else None
    rows = []
    for p in PRELOADS:
        t = d.median("spawn", p)
        if p not in i and t is None:
            continue
        extra = i[p] - base_i if p in i and base_i is not None else None
        rows.append((
            LABELS[p] + (f" {d.meta['version_' + p]}" if "version_" + p in d.meta else ""),
            num(i[p]) if p in i else "not measured",
            "" if p == "none" or extra is None else f"+{num(extra)}",
            "" if p == "none" or extra is None or not floor else f"{extra / floor:.2f} ×",
            us(t) if t else "not measured",
            "" if p == "none" else quartiles(d.paired("spawn", p, "none")),
        ))
    text = table(["preload", "instructions per /bin/true", "extra", "extra / the floor's",
                  "spawn + wait, median", "vs no preload, per round: median (quartiles)"], rows)
    return text


def fast_path(d):
    cases = [("compiler", "`/usr/lib/gcc/.../cc1plus`"), ("shell", "`/bin/sh`"), ("bare_name", "`git` (execvp, no slash)"),
             ("near_miss", "`/usr/bin/dockerd` (first letter of a runtime)"), ("docker_ps", "`/usr/bin/docker ps` (a runtime, no start)")]
    rows = [(what, f"{d.gbench_ns('routed/' + c):.1f} ns" if d.gbench_ns("routed/" + c) is not None else "not measured")
            for c, what in cases]
    text = table(["exec of", "the shim's decision, per call"], rows)
    eng = [(what, us(d.gbench_ns(n), 2) if d.gbench_ns(n) is not None else "not measured")
           for n, what in (("pipeline/typical", "a typical `docker run` of an agent (18 words, a project mount)"),
                           ("pipeline/typical_100_variables", "the same, in a 100-variable environment"),
                           ("pipeline/thousand_flags", "a `docker run` with 1,000 flags (2,004 words)"),
                           ("mounts/ten_mounts_no_files", "ten mounts, the home among them, on a host with no file"),
                           ("mounts/ten_mounts_home_on_disk", "the same over a real home (a stat per path, the masks written)"))]
    return text + "\n\n" + table(["argv", "the engine's parse + recognize + decide + rewrite"], eng)


def runtime_commands(d):
    rows = []
    for sub in ("ps", "version"):
        none = d.median(f"docker_{sub}", "none")
        if not none:
            continue
        cells = [f"`docker {sub}`", ms(none)]
        for v in ("shim", "engine"):
            t = d.median(f"docker_{sub}", v)
            cells.append(f"{ms(t)} ({pct(t / none)})" if t else "not measured")
        rows.append(cells)
    if not rows:
        return "Not measured (see below)."
    return table(["command", "without the shim", "with the shim", "through the engine (`leash exec`)"], rows)


def process_costs(d):
    t = d.median("process", "true")
    le = d.median("process", "leash_exec")
    if not t or not le:
        return "Not measured (see below)."
    rows = [("a runtime that does nothing (`/bin/true` named docker)", ms(t), ""),
            ("`leash exec --` that runtime: start, config, parse, decide, rewrite, exec", ms(le), f"+{ms(le - t)}")]
    for rt in ("docker", "podman"):
        v = d.median("process", f"{rt}_version")
        if v:
            rows.append((f"`{rt} --version`: the runtime client's own start-up", ms(v), f"+{ms(v - t)}"))
    text = table(["process (spawn + wait, median)", "time", "over doing nothing"], rows)
    dv = d.median("process", "docker_version")
    if dv:
        text += "\n\n" + para(f"leash exec's own process adds {ms(le - t)} to a start, {(le - t) / (dv - t) * 100:.0f}% "
                                f"of what the docker client spends starting up to print its version.")
    return text


def container_starts(d):
    base = d.median("start", "docker")
    if not base:
        return "Not measured (see below)."
    rows = []
    for v, what in (("docker", "plain docker"), ("shim", "a script's `docker run` (bash with libleash.so)"),
                    ("hook", "`docker run` typed in a shell with leash's hook"),
                    ("inspect", "a script's `docker run -e OPENAI_API_KEY` of an alias tag, which costs an image inspect"),
                    ("docker-home", "plain docker, the home mounted read-only (`-v $HOME:/h:ro`)"),
                    ("home", "the same through the shim, with a mask over each store in the home")):
        t = d.median("start", v)
        if not t:
            continue
        lo, hi = d.spread("start", v)
        rows.append((what, ms(t), f"{ms(lo)} – {ms(hi)}", "" if v == "docker" else pct(t / base),
                     "" if v == "docker" else quartiles(d.paired("start", v, "docker"))))
    return table(["`docker run --rm IMAGE true`", "median", "fastest – slowest", "vs plain docker's median",
                  "per round: median (quartiles)"], rows)


def not_measured(d):
    if not d.skips:
        return "Everything was measured."
    return "\n".join(f"- {what}: {why}" for what, why in d.skips)


def chart(d):
    """Two panels of horizontal bars: instructions per /bin/true, and spawn + wait time."""
    rows = [p for p in PRELOADS if p in d.instructions or d.median("spawn", p)]
    panels = [("user-space instructions per run of /bin/true (callgrind)", {p: d.instructions.get(p) for p in rows}, num),
              ("posix_spawn + wait of /bin/true, median (µs)", {p: d.median("spawn", p) for p in rows},
               lambda v: f"{v / 1e3:,.0f}")]
    bar_h, gap, label_w, bar_w, top = 22, 8, 190, 300, 56
    panel_w = label_w + bar_w + 80
    height = top + len(rows) * (bar_h + gap) + 30
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{2 * panel_w}" height="{height}" '
           f'font-family="sans-serif" font-size="13">',
           f'<rect width="100%" height="100%" fill="white"/>',
           f'<text x="10" y="20" font-size="15" font-weight="bold">What every process pays for a preload '
           f'({html.escape(d.meta.get("date", ""))})</text>']
    for k, (title, values, fmt) in enumerate(panels):
        x0 = k * panel_w + 10
        out.append(f'<text x="{x0}" y="44" font-weight="bold">{html.escape(title)}</text>')
        top_value = max((v for v in values.values() if v), default=0)
        for j, p in enumerate(rows):
            y = top + j * (bar_h + gap)
            out.append(f'<text x="{x0}" y="{y + 16}">{html.escape(LABELS[p])}</text>')
            v = values[p]
            if not v:
                out.append(f'<text x="{x0 + label_w}" y="{y + 16}" fill="#777">not measured</text>')
                continue
            w = bar_w * v / top_value
            color = "#d9480f" if p == "leash" else "#868e96" if p in ("none", "empty") else "#4c6ef5"
            out.append(f'<rect x="{x0 + label_w}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{color}"/>')
            out.append(f'<text x="{x0 + label_w + w + 5:.1f}" y="{y + 16}">{fmt(v)}</text>')
    out.append(f'<text x="10" y="{height - 10}" fill="#555">leash {html.escape(d.meta.get("leash", ""))}; '
               f'{html.escape(d.meta.get("cpu", ""))}; produced by make bench</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main():
    out, root = Path(sys.argv[1]), Path(sys.argv[2])
    d = Data(out)
    sections = [
        ("Targets", "", targets(d)),
        ("Every process: the cost of loading a preload",
         "callgrind counts the user-space instructions of one run of `/bin/true`, started by `env` with "
         "LD_PRELOAD set; the count does not change from run to run. The wall time is bench/spawn_loop.c's, "
         "itself preloaded, spawning `/bin/true` and waiting for it; the floor is bench/empty.c.",
         per_process(d) + "\n\n![chart](chart.svg)"),
        ("The fast path and the engine's core (Google Benchmark: CPU time, median of 5 repetitions)",
         "The shim's decision is src/shim/shim_route.h's, compiled with the shim's flags and called once per exec "
         "(bench/fastpath.c); the engine's is its pure core on a default configuration "
         "(bench/engine_bench.cc).", fast_path(d)),
        ("Runtime commands that start no container (spawn + wait, median)",
         f"Without LD_PRELOAD, with libleash.so preloaded into the program that runs them, and, for comparison, "
         f"handed to `leash exec` as the shim does not. The docker client here: "
         f"{d.meta.get('docker_client', 'not measured')}; a dynamically linked one loads the shim too.",
         runtime_commands(d)),
        ("leash exec alone, against the runtimes' own start-up", "", process_costs(d)),
        ("A container start against a private dockerd",
         "Each start in a bash of its own, timed around the command alone: plain docker; a bash started with "
         "LD_PRELOAD=libleash.so, as a script run from a hooked shell is; and a bash that evaluated `leash init "
         "bash`, where `docker` is leash's function. Each variant is checked first: through leash the "
         "container holds ANTHROPIC_API_KEY, which plain docker does not pass.", container_starts(d)),
        ("The API guard against the daemon's own socket",
         "`leash serve` in front of the same dockerd; each round runs both, in random order (for "
         "`docker ps` a round is one run of each, and there are many). \"`docker ps`'s requests alone\" is "
         "bench/api_roundtrip.c: `HEAD /_ping` and `GET /containers/json` on a new connection, 300 to each "
         "socket in turn a round, the medians; "
         "it shows the guard's part without the noise of docker's own start. The stream is "
         "`docker exec BOX busybox head -c 1073741824 /dev/zero`, counted by `wc -c`; with a stream, "
         "\"guard vs direct\" is the guard's throughput as a share of the direct one.", guard(d)),
        ("Not measured", "", not_measured(d)),
    ]
    body = "\n\n".join(f"## {title}\n\n" + (para(intro) + "\n\n" if intro else "") + text
                         for title, intro, text in sections)
    (root / "bench/results.md").write_text(
        "# leash: benchmark results\n\nWritten by `make bench` (bench/run.sh, bench/report.py); do not edit.\n\n"
        + machine(d) + "\n\n" + body + "\n")
    (root / "bench/chart.svg").write_text(chart(d))

    summary = "\n\n".join([
        machine(d),
        targets(d),
        per_process(d),
        "![What every process pays for a preload](bench/chart.svg)",
        container_starts(d),
        "The fast path, the engine's core, `docker ps`, `leash exec` alone and what could not be measured: "
        "[bench/results.md](bench/results.md).",
    ])
    readme = root / "README.md"
    text = readme.read_text()
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        readme.write_text(head + BEGIN + "\n" + summary + "\n" + END + rest.split(END, 1)[1])
    else:
        print(f"report.py: README.md has no {BEGIN} ... {END} section; wrote bench/results.md only", file=sys.stderr)
    for what, why in d.skips:
        print(f"bench: not measured: {what}: {why}", file=sys.stderr)
    print(f"bench: wrote bench/results.md and bench/chart.svg", file=sys.stderr)


if __name__ == "__main__":
    main()
