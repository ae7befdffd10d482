"""The words article pages use to label their parts, in English, Indonesian and a few other languages.

Two kinds of label: *headings* open a part of the page ("Abstract", "Daftar Pustaka", "How to Cite"),
possibly with the content on the same line ("Keywords: a, b"); *line facts* are lines that are a fact in
themselves ("Copyright (c) 2024 …", "Abstract view : 129 times") or page furniture (menus, sidebars).
Headings are matched on the whole line so that a reference or a sentence that merely starts with
one of these words is never taken for a label.
"""

from __future__ import annotations

import re

HEADING_WORDS: dict[str, tuple[str, ...]] = {
    "abstract": ("abstract", "abstrak", "summary", "résumé", "resumen", "resumo", "abstrakt", "ringkasan"),
    "keywords": (
        "keywords",
        "keyword",
        "key words",
        "key-words",
        "kata kunci",
        "kata-kata kunci",
        "index terms",
        "palabras clave",
        "mots-clés",
        "mots clés",
        "palavras-chave",
    ),
    "references": (
        "references",
        "reference",
        "reference list",
        "list of references",
        "daftar pustaka",
        "daftar referensi",
        "daftar rujukan",
        "referensi",
        "rujukan",
        "bibliography",
        "bibliografi",
        "literature cited",
        "works cited",
        "cited references",
        "kepustakaan",
        "pustaka acuan",
        "referencias",
        "références",
        "literatur",
    ),
    "fulltext": (
        "full text",
        "full-text",
        "teks lengkap",
        "texto completo",
        "download full text",
        "full text pdf",
    ),
    "metrics": (
        "article metrics",
        "metrics",
        "statistik artikel",
        "metrik artikel",
        "article statistics",
        "article access statistics",
        "article views",
    ),
    "authors": (
        "authors",
        "author",
        "author(s)",
        "penulis",
        "authors and affiliations",
        "author information",
        "author details",
    ),
    "biography": (
        "author biography",
        "author biographies",
        "about the author",
        "about the authors",
        "biografi penulis",
        "biodata penulis",
    ),
    "doi": ("doi", "digital object identifier"),
    "howtocite": (
        "how to cite",
        "how to cite this article",
        "cara mengutip",
        "cara mengutip artikel",
        "cara mengutip artikel ini",
        "cara sitasi",
        "cite this article",
        "citation",
        "sitasi",
        "share and cite",
        "cite as",
        "citation format",
        "citation formats",
    ),
    "issue": ("issue", "terbitan", "edisi", "published in", "in issue"),
    "section": ("section", "bagian", "rubrik"),
    "published": (
        "published",
        "diterbitkan",
        "published online",
        "date published",
        "publication date",
        "tanggal terbit",
        "terbit",
    ),
    "licence": (
        "license",
        "licence",
        "lisensi",
        "copyright",
        "copyright and license",
        "copyright and licence",
        "copyright & license",
        "copyright notice",
        "license and copyright",
        "hak cipta",
        "creative commons license",
        "creative commons licence",
    ),
    "downloads": ("downloads", "download", "unduhan", "unduh", "download this pdf file", "galleys"),
    "refbacks": ("refbacks", "refback"),
    # Back matter after (or between) the article's parts; each ends a reference list running into it.
    # The article's body: its first section heading ends the abstract of a full-text page.
    "body": (
        "contents",
        "table of contents",
        "introduction",
        "background",
        "methods",
        "materials and methods",
        "methodology",
        "results",
        "results and discussion",
        "discussion",
        "conclusion",
        "conclusions",
        "pendahuluan",
        "metode",
        "metode penelitian",
        "hasil dan pembahasan",
        "kesimpulan",
        "introducción",
        "einleitung",
        "at a glance",  # nature.com's figure gallery between the abstract and the full text
    ),
    # Lists of the articles that cite this one (ACS, Springer, Wiley): never the article's references.
    "citedby": (
        "cited by",
        "citing articles",
        "citing literature",
        "articles citing this article",
        "articles that cite this article",
        "this article has been cited by",
        "dikutip oleh",
    ),
    # The dates of a paper's history: facts (received, accepted, published, its DOI) under a heading.
    "history": ("editorial history", "article history", "publication history", "article info"),
    "backmatter": (
        "acknowledgements",
        "acknowledgments",
        "acknowledgement",
        "acknowledgment",
        "funding",
        "funding information",
        "conflict of interest",
        "conflicts of interest",
        "competing interests",
        "declaration of competing interest",
        "author contributions",
        "data availability",
        "data availability statement",
        "supplementary material",
        "supplementary materials",
        "supporting information",
        "footnotes",
        "endnotes",
        "notes",
        "ucapan terima kasih",
    ),
    "journal": ("journal", "jurnal", "journal title", "nama jurnal"),
    "publisher": ("publisher", "penerbit"),
    "pages": ("pages", "page", "halaman", "hal", "pp"),
}

