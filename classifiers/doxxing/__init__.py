"""Doxxing detector: staff registry matching + PII recognizers + severity rules (DESIGN.md)."""

from classifiers.doxxing.detector import DoxxingDetector
from classifiers.doxxing.staff import StaffCsvError, StaffRecord, parse_staff_csv

__all__ = ["DoxxingDetector", "StaffCsvError", "StaffRecord", "parse_staff_csv"]
