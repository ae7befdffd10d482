"""Export: write the library, a search or a selection in a chosen format, atomically to a file."""

from __future__ import annotations

import contextlib
import glob
import io
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from refman.core.errors import Cancelled, InputError
from refman.core.query import Node
from refman.core.records import ExportRecord
from refman.formats import registry
from refman.library.callbacks import CancelCheck, Progress
from refman.library.export_cache import ExportCache
from refman.library.journals import load_abbreviations, with_journal_form
from refman.library.macros import with_macros
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
               ids: Sequence[int] | None = None, progress: Progress | None = None, cache: ExportCache | None = None,
               **options: object) -> int:
        """Write entries to `out`; the number written. `cache` (keep-updated exports) keeps the
        work of this export for the next one (library.export_cache)."""
        if fmt not in EXPORT_FORMATS:
            raise InputError(f"cannot export to '{fmt}' (choose from {', '.join(EXPORT_FORMATS)})")
        info = registry.by_name(fmt)
        records = self.export_records(fmt, query, ids)
        if fmt in ("bibtex", "biblatex") and (ids is not None or (query is not None and query != "")):
            records = with_macros(self.store, records,  # the @string blocks the raw entries use
                                  cache.macros if cache is not None else None)
        journals = options.pop("journals", None)
        if journals:  # "abbreviated" or "full" (see library.journals)
            records = with_journal_form(records, str(journals), load_abbreviations())
        if progress is not None:
            total = len(ids) if ids is not None else self.count(query if query is not None else "")
            records = _counted(records, total, progress)
        if cache is not None and fmt in ("bibtex", "biblatex"):
            options["rendered"] = cache.rendered
        return info.write(records, out, **options)

    def export_to_file(self, path: str | os.PathLike[str], fmt: str = "bibtex", query: str | Node | None = None, *,
                       ids: Sequence[int] | None = None, cancelled: CancelCheck | None = None,
                       progress: Progress | None = None, **options: Any) -> int:
        """Write atomically: a temporary file in the same folder, renamed over the target only
        when complete, so a failed or cancelled export never destroys the previous file."""
        with atomic_file(path) as out:
            sink: TextIO = out if cancelled is None else _CancellableWriter(out, cancelled)  # type: ignore[assignment]
            n = self.export(sink, fmt, query, ids=ids, progress=progress, **options)
        return n


@contextlib.contextmanager
def atomic_file(path: str | os.PathLike[str]) -> Iterator[TextIO]:
    """A text file written in full or not at all: a temporary file beside the target (named for this
    process, so a killed export's leftovers can be told apart and removed), synced, then renamed over
    it. Through a symlink to the file it names; with the replaced file's mode, or the umask's."""
    target = Path(os.path.realpath(path))
    mode = _file_mode(target)
    _remove_stale_temporaries(target)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp", dir=target.parent)
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_atomically(path: str | os.PathLike[str], text: str) -> None:
    """Write a whole text to a file the way export_to_file does (atomic_file)."""
    with atomic_file(path) as out:
        out.write(text)


def _file_mode(target: Path) -> int:
    """The mode the export gets: that of the file it replaces, else what the umask gives a new
    file (mkstemp's 0600 would make every export private)."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        return 0o666 & ~_umask()


def _umask() -> int:
    try:  # Linux says it without changing it (os.umask can only be read by setting it)
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    old = os.umask(0o022)
    os.umask(old)
    return old


def _remove_stale_temporaries(target: Path) -> None:
    """Temporary files of exports to this name whose process is gone (killed mid-export): each
    names its process, so a running export's file is never taken."""
    for tmp in target.parent.glob(f".{glob.escape(target.name)}.*.tmp"):
        pid_text = tmp.name[len(target.name) + 2 :].split(".", 1)[0]
        if not pid_text.isdigit():
            continue
        try:
            os.kill(int(pid_text), 0)
        except ProcessLookupError:
            tmp.unlink(missing_ok=True)
        except OSError:
            continue


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
