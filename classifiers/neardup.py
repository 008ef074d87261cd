"""Near-duplicate fingerprints: campaigns repost one text across many accounts.

A 64-bit SimHash over word 3-shingles of the normalised text; two posts are near-identical when
their fingerprints differ in at most `MAX_DISTANCE` bits. Splitting the hash into four 16-bit bands
makes lookup cheap: by the pigeonhole principle, two hashes within 3 bits share at least one band.
"""

from __future__ import annotations

import re
import zlib

import numpy as np

MAX_DISTANCE = 3
_MASK64 = (1 << 64) - 1
_WORD = re.compile(r"\w+")


_BIT_WEIGHTS = (1 << np.arange(64, dtype=np.uint64)).astype(np.uint64)


def _feature_hashes(features: list[str]) -> np.ndarray:
    """Two CRC32s make a 64-bit hash; stable across runs and processes, unlike hash()."""
    hashes = np.empty(len(features), dtype=np.uint64)
    for index, feature in enumerate(features):
        data = feature.encode()
        hashes[index] = (zlib.crc32(data) << 32) | zlib.crc32(data, 0x9E3779B9)
    return hashes


def simhash(normalized_text: str) -> int:
    """Return an unsigned 64-bit SimHash; texts of under three words hash their words."""
    words = _WORD.findall(normalized_text)
    if len(words) >= 3:
        features = [" ".join(words[i : i + 3]) for i in range(len(words) - 2)]
    else:
        features = words or [normalized_text]
    bits = np.unpackbits(_feature_hashes(features).view(np.uint8), bitorder="little")
    ones = bits.reshape(len(features), 64).sum(axis=0, dtype=np.int64)
    return int(_BIT_WEIGHTS[ones * 2 > len(features)].sum())


def hamming(a: int, b: int) -> int:
    return ((a ^ b) & _MASK64).bit_count()


def bands(fingerprint: int) -> tuple[int, int, int, int]:
    return tuple((fingerprint >> shift) & 0xFFFF for shift in (0, 16, 32, 48))  # type: ignore[return-value]


def to_signed(fingerprint: int) -> int:
    """Databases store signed 64-bit integers."""
    return fingerprint - (1 << 64) if fingerprint >= 1 << 63 else fingerprint


def to_unsigned(stored: int) -> int:
    return stored & _MASK64
