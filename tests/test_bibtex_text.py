"""LaTeX <-> Unicode (refman.formats.latex) and BibTeX names (refman.formats.names)."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from refman.core.model import Person
from refman.formats.bibtex.syntax import Scanner, evaluate, parse_entry
from refman.formats.latex import decode, encode, protect_case, to_ascii
from refman.formats.names import (
    format_names,
    format_person,
    parse_names,
    parse_person,
    split_name,
    split_names,
)


def _kpsewhich(name: str) -> Path | None:
    try:
        out = subprocess.run(["kpsewhich", name], capture_output=True, text=True, check=False).stdout.strip()
    except FileNotFoundError:
        return None
    return Path(out) if out else None


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        (r"{\"O}zt{\"u}rk", "Öztürk"),
        (r"M\"uller", "Müller"),
        (r"{\'E}cole \c{c}a \v{S}koda \k{a} \H{o} \r{u}", "École ça Škoda ą ő ů"),
        (r"\"{\i}", "ï"),
        (r"{\AA}ngstr{\"o}m \ss\ \o{} \l \o", "Ångström ß ø łø"),
        (r"The {\TeX}book", "The TeXbook"),
        (r"\mbox{G-Animal's} Journal", "G-Animal's Journal"),
        (r"\BibTeX\ and \LaTeX", "BibTeX and LaTeX"),
        (r"\emph{x} \textbf{y} {\it z}", "x y z"),
        (r"\noopsort{1973b}1973", "1973"),
        (r"50\,\% \& \$5", "50 % & $5"),
        ("pages 1--10 ---", "pages 1–10 —"),
        ("``quoted''", "“quoted”"),
        ("Jean~Paul", "Jean\u00a0Paul"),
        (r"$\alpha$-helix", "α-helix"),
        (r"Ker\kern-.1em n", "Kern"),
        (r"\acro{CTAN} and \mtex", "CTAN and mtex"),
        ("a\n      long   value", "a long value"),
        ("plain", "plain"),
    ],
)
def test_decode(latex: str, text: str) -> None:
    assert decode(latex) == text


def test_decode_agrees_with_pylatexenc_on_accents_in_real_files() -> None:
    """Where both handle the input (accents and special letters only), the fast decoder and
    pylatexenc give the same text, on every such value of three real TeX Live .bib files."""
    from pylatexenc.latex2text import LatexNodes2Text

    paths = [p for p in (_kpsewhich(n) for n in ("xampl.bib", "biblatex-examples.bib", "tugboat.bib")) if p]
    if not paths:
        pytest.skip("TeX Live .bib files not installed")
    accent = re.compile(r"""\\(?:["'`^~=.uvHcdbrkt]|ss|o|O|l|L|ae|AE|oe|OE|aa|AA|i|j)(?![A-Za-z])""")
    values: set[str] = set()
    for path in paths:
        text = path.read_text()
        scanner = Scanner(text)
        pos = 0
        while (block := scanner.next_block(pos)) is not None:
            pos = block.end
            if block.kind != "entry":
                continue
            for f in parse_entry(text, block).fields:
                value = evaluate(f.parts, {})
                if "\\" in value and all(accent.match(value, b.start()) for b in re.finditer(r"\\", value)):
                    values.add(value)
    assert len(values) > 50
    conv = LatexNodes2Text(math_mode="text")
    differ = [v for v in values if decode(v) != " ".join(conv.latex_to_text(v).split())]
    assert differ == []


def test_encode_escapes_and_ascii() -> None:
    assert encode("Müller & Co: 50% of $x_y$ {b}") == r"Müller \& Co: 50\% of \$x\_y\$ \{b\}"
    assert encode("Müller – Ærø", ascii=True) == r"M{\"u}ller -- {\AE}r{\o}"
    assert encode("a--b ``c''") == "a-{}-b `{}`c'{}'"
    assert to_ascii(r"{\"u} and ü") == r"{\"u} and {\"u}"


def test_protect_case_braces_words_with_inner_capitals() -> None:
    assert protect_case("The TeXbook on DNA and iPhones") == "The {TeXbook} on {DNA} and {iPhones}"


def _texts(categories: tuple[Any, ...]) -> st.SearchStrategy[str]:
    return st.text(
        alphabet=st.characters(
            whitelist_categories=categories, whitelist_characters=" &%$#_{}~^\\\u00a0–—“”'`"
        ),
        max_size=40,
    ).map(lambda s: re.sub(" +", " ", s).strip())


@settings(max_examples=300, deadline=None)
@given(_texts(("Lu", "Ll", "Nd", "Po", "Pd", "Sm", "Sc", "So")))
def test_decode_inverts_encode(text: str) -> None:
    assert decode(encode(text)) == text


@settings(max_examples=300, deadline=None)
@given(_texts(("Lu", "Ll", "Nd", "Po", "Pd")).filter(lambda s: all(ord(c) < 0x250 or not c.isalpha() for c in s)))
def test_decode_inverts_ascii_encode_for_latin_text(text: str) -> None:
    """Latin letters with accents and punctuation survive `ascii=True` (classic BibTeX) output."""
    encoded = encode(text, ascii=True)
    assert decode(encoded) == text
    # Latin-1, and every letter made of an ASCII letter and LaTeX's accents (ő = o + \\H),
    # becomes ASCII LaTeX; a few letters with no LaTeX form that reads back (Ħ) stay as they are.
    latex_accents = "\u0300\u0301\u0302\u0303\u0304\u0306\u0307\u0308\u030a\u030b\u030c\u0323\u0327\u0328\u0331"
    for c in text:
        nfd = unicodedata.normalize("NFD", c)
        if ord(c) < 0x100 or (nfd[0].isascii() and len(nfd) > 1 and all(m in latex_accents for m in nfd[1:])):
            assert encode(c, ascii=True).isascii(), c


# ---------------------------------------------------------------- names


@pytest.mark.parametrize(
    ("raw", "parts"),
    [
        ("Donald E. Knuth", ("Donald E.", "", "Knuth", "")),
        ("Ludwig van Beethoven", ("Ludwig", "van", "Beethoven", "")),
        ("van Beethoven, Ludwig", ("Ludwig", "van", "Beethoven", "")),
        ("Ford, Jr., Henry", ("Henry", "", "Ford", "Jr.")),
        ("Per Brinch Hansen", ("Per Brinch", "", "Hansen", "")),
        ("Brinch Hansen, Per", ("Per", "", "Brinch Hansen", "")),
        ("Jean-Paul Sartre", ("Jean-Paul", "", "Sartre", "")),
        ("Anna Smith-Jones", ("Anna", "", "Smith-Jones", "")),
        ("De la Cruz, Juan", ("Juan", "De la", "Cruz", "")),
        ("jean de la fontaine", ("", "jean de la", "fontaine", "")),
        (r"Charles Louis Xavier Joseph de la Vall{\'e}e Poussin", ("Charles Louis Xavier Joseph", "de la", r"Vall{\'e}e Poussin", "")),
        (r"{\"O}zt{\"u}rk, {\"O}zge", (r"{\"O}zge", "", r"{\"O}zt{\"u}rk", "")),
        (r"{\relax Ch}arles Dickens", (r"{\relax Ch}arles", "", "Dickens", "")),
    ],
)
def test_split_name_like_bibtex(raw: str, parts: tuple[str, str, str, str]) -> None:
    p = split_name(raw)
    assert (p.first, p.von, p.last, p.jr) == parts


def test_split_names_on_and_at_brace_level_zero() -> None:
    assert split_names("A. One and {Barnes and Noble} AND B. Two and others") == [
        "A. One",
        "{Barnes and Noble}",
        "B. Two",
        "others",
    ]


def test_parse_names_decodes_parts_and_keeps_organisations_literal() -> None:
    people = parse_names(r"M{\"u}ller, J{\"o}rg and {Barnes and Noble, Inc.} and others", "editor")
    assert people == [
        Person(family="Müller", given="Jörg", role="editor"),
        Person(literal="Barnes and Noble, Inc.", role="editor"),
        Person(literal="others", role="editor"),
    ]


def test_format_names() -> None:
    people = [
        Person(family="Beethoven", given="Ludwig", particle="van"),
        Person(family="Ford", given="Henry", suffix="Jr."),
        Person(literal="Barnes and Noble, Inc."),
        Person(family="de la Fontaine", given="Jean"),
        Person(family="Brinch Hansen"),
        Person(literal="others"),
    ]
    out = format_names(people)
    assert out == (
        "van Beethoven, Ludwig and Ford, Jr., Henry and {Barnes and Noble, Inc.} and "
        "{de la Fontaine}, Jean and Brinch Hansen, and others"
    )
    assert parse_names(out) == people
    assert format_person(Person(family="Müller", given="Jörg"), ascii=True) == r"M{\"u}ller, J{\"o}rg"


_word = st.text(alphabet="abcdefghijklmnopqrstuvwxyzäöüéçł", min_size=1, max_size=8)
_cap = _word.map(lambda w: w[0].upper() + w[1:])


@settings(max_examples=300, deadline=None)
@given(
    family=st.lists(_cap, min_size=1, max_size=3).map(" ".join),
    given_=st.lists(st.one_of(_cap, _cap.map(lambda w: w[0] + ".")), max_size=3).map(" ".join),
    particle=st.lists(_word, max_size=2).map(" ".join),
    suffix=st.sampled_from(["", "Jr.", "III"]),
    ascii=st.booleans(),
)
def test_person_round_trips_through_bibtex_form(
    family: str, given_: str, particle: str, suffix: str, ascii: bool
) -> None:
    person = Person(family=family, given=given_, particle=particle, suffix=suffix)
    assert parse_person(format_person(person, ascii)) == person
