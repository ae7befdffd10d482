"""Scale: import, export, search and start-up on 1k/10k/100k-entry BibTeX libraries.

Inputs are built here from real entries (TeX Live's xampl.bib and biblatex-examples.bib,
keys renamed so every entry is distinct) and cached in benchmarks/_work. Each figure is the
median of several runs, printed beside a baseline measured in the same run, because absolute
times on a shared machine drift while ratios hold:

    import      refman import (parse, decode, names, store, index) vs bibtexparser.parse_file alone
    export      refman export -f bibtex vs bibtexparser's writer on the parsed library
    search      typical queries through the library vs the bare FTS5 MATCH on the same table
    start-up    `refman --version` and `refman search` as processes vs `python -c pass`

    .venv/bin/python benchmarks/scale.py [--sizes 1000,10000,100000] [--runs 3] [--work DIR]

Peak memory is measured in a fresh child process per import: the peak of the summed PSS of it
and its worker processes (sampled every 50 ms; PSS splits pages shared by forked workers, so
none is counted twice), and the main process's own max RSS. The baseline is bibtexparser's max
RSS (one process). The load average
and the CPU time of the import are printed too: on a shared machine a wall-clock figure well
above the CPU time means other work had the cores.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
WORK = Path(__file__).resolve().parent / "_work"  # --work changes it
PY = sys.executable
SOURCES = ["xampl.bib", "biblatex-examples.bib"]


def kpsewhich(name: str) -> Path:
    out = subprocess.run(["kpsewhich", name], capture_output=True, text=True, check=False).stdout.strip()
    if not out:
        raise SystemExit(f"{name} not found (apt-get install texlive-bibtex-extra)")
    return Path(out)


def build_bib(n: int) -> Path:
    """A .bib of n entries made by repeating real ones with renamed keys (crossrefs renamed too)."""
    target = WORK / f"scale-{n}.bib"
    if target.exists():
        return target
    WORK.mkdir(parents=True, exist_ok=True)
    preamble: list[str] = []
    entries: list[str] = []
    for name in SOURCES:
        text = kpsewhich(name).read_text(encoding="utf-8", errors="replace")
        for block in re.split(r"\n(?=@)", text):
            head = block.lstrip()[:12].lower()
            if head.startswith(("@string", "@preamble")):
                preamble.append(block.strip())
            elif re.match(r"@\w+\s*[{(]", block.lstrip()) and not head.startswith("@comment"):
                entries.append(block.strip())
    out = ["\n\n".join(preamble)]
    i = 0
    copy = 0
    while i < n:
        for block in entries:
            if i >= n:
                break
            def suffix(m: re.Match[str], c: int = copy) -> str:
                return f"{m.group(1)}{m.group(2)}-{c}"

            renamed = re.sub(r"^(@\w+\s*[{(]\s*)([^,\s]+)", suffix, block, count=1)
            renamed = re.sub(r"(crossref\s*=\s*[{\"])([^}\"]+)", suffix, renamed,
                             flags=re.I)
            out.append(renamed)
            i += 1
        copy += 1
    target.write_text("\n\n".join(out) + "\n", encoding="utf-8")
    return target


CHILD_IMPORT = r"""
import resource, sys, time
from refman.library import Library
lib = Library.open(sys.argv[1])
t = time.perf_counter()
report, _ = lib.import_file(sys.argv[2])
dt = time.perf_counter() - t
lib.close()
me = resource.getrusage(resource.RUSAGE_SELF)
kids = resource.getrusage(resource.RUSAGE_CHILDREN)
print(dt, me.ru_maxrss / 1024, len(report.added), len(report.skipped), me.ru_utime + me.ru_stime,
      kids.ru_utime + kids.ru_stime, kids.ru_maxrss / 1024)
