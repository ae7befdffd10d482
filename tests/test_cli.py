"""The command line, in-process (main(argv, out, err)) and once as a real process."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

from refman.cli.main import main
from refman.core.model import Entry, ParseResult, Person
from refman.library import Library


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def _populate(path: Path) -> str:
    lib = Library.open(path)
    article = Entry(title="Climate Security", contributors=(Person("Muhammad", "Rifki"),), year=2024,
                    abstract="About climate.", licence="CC BY 4.0")
    refs = (Entry(title="Second Ref", contributors=(Person("Zed", "A"),), year=2001),
            Entry(title="First Ref", contributors=(Person("Abe", "B"),), year=2002))
    report, _ = lib.import_result(
        ParseResult(format="article-page", entries=(article, *refs), citing_index=0, cited_indexes=(1, 2),
                    raw_texts=("p", "a", "b")), "page.txt")
    lib.close()
    assert report.citing_key
    return report.citing_key


def test_search_show_and_relations(tmp_path: Path) -> None:
    db = tmp_path / "lib.sqlite"
    key = _populate(db)
    code, out, err = run("--library", str(db), "search", f"cited-by:{key}")
    assert code == 0
    assert [line.split("\t")[3] for line in out.splitlines()] == ["Second Ref", "First Ref"]
    assert "2 of 3 entries" in err
    code, out, _ = run("--library", str(db), "show", key)
    assert code == 0
    assert "Climate Security" in out and "CC BY 4.0" in out and "References (2)" in out
    code, out, _ = run("--library", str(db), "search", "ref", "--sort", "year", "--reverse")
    assert [line.split("\t")[1] for line in out.splitlines()] == ["2002", "2001"]


def test_library_from_environment(tmp_path: Path, monkeypatch: object) -> None:
    db = tmp_path / "env.sqlite"
    _populate(db)
    import os

    env = dict(os.environ, REFMAN_LIBRARY=str(db))
    proc = subprocess.run([sys.executable, "-m", "refman", "search", "climate"], capture_output=True, text=True,
                          env=env, check=False)
    assert proc.returncode == 0, proc.stderr
    assert "Climate Security" in proc.stdout


def test_user_errors_are_one_line_without_traceback(tmp_path: Path) -> None:
    db = tmp_path / "lib.sqlite"
    _populate(db)
    code, _, err = run("--library", str(db), "show", "missing-key")
    assert code == 1
    assert err.strip() == "refman: no entry with key 'missing-key'"
    code, _, err = run("--library", str(db), "search", "year:abc")
    assert code == 1 and "Traceback" not in err and "year" in err
    code, _, err = run("--library", str(db), "import", str(tmp_path / "nope.bib"))
    assert code == 1 and "nope.bib" in err and "Traceback" not in err
    binary = tmp_path / "image.bib"
    binary.write_bytes(bytes(range(256)) * 4)
    code, _, err = run("--library", str(db), "import", str(binary))
    assert code == 1 and "binary" in err
    code, _, err = run("--library", str(tmp_path), "search", "x")
    assert code == 1 and "folder" in err


def test_version_starts_as_a_process() -> None:
    proc = subprocess.run([sys.executable, "-m", "refman", "--version"], capture_output=True, text=True, check=False)
    assert proc.returncode == 0
    assert proc.stdout.startswith("refman ")


def test_search_json_is_csl(tmp_path: Path) -> None:
    db = tmp_path / "lib.sqlite"
    key = _populate(db)
    code, out, _ = run("--library", str(db), "search", "--json", f"key:{key}")
    assert code == 0
    items = json.loads(out)
    assert items[0]["id"] == key
    assert items[0]["title"] == "Climate Security"
