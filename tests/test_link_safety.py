"""Imported text is inert: only web and DOI links open; `file` fields cannot leave the attachments folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from refman.core.attachments import safe_attachment_path
from refman.core.links import doi_url, is_safe_link, safe_link


@pytest.mark.parametrize("url", [
    "https://example.org/paper.pdf",
    "http://example.org/a?b=c#d",
    "  HTTPS://Example.org/x  ",
])
def test_web_links_open(url: str) -> None:
    assert safe_link(url) == url.strip()


def test_doi_links_go_to_the_resolver() -> None:
    assert safe_link("doi:10.1000/xyz(1)") == "https://doi.org/10.1000/xyz(1)"
    assert safe_link("DOI: 10.1/x") == "https://doi.org/10.1/x"
    assert doi_url("https://dx.doi.org/10.1/a b") == "https://doi.org/10.1/a%20b"


@pytest.mark.parametrize("url", [
    "javascript:alert(1)",
    " JaVaScRiPt:alert(document.cookie)",
    "\x00javascript:alert(1)",
    "file:///etc/passwd",
    "FILE://C:/Windows/win.ini",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox",
    "ms-msdt:/id PCWDiagnostic",
    "//example.org/protocol-relative",
    "example.org/no-scheme",
    "/etc/passwd",
    "https:///no-host",
    "https://exa mple.org/space",
    "https://example.org/\nSet-Cookie: x",
    "https://example.org\\@evil.example/",
    'https://example.org/"onmouseover="alert(1)',
    "https://[::1",
    "doi:javascript:alert(1)",
    "doi:",
    "",
])
def test_other_links_do_not_open(url: str) -> None:
    assert safe_link(url) is None
    assert not is_safe_link(url)


def test_plain_relative_paths_stay_inside(tmp_path: Path) -> None:
    base = tmp_path / "attachments"
    (base / "smith2020").mkdir(parents=True)
    assert safe_attachment_path(base, "smith2020/paper.pdf") == (base / "smith2020" / "paper.pdf").resolve()
    assert safe_attachment_path(base, "smith2020\\paper.pdf") == (base / "smith2020" / "paper.pdf").resolve()
    assert safe_attachment_path(base, "./a/./b.pdf") == (base / "a" / "b.pdf").resolve()
    assert safe_attachment_path(base, "not-yet-there.pdf") == (base / "not-yet-there.pdf").resolve()


@pytest.mark.parametrize("value", [
    "",
    "   ",
    ".",
    "/etc/passwd",
    "\\etc\\passwd",
    "\\\\server\\share\\x.pdf",
    "~/secret.pdf",
    "~user/secret.pdf",
    "C:\\Windows\\win.ini",
    "C:/Users/x.pdf",
    "c:relative.pdf",
    "file:///etc/passwd",
    "file:paper.pdf",
    "../outside.pdf",
    "a/../../outside.pdf",
    "a/..",
    "a\\..\\..\\outside.pdf",
    "paper.pdf\x00.txt",
    "line\nbreak.pdf",
])
def test_escaping_paths_are_rejected(tmp_path: Path, value: str) -> None:
    base = tmp_path / "attachments"
    base.mkdir()
    assert safe_attachment_path(base, value) is None


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_symlink_escape_is_rejected(tmp_path: Path) -> None:
    base = tmp_path / "attachments"
    base.mkdir()
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.pdf").write_bytes(b"%PDF")
    (base / "link").symlink_to(outside, target_is_directory=True)
    (base / "file-link.pdf").symlink_to(outside / "secret.pdf")
    (base / "inner").mkdir()
    (base / "ok-link").symlink_to(base / "inner", target_is_directory=True)
    assert safe_attachment_path(base, "link/secret.pdf") is None
    assert safe_attachment_path(base, "file-link.pdf") is None
    assert safe_attachment_path(base, "ok-link/x.pdf") == (base / "inner" / "x.pdf").resolve()


def test_base_that_is_itself_a_symlink(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    base = tmp_path / "attachments"
    base.symlink_to(real, target_is_directory=True)
    assert safe_attachment_path(base, "a.pdf") == (real / "a.pdf").resolve()
