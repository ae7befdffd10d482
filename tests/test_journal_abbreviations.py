"""Journal names in full or ISO 4 abbreviated form for an export, from JabRef's CC0 lists (issue 20)."""

from __future__ import annotations

import io
from pathlib import Path

from refman.cli.main import main
from refman.formats.journals import read_pairs
from refman.library import Library
from refman.library.journals import load_abbreviations

BIB = """@string{jfoo = "IEEE Transactions on Automatic Control"}

@article{full,
  author = {Kalman, Rudolf E.},
  title = {Filtering},
  journal = {IEEE Transactions on Automatic Control},
  year = {1960},
}

@article{short,
  author = {Doe, Jane},
  title = {Quality},
  journal = "ACM J. Data Inf. Qual.",
  year = {2020},
}

@article{bymacro,
  author = {Roe, Rick},
  title = {Macros},
  journal = jfoo,
  year = {1999},
}

@article{unknown,
  author = {Poe, Pat},
  title = {Elsewhere},
  journal = {Journal of Nowhere in Particular},
  year = {2001},
}
"""


def _export(lib: Library, **options: object) -> str:
    out = io.StringIO()
    lib.export(out, "bibtex", **options)
    return out.getvalue()


def test_lists_load_both_ways() -> None:
    abbrevs = load_abbreviations()
    assert len(abbrevs) > 2000
    assert abbrevs.abbreviate("IEEE Transactions on Automatic Control") == "IEEE Trans. Autom. Control"
    assert abbrevs.abbreviate("{IEEE} transactions on automatic control") == "IEEE Trans. Autom. Control"
    assert abbrevs.expand("ACM J. Data Inf. Qual.") == "ACM Journal of Data and Information Quality"
    assert abbrevs.abbreviate("Journal of Nowhere in Particular") is None
    assert list(read_pairs("Accounts of Chemical Research;Acc. Chem. Res.;ACHRE4;M\n")) == [
        ("Accounts of Chemical Research", "Acc. Chem. Res.")]


def test_export_switches_only_the_journal_value_and_keeps_the_library(library: Library) -> None:
    library.import_text(BIB, "j.bib")
    assert _export(library) == BIB
    short = _export(library, journals="abbreviated")
    assert short == BIB.replace("journal = {IEEE Transactions on Automatic Control}",
                                "journal = {IEEE Trans. Autom. Control}")
    full = _export(library, journals="full")
    assert full == BIB.replace('journal = "ACM J. Data Inf. Qual."',
                               "journal = {ACM Journal of Data and Information Quality}")
    assert library.by_key("full").container == "IEEE Transactions on Automatic Control"  # stored entry unchanged
    assert _export(library) == BIB


def test_cli_journals_option_and_canonical_entries(tmp_path: Path) -> None:
    lib_path = tmp_path / "lib.sqlite"
    ris = tmp_path / "a.ris"
    ris.write_text("TY  - JOUR\nT1  - A Paper\nA1  - Smith, Ann\nPY  - 2020\n"
                   "JO  - IEEE Transactions on Automatic Control\nER  - \n", encoding="utf-8")
    assert main(["-L", str(lib_path), "import", "-q", str(ris)], io.StringIO(), io.StringIO()) == 0
    out = io.StringIO()
    assert main(["-L", str(lib_path), "export", "--journals", "abbreviated"], out, io.StringIO()) == 0
    assert "IEEE Trans. Autom. Control" in out.getvalue()
    out = io.StringIO()
    assert main(["-L", str(lib_path), "export", "-f", "csljson", "--journals", "abbreviated"], out,
                io.StringIO()) == 0
    assert "IEEE Trans. Autom. Control" in out.getvalue()
