"""Where an attachment named in an imported `file` field may be: inside the attachments folder only.

A `file` field is text someone else wrote. `../../.ssh/id_rsa`, `/etc/passwd`, `C:\\Windows\\...`,
`\\\\server\\share\\x` or a symlink planted inside the folder must never make refman open, copy or
delete a file outside the library's attachments folder.
"""

from __future__ import annotations

import re
from pathlib import Path

_SCHEME_OR_DRIVE_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")  # `C:`, `file:`, `smb:` ...
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")


def safe_attachment_path(base: Path, value: str) -> Path | None:
    """The resolved path of `value` inside `base`, or None when it is not a plain relative path there.

    Rejected: empty values, control characters, absolute paths (`/x`, `\\x`, `\\\\server`), home
    paths (`~`), drive letters and URL schemes (`C:x`, `file:`), any `..` component, and any path
    that, with symlinks resolved, lands outside `base`. Backslashes count as separators, as a
    Windows export means them. Reads the file system only to resolve symlinks.
    """
    value = value.strip()
    if not value or _CONTROL_RE.search(value):
        return None
    if value[0] in "/\\~" or _SCHEME_OR_DRIVE_RE.match(value):
        return None
    parts = [p for p in value.replace("\\", "/").split("/") if p not in ("", ".")]
    if not parts or any(p == ".." for p in parts):
        return None
    root = base.resolve()
    candidate = root.joinpath(*parts).resolve()
    if candidate == root or not candidate.is_relative_to(root):
        return None
    return candidate
