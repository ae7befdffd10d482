"""Run an installed or frozen `refman` as a researcher would and say what fails: `make dist-check`.

    python packaging/check_app.py dist/refman/refman

Checks, each in a throwaway home: --version; parse-refs on the sample article's reference list
(the bundled CRF model); import of the sample article and an APA citation of it (citeproc-js,
CSL styles and locales, the migrations); offscreen and Xvfb (xcb) starts of the desktop app that
quit after their first paint, and its log file; in a PyInstaller folder, the licence texts About
links to. Exit status 0 only if all pass.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "resources" / "samples" / "sample-article.txt"


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    program = str(Path(argv[1]).resolve())
    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="refman-check-") as tmp:
        home = Path(tmp)
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "REFMAN_LIBRARY")}
        env.update(HOME=tmp, XDG_CONFIG_HOME=f"{tmp}/config", XDG_DATA_HOME=f"{tmp}/data",
                   XDG_STATE_HOME=f"{tmp}/state", QT_QPA_PLATFORM="offscreen")

        def run(*args: str, stdin: str | None = None, **extra: str) -> subprocess.CompletedProcess[str]:
            return subprocess.run([program, *args], input=stdin, capture_output=True, text=True, cwd=tmp,
                                  env={**env, **extra}, timeout=300)

        def check(name: str, ok: bool, detail: str = "") -> None:
            print(f"{'ok  ' if ok else 'FAIL'} {name}" + (f": {detail.strip()[:400]}" if not ok and detail else ""))
            if not ok:
                failures.append(name)

        version = run("--version")
        check("--version", version.returncode == 0 and version.stdout.startswith("refman "), version.stderr)

        lines = [ln for ln in SAMPLE.read_text(encoding="utf-8").splitlines()
                 if re.match(r"^[A-Z][\w'’-]+,? .*\(\d{4}\)\. ", ln)]
        parsed = run("parse-refs", "-", stdin="\n".join(lines) + "\n")
        try:
            count = len(json.loads(parsed.stdout)) if parsed.returncode == 0 else -1
        except ValueError:
            count = -1
        check(f"parse-refs ({len(lines)} references)", count == len(lines), parsed.stderr)

        lib = str(home / "check.sqlite")
        imported = run("--library", lib, "import", "--as", "article-page", str(SAMPLE))
        key = re.search(r"article: (\S+)", imported.stdout)
        check("import the sample article", imported.returncode == 0 and key is not None, imported.stderr)
        if key:
            cited = run("--library", lib, "cite", key.group(1), "--style", "apa")
            check("cite --style apa", cited.returncode == 0 and "(2024)" in cited.stdout, cited.stderr)

        gui = run("--library", str(home / "gui.sqlite"), REFMAN_QUIT_AFTER_PAINT="1")
        check("desktop app starts (offscreen) and paints", gui.returncode == 0 and "first paint" in gui.stdout,
              gui.stderr)
        xvfb = shutil.which("xvfb-run")
        if xvfb:  # a real X server: the xcb plugin and refman's check of its libraries (qt_libraries.py)
            x_env = {k: v for k, v in env.items() if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
            x11 = subprocess.run([xvfb, "-a", "-s", "-screen 0 1400x900x24", program, "--library",
                                  str(home / "x11.sqlite")], capture_output=True, text=True, cwd=tmp,
                                 env={**x_env, "REFMAN_QUIT_AFTER_PAINT": "1"}, timeout=300)
            check("desktop app starts under Xvfb (xcb) and paints",
                  x11.returncode == 0 and "first paint" in x11.stdout, x11.stderr)
        else:
            print("skip desktop app under Xvfb (apt-get install xvfb xauth)")
        log = home / "state" / "refman" / "log" / "refman.log"
        check("desktop app writes its log", log.is_file())
        internal = Path(program).parent / "_internal"  # a PyInstaller folder: the licence texts must ship
        if internal.is_dir():
            for text in ("refman/_resources/LICENSE-anystyle.txt", "refman/cite/js/LICENSE-citeproc-js.txt"):
                check(f"ships {text}", (internal / text).is_file())
    print(f"{'all checks passed' if not failures else f'{len(failures)} checks failed'}: {program}")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
