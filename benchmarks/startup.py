"""Start-up, measured from outside as a researcher feels it, against baselines measured in the same run.

1. GUI cold start: process start to the first paint of a 100,000-entry library (the real `refman`,
   the script pip installs, as a menu entry or a shell starts it; REFMAN_QUIT_AFTER_PAINT=1 prints
   a line at the first paint), against a bare PySide6 window of the same size doing the same.
   Target: ratio ≤ 1.5. The first paint shows the library's first rows and its size read without
   SQLAlchemy (refman/gui/first_rows.py), with blank panes where the side panels go (they are
   built just after it: refman/gui/window_panels.py); the library layer is imported and opened
   just after it, so the time until the app is fully ready (the library open, the sidebar loaded;
   REFMAN_QUIT_AFTER_PAINT=ready) is printed as well, and so is `python -m refman` for comparison.
2. `refman search WORD` on the same library, process start to exit, against a bare Python process
   running the same FTS5 query with sqlite3 (and against `python -c pass`). Target: ≤ 0.2 s.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/startup.py [--runs N] [--entries N]

Each figure is the median of N runs, the runs of each pair interleaved so that load on a shared
machine hits both alike. `python -X importtime -m refman search WORD` shows what the imports cost.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

WIDTH, HEIGHT = 1360, 820  # MainWindow's default size (no saved geometry in a throwaway home)
READY = "refman: first paint"
LIBRARY_READY = "refman: library ready"

BARE_WINDOW = f"""
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize({WIDTH}, {HEIGHT})
class Painted(QObject):
    done = False
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and not self.done:
            self.done = True
            print({READY!r}, flush=True)
            QTimer.singleShot(0, app.quit)
        return False
watcher = Painted()
window.installEventFilter(watcher)
window.show()
app.exec()
"""

BARE_QUERY = """
import sqlite3, sys
con = sqlite3.connect(sys.argv[1])
rows = con.execute(
    "SELECT e.citekey, e.year, e.title FROM entries e JOIN entries_fts f ON f.rowid = e.id "
    "WHERE entries_fts MATCH ? ORDER BY e.id", (sys.argv[2] + '*',)).fetchall()
for r in rows:
    print(*r, sep='\\t')
"""


def _env(home: Path) -> dict[str, str]:
    # PYTHONDONTWRITEBYTECODE (set in some shells and CI) would make every run compile refman's
    # modules from source; an installed refman has its .pyc files, so the runs here do too.
    env = {k: v for k, v in os.environ.items() if k not in ("REFMAN_LIBRARY", "PYTHONPATH", "PYTHONDONTWRITEBYTECODE")}
    env.update(HOME=str(home), XDG_CONFIG_HOME=str(home / "config"), XDG_DATA_HOME=str(home / "data"),
               XDG_STATE_HOME=str(home / "state"), QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    return env


def installed_command(python: str) -> list[str]:
    """How a researcher starts refman: the `refman` script pip installs beside the interpreter (what
    the .desktop file and a shell run), so its start-up is timed as it is used; `python -m refman`
    where there is none. The -m form also loads runpy and its imports (~5 ms), which neither the
    installed command nor the bare window's `python -c` pays, and is printed for comparison."""
    script = Path(python).parent / "refman"
    return [str(script)] if script.is_file() else [python, "-m", "refman"]


def until_line(argv: list[str], env: dict[str, str], line: str) -> float:
    """Seconds from spawning argv to it printing `line` (the process is then left to exit)."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env,
                            cwd=env["HOME"])
    assert proc.stdout is not None
    for out in proc.stdout:
        if out.strip() == line:
            took = time.perf_counter() - start
            break
    else:
        proc.wait()
        raise SystemExit(f"{argv[:4]} exited ({proc.returncode}) without printing {line!r}")
    proc.stdout.read()
    proc.wait(timeout=60)
    return took


def until_lines(argv: list[str], env: dict[str, str], lines: list[str]) -> list[float]:
    """Seconds from spawning argv to it printing each of `lines`, in that order."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env,
                            cwd=env["HOME"])
    assert proc.stdout is not None
    took: list[float] = []
    for out in proc.stdout:
        if len(took) < len(lines) and out.strip() == lines[len(took)]:
            took.append(time.perf_counter() - start)
    proc.wait(timeout=60)
    if len(took) < len(lines):
        raise SystemExit(f"{argv[:4]} exited ({proc.returncode}) without printing {lines[len(took)]!r}")
    return took


def until_exit(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    proc = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=env["HOME"])
    took = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{argv[:6]} failed with exit {proc.returncode}")
    return took


def with_rare_word(big: Path, copy: Path, word: str, n: int = 25) -> int:
    """A copy of the big library plus n entries titled with `word` (absent from the synthetic
    vocabulary), so that `refman search WORD` measures start-up and the query, not printing 40k rows."""
    import shutil

    from refman.core.model import Entry, ParseResult, Person
    from refman.library import Library

    for suffix in ("", "-wal", "-shm"):
        if Path(f"{big}{suffix}").exists():
            shutil.copy(f"{big}{suffix}", f"{copy}{suffix}")
    lib = Library.open(copy)
    try:
        entries = tuple(Entry(title=f"The {word} of region {i}", contributors=(Person("Rare", "R."),), year=2000 + i % 20)
                        for i in range(n))
        lib.import_result(ParseResult(format="csljson", entries=entries), "rare.json")
        return lib.count()
    finally:
        lib.close()