# Headings whose content may follow on the same line, after a colon or a dash.
INLINE_KINDS = frozenset(
    {
        "abstract",
        "keywords",
        "doi",
        "published",
        "fulltext",
        "howtocite",
        "issue",
        "section",
        "authors",
        "journal",
        "publisher",
        "pages",
        "downloads",
    }
)
# Headings whose content may follow after a plain space when it plainly is a value ("DOI 10.…", "Published 2023-…").
_SPACE_INLINE = re.compile(r"^\s*(?:\d|https?://|10\.)")  # Springer glues them: "DOIhttps://doi.org/…", "Published05 May 2010"
_SPACE_INLINE_KINDS = frozenset({"doi", "published", "pages"})

# Headings that start the part holding the reference list.
REFERENCE_KINDS = frozenset({"references", "fulltext"})


def _alternation(words: tuple[str, ...]) -> str:
    ordered = sorted(set(words), key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(part) for part in w.split()) for w in ordered)


_HEADINGS = tuple(
    (kind, re.compile(rf"^(?:{_alternation(words)})(?P<rest>.*)$", re.IGNORECASE | re.DOTALL))
    for kind, words in HEADING_WORDS.items()
)
_SECTION_NUMBER = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*\.?|[IVX]{1,4}\.)\s+")  # "1. Introduction", "II. Methods"
_COUNTED = re.compile(r"^\s*\(\d{1,4}\)\s*$")
_SEPARATED = re.compile(r"^\s*[:：]\s*(.*)$|^\s*[.—–]\s+(.*)$|^\s+[-–—]\s+(.*)$", re.DOTALL)


# Headings that may carry their count: "References (79)", "Cited by (15)" (ScienceDirect).
COUNTED_KINDS = ("references", "citedby")


def heading(text: str, counted: tuple[str, ...] = COUNTED_KINDS) -> tuple[str, str] | None:
    """(kind, same-line content) when the whole line is a heading, else None. `counted`: the kinds
    whose heading may end in a count (the zoning model's features pass the kinds it was trained with)."""
    t = text.strip()
    if not t or len(t) > 2000:
        return None
    for kind, pattern in _HEADINGS:
        m = pattern.match(_SECTION_NUMBER.sub("", t, count=1) if kind == "body" else t)
        if m is None:
            continue
        rest = m.group("rest")
        if rest.strip() in ("", ":", "：", ".") or (kind in counted and _COUNTED.match(rest)):
            return kind, ""
        if kind in INLINE_KINDS:
            sep = _SEPARATED.match(rest)
            if sep is not None:
                content = next(g for g in sep.groups() if g is not None).strip()
                return kind, content
        if kind in _SPACE_INLINE_KINDS and _SPACE_INLINE.match(rest):
            return kind, rest.strip()
    return None


# --- page furniture -------------------------------------------------------------------------------------

# Top-of-page menu entries: skipped wherever they appear.
NAV_WORDS = frozenset(
    {
        "home",
        "about",
        "about the journal",
        "login",
        "log in",
        "logout",
        "log out",
        "register",
        "search",
        "current",
        "archives",
        "archive",
        "announcements",
        "open menu",
        "close menu",
        "menu",
        "beranda",
        "tentang",
        "tentang kami",
        "masuk",
        "daftar",
        "cari",
        "terkini",
        "arsip",
        "pengumuman",
        "back to top",
        "top",
        "list of issues",  # Taylor & Francis's breadcrumb
        "all journals",
        # HighWire's links between a full text's sections, printed above each heading
        "next section",
        "previous section",
        "previous sectionnext section",
    }
)

