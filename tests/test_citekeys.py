from __future__ import annotations

from refman.core.citekeys import base_key, is_valid_key, make_key
from refman.core.model import Entry, Person


def test_readable_key() -> None:
    e = Entry(title="Handling the Crisis of Trust", year=2023, contributors=(Person("Anggraeni", "Dewi"),))
    assert base_key(e) == "anggraeni2023handling"


def test_suffixes_when_taken() -> None:
    e = Entry(title="The Handling", year=2023, contributors=(Person("Anggraeni", "D"),))
    taken = {"anggraeni2023handling", "anggraeni2023handlinga"}
    assert make_key(e, taken.__contains__) == "anggraeni2023handlingb"


def test_accents_organisations_and_missing_parts() -> None:
    assert base_key(Entry(title="Über Zeit", contributors=(Person("Stöckl", "H"),))) == "stocklndzeit"
    assert base_key(Entry(title="A Report", year=2019, contributors=(Person(literal="The World Bank"),))) == "world2019report"
    assert base_key(Entry(title="On Things", year=2001)) == "things2001"


def test_valid_keys() -> None:
    assert is_valid_key("smith2020a")
    assert is_valid_key("Smith:2020-x")
    assert not is_valid_key("has space")
    assert not is_valid_key("a,b")
    assert not is_valid_key("")
