"""The article-page importer on real pages (issue 13): the seed in other sites' chrome, and the corpus.

The seed must import perfectly alone, with CRLF line ends, and wrapped in any site's header and sidebar,
before the article, after it, or both: the chrome comes from OJS 2's default theme
(tests/data/page_chrome/) and from the header of every development-half corpus page (the lines above its
title: menus, search boxes, sidebars, cookie banners). The held-out half's chrome is measured by
benchmarks/page_accuracy.py, not tuned on here.

The corpus regression test reads every page of both halves, as saved HTML and as pasted text, and checks
that every field recorded right in tests/data/pages/baseline.json is still right (an improvement is
recorded by regenerating the baseline with `python tests/test_page_corpus.py --baseline`).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from page_accuracy import CORPUS, FIELDS, gold_for, load_corpus, pasted_text, read_page, score_page  # noqa: E402

from refman.core.model import ParseResult  # noqa: E402
from refman.formats import article_page  # noqa: E402
from refman.formats.article_page.zones.train import header_chrome  # noqa: E402

SEED = ROOT / "resources" / "samples" / "sample-article.txt"
CHROME = Path(__file__).resolve().parent / "data" / "page_chrome"
BASELINE = CORPUS / "baseline.json"
ARTICLE_FIELDS = ("title", "contributors", "year", "container", "doi", "abstract", "licence", "licence_url",
                  "copyright_holder", "copyright_year", "keywords")


def _seed() -> str:
    return SEED.read_text(encoding="utf-8")


def _dev_headers() -> list[tuple[str, str]]:
    # The same chrome the zoning model is trained with: the lines above each title, less the ones that
    # cite that article itself (its DOI, its "Molecules 2014, 19(4)" line), which are not the site's.
    halves, _golds = load_corpus()
    out = []
    for page_id in halves["dev"]:
        for head in header_chrome(CORPUS, [page_id], galleys=False):
            out.append((page_id, "\n".join(line.raw for line in head)))
    return out


def _chromes() -> list[tuple[str, str]]:
    own = [(p.stem, p.read_text(encoding="utf-8")) for p in sorted(CHROME.glob("*.txt"))]
    return own + _dev_headers()


def _assert_seed(result: ParseResult, want: ParseResult) -> None:
    assert result.entries, [str(p) for p in result.problems]
    article, expected = result.entries[0], want.entries[0]
    for name in ARTICLE_FIELDS:
        assert getattr(article, name) == getattr(expected, name), name
    assert len(result.entries) == 30
    assert [e.title for e in result.entries[1:]] == [e.title for e in want.entries[1:]]
    assert result.cited_indexes == tuple(range(1, 30))


def test_seed_alone_and_with_crlf() -> None:
    want = article_page.read(_seed(), "seed.txt")
    assert want.entries[0].title.startswith("The Challenges of Intergovernmental Organizations")
    assert len(want.entries) == 30
    _assert_seed(article_page.read(_seed().replace("\n", "\r\n"), "seed.txt"), want)


# Known failures, kept visible (strict: they must fail until fixed). nature.com's 2011 header holds
# another article's by-line and its "Published online / 17 July 2011": pasted AFTER the seed (which states
# no publication date, only "Copyright (c) 2024 …"), that labelled date wins the seed's year. Demoting
# labelled dates after a footer fixed it but cost a held-out page its year (2026-12-05); not shipped.
_KNOWN_FAILURES = {("nature-nnano-cell-surface-sensors", "after"), ("nature-nnano-cell-surface-sensors", "both")}


def _wrapped_cases() -> list[object]:
    return [
        pytest.param(name, chrome, where, id=f"{name}-{where}", marks=[pytest.mark.xfail(strict=True, reason="year")]
                     if (name, where) in _KNOWN_FAILURES else [])
        for name, chrome in _chromes()
        for where in ("before", "after", "both")
    ]


@pytest.mark.parametrize(("name", "chrome", "where"), _wrapped_cases())
def test_seed_wrapped_in_site_chrome(name: str, chrome: str, where: str) -> None:
    seed = _seed()
    text = {"before": f"{chrome}\n{seed}", "after": f"{seed}\n{chrome}", "both": f"{chrome}\n{seed}\n{chrome}"}[where]
    want = article_page.read(seed, "seed.txt")
    _assert_seed(article_page.read(text, "page.txt"), want)
    _assert_seed(article_page.read(text.replace("\n", "\r\n"), "page.txt"), want)


def _scores() -> dict[str, dict[str, bool]]:
    halves, golds = load_corpus()
    out: dict[str, dict[str, bool]] = {}
    for page_id in halves["dev"] + halves["heldout"]:
        for mode in ("html", "text"):
            out[f"{page_id}/{mode}"] = score_page(read_page(page_id, mode), gold_for(golds[page_id], mode), pasted_text(page_id, mode))
    return out


def test_corpus_pages_keep_every_field_they_had_right() -> None:
    baseline: dict[str, list[str]] = json.loads(BASELINE.read_text(encoding="utf-8"))
    scores = _scores()
    lost = [
        f"{page}: {field}"
        for page, right in baseline.items()
        for field in right
        if not scores[page][field]
    ]
    assert not lost, "fields no longer right: " + "; ".join(lost)
    assert set(baseline) == set(scores)


@pytest.mark.parametrize(("ours", "text", "right"), [
    ("https://creativecommons.org/licenses/by/4.0/", None, True),
    # from pasted text that names no version, the unversioned deed is as right as the text allows
    ("https://creativecommons.org/licenses/by/", "distributed under the Creative Commons Attribution License, which", True),
    ("https://creativecommons.org/licenses/by/", "under a Creative Commons Attribution 4.0 International License.", False),
    ("https://creativecommons.org/licenses/by/", None, False),  # saved HTML links the versioned deed
    ("https://creativecommons.org/licenses/by-nc/", "the Creative Commons Attribution-NonCommercial License", False),
    ("", "the Creative Commons Attribution License", False),
])
def test_licence_scoring(ours: str, text: str | None, right: bool) -> None:
    from page_accuracy import licence_ok

    assert licence_ok(ours, "http://creativecommons.org/licenses/by/4.0/", text) is right


def test_held_out_half_stays_above_its_floors(capsys: pytest.CaptureFixture[str]) -> None:
    from page_accuracy import main

    assert main(["--half", "heldout", "--mode", "all", "--floors"]) == 0, capsys.readouterr().out


if __name__ == "__main__" and sys.argv[1:] == ["--baseline"]:
    BASELINE.write_text(
        json.dumps({page: [f for f in FIELDS if ok[f]] for page, ok in sorted(_scores().items())}, indent=1) + "\n",
        encoding="utf-8",
    )


def test_a_list_only_tags_hold_is_the_saved_pages_alone() -> None:
    """IOPscience's landing page prints no reference list but carries it in 73 citation_reference tags:
    the saved-HTML reading is scored against what the tags hold, the pasted text and the tag-less
    reading against what is printed (nothing)."""
    _halves, golds = load_corpus()
    gold = golds["iop-bmm-pcec-bioglass"]
    assert gold_for(gold, "html")["reference_count"] == 73
    assert gold_for(gold, "text")["reference_count"] == 0 and gold_for(gold, "bare")["reference_count"] == 0
    scores = score_page(read_page("iop-bmm-pcec-bioglass", "html"), gold_for(gold, "html"))
    assert scores["ref_count"] and scores["first_ref"] and scores["last_ref"]
    assert gold_for(golds["plos-one-fanged-frog"], "html") == golds["plos-one-fanged-frog"]


def test_a_list_the_saved_page_hides_is_the_saved_pages_with_or_without_tags() -> None:
    """ACP Journals keeps its 42 references in the saved page's own markup, hidden by the site's CSS:
    a browser's copy shows none, the saved page read with or without its metadata tags holds them."""
    _halves, golds = load_corpus()
    gold = golds["acp-annals-influenza-vaccination-elderly"]
    assert gold["reference_count"] == 0 and gold_for(gold, "text")["reference_count"] == 0
    assert gold_for(gold, "html")["reference_count"] == gold_for(gold, "bare")["reference_count"] == 42
    assert "in_dom" not in gold_for(gold, "bare")
    bare = score_page(read_page("acp-annals-influenza-vaccination-elderly", "bare"), gold_for(gold, "bare"))
    assert bare["ref_count"] and bare["first_ref"]  # the last one ("… estimates: 2000 to 2010. October 2012 …")
    # is read with the year 2000, in both readings: the reference parser's, not the gold's, shortfall
