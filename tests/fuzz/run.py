"""Fuzz every input path for N seconds each with atheris; keep crashing inputs as regression files.

    .venv/bin/python tests/fuzz/run.py --seconds 60            # all targets, one after another
    .venv/bin/python tests/fuzz/run.py --seconds 300 bibtex ris

Seeds come from tests/data/* (and the inline examples below); the growing corpus lives in
--work (default: <tmp>/refman-fuzz/<target>) so that later runs start where earlier ones stopped.
A crash (or timeout, or out-of-memory) is copied to tests/data/fuzz_regressions/<target>/, which
tests/test_fuzz_regressions.py replays on every `make test`. Prints runs and executions per target.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
DATA = ROOT / "tests" / "data"
REGRESSIONS = DATA / "fuzz_regressions"
SHARED_SEED = ROOT.parent / "shared" / "seeds" / "000_48728e4564e9696b.txt"

TARGETS = ("bibtex", "ris", "csljson", "article_page", "refstrings", "query", "sniff")  # see harness.INSTRUMENTED

SEED_GLOBS: dict[str, tuple[str, ...]] = {
    "bibtex": ("bibtex/*",),
    "ris": ("ris/*",),
    "csljson": ("csljson/*", "cite/items.json", "cite/seed_items.json"),
    "article_page": ("article_pages/*",),
    "refstrings": ("article_pages/*.txt",),
    "query": (),
    "sniff": ("bibtex/*", "ris/*", "csljson/*", "article_pages/*"),
}

INLINE_SEEDS: dict[str, tuple[str, ...]] = {
    "bibtex": (
        '@string{j = "Journal"}\n@article{k1, author = {M{\\"u}ller, J. and {Org Inc}}, title = {{A} $x^2$ title},'
        " journal = j # { Vol}, year = 2020, month = mar}\n",
        "@comment{x}\n@preamble{\"\\newcommand{\\x}{y}\"}\n@book(k2, editor = \"Doe, J.\", date = {2001-03/2002})\n",
    ),
    "refstrings": (
        "Smith, J., & Doe, A. (2020). A title of a paper. Journal of Things, 12(3), 45-67. https://doi.org/10.1000/xyz\n"
        "Brown, K. 2019. Book Title. 2nd ed. London: Publisher.\n",
        "[1] J. Smith, \"Title,\" in Proc. Conf., 2018, pp. 1-10.\n[2] A. Doe et al., Title two, Nature 5 (2001) 3.\n",
    ),
    "query": (
        'author:smith year:2015..2020 "flood governance" -review',
        "(title:water OR journal:\"Nature\") type:book key:smi* doi:10.1000/x",
        "cited-by:smith2020 cites:doe1999 AND OR ( ) \" -",
        "year:..2010 keyword:a_b publisher:% abstract:'; DROP TABLE entries; --",
    ),
}


def _seed_dir(target: str, work: Path) -> Path:
    seeds = work / "seeds"
    if seeds.exists():
        shutil.rmtree(seeds)
    seeds.mkdir(parents=True)
    files: list[Path] = []
    for pattern in SEED_GLOBS[target]:
        files.extend(p for p in sorted(DATA.glob(pattern)) if p.is_file())
    if target in ("article_page", "refstrings", "sniff") and SHARED_SEED.exists():
        files.append(SHARED_SEED)
    files.extend(p for p in sorted((REGRESSIONS / target).glob("*")) if p.is_file())
    for p in files:
        shutil.copy(p, seeds / f"{p.parent.name}_{p.name}")
    for text in INLINE_SEEDS.get(target, ()):
        data = text.encode("utf-8")
        (seeds / f"inline_{hashlib.sha1(data).hexdigest()[:12]}").write_bytes(data)
    return seeds


def fuzz(target: str, seconds: int, work_root: Path, save: bool) -> dict[str, object]:
    work = work_root / target
    corpus = work / "corpus"
    artifacts = work / "artifacts"
    corpus.mkdir(parents=True, exist_ok=True)
    if artifacts.exists():
        shutil.rmtree(artifacts)
    artifacts.mkdir()
    seeds = _seed_dir(target, work)
    max_len = {"query": 512, "refstrings": 4096}.get(target, 65536)
    cmd = [
        sys.executable, str(HERE / "harness.py"), target, str(corpus), str(seeds),
        f"-max_total_time={seconds}", f"-artifact_prefix={artifacts}/", f"-max_len={max_len}",
        "-timeout=30", "-rss_limit_mb=3072", "-print_final_stats=1",
    ]
    started = time.monotonic()
    proc = subprocess.run(cmd, capture_output=True, text=True, errors="replace", cwd=ROOT)
    elapsed = time.monotonic() - started
    log = proc.stdout + proc.stderr
    (work / "last.log").write_text(log)
    m = re.search(r"stat::number_of_executed_units:\s*(\d+)", log)
    execs = int(m.group(1)) if m else 0
    found = sorted(artifacts.iterdir())
    saved: list[str] = []
    if save:
        for art in found:
            dest_dir = REGRESSIONS / target
            dest_dir.mkdir(parents=True, exist_ok=True)
            dest = dest_dir / art.name
            shutil.copy(art, dest)
            saved.append(str(dest.relative_to(ROOT)))
    return {"target": target, "seconds": round(elapsed), "executions": execs,
            "corpus": len(list(corpus.iterdir())), "crashes": [a.name for a in found], "saved": saved,
            "exit": proc.returncode, "log": str(work / "last.log")}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("targets", nargs="*", help=f"some of {', '.join(TARGETS)} (default: all)")
    ap.add_argument("--seconds", type=int, default=60, help="fuzzing time per target")
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "refman-fuzz")
    ap.add_argument("--no-save", action="store_true", help="do not copy crashes into tests/data/fuzz_regressions")
    args = ap.parse_args(argv)
    unknown = [t for t in args.targets if t not in TARGETS]
    if unknown:
        ap.error(f"unknown target(s) {', '.join(unknown)}; known: {', '.join(TARGETS)}")
    failed = False
    for target in args.targets or TARGETS:
        r = fuzz(target, args.seconds, args.work, not args.no_save)
        crashes = r["crashes"]
        print(f"{r['target']:13} {r['seconds']:5}s {r['executions']:9} execs  corpus {r['corpus']:5}  "
              f"{'crash: ' + ', '.join(crashes) if crashes else 'no crash'}  (log {r['log']})",  # type: ignore[arg-type]
              flush=True)
        failed = failed or bool(crashes)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
