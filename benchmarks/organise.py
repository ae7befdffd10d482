"""Organising at scale (issue 18): a 100k-entry library with 200 collections and 50 tags.

    .venv/bin/python benchmarks/organise.py [--entries 100000] [--keep DIR]

Prints, each the median of several runs:
    collection switch   clicking a collection in the sidebar until the table has repainted
                        (target: <= 50 ms), beside switching to All entries (the baseline)
    tag filter          checking one tag, then a second (several tags = all of them)
    Unfiled / Trash     the two special views
    0002 upgrade        opening a 100k library written by schema 0001: the automatic backup and
                        the migration, beside a plain backup of the same file
    keep-updated        re-export after one edit of a 20k-entry collection (entries as imported,
                        and entries all edited, so written canonically) and of the whole
                        library (target for 20k: < 1 s), beside the first (cold) export

The library is the synthetic one of gui_scale.py (one source, one raw record per entry); its
0001 copy is made by Alembic's own downgrade of that library.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gui_scale import build_library

RUNS = 7


def organise(path: Path, n: int) -> tuple[float, list[tuple[str, ...]], list[str]]:
    """200 collections (40 top-level, 4 children each), 50 tags; each entry in one or two
    collections and carrying three tags. Returns (seconds, collection paths, tag names)."""
    from refman.library import Library

    rng = random.Random(7)
    start = time.perf_counter()
    lib = Library.open(path)
    if lib.collections():  # a kept work folder (--keep): organised already
        paths_done, names_done = [c.path for c in lib.collections()], [t.name for t in lib.tags()]
        lib.close()
        return 0.0, paths_done, names_done
    ids = lib.search_ids("")
    paths: list[tuple[str, ...]] = []
    with lib.store.transaction() as txn:
        coll_ids = []
        for t in range(40):
            top = txn.add_collection(f"Project {t:02d}", None, t)
            coll_ids.append(top)
            paths.append((f"Project {t:02d}",))
            for c in range(4):
                coll_ids.append(txn.add_collection(f"Chapter {c}", top, c))
                paths.append((f"Project {t:02d}", f"Chapter {c}"))
        pairs = []
        for i in ids:
            pairs.append((coll_ids[i % len(coll_ids)], i))
            if i % 2:
                pairs.append((coll_ids[(i * 7 + 3) % len(coll_ids)], i))
        txn.add_memberships(pairs)
        names = [f"tag{k:02d}" for k in range(50)]
        for k, name in enumerate(names):
            tag_id, _ = txn.ensure_tag(name)
            if k < 9:
                txn.set_tag_style(tag_id, "#ff6666", k + 1)
            txn.tag_entries(tag_id, [i for i in ids if (i * 3 + k) % 17 == 0 or rng.random() < 0.05])
    lib.close()
    return time.perf_counter() - start, paths, names


def upgrade_time(path: Path, work: Path) -> tuple[float, float, float]:
    """(0002 upgrade incl. backup, the backup alone, the downgrade that made the 0001 file)."""
    from alembic import command
    from alembic.config import Config

    from refman.library import Library
    from refman.store import backup as backup_mod
    from refman.store import engine as engine_mod

    old = work / "v0001" / "library.sqlite"
    old.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(path, old)
    eng = engine_mod.make_engine(engine_mod.to_url(str(old)))
    cfg = Config()
    cfg.set_main_option("script_location", str(engine_mod._MIGRATIONS))
    start = time.perf_counter()
    with eng.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0001")
    down = time.perf_counter() - start
    eng.dispose()
    start = time.perf_counter()
    backup_mod.make_backup(old, "benchmark-plain-copy")
    plain = time.perf_counter() - start
    start = time.perf_counter()
    lib = Library.open(old)
    upgrade = time.perf_counter() - start
    assert lib.count() > 0
    lib.close()
    return upgrade, plain, down


def gui_times(path: Path, names: list[str]) -> dict[str, float]:
    from PySide6.QtCore import QSettings

    from refman.gui.app import make_application
    from refman.gui.main_window import MainWindow
    from refman.library import Library

    app = make_application(["organise-bench"])
    tmp = tempfile.mkdtemp(prefix="refman-organise-bench-")
    settings = QSettings(os.path.join(tmp, "settings.ini"), QSettings.Format.IniFormat)
    lib = Library.open(path)
    if not lib.trashed_ids():
        lib.trash(lib.search_ids("")[:500])
    window = MainWindow(lib, str(path), settings)
    window.resize(1400, 880)
    window.show()
    deadline = time.perf_counter() + 60
    while not window.sidebar.loaded and time.perf_counter() < deadline:
        app.processEvents()
    app.processEvents()
    viewport = window.view.viewport()
    tree = window.organise_tree

    def timed(action: Callable[[], None]) -> float:
        start = time.perf_counter()
        action()
        viewport.repaint()  # synchronous: rows fetched and drawn before it returns
        return time.perf_counter() - start

    def median(actions: list[Callable[[], None]], reset: Callable[[], None]) -> float:
        times = []
        for action in actions:
            reset()
            app.processEvents()
            times.append(timed(action))
        return statistics.median(times)

    def to_all() -> None:
        window.sidebar.select_all_entries()

    items = list(tree.items.values())
    rng = random.Random(3)
    picks = [rng.choice(items) for _ in range(RUNS)]
    out = {
        "all entries (baseline)": median([to_all] * RUNS, lambda: tree.setCurrentItem(tree.unfiled)),
        "collection switch": median([lambda it=it: tree.setCurrentItem(it) for it in picks], to_all),
        "collection to collection": median([lambda it=it: tree.setCurrentItem(it) for it in picks],
                                           lambda: tree.setCurrentItem(items[0])),
        "tag filter, one tag": median([lambda n=n: window.tag_selector.set_checked([n]) for n in names[:RUNS]],
                                      lambda: window.tag_selector.set_checked([])),
        "tag filter, two tags": median([lambda n=n: window.tag_selector.set_checked([names[0], n])
                                        for n in names[1 : RUNS + 1]],
                                       lambda: window.tag_selector.set_checked([names[0]])),
        "Unfiled": median([lambda: tree.setCurrentItem(tree.unfiled)] * RUNS, to_all),
        "Trash": median([lambda: tree.setCurrentItem(tree.trash)] * RUNS, to_all),
    }
    window.tag_selector.set_checked([])
    start = time.perf_counter()
    window.refresh_organise()
    out["sidebar refresh after a change (not a repaint)"] = time.perf_counter() - start
    window.close()
    lib.close()
    return out


def keep_updated_times(path: Path, work: Path) -> dict[str, float]:
    from refman.library import Library

    lib = Library.open(path)
    out: dict[str, float] = {}
    big = [c for c in lib.collections() if len(c.path) == 1][:2]
    ids = lib.search_ids("")
    lib.add_to_collection(big[0].id, ids[:20000])  # no-op for those already in it (--keep)
    # A second 20k collection whose entries were all edited since import: each is written
    # canonically (its unchanged fields verbatim from its source), the case the cache of
    # rendered entries is for; the first collection's entries are written as imported.
    lib.add_to_collection(big[1].id, ids[20000:40000])
    con = sqlite3.connect(path)
    con.execute("UPDATE entries SET edited = 1 WHERE id IN (SELECT entry_id FROM collection_items "
                "WHERE collection_id = ?)", (big[1].id,))
    con.commit()
    con.close()
    for label, query in (("20k collection", f'in-only:"{big[0].path_text}"'),
                         ("20k edited entries", f'in-only:"{big[1].path_text}"'), ("whole library", "")):
        target = work / f"keep-{label.replace(' ', '-')}.bib"
        start = time.perf_counter()
        lib.keep_updated(target, "bibtex", query)
        out[f"{label}: first export (cold)"] = time.perf_counter() - start
        times = []
        for k in range(3):
            member = lib.search_ids(query)[k * 7]
            entry = lib.get(member)
            lib.update_entry(dataclasses.replace(entry, title=entry.title + " (edited)"))
            start = time.perf_counter()
            result = lib.refresh_keep_updated()
            times.append(time.perf_counter() - start)
            assert any(w for _p, w in result)
        out[f"{label}: re-export after one edit"] = statistics.median(times)
        lib.stop_keep_updated(target)
    lib.close()
    return out


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--keep", metavar="DIR", help="work in DIR and keep it (default: a temporary folder)")
    args = parser.parse_args(argv)
    work = Path(args.keep or tempfile.mkdtemp(prefix="refman-organise-"))
    work.mkdir(parents=True, exist_ok=True)
    path = work / "library.sqlite"
    n = args.entries
    print(f"machine: {os.cpu_count()} cores; load {os.getloadavg()[0]:.1f}; {n:,} entries")
    if not path.exists():
        print(f"build library               {build_library(path, n):8.1f} s")
    seconds, _paths, names = organise(path, n)
    print(f"organise (200 collections, 50 tags, memberships) {seconds:6.1f} s")
    upgrade, plain, down = upgrade_time(path, work)
    print(f"0002 upgrade of {n:,} (incl. backup)  {upgrade:8.2f} s   plain backup {plain:6.2f} s   "
          f"ratio {upgrade / plain:4.1f}x   (downgrade to make it: {down:.1f} s)")
    for label, value in gui_times(path, names).items():
        flag = " (target <= 50 ms)" if label.startswith(("collection", "tag")) else ""
        print(f"GUI {label:45s} {value * 1000:8.1f} ms{flag}")
    for label, value in keep_updated_times(path, work).items():
        print(f"keep-updated {label:38s} {value:8.3f} s")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
