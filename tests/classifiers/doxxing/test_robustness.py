"""Arbitrary, hostile and huge input: detect never raises, spans stay in the text, time is bounded."""

from __future__ import annotations

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from classifiers.doxxing import DoxxingDetector
from classifiers.doxxing.text import MAX_CHARS, fold

from .conftest import STAFF

_DETECTOR = DoxxingDetector(STAFF)

# Text built from pieces that exercise every recognizer, glued with arbitrary unicode.
PIECES = st.sampled_from(
    [
        "Åsa Lindqvist",
        "Å**a L******t",
        "socialsekreteraren",
        "på soc",
        "070-174 06 05",
        "+46 70 174 06 05",
        "820314-2388",
        "880573-2149",
        "556741-3181",
        "Storgatan 22A, 852 30 Sundsvall",
        "lgh 1102",
        "port 4",
        "ABC 123",
        "förskolan Solen",
        "hennes son",
        "kl 8",
        "ring henne",
        "filmade",
        "@asa_l",
        "asa@gmail.com",
        "السوسيال",
        "ياسمين حداد",
        "**",
        "'s",
        ":s",
        "\n",
        "İ",
        "ß",
        "\u0301",
    ]
)
TEXT = st.lists(st.one_of(PIECES, st.text(max_size=12)), max_size=30).map(" ".join)


def _check(text: str, result: dict) -> None:
    capped = len(text[:MAX_CHARS])
    for item in result["pii"]:
        assert 0 <= item["start"] < item["end"] <= capped
    for person in result["persons"]:
        start, end = person["name_span"]
        assert 0 <= start < end <= capped
    assert result["flagged"] == (result["severity"] in ("medium", "high", "critical"))
    assert 0.0 <= result["score"] <= 1.0


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_arbitrary_text_never_raises(text):
    _check(text, _DETECTOR.detect(text))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT, st.booleans())
def test_mixed_pieces_never_raise_and_spans_fit(text, threat):
    _check(text, _DETECTOR.detect(text, threat=threat))


@given(st.text(max_size=200))
def test_fold_keeps_length(text):
    assert len(fold(text)) == len(text)


def test_one_megabyte_post_is_capped_and_fast():
    text = (
        "Åsa Lindqvist på soc bor på Storgatan 5. Hennes son går på Nacksta förskola. " * 13_000
    )[:1_000_000]
    start = time.perf_counter()
    result = _DETECTOR.detect(text)
    elapsed = time.perf_counter() - start
    assert result["severity"] == "critical"
    assert all(item["end"] <= MAX_CHARS for item in result["pii"])  # only the first 20,000 chars
    assert elapsed < 3.0, elapsed


def test_pathological_inputs_are_bounded():
    cases = [
        "@" * 50_000,
        "*" * 50_000,
        "0 " * 50_000,
        "A**a L**t på soc " * 3_000,
        "ABC 123 " * 6_000,
        '"' * 50_000,
        "a.b.c.d.e.f.g.h " * 3_000 + "@x.se",
        "Anna Svensson Socialsekreterare " * 2_000,
        "الموظفة ياسمين حداد السوسيال " * 2_000,
    ]
    for text in cases:
        start = time.perf_counter()
        _check(text, _DETECTOR.detect(text))
        assert time.perf_counter() - start < 3.0, text[:30]
