"""CitationEngine: formatted bibliographies and in-text citations from CSL-JSON items.

Building a CSL.Engine for a style takes from 0.05 s (IEEE) to over a second (APA, Chicago), so
engines are built on first use, or ahead of time with `preload` from a worker thread, and kept
(least recently used dropped past `max_engines`). One engine per (style, locale) serves both
output formats: citeproc-js switches format per request (setOutputFormat), as Zotero does, which
halves the build cost of putting text/plain and text/html on the clipboard together.

Every request starts from an empty citeproc registry, so its result depends on the items passed,
not on earlier requests, with one known exception inside citeproc-js itself: the first date range
an engine renders can come out wrong in some styles (e.g. "2019–Accessed 2020, ." once, then
"2019–2020."), the same as in Zotero or citeproc-js on node.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from typing import Any, Literal

from refman.cite.citeproc_js import CiteprocRuntime
from refman.cite.errors import CitationError
from refman.cite.locales import DEFAULT_LOCALE, resolve_locale
from refman.cite.styles import resolve_style

OutputFormat = Literal["text", "html"]
FORMATS: tuple[str, ...] = ("text", "html")


class CitationEngine:
    """Formats CSL-JSON items (dicts whose "id" is the citekey) with any shipped CSL style.

    `locale=None` lets the style choose (its default-locale, else en-US), as Zotero does; an
    explicit locale ("en-GB", "id", "id-ID") overrides the style's. `fmt` is "text" or "html".
    Thread-safe.
    """

    def __init__(self, max_engines: int = 12) -> None:
        self._max_engines = max(1, max_engines)
        self._runtime: CiteprocRuntime | None = None
        self._runtime_lock = threading.Lock()
        self._engines: OrderedDict[str, str] = OrderedDict()  # key -> style class ("in-text"/"note")
        self._engines_lock = threading.Lock()
        self._building: dict[str, threading.Lock] = {}
        self._resolved: dict[tuple[str, str | None], str] = {}  # (style, locale) as asked -> key

    # -- public ---------------------------------------------------------------------------------

    def preload(self, style: str = "apa", locale: str | None = None) -> None:
        """Load citeproc-js and build the engine for (style, locale) now; call from a worker thread."""
        self._engine_key(style, locale)

    def bibliography(
        self,
        items: Sequence[Mapping[str, Any]],
        style: str = "apa",
        locale: str | None = None,
        fmt: str = "text",
    ) -> list[str]:
        """One formatted entry per item, in the style's bibliography order (numeric styles number
        items in the order given). A style without a bibliography yields one citation per item."""
        _check_format(fmt)
        data = _items(items)
        if not data:
            return []
        result = self._request("bibliography", style, locale, data, fmt)
        if not isinstance(result, Mapping) or not isinstance(result.get("entries"), list):
            raise CitationError(f"citeproc-js returned no bibliography for style {style!r}")
        return [str(entry).strip() for entry in result["entries"]]

    def citation(
        self,
        items: Sequence[Mapping[str, Any]],
        style: str = "apa",
        locale: str | None = None,
        fmt: str = "text",
    ) -> str:
        """One in-text citation (or note, for note styles) citing all items together."""
        _check_format(fmt)
        data = _items(items)
        if not data:
            return ""
        return str(self._request("citation", style, locale, data, fmt)).strip()

    def is_built(self, style: str = "apa", locale: str | None = None) -> bool:
        """Whether (style, locale) was asked for and its engine is built: a request will not wait."""
        with self._engines_lock:
            known = self._resolved.get((style, locale))
            return known is not None and known in self._engines

    def style_class(self, style: str = "apa", locale: str | None = None) -> str:
        """ "in-text" or "note": whether the style's citations go in the text or in footnotes."""
        key = self._engine_key(style, locale)
        with self._engines_lock:
            return self._engines.get(key, "")

    def close(self) -> None:
        """Free the V8 isolate and its engines; a later call starts a fresh one."""
        with self._runtime_lock:
            if self._runtime is not None:
                self._runtime.close()
            self._runtime = None
        with self._engines_lock:
            self._engines.clear()

    # -- internals ------------------------------------------------------------------------------

    def _request(
        self, function: str, style: str, locale: str | None, data: list[dict[str, Any]], fmt: str
    ) -> Any:
        for attempt in (1, 2):
            key = self._engine_key(style, locale)
            try:
                return self._rt().call(function, key, data, fmt)
            except CitationError as exc:
                # Another thread may have evicted the engine between look-up and use: build it again.
                if attempt == 2 or "no citation engine built" not in str(exc):
                    raise
                with self._engines_lock:
                    self._engines.pop(key, None)
        raise AssertionError("unreachable")  # pragma: no cover

    def _rt(self) -> CiteprocRuntime:
        with self._runtime_lock:
            if self._runtime is None:
                self._runtime = CiteprocRuntime()
            return self._runtime

    def _engine_key(self, style: str, locale: str | None) -> str:
        asked = (style, locale)
        with self._engines_lock:
            known = self._resolved.get(asked)
            if known is not None and known in self._engines:
                self._engines.move_to_end(known)
                return known
        style_id, xml = resolve_style(style)
        lang = resolve_locale(locale) if locale else None
        digest = hashlib.sha1(xml.encode("utf-8")).hexdigest()[:12]
        key = f"{style_id}|{lang or ''}|{digest}"
        with self._engines_lock:
            self._resolved[asked] = key
            if key in self._engines:
                self._engines.move_to_end(key)
                return key
            build_lock = self._building.setdefault(key, threading.Lock())
        with build_lock:  # a second thread asking for the same engine waits for the first build
            with self._engines_lock:
                if key in self._engines:
                    return key
            runtime = self._rt()
            try:
                style_class = runtime.call("build", key, xml, lang or DEFAULT_LOCALE, lang is not None)
            except CitationError as exc:
                with self._engines_lock:
                    self._building.pop(key, None)
                raise CitationError(f"style {style!r} could not be built: {exc}") from exc
            with self._engines_lock:
                self._engines[key] = str(style_class or "")
                self._building.pop(key, None)
                evicted = []
                while len(self._engines) > self._max_engines:
                    evicted.append(self._engines.popitem(last=False)[0])
            for old in evicted:
                runtime.call("drop", old)
        return key


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise CitationError(f"unknown output format {fmt!r}; use one of {', '.join(FORMATS)}")


def _items(items: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Plain dicts with a string id; items without one are refused rather than guessed at."""
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for n, item in enumerate(items, 1):
        if not isinstance(item, Mapping):
            raise CitationError(f"item {n} is not a CSL-JSON object")
        ident = item.get("id")
        if ident is None or str(ident) == "":
            raise CitationError(f"item {n} has no id (the citekey)")
        key = str(ident)
        if key in seen:
            continue
        seen.add(key)
        data = dict(item)
        data["id"] = key
        out.append(data)
    return out


_shared: CitationEngine | None = None
_shared_lock = threading.Lock()


def default_engine() -> CitationEngine:
    """The process-wide engine the CLI and GUI share, so a style is built once per session."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = CitationEngine()
        return _shared
