"""CSL locale files (terms, date formats, punctuation rules per language).

They come from the `citeproc-py` wheel, which ships the whole CSL locales repository
(`citeproc/data/locales/locales-xx-XX.xml` plus `locales.json`). Only the data files are used:
the package is found through its import spec and never imported. citeproc-js asks for locales
synchronously while it builds an engine, and mini-racer cannot call back into Python
synchronously, so every locale is handed to the JS context up front (`all_locale_xml`).
"""

from __future__ import annotations

import difflib
import importlib.util
import json
from functools import cache
from pathlib import Path

from refman.cite.errors import CitationError, UnknownLocaleError

DEFAULT_LOCALE = "en-US"


def locales_root() -> Path:
    spec = importlib.util.find_spec("citeproc")
    if spec is None or spec.origin is None:
        raise CitationError("CSL locales are missing: install the citeproc-py package (make install)")
    return Path(spec.origin).parent / "data" / "locales"


@cache
def _files() -> dict[str, Path]:
    root = locales_root()
    out = {p.name[len("locales-") : -len(".xml")]: p for p in sorted(root.glob("locales-*.xml"))}
    if DEFAULT_LOCALE not in out:
        raise CitationError(f"CSL locales are missing from {root}: reinstall citeproc-py (make install)")
    return out


@cache
def _meta() -> dict[str, dict[str, object]]:
    try:
        data = json.loads((locales_root() / "locales.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def list_locales() -> list[tuple[str, str]]:
    """(tag, English name) of every shipped locale, sorted by tag, for a locale picker."""
    names = _meta().get("language-names", {})
    out = []
    for tag in _files():
        pair = names.get(tag) if isinstance(names, dict) else None
        english = pair[1] if isinstance(pair, list) and len(pair) > 1 else tag
        out.append((tag, str(english)))
    return out


def _canonical(tag: str) -> str:
    """'en_gb' -> 'en-GB', 'sr-latn-rs' -> 'sr-Latn-RS' (BCP 47 casing)."""
    parts = [p for p in tag.strip().replace("_", "-").split("-") if p]
    if not parts:
        return ""
    out = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            out.append(part.title())
        elif len(part) in (2, 3):
            out.append(part.upper())
        else:
            out.append(part)
    return "-".join(out)


def resolve_locale(tag: str) -> str:
    """The shipped locale for a tag: exact ('id-ID'), case/underscore variants, or a bare language's
    primary dialect ('id' -> 'id-ID'). Raises UnknownLocaleError with close tags otherwise."""
    files = _files()
    wanted = _canonical(tag)
    if wanted in files:
        return wanted
    language = wanted.split("-", 1)[0]
    dialects = _meta().get("primary-dialects", {})
    if isinstance(dialects, dict) and wanted == language and str(dialects.get(language, "")) in files:
        return str(dialects[language])
    same_language = [t for t in files if t.split("-", 1)[0] == language]
    if "-" not in wanted and len(same_language) == 1:
        return same_language[0]
    suggestions = same_language or difflib.get_close_matches(wanted, list(files), n=4, cutoff=0.5)
    raise UnknownLocaleError(tag, suggestions[:4])


@cache
def locale_xml(tag: str) -> str:
    """The XML of a shipped locale, by exact tag as `resolve_locale` returns it."""
    try:
        return _files()[tag].read_text(encoding="utf-8")
    except KeyError:
        raise UnknownLocaleError(tag) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CitationError(f"cannot read CSL locale {tag}: {exc}") from exc


def all_locale_xml() -> dict[str, str]:
    """Every shipped locale's XML by tag (about 1.6 MB), to preload into a JS context."""
    return {tag: locale_xml(tag) for tag in _files()}


def primary_dialects() -> dict[str, str]:
    """Bare language -> its primary dialect tag, for the JS-side locale fallback."""
    dialects = _meta().get("primary-dialects", {})
    if not isinstance(dialects, dict):
        return {}
    files = _files()
    return {str(k): str(v) for k, v in dialects.items() if str(v) in files}
