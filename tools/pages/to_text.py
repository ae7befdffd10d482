"""Regenerate page.txt (what a browser's select-all + copy gives) from each saved page.html.

Why: refman's main import path is text pasted from a browser, so the corpus keeps, beside the saved
HTML, the text a real browser shows for it.  We render the page in headless Chromium (network closed,
so external CSS/JS simply fail, as they would for a saved page opened offline) and take
``document.body.innerText``.

How: a temporary copy of page.html gets one script appended that, on ``load`` (or 8 s after
DOMContentLoaded if some resource never finishes; Chromium's --timeout stops loading at 20 s), swaps the
document for a ``<pre>`` holding ``document.body.innerText``; ``chromium --dump-dom`` then prints that DOM and we read the
text back out.  If the bytes are valid UTF-8 the copy also gets a UTF-8 BOM so that pages which relied on
an HTTP header for their charset decode as they did on the web.  page.html itself is never modified.

Usage: .venv/bin/python tools/pages/to_text.py [tests/data/pages/<id> ...]   (default: every page dir)
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PAGES = ROOT / "tests" / "data" / "pages"

INJECT = (
    b"\n<script>(function(){var done=false;function snap(){if(done)return;done=true;"
    b"var t=document.body?document.body.innerText:'';"
    b"document.documentElement.innerHTML='<head></head><body><pre id=\"refman-innertext\"></pre></body>';"
    b"document.getElementById('refman-innertext').textContent=t;}"
    b"window.addEventListener('load',snap);"
    b"document.addEventListener('DOMContentLoaded',function(){setTimeout(snap,8000);});})();</script>\n"
)
PRE_RE = re.compile(r'<pre id="refman-innertext">(.*)</pre>', re.S)


def chromium_binary() -> str:
    """Find Debian's chromium (apt-get install chromium)."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    raise SystemExit("chromium not found: apt-get install chromium")


def render_inner_text(page_html: Path) -> str:
    """Return document.body.innerText of page_html as headless Chromium renders it offline."""
    data = page_html.read_bytes()
    try:
        data.decode("utf-8")
        prefix = b"" if data.startswith(b"\xef\xbb\xbf") else b"\xef\xbb\xbf"
    except UnicodeDecodeError:
        prefix = b""
    with tempfile.TemporaryDirectory(prefix="refman-pages-") as tmp:
        copy = Path(tmp) / "page.html"
        copy.write_bytes(prefix + data + INJECT)
        profile = Path(tmp) / "profile"
        cmd = [
            chromium_binary(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            "--timeout=20000",
            "--window-size=1280,2000",
            "--dump-dom",
            copy.as_uri(),
        ]
        out = subprocess.run(cmd, capture_output=True, timeout=120, check=False)
    dom = out.stdout.decode("utf-8", errors="replace")
    match = PRE_RE.search(dom)
    if match is None:
        raise RuntimeError(f"{page_html}: no innerText in dumped DOM (rc={out.returncode})")
    return html.unescape(match.group(1))


def normalise(text: str) -> str:
    """UTF-8 text with \\n line ends and a single trailing newline."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.rstrip("\n") + "\n"


def main(argv: list[str]) -> int:
    dirs = [Path(a) for a in argv] if argv else sorted(p.parent for p in PAGES.glob("*/page.html"))
    for page_dir in dirs:
        text = normalise(render_inner_text(page_dir / "page.html"))
        (page_dir / "page.txt").write_text(text, encoding="utf-8", newline="\n")
        print(f"{page_dir.name}: {len(text.splitlines())} lines")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