# Sidebar and footer block titles: what follows them is not about the article.
SIDEBAR_WORDS = frozenset(
    {
        "make a submission",
        "information",
        "informasi",
        "for readers",
        "for authors",
        "for librarians",
        "untuk pembaca",
        "untuk penulis",
        "untuk pustakawan",
        "current issue",
        "most read articles",
        "most read articles by the same author(s)",
        "similar articles",
        "related articles",
        "journal content",
        "isi jurnal",
        "article tools",
        "this article",  # HighWire's box of the article's versions and services
        "related items",
        "user",
        "pengguna",
        "notifications",
        "notifikasi",
        "language",
        "bahasa",
        "select language",
        "font size",
        "ukuran font",
        "visitors",
        "visitor",
        "pengunjung",
        "flag counter",
        "view my stats",
        "statcounter",
        "editorial team",
        "editorial board",
        "dewan redaksi",
        "reviewers",
        "peer reviewers",
        "mitra bestari",
        "focus and scope",
        "fokus dan ruang lingkup",
        "author guidelines",
        "panduan penulis",
        "publication ethics",
        "open access policy",
        "peer review process",
        "indexing",
        "indexing & abstracting",
        "abstracting & indexing",
        "abstracting and indexing",
        "indexed by",
        "contact",
        "kontak",
        "journal template",
        "template",
        "online submissions",
        "article processing charge",
        "author fees",
        "tools",
        "citation analysis",
        "keywords cloud",
        "journal help",
        "open journal systems",
        "subscription",
        "atom 1.0",
        "rss 2.0",
        "rss 1.0",
        "browse",
        "by issue",
        "by author",
        "by title",
        "other journals",
        "print this article",
        "indexing metadata",
        "how to cite item",
        "email this article (login required)",
        "email the author (login required)",
        "post a comment (login required)",
        "you may also start an advanced similarity search for this article.",
    }
)

_ACCESS_LEGEND = re.compile(
    r"^(?:(?:open|free|restricted)\s+access|subscription\s+or\s+fee\s+access|akses\s+terbuka)"
    r"(?:\s+(?:(?:open|free|restricted)\s+access|subscription\s+or\s+fee\s+access))*$"
    # Wiley's notice above the article's type and title
    r"|^you have (?:full |free )?access to this (?:content|article)\.?$"
    # Springer's notice under a paywalled abstract
    r"|^this is a preview of subscription content\b.*$",
    re.I,
)
_SKIP_LINK = re.compile(r"^skip to (?:main content|main navigation|site footer|content|navigation)", re.I)
_BREADCRUMB = re.compile(r"^(?:home|beranda|archives?|arsip|current|journals?)\s*(?:/|>|»|›|\|)", re.I)
# An article page's pager between the issue's articles (HighWire: "« Previous | Next Article » Table of Contents").
_PAGER = re.compile(r"^«?\s*previous(?:\s+article)?\s*\|\s*next\s+article\s*»?", re.I)
_SIDEBAR_START = re.compile(
    r"^(?:most read articles|similar articles|related articles|platform\s*&\s*workflow|powered by\b"
    r"|this journal is (?:indexed|abstracted)|find other articles)",
    re.I,
)
_REFBACKS = re.compile(r"there are currently no refbacks|saat ini tidak ada refbacks|^-?\s*no refbacks", re.I)
_CORRESPONDING = re.compile(
    r"^(?:\(\s*\*\s*\)|\*+|†)?\s*(?:corresponding\s+author|author\s+to\s+whom\s+correspondence|correspondence\b"
    r"|penulis\s+korespondensi|korespondensi\b|e-?mail\s+(?:korespondensi|penulis))",
    re.I,
)
_METRIC = re.compile(
    r"(?:abstract|abstrak)\s*(?:views?|viewed|dilihat|dibaca)\s*[:\-=]?\s*\d"
    r"|^(?:pdf|html|full[- ]?text)\s*(?:views?|viewed|downloads?|downloaded|dilihat|diunduh)?\s*[:\-=]\s*\d"
    r"|^(?:views?|downloads?|dilihat|diunduh|unduhan|total downloads?|total views?)\s*[:\-=]?\s*\d[\d.,]*(?:\s*(?:times|kali))?$",
    re.I,
)
COPYRIGHT = re.compile(
    r"^(?:copyright|hak\s+cipta)\b\s*:?\s*(?:\(c\)|©|@|\(C\))?\s*:?\s*(?:(?:19|20)\d\d)"
    r"|^(?:©|\(c\))\s*(?:(?:19|20)\d\d)"
    r"|^(?:copyright|hak\s+cipta)\s*(?:\(c\)|©|@)",
    re.I,
)
_LICENCE = re.compile(
    r"licensed\s+under|is\s+licensed|berlisensi|dilisensikan|distributed\s+under\s+the\s+terms"
    r"|under\s+a\s+creative\s+commons|lisensi\s+creative\s+commons|creative\s+commons\s+(?:attribution|atribusi)"
    r"|creativecommons\.org/(?:licenses|licences|publicdomain)|\bCC[ -]BY\b|\bCC0\b",
    re.I,
)
_INDEXED = re.compile(
    r"\b(?:abstracted\s*/\s*indexed|abstracted\s+and\s+indexed|indexed)\s+(?:by|in)\b", re.I
)
ISSN = re.compile(r"\b(?:[pe]\s*-?\s*|print\s+|online\s+|electronic\s+)?ISSN\b", re.I)
_PUBLISHER = re.compile(
    r"\b(?:is\s+)?published\s+by\b|\bditerbitkan\s+oleh\b|^(?:publisher|penerbit)\s*[:：]|\bpublishing\s+house\b"
    r"|\blicensee\s+\S",
    re.I,
)
_DATES = re.compile(
    r"^(?:article\s+history\s*:?\s*)?(?:submission\s+)?(?:received|submitted|revised|accepted"
    r"|diterima|direvisi|disetujui|dikirim|diajukan|date\s+of\s+publication|publication\s+date)\b|^posted\s+(?:on\s+)?(?:\d|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s)",
    re.I,
)
_SPECIAL_ISSUE = re.compile(r"^\(?\s*this article belongs to the (?:special issue|section|topic)\b", re.I)
_ARTICLE_TYPE = re.compile(
    r"^(?:open access )?(?:research |original |review |short |brief )?(?:article|articles|paper|research paper"
    r"|communication|review|artikel|artikel penelitian|case study|editorial)s?$",
    re.I,
)
# "Sustainability 2022, 14(5), 2761; https://doi.org/…": a publisher's one-line citation under the title.
JOURNAL_CITE = re.compile(
    r"^(?P<journal>[^\W\d_][^,;:]{1,80}?)\s+(?P<year>(?:19|20)\d\d)\s*,\s*(?P<volume>\d{1,4})"
    r"(?:\s*\((?P<issue>[^)]{1,12})\))?\s*[,:]\s*(?P<pages>[A-Za-z]?\d+(?:\s*[-–—]\s*[A-Za-z]?\d+)?)"
    # "; doi…" (MDPI: "Molecules 2014, 19(4), 4517; doi:…"), or BioMed Central's "Trials 2014, 15:511  doi:…"
    r"\s*(?:;|\.|(?=\s+doi\b))\s*(?P<rest>.*)$"
)

