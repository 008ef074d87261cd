"""The staff registry's records and its CSV format: id,name,aliases,role,unit,municipality."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

COLUMNS = ("id", "name", "aliases", "role", "unit", "municipality")
MAX_ROWS = 100_000
MAX_ID_CHARS = 64  # the staffmember.id column


class StaffCsvError(ValueError):
    """A row that cannot be imported; the message names the line."""


@dataclass(frozen=True, slots=True)
class StaffRecord:
    id: str
    name: str
    aliases: tuple[str, ...] = field(default=())
    role: str = ""
    unit: str = ""
    municipality: str = ""

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "aliases": list(self.aliases),
            "role": self.role,
            "unit": self.unit,
            "municipality": self.municipality,
        }

    @classmethod
    def from_dict(cls, data: dict) -> StaffRecord:
        return cls(
            id=data["id"],
            name=data["name"],
            aliases=tuple(data.get("aliases", ())),
            role=data.get("role", ""),
            unit=data.get("unit", ""),
            municipality=data.get("municipality", ""),
        )


def parse_staff_csv(text: str, filename: str = "staff.csv") -> tuple[list[StaffRecord], list[str]]:
    """Parse the registry CSV; return the good rows and one error message per bad row.

    Errors never include the row's content: the registry is personal data and must not reach logs.
    """
    text = text.lstrip("\ufeff")
    reader = csv.reader(io.StringIO(text))
    try:
        header = [column.strip().lower() for column in next(reader)]
    except StopIteration:
        return [], [f"{filename}: the file is empty"]
    missing = [c for c in ("id", "name") if c not in header]
    unknown = [c for c in header if c not in COLUMNS]
    if missing or unknown:
        problems = []
        if missing:
            problems.append(f"missing column(s) {', '.join(missing)}")
        if unknown:
            problems.append(f"unknown column(s) {', '.join(unknown)}")
        return [], [f"{filename}:1: {'; '.join(problems)} (expected {','.join(COLUMNS)})"]
    records: dict[str, StaffRecord] = {}
    errors: list[str] = []
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(records) >= MAX_ROWS:
            errors.append(f"{filename}:{line}: more than {MAX_ROWS} rows; the rest was not read")
            break
        if len(row) != len(header):
            errors.append(f"{filename}:{line}: expected {len(header)} columns, found {len(row)}")
            continue
        values = {key: cell.strip() for key, cell in zip(header, row, strict=True)}
        if not values["id"] or not values["name"]:
            errors.append(f"{filename}:{line}: id and name must not be empty")
            continue
        if len(values["id"]) > MAX_ID_CHARS:
            errors.append(f"{filename}:{line}: id is longer than {MAX_ID_CHARS} characters")
            continue
        if len(values["name"].split()) < 2:
            errors.append(f"{filename}:{line}: name needs a first name and a surname")
            continue
        if values["id"] in records:
            errors.append(
                f"{filename}:{line}: id {values['id']!r} appears twice; the later row is used"
            )
        records[values["id"]] = StaffRecord(
            id=values["id"],
            name=values["name"],
            aliases=tuple(a.strip() for a in values.get("aliases", "").split(";") if a.strip()),
            role=values.get("role", ""),
            unit=values.get("unit", ""),
            municipality=values.get("municipality", ""),
        )
    return list(records.values()), errors
