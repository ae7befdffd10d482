"""refman's citations against citeproc-js on node, for the six core styles (tests/data/cite/golden).

The golden files are produced by tests/tools/make_golden.js (see tests/tools/README.md) from
tests/data/cite/items.json (+ seed_items.json when present) and cases.json. Comparison is exact
after collapsing whitespace, the only difference a reader cannot see.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from refman.cite import CORE_STYLES, CitationEngine, OutputFormat

DATA = Path(__file__).parent / "data" / "cite"
GOLDEN = DATA / "golden"
FORMATS: tuple[OutputFormat, ...] = ("text", "html")


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _load_items(names: list[str]) -> dict[str, dict[str, Any]]:
    items: dict[str, dict[str, Any]] = {}
    for name in names:
        for item in json.loads((DATA / name).read_text(encoding="utf-8")):
            items[item["id"]] = item
    return items


def _golden(style: str) -> dict[str, Any]:
    return json.loads((GOLDEN / f"{style}.json").read_text(encoding="utf-8"))


def test_golden_set_covers_what_the_issue_asks() -> None:
    items = _load_items(["items.json"])
    assert len(items) >= 60
    types = {i["type"] for i in items.values()}
    for needed in ("article-journal", "book", "chapter", "thesis", "report", "paper-conference", "webpage"):
        assert needed in types
    assert any(len(i.get("author", [])) >= 8 for i in items.values())
    assert any(a.get("non-dropping-particle") for i in items.values() for a in i.get("author", []))
    assert any(a.get("literal") for i in items.values() for a in i.get("author", []))
    assert any("issued" not in i for i in items.values())
    assert any(not i.get("author") and not i.get("editor") for i in items.values())
    assert any(i.get("genre") == "Skripsi" for i in items.values())
    assert any("accessed" in i and i["type"] == "webpage" for i in items.values())
    for style in CORE_STYLES:
        golden = _golden(style)
        assert "error" not in golden, golden.get("error")
        assert golden["count"] == len(_load_items(golden["items"]))


@pytest.mark.parametrize("style", CORE_STYLES)
def test_core_style_matches_citeproc_js(style: str) -> None:
    """Replays make_golden.js's requests in its order (text, then html) on one fresh engine.

    citeproc-js keeps a little state between requests (see make_golden.js), so the comparison
    is only exact for the same sequence of requests on a new engine.
    """
    golden = _golden(style)
    items = _load_items(golden["items"])
    ordered = list(items.values())
    locale = golden.get("locale")
    cases = json.loads((DATA / "cases.json").read_text(encoding="utf-8"))
    mismatches: list[str] = []
    total = 0

    def check(label: str, got: str | list[str], want: str | list[str]) -> None:
        nonlocal total
        got_list = [got] if isinstance(got, str) else got
        want_list = [want] if isinstance(want, str) else want
        total += max(len(got_list), len(want_list))
        if len(got_list) != len(want_list):
            mismatches.append(f"{label}: {len(got_list)} entries, citeproc-js gives {len(want_list)}")
            return
        for n, (g, w) in enumerate(zip(got_list, want_list, strict=True)):
            if _norm(g) != _norm(w):
                mismatches.append(f"{label} [{n}]:\n  got:  {g}\n  want: {w}")

    engine = CitationEngine()
    try:
        for fmt in FORMATS:
            expected = golden[fmt]
            check(
                f"{fmt} bibliography",
                engine.bibliography(ordered, style, locale, fmt),
                expected["bibliography"],
            )
            for key, want in expected["citations"].items():
                check(f"{fmt} citation {key}", engine.citation([items[key]], style, locale, fmt), want)
            for ids, want in zip(cases["clusters"], expected["clusters"], strict=True):
                check(
                    f"{fmt} cluster {ids}", engine.citation([items[i] for i in ids], style, locale, fmt), want
                )
            for ids, want_list in zip(cases["selections"], expected["selections"], strict=True):
                got = engine.bibliography([items[i] for i in ids], style, locale, fmt)
                check(f"{fmt} selection {ids}", got, want_list)
            for key, want_list in expected["singles"].items():
                check(f"{fmt} single {key}", engine.bibliography([items[key]], style, locale, fmt), want_list)
    finally:
        engine.close()

    if mismatches:
        pytest.fail(
            f"{len(mismatches)} of {total} outputs differ from citeproc-js:\n" + "\n".join(mismatches[:5])
        )