# The article's citation with the volume before the year (AIP's Scitation: "APL Photonics 1, 026101 (2016);
# http://dx.doi.org/10.1063/1.4945450").
VOLUME_FIRST_CITE = re.compile(
    r"^(?P<journal>[^\W\d_][^,;:\d]{1,80}?)\s+(?P<volume>\d{1,4}),\s*(?P<pages>[A-Za-z]?\d+(?:\s*[-–]\s*[A-Za-z]?\d+)?)"
    r"\s*\((?P<year>(?:19|20)\d\d)\)\s*[;.,]?\s*(?P<rest>.*)$"
)

# A line naming a downloadable file ("PDF", "Download PDF (Bahasa Indonesia)"), as OJS lists its galleys.
GALLEY = re.compile(
    r"^(?:download\s+|view\s+)?(?:pdf|html|epub|xml|full\s*text|docx?)(?:\s+(?:file|version))?(?:\s*\([^)]{0,40}\))?$"
    r"|^download(?:\s+(?:pdf|article|file))?$",
    re.I,
)

# IEEE Xplore's (2010s) line under the abstract: "This paper appears in: Wireless Communications, IEEE,
# Issue Date: April 2003, Written by: Izadpanah, H.; …".
APPEARS_IN = re.compile(r"^This (?:paper|article) appears in:\s*(?P<journal>.+?),\s*Issue Date:\s*(?P<date>[^,]+)(?:,\s*Written by:\s*(?P<authors>.+))?", re.I)

# HighWire's "This Article" citation (2010s sites of IJSEM, BMJ, the Royal Society, SAGE, OUP journals):
# "Published online ahead of print June 7, 2013, doi: 10.1099/ijs.0.048827-0 IJSEM November 2013 vol. 63
# no. Pt 11 4141-4148" - the journal here is the site's abbreviation.
HIGHWIRE_CITE = re.compile(
    r"^(?:(?:first\s+)?published online(?:\s+ahead of print)?\s+(?:on\s+)?[^,]{3,30},\s*\d{4},?\s*)?"
    r"doi:\s*(?P<doi>10\.\d{4,9}/\S+?)\s+(?P<journal>[^\d]{2,80}?)\s+"
    r"(?:(?:\d{1,2}\s+)?[A-Z][a-z]+\.?(?:[/-][A-Z][a-z]+\.?)?\s+(?:\d{1,2},?\s+)?)?(?P<year>(?:1[6-9]|20)\d\d)[,;]?\s+"
    r"vol\.?\s*(?P<volume>[\w-]{1,8})(?:\s+no\.?\s*(?P<issue>[\w -]{1,12}?))?"
    r"(?:\s+(?:pp?\.\s*)?(?P<pages>[A-Za-z]?\d+(?:\s*[-–]\s*[A-Za-z]?\d+)?))?\.?$",
    re.I,
)

