from classifiers.batch import BatchPost, read_posts
from classifiers.neardup import SIMILARITY, band_keys, jaccard, shingles
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


def _near(a: str, b: str) -> bool:
    return jaccard(shingles(normalize(a)), shingles(normalize(b))) >= SIMILARITY


REPOSTS = [
    BASE + "!!!",
    BASE.upper(),
    "@ali_k " + BASE + " https://t.me/kanal/991",
    BASE.replace("Sverige", "Sverige 😡"),
    "DELA!!! " + BASE + " #LVU",
    BASE.replace("i hela Sverige, ", ""),  # a few words dropped
]


def test_reposts_with_noise_are_near_duplicates():
    for variant in REPOSTS:
        assert _near(BASE, variant), variant


def test_different_posts_on_the_same_subject_are_not():
    others = [
        "Förvaltningsrätten i Umeå avslog på måndagen socialnämndens ansökan om vård enligt LVU",
        "Faktakoll: nej, socialtjänsten kidnappar inte muslimska barn. LVU beslutas av domstol.",
        "Socialtjänsten kidnappar muslimska barn i Göteborg också, mina grannar har sett det",
    ]
    for other in others:
        assert not _near(BASE, other), other


def test_reposts_share_a_band_key_and_unrelated_posts_do_not():
    keys = band_keys(shingles(normalize(BASE)))
    assert all(0 <= key < 2**31 for key in keys), "keys fit a 32-bit INTEGER column"
    for variant in REPOSTS[:4]:
        assert set(keys) & set(band_keys(shingles(normalize(variant)))), variant
    unrelated = "Sol och 18 grader i Härnösand i helgen, perfekt för en promenad längs kajen."
    assert not set(keys) & set(band_keys(shingles(normalize(unrelated))))
    assert band_keys(shingles(normalize(BASE))) == keys, "stable: stored keys stay valid"
