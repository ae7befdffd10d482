"""The shipped pooled CRF model: present, small, reproducible from core.xml, decoded as crfsuite decodes, and
wired into the format registry."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pycrfsuite
import pytest

from refman.formats import registry
from refman.formats.refstrings.dataset import load_dataset
from refman.formats.refstrings.experts import EXPERTS
from refman.formats.refstrings.features import token_features
from refman.formats.refstrings.labels import boundary_labels
from refman.formats.refstrings.pooled import PooledCRF
from refman.formats.refstrings.tagger import label, model_path
from refman.formats.refstrings.train import label_with, train, train_expert, train_to_bytes
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
    assert 50_000 <= path.stat().st_size <= 2_500_000
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
        out = train(load_dataset("core"), Path(tmp) / "model.json.gz", jobs=3)
        assert out.read_bytes() == model_path().read_bytes()
        samples = load_dataset("gold")[:50]
        assert label_with(out, samples) == label_with(model_path(), samples)


def _small_experts(tmp: Path) -> tuple[list[Path], list[list[list[str]]]]:
    """The three experts trained briefly on 150 core references, and the features of 80 gold references."""
    train_seqs = load_dataset("core")[:150]
    features = [token_features(s.tokens) for s in train_seqs]
    labels = [boundary_labels(s.segments) for s in train_seqs]
    paths = [
        train_expert(features, labels, name, tmp / f"{name}.crfsuite", {"max_iterations": 40}) for name, _, _ in EXPERTS
    ]
    return paths, [token_features(s.tokens) for s in load_dataset("gold")[:80]]


def test_pooled_decoding_of_one_expert_is_crfsuites_own() -> None:
    """Our Viterbi over a single expert's weights gives crfsuite's labels, before and after a save/load round trip."""
    with tempfile.TemporaryDirectory() as tmp:
        paths, test = _small_experts(Path(tmp))
        for path in paths:
            tagger = pycrfsuite.Tagger()
            tagger.open(str(path))
            pooled = PooledCRF.from_experts([(path, 1.0)])
            reloaded = PooledCRF.load(pooled.save(Path(tmp) / "one.json.gz"))
            for feats in test:
                expected = tagger.tag(feats)
                assert pooled.tag(feats) == expected
                assert reloaded.tag(feats) == expected
            tagger.close()


def test_pool_is_the_weighted_sum_of_its_experts() -> None:
    """Pooling changes the decision where the experts disagree, and each expert alone is recovered by its weight."""
    with tempfile.TemporaryDirectory() as tmp:
        paths, test = _small_experts(Path(tmp))
        pool = PooledCRF.from_experts([(p, 1 / 3) for p in paths])
        alone = [PooledCRF.from_experts([(p, 1.0)]) for p in paths]
        scaled = PooledCRF.from_experts([(paths[0], 1.0), (paths[1], 0.0), (paths[2], 0.0)])
        pooled_tags = [pool.tag(f) for f in test]
        expert_tags = [[m.tag(f) for f in test] for m in alone]
        assert [scaled.tag(f) for f in test] == expert_tags[0]
        # The experts see different features, so they disagree somewhere, and the pool is not just one of them.
        assert expert_tags[1] != expert_tags[2]
        assert all(pooled_tags != tags for tags in expert_tags)
        summed = sum(m.scores(test[0]) for m in alone) / 3
        assert abs(pool.scores(test[0]) - summed).max() < 1e-9


def test_registered_as_references_format() -> None:
    info = registry.by_name("references")
    module = info.load()
    assert callable(module.sniff) and callable(module.read)
    assert not hasattr(module, "write")
    result = info.read("\n".join(SAMPLE), "list.txt")
    assert result.format == "references" and len(result.entries) == 3
    assert [e.entry_type for e in result.entries] == ["article-journal", "book", "article-journal"]
