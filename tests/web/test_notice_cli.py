"""`socialvakt notice ITEM_ID` prints a notice for an item stored through the real pipeline."""

from __future__ import annotations

from typer.testing import CliRunner

from monitor.cli.main import app
from tests.web.conftest import DISINFO, DOXXING
from tests.web.test_web import items_by_text


def test_notice_command_prints_a_complete_notice(site):
    items = items_by_text(site)
    config = str(site.settings.base_dir / "config.yaml")
    runner = CliRunner()

    result = runner.invoke(app, ["notice", str(items[DOXXING]), "--config", config, "--lang", "sv"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("ANMÄLAN OM OLAGLIGT INNEHÅLL") and "https://t.me/kanal/0" in out
    assert "Kommunikationsavdelningen" in out and "kommunikation@example.se" in out
    assert "Vi intygar i god tro" in out and "Norrbackagatan" not in out and "070-174" not in out
    assert "# to: Telegram" in result.stderr and "# e-mail: abuse@telegram.org" in result.stderr

    english = runner.invoke(
        app,
        [
            "notice",
            str(items[DISINFO]),
            "--config",
            config,
            "--reason",
            "disinformation",
            "--platform",
            "x",
        ],
    )
    assert english.exit_code == 0, english.output
    assert (
        "We do not claim that the content is illegal." in english.stdout
    )  # X's default is English
    assert "Criminal Code" not in english.stdout
    assert "ingen uttrycklig regel" in english.stderr

    assert runner.invoke(app, ["notice", "99999", "--config", config]).exit_code == 1
    bad = runner.invoke(
        app, ["notice", str(items[DOXXING]), "--config", config, "--reason", "spam"]
    )
    assert bad.exit_code == 2 and "--reason" in bad.stderr
    # förtal needs a person: the disinformation post names nobody
    defamation = runner.invoke(
        app, ["notice", str(items[DISINFO]), "--config", config, "--reason", "defamation"]
    )
    assert defamation.exit_code == 1 and "Förtal förutsätter" in defamation.stderr
