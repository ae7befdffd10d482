"""LaTeX <-> Unicode for BibTeX values: decode for display and search, encode for writing.

Decoding is the hot path of a BibTeX import (thousands of titles and names with `{\\"o}`,
`\\TeX`, `--`). pylatexenc's full LaTeX walker costs about 300 µs per value even for plain words,
and it drops the TeX logos that fill real bibliographies (`\\TeX` -> "", `\\mbox{...}` -> ""), so
text mode is decoded here by a small tokenizer that knows accents, special letters, symbols,
logos and formatting commands; only math (`$...$`, `\\(...\\)`) goes to pylatexenc, which renders
`$\\alpha$` as "α". Values without `\\`, braces, `~`, `$`, `--` or TeX quotes are returned as they are.

Encoding uses pylatexenc's `latexencode` tables for non-ASCII characters (classic BibTeX
output), memoised per character.

Decoded text is for display and search only: it is lossy (case protection, unknown macros) and
must never be written where the raw value is available.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

# pylatexenc logs a warning for every character it cannot encode; those are kept as they are.
logging.getLogger("pylatexenc").addHandler(logging.NullHandler())

# Accent commands -> combining characters.
_ACCENTS: dict[str, str] = {
    "'": "\u0301",
    "`": "\u0300",
    "^": "\u0302",
    '"': "\u0308",
    "~": "\u0303",
    "=": "\u0304",
    ".": "\u0307",
    "u": "\u0306",
    "v": "\u030c",
    "H": "\u030b",
    "c": "\u0327",
    "d": "\u0323",
    "b": "\u0331",
    "r": "\u030a",
    "k": "\u0328",
    "t": "\u0361",
}

# Control words that produce text. TeX logos keep their name as people write it.
_WORDS: dict[str, str] = {
    # letters
    "ss": "ß", "SS": "SS", "o": "ø", "O": "Ø", "l": "ł", "L": "Ł", "ae": "æ", "AE": "Æ",
    "oe": "œ", "OE": "Œ", "aa": "å", "AA": "Å", "i": "ı", "j": "ȷ", "dh": "ð", "DH": "Ð", "IJ": "Ĳ", "ij": "ĳ",
    "th": "þ", "TH": "Þ", "ng": "ŋ", "NG": "Ŋ", "dj": "đ", "DJ": "Đ",
    # symbols
    "textendash": "–", "textemdash": "—", "dots": "…", "ldots": "…", "textellipsis": "…",
    "textquoteleft": "‘", "textquoteright": "’", "textquotedblleft": "“", "textquotedblright": "”",
    "lq": "‘", "rq": "’", "guillemotleft": "«", "guillemotright": "»", "guillemetleft": "«",
    "guillemetright": "»", "S": "§", "P": "¶", "copyright": "©", "textcopyright": "©",
    "textregistered": "®", "texttrademark": "™", "pounds": "£", "textsterling": "£", "euro": "€",
    "texteuro": "€", "textdegree": "°", "textbackslash": "\\", "textasciitilde": "~",
    "textbraceleft": "{", "textbraceright": "}",
    "textasciicircum": "^", "textbar": "|", "textless": "<", "textgreater": ">",
    "textunderscore": "_", "textbullet": "•", "dag": "†", "ddag": "‡", "textdagger": "†",
    "textperiodcentered": "·", "textexclamdown": "¡", "textquestiondown": "¿", "Dash": "—",
    "slash": "/", "space": " ", "quad": " ", "qquad": " ", "thinspace": " ", "enspace": " ",
    # biblatex's and hyphenat's breakable punctuation: \hyphen was shown as the word "hyphen"
    "hyphen": "-", "hyp": "-", "nbhyphen": "‑", "mkbibendash": "–", "bibrangedash": "–",
    "textnbhyphen": "‑", "bibdatedash": "–", "addcomma": ",", "addcolon": ":", "addsemicolon": ";",
    "addperiod": ".", "adddot": ".", "addspace": " ", "addnbspace": " ", "addthinspace": " ",
    "nobreakspace": "\u00a0", "newline": " ", "linebreak": " ", "par": " ", "hfill": " ",
    "textsection": "§", "textparagraph": "¶", "textordfeminine": "ª", "textordmasculine": "º",
    "textdollar": "$", "textyen": "¥", "textcent": "¢", "textmu": "µ",
    "textonehalf": "½", "textonequarter": "¼", "textthreequarters": "¾", "texttimes": "×",
    "textdiv": "÷", "textpm": "±", "textminus": "−", "textrightarrow": "→", "textleftarrow": "←",
    # logos
    "TeX": "TeX", "LaTeX": "LaTeX", "LaTeXe": "LaTeX2ε", "BibTeX": "BibTeX", "AmSTeX": "AmSTeX",
    "AMSTeX": "AMSTeX", "AmSLaTeX": "AmSLaTeX", "AMS": "AMS", "MF": "METAFONT", "METAFONT": "METAFONT",
    "MP": "MetaPost", "MetaPost": "MetaPost", "ConTeXt": "ConTeXt", "LuaTeX": "LuaTeX",
    "LuaLaTeX": "LuaLaTeX", "XeTeX": "XeTeX", "XeLaTeX": "XeLaTeX", "pdfTeX": "pdfTeX",
    "pdfLaTeX": "pdfLaTeX", "eTeX": "ε-TeX", "PiCTeX": "PiCTeX", "TikZ": "TikZ", "TUB": "TUGboat",
    "TUG": "TUG", "CTAN": "CTAN", "PS": "PostScript", "PDF": "PDF", "SGML": "SGML", "XML": "XML",
    "HTML": "HTML", "AllTeX": "(La)TeX", "SliTeX": "SliTeX", "BibLaTeX": "BibLaTeX",
    "biblatex": "biblatex", "ExTeX": "ExTeX", "NTS": "NTS", "TeXXeT": "TeX--XeT",
    # commands that print nothing
    "relax": "", "ignorespaces": "", "null": "", "protect": "", "unskip": "", "leavevmode": "",
    "break": "", "allowbreak": "", "nobreak": "", "noindent": "", "indent": "", "xspace": "",
    "cal": "", "nolinebreak": "", "strut": "", "hfil": "", "hss": "", "vfill": "", "cr": "",
    "smallskip": "", "medskip": "", "bigskip": "", "bgroup": "", "egroup": "", "begingroup": "",
    "endgroup": "", "sloppy": "", "fussy": "", "frenchspacing": "", "nonfrenchspacing": "",
    "centering": "", "raggedright": "", "raggedleft": "", "displaystyle": "", "textstyle": "",
    "scriptstyle": "", "penalty": "", "discretionary": "", "hyphenpenalty": "", "string": "",
    "csname": "", "endcsname": "", "expandafter": "", "noexpand": "", "def": "", "let": "",
    "global": "", "long": "", "phantom": "", "hphantom": "", "vphantom": "", "mbox": "", "hbox": "",
    "vbox": "", "fbox": "", "makebox": "", "raisebox": "", "url": "", "path": "", "emph": "",
    "cite": "", "nocite": "", "ref": "", "footnote": "", "thanks": "", "textsuperscript": "",
    "textsubscript": "", "ensuremath": "", "mathrm": "", "mathit": "", "mathbf": "", "mathsf": "",
    "mathtt": "", "mathcal": "", "textnormal": "", "uppercase": "", "lowercase": "",
    "MakeUppercase": "", "MakeLowercase": "", "selectlanguage": "", "foreignlanguage": "",
    "hyphenation": "", "natexlab": "", "bibinfo": "", "bibnamefont": "", "bibfnamefont": "",
    "citenamefont": "", "enquote": "", "mkbibquote": "", "mkbibemph": "", "mkbibitalic": "",
    "mkbibbold": "", "textcolor": "", "color": "", "acro": "", "pkg": "", "cs": "", "env": "",
    "file": "", "meta": "", "cmd": "", "macro": "", "pgm": "", "newblock": "", "bibitem": "", "item": "",
}
# Greek letters, as pylatexenc's math mode gives them (`{\ensuremath{\Omega}}` in ASCII output).
_GREEK = (
    "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi pi rho sigma tau "
    "upsilon phi chi psi omega"
)
for _i, _name in enumerate(_GREEK.split()):
    _lower = "αβγδεζηθικλμνξπρστυφχψω"[_i]
    _WORDS[_name] = _lower
    if _name not in ("alpha", "beta", "epsilon", "zeta", "eta", "iota", "kappa", "mu", "nu", "rho", "tau", "chi"):
        _WORDS[_name.capitalize()] = _lower.upper()
# Font and size switches (`{\it x}`, `{\small x}`) print nothing.
for _switch in (
    "it", "bf", "sl", "tt", "sc", "rm", "sf", "em", "up", "md", "itshape", "bfseries", "slshape",
    "ttfamily", "scshape", "rmfamily", "sffamily", "upshape", "mdseries", "normalfont", "normalsize",
    "small", "footnotesize", "scriptsize", "tiny", "large", "Large", "LARGE", "huge", "Huge",
):
    _WORDS[_switch] = ""
for _command in (
    "textit", "textbf", "textsl", "texttt", "textsc", "textrm", "textsf", "textup", "textmd",
):
    _WORDS[_command] = ""

# Control words whose following brace group (or dimension) is not text.
_DROP_ARGS: dict[str, int] = {
    "noopsort": 1, "hspace": 1, "vspace": 1, "label": 1, "index": 1, "href": 1,
    "nocite": 1, "sortkey": 1, "SortNoop": 1, "sortnoop": 1, "datatype": 1, "hyphenation": 1,
}

_SYMBOLS: dict[str, str] = {
    "&": "&", "%": "%", "$": "$", "#": "#", "_": "_", "{": "{", "}": "}", " ": " ", "\n": " ",
    "\t": " ", ",": " ", ";": " ", ":": " ", "!": "", "/": "", "-": "", "@": "", "\\": " ",
    "*": "",
}

# The characters that may need work; anything else is returned as is.
_NEEDS_WORK = re.compile(r"[\\{}~$]|--|``|''")
# Tokens in text mode: control word (with trailing blanks), control symbol, braces, ligatures, text.
_TOKEN_RE = re.compile(
    r"(\\(?:kern|hskip|vskip|mkern|mskip|penalty|raise|lower)\s*[-+]?\s*(?:\d+(?:\.\d*)?|\.\d+)\s*"
    r"(?:pt|em|ex|mm|cm|in|bp|pc|sp|dd|cc|mu)?[ \t\n]*)|"
    r"\\([A-Za-z]+)[ \t\n]*|\\(.)|([{}])|(---|--|``|''|~|\$\$|\$|\\\(|\\\))|([^\\{}~$`'\-]+|.)",
    re.S,
)
_LIGATURES = {"---": "—", "--": "–", "``": "“", "''": "”", "~": "\u00a0"}
_MATH_RE = re.compile(r"(?<!\\)\$\$(.+?)(?<!\\)\$\$|(?<!\\)\$(.+?)(?<!\\)\$|\\\((.+?)\\\)", re.S)


class _Tokens:
    """A token list with a cursor, for the small recursive decoder below."""

    __slots__ = ("items", "pos")

    def __init__(self, text: str) -> None:
        self.items: list[tuple[str, str]] = []
        for m in _TOKEN_RE.finditer(text):
            dimension, word, sym, brace, lig, plain = m.groups()
            if dimension is not None:
                continue  # spacing such as \kern-.1em prints nothing
            if word is not None:
                self.items.append(("w", word))
            elif sym is not None:
                self.items.append(("s", sym))
            elif brace is not None:
                self.items.append((brace, brace))
            elif lig is not None:
                self.items.append(("l", lig))
            else:
                self.items.append(("t", plain or ""))
        self.pos = 0

    def next(self) -> tuple[str, str] | None:
        if self.pos >= len(self.items):
            return None
        tok = self.items[self.pos]
        self.pos += 1
        return tok

    def peek(self) -> tuple[str, str] | None:
        return self.items[self.pos] if self.pos < len(self.items) else None

    def push_text(self, text: str) -> None:
        """Put back the unconsumed rest of a text token."""
        self.pos -= 1
        self.items[self.pos] = ("t", text)


def _group(toks: _Tokens) -> str:
    """Decode up to the `}` matching an already consumed `{`."""
    return _run(toks, in_group=True)


def _argument(toks: _Tokens) -> str:
    """One macro argument: a brace group, or the next single character/command."""
    tok = toks.next()
    if tok is None:
        return ""
    kind, val = tok
    if kind == "{":
        return _group(toks)
    if kind == "t":
        stripped = val.lstrip(" \t\n")
        if not stripped:
            return _argument(toks)
        if len(stripped) > 1:
            toks.push_text(stripped[1:])
        return stripped[0]
    if kind == "w":
        return _WORDS.get(val, "")
    if kind == "s":
        return _SYMBOLS.get(val, val)
    if kind == "l":
        return _LIGATURES.get(val, val)
    return ""


def _skip_argument(toks: _Tokens) -> None:
    tok = toks.peek()
    if tok is None:
        return
    if tok[0] == "{":
        toks.next()
        _group(toks)
    elif tok[0] == "t" and not tok[1].strip():
        toks.next()
        _skip_argument(toks)


def _accent(mark: str, toks: _Tokens) -> str:
    base = _argument(toks)
    if not base:
        return ""  # an accent on nothing (`\\'{}`) prints nothing useful
    if base == "ı":
        base = "i"
    elif base == "ȷ":
        base = "j"
    return unicodedata.normalize("NFC", base[0] + mark) + base[1:]


def _run(toks: _Tokens, in_group: bool = False) -> str:
    out: list[str] = []
    depth = 0  # plain groups opened here: counted, not recursed into, so 5,000-deep braces decode
    while True:
        tok = toks.next()
        if tok is None:
            break
        kind, val = tok
        if kind == "t":
            out.append(val if val != "\\" else "")  # a lone backslash at the very end
        elif kind == "{":
            depth += 1
        elif kind == "}":
            if depth:
                depth -= 1
            elif in_group:
                break
            # a stray closing brace: BibTeX would complain; show nothing
        elif kind == "l":
            out.append(_LIGATURES.get(val, val))
        elif kind == "s":
            if val in _ACCENTS:
                out.append(_accent(_ACCENTS[val], toks))
            else:
                out.append(_SYMBOLS.get(val, val))
        else:  # control word
            if val in _ACCENTS:
                out.append(_accent(_ACCENTS[val], toks))
            elif val in _WORDS:
                out.append(_WORDS[val])
            elif val in _DROP_ARGS:
                for _ in range(_DROP_ARGS[val]):
                    _skip_argument(toks)
            elif val in _pylatexenc_words():
                out.append(_pylatexenc_words()[val])
            else:
                # An unknown command with no argument, or with an empty one (`\mtex`, `\VAX{}`),
                # is nearly always a logo or abbreviation defined in the document: its name is
                # the best text for it. With an argument (`\acro{CD}`) the argument is the text.
                nxt = toks.peek()
                if nxt is None or nxt[0] != "{" or (
                    toks.pos + 1 < len(toks.items) and toks.items[toks.pos + 1][0] == "}"
                ):
                    out.append(val)
    return "".join(out)


_SIMPLE_MACRO_RE = re.compile(r"\\([A-Za-z]+)|\\ensuremath\{\\([A-Za-z]+)\}")


@lru_cache(maxsize=1)
def _pylatexenc_words() -> dict[str, str]:
    """Control words pylatexenc's encoder uses for single characters (`\\textlnot` -> "¬"), reversed,
    so that whatever `encode(..., ascii=True)` writes, `decode` reads back."""
    from pylatexenc.latexencode import get_builtin_conversion_rules

    words: dict[str, str] = {}
    for rule in get_builtin_conversion_rules("defaults"):
        if not isinstance(rule.rule, Mapping):
            continue
        for codepoint, latex in rule.rule.items():
            m = _SIMPLE_MACRO_RE.fullmatch(latex)
            if m:
                words.setdefault(m.group(1) or m.group(2), chr(codepoint))
    return words


@lru_cache(maxsize=1)
def _math_converter() -> Any:
    from pylatexenc.latex2text import LatexNodes2Text

    return LatexNodes2Text(math_mode="text")


def _decode_math(latex: str) -> str:
    try:
        text: str = _math_converter().latex_to_text(latex)
    except Exception:  # pylatexenc on malformed math: keep the source rather than fail an import
        return latex.strip("$")
    return text.strip()


def _decode_text(text: str) -> str:
    try:
        return _run(_Tokens(text))
    except RecursionError:  # accents nested thousands deep (`\'{\'{...`): keep the letters, drop the markup
        return _BRACES_AND_COMMANDS_RE.sub("", text)


_BRACES_AND_COMMANDS_RE = re.compile(r"\\[A-Za-z]+|\\.|[{}]")


@lru_cache(maxsize=65536)
def decode(value: str) -> str:
    """LaTeX value (delimiters already removed) -> Unicode text for display and search.

    Whitespace runs (including line breaks inside long values) collapse to one space.
    """
    if not _NEEDS_WORK.search(value):
        return _squash(value) if ("\n" in value or "  " in value or "\t" in value) else value
    if "$" in value or "\\(" in value:
        parts: list[str] = []
        last = 0
        for m in _MATH_RE.finditer(value):
            parts.append(_decode_text(value[last : m.start()]))
            parts.append(_decode_math(m.group(0)))
            last = m.end()
        parts.append(_decode_text(value[last:]))
        out = "".join(parts)
    else:
        out = _decode_text(value)
    return _squash(out)


_SPACES_RE = re.compile(r"[ \t\n\r]+")


def _squash(text: str) -> str:
    """Collapse runs of blanks (a long value's line breaks) to one space; keep no-break spaces."""
    return _SPACES_RE.sub(" ", text).strip()


def strip_braces(value: str) -> str:
    """Verbatim fields (url, doi): drop the case-protection braces only, decode nothing."""
    if "{" not in value and "}" not in value:
        return value.strip()
    return value.replace("{", "").replace("}", "").strip()


# ---------------------------------------------------------------- encoding

_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "\u00a0": "~",
    "–": "--",
    "—": "---",
    "“": "``",
    "”": "''",
}
_ESCAPE_RE = re.compile("[" + re.escape("".join(_ESCAPES)) + "]")
# BibTeX counts `\{` and `\}` when it matches braces, so a lone brace in the text must be written
# as a control word, or the field (and every entry after it) would not read back.
_ESCAPES_UNBALANCED = {**_ESCAPES, "{": r"\textbraceleft{}", "}": r"\textbraceright{}"}


