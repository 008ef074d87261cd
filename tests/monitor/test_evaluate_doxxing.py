"""`socialvakt evaluate-doxxing`: a municipality measures the detector on its own labelled posts."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from monitor.cli.main import app
from tests.support.installation import STAFF_CSV

DOXXING = (
    "Åsa Lindqvist, socialsekreterare på soc i Sundsvall, bor på Norrbackagatan 14B. "
    "Ring henne på 070-174 06 23 dag och natt!"
)
THANKS = "Tack Åsa Lindqvist på barn och unga i Sundsvall för att du lyssnade på oss 💙"
# Doxxing by the label, but nothing the detector can see: it will be missed.
MISSED = "Ni vet vem jag menar. Hon vet själv vad hon gjort."


def row(row_id: str, text: str, doxxing: int, severity: str, staff: list[str]) -> str:
    return json.dumps(
        {
            "id": row_id,
            "text": text,
            "doxxing": doxxing,
            "severity": severity,
            "staff_ids": staff,
            "pii_kinds": [],
        },
        ensure_ascii=False,
    )


def run(config, *args):
    return CliRunner().invoke(app, ["evaluate-doxxing", *args, "--config", str(config)])


def test_measures_a_labelled_file_as_the_service_runs(make_config, tmp_path):
    settings = make_config()
    staff = tmp_path / "staff.csv"
    staff.write_text(STAFF_CSV, encoding="utf-8")
    labelled = tmp_path / "labelled.jsonl"
    labelled.write_text(
        "\n".join(
            [
                row("a", DOXXING, 1, "critical", ["s01"]),
                row("b", THANKS, 0, "none", ["s01"]),
                row("c", MISSED, 1, "medium", []),
            ]
        ),
        encoding="utf-8",
    )
    result = run(settings.base_dir / "config.yaml", str(labelled), "--staff", str(staff))
    assert result.exit_code == 0, result.output
    assert "recall 0.500 (1 of 2 doxxing posts flagged)" in result.output
    assert "precision 1.000" in result.output
    assert "registered staff identified 1.000 (2 of 2" in result.output
    assert "critical posts rated at least high: 1 of 1" in result.output
    assert "flagged: 0 of 1 (0.000)" in result.output
    assert "missed: c" in result.output


def test_bad_lines_are_named_and_nothing_is_measured(make_config, tmp_path):
    settings = make_config()
    labelled = tmp_path / "labelled.jsonl"
    labelled.write_text(
        row("a", DOXXING, 1, "critical", [])
        + "\n{not json\n"
        + row("c", THANKS, 2, "none", [])
        + "\n",
        encoding="utf-8",
    )
    result = run(settings.base_dir / "config.yaml", str(labelled))
    assert result.exit_code == 2
    assert f"{labelled}:2: not valid JSON" in result.output
    assert f'{labelled}:3: "doxxing" must be 0 or 1' in result.output
    assert "recall" not in result.output