# A preprint server's citation of the preprint, printed in its share box: "bioRxiv 696633; doi: https://doi.org/10.1101/696633".
PREPRINT_CITE = re.compile(r"^(?P<server>[A-Za-z][\w-]{2,20})\s+\d{4,}(?:v\d+)?\s*;\s*doi:\s*\S+$", re.I)

# Which facts may stand in the head (above the first heading) without ending it.
HEAD_FACTS = frozenset(
    {
        "nav",
        "skip",
        "breadcrumb",
        "corresponding",
        "dates",
        "special-issue",
        "issn",
        "publisher",
        "article-type",
        "journal-cite",
        "highwire-cite",
        "preprint-cite",
        "appears-in",
    }
)
# Parts whose lines are free text (prose, references, a citation): only these facts may end them, since a
# sentence or a reference can mention "published by" or an ISSN but never looks like a menu or a metric.
CONTENT_KINDS = frozenset({"references", "fulltext", "abstract", "howtocite"})
# Headings that hold one value, printed on the next line ("Section" / "Articles"): that line is theirs.
VALUE_KINDS = frozenset({"doi", "issue", "section", "published", "journal", "publisher", "pages"})
STRONG_FACTS = frozenset(
    {"nav", "skip", "sidebar", "breadcrumb", "refbacks", "metric", "copyright", "licence", "appears-in", "highwire-cite", "preprint-cite"}
)

# Which part of the page a fact line opens when it ends the part before it.
FACT_SECTION = {
    "nav": "footer",
    "skip": "footer",
    "breadcrumb": "footer",
    "sidebar": "footer",
    "indexed": "footer",
    "issn": "footer",
    "publisher": "footer",
    "refbacks": "refbacks",
    "metric": "metrics",
    "copyright": "licence",
    "licence": "licence",
    "corresponding": "misc",
    "dates": "misc",
    "special-issue": "misc",
    "article-type": "misc",
    "journal-cite": "misc",
    "highwire-cite": "misc",
    "preprint-cite": "misc",
    "appears-in": "misc",
}


def line_fact(text: str) -> str | None:
    """The kind of fact or furniture a whole line is, or None for ordinary content."""
    t = text.strip()
    if not t or len(t) > 2000:
        return None
    key = t.rstrip(":：").strip().casefold()
    if key in NAV_WORDS or _PAGER.match(t):
        return "nav"
    if _SKIP_LINK.match(t) or _ACCESS_LEGEND.match(t):
        return "skip"
    if key in SIDEBAR_WORDS or _SIDEBAR_START.match(t):
        return "sidebar"
    if _BREADCRUMB.match(t):
        return "breadcrumb"
    if _REFBACKS.search(t):
        return "refbacks"
    if _CORRESPONDING.match(t):
        return "corresponding"
    if _METRIC.search(t):
        return "metric"
    if COPYRIGHT.match(t):
        return "copyright"
    if _LICENCE.search(t):
        return "licence"
    if _INDEXED.search(t):
        return "indexed"
    if ISSN.search(t) and re.search(r"\d{4}\s*-\s*\d{3}[\dXx]", t) and not re.match(r"(?:/|https?://)\S*$", t):
        # (not a link's address that carries one: "/recommendto/form?…&eissn=2378-0967")
        return "issn"
    if _PUBLISHER.search(t) and len(t) < 300:
        return "publisher"
    if _DATES.match(t):
        return "dates"
    if _SPECIAL_ISSUE.match(t):
        return "special-issue"
    if _ARTICLE_TYPE.match(t):
        return "article-type"
    if APPEARS_IN.match(t):
        return "appears-in"
    if HIGHWIRE_CITE.match(t):
        return "highwire-cite"
    if PREPRINT_CITE.match(t):
        return "preprint-cite"
    if (JOURNAL_CITE.match(t) or VOLUME_FIRST_CITE.match(t)) and re.search(r"doi\.org/|\bdoi\b", t, re.I):
        return "journal-cite"
    return None