"""

CHILD_PARSE = r"""
import resource, sys, time
import bibtexparser
t = time.perf_counter()
lib = bibtexparser.parse_file(sys.argv[1])
dt = time.perf_counter() - t
me = resource.getrusage(resource.RUSAGE_SELF)
print(dt, me.ru_maxrss / 1024, len(lib.entries), me.ru_utime + me.ru_stime)
"""

CHILD_EXPORT = r"""
import io, sys, time
from refman.library import Library
lib = Library.open(sys.argv[1])
t = time.perf_counter()
n = lib.export_to_file(sys.argv[2], "bibtex")
print(time.perf_counter() - t, n)
"""

CHILD_WRITE = r"""
import sys, time
import bibtexparser
lib = bibtexparser.parse_file(sys.argv[1])
t = time.perf_counter()
text = bibtexparser.write_string(lib)
open(sys.argv[2], "w", encoding="utf-8").write(text)
print(time.perf_counter() - t)
"""


def child(code: str, *args: str) -> list[float]:
    proc = subprocess.run([PY, "-c", code, *args], capture_output=True, text=True, check=False, cwd=ROOT)
    if proc.returncode:
        raise SystemExit(f"benchmark child failed:\n{proc.stderr[-2000:]}")
    return [float(x) for x in proc.stdout.split()]


def _tree_pss(root: psutil.Process) -> float:
    """Memory of a process and its children in MB, as PSS: a page shared by n processes counts
    1/n in each, so forked workers' shared pages are not counted twice (RSS would)."""
    total = 0
    for p in [root, *root.children(recursive=True)]:
        with contextlib.suppress(psutil.NoSuchProcess, psutil.AccessDenied):
            total += p.memory_full_info().pss
    return total / 2**20


def child_sampled(code: str, *args: str) -> tuple[list[float], float]:
    """child(), plus the peak of the summed PSS of it and its worker processes, sampled every 50 ms."""
    proc = subprocess.Popen([PY, "-c", code, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            cwd=ROOT)
    root = psutil.Process(proc.pid)
    peak = 0.0
    while proc.poll() is None:
        try:
            peak = max(peak, _tree_pss(root))
        except psutil.NoSuchProcess:
            break
        time.sleep(0.05)
    out, err = proc.communicate()
    if proc.returncode:
        raise SystemExit(f"benchmark child failed:\n{err[-2000:]}")
    return [float(x) for x in out.split()], peak


def timed(cmd: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=False, cwd=ROOT)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def row(label: str, ours: float, base: float, unit: str = "s", target: str = "") -> str:
    ratio = ours / base if base else float("inf")
    return f"{label:<44} {ours:>9.3f} {unit:<3} {base:>9.3f} {unit:<3} {ratio:>7.2f}x  {target}"


def search_bench(db: Path, runs: int) -> list[str]:
    sys.path.insert(0, str(ROOT))
    from refman.library import Library

    lib = Library.open(db)
    key = lib.search("", limit=1)[0].citekey
    queries = [
        ("word", "model", "model*"),
        ("prefix", "theor", "theor*"),
        ("author:", "author:knuth", "{contributors} : knuth*"),
        ("phrase", '"the art"', '"the art"*'),
        ("year range", "year:1980..1990", None),
        ("word + year", "computer year:1970..1990", "computer*"),
        ("cited-by:", f"cited-by:{key}", None),
    ]
    conn = lib.store.engine.raw_connection()
    lines = []
    for label, q, fts in queries:
        ours = []
        bare = []
        for _ in range(runs * 3):
            t = time.perf_counter()
            ids = lib.search_ids(q)
            ours.append(time.perf_counter() - t)
            if fts is not None:
                t = time.perf_counter()
                cur = conn.cursor()
                cur.execute("SELECT rowid FROM entries_fts WHERE entries_fts MATCH ?", (fts,))
                cur.fetchall()
                bare.append(time.perf_counter() - t)
        ours_ms = statistics.median(ours) * 1000
        if bare:
            lines.append(row(f"search {label:<12} ({len(ids)} hits)", ours_ms, statistics.median(bare) * 1000, "ms",
                             "target <= 2x, < 50 ms"))
        else:
            lines.append(f"{'search ' + label + f' ({len(ids)} hits)':<44} {ours_ms:>9.3f} ms  (no FTS baseline)"
                         f"{'':<13} target < 50 ms")
    conn.close()
    lib.close()
    return lines


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} cores"


