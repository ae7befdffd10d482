"""refman.cite: style and locale resolution, engine behaviour, errors, threads and clean exit."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from refman.cite import (
    ALIASES,
    CitationEngine,
    CitationError,
    CiteprocMissingError,
    UnknownLocaleError,
    UnknownStyleError,
    list_locales,
    list_styles,
    resolve_locale,
    resolve_style,
)
from refman.core.errors import RefmanError

ROOT = Path(__file__).resolve().parents[1]
ITEMS = {i["id"]: i for i in json.loads((ROOT / "tests" / "data" / "cite" / "items.json").read_text("utf-8"))}


@pytest.fixture(scope="module")
def engine() -> Iterator[CitationEngine]:
    eng = CitationEngine()
    yield eng
    eng.close()


def pick(*keys: str) -> list[dict[str, Any]]:
    return [ITEMS[k] for k in keys]


# --- styles -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("alias", "style_id"),
    [
        ("apa", "apa"),
        ("chicago", "chicago-author-date"),
        ("chicago-note", "chicago-notes-bibliography"),
        ("mla", "modern-language-association"),
        ("ieee", "ieee"),
        ("vancouver", "nlm-citation-sequence"),
        ("harvard", "harvard-cite-them-right"),
    ],
)
def test_aliases_resolve_to_shipped_styles(alias: str, style_id: str) -> None:
    assert ALIASES[alias] == style_id
    got_id, xml = resolve_style(alias)
    assert got_id == style_id
    assert f"http://www.zotero.org/styles/{style_id}</id>" in xml


def test_apa_alias_is_apa_7() -> None:
    assert "<title>APA Style 7th edition</title>" in resolve_style("APA")[1]


def test_dependent_style_resolves_to_parent_with_its_locale() -> None:
    info = next(s for s in list_styles("abi technik") if s.id == "abi-technik")
    assert info.dependent and info.parent == "chicago-notes-classic"
    style_id, xml = resolve_style("abi-technik")
    assert style_id == "chicago-notes-classic"
    assert 'default-locale="de-DE"' in xml[: xml.index("<info>")]


def test_title_url_and_renamed_ids_resolve() -> None:
    assert resolve_style("APA Style 7th edition")[0] == "apa"
    assert resolve_style("http://www.zotero.org/styles/ieee")[0] == "ieee"
    # chicago-note-bibliography was renamed in the CSL repository
    assert resolve_style("chicago-note-bibliography")[0].startswith("chicago-")


def test_unknown_style_suggests_close_matches() -> None:
    with pytest.raises(UnknownStyleError) as err:
        resolve_style("chicgo")
    assert isinstance(err.value, RefmanError)
    assert "chicago" in err.value.suggestions
    assert "did you mean" in str(err.value)


def test_style_file_path(tmp_path: Path) -> None:
    custom = tmp_path / "my-ieee.csl"
    custom.write_text(resolve_style("ieee")[1], encoding="utf-8")
    assert resolve_style(str(custom)) == ("my-ieee", custom.read_text(encoding="utf-8"))
    with pytest.raises(UnknownStyleError):
        resolve_style(str(tmp_path / "missing.csl"))


def test_list_styles_covers_the_catalogue() -> None:
    everything = list_styles()
    assert len(everything) > 10_000
    assert sum(1 for s in everything if s.parent) > 7_000
    hits = list_styles("modern language association")
    assert any(s.id == "modern-language-association" for s in hits)
    assert all("modern" in (s.id + s.title).lower() for s in hits)


# --- locales ------------------------------------------------------------------------------------


def test_locales() -> None:
    assert resolve_locale("id") == "id-ID"
    assert resolve_locale("en_gb") == "en-GB"
    assert resolve_locale("sr-latn-rs") == "sr-Latn-RS"
    tags = dict(list_locales())
    assert {"en-US", "en-GB", "id-ID", "de-DE"} <= set(tags)
    assert tags["id-ID"] == "Indonesian"
    with pytest.raises(UnknownLocaleError) as err:
        resolve_locale("en-XX")
    assert "en-US" in err.value.suggestions


# --- formatting ---------------------------------------------------------------------------------


def test_apa_entry_and_citation(engine: CitationEngine) -> None:
    item = ITEMS["zimmerman2017"]
    assert engine.bibliography([item]) == [
        "Zimmerman, C., & Kiss, L. (2017). Human trafficking and exploitation: A global health concern. "
        "PLOS Medicine, 14(11), e1002437. https://doi.org/10.1371/journal.pmed.1002437"
    ]
    assert engine.citation([item]) == "(Zimmerman & Kiss, 2017)"
    html = engine.bibliography([item], fmt="html")[0]
    assert "<i>PLOS Medicine</i>" in html and "&#38; Kiss" in html
    assert '<a href="https://doi.org/10.1371/journal.pmed.1002437">' in html


def test_page_ranges_keep_every_digit(engine: CitationEngine) -> None:
    """citeproc-py turned 1-19 into 1–9 in MLA and Vancouver; the reference engine must not."""
    item = ITEMS["vandermeer2019"]
    for style in ("modern-language-association", "nlm-citation-sequence", "apa"):
        assert "1–19" in engine.bibliography([item], style)[0]


def test_same_author_and_year_get_suffixes(engine: CitationEngine) -> None:
    items = pick("archer2001", "archer2001b")
    assert engine.citation(items) == "(Archer, 2001a, 2001b)"
    assert [e[:18] for e in engine.bibliography(items)] == ["Archer, C. (2001a)", "Archer, C. (2001b)"]
    # Alone, neither needs a suffix: requests do not leak into each other.
    assert engine.citation(items[:1]) == "(Archer, 2001)"


def test_numeric_styles_number_in_selection_order(engine: CitationEngine) -> None:
    items = pick("zimmerman2017", "archer2001", "haynes2023")
    entries = engine.bibliography(items, "ieee")
    assert [e.split(" ", 1)[0] for e in entries] == ["[1]", "[2]", "[3]"]
    assert "Zimmerman" in entries[0] and "Archer" in entries[1] and "Haynes" in entries[2]
    assert engine.citation(items, "vancouver") == "(1–3)"
    # Author-date styles sort instead.
    assert [e[:6] for e in engine.bibliography(items, "apa")] == ["Archer", "Haynes", "Zimmer"]


def test_edited_item_is_reformatted(engine: CitationEngine) -> None:
    item = dict(ITEMS["broome2022"])
    first = engine.bibliography([item])[0]
    item["title"] = "A Different Title"
    second = engine.bibliography([item])[0]
    assert "Intergovernmental Organizations" in first and "A Different Title" in second


def test_locale_changes_terms(engine: CitationEngine) -> None:
    assert engine.citation(pick("stockl2021"), "apa", "id") == "(Stöckl dkk., 2021)"
    assert engine.citation(pick("stockl2021"), "apa", "en-US") == "(Stöckl et al., 2021)"
    web = engine.bibliography(pick("polri_web"), "apa", "id-ID")[0]
    assert "(t.t.)" in web and "Diambil 20 Mei 2024" in web


def test_note_style_without_bibliography_gives_one_note_per_item(engine: CitationEngine) -> None:
    items = pick("zimmerman2017", "archer2001")
    assert engine.style_class("australian-historical-studies") == "note"
    entries = engine.bibliography(items, "australian-historical-studies")
    assert len(entries) == 2
    assert entries[0].startswith("Cathy Zimmerman and Ligia Kiss")
    assert entries[1].startswith("Clive Archer")


def test_empty_and_bad_requests(engine: CitationEngine) -> None:
    assert engine.bibliography([]) == []
    assert engine.citation([]) == ""
    with pytest.raises(CitationError):
        engine.bibliography([{"type": "book", "title": "No id"}])
    with pytest.raises(CitationError):
        engine.citation([ITEMS["broome2022"]], fmt="rtf")  # type: ignore[arg-type]
    with pytest.raises(CitationError):
        engine.bibliography([{"id": "x", "title": object()}])
    with pytest.raises(UnknownStyleError):
        engine.bibliography([ITEMS["broome2022"]], "no-such-style")
    with pytest.raises(UnknownLocaleError):
        engine.bibliography([ITEMS["broome2022"]], "apa", "xx-YY")


def test_broken_style_file_is_a_citation_error(engine: CitationEngine, tmp_path: Path) -> None:
    broken = tmp_path / "broken.csl"
    broken.write_text("<style><citation><layout><text variable=", encoding="utf-8")
    with pytest.raises(CitationError):
        engine.bibliography([ITEMS["broome2022"]], str(broken))
    # the engine still works afterwards
    assert engine.citation([ITEMS["broome2022"]]) == "(Broome, 2022)"


def test_missing_citeproc_js_says_what_to_run(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import refman.cite.citeproc_js as host

    monkeypatch.setattr(host, "CITEPROC_JS", tmp_path / "citeproc.js")
    with pytest.raises(CiteprocMissingError, match="make install"):
        CitationEngine().preload("ieee")


def test_preload_in_worker_thread_then_format(engine: CitationEngine) -> None:
    errors: list[BaseException] = []

    def work() -> None:
        try:
            engine.preload("harvard")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert engine.citation(pick("haynes2023"), "harvard") == "(Haynes, 2023)"


def test_engines_on_several_threads_and_clean_exit() -> None:
    """mini-racer 0.14 segfaults when isolates are made or used on several threads, or when one
    built on a worker is freed at exit; run in a child so a crash fails this test, not the suite."""
    code = (
        "import threading\n"
        "from refman.cite import CitationEngine\n"
        "item = [{'id': 'a', 'type': 'book', 'title': 'T'}]\n"
        "a, b = CitationEngine(), CitationEngine(max_engines=1)\n"
        "t = threading.Thread(target=a.preload, args=('ieee',)); t.start(); t.join()\n"
        "b.bibliography(item, 'ieee'); b.bibliography(item, 'vancouver'); b.close()\n"
        "print(a.citation(item, 'ieee'))\n"  # a is left open: closed by its finalizer at exit
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "[1]"


def test_engines_past_the_limit_are_rebuilt_on_demand() -> None:
    small = CitationEngine(max_engines=1)
    try:
        item = [ITEMS["haynes2023"]]
        first = small.bibliography(item, "ieee")
        assert small.bibliography(item, "vancouver")[0].startswith("1. Haynes J.")
        assert small.bibliography(item, "ieee") == first  # ieee was dropped, then built again
    finally:
        small.close()
