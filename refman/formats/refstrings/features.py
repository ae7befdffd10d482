"""Token features for the reference CRF, in the spirit of AnyStyle's and GROBID's feature sets.

A token is a whitespace-separated word with its punctuation, as AnyStyle labels them. Each token gets
features about itself (word, affixes, shape, case, digits, punctuation, keyword hints, and `x=` tags from
a 61,000-word list of given names, family names and places, see lexicon.name_tags) and about its
context in the string (relative position, how many sentence breaks and years came before, whether it
sits inside quotes or brackets), plus a few features of its neighbours. Features are plain strings
(value 1) because that is what python-crfsuite handles fastest. Three CRFs are trained on different subsets of
these features and pooled (experts.py): that, not a further feature, is what took CV F1 from 0.917 to 0.923.

What a chunk (the words up to a sentence break) holds and what is still to come in the reference help most
with the costly boundaries (title | container, journal | container-title): a chunk with a publisher or place
word, the first word of the chunk before, a page range or "Press"/"eds." ahead. In 5-fold cross-validation on
core.xml these, a +-3 word window and the neighbour-class trigram took field F1 from 0.914 to 0.917 (0.918 to
0.921 with journal and container-title as one field; benchmarks/parse_accuracy.py).

Tried since and not kept (full 5-fold CV, same code otherwise; differences of 0.001 are within noise):
whole-reference style hints on every token (numbered, year in parentheses near the start, year at the end,
quotes, Vancouver ';vol(issue):') 0.9178 against 0.9173; those plus the class of the first two tokens 0.9163;
a Title Case / sentence case / upper case pattern of the chunk and its neighbours 0.9144; crfsuite's
feature.possible_states no change; re-decoding so that title, author, container or editor form one run
(the best of merge/drop candidates by the model's own sequence probability) 0.9175; "B-" labels that name the
field before (B-title<author: transitions that depend on the observation, as Wapiti's bigram features do)
0.9064, the data for each boundary split too thin; posterior decoding (max-marginal path) 0.9159.
"""

from __future__ import annotations

import re

from refman.formats.refstrings import lexicon as lx

_STRIP = "\"'“”‘’«»„‚()[]{}<>.,;:!?*"
_YEAR = re.compile(r"^(1[5-9]\d\d|20\d\d)[a-z]?$")
_YEAR_ANY = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)")
_RANGE = re.compile(r"^\d+\s*[-–—‐‑]+\s*\d+$")
_ROMAN = re.compile(r"^(?=[ivxlcdm]+$)m{0,3}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$")
_INITIAL = re.compile(r"^(?:[A-ZÀ-ÞŁŠŽČĆ][a-z]?\.?-?){1,3}$")
_SHAPE_MAP: dict[str, str] = {}
_OPEN_QUOTES = "\"“«„‘'"
_CLOSE_QUOTES = "\"”»’'"


def _char_class(c: str) -> str:
    if c.isupper():
        return "X"
    if c.islower():
        return "x"
    if c.isdigit():
        return "9"
    return c


def shape(token: str) -> str:
    """'Smith,' -> 'Xx,' ; '(2011).' -> '(9).' : character classes with runs collapsed."""
    out: list[str] = []
    for c in token:
        k = _SHAPE_MAP.get(c)
        if k is None:
            k = _char_class(c)
            if len(_SHAPE_MAP) < 5000:
                _SHAPE_MAP[c] = k
        if not out or out[-1] != k:
            out.append(k)
    return "".join(out)


def strip_word(token: str) -> str:
    return token.strip(_STRIP)