def import_seconds(argv: list[str], env: dict[str, str]) -> float:
    """What `python -X importtime` counts for the top-level imports of one run of argv (set through
    the environment, so that argv may be the installed script)."""
    proc = subprocess.run(argv, capture_output=True, text=True, env=dict(env, PYTHONPROFILEIMPORTTIME="1"),
                          cwd=env["HOME"])
    total = 0
    for line in proc.stderr.splitlines():
        parts = line.split("|")
        # depth 0 only (one space before the name): its cumulative time holds its children's
        if (len(parts) == 3 and parts[0].startswith("import time:") and parts[1].strip().isdigit()
                and not parts[2].startswith("  ")):
            total += int(parts[1])
    return total / 1e6


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--word", default="ornithology", help="a word the benchmark adds to 25 entries")
    parser.add_argument("--common", default="cooperation", help="a word in ~40%% of the synthetic titles")
    args = parser.parse_args(argv)

    from gui_scale import build_library  # the same synthetic 100k library, cached between benchmark runs

    cache = Path(tempfile.gettempdir()) / "refman-bench"
    cache.mkdir(exist_ok=True)
    big = cache / f"gui-scale-{args.entries}.sqlite"
    if not big.exists():
        print(f"building a {args.entries:,}-entry library… ", end="", flush=True)
        print(f"{build_library(big, args.entries):.1f} s")
    py = sys.executable
    command = installed_command(py)
    refman = [*command, "--library", str(big)]
    as_module = [py, "-m", "refman", "--library", str(big)]
    with tempfile.TemporaryDirectory(prefix="refman-startup-") as tmp:
        env = _env(Path(tmp))
        # refman's own runs import this checkout: with an editable install of another one (the
        # main checkout, measured from a git worktree) they would time that other checkout's code.
        # The baselines (bare window, bare query, python -c pass) run without it.
        own = dict(env, PYTHONPATH=str(ROOT))
        gui_env = dict(own, REFMAN_QUIT_AFTER_PAINT="1")
        until_line(refman, gui_env, READY)  # warm the OS file cache: "cold" is a new process, not a cold disk
        until_line([py, "-c", BARE_WINDOW], env, READY)
        app, bare, ready, module = [], [], [], []
        ready_env = dict(own, REFMAN_QUIT_AFTER_PAINT="ready")
        for _ in range(args.runs):
            app.append(until_line(refman, gui_env, READY))
            bare.append(until_line([py, "-c", BARE_WINDOW], env, READY))
            module.append(until_line(as_module, gui_env, READY))
            ready.append(until_lines(refman, ready_env, [READY, LIBRARY_READY])[1])

        searched = Path(tmp) / "search.sqlite"
        total = with_rare_word(big, searched, args.word)
        finder = [*command, "--library", str(searched), "search"]
        until_exit([*finder, args.word], own)  # writes refman's .pyc files if they are missing
        search, common, query, python = [], [], [], []
        for _ in range(args.runs):
            search.append(until_exit([*finder, args.word], own))
            common.append(until_exit([*finder, args.common], own))
            query.append(until_exit([py, "-c", BARE_QUERY, str(searched), args.word], env))
            python.append(until_exit([py, "-c", "pass"], env))
        imports = statistics.median(import_seconds([*finder, args.word], own) for _ in range(3))
        shown = subprocess.run([*finder, args.word], capture_output=True, text=True, env=own).stdout
        shown_common = subprocess.run([*finder, args.common], capture_output=True, text=True, env=own).stdout

    def ms(values: list[float]) -> str:
        return f"{statistics.median(values) * 1000:7.0f} ms"

    ratio = statistics.median(app) / statistics.median(bare)
    print(f"{args.entries:,}-entry library, medians of {args.runs} runs, QT_QPA_PLATFORM={env['QT_QPA_PLATFORM']}\n")
    print(f"{'GUI: process start to first paint, ' + ' '.join(Path(a).name for a in command):58}{ms(app)}")
    print(f"{'GUI: the same for a bare PySide6 window ' + f'{WIDTH}x{HEIGHT}':58}{ms(bare)}")
    print(f"{'  ratio (target <= 1.5)':58}{ratio:7.2f} x  {'ok' if ratio <= 1.5 else 'OVER TARGET'}")
    print(f"{'  started as python -m refman instead':58}{ms(module)}  "
          f"ratio {statistics.median(module) / statistics.median(bare):.2f} x")
    print(f"{'GUI: process start to library open and sidebar loaded':58}{ms(ready)}")
    took = statistics.median(search)
    print(f"\n{f'refman search {args.word} ({len(shown.splitlines())} rows of {total:,})':58}{ms(search)}  "
          f"{'ok' if took <= 0.2 else 'OVER TARGET'} (target <= 200 ms)")
    print(f"{'  of which imports (python -X importtime)':58}{imports * 1000:7.0f} ms")
    print(f"{'  bare python + sqlite3, the same FTS5 query and rows':58}{ms(query)}  "
          f"ratio {took / statistics.median(query):.2f} x")
    print(f"{'  python -c pass':58}{ms(python)}")
    print(f"{f'refman search {args.common} ({len(shown_common.splitlines()):,} rows printed)':58}{ms(common)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
