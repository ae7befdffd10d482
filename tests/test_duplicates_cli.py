"""`refman duplicates`, `refman merge` and `import --merge-duplicates/--keep-duplicates`, run as processes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

A = r"""
@article{kahneman1979,
  author = {Kahneman, Daniel and Tversky, Amos},
  title = {Prospect Theory: An Analysis of Decision under Risk},
  journal = {Econometrica}, year = {1979}, volume = {47}, pages = {263--291}, doi = {10.2307/1914185}
}
@book{knuth1984,
  author = {Knuth, Donald E.}, title = {The {\TeX}book}, publisher = {Addison-Wesley}, year = {1984},
  isbn = {0-201-13447-0}
}
"""
B = r"""
@article{KT79,
  author = {Kahneman, D. and Tversky, A.}, title = {Prospect theory},
  journal = {Econometrica}, year = {1979}, pages = {263--291}, doi = {https://doi.org/10.2307/1914185}
}
@book{texbook,
  author = {Knuth, D. E.}, title = {The TeXbook}, year = {1984}, isbn = {978-0-201-13447-6}
}
@misc{other, author = {Shannon, Claude}, title = {A Mathematical Theory of Communication}, year = {1948}}
"""


def run(lib: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "refman", "-L", str(lib), *args], capture_output=True, text=True,
                          check=False)


def test_import_reports_then_duplicates_then_merge(tmp_path: Path) -> None:
    lib = tmp_path / "lib.sqlite"
    (tmp_path / "a.bib").write_text(A)
    (tmp_path / "b.bib").write_text(B)
    assert run(lib, "import", str(tmp_path / "a.bib")).returncode == 0
    r = run(lib, "import", str(tmp_path / "b.bib"))
    assert r.returncode == 0, r.stderr
    assert "2 look like entries already in the library" in r.stdout
    assert "refman merge kahneman1979 KT79" in r.stdout
    r = run(lib, "duplicates", "--json")
    clusters = json.loads(r.stdout)
    assert sorted(sorted(e["citekey"] for e in c) for c in clusters) == [["KT79", "kahneman1979"],
                                                                       ["knuth1984", "texbook"]]
    assert run(lib, "merge", "knuth1984", "texbook", "--take", "isbn=texbook").returncode == 0
    shown = run(lib, "show", "knuth1984").stdout
    assert "978-0-201-13447-6" in shown and "Addison-Wesley" in shown
    assert "texbook" not in run(lib, "search").stdout
    assert "texbook" in run(lib, "search", "is:trashed").stdout  # merged away: in the Trash
    r = run(lib, "duplicates", "--dismiss", "kahneman1979", "KT79")
    assert r.returncode == 0
    r = run(lib, "duplicates")
    assert "0 groups" in r.stderr
    r = run(lib, "merge", "kahneman1979", "nosuch")
    assert r.returncode == 1 and "nosuch" in r.stderr
    r = run(lib, "merge", "kahneman1979", "KT79", "--take", "colour=KT79")
    assert r.returncode == 1 and "unknown field" in r.stderr


def test_import_merge_duplicates_and_keep_duplicates(tmp_path: Path) -> None:
    (tmp_path / "a.bib").write_text(A)
    (tmp_path / "b.bib").write_text(B)
    lib = tmp_path / "m.sqlite"
    run(lib, "import", str(tmp_path / "a.bib"))
    r = run(lib, "import", "--merge-duplicates", str(tmp_path / "b.bib"))
    assert r.returncode == 0, r.stderr
    assert "merged KT79 into kahneman1979" in r.stdout
    keys = run(lib, "search").stdout
    assert "KT79" not in keys and "texbook" not in keys and "other" in keys
    lib2 = tmp_path / "k.sqlite"
    run(lib2, "import", str(tmp_path / "a.bib"))
    r = run(lib2, "import", "--keep-duplicates", str(tmp_path / "b.bib"))
    assert "refman merge" not in r.stdout
    assert "KT79" in run(lib2, "search").stdout
