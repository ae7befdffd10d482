"""PostgreSQL beside SQLite (issue 16): importing the same BibTeX file and the same searches.

    REFMAN_TEST_PG_URL=postgresql+psycopg://... .venv/bin/python benchmarks/postgres.py [--sizes 100000] [--runs 3]

The input is benchmarks/scale.py's (real TeX Live entries, keys renamed). Each size is imported
into a fresh SQLite file and a fresh schema on the server (tools/pg_test_cluster.sh starts one;
a local server, so the figures leave out network latency). Targets from the issue: the
PostgreSQL import at most 2x the SQLite one, every query under 50 ms. Query times are medians
of repeated `search_ids` calls (what the table asks for) and of `count`, with the search cache
warm (the first search after a change rebuilds it: ~100 ms at 100k on either database). The
load is printed before and after: the import's wall-clock ratio follows it, so CPU seconds of
this process and of the server are printed beside it.
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


def server_cpu(lib: object) -> float | None:
    """CPU seconds used so far by the server processes of this library's connections (a local
    server's /proc), or None when they cannot be read."""
    from refman.store.changes import _OWN_PIDS

    pids = _OWN_PIDS.get(lib.store.engine)  # type: ignore[attr-defined]
    if not pids:
        return None
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # a connection closed meanwhile
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def measure(location: str, bib: Path, runs: int) -> dict[str, tuple[float, int]]:
    from refman.library import Library

    out: dict[str, tuple[float, int]] = {}
    lib = Library.open(location)
    try:
        t, cpu, served = time.perf_counter(), time.process_time(), server_cpu(lib)
        report, _ = lib.import_file(bib)
        out["import"] = (time.perf_counter() - t, len(report.added))
        # CPU as well as wall time: on a shared machine the wall-clock ratio follows the load,
        # CPU seconds less so. The parser's worker processes are not counted (the same for both).
        out["import CPU (this process)"] = (time.process_time() - cpu, len(report.added))
        served_after = server_cpu(lib)
        if served is not None and served_after is not None:
            out["import CPU (server)"] = (served_after - served, len(report.added))
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
        for label, (t_pg, hits) in pg.items():
            t_lite = lite.get(label, (0.0, 0))[0]  # SQLite has no server
            if label.startswith("import CPU"):
                print(f"{label:<36} {t_lite:>8.1f}s  {t_pg:>10.1f}s  {'':>8}  (for reading the ratio under load)")
                continue
            unit, scale_by = ("s", 1.0) if label == "import" else ("ms", 1000.0)
            target = "PG <= 2x SQLite" if label == "import" else "PG < 50 ms"
            ok = (t_pg <= 2 * t_lite) if label == "import" else (t_pg < 0.05)
            shown = f"{label} ({hits:,} hits)" if label.startswith(("search", "count")) else label
            print(f"{shown:<36} {t_lite * scale_by:>8.1f}{unit:<2} {t_pg * scale_by:>10.1f}{unit:<2} "
                  f"{t_pg / t_lite if t_lite else float('inf'):>7.2f}x  {target} {'ok' if ok else 'MISSED'}")
    print(scale.load())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
