"""PostgreSQL beside SQLite (issue 16): importing the same BibTeX file and the same searches.

    REFMAN_TEST_PG_URL=postgresql+psycopg://... .venv/bin/python benchmarks/postgres.py [--sizes 100000] [--runs 3]

The input is benchmarks/scale.py's (real TeX Live entries, keys renamed). Each size is imported
into a fresh SQLite file and a fresh schema on the server (tools/pg_test_cluster.sh starts one;
a local server, so the figures leave out network latency). Targets from the issue: the
PostgreSQL import at most 2x the SQLite one, every query under 50 ms. Query times are medians
of repeated `search_ids` calls (what the table asks for) and of `count`.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import scale  # noqa: E402  (the input builder, next to this file)

QUERIES = [
    ("word", "model"),
    ("prefix", "theor"),
    ("author:", "author:knuth"),
    ("phrase", '"the art"'),
    ("two words", "computer programming"),
    ("year range", "year:1980..1990"),
    ("word + year", "computer year:1970..1990"),
    ("key prefix", "key:knuth*"),
    ("not", "-model"),
    ("no hits", "zzzzqqq"),
]


def fresh_schema(url: str) -> tuple[str, str]:
    import psycopg

    name = "bench_" + uuid.uuid4().hex[:12]
    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://", 1), autocommit=True) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public")
        conn.execute(f"CREATE SCHEMA {name}")
    sep = "&" if "?" in url else "?"
    return name, f"{url}{sep}options={quote(f'-csearch_path={name},public')}"


def drop_schema(url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://", 1), autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA IF EXISTS {name} CASCADE")


def measure(location: str, bib: Path, runs: int) -> dict[str, tuple[float, int]]:
    from refman.library import Library

    out: dict[str, tuple[float, int]] = {}
    lib = Library.open(location)
    try:
        t = time.perf_counter()
        report, _ = lib.import_file(bib)
        out["import"] = (time.perf_counter() - t, len(report.added))
        key = lib.search("", limit=1)[0].citekey
        for label, q in [*QUERIES, ("cited-by:", f"cited-by:{key}")]:
            times, hits = [], 0
            for _ in range(runs * 3):
                t = time.perf_counter()
                hits = len(lib.search_ids(q))
                times.append(time.perf_counter() - t)
            out[f"search {label}"] = (statistics.median(times), hits)
            times = []
            for _ in range(runs):
                t = time.perf_counter()
                lib.count(q)
                times.append(time.perf_counter() - t)
            out[f"count {label}"] = (statistics.median(times), hits)
        times = []
        for _ in range(runs * 3):
            t = time.perf_counter()
            lib.search("", order_by="title", offset=5000, limit=200)
            times.append(time.perf_counter() - t)
        out["page of 200 by title"] = (statistics.median(times), 200)
    finally:
        lib.close()
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="100000")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--work", type=Path, default=scale.WORK)
    args = ap.parse_args()
    url = os.environ.get("REFMAN_BENCH_PG_URL") or os.environ.get("REFMAN_TEST_PG_URL")
    if not url:
        print("set REFMAN_TEST_PG_URL (tools/pg_test_cluster.sh start prints it)", file=sys.stderr)
        return 2
    scale.WORK = args.work
    print(scale.load())
    for n in (int(s) for s in args.sizes.split(",")):
        bib = scale.build_bib(n)
        db = args.work / f"pg-bench-{n}.sqlite"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        lite = measure(str(db), bib, args.runs)
        schema, pg_url = fresh_schema(url)
        try:
            pg = measure(pg_url, bib, args.runs)
        finally:
            drop_schema(url, schema)
        print(f"\n-- {n:,} entries ({lite['import'][1]:,} imported into SQLite, {pg['import'][1]:,} into PostgreSQL)")
        print(f"{'':<36} {'SQLite':>10} {'PostgreSQL':>12} {'ratio':>8}  target")
        for label, (t_lite, hits) in lite.items():
            t_pg = pg[label][0]
            unit, scale_by = ("s", 1.0) if label == "import" else ("ms", 1000.0)
            target = "PG <= 2x SQLite" if label == "import" else "PG < 50 ms"
            ok = (t_pg <= 2 * t_lite) if label == "import" else (t_pg < 0.05)
            shown = f"{label} ({hits:,} hits)" if label.startswith(("search", "count")) else label
            print(f"{shown:<36} {t_lite * scale_by:>8.1f}{unit:<2} {t_pg * scale_by:>10.1f}{unit:<2} "
                  f"{t_pg / t_lite if t_lite else float('inf'):>7.2f}x  {target} {'ok' if ok else 'MISSED'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
