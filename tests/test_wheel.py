"""The wheel holds everything refman needs at run time: built with `python -m build`, installed into
a clean virtual environment (no source tree on the path), and run there as a researcher would.

About 40 s (build ~4 s, venv ~9 s, pip install from the pip cache ~20 s, the runs ~6 s).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "resources" / "samples" / "sample-article.txt"

# What the app opens at run time, by its path inside the wheel.
REQUIRED = [
    "refman/_resources/refstrings-crf.json.gz",
    "refman/_resources/refstrings-names.tsv.gz",
    "refman/_resources/samples/sample-article.txt",
    "refman/_resources/LICENSE-anystyle.txt",
    "refman/cite/js/citeproc.js",
    "refman/cite/js/host.js",
    "refman/cite/js/LICENSE-citeproc-js.txt",
    "refman/store/migrations/env.py",
    "refman/store/migrations/script.py.mako",
    "refman/store/migrations/versions/0001_initial.py",
    "refman/_resources/icons/refman.svg",
    *[f"refman/_resources/icons/refman-{size}.png" for size in (16, 22, 24, 32, 48, 64, 128, 256, 512)],
]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(ROOT)],
                   check=True, capture_output=True, timeout=300)
    (built,) = out.glob("refman-*.whl")
    return built


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    home = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", str(home / "env")], check=True, timeout=300)
    subprocess.run([str(home / "env" / "bin" / "python"), "-m", "pip", "install", "-q", str(wheel)],
                   check=True, capture_output=True, timeout=600)
    yield home / "env"


def _run(venv: Path, *argv: str, stdin: str | None = None, **env: str) -> subprocess.CompletedProcess[str]:
    """The installed `refman` command, from a folder outside the checkout, with a throwaway home."""
    work = venv.parent
    environ = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "REFMAN_LIBRARY", "VIRTUAL_ENV")}
    environ.update(HOME=str(work), XDG_CONFIG_HOME=str(work / "config"), XDG_DATA_HOME=str(work / "data"),
                   XDG_STATE_HOME=str(work / "state"), **env)
    return subprocess.run([str(venv / "bin" / "refman"), *argv], input=stdin, capture_output=True, text=True,
                          cwd=work, env=environ, timeout=180)


def test_wheel_contains_what_the_app_loads(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    missing = [n for n in REQUIRED if n not in names]
    assert not missing, f"{wheel.name} lacks {missing}"
    assert not [n for n in names if n.endswith(".gitignore") or "/__pycache__/" in n]


def test_installed_version(venv: Path) -> None:
    proc = _run(venv, "--version")
    assert proc.returncode == 0 and proc.stdout.strip() == "refman 0.1.0"
    code = "import refman.resources as r; print(r.resource_path('samples', 'sample-article.txt'))"
    where = subprocess.run([str(venv / "bin" / "python"), "-c", code], capture_output=True, text=True,
                           cwd=venv.parent, check=True).stdout.strip()
    assert where.startswith(str(venv)) and Path(where).is_file()  # the wheel's copy, not the checkout's


def test_installed_parse_refs_reads_a_real_reference_list(venv: Path) -> None:
    """The sample article's own reference list, through the CRF model shipped in the wheel."""
    lines = [line for line in SAMPLE.read_text(encoding="utf-8").splitlines()
             if re.match(r"^[A-Z][\w'’-]+,? .*\(\d{4}\)\. ", line)]
    assert len(lines) >= 15
    proc = _run(venv, "parse-refs", "-", stdin="\n".join(lines) + "\n")
    assert proc.returncode == 0, proc.stderr
    items = json.loads(proc.stdout)
    assert len(items) == len(lines)
    stockl = next(i for i in items if i["author"][0].get("family") == "Stöckl")
    assert stockl["issued"]["date-parts"][0][0] == 2021
    assert stockl["title"].startswith("Human Trafficking and Violence")


def test_installed_import_and_cite_use_the_bundled_styles(venv: Path) -> None:
    lib = str(venv.parent / "cite.sqlite")
    sample = _run(venv, "--library", lib, "import", "--as", "article-page",
                  str(venv.parent / "missing.txt"))
    assert sample.returncode == 1 and "missing.txt" in sample.stderr  # one clear line, no traceback
    code = "from refman.gui.welcome import sample_article_path; print(sample_article_path())"
    path = subprocess.run([str(venv / "bin" / "python"), "-c", code], capture_output=True, text=True,
                          cwd=venv.parent, check=True).stdout.strip()
    imported = _run(venv, "--library", lib, "import", path)
    assert imported.returncode == 0, imported.stderr
    key = re.search(r"article: (\S+)", imported.stdout)
    assert key, imported.stdout
    cited = _run(venv, "--library", lib, "cite", key.group(1), "--style", "apa")
    assert cited.returncode == 0, cited.stderr
    # The sample page names no authors, so APA puts the title first: "Title. (2024). Journal."
    assert cited.stdout.startswith("The Challenges of Intergovernmental Organizations") and "(2024)" in cited.stdout
    assert "Cakrawala" in cited.stdout
    styles = _run(venv, "styles", "vancouver")
    assert styles.returncode == 0 and "vancouver" in styles.stdout


def test_installed_gui_starts_offscreen_and_quits_after_first_paint(venv: Path) -> None:
    proc = _run(venv, "--library", str(venv.parent / "gui.sqlite"), QT_QPA_PLATFORM="offscreen",
                REFMAN_QUIT_AFTER_PAINT="1")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "refman: first paint"
    assert (venv.parent / "state" / "refman" / "log" / "refman.log").is_file()
