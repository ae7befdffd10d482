"""The organising commands of the CLI, in-process, on a real library file."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

from refman.cli.main import main

FIXTURE = Path(__file__).parent / "data" / "libraries" / "v0001-organise.sqlite"
KEY = "lestari2023urban"


def run(db: Path, *argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["--library", str(db), *argv], out, err)
    return code, out.getvalue(), err.getvalue()


def test_collection_tag_note_trash_commands(tmp_path: Path) -> None:
    db = tmp_path / "lib.sqlite"
    shutil.copy(FIXTURE, db)
    assert run(db, "collection", "add", "Thesis/Ch 2", KEY)[0] == 0
    code, out, _ = run(db, "collection", "ls")
    assert out.splitlines() == ["Thesis\t0\tThesis", "  Ch 2\t1\tThesis/Ch 2"]
    assert run(db, "search", "in:Thesis")[1].startswith(KEY)

    code, out, err = run(db, "tag", KEY, "+toread", "+Key idea", "-nothing")
    assert code == 0 and out == f"{KEY}\tKey idea, toread\n" and "2 tags added" in err
    assert run(db, "tag", KEY, "-toread")[1] == f"{KEY}\tKey idea\n"
    assert run(db, "tag", "--list")[1] == "Key idea\t1\ntoread\t0\n"  # an unused tag stays until deleted

    assert run(db, "note", KEY, "--add", "**aquifer** depletion")[0] == 0
    assert "**aquifer** depletion" in run(db, "note", KEY)[1]
    assert run(db, "search", "note:aquifer")[1].startswith(KEY)

    assert run(db, "saved", "Ideas", 'tag:"Key idea"')[0] == 0
    assert run(db, "saved")[1] == 'Ideas\t1\ttag:"Key idea"\n'

    assert run(db, "trash", KEY)[0] == 0
    assert run(db, "search", "in:Thesis")[1] == ""
    assert run(db, "trash")[1].startswith(KEY)
    assert run(db, "restore-entry", KEY)[0] == 0
    assert run(db, "search", 'in:Thesis tag:"Key idea" note:aquifer')[1].startswith(KEY)

    assert run(db, "collection", "mv", "Thesis/Ch 2", "Ch2")[0] == 0
    code, _, err = run(db, "collection", "mv", "Ch2", "Ch2/x")
    assert code == 1 and "into itself" in err
    assert run(db, "collection", "rm", "Ch2", KEY)[0] == 0
    assert run(db, "search", "in:Ch2")[1] == ""
    assert run(db, "collection", "rm", "Thesis")[0] == 0
    assert run(db, "collection", "ls")[1] == "Ch2\t0\tCh2\n"

    code, _, err = run(db, "tag", "nosuchkey", "+x")
    assert code == 1 and "nosuchkey" in err
    code, _, err = run(db, "note", KEY, "--delete", "5")
    assert code == 1 and "no note 5" in err
    assert run(db, "note", KEY, "--delete", "1")[0] == 0

    run(db, "trash", KEY)
    code, _, err = run(db, "trash", "--empty")
    assert code == 0 and "1 entries deleted for good; backup:" in err
    assert run(db, "search", "is:trashed")[1] == ""
