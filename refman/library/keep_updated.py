"""Exports kept up to date (Better BibTeX's auto-export): a file that is written again after
each change to the library.

`keep_updated(path, fmt, query)` writes the file and registers it in the library;
`refresh_keep_updated()` writes every registered file again. Each file is rendered in memory
and compared with what is on disk: when nothing changed the file is not touched (its mtime
stays, so a LaTeX editor watching it does not rebuild), otherwise it is replaced atomically
(temporary file + rename). The store keeps the entries it read between refreshes
(`Store.entry_cache`, checked against each entry's `modified` stamp) and the work of rendering
them (library.export_cache), so a refresh after one edit reads and renders one entry, not all
of them. Debouncing (2 s after the last change) and running in
the background are the GUI's part (refman/gui/keep_updated.py); the CLI refreshes on
`refman exports --refresh`.
"""

from __future__ import annotations

import contextlib
import gc
import io
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from refman.core.errors import InputError, NotFoundError
from refman.core.organise import KeepUpdated
from refman.store import Store

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence
    from typing import TextIO

    from refman.core.query import Node
from refman.library.callbacks import Progress
from refman.library.export_cache import ExportCache
from refman.library.exporting import write_atomically

KEEP_UPDATED_DELAY_MS = 2000  # the GUI's debounce: write once the library has been quiet this long


@contextlib.contextmanager
def _without_gc_pauses() -> Iterator[None]:
    """The cyclic garbage collector off while an export is rendered: a re-export allocates a
    record per entry while the caches hold every entry, and the collector's passes over that
    heap were 2/3 of reading a whole library's memberships (0.3 of 0.45 s at 100k). Rendering
    makes no reference cycles, so nothing waits for the collector; it runs again afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class KeepUpdatedMixin:
    """Keep-updated exports of `Library`."""

    store: Store

    if TYPE_CHECKING:
        def export(self, out: TextIO, fmt: str = "bibtex", query: str | Node | None = None, *,
                   ids: Sequence[int] | None = None, progress: Progress | None = None,
                   cache: ExportCache | None = None, **options: object) -> int: ...

    def keep_updated(self, path: str | os.PathLike[str], fmt: str = "bibtex", query: str = "",
                     **options: object) -> tuple[KeepUpdated, bool]:
        """Register `path` as kept up to date and write it now: (the registration, whether written)."""
        from refman.library.exporting import EXPORT_FORMATS

        if fmt not in EXPORT_FORMATS:
            raise InputError(f"cannot export to '{fmt}' (choose from {', '.join(EXPORT_FORMATS)})")
        target = str(Path(path).expanduser().resolve())
        if Path(target).is_dir():
            raise InputError(f"{target} is a folder; give a file such as {Path(target) / 'library.bib'}")
        if self.store.entry_cache is None:
            self.store.entry_cache = {}
        # A bad query fails here, before registering; what it renders is reused by the write below.
        given: dict[str, Any] = dict(options)
        self.export(io.StringIO(), fmt, query or None, cache=self._export_cache(target), **given)
        with self.store.transaction() as txn:
            txn.register_keep_updated(target, fmt, query, json.dumps(options, sort_keys=True) if options else "")
        spec = next(k for k in self.store.keep_updated() if k.path == target)
        return spec, self._write_if_changed(spec)

    def keep_updated_exports(self) -> list[KeepUpdated]:
        return self.store.keep_updated()

    def stop_keep_updated(self, path: str | os.PathLike[str]) -> None:
        """Stop keeping a file up to date (the file itself stays)."""
        target = str(Path(path).expanduser().resolve())
        self.__dict__.get("_keep_updated_caches", {}).pop(target, None)
        with self.store.transaction() as txn:
            if not txn.unregister_keep_updated(target) and not txn.unregister_keep_updated(str(path)):
                raise NotFoundError(f"{path} is not kept up to date (see: refman exports)")

    def refresh_keep_updated(self) -> list[tuple[str, bool]]:
        """Write every kept-updated file whose content changed: [(path, written)].

        A file that cannot be written is reported by an exception naming it after the others
        were tried."""
        if self.store.entry_cache is None:
            self.store.entry_cache = {}
        done: list[tuple[str, bool]] = []
        failed: list[str] = []
        for spec in self.store.keep_updated():
            try:
                done.append((spec.path, self._write_if_changed(spec)))
            except OSError as exc:
                failed.append(f"{spec.path}: {exc.strerror or exc}")
        if failed:
            raise InputError("cannot keep updated " + "; ".join(failed))
        return done

    def _render(self, spec: KeepUpdated) -> str:
        options = json.loads(spec.options) if spec.options else {}
        out = io.StringIO(newline="")
        with _without_gc_pauses():
            self.export(out, spec.format, spec.query or None, cache=self._export_cache(spec.path), **options)
        return out.getvalue()

    def _export_cache(self, path: str) -> ExportCache:
        """The cache of one kept-updated file: files differ in dialect, options and the macros
        in scope, so one shared cache would have them render each other's entries again."""
        caches: dict[str, ExportCache] = self.__dict__.setdefault("_keep_updated_caches", {})
        return caches.setdefault(path, ExportCache())

    def _write_if_changed(self, spec: KeepUpdated) -> bool:
        if self.store.entry_cache is None:
            self.store.entry_cache = {}
        text = self._render(spec)
        target = Path(spec.path)
        data = text.encode("utf-8")
        try:
            if target.read_bytes() == data:
                return False
        except FileNotFoundError:
            pass
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(target, text)  # as every export: atomic, through symlinks, the file's own mode
        with self.store.transaction() as txn:
            txn.keep_updated_written(spec.path)
        return True
