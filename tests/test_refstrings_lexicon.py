"""The boundary-marked training labels and the big name/place list behind the CRF's `x=` features."""

from __future__ import annotations

import importlib.util

import pytest

from refman.formats.refstrings import lexicon as lx
from refman.formats.refstrings.features import token_features
from refman.formats.refstrings.labels import boundary_labels, field_labels
from refman.resources import resource_path


def test_boundary_labels_mark_each_field_start_and_end_and_map_back() -> None:
    segments = [("author", "Hall, S."), ("date", "(1996)."), ("title", "Who needs identity?")]
    marked = boundary_labels(segments)
    assert marked == ["B-author", "E-author", "B-date", "B-title", "title", "E-title"]
    assert field_labels(marked) == ["author", "author", "date", "title", "title", "title"]


def test_name_list_knows_given_family_and_place_words_but_no_function_words() -> None:
    assert "g" in lx.name_tags("john") and "f" in lx.name_tags("smith")
    assert "f" in lx.name_tags("wijaya")  # Indonesian family names are in (id_ID)
    assert "l" in lx.name_tags("jakarta")
    for word in ("the", "of", "press", "journal", "university", "march"):
        assert lx.name_tags(word) == "", word


def test_name_tags_become_token_and_neighbour_features() -> None:
    feats = token_features(["Wijaya,", "Agus.", "Jakarta:", "Gramedia."])
    assert "x=g" in feats[1] and "-1x=f" in feats[1]
    assert "x=l" in feats[2]


@pytest.mark.skipif(importlib.util.find_spec("faker") is None, reason="faker (test extra) not installed")
def test_shipped_name_list_is_rebuilt_byte_for_byte() -> None:
    from refman.formats.refstrings.names_lexicon import collect, to_bytes

    assert to_bytes(collect()) == resource_path(lx.NAMES_FILE).read_bytes()
