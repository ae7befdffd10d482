"""Replay every input that once crashed a fuzz target (tests/data/fuzz_regressions/<target>/*)
through the same checks the atheris harnesses run (tests/fuzz/targets.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fuzz import targets

REGRESSIONS = Path(__file__).resolve().parent / "data" / "fuzz_regressions"
CASES = sorted(p for p in REGRESSIONS.glob("*/*") if p.is_file())


def test_every_regression_dir_names_a_target() -> None:
    for d in REGRESSIONS.iterdir():
        if d.is_dir():
            assert d.name in targets.TARGETS, f"{d} is not a fuzz target"


@pytest.mark.parametrize("path", CASES, ids=[f"{p.parent.name}/{p.name}" for p in CASES])
def test_fuzz_regression(path: Path) -> None:
    targets.TARGETS[path.parent.name](path.read_bytes())


@pytest.mark.parametrize("name", sorted(targets.TARGETS))
def test_targets_accept_plain_and_hostile_seeds(name: str) -> None:
    """The harness checks themselves run on ordinary and nasty inputs without a contract violation."""
    for data in (b"", b"\x00\xff\xfe", b"@article{k, title={x}}\nTY  - JOUR\nER  - \n",
                 b'[{"id": "a", "type": "book", "title": "T"}]', b'"((( OR -', "ü\r\n\r".encode("utf-16")):
        targets.TARGETS[name](data)


def test_contract_check_can_fail() -> None:
    """A problem that names another source is a contract violation: the checks are not vacuous."""
    from refman.core.model import ParseResult, Problem

    with pytest.raises(targets.ContractViolation):
        targets._check_result(ParseResult("x", problems=(Problem("elsewhere", 1, "m"),)))