def _dict_tags(word: str, token: str) -> list[str]:
    """Dictionary and keyword hints for one lower-cased bare word."""
    tags: list[str] = []
    if word in lx.MONTHS or word in lx.SEASONS:
        tags.append("month")
    if word in lx.PUBLISHER_WORDS:
        tags.append("pub")
    if word in lx.PLACES:
        tags.append("place")
    if word in lx.JOURNAL_WORDS:
        tags.append("jour")
    if word in lx.GENRE_WORDS:
        tags.append("genre")
    if word in lx.CONFERENCE_WORDS:
        tags.append("conf")
    if word in lx.EDITOR_WORDS:
        tags.append("ed")
    if word in lx.TRANSLATOR_WORDS:
        tags.append("trans")
    if word in lx.PAGE_WORDS:
        tags.append("pp")
    if word in lx.VOLUME_WORDS:
        tags.append("vol")
    if word in lx.ISSUE_WORDS:
        tags.append("no")
    if word in lx.EDITION_WORDS:
        tags.append("edn")
    if word in lx.RETRIEVAL_WORDS:
        tags.append("retr")
    if word in lx.CONJUNCTIONS:
        tags.append("and")
    if word in lx.IN_WORDS:
        tags.append("in")
    if word in lx.ORG_WORDS:
        tags.append("org")
    return tags


def _token_class(token: str, word: str, lower: str) -> str:
    """A coarse category of the token, used for neighbour features."""
    if not word:
        return "punct"
    if lower.startswith(("http", "www.")) or "://" in lower:
        return "url"
    if lower.startswith(("doi", "10.")) and "/" in lower:
        return "doi"
    if _YEAR.match(word):
        return "year"
    if word.isdigit():
        return "num"
    if _RANGE.match(word):
        return "range"
    if any(c.isdigit() for c in word):
        return "alnum"
    if _INITIAL.match(token.rstrip(",;:")) and len(word) <= 4:
        return "init"
    if word[0].isupper():
        return "cap" if not word.isupper() or len(word) == 1 else "caps"
    return "low"


_AHEAD_TAGS = {"d=pub", "d=place", "d=ed", "d=pp", "d=vol", "d=in", "d=jour"}
_Static = tuple[tuple[str, ...], str, str, str, tuple[str, ...]]
_STATIC_CACHE: dict[str, _Static] = {}


def _static(tok: str) -> _Static:
    """Features of a token on its own, cached: (features, lower bare word, class, final punctuation, keyword tags)."""
    hit = _STATIC_CACHE.get(tok)
    if hit is not None:
        return hit
    lower = tok.lower()
    word = strip_word(tok)
    lw = word.lower()
    cls = _token_class(tok, word, lower)
    last = tok[-1]
    first = tok[0]
    end = last if not last.isalnum() else "a"
    feats = [
        "bias",
        "w=" + lw,
        "t=" + lower,
        "sh=" + shape(tok),
        "c=" + cls,
        "e=" + end,
        "b=" + (first if not first.isalnum() else "a"),
        "p1=" + lw[:1],
        "p2=" + lw[:2],
        "p3=" + lw[:3],
        "s1=" + lw[-1:],
        "s2=" + lw[-2:],
        "s3=" + lw[-3:],
        "s4=" + lw[-4:],
        "len=" + str(min(len(word), 10)),
    ]
    if tok[-2:] in (").", "),", "):", ".)", ".,"):
        feats.append("e2=" + tok[-2:])
    if word and word[0].isupper():
        feats.append("cap")
    if word.isupper() and len(word) > 1:
        feats.append("allcap")
    if any(c.isdigit() for c in word):
        feats.append("dig")
        if _YEAR_ANY.search(word):
            feats.append("hasyear")
    if "-" in word or "–" in word:
        feats.append("hyph")
    if "(" in tok and ")" in tok and any(c.isdigit() for c in tok):
        feats.append("numparen")
    if "/" in word:
        feats.append("slash")
    if _ROMAN.match(lw):
        feats.append("roman")
    if "@" in word:
        feats.append("email")
    for tag in _dict_tags(lw, tok):
        feats.append("d=" + tag)
    for tag in lx.name_tags(lw):
        feats.append("x=" + tag)
    if lw.endswith("eds") or lower in ("(ed.)", "(eds.)", "(ed.),", "(eds.),", "(eds)", "(ed)"):
        feats.append("d=ed")
    out = (tuple(feats), lw, cls, end, tuple(f for f in feats if f.startswith("d=")))
    if len(_STATIC_CACHE) > 200_000:
        _STATIC_CACHE.clear()
    _STATIC_CACHE[tok] = out
    return out


