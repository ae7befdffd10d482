"""Citation keys by formula (issue 20): the language, deterministic postfixes whatever the import
order, pinned keys, regenerate + undo, ASCII folding, and the CLI."""

from __future__ import annotations

import io
import random
from pathlib import Path

import pytest

from refman.cli.main import main
from refman.core.citekey_formula import Formula, FormulaError
from refman.core.model import Entry, Person
from refman.library import Library
from refman.library.keys import regenerate_keys, set_key_formula, undo_regenerate

FORMULA = "auth.lower + shorttitle(3,3) + year"


def _ris(title: str, author: str, year: int, journal: str) -> str:
    return f"TY  - JOUR\nT1  - {title}\nA1  - {author}\nPY  - {year}\nJO  - {journal}\nER  - \n"


# Five keyless records: three share 'smithQuiBroFox2020'-style bases, two of them differ only in journal.
RECORDS = [
    _ris("The Quick Brown Fox", "Smith, Ann", 2020, "Journal A"),
    _ris("Quick Brown Foxes Again", "Smith, Ann", 2020, "Journal B"),
    _ris("Quick brown fox", "Smith, Bob", 2020, "Journal C"),
    _ris("Über Straßen und Wege", "Müller, Jürgen", 2019, "Zeitschrift"),
    _ris("A Different Paper", "Łukasiewicz, Jan", 1951, "Studia"),
]


def test_formula_language() -> None:
    e = Entry(title="The Quick Brown Fox Jumps", year=2020, container="Physical Review Letters",
              contributors=(Person("Müller", "Hans"), Person("Li", "Wei"), Person("Ng", "A")))
    assert Formula(FORMULA).base(e) == "mullerQuiBroFox2020"
    assert Formula("authors(2) + shortyear").base(e) == "MullerLi20"
    assert Formula('authetal + "_" + journal + veryshorttitle.lower').base(e) == "MullerEtAl_PRLquick"
    assert Formula("auth(3).upper + year").base(e) == "MUL2020"
    assert Formula("auth.lower + year").base(e, fold=False) == "müller2020"
    nobody = Entry(title="On Things", year=1999)
    assert Formula("auth + year | title + year").base(nobody) == "OnThings1999"
    with pytest.raises(FormulaError, match="unknown field 'auht' at character 1"):
        Formula("auht + year")
    with pytest.raises(FormulaError, match="character 6"):
        Formula("auth.lowr")
    with pytest.raises(FormulaError):
        Formula("auth +")


def _keys_after_import(tmp: Path, order: list[int], name: str, formula: str | None = FORMULA) -> dict[str, str]:
    lib = Library.open(tmp / f"{name}.sqlite")
    try:
        set_key_formula(lib.store, formula)
        for i in order:  # one file per record, in this order
            path = tmp / f"{name}_{i}.ris"
            path.write_text(RECORDS[i], encoding="utf-8")
            lib.import_file(path)
        return {e.citekey: f"{e.title}|{e.container}" for e in lib.search_entries()}
    finally:
        lib.close()


def test_shuffled_import_orders_give_the_same_keys(tmp_path: Path) -> None:
    first = _keys_after_import(tmp_path, list(range(len(RECORDS))), "in_order")
    assert sorted(first) == ["lukasiewiczDifPap1951", "mullerStrWeg2019", "smithQuiBroFox2020",
                             "smithQuiBroFox2020a", "smithQuiBroFox2020b"]
    rng = random.Random(20)
    for n in range(4):
        order = list(range(len(RECORDS)))
        rng.shuffle(order)
        assert _keys_after_import(tmp_path, order, f"shuffled{n}") == first, order


def test_builtin_keys_too_are_the_same_whatever_the_order(tmp_path: Path) -> None:
    first = _keys_after_import(tmp_path, list(range(len(RECORDS))), "builtin", None)
    assert sorted(first)[-3:] == ["smith2020quick", "smith2020quicka", "smith2020quickb"]
    assert _keys_after_import(tmp_path, [2, 4, 1, 3, 0], "builtin_shuffled", None) == first


def test_file_and_user_keys_are_pinned_regenerate_is_undoable(library: Library, tmp_path: Path) -> None:
    library.import_text("@article{Given:Key, title = {The Quick Brown Fox}, author = {Smith, Ann}, year = 2020}\n",
                        "given.bib")
    (tmp_path / "a.ris").write_text(RECORDS[2] + "\n" + RECORDS[3], encoding="utf-8")
    library.import_file(tmp_path / "a.ris")
    before = sorted(e.citekey for e in library.search_entries())
    assert "Given:Key" in before
    set_key_formula(library.store, "authors.upper + year")
    done = regenerate_keys(library.store)
    after = sorted(e.citekey for e in library.search_entries())
    assert after == sorted(["Given:Key", "SMITH2020", "MULLER2019"])
    undo_regenerate(library.store, done)
    assert sorted(e.citekey for e in library.search_entries()) == before
    # A key the user types is pinned from then on.
    e = library.by_key(next(k for k in before if k.lower().startswith("m")))
    library.update_entry(Entry(**{**{f: getattr(e, f) for f in e.__dataclass_fields__}, "citekey": "mine"}))
    assert regenerate_keys(library.store).changes and library.by_key("mine").title.startswith("Über")


def test_cli_sets_formula_and_regenerates(tmp_path: Path) -> None:
    lib_path = tmp_path / "lib.sqlite"
    (tmp_path / "a.ris").write_text("\n".join(RECORDS), encoding="utf-8")
    assert main(["-L", str(lib_path), "import", "-q", str(tmp_path / "a.ris")], io.StringIO(), io.StringIO()) == 0
    out, err = io.StringIO(), io.StringIO()
    assert main(["-L", str(lib_path), "keys", "--formula", "auth.lower + year", "--regenerate"], out, err) == 0
    assert "key formula: auth.lower + year" in out.getvalue()
    lib = Library.open(lib_path)
    try:
        assert sorted(e.citekey for e in lib.search_entries()) == [
            "lukasiewicz1951", "muller2019", "smith2020", "smith2020a", "smith2020b"]
    finally:
        lib.close()
    err = io.StringIO()
    assert main(["-L", str(lib_path), "keys", "--formula", "auth +"], io.StringIO(), err) == 1
    assert "key formula" in err.getvalue() and "Traceback" not in err.getvalue()
