from classifiers.batch import BatchPost, read_posts
from classifiers.neardup import MAX_DISTANCE, bands, hamming, simhash, to_signed, to_unsigned
from classifiers.normalize import normalize

BASE = "Socialtjänsten kidnappar muslimska barn i hela Sverige, sprid detta innan det raderas av staten"


def test_bad_lines_are_reported_with_their_number_and_the_rest_kept():
    lines = [
        '{"id": 1, "text": "a"}',
        "not json",
        "[1]",
        '{"text": "no id"}',
        '{"id": "x", "text": 5}',
        "",
        '{"id": "y", "text": "b"}',
    ]
    out = list(read_posts(lines))
    assert out[0] == BatchPost("1", "a") and out[-1] == BatchPost("y", "b")
    errors = [o for o in out if isinstance(o, str)]
    assert [e.split(":")[0] for e in errors] == ["line 2", "line 3", "line 4", "line 5"]


def test_reposts_with_noise_are_near_duplicates():
    variants = [
        BASE + "!!!",
        BASE.upper(),
        "@ali_k " + BASE + " https://t.me/kanal/991",
        BASE.replace("Sverige", "Sverige 😡"),
    ]
    for variant in variants:
        assert hamming(simhash(normalize(BASE)), simhash(normalize(variant))) <= MAX_DISTANCE, (
            variant
        )


def test_different_posts_are_far_apart():
    other = "Förvaltningsrätten i Umeå avslog på måndagen socialnämndens ansökan om vård enligt LVU"
    assert hamming(simhash(normalize(BASE)), simhash(normalize(other))) > 10


def test_near_duplicates_share_a_band_and_signed_round_trip():
    a, b = simhash(normalize(BASE)), simhash(normalize(BASE + "!!!"))
    assert set(bands(a)) & set(bands(b))
    assert to_unsigned(to_signed(a)) == a and -(2**63) <= to_signed(a) < 2**63