def _balanced(text: str) -> bool:
    depth = 0
    for c in text:
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0
_LIGATURE_INPUT_RE = re.compile(r"-(?=-)|`(?=`)|'(?=')")
_NON_ASCII_RE = re.compile(r"[^\x00-\x7f]")
_COMBINING_TO_ACCENT = {mark: cmd for cmd, mark in _ACCENTS.items()}


def _unknown_char(ch: str, u2lobj: object = None) -> str:
    return ch


@lru_cache(maxsize=1)
def _encoder() -> Any:
    from pylatexenc.latexencode import UnicodeToLatexEncoder

    return UnicodeToLatexEncoder(
        non_ascii_only=True, replacement_latex_protection="braces-all", unknown_char_policy=_unknown_char
    )


@lru_cache(maxsize=4096)
def _char_to_latex(ch: str) -> str:
    """One non-ASCII character as BibTeX-safe LaTeX: `{\\"u}`, `{\\ss}`, or the character itself.

    Accented letters are built from their decomposition (`Ǽ` -> `{\\'{\\AE}}`), the rest come from
    pylatexenc's tables; a form that would not decode back to the character is not used.
    """
    if unicodedata.combining(ch):
        return ch
    encoded = ch
    decomposed = unicodedata.normalize("NFD", ch)
    if len(decomposed) >= 2 and all(c in _COMBINING_TO_ACCENT for c in decomposed[1:]):
        base = decomposed[0]
        if base.isascii():
            out = base
            if out in "ij" and decomposed[1] in ("\u0308", "\u0301", "\u0300", "\u0302"):
                out = "\\" + out
        else:
            inner = _char_to_latex(base)
            out = inner[1:-1] if inner.startswith("{") and inner.endswith("}") else inner
        if out.isascii():
            for mark in decomposed[1:]:
                cmd = _COMBINING_TO_ACCENT[mark]
                out = f"\\{cmd}{out}" if not cmd.isalpha() and len(out) == 1 else f"\\{cmd}{{{out}}}"
            encoded = "{" + out + "}"
    if encoded == ch:
        encoded = _encoder().unicode_to_latex(ch)
    # Keep the character where the LaTeX form would not read back as it (pylatexenc writes
    # U+0126 Ħ as `\\={H}`): a non-ASCII byte is better than a wrong letter.
    return encoded if decode(encoded) == ch else ch


