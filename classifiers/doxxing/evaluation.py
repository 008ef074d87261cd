"""Issue 4's measures of the doxxing detector on a labelled file, for the tests and for
`socialvakt evaluate-doxxing` (a municipality can measure on its own labelled posts).

File format: classifiers/data/README.md ("Doxxing evaluation files"), one JSON object a line with
`id`, `text`, `doxxing` (0/1), `severity`, `staff_ids` and `pii_kinds`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from classifiers.batch import json_lines

ORDER = ("none", "low", "medium", "high", "critical")
REQUIRED = {"id": str, "text": str, "doxxing": int, "severity": str, "staff_ids": list}


class EvaluationFileError(ValueError):
    """Lines that cannot be measured; the message names each by number."""


@dataclass
class Measures:
    n: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    staff_named: int = 0
    staff_found: int = 0
    critical: int = 0
    critical_high: int = 0
    benign: int = 0
    benign_flagged: int = 0
    missed: list[str] = field(default_factory=list)
    false_flags: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def staff_identified(self) -> float:
        return self.staff_found / self.staff_named if self.staff_named else 1.0

    @property
    def critical_at_least_high(self) -> float:
        return self.critical_high / self.critical if self.critical else 1.0

    @property
    def benign_fp_rate(self) -> float:
        return self.benign_flagged / self.benign if self.benign else 0.0

    @property
    def counts(self) -> str:
        return (
            f"tp={self.tp} fp={self.fp} fn={self.fn} staff={self.staff_found}/{self.staff_named} "
            f"critical>=high={self.critical_high}/{self.critical} "
            f"benign_flagged={self.benign_flagged}/{self.benign}"
        )


def measure(detect: Callable[[str], dict], rows: Iterable[dict]) -> Measures:
    """Recall and precision of the flag, registered staff identified, critical posts rated at
    least high, and flags on benign posts that name staff or contain personal details."""
    m = Measures()
    for row in rows:
        out = detect(row["text"])
        predicted, gold = bool(out["flagged"]), bool(row["doxxing"])
        m.n += 1
        m.tp += predicted and gold
        m.fp += predicted and not gold
        m.fn += gold and not predicted
        if gold and not predicted:
            m.missed.append(row["id"])
        if predicted and not gold:
            m.false_flags.append(row["id"])
        if row["staff_ids"]:
            m.staff_named += 1
            m.staff_found += set(row["staff_ids"]) <= set(out["staff_ids"])
        if row["severity"] == "critical":
            m.critical += 1
            m.critical_high += ORDER.index(out["severity"]) >= ORDER.index("high")
        if not gold and (row["staff_ids"] or row.get("pii_kinds")):
            m.benign += 1
            m.benign_flagged += predicted
    return m


def read_rows(lines: Iterable[str], where: str) -> list[dict]:
    """Every row, or an EvaluationFileError listing each bad line by number."""
    rows, errors = [], []
    for number, row, error in json_lines(lines):
        if error:
            errors.append(f"{where}:{number}: {error}")
            continue
        problem = _problem(row)
        if problem:
            errors.append(f"{where}:{number}: {problem}")
        else:
            rows.append(row)
    if errors:
        raise EvaluationFileError(listed(errors, "\n"))
    return rows


def _problem(row: object) -> str | None:
    if not isinstance(row, dict):
        return "not a JSON object"
    for key, kind in REQUIRED.items():
        if not isinstance(row.get(key), kind) or isinstance(row.get(key), bool):
            return f'"{key}" missing or not a {kind.__name__}'
    if row["doxxing"] not in (0, 1):
        return '"doxxing" must be 0 or 1'
    if row["severity"] not in ORDER:
        return f'"severity" must be one of {", ".join(ORDER)}'
    return None


def listed(items: list[str], separator: str, limit: int = 20) -> str:
    """The first `limit` items, and how many more there are."""
    more = f"{separator}… and {len(items) - limit} more" if len(items) > limit else ""
    return separator.join(items[:limit]) + more
