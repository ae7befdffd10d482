"""Field-level scoring of labelled references, as reported by `benchmarks/parse_accuracy.py`.

A field is a maximal run of tokens with the same label. A predicted field counts as correct when the
gold sequence has a field with the same label and the same text after whitespace and dash
normalisation and after stripping the punctuation that separates fields (AnyStyle labels keep it:
"(2011)." is the date "2011"). A reference is correct when every one of its fields is.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from refman.core.model import Entry

_DASHES = re.compile(r"\s*[-‐‑‒–—―]+\s*")
_EDGE = " \t.,;:()[]"


def normalise_field(text: str) -> str:
    text = " ".join(text.split())
    text = _DASHES.sub("-", text)
    return text.strip(_EDGE)


def fields(tokens: Sequence[str], labels: Sequence[str]) -> list[tuple[str, str]]:
    """(label, normalised text) for each run of equal labels."""
    out: list[tuple[str, str]] = []
    start = 0
    for i in range(1, len(tokens) + 1):
        if i == len(tokens) or labels[i] != labels[start]:
            out.append((labels[start], normalise_field(" ".join(tokens[start:i]))))
            start = i
    return out


@dataclass
class Scores:
    """Counts accumulated over many references; precision/recall/F1 per label and overall."""

    tp: Counter[str] = field(default_factory=Counter)
    fp: Counter[str] = field(default_factory=Counter)
    fn: Counter[str] = field(default_factory=Counter)
    references: int = 0
    correct_references: int = 0
    tokens: int = 0
    correct_tokens: int = 0

    def add(self, tokens: Sequence[str], gold: Sequence[str], predicted: Sequence[str]) -> None:
        g = Counter(fields(tokens, gold))
        p = Counter(fields(tokens, predicted))
        for key, count in p.items():
            hit = min(count, g.get(key, 0))
            self.tp[key[0]] += hit
            self.fp[key[0]] += count - hit
        for key, count in g.items():
            self.fn[key[0]] += count - min(count, p.get(key, 0))
        self.references += 1
        self.correct_references += g == p
        self.tokens += len(tokens)
        self.correct_tokens += sum(a == b for a, b in zip(gold, predicted, strict=True))

    def merge(self, other: Scores) -> None:
        self.tp.update(other.tp)
        self.fp.update(other.fp)
        self.fn.update(other.fn)
        self.references += other.references
        self.correct_references += other.correct_references
        self.tokens += other.tokens
        self.correct_tokens += other.correct_tokens

    @staticmethod
    def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f

    def label_prf(self, label: str) -> tuple[float, float, float]:
        return self._prf(self.tp[label], self.fp[label], self.fn[label])

    def micro(self) -> tuple[float, float, float]:
        return self._prf(sum(self.tp.values()), sum(self.fp.values()), sum(self.fn.values()))

    @property
    def reference_accuracy(self) -> float:
        return self.correct_references / self.references if self.references else 0.0

    @property
    def token_accuracy(self) -> float:
        return self.correct_tokens / self.tokens if self.tokens else 0.0

    def labels(self) -> list[str]:
        keys: Iterable[str] = set(self.tp) | set(self.fp) | set(self.fn)
        return sorted(keys, key=lambda k: -(self.tp[k] + self.fn[k]))

    def table(self) -> str:
        lines = [f"{'field':<18}{'P':>7}{'R':>7}{'F1':>7}{'gold':>7}"]
        for label in self.labels():
            p, r, f = self.label_prf(label)
            lines.append(f"{label:<18}{p:7.3f}{r:7.3f}{f:7.3f}{self.tp[label] + self.fn[label]:7d}")
        p, r, f = self.micro()
        lines.append(f"{'ALL (micro)':<18}{p:7.3f}{r:7.3f}{f:7.3f}{sum(self.tp.values()) + sum(self.fn.values()):7d}")
        lines.append(f"whole-reference accuracy {self.reference_accuracy:.3f}  token accuracy {self.token_accuracy:.3f}")
        return "\n".join(lines)


# --- Entry-level scoring (the "unseen styles" check) ------------------------------------------------------

ENTRY_FIELDS = (
    "type", "authors", "editors", "year", "title", "container", "volume", "issue", "pages",
    "publisher", "place", "edition", "doi", "url",
)
_QUOTES = "\"'“”‘’«»"
_RANGE = re.compile(r"^(\d+)-(\d+)$")


def _initials(given: str) -> str:
    """'Thomas H.' , 'T. H.', 'TH' -> 'TH': styles differ in how much of a given name they print."""
    parts = re.findall(r"[^\W\d_][^\s.\-]*", given)
    if len(parts) == 1 and parts[0].isupper() and len(parts[0]) <= 3:
        return parts[0]
    return "".join(p[0].upper() for p in parts)


def _expand_range(pages: str) -> str:
    """'646-74' -> '646-674' so that a parser that expands abbreviated ranges is not penalised (nor one that doesn't)."""
    m = _RANGE.match(pages)
    if m and len(m.group(2)) < len(m.group(1)):
        first, last = m.groups()
        return f"{first}-{first[: len(first) - len(last)]}{last}"
    return pages


def _norm_text(value: str) -> str:
    return normalise_field(value).strip(_QUOTES + " ").rstrip(".,").casefold()


def entry_value(entry: Entry, key: str) -> object:
    """The comparable form of one field of a parsed Entry."""
    if key in ("authors", "editors"):
        people = entry.authors if key == "authors" else entry.editors
        return [((p.literal or " ".join(x for x in (p.particle, p.family) if x)).casefold(), _initials(p.given)) for p in people]
    if key == "type":
        return entry.entry_type
    if key == "year":
        return entry.year
    value = str(getattr(entry, key) or "")
    if key == "pages":
        return _expand_range(_norm_text(value))
    if key == "url":
        return re.sub(r"^https?://", "", _norm_text(value))
    return _norm_text(value)


def truth_value(truth: dict[str, object], key: str) -> object:
    """The comparable form of one hand-written true field (see tests/data/refstrings/styles_eval.json)."""
    raw = truth[key]
    if key in ("authors", "editors"):
        people = raw if isinstance(raw, list) else []
        return [(str(f).casefold(), _initials(str(g))) for f, g in people]
    if key in ("type", "year"):
        return raw
    value = str(raw or "")
    if key == "pages":
        return _expand_range(_norm_text(value))
    if key == "url":
        return re.sub(r"^https?://", "", _norm_text(value))
    return _norm_text(value)


def _empty(value: object) -> bool:
    return value in ("", None, [])


def score_entry(scores: Scores, entry: Entry, truth: dict[str, object]) -> None:
    """Add one parsed Entry to `scores`, field by field, for the fields `truth` lists (an empty truth must stay empty)."""
    ok = True
    for key in ENTRY_FIELDS:
        if key not in truth:
            continue
        want, got = truth_value(truth, key), entry_value(entry, key)
        if got == want:
            if not _empty(want):
                scores.tp[key] += 1
            continue
        ok = False
        if not _empty(got):
            scores.fp[key] += 1
        if not _empty(want):
            scores.fn[key] += 1
    scores.references += 1
    scores.correct_references += ok
