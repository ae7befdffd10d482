"""`refman export --aux/--tex` on real LaTeX documents compiled here with pdflatex, bibtex and
biber: the exported subset gives the document the same .bbl as the whole library (issue 20)."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from latex import need
from texlive import kpsewhich

from refman.cli.main import main
from refman.formats.latexcites import scan_aux, scan_bcf, scan_tex
from refman.library import Library

LIB_BIB = r"""@preamble{"\newcommand{\noopsort}[1]{}"}

@string{jfoo = "Journal of Foo"}

@article{alpha,
  author = {Alpha, Ann},
  title = {First Things},
  journal = jfoo,
  year = {2001},
}

@book{beta,
  author = {Beta, Bob},
  title = {{\noopsort{b}}Second Things},
  publisher = {Press},
  year = {2002},
}

@inproceedings{child1,
  author = {Child, Carl},
  title = {One Paper},
  crossref = {proc},
  pages = {1--10},
}

@inproceedings{child2,
  author = {Child, Cora},
  title = {Another Paper},
  crossref = {proc},
  pages = {11--20},
}

@inproceedings{uncited,
  author = {Never, Ned},
  title = {Not Cited},
  crossref = {proc},
}

@proceedings{proc,
  editor = {Editor, Eve},
  title = {Proceedings of Things},
  booktitle = {Proceedings of Things},
  publisher = {Press},
  year = {2003},
}
"""
IEEE_REFS = """@article{kalman1960,
  author = {Kalman, Rudolf E.},
  title = {A New Approach to Linear Filtering},
  journal = IEEE_J_AC,
  year = {1960},
}
"""


def _library(tmp: Path) -> Path:
    lib_path = tmp / "lib.sqlite"
    lib = Library.open(lib_path)
    (tmp / "src").mkdir()
    for name, text in (("things.bib", LIB_BIB), ("ieee.bib", IEEE_REFS)):
        (tmp / "src" / name).write_text(text, encoding="utf-8")
        lib.import_file(tmp / "src" / name)
    shutil.copy(kpsewhich("IEEEabrv.bib"), tmp / "src" / "IEEEabrv.bib")
    lib.import_file(tmp / "src" / "IEEEabrv.bib")  # after the entry that uses its macro
    lib.close()
    return lib_path


def _run(cmd: list[str], cwd: Path) -> None:
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, check=False, timeout=120)
    if proc.returncode not in (0, 1) or not any(cwd.iterdir()):
        raise AssertionError(f"{cmd}: {proc.stdout[-2000:]}{proc.stderr[-2000:]}")


def _cli(lib: Path, *args: str) -> tuple[int, str]:
    err = io.StringIO()
    code = main(["-L", str(lib), "export", *args], io.StringIO(), err)
    return code, err.getvalue()


NATBIB_MAIN = r"""\documentclass{article}
\usepackage{natbib}
\begin{document}
Text \citep[p.~2]{alpha,beta} and \citet*{child1}. % \cite{uncited}
\include{chap1}
\input{sec2}
\bibliographystyle{plainnat}
\bibliography{lib}
\end{document}
"""


def test_natbib_document_with_bibtex(tmp_path: Path) -> None:
    need("pdflatex")
    need("bibtex")
    lib = _library(tmp_path)
    doc = tmp_path / "doc"
    doc.mkdir()
    (doc / "main.tex").write_text(NATBIB_MAIN, encoding="utf-8")
    (doc / "chap1.tex").write_text("\\citeauthor{kalman1960} and \\citeyearpar{child2}.\n", encoding="utf-8")
    (doc / "sec2.tex").write_text("See \\citealp{nosuchkey}.\n", encoding="utf-8")
    assert _cli(lib, "-o", str(doc / "lib.bib"))[0] == 0  # the whole library
    _run(["pdflatex", "-interaction=nonstopmode", "main"], doc)
    _run(["bibtex", "main"], doc)
    full = (doc / "main.bbl").read_text(encoding="utf-8")
    assert "Journal of Foo" in full and "{IEEE} Trans. Autom. Control" in full and "Proceedings of Things" in full
    for flag, target in (("--aux", "main.aux"), ("--tex", "main.tex")):
        code, err = _cli(lib, flag, str(doc / target), "-o", str(doc / "lib.bib"))
        assert code == 1 and "cited key 'nosuchkey' is not in the library" in err
        subset = (doc / "lib.bib").read_text(encoding="utf-8")
        assert "@inproceedings{uncited" not in subset and "@article{kalman1960" in subset
        assert subset.count("@STRING") == 1 and "@string{jfoo" in subset and "@preamble" in subset
        (doc / "main.bbl").unlink()
        _run(["bibtex", "main"], doc)
        assert (doc / "main.bbl").read_text(encoding="utf-8") == full, flag


BIBLATEX_MAIN = r"""\documentclass{article}
\usepackage[backend=biber,style=authoryear]{biblatex}
\addbibresource{lib.bib}
\begin{document}
\parencite[see][12]{alpha} \textcite{child1} \cites[1]{beta}[2]{kalman1960}
\input{more}
\printbibliography
\end{document}
"""


def test_biblatex_document_with_biber(tmp_path: Path) -> None:
    need("pdflatex")
    need("biber")
    kpsewhich("biblatex.sty")
    lib = _library(tmp_path)
    doc = tmp_path / "doc"
    doc.mkdir()
    (doc / "main.tex").write_text(BIBLATEX_MAIN, encoding="utf-8")
    (doc / "more.tex").write_text("\\Autocite{child2}\n", encoding="utf-8")
    assert _cli(lib, "-o", str(doc / "lib.bib"))[0] == 0
    _run(["pdflatex", "-interaction=nonstopmode", "main"], doc)
    _run(["biber", "--quiet", "main"], doc)
    full = (doc / "main.bbl").read_text(encoding="utf-8")
    assert "Journal of Foo" in full and "Autom. Control" in full
    for flag, target in (("--aux", "main.bcf"), ("--aux", "main.aux"), ("--tex", "main.tex")):
        code, err = _cli(lib, flag, str(doc / target), "-o", str(doc / "lib.bib"))
        assert code == 0, err
        subset = (doc / "lib.bib").read_text(encoding="utf-8")
        assert "@inproceedings{uncited" not in subset
        (doc / "main.bbl").unlink()
        _run(["biber", "--quiet", "main"], doc)
        assert (doc / "main.bbl").read_text(encoding="utf-8") == full, (flag, target)


def test_star_exports_everything_and_scanners_read_the_cite_forms(tmp_path: Path) -> None:
    lib = _library(tmp_path)
    (tmp_path / "all.aux").write_text("\\citation{*}\n\\citation{alpha}\n", encoding="utf-8")
    code, _ = _cli(lib, "--aux", str(tmp_path / "all.aux"), "-o", str(tmp_path / "all.bib"))
    assert code == 0
    whole = tmp_path / "whole.bib"
    _cli(lib, "-o", str(whole))
    assert (tmp_path / "all.bib").read_text(encoding="utf-8") == whole.read_text(encoding="utf-8")
    tex = scan_tex(r"\citep[a][b]{x, y}\Textcite{z}\citeauthor*{w} % \cite{no}" "\n"
                   r"\cites(all)[1]{m}[2]{n}\nocite{*}\excite \include{ch}")
    assert tex.keys == ["x", "y", "z", "w", "m", "n"] and tex.star and tex.inputs == ["ch"]
    aux = scan_aux("\\citation{a,b}\n\\abx@aux@cite{0}{c}\n\\abx@aux@cite{d}\n\\@input{ch.aux}\n")
    assert aux.keys == ["a", "b", "c", "d"] and aux.inputs == ["ch.aux"]
    assert scan_bcf('<bcf:citekey order="1" intorder="1">k1</bcf:citekey>').keys == ["k1"]


def test_unreadable_document_is_one_clear_error(tmp_path: Path) -> None:
    lib = _library(tmp_path)
    err = io.StringIO()
    code = main(["-L", str(lib), "export", "--aux", str(tmp_path / "nope.aux")], io.StringIO(), err)
    assert code == 1 and "nope.aux" in err.getvalue() and "Traceback" not in err.getvalue()


pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
