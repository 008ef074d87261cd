"""Every reason the doxxing detector can give is shown in Swedish on the item page."""

from __future__ import annotations

import ast
from pathlib import Path

from classifiers.doxxing import severity
from monitor.web.context import REASON_SV

SEVERITY_SOURCE = Path(severity.__file__).read_text(encoding="utf-8")


def _string_constants(node: ast.AST) -> set[str]:
    return {
        n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    }


def emitted_reasons() -> set[str]:
    """The strings severity.py appends to `reasons` or assigns to `reason`, and its reason table."""
    found = set(severity._REASONS.values())
    for node in ast.walk(ast.parse(SEVERITY_SOURCE)):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "append"
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "reasons"
        ):
            found |= _string_constants(node.args[0])
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "reason" for t in node.targets
        ):
            found |= {s for s in _string_constants(node.value) if " " in s or s.isalpha()}
    return found


def test_every_detector_reason_has_a_swedish_text():
    reasons = emitted_reasons()
    assert "hostile exposure" in reasons and "home address" in reasons  # the scan works
    missing = sorted(r for r in reasons if r not in REASON_SV)
    assert not missing, missing
