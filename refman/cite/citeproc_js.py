"""citeproc-js, the reference CSL processor (Zotero, Mendeley), hosted in an embedded V8 (mini-racer).

One `CiteprocRuntime` owns one V8 isolate holding citeproc.js, our host shim (js/host.js), every CSL
locale, and the CSL.Engine objects built so far. The isolate lives on a thread of its own and every
call is handed to that thread, one at a time, so a runtime is safe to share between the GUI thread
and a worker that builds engines in the background.

citeproc.js is not in git: `make install` fetches it (tools/fetch_citeproc.sh, pinned and
checksummed) next to this file, with its licence (CPAL-1.0 or AGPL-3.0; see
packaging/citeproc-js.md).
"""

from __future__ import annotations

import queue
import threading
import weakref
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import Any, TypeVar

from refman.cite.errors import CitationError, CiteprocMissingError
from refman.cite.locales import all_locale_xml, primary_dialects

JS_DIR = Path(__file__).resolve().parent / "js"
CITEPROC_JS = JS_DIR / "citeproc.js"
HOST_JS = JS_DIR / "host.js"

T = TypeVar("T")

# A runaway style must become an error, not a frozen GUI: 1,000 APA entries take about 5 s.
CALL_TIMEOUT_S = 120.0


def _js_error(exc: BaseException) -> str:
    """First line of a V8 error (mini-racer appends the source line and a caret drawing)."""
    text = str(exc).strip()
    for line in text.splitlines():
        if "Error" in line or "error" in line:
            return line.strip()
    return text.splitlines()[0] if text else type(exc).__name__


class _OwnerThread:
    """The one thread on which every MiniRacer of the process is created, used and closed.

    mini-racer 0.14 crashes the process (SIGSEGV) when isolates are created or used from more
    than one Python thread: an isolate built on a GUI worker and freed from the GUI thread, or
    two engines built on two threads. Confining all of them to one daemon thread avoids that.
    """

    def __init__(self) -> None:
        self._jobs: queue.SimpleQueue[tuple[Callable[[], Any], Future[Any]] | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._loop, name="refman-citeproc-js", daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                return
            fn, future = job
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(fn())
            except BaseException as exc:
                future.set_exception(exc)

    def run(self, fn: Callable[[], T]) -> T:
        if threading.current_thread() is self._thread:
            return fn()
        future: Future[T] = Future()
        self._jobs.put((fn, future))
        return future.result()


_owner: _OwnerThread | None = None
_owner_lock = threading.Lock()


def _owner_thread() -> _OwnerThread:
    global _owner
    with _owner_lock:
        if _owner is None:
            _owner = _OwnerThread()
        return _owner


def _shut_down(owner: _OwnerThread, ctx: Any) -> None:
    """Finalizer (also run at interpreter exit): close the isolate on the owner thread.

    A live isolate with citeproc.js loaded otherwise blocks interpreter exit in mini-racer 0.14.
    """
    owner.run(ctx.close)


class CiteprocRuntime:
    """A V8 isolate with citeproc.js loaded; engines inside it are addressed by string keys."""

    def __init__(self) -> None:
        if not CITEPROC_JS.is_file():
            raise CiteprocMissingError(
                f"citeproc-js is missing ({CITEPROC_JS}): run `make install` "
                "(it fetches it with tools/fetch_citeproc.sh)"
            )
        try:
            from py_mini_racer import MiniRacer
        except ImportError as exc:  # pragma: no cover - a broken install, not a code path
            raise CitationError(f"the mini-racer package is missing ({exc}); run make install") from exc
        sources = (
            "var module = {exports: {}};",
            CITEPROC_JS.read_text(encoding="utf-8"),
            HOST_JS.read_text(encoding="utf-8"),
        )
        locales, dialects = all_locale_xml(), primary_dialects()
        self._lock = threading.Lock()
        self._owner = _owner_thread()
        self._ctx = self._owner.run(MiniRacer)
        self._finalizer = weakref.finalize(self, _shut_down, self._owner, self._ctx)

        def load() -> None:
            for source in sources:
                self._ctx.eval(source)
            self._ctx.call("REFMAN_HOST.setLocales", locales, dialects)

        try:
            self._owner.run(load)
        except Exception as exc:
            self.close()
            raise CitationError(f"citeproc-js failed to load: {_js_error(exc)}") from exc

    def close(self) -> None:
        self._finalizer()

    def call(self, function: str, *args: Any) -> Any:
        """Call REFMAN_HOST.<function>(*args) on the isolate's thread; JS errors become CitationError."""
        if not self._finalizer.alive:
            raise CitationError("the citation engine was closed")
        try:
            with self._lock:
                return self._owner.run(
                    lambda: self._ctx.call(f"REFMAN_HOST.{function}", *args, timeout_sec=CALL_TIMEOUT_S)
                )
        except Exception as exc:
            if type(exc).__module__.startswith("py_mini_racer"):
                raise CitationError(f"citeproc-js: {_js_error(exc)}") from exc
            if isinstance(exc, TypeError | ValueError):  # arguments that are not JSON
                raise CitationError(f"item data cannot be passed to citeproc-js: {exc}") from exc
            raise
