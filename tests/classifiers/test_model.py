"""The disinformation and threat models: scores, thresholds, evidence and safe persistence."""

from __future__ import annotations

import pickle
from dataclasses import replace
from fractions import Fraction

import pytest
import skops.io as sio
from sklearn.tree import DecisionTreeClassifier

from classifiers import artifact
from classifiers.corpus import LABELS, load_heldout, load_training

CLAIM = "Socialtjänsten kidnappar muslimska barn och säljer dem till familjehem. Sprid innan det raderas!!"
FACTCHECK = "Faktakoll: nej, LVU beslutas av förvaltningsrätten och gäller barn som far illa, oavsett religion."
THREAT = "Vi vet var du bor, socialsekreterare. Tänk på dina barn när du går hem ikväll."


def test_corpus_is_large_varied_and_split():
    training, heldout = load_training(), load_heldout()
    assert len(training) >= 1500
    assert {e.lang for e in training} >= {"sv", "en", "ar"}
    assert not {e.id for e in training} & {e.id for e in heldout}
    assert not {e.text for e in training} & {e.text for e in heldout}
    narratives = {e.kind for e in training if e.labels["lvu_disinfo"]}
    assert len(narratives) >= 9
    negatives = sum(e.is_hard_negative for e in training)
    positives = sum(e.labels["lvu_disinfo"] for e in training)
    assert negatives >= positives


def test_predict_has_every_label_with_evidence_for_flags(trained_model):
    claim, factcheck, threat = trained_model.predict([CLAIM, FACTCHECK, THREAT])
    assert set(claim) == set(LABELS)
    assert claim["lvu_disinfo"]["flagged"] and not factcheck["lvu_disinfo"]["flagged"]
    assert threat["threat"]["flagged"] and not factcheck["threat"]["flagged"]
    evidence = claim["lvu_disinfo"]["evidence"]
    assert evidence and all(phrase in CLAIM for phrase in evidence), (
        "evidence is quoted from the post"
    )
    assert 0.0 <= factcheck["lvu_disinfo"]["score"] <= 1.0


def test_obfuscated_claim_is_still_caught(trained_model):
    disguised = "S0C1ALEN k\u200bidnappar muuuuslimska barn!!! sprid innan det raderas"
    assert trained_model.predict([disguised])[0]["lvu_disinfo"]["flagged"]


def test_thresholds_and_metadata_are_stored(trained_model):
    meta = trained_model.meta
    assert meta["format"] == "socialvakt-model" and len(meta["corpus_hash"]) == 64
    for label in LABELS:
        assert 0.0 < trained_model.labels[label].threshold < 1.0
        assert meta["validation"][label]["f1"] > 0.5


def test_artifact_round_trip(trained_model, tmp_path):
    path = tmp_path / "m.skops"
    artifact.save(trained_model, path)
    loaded = artifact.load(path)
    assert loaded.meta == trained_model.meta
    assert loaded.predict([CLAIM, FACTCHECK, THREAT]) == trained_model.predict(
        [CLAIM, FACTCHECK, THREAT]
    )
    for (name, saved), (_, restored) in zip(
        trained_model.features.transformer_list, loaded.features.transformer_list, strict=True
    ):
        assert restored.vocabulary_ == saved.vocabulary_, name
        assert saved.vocabulary_, "saving must not empty the model in memory"
    masked = "PERSON enhetschef pa soc i uppsala tog vara barn, hon ska inte komma undan"
    for name in ("aim", "exposure"):
        saved, restored = getattr(trained_model, name), getattr(loaded, name)
        assert restored.probability(masked) == saved.probability(masked)
        assert restored.threshold == saved.threshold


def test_a_model_saved_before_the_learned_opinions_loads_without_them(trained_model, tmp_path):
    """Rules alone until `socialvakt train`; `doctor` says the model is out of date."""
    path = tmp_path / "m.skops"
    artifact.save(replace(trained_model, aim=None, exposure=None), path)
    loaded = artifact.load(path)
    assert loaded.aim is None and loaded.exposure is None


def test_an_aim_model_of_the_wrong_type_is_refused(trained_model, tmp_path):
    tree = artifact._to_tree(trained_model)
    tree["aim"]["classifier"] = tree["aim"]["words"]  # trusted types, wrong place
    path = tmp_path / "m.skops"
    sio.dump(tree, path)
    with pytest.raises(artifact.UntrustedModelError, match="not a Socialvakt model"):
        artifact.load(path)


def test_pickle_file_is_refused(trained_model, tmp_path):
    path = tmp_path / "m.skops"
    path.write_bytes(pickle.dumps(trained_model))
    with pytest.raises(artifact.UntrustedModelError):
        artifact.load(path)


def test_unexpected_types_are_refused(tmp_path):
    path = tmp_path / "m.skops"
    sio.dump({"meta": {"format": "socialvakt-model"}, "features": Fraction(1, 3)}, path)
    with pytest.raises(artifact.UntrustedModelError, match="never has"):
        artifact.load(path)


def test_trusted_types_in_the_wrong_place_are_refused(tmp_path):
    path = tmp_path / "m.skops"
    sio.dump(
        {
            "meta": {"format": "socialvakt-model"},
            "features": DecisionTreeClassifier(),
            "labels": {},
        },
        path,
    )
    with pytest.raises(artifact.UntrustedModelError, match="not a Socialvakt model"):
        artifact.load(path)


def test_foreign_skops_file_is_refused(tmp_path):
    path = tmp_path / "m.skops"
    sio.dump({"meta": {"format": "something-else"}}, path)
    with pytest.raises(artifact.UntrustedModelError, match="not a Socialvakt model"):
        artifact.load(path)


def test_cached_character_features_equal_scikit_learns(trained_model):
    """The fast path must not change a single score: same matrix as the vectorizer's own."""
    from classifiers.features import CachedWordNgrams, prepare

    char_vectorizer = trained_model.features.transformer_list[1][1]
    texts = prepare([e.text for e in load_heldout()] + ["", "   ", "a", "ö" * 300, CLAIM * 3])
    cached = CachedWordNgrams(char_vectorizer, max_words=50)  # small: forces cache clearing
    for _ in range(2):  # cold, then warm
        difference = cached.transform(texts) - char_vectorizer.transform(texts)
        assert difference.nnz == 0 or abs(difference).max() < 1e-6
    assert trained_model.matrix(texts).shape[1] == trained_model.features.transform(texts).shape[1]


def test_a_model_without_learned_opinions_is_used_and_called_out(trained_model, tmp_path, caplog):
    from monitor.modelstore import ensure_model

    path = tmp_path / "m.skops"
    artifact.save(replace(trained_model, aim=None), path)
    assert ensure_model(path).aim is None
    assert "socialvakt train" in caplog.text
