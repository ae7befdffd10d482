"""Which library the command line opens: --library, then REFMAN_LIBRARY, then the default file."""

from __future__ import annotations

import os
from collections.abc import Mapping


def default_data_dir() -> str:
    import platformdirs

    return str(platformdirs.user_data_path("refman"))


def resolve_library(option: str | None, environ: Mapping[str, str]) -> str:
    if option:
        return option
    if environ.get("REFMAN_LIBRARY"):
        return environ["REFMAN_LIBRARY"]
    return os.path.join(default_data_dir(), "library.sqlite")
