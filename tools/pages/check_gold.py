"""Check every gold.json of the article-page corpus against its schema and against its own page.txt.

Why: gold files were drafted by script and corrected by hand; this catches the slips a hand edit makes
(a missing key, a year typed as a string, a first reference that is not on the page).  Text fields are
compared after collapsing whitespace, because page.txt is browser innerText where one visual line may
be split over several.  A field that legitimately does not occur in page.txt (e.g. a head-only page)
must be explained in "notes"; those show up here as warnings, not errors.

Usage: .venv/bin/python tools/pages/check_gold.py        (exit 1 on schema errors)
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
PAGES = ROOT / "tests" / "data" / "pages"

KEYS: dict[str, type | tuple[type, ...]] = {
    "id": str,
    "platform": str,
    "url": str,
    "title": str,
    "authors": list,
    "journal": str,
    "year": (int, type(None)),
    "doi": str,
    "abstract_start": str,
    "abstract_end": str,
    "licence": str,
    "reference_count": int,
    "first_reference": (dict, type(None)),
    "last_reference": (dict, type(None)),
    "notes": str,
}
REF_KEYS: dict[str, type | tuple[type, ...]] = {
    "text": str,
    "title": str,
    "year": (int, type(None)),
    "first_author_family": str,
}


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def schema_errors(gold: dict[str, Any], page_id: str) -> list[str]:
    """Missing keys, wrong types, inconsistent reference fields."""
    errors = [f"missing {k}" for k in KEYS if k not in gold]
    errors += [
        f"{k} is {type(gold[k]).__name__}"
        for k, t in KEYS.items()
        if k in gold and not isinstance(gold[k], t)
    ]
    if errors:
        return errors
    if gold["id"] != page_id:
        errors.append("id differs from directory name")
    for author in gold["authors"]:
        if set(author) != {"family", "given"}:
            errors.append(f"author keys {sorted(author)}")
    has_refs = gold["reference_count"] > 0
    for key in ("first_reference", "last_reference"):
        ref = gold[key]
        if has_refs != (ref is not None):
            errors.append(f"{key} does not match reference_count")
        if ref is not None:
            errors += _ref_errors(key, ref)
    # What a saved page holds where the pasted text shows no list, or less of it (page_accuracy.gold_for):
    # its citation_reference tags, or its own list hidden by the site's CSS ("in_dom": true).
    saved = gold.get("saved_html")
    if saved is not None:
        keys = {"reference_count", "first_reference", "last_reference"}
        if not isinstance(saved, dict) or not keys <= set(saved) <= keys | {"in_dom"}:
            errors.append("saved_html must hold reference_count, first_reference and last_reference (and in_dom)")
        elif not isinstance(saved.get("in_dom", False), bool):
            errors.append("saved_html.in_dom must be true or false")
        else:
            errors += [e for key in ("first_reference", "last_reference") for e in _ref_errors(f"saved_html.{key}", saved[key])]
    return errors


def _ref_errors(name: str, ref: dict[str, Any]) -> list[str]:
    return [f"{name}.{k} bad" for k, t in REF_KEYS.items() if not isinstance(ref.get(k), t)]


def text_warnings(gold: dict[str, Any], page_text: str) -> list[str]:
    """Gold strings that do not occur in page.txt (whitespace-insensitive)."""
    text = squash(page_text)
    fields = {k: gold[k] for k in ("title", "abstract_start", "abstract_end")}
    for key in ("first_reference", "last_reference"):
        if gold[key]:
            fields[key] = gold[key]["text"]
    return [f"{k} not in page.txt" for k, v in fields.items() if v and squash(v) not in text]


def main() -> int:
    failed = 0
    for gold_path in sorted(PAGES.glob("*/gold.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        errors = schema_errors(gold, gold_path.parent.name)
        warnings = (
            [] if errors else text_warnings(gold, (gold_path.parent / "page.txt").read_text(encoding="utf-8"))
        )
        if errors:
            failed += 1
        for message in errors:
            print(f"ERROR {gold_path.parent.name}: {message}")
        for message in warnings:
            print(f"warn  {gold_path.parent.name}: {message}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
