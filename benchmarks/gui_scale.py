"""The desktop app at scale: a 100,000-entry library beside an empty one (the baseline).

For each library, in a fresh process (so memory figures are not mixed up): time from opening
the library to the table's first paint, resident memory, search-to-repaint, sort-to-repaint,
scroll-to-end and a deep-scroll memory check. Times are medians of several runs.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/gui_scale.py [--entries N] [--only-work] [--no-copies]

Then, on a copy of the big library, the long actions of issue 15 (first copy after start-up,
copy 1,000 citations, copy everything as BibTeX; select all + Delete, which moves to the Trash,
and its undo; then in the Trash view select all + delete for good, and its undo), each with its
wall time and the longest main-thread stall (a 5 ms timer that logs the gaps between its ticks).
`--no-copies` leaves the copies out.

The 100k library is synthetic but shaped like an imported one (one source, one raw record per
entry, 1-4 authors, a journal, an abstract on a third of them); it is built with the store's
bulk insert in one transaction and cached in the system temp folder between runs.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

RUNS = 5
FAMILIES = ["Smith", "García", "Nguyen", "Müller", "Kim", "Okafor", "Rossi", "Ivanova", "Chen", "Haddad", "Silva",
            "Kowalski", "Tanaka", "Dubois", "Andersson", "Patel", "Cohen", "Murphy", "Yılmaz", "Novak"]
GIVEN = ["Ana", "Ben", "Chloé", "Dev", "Eun", "Femi", "Gita", "Hugo", "Ines", "Jun", "Kai", "Lena", "Mo", "Nia"]
WORDS = ["network", "analysis", "trafficking", "governance", "learning", "model", "climate", "security",
         "policy", "health", "protein", "cell", "quantum", "graph", "language", "memory", "market",
         "labour", "migration", "border", "cooperation", "crime", "urban", "soil", "water", "energy",
         "neural", "survey", "evidence", "trial", "cohort", "regional", "federal", "digital", "archive",
         "theory"]
TYPES = ["article-journal"] * 6 + ["book", "chapter", "paper-conference", "report", "thesis"]


def _rss_mb() -> float:
    import psutil

    return psutil.Process().memory_info().rss / 1e6


def build_library(path: Path, n: int) -> float:
    """Create an n-entry library at `path`; returns seconds taken."""
    from refman.core.model import Entry, Person
    from refman.library import Library

    rng = random.Random(42)
    journals = [f"Journal of {rng.choice(WORDS).title()} {rng.choice(WORDS).title()}" for _ in range(500)]
    start = time.perf_counter()
    lib = Library.open(path)
    batch = 5000
    with lib.store.transaction() as txn:
        source = txn.add_source("synthetic-100k.bib", "bibtex", "utf-8")
        for first in range(0, n, batch):
            items = []
            raws = []
            for i in range(first, min(n, first + batch)):
                people = tuple(Person(rng.choice(FAMILIES), rng.choice(GIVEN)) for _ in range(rng.randint(1, 4)))
                title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 10))).capitalize()
                year = rng.randint(1950, 2024)
                abstract = " ".join(rng.choice(WORDS) for _ in range(60)) if i % 3 == 0 else ""
                entry = Entry(citekey=f"{people[0].family.lower()}{year}x{i}", entry_type=rng.choice(TYPES),
                              title=title, contributors=people, year=year, date=str(year),
                              container=rng.choice(journals), volume=str(rng.randint(1, 90)),
                              pages=f"{rng.randint(1, 500)}-{rng.randint(501, 900)}",
                              doi=f"10.{1000 + i % 9000}/syn.{i}", abstract=abstract)
                items.append(entry)
                raws.append((i, "entry", i * 8 + 1, f"@article{{{entry.citekey},\n  title = {{{title}}},\n}}\n"))
            rids = txn.add_records(source, raws)
            txn.insert_entries(list(zip(items, rids, strict=True)))
    lib.close()
    return time.perf_counter() - start


def measure(db: str) -> dict[str, object]:
    """Run in a child process: open the window on `db` and time what a user waits for."""
    from PySide6.QtCore import QEvent, QObject, QSettings, Qt
    from PySide6.QtWidgets import QApplication

    from refman.gui.app import make_application
    from refman.gui.main_window import MainWindow
    from refman.gui.table_model import COLUMN_KEYS
    from refman.library import Library

    app = make_application(["gui_scale"])
    rss_app = _rss_mb()
    painted: list[float] = []

    class PaintWatch(QObject):
        def eventFilter(self, obj: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                painted.append(time.perf_counter())
            return False

    tmp = tempfile.mkdtemp(prefix="refman-gui-scale-")
    settings = QSettings(os.path.join(tmp, "settings.ini"), QSettings.Format.IniFormat)
    t0 = time.perf_counter()
    lib = Library.open(db)
    window = MainWindow(lib, db, settings)
    watch = PaintWatch()
    window.view.viewport().installEventFilter(watch)  # the table, or for an empty library
    window.welcome.installEventFilter(watch)  # the welcome pane that replaces it
    window.resize(1400, 880)
    window.show()
    deadline = time.perf_counter() + 30
    while not painted and time.perf_counter() < deadline:
        app.processEvents()
    first_paint = (painted[0] if painted else float("nan")) - t0
    app.processEvents()
    rss_first = _rss_mb()
    view = window.view
    viewport = view.viewport()

    def timed(action: Callable[[], None]) -> float:
        start = time.perf_counter()
        action()
        viewport.repaint()  # synchronous: the new rows are fetched and drawn before it returns
        return time.perf_counter() - start

    def median(action: Callable[[], None], reset: Callable[[], None] | None = None) -> float:
        times = []
        for _ in range(RUNS):
            if reset is not None:
                reset()
                app.processEvents()
            times.append(timed(action))
        return statistics.median(times)

    def clear() -> None:
        window.set_search_text("")

    searches: dict[str, dict[str, float]] = {}
    for query in ("network", "author:smith year:2000..2010", '"climate security"', "zzzznotfound"):
        seconds = median(lambda q=query: window.set_search_text(q), clear)
        window.set_search_text(query)
        searches[query] = {"seconds": seconds, "rows": window.model.rowCount()}
    clear()
    header = view.horizontalHeader()
    sorts: dict[str, float] = {}
    for key in ("title", "year", "authors", "container"):
        col = COLUMN_KEYS.index(key)
        sorts[key] = median(lambda c=col: header.setSortIndicator(c, Qt.SortOrder.AscendingOrder),
                            lambda: window.natural_order())
    header.setSortIndicator(COLUMN_KEYS.index("title"), Qt.SortOrder.AscendingOrder)
    window.set_search_text("network")
    sort_in_search = median(lambda: header.setSortIndicator(COLUMN_KEYS.index("year"), Qt.SortOrder.DescendingOrder),
                            lambda: window.natural_order())
    clear()
    window.natural_order()
    scroll_end = median(view.scrollToBottom, view.scrollToTop)
    rows = window.model.rowCount()
    rng = random.Random(1)
    deep = []
    for _ in range(200 if rows else 1):  # jump around like a scrollbar drag: the page cache stays bounded
        row = rng.randrange(rows) if rows else 0
        deep.append(timed(lambda r=row: view.scrollTo(window.model.index(r, 0)) if rows else None))
    rss_deep = _rss_mb()
    cache_pragma = lib.store._conn().exec_driver_sql("PRAGMA cache_size").scalar()  # SQLite's own page cache
    window.close()
    lib.close()
    QApplication.processEvents()
    return {
        "rows": rows,
        "first_paint": first_paint,
        "rss_app": rss_app,
        "rss_first_paint": rss_first,
        "rss_after_deep_scroll": rss_deep,
        "searches": searches,
        "sorts": sorts,
        "sort_in_search": sort_in_search,
        "scroll_end": scroll_end,
        "random_jump_median": statistics.median(deep),
        "cached_pages": window.model.cached_pages(),
        "sqlite_cache_size": cache_pragma,
    }


def measure_work(db: str, copies: bool = True) -> dict[str, object]:
    """Run in a child process on a copy of the big library: the long actions of daily use (issue 15),
    each with its wall time and the longest main-thread stall while it ran.

    The stall watch is a 5 ms QTimer on the GUI thread that logs the gap between its ticks: any
    gap much over 5 ms is time the event loop could not run (the window was frozen)."""
    from PySide6.QtCore import QSettings, QTimer

    from refman.gui import main_window, window_clipboard
    from refman.gui.app import make_application
    from refman.gui.main_window import MainWindow
    from refman.library import Library, style_ready

    app = make_application(["gui_scale"])
    tmp = tempfile.mkdtemp(prefix="refman-gui-work-")
    settings = QSettings(os.path.join(tmp, "settings.ini"), QSettings.Format.IniFormat)

    class StallWatch:
        def __init__(self) -> None:
            self.timer = QTimer()
            self.timer.setInterval(5)
            self.timer.timeout.connect(self._tick)
            self.last = time.perf_counter()
            self.worst = 0.0
            self.timer.start()

        def _tick(self) -> None:
            now = time.perf_counter()
            self.worst = max(self.worst, now - self.last)
            self.last = now

        def reset(self) -> None:
            self.last = time.perf_counter()
            self.worst = 0.0

    def wait(condition: Callable[[], bool], limit: float = 900.0) -> None:
        deadline = time.perf_counter() + limit
        while not condition():
            if time.perf_counter() > deadline:
                raise SystemExit("timed out")
            app.processEvents()
            time.sleep(0.001)

    results: dict[str, object] = {}
    watch = StallWatch()

    def run(name: str, action: Callable[[], object], done: Callable[[], bool]) -> None:
        wait(lambda: not window.tasks)
        app.processEvents()
        watch.reset()
        start = time.perf_counter()
        action()  # on the GUI thread, as a key press would run it: part of the stall if it blocks
        wait(done)
        app.processEvents()
        results[name] = {"seconds": time.perf_counter() - start, "stall": watch.worst, "rss": _rss_mb()}

    window_clipboard.COPY_CONFIRM = 10**9  # the benchmark answers "yes" to the question for itself
    watch.reset()
    start = time.perf_counter()
    lib = Library.open(db)
    window = MainWindow(lib, db, settings)
    window.resize(1400, 880)
    window.show()
    wait(lambda: window.view.viewport().isVisible())
    app.processEvents()
    results["open window"] = {"seconds": time.perf_counter() - start, "stall": watch.worst, "rss": _rss_mb()}
    model = window.model
    view = window.view
    total = model.rowCount()
    wait(lambda: style_ready(window.style_combo.current_style()), 120)  # the start-up build, in the background
    idle_until = [0.0]
    run("idle 2 s (the machine's own noise floor)", lambda: idle_until.__setitem__(0, time.perf_counter() + 2),
        lambda: time.perf_counter() > idle_until[0])

    def copied() -> bool:
        return not window.tasks and window.statusBar().currentMessage().startswith("Copied")

    def clear_status() -> None:
        window.statusBar().clearMessage()

    clipboard_lines = bibtex_entries = 0
    if copies:
        clipboard_lines, bibtex_entries = _copies(window, run, copied, clear_status)

    # The Delete key: select all, Move to Trash (the worker resolves "every row" as the view's query).
    view.setFocus()
    view.selectAll()
    run(f"select all + Delete (to the Trash) {total:,}", window.act_delete.trigger,
        lambda: not window.tasks and lib.count() == 0)
    run("undo the move to the Trash", window.undo,
        lambda: not window.tasks and model.rowCount() == total and view.selected_count() == total)
    results["selected after undo"] = view.selected_count()
    # Deleting for good happens in the Trash view: move everything there again, then delete it there.
    view.selectAll()
    run("select all + Delete again (to the Trash)", window.act_delete.trigger,
        lambda: not window.tasks and lib.count() == 0)
    main_window.BULK_DELETE_CONFIRM = 10**9  # the benchmark answers "yes" to the question for itself
    run("open the Trash view", lambda: window.organise_tree.select("trash"),
        lambda: model.rowCount() == total)
    view.selectAll()
    run(f"select all + delete for good {total:,} (in the Trash)", window.act_delete.trigger,
        lambda: not window.tasks and model.rowCount() == 0)
    run("undo the delete for good", window.undo,
        lambda: not window.tasks and model.rowCount() == total)
    results["copied citation lines"] = clipboard_lines
    results["copied bibtex entries"] = bibtex_entries
    window.close()
    lib.close()
    return results


def _copies(window: Any, run: Callable[..., None], copied: Callable[[], bool],
            clear_status: Callable[[], None]) -> tuple[int, int]:
    """The copy actions of issue 15: first copy after start-up, 1,000 citations, everything as BibTeX."""
    from PySide6.QtCore import QItemSelection, QItemSelectionModel
    from PySide6.QtGui import QGuiApplication

    model, view = window.model, window.view
    total = model.rowCount()
    view.select_row(0)
    clear_status()
    run("first copy after start-up (APA, 1 entry)", window.copy_bibliography, copied)

    def select_first(n: int) -> None:
        selection = QItemSelection(model.index(0, 0), model.index(n - 1, 0))
        view.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect
                                     | QItemSelectionModel.SelectionFlag.Rows)

    select_first(1000)
    clear_status()
    run("copy 1,000 citations (APA)", window.copy_bibliography, copied)
    clipboard_lines = len(QGuiApplication.clipboard().text().splitlines())

    view.selectAll()
    clear_status()
    run(f"copy all {total:,} as BibTeX", window.copy_bibtex, copied)
    bibtex_entries = QGuiApplication.clipboard().text().count("\n@") + 1
    QGuiApplication.clipboard().clear()

    return clipboard_lines, bibtex_entries


def work_report(big: Path, copies: bool = True) -> None:
    """Copy the big library (the delete changes it) and measure the long actions in a child."""
    import shutil

    work = big.with_name(big.stem + "-work.sqlite")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{work}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(big, work)
    extra = [] if copies else ["--no-copies"]
    out = subprocess.run([sys.executable, __file__, "--measure-work", str(work), *extra], capture_output=True,
                         text=True, check=False)
    if out.returncode != 0:
        raise SystemExit(f"measuring the long actions failed:\n{out.stderr}")
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    print(f"\n{'long actions (issue 15)':48}{'wall time':>12}{'longest stall':>16}{'RSS':>10}")
    worst = 0.0
    for name, fig in figures.items():
        if isinstance(fig, dict):
            worst = max(worst, fig["stall"]) if name != "open window" and not name.startswith("idle") else worst
            print(f"{name:48}{fig['seconds']:10.2f} s{fig['stall'] * 1000:13.0f} ms{fig['rss']:7.0f} MB")
    print(f"selected after the undo: {figures['selected after undo']:,}; citation lines copied: "
          f"{figures['copied citation lines']:,}; BibTeX entries copied: {figures['copied bibtex entries']:,}")
    print(f"longest main-thread stall over the actions: {worst * 1000:.0f} ms (target <= 100 ms); "
          f"stall = longest gap between ticks of a 5 ms timer on the GUI thread")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{work}{suffix}").unlink(missing_ok=True)


def _child(db: str) -> dict[str, object]:
    out = subprocess.run([sys.executable, __file__, "--measure", db], capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise SystemExit(f"measuring {db} failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def _ms(seconds: object) -> str:
    return f"{float(seconds) * 1000:8.1f} ms"  # type: ignore[arg-type]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--measure", metavar="DB", help=argparse.SUPPRESS)
    parser.add_argument("--measure-work", metavar="DB", help=argparse.SUPPRESS)
    parser.add_argument("--only-work", action="store_true",
                        help="only the long actions (delete/undo, big copies), not paint/search/sort")
    parser.add_argument("--no-copies", action="store_true", help="leave out the big copies (delete/undo only)")
    parser.add_argument("--rebuild", action="store_true", help="build the big library again")
    args = parser.parse_args(argv)
    if args.measure:
        print(json.dumps(measure(args.measure)))
        return 0
    if args.measure_work:
        print(json.dumps(measure_work(args.measure_work, not args.no_copies)))
        return 0
    cache = Path(tempfile.gettempdir()) / "refman-bench"
    cache.mkdir(exist_ok=True)
    big = cache / f"gui-scale-{args.entries}.sqlite"
    if args.rebuild or not big.exists():
        for suffix in ("", "-wal", "-shm"):
            Path(f"{big}{suffix}").unlink(missing_ok=True)
        print(f"building a {args.entries:,}-entry library… ", end="", flush=True)
        print(f"{build_library(big, args.entries):.1f} s ({big.stat().st_size / 1e6:.0f} MB)")
    if args.only_work:
        work_report(big, not args.no_copies)
        return 0
    empty = cache / "gui-scale-empty.sqlite"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{empty}{suffix}").unlink(missing_ok=True)
    from refman.library import Library

    Library.open(empty).close()  # created (schema migrated) before timing, like the big one
    base = _child(str(empty))
    full = _child(str(big))
    label = f"{args.entries:,} entries"
    print(f"\n{'':48}{'empty':>10}{label:>20}")
    rows = [
        ("time to first paint", _ms(base["first_paint"]), _ms(full["first_paint"])),
        ("RSS at first paint", f"{base['rss_first_paint']:8.0f} MB", f"{full['rss_first_paint']:8.0f} MB"),
        ("  of which before the window", f"{base['rss_app']:8.0f} MB", f"{full['rss_app']:8.0f} MB"),
    ]
    for q, fig in full["searches"].items():  # type: ignore[attr-defined]
        b = base["searches"][q]  # type: ignore[index]
        rows.append((f"search {q} -> repaint", _ms(b["seconds"]), _ms(fig["seconds"]) + f" ({fig['rows']:,})"))
    for key, sec in full["sorts"].items():  # type: ignore[attr-defined]
        rows.append((f"sort by {key} -> repaint", _ms(base["sorts"][key]), _ms(sec)))  # type: ignore[index]
    rows += [
        ("sort a search result (year)", _ms(base["sort_in_search"]), _ms(full["sort_in_search"])),
        ("scroll to end -> repaint", _ms(base["scroll_end"]), _ms(full["scroll_end"])),
        ("random jump -> repaint (median)", _ms(base["random_jump_median"]), _ms(full["random_jump_median"])),
        ("RSS after 200 random jumps", f"{base['rss_after_deep_scroll']:8.0f} MB",
         f"{full['rss_after_deep_scroll']:8.0f} MB"),
        ("pages cached after the jumps", f"{base['cached_pages']:>11}", f"{full['cached_pages']:>11}"),
    ]
    for name, a, b in rows:
        print(f"{name:48}{a:>10}{b:>20}")
    print(f"\nmedians of {RUNS} runs; each library measured in its own process "
          f"(QT_QPA_PLATFORM={os.environ.get('QT_QPA_PLATFORM')}).")
    print(f"Memory growth while scrolling is mostly SQLite's page cache (PRAGMA cache_size = "
          f"{full['sqlite_cache_size']}, i.e. up to {abs(int(full['sqlite_cache_size'])) // 1024} MB when negative); "  # type: ignore[call-overload]
          f"the table's own cache holds at most {full['cached_pages']} pages of rows.")
    work_report(big, not args.no_copies)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
