"""Round trip of every .bib in TeX Live's bibtex/bib tree through a refman library (issue 20).

Run: .venv/bin/python benchmarks/texlive_roundtrip.py [--bibtool] [--limit N]

Each file is imported into a fresh library and the library exported as BibTeX. Printed per file
and in total: entries, macros, whether the export is byte-identical to the file, text-identical
(the same text after decoding: refman writes UTF-8, so a Latin-1 file cannot be byte-identical),
and whether BibTeX (`\\nocite{*}`, style plain) writes the same .bbl from the export as from the
original. With --bibtool the same is measured for `bibtool -i FILE -o OUT` (default settings).
"""

from __future__ import annotations

import argparse
import io
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from refman.library import Library


@dataclass
class Row:
    name: str
    entries: int = 0
    macros: int = 0
    encoding: str = ""
    byte_same: bool = False
    text_same: bool = False
    bbl_same: bool | None = None  # None: BibTeX wrote no .bbl from the original
    bibtool_byte_same: bool | None = None
    bibtool_bbl_same: bool | None = None
    bibtool_entries: int | None = None


def bib_files() -> list[Path]:
    root = subprocess.run(["kpsewhich", "-var-value", "TEXMFDIST"], capture_output=True, text=True).stdout.strip()
    tree = Path(root) / "bibtex" / "bib"
    return sorted(tree.rglob("*.bib")) if tree.is_dir() else []


def bbl(folder: Path, data: bytes) -> bytes | None:
    """The .bbl of `\\nocite{*}` with style plain over this .bib content (None if none was written)."""
    for old in folder.iterdir():
        old.unlink()
    (folder / "db.bib").write_bytes(data)
    (folder / "doc.aux").write_text("\\citation{*}\n\\bibstyle{plain}\n\\bibdata{db}\n", encoding="ascii")
    subprocess.run(["bibtex", "-terse", "doc"], cwd=folder, capture_output=True, check=False, timeout=300)
    out = folder / "doc.bbl"
    return out.read_bytes() if out.exists() else None


def count_entries(data: bytes) -> int:
    from refman.formats.bibtex import read

    return len(read(data.decode("utf-8", "replace"), "x").entries)


def measure(path: Path, work: Path, with_bibtool: bool) -> Row:
    row = Row(path.name)
    original = path.read_bytes()
    lib_dir = work / "lib"
    lib_dir.mkdir(exist_ok=True)
    for old in lib_dir.iterdir():
        old.unlink()
    lib = Library.open(lib_dir / "l.sqlite")
    try:
        report, _ = lib.import_file(path)
        row.entries = len(report.added) + len(report.updated) + len(report.unchanged) + len(report.linked)
        row.macros = getattr(report, "macros", 0)  # 0 before macros were library data
        row.encoding = report.encoding
        out = io.StringIO()
        lib.export(out, "bibtex")
    finally:
        lib.close()
    exported = out.getvalue().encode("utf-8")
    row.byte_same = exported == original
    try:
        row.text_same = out.getvalue() == original.decode(report.encoding)
    except (LookupError, UnicodeDecodeError):
        row.text_same = False
    tex = work / "tex"
    tex.mkdir(exist_ok=True)
    before = bbl(tex, original)
    if before is not None:
        # The export in the file's own encoding where it can be, so that BibTeX sees the same bytes.
        try:
            again = out.getvalue().encode(report.encoding)
        except (LookupError, UnicodeEncodeError):
            again = exported
        row.bbl_same = bbl(tex, again) == before
    if with_bibtool and shutil.which("bibtool"):
        target = work / "bibtool.bib"
        subprocess.run(["bibtool", "-q", "-i", str(path), "-o", str(target)], capture_output=True, check=False,
                       timeout=300)
        if target.exists():
            data = target.read_bytes()
            row.bibtool_byte_same = data == original
            row.bibtool_entries = count_entries(data)
            if before is not None:
                row.bibtool_bbl_same = bbl(tex, data) == before
            target.unlink()
        else:
            row.bibtool_byte_same = False
    return row


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bibtool", action="store_true", help="measure bibtool (default settings) on the same files")
    ap.add_argument("--limit", type=int, default=0)
    args = ap.parse_args(argv)
    files = bib_files()
    if args.limit:
        files = files[: args.limit]
    if not files:
        print("no TeX Live bibtex/bib tree found (install texlive-base / texlive-bibtex-extra)")
        return 1
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp:
        for path in files:
            row = measure(path, Path(tmp), args.bibtool)
            rows.append(row)
            flag = lambda v: "-" if v is None else ("yes" if v else "NO")  # noqa: E731
            line = (f"{row.name[:38]:38} {row.entries:6} entries {row.macros:5} macros {row.encoding:8} "
                    f"bytes {flag(row.byte_same):3} text {flag(row.text_same):3} bbl {flag(row.bbl_same):3}")
            if args.bibtool:
                line += (f" | bibtool bytes {flag(row.bibtool_byte_same):3} bbl {flag(row.bibtool_bbl_same):3} "
                         f"entries {row.bibtool_entries if row.bibtool_entries is not None else '-'}")
            print(line, flush=True)
    with_bbl = [r for r in rows if r.bbl_same is not None]
    print()
    print(f"files: {len(rows)}; entries: {sum(r.entries for r in rows)}; macros: {sum(r.macros for r in rows)}")
    print(f"refman: byte-identical {sum(r.byte_same for r in rows)}/{len(rows)}, "
          f"text-identical {sum(r.text_same for r in rows)}/{len(rows)}, "
          f".bbl-identical {sum(bool(r.bbl_same) for r in with_bbl)}/{len(with_bbl)} (files BibTeX reads)")
    if args.bibtool:
        from refman.formats.bibtex import read

        dropped = sum(1 for r in rows if r.bibtool_entries is not None
                      and r.bibtool_entries < len(read(Path(bib_path(r.name, files)).read_bytes()
                                                       .decode("utf-8", "replace"), "x").entries))
        print(f"bibtool: byte-identical {sum(bool(r.bibtool_byte_same) for r in rows)}/{len(rows)}, "
              f".bbl-identical {sum(bool(r.bibtool_bbl_same) for r in with_bbl)}/{len(with_bbl)}, "
              f"files with entries dropped {dropped}")
    return 0


def bib_path(name: str, files: list[Path]) -> Path:
    return next(p for p in files if p.name == name)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
