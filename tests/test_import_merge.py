"""Importing the same work again: same format replaces, another format merges (nothing lost)."""

from __future__ import annotations

import json

from refman.library import Library

CSL = json.dumps([{
    "id": "doe2020water", "type": "article-journal", "title": "Water and Conflict",
    "author": [{"family": "Doe", "given": "Jane"}], "issued": {"date-parts": [[2020]]},
    "container-title": "Journal of Peace", "page": "1–19", "license": "CC BY 4.0",
    "accessed": {"date-parts": [[2024, 5, 1]]},
}])

RIS = """TY  - JOUR
ID  - doe2020water
AU  - Doe, Jane
TI  - Water and Conflict
PY  - 2020
JO  - Journal of Peace
VL  - 12
""" + "ER  - \n"


def test_other_format_merges_instead_of_replacing(library: Library) -> None:
    library.import_text(CSL, "a.json", fmt="csljson")
    report, _ = library.import_text(RIS, "a.ris", fmt="ris")
    assert report.updated == ("doe2020water",)
    e = library.by_key("doe2020water")
    assert e.volume == "12"  # the RIS brought a volume
    assert e.licence == "CC BY 4.0"  # the CSL-JSON's licence survived
    assert e.pages == "1–19"
    assert any(k == "accessed" for k, _ in e.extra)
    assert library.count() == 1


def test_same_format_reimport_of_a_changed_record_replaces(library: Library) -> None:
    library.import_text(CSL, "a.json", fmt="csljson")
    changed = json.loads(CSL)
    changed[0].pop("license")
    changed[0]["volume"] = "3"
    report, _ = library.import_text(json.dumps(changed), "a.json", fmt="csljson")
    assert report.updated == ("doe2020water",)
    e = library.by_key("doe2020water")
    assert e.licence == "" and e.volume == "3"


def test_identical_reimport_is_unchanged(library: Library) -> None:
    library.import_text(CSL, "a.json", fmt="csljson")
    report, changes = library.import_text(CSL, "a.json", fmt="csljson")
    assert report.unchanged == ("doe2020water",) and changes.empty
