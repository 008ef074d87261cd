"""DESIGN.md's batch contract: JSON lines in (id, text, …), JSON lines out (id, labels)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

MAX_TEXT_CHARS = 100_000


@dataclass(frozen=True, slots=True)
class BatchPost:
    id: str
    text: str


def json_lines(lines: Iterable[str]) -> Iterator[tuple[int, object, str | None]]:
    """(line number, parsed value, None) per non-blank line, or (number, None, what is wrong)."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line), None
        except json.JSONDecodeError as exc:
            yield number, None, f"not valid JSON ({exc.msg} at column {exc.colno})"


def read_posts(lines: Iterable[str]) -> Iterator[BatchPost | str]:
    """Yield a post per good line, or an error message naming the line number for a bad one."""
    for number, row, error in json_lines(lines):
        if error:
            yield f"line {number}: {error}"
            continue
        if not isinstance(row, dict):
            yield f"line {number}: expected a JSON object"
            continue
        if "id" not in row or not isinstance(row["id"], str | int):
            yield f"line {number}: missing or invalid 'id'"
            continue
        if not isinstance(row.get("text"), str):
            yield f"line {number}: missing or invalid 'text'"
            continue
        yield BatchPost(str(row["id"]), row["text"][:MAX_TEXT_CHARS])


def result_line(post_id: str, labels: dict) -> str:
    return json.dumps({"id": post_id, "labels": labels}, ensure_ascii=False)
