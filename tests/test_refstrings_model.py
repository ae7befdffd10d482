"""The shipped CRF model: present, small, reproducible from core.xml, and wired into the format registry."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from refman.formats import registry
from refman.formats.refstrings.dataset import load_dataset
from refman.formats.refstrings.tagger import label, model_path
from refman.formats.refstrings.train import label_with, train, train_to_bytes
from refman.resources import resource_path

SAMPLE = [
    "Anggraeni, D., Li, S., & Fitri, I. (2023). Handling of Human Trafficking in the Modern Era in Indonesia. "
    "Jurnal Pemikiran Sosiologi, 9, 237–258.",
    "Broome, A. (2022). Intergovernmental Organizations. Oxford University Press.",
    'Y. LeCun, Y. Bengio, and G. Hinton, "Deep learning," Nature, vol. 521, no. 7553, pp. 436–444, May 2015.',
]


def test_shipped_model_is_there_small_and_licensed() -> None:
    path = model_path()
    assert path.exists(), "run `make model`"
    assert 300_000 <= path.stat().st_size <= 2_500_000
    licence = resource_path("LICENSE-anystyle.txt").read_text("utf-8")
    assert "Sylvester Keil" in licence and "BSD-2-Clause" in licence


def test_shipped_model_labels_a_seed_reference() -> None:
    tokens = SAMPLE[0].split()
    labels = label(tokens)
    fields = []
    for tok, lab in zip(tokens, labels, strict=True):
        if fields and fields[-1][0] == lab:
            fields[-1] = (lab, fields[-1][1] + " " + tok)
        else:
            fields.append((lab, tok))
    assert fields == [
        ("author", "Anggraeni, D., Li, S., & Fitri, I."),
        ("date", "(2023)."),
        ("title", "Handling of Human Trafficking in the Modern Era in Indonesia."),
        ("journal", "Jurnal Pemikiran Sosiologi,"),
        ("volume", "9,"),
        ("pages", "237–258."),
    ]


def test_training_is_deterministic_on_a_fixed_subset() -> None:
    subset = load_dataset("core")[:60]
    first = train_to_bytes(subset, {"max_iterations": 60})
    second = train_to_bytes(subset, {"max_iterations": 60})
    assert first == second


@pytest.mark.slow
def test_retraining_reproduces_the_shipped_model() -> None:
    """`make model` from core.xml gives back the shipped file byte for byte (so the model matches the code)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = train(load_dataset("core"), Path(tmp) / "model.crfsuite")
        assert out.read_bytes() == model_path().read_bytes()
        samples = load_dataset("gold")[:50]
        assert label_with(out, samples) == label_with(model_path(), samples)


def test_registered_as_references_format() -> None:
    info = registry.by_name("references")
    module = info.load()
    assert callable(module.sniff) and callable(module.read)
    assert not hasattr(module, "write")
    result = info.read("\n".join(SAMPLE), "list.txt")
    assert result.format == "references" and len(result.entries) == 3
    assert [e.entry_type for e in result.entries] == ["article-journal", "book", "article-journal"]
