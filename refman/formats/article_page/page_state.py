"""What the reader gathers about a page as it goes: ranked facts (the lowest rank wins), the parts' texts,
the lines understood and the problems seen."""

from __future__ import annotations

from dataclasses import dataclass, field

from refman.core.model import Person, Problem
from refman.formats.article_page.lines import PageLine
from refman.formats.article_page.people import People


@dataclass(slots=True)
class Ranked:
    """A fact several parts of the page may state; the lowest rank wins, then the first seen."""

    value: object = None
    rank: int = 99

    def offer(self, value: object, rank: int) -> None:
        if value in (None, "") or rank >= self.rank:
            return
        self.value, self.rank = value, rank

    def text(self) -> str:
        return str(self.value) if isinstance(self.value, str) else ""


@dataclass(slots=True)
class PageState:
    source: str
    title: str = ""
    title_line: int | None = None
    people: People = field(default_factory=People)
    stated_people: list[Person] = field(default_factory=list)  # a line listing the authors ("Written by: …")
    abstracts: list[tuple[str, str]] = field(default_factory=list)  # (language, text)
    keywords: list[str] = field(default_factory=list)
    reference_lines: list[PageLine] = field(default_factory=list)
    citation: str = ""
    citation_line: int | None = None
    journal: Ranked = field(default_factory=Ranked)
    publisher: Ranked = field(default_factory=Ranked)
    place: str = ""
    volume: Ranked = field(default_factory=Ranked)
    issue: Ranked = field(default_factory=Ranked)
    year: Ranked = field(default_factory=Ranked)
    # The year of the issue the article is in, from its citation or issue line ("Volume 1, Issue 4, 2015"),
    # where the dates give the year it went online (see building.py).
    issue_year: Ranked = field(default_factory=Ranked)
    pages: Ranked = field(default_factory=Ranked)
    doi: Ranked = field(default_factory=Ranked)
    date: str = ""
    url: str = ""
    copyright: tuple[int, str] | None = None
    site_holders: list[str] = field(default_factory=list)
    licence: tuple[str, str] | None = None
    licence_in_footer: bool = False
    guessed_abstract: bool = False  # the abstract is the unlabelled text under the by-line
    metrics: dict[str, str] = field(default_factory=dict)
    issns: list[tuple[str, str]] = field(default_factory=list)
    extra: list[tuple[str, str]] = field(default_factory=list)
    meta: list[tuple[str, str]] = field(default_factory=list)  # an HTML page's citation_* / DC.* tags
    lines: list[PageLine] = field(default_factory=list)
    consumed: set[int] = field(default_factory=set)  # indexes of the lines understood
    problems: list[Problem] = field(default_factory=list)

    def warn(self, line: int | None, message: str, severity: str = "warning") -> None:
        self.problems.append(Problem(self.source, line, message, severity))