def token_features(tokens: list[str]) -> list[list[str]]:
    """Feature strings for each token of one reference."""
    n = len(tokens)
    base: list[list[str]] = []
    words: list[str] = []
    classes: list[str] = []
    ends: list[str] = []
    in_quote = False
    in_paren = 0
    in_bracket = 0
    breaks = 0
    years = 0
    commas = 0
    seen_quote_close = False
    seen_colon = False
    seen_in = False
    seen_ed = False
    seen_pages = False
    dtags_of: list[tuple[str, ...]] = []
    for i, tok in enumerate(tokens):
        static, lw, cls, end, dtags = _static(tok)
        last = tok[-1]
        first = tok[0]
        feats = [
            *static,
            "pos=" + str(10 * i // n),
            "brk=" + str(min(breaks, 6)),
            "yr=" + str(min(years, 2)),
            "com=" + str(min(commas, 6)),
        ]
        if i < 3:
            feats.append(f"i={i}")
        if i == n - 1:
            feats.append("last")
        # Context states.
        if in_quote:
            feats.append("inq")
        if in_paren:
            feats.append("inp")
        if in_bracket:
            feats.append("inb")
        if seen_quote_close:
            feats.append("afterq")
        if seen_colon:
            feats.append("aftercolon")
        if seen_in:
            feats.append("afterin")
        if seen_ed:
            feats.append("afted")
        if seen_pages:
            feats.append("aftpp")
        base.append(feats)
        words.append(lw)
        dtags_of.append(dtags)
        classes.append(cls)
        ends.append(end)
        # Update states after this token.
        if first in _OPEN_QUOTES and not in_quote and len(tok) > 1:
            in_quote = True
        if in_quote and (last in _CLOSE_QUOTES or tok.rstrip(".,;:")[-1:] in _CLOSE_QUOTES) and (
            i > 0 or len(tok) > 1
        ):
            in_quote = False
            seen_quote_close = True
        in_paren = max(0, in_paren + tok.count("(") - tok.count(")"))
        in_bracket = max(0, in_bracket + tok.count("[") - tok.count("]"))
        if last in ".?!" and cls != "init":
            breaks += 1
        if last == ",":
            commas += 1
        if cls == "year" or (len(lw) <= 12 and _YEAR_ANY.search(lw)):
            years += 1
        if last == ":":
            seen_colon = True
        if (lw in lx.IN_WORDS and last == ":") or lw == "in":
            seen_in = True
        if lw in lx.EDITOR_WORDS:
            seen_ed = True
        if lw in lx.PAGE_WORDS or cls == "range":
            seen_pages = True
    # Chunk features: a chunk is the run of tokens up to a sentence break; its first word, size, and
    # what it holds say much about every token in it ("In ...", "Retrieved ...", "Journal of ...").
    chunk_of: list[int] = []
    chunks: list[tuple[int, int]] = []
    start = 0
    for i in range(n):
        if i == n - 1 or (ends[i] in ".?!" and classes[i] != "init"):
            chunks.append((start, i + 1))
            start = i + 1
    # Where the (first) year stands: breaks since the last year token, and whether a year is still to come.
    year_at = [i for i, c in enumerate(classes) if c == "year"]
    last_year_break: int | None = None
    next_year = 0
    chunk_first_class = [classes[a] for a, _ in chunks]
    for ci, (a, b) in enumerate(chunks):
        chunk_classes = set(classes[a:b])
        chunk_tags = []
        if "year" in chunk_classes:
            chunk_tags.append("cy")
        if chunk_classes & {"num", "range", "alnum"}:
            chunk_tags.append("cn")
        # Which keyword lists the chunk's words are in ('cd=pub', 'cd=ed', ...), and what its neighbours hold.
        ctags: set[str] = set()
        for j in range(a, b):
            ctags.update(dtags_of[j])
        for t in sorted(ctags):
            chunk_tags.append("c" + t)
        if ci > 0:
            pa, pb = chunks[ci - 1]
            chunk_tags.append("pcf=" + words[pa])
            pcl = set(classes[pa:pb])
            if "year" in pcl:
                chunk_tags.append("pcy")
            if "init" in pcl:
                chunk_tags.append("pci")
        if ci + 1 < len(chunks):
            na, nb = chunks[ci + 1]
            ncl = set(classes[na:nb])
            if "year" in ncl:
                chunk_tags.append("ncy")
            if ncl & {"num", "range"}:
                chunk_tags.append("ncn")
        size = min(b - a, 8)
        first_word = words[a]
        rev = len(chunks) - 1 - ci
        nxt_cls = chunk_first_class[ci + 1] if ci + 1 < len(chunks) else "end"
        for j in range(a, b):
            f = base[j]
            while next_year < len(year_at) and year_at[next_year] < j:
                last_year_break = chunk_of[year_at[next_year]]
                next_year += 1
            f.append("bsd=" + (str(min(ci - last_year_break, 3)) if last_year_break is not None else "none"))
            f.append("yrahead" if next_year < len(year_at) else "noyrahead")
            f.append("ncf=" + nxt_cls)
            f.append("cf=" + first_word)
            f.append(f"cs={size}")
            f.append(f"rb={min(rev, 4)}")
            f.append(f"cpos={'B' if j == a else ('E' if j == b - 1 else 'I')}")
            f.extend(chunk_tags)
            chunk_of.append(ci)
    # What is still to come: publisher, place, editor, page or volume words after this token.
    ahead: list[tuple[str, ...]] = [()] * n
    seen_ahead: set[str] = set()
    current: tuple[str, ...] = ()
    for i in range(n - 1, -1, -1):
        ahead[i] = current
        size = len(seen_ahead)
        for t in dtags_of[i]:
            if t in _AHEAD_TAGS:
                seen_ahead.add("ah" + t[1:])
        if classes[i] == "range":
            seen_ahead.add("ah=range")
        if ends[i] == ":" and classes[i] in ("cap", "caps"):
            seen_ahead.add("ah=capcolon")
        if len(seen_ahead) != size:
            current = tuple(sorted(seen_ahead))
    out: list[list[str]] = []
    for i in range(n):
        feats = base[i]
        feats.extend(ahead[i])
        for off in (-3, -2, -1, 1, 2, 3):
            j = i + off
            if 0 <= j < n:
                feats.append(f"{off}w={words[j]}")
                feats.append(f"{off}c={classes[j]}")
                if off in (-1, 1):
                    for tag in lx.name_tags(words[j]):
                        feats.append(f"{off}x={tag}")
                    feats.append(f"{off}e={ends[j]}")
                    feats.append(f"{off}ce={classes[j]}{ends[j]}")
            else:
                feats.append(f"{off}w=<none>")
        feats.append(f"ce={classes[i]}{ends[i]}")
        if 0 < i < n - 1:
            feats.append(f"ccc={classes[i - 1]}{ends[i - 1]}|{classes[i]}{ends[i]}|{classes[i + 1]}{ends[i + 1]}")
        if i > 0:
            feats.append(f"-1e|c={ends[i - 1]}|{classes[i]}")
            feats.append(f"-1w|w={words[i - 1]}|{words[i]}")
        if i < n - 1:
            feats.append(f"w|1w={words[i]}|{words[i + 1]}")
        out.append(feats)
    return out