def main() -> int:
    global WORK
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--work", type=Path, default=WORK, help="folder for the generated inputs and libraries")
    args = ap.parse_args()
    WORK = args.work.resolve()
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"{os.cpu_count()} cores; medians of {args.runs} runs; baseline = the same work without refman")
    print(f"before: {load()}")
    print(f"{'measurement':<44} {'refman':>13} {'baseline':>13} {'ratio':>8}")
    for n in sizes:
        bib = build_bib(n)
        imports, peaks, parses, parse_peaks, exports, writes = [], [], [], [], [], []
        cpus, parse_cpus, worker_peaks, tree_peaks = [], [], [], []
        db = WORK / f"scale-{n}.sqlite"
        for _ in range(args.runs):
            for p in WORK.glob(f"scale-{n}.sqlite*"):
                p.unlink()
            shutil.rmtree(WORK / "backups", ignore_errors=True)
            (dt, rss, added, skipped, cpu, kids_cpu, kids_rss), pss = child_sampled(CHILD_IMPORT, str(db), str(bib))
            tree_peaks.append(pss)
            imports.append(dt)
            peaks.append(rss)
            cpus.append(cpu + kids_cpu)
            worker_peaks.append(kids_rss)
            pdt, prss, _, pcpu = child(CHILD_PARSE, str(bib))
            parses.append(pdt)
            parse_peaks.append(prss)
            parse_cpus.append(pcpu)
            edt, _ = child(CHILD_EXPORT, str(db), str(WORK / f"export-{n}.bib"))
            exports.append(edt)
            writes.append(child(CHILD_WRITE, str(bib), str(WORK / f"bp-write-{n}.bib"))[0])
        print(f"-- {n:,} entries ({int(added):,} imported, {int(skipped)} skipped)")
        print(row(f"import {n:,}", statistics.median(imports), statistics.median(parses), "s",
                  "target <= 1.5x (stretch 1.0x)"))
        print(row(f"import {n:,} CPU time (all processes)", statistics.median(cpus), statistics.median(parse_cpus), "s",
                  "wall >> CPU: the cores were busy"))
        print(row(f"import {n:,} peak memory, all processes (PSS)", max(tree_peaks), max(parse_peaks), "MB",
                  "target <= 400 MB"))
        print(row(f"import {n:,} peak RSS, main process", max(peaks), max(parse_peaks), "MB"))
        if max(worker_peaks) > 0:
            print(f"{'  (largest worker process RSS, shared pages incl.)':<44} {max(worker_peaks):>9.3f} MB")
        print(row(f"export {n:,} to BibTeX", statistics.median(exports), statistics.median(writes), "s"))
        same = (WORK / f"export-{n}.bib").read_bytes() == bib.read_bytes()
        print(f"{'export byte-identical to the imported file':<44} {same!s:>13}")
        for line in search_bench(db, args.runs):
            print(line)
    env = dict(os.environ, REFMAN_LIBRARY=str(WORK / f"scale-{sizes[-1]}.sqlite"))
    base = timed([PY, "-c", "pass"], 5)
    print(row("start-up: refman --version", timed([PY, "-m", "refman", "--version"], 5), base, "s"))
    t0 = time.perf_counter()
    times = []
    for _ in range(5):
        t = time.perf_counter()
        subprocess.run([PY, "-m", "refman", "search", "model"], capture_output=True, env=env, check=False, cwd=ROOT)
        times.append(time.perf_counter() - t)
    _ = t0
    print(row("start-up: refman search model", statistics.median(times), base, "s"))
    print(f"after: {load()}")
    print(json.dumps({"sizes": sizes}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
