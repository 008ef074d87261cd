"""Doxxing detector: staff registry matching + PII recognizers + severity rules (DESIGN.md).

`DoxxingDetector` is imported lazily, so code that only needs the staff registry format
(`StaffRecord`, `parse_staff_csv`) does not pay for loading spaCy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from classifiers.doxxing.staff import StaffCsvError, StaffRecord, parse_staff_csv

if TYPE_CHECKING:
    from classifiers.doxxing.detector import DoxxingDetector

__all__ = ["DoxxingDetector", "StaffCsvError", "StaffRecord", "parse_staff_csv"]


def __getattr__(name: str):
    if name == "DoxxingDetector":
        from classifiers.doxxing.detector import DoxxingDetector

        return DoxxingDetector
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
