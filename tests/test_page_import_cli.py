"""Article pages from the command line: --dry-run shows what an import would add; HTML is never another format."""

from __future__ import annotations

import io
from pathlib import Path

from refman.cli.main import main
from refman.formats import registry

CORPUS = Path(__file__).resolve().parent / "data" / "pages"
SEED = Path(__file__).resolve().parents[1] / "resources" / "samples" / "sample-article.txt"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def test_dry_run_prints_the_article_and_its_references_and_writes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "lib.sqlite"
    code, out, _err = run("--library", str(db), "import", "--dry-run", str(SEED))
    assert code == 0
    assert not db.exists()
    assert "would import 30 entries" in out
    assert "article: (no authors) (2024). The Challenges of Intergovernmental Organizations" in out
    assert "references (29):" in out
    assert "    1. Anggraeni; Li; Fitri (2023). Handling of Human Trafficking in the Modern Era in Indonesia." in out
    assert "   29. Zimmerman; Kiss (2017). Human Trafficking and Exploitation: A Global Health Concern." in out
    assert out.rstrip().endswith("dry run: nothing imported (30 entries would be, 0 skipped)")


def test_dry_run_of_a_bibtex_file_lists_its_entries(tmp_path: Path) -> None:
    bib = tmp_path / "a.bib"
    bib.write_text("@book{knuth1984, author={Donald E. Knuth}, title={The {\\TeX}book}, year=1984}\n", encoding="utf-8")
    code, out, _err = run("import", "-n", str(bib))
    assert code == 0
    assert "knuth1984: Knuth (1984). The TeXbook." in out


def test_saved_pages_with_css_media_rules_are_never_read_as_bibtex() -> None:
    """A saved publisher page's `@media … {` rules look like BibTeX entries to a BibTeX sniffer."""
    pages = sorted(p for p in CORPUS.glob("*/page.html") if "@media" in p.read_text(encoding="utf-8", errors="replace"))
    assert pages, "the corpus holds pages with CSS @media rules"
    for page in pages:
        text = page.read_text(encoding="utf-8", errors="replace")
        assert registry.detect(text, page.name).name == "article-page", page


def test_html_is_article_page_even_when_named_bib(tmp_path: Path) -> None:
    page = next(CORPUS.glob("*/page.html"))
    assert registry.detect(page.read_text(encoding="utf-8", errors="replace"), "saved.bib").name == "article-page"
