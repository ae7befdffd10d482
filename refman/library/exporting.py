"""Export: write the library, a search or a selection in a chosen format, atomically to a file."""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from refman.core.errors import Cancelled, InputError
from refman.core.query import Node
from refman.core.records import ExportRecord
from refman.formats import registry
from refman.library.callbacks import CancelCheck, Progress
from refman.store import Store

EXPORT_FORMATS = ("bibtex", "biblatex", "csljson", "ris")


class _CancellableWriter(io.TextIOBase):
    """A text stream that raises Cancelled as soon as the user asks (checked on every write)."""

    def __init__(self, out: TextIO, cancelled: CancelCheck) -> None:
        super().__init__()
        self._out = out
        self._cancelled = cancelled

    def writable(self) -> bool:
        return True

    def write(self, s: str) -> int:
        if self._cancelled():
            raise Cancelled("export cancelled; no file was written")
        return self._out.write(s)


class ExportingMixin:
    """The export use-cases of `Library`."""

    store: Store

    if TYPE_CHECKING:  # from BrowsingMixin
        def count(self, query: str | Node = "") -> int: ...

        @staticmethod
        def _q(query: str | Node) -> Node: ...

    def export_records(self, fmt: str, query: str | Node | None = None,
                       ids: Sequence[int] | None = None) -> Iterable[ExportRecord]:
        if ids is not None:
            return (ExportRecord(kind="entry", entry=e, raw=None) for e in self.store.get_many(ids))
        q = None if query is None or query == "" else self._q(query)
        return self.store.export_records(q, fmt)

    def export(self, out: TextIO, fmt: str = "bibtex", query: str | Node | None = None, *,
               ids: Sequence[int] | None = None, progress: Progress | None = None, **options: object) -> int:
        if fmt not in EXPORT_FORMATS:
            raise InputError(f"cannot export to '{fmt}' (choose from {', '.join(EXPORT_FORMATS)})")
        info = registry.by_name(fmt)
        records = self.export_records(fmt, query, ids)
        if progress is not None:
            total = len(ids) if ids is not None else self.count(query if query is not None else "")
            records = _counted(records, total, progress)
        return info.write(records, out, **options)

    def export_to_file(self, path: str | os.PathLike[str], fmt: str = "bibtex", query: str | Node | None = None, *,
                       ids: Sequence[int] | None = None, cancelled: CancelCheck | None = None,
                       progress: Progress | None = None, **options: object) -> int:
        """Write atomically: a temporary file in the same folder, renamed over the target only
        when complete, so a failed or cancelled export never destroys the previous file."""
        target = Path(path)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or ".")
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
                sink: TextIO = out if cancelled is None else _CancellableWriter(out, cancelled)  # type: ignore[assignment]
                n = self.export(sink, fmt, query, ids=ids, progress=progress, **options)
                out.flush()
                os.fsync(out.fileno())
            os.chmod(tmp, _file_mode(target))  # mkstemp makes 0600; an export is an ordinary file
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return n


def _umask() -> int:
    """The process umask, read without changing it where the system allows (exports run in a
    worker thread; setting the umask to read it would race with other threads creating files)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    old = os.umask(0o022)
    os.umask(old)
    return old


def _file_mode(target: Path) -> int:
    """The mode an exported file gets: the replaced file's, or what a new file gets under the umask."""
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        return 0o666 & ~_umask()


def _counted(records: Iterable[ExportRecord], total: int, progress: Progress,
             every: int = 500) -> Iterator[ExportRecord]:
    """The records, reporting progress(entries so far, total) every `every` entries and at the end."""
    done = 0
    for record in records:
        yield record
        if record.kind == "entry":
            done += 1
            if done % every == 0:
                progress(done, max(total, done))
    progress(done, max(total, done))
