"""The labelled corpus shipped in classifiers/data (format in data/README.md)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"
LABELS = ("lvu_disinfo", "threat")
LANGS = ("sv", "en", "ar")
HELDOUT_FILE = "heldout.jsonl"


class CorpusError(ValueError):
    """A corpus line that cannot be used; the message names the file and line."""


@dataclass(frozen=True, slots=True)
class Example:
    id: str
    text: str
    lang: str
    kind: str
    labels: dict[str, int]
    platform: str = ""

    @property
    def is_hard_negative(self) -> bool:
        return self.kind.startswith("neg:") and not any(self.labels.values())


def parse_example(line: str, where: str) -> Example:
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        raise CorpusError(f"{where}: not valid JSON ({exc.msg})") from exc
    if not isinstance(row, dict):
        raise CorpusError(f"{where}: expected a JSON object")
    missing = [key for key in ("id", "text", "lang", "kind", *LABELS) if key not in row]
    if missing:
        raise CorpusError(f"{where}: missing field(s) {', '.join(missing)}")
    labels = {}
    for label in LABELS:
        if row[label] not in (0, 1):
            raise CorpusError(f"{where}: {label} must be 0 or 1, got {row[label]!r}")
        labels[label] = int(row[label])
    if not isinstance(row["text"], str) or not row["text"].strip():
        raise CorpusError(f"{where}: text must be a non-empty string")
    return Example(
        id=str(row["id"]),
        text=row["text"],
        lang=str(row["lang"]),
        kind=str(row["kind"]),
        labels=labels,
        platform=str(row.get("platform", "")),
    )


def read_file(path: Path) -> list[Example]:
    examples = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if line.strip():
                examples.append(parse_example(line, f"{path.name}:{number}"))
    return examples


def training_files(data_dir: Path = DATA_DIR) -> list[Path]:
    return sorted(data_dir.glob("train_*.jsonl"))


def load_training(data_dir: Path = DATA_DIR) -> list[Example]:
    examples = [e for path in training_files(data_dir) for e in read_file(path)]
    _check_unique_ids(examples)
    return examples


def load_heldout(data_dir: Path = DATA_DIR) -> list[Example]:
    return read_file(data_dir / HELDOUT_FILE)


def _check_unique_ids(examples: Iterable[Example]) -> None:
    seen: set[str] = set()
    for example in examples:
        if example.id in seen:
            raise CorpusError(f"duplicate example id {example.id!r}")
        seen.add(example.id)


def corpus_hash(examples: Iterable[Example]) -> str:
    digest = hashlib.sha256()
    for example in sorted(examples, key=lambda e: e.id):
        digest.update(
            json.dumps([example.id, example.text, example.labels], sort_keys=True).encode()
        )
    return digest.hexdigest()
