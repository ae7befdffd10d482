"""Which keys a LaTeX document cites, from its .aux (BibTeX, biblatex), .bcf (biber) or .tex.

- .aux: `\\citation{a,b}` (BibTeX), `\\abx@aux@cite{a}` or `\\abx@aux@cite{0}{a}` (biblatex),
  `\\@input{chapter.aux}` (files of `\\include`d chapters).
- .bcf: `<bcf:citekey ...>a</bcf:citekey>`.
- .tex: every `\\cite`-like command of LaTeX, natbib and biblatex (`\\cite`, `\\citep*`,
  `\\citeauthor`, `\\parencite`, `\\textcite`, `\\footcite`, `\\autocite*`, `\\nocite`, ...) with
  their optional `[..]` and `(..)` arguments, the multi-cite forms (`\\cites[p.~1]{a}[2]{b}`),
  and `\\input`/`\\include`/`\\subfile` to follow; `%` comments are skipped.
A key `*` (`\\nocite{*}`, `\\citation{*}`) means every entry of the library.

Pure text functions: the caller reads the files and follows `inputs`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass(slots=True)
class Cites:
    """Keys in the order first cited (without `*`), whether `*` was cited, and files to read next."""

    keys: list[str] = field(default_factory=list)
    star: bool = False
    inputs: list[str] = field(default_factory=list)

    def add(self, key: str) -> None:
        key = key.strip()
        if not key:
            return
        if key == "*":
            self.star = True
        elif key not in self.keys:
            self.keys.append(key)

    def extend(self, other: Cites) -> None:
        for k in other.keys:
            self.add(k)
        self.star = self.star or other.star


_AUX_CITATION = re.compile(r"\\citation\{([^}]*)\}")
_AUX_BIBLATEX = re.compile(r"\\abx@aux@cite\{([^}]*)\}(?:\{([^}]*)\})?")
_AUX_INPUT = re.compile(r"\\@input\{([^}]*)\}")
_BCF_KEY = re.compile(r"<bcf:citekey\b[^>]*>([^<]*)</bcf:citekey>")
_COMMENT = re.compile(r"(?<!\\)%.*")
_CITE_CMD = re.compile(r"\\([A-Za-z]*(?:cite|Cite)[A-Za-z]*|nocite)\*?(?![A-Za-z])")
_INPUT_CMD = re.compile(r"\\(?:input|include|subfile|subfileinclude)\s*\{([^}]*)\}")
_OPTIONAL = re.compile(r"\s*(?:\[[^\]]*\]|\([^)]*\))")
_GROUP = re.compile(r"\s*\{([^{}]*)\}")


def scan_aux(text: str) -> Cites:
    out = Cites()
    for m in _AUX_CITATION.finditer(text):
        for k in m.group(1).split(","):
            out.add(k)
    for m in _AUX_BIBLATEX.finditer(text):
        # `\abx@aux@cite{refsection}{key}` (biblatex 3.x) or `\abx@aux@cite{key}` (older)
        out.add(m.group(2) if m.group(2) is not None else m.group(1))
    out.inputs = [m.group(1) for m in _AUX_INPUT.finditer(text)]
    return out


def scan_bcf(text: str) -> Cites:
    out = Cites()
    for m in _BCF_KEY.finditer(text):
        out.add(m.group(1))
    return out


def scan_tex(text: str) -> Cites:
    text = "\n".join(_COMMENT.sub("", line) for line in text.splitlines())
    out = Cites()
    for m in _CITE_CMD.finditer(text):
        name = m.group(1)
        pos = m.end()
        while True:  # multi-cite commands repeat ([pre][post]{keys}) groups; others take one
            while (opt := _OPTIONAL.match(text, pos)) is not None:
                pos = opt.end()
            g = _GROUP.match(text, pos)
            if g is None:
                break
            for k in g.group(1).split(","):
                out.add(k)
            pos = g.end()
            if not name.endswith("cites"):
                break
    out.inputs = [m.group(1).strip() for m in _INPUT_CMD.finditer(text)]
    return out