def encode(text: str, ascii: bool = False) -> str:
    """Unicode text -> a BibTeX field body (without the outer braces).

    LaTeX specials are escaped so that decode(encode(x)) == x for ordinary text; with `ascii`,
    non-ASCII characters become LaTeX commands in braces (`{\\"u}`), as classic BibTeX expects.
    """
    # Break up what TeX would read as a ligature: "--" is an en dash, "``" and "''" quotes.
    breaks = "--" in text or "``" in text or "''" in text
    if breaks:
        text = _LIGATURE_INPUT_RE.sub(lambda m: m.group(0) + "\ue000", text)
    escapes = _ESCAPES if _balanced(text) else _ESCAPES_UNBALANCED
    out = _ESCAPE_RE.sub(lambda m: escapes[m.group(0)], text)
    if breaks:
        out = out.replace("\ue000", "{}")
    if ascii and not out.isascii():
        out = _NON_ASCII_RE.sub(lambda m: _char_to_latex(m.group(0)), out)
    return out


def to_ascii(raw: str) -> str:
    """Raw LaTeX (already valid BibTeX) with its non-ASCII characters replaced by LaTeX commands."""
    if raw.isascii():
        return raw
    return _NON_ASCII_RE.sub(lambda m: _char_to_latex(m.group(0)), raw)


_WORD_RE = re.compile(r"(?<![\\\w])\w[\w'-]*")


def protect_case(encoded: str) -> str:
    """Brace words that a BibTeX style must not lower-case: 'TeX', 'DNA', 'iPhone', 'McDonald'.

    Applied to titles written from decoded text, where the source's own braces are gone.
    """

    def fix(m: re.Match[str]) -> str:
        word = m.group(0)
        letters = [c for c in word if c.isalpha()]
        if len(letters) > 1 and any(c.isupper() for c in letters[1:]):
            return "{" + word + "}"
        return word

    return _WORD_RE.sub(fix, encoded)
