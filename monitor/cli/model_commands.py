"""The classifiers from the command line: classify a file, train, evaluate."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from classifiers.batch import BatchPost, read_posts, result_line
from classifiers.corpus import load_heldout
from classifiers.doxxing.evaluation import EvaluationFileError, listed, measure, read_rows
from classifiers.doxxing.staff import StaffRecord, parse_staff_csv
from classifiers.evaluate import evaluate as evaluate_model
from classifiers.evaluate import save_pr_curves
from monitor.cli.common import DEFAULT_CONFIG, ConfigOption, fail, settings_from, setup_logging
from monitor.config import Settings
from monitor.db import make_engine
from monitor.modelstore import classifier_for, ensure_model, train_and_save
from monitor.review_labels import review_decisions, review_doxxing_rows, review_examples
from monitor.staff_registry import load_staff

CHUNK = 2000


def _settings_or_defaults(config: Path) -> Settings:
    """`classify` must work with no config file at all: then the defaults apply, here."""
    if config.exists():
        return settings_from(config)
    return Settings(base_dir=Path.cwd())


def classify(
    posts_file: Annotated[
        Path, typer.Argument(help='JSON lines: one {"id", "text"} per line; - for stdin.')
    ],
    staff: Annotated[
        Path | None,
        typer.Option("--staff", help="Staff CSV: id,name,aliases,role,unit,municipality"),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write results here instead of stdout.")
    ] = None,
    config: ConfigOption = DEFAULT_CONFIG,
) -> None:
    """Classify posts from a file: disinformation, threats and doxxing; one JSON line per post."""
    setup_logging()
    settings = _settings_or_defaults(config)
    records = _staff_records(staff) if staff is not None else []
    model = ensure_model(settings.model_path)
    classifier = classifier_for(model, records)
    try:
        source = (
            sys.stdin
            if str(posts_file) == "-"
            else posts_file.open(encoding="utf-8", errors="replace")
        )
    except OSError as exc:
        fail(f"{posts_file}: cannot read: {exc}")
    sink = output.open("w", encoding="utf-8") if output else sys.stdout
    counts = {"classified": 0, "skipped": 0, "flagged": 0}
    batch: list[BatchPost] = []

    def flush() -> None:
        for post, labels in zip(batch, classifier.classify([p.text for p in batch]), strict=True):
            sink.write(result_line(post.id, labels) + "\n")
            counts["flagged"] += any(v.get("flagged") for v in labels.values())
        counts["classified"] += len(batch)
        batch.clear()

    with source:
        for entry in read_posts(source):
            if isinstance(entry, str):
                typer.echo(f"{posts_file}: {entry}; skipped", err=True)
                counts["skipped"] += 1
                continue
            batch.append(entry)
            if len(batch) >= CHUNK:
                flush()
        flush()
    if output:
        sink.close()
    summary = ", ".join(f"{number} {what}" for what, number in counts.items())
    typer.echo(summary, err=True)


def train(
    from_reviews: Annotated[
        bool,
        typer.Option(
            "--from-reviews", help="Also learn from confirmed and dismissed review items."
        ),
    ] = False,
    config: ConfigOption = DEFAULT_CONFIG,
) -> None:
    """Train the model from the shipped corpus (and reviewers' decisions) and save it."""
    setup_logging()
    settings = _settings_or_defaults(config)
    extra, reviewed, staff = [], [], []
    if from_reviews:
        engine = make_engine(settings.database_url)
        decisions = review_decisions(engine)
        extra, reviewed = review_examples(decisions), review_doxxing_rows(decisions)
        staff = load_staff(engine, settings)
        typer.echo(
            f"{len(extra)} review decision(s) added to the corpus, "
            f"{len(reviewed)} of them on doxxing items"
        )
    model = train_and_save(settings.model_path, extra, reviewed, staff)
    typer.echo(f"model saved to {settings.model_path}")
    learned = model.meta["learned_examples"]
    typer.echo(
        f"  doxxing, learned opinions: {learned['aim']} labelled posts "
        f"({learned['aim_from_reviews']} from reviews), {learned['exposure']} for exposure, "
        f"{learned['unnamed']} naming nobody"
    )
    for label, metrics in model.meta["validation"].items():
        typer.echo(
            f"  {label}: threshold {model.meta['thresholds'][label]:.3f}, validation {metrics}"
        )


def evaluate(
    plot: Annotated[
        Path, typer.Option("--plot", help="Where to save the precision-recall curves (PNG).")
    ] = Path("evaluation.png"),
    as_json: Annotated[bool, typer.Option("--json", help="Print the full report as JSON.")] = False,
    config: ConfigOption = DEFAULT_CONFIG,
) -> None:
    """Measure the model on the held-out split it never trained on."""
    setup_logging()
    settings = _settings_or_defaults(config)
    model = ensure_model(settings.model_path)
    heldout = load_heldout()
    report = evaluate_model(model, heldout)
    save_pr_curves(model, heldout, plot)
    if as_json:
        typer.echo(json.dumps(report, indent=2))
        return
    typer.echo(f"held-out examples: {report['examples']}  (model {model.version})")
    for label, data in report["labels"].items():
        typer.echo(f"\n{label} (threshold {data['threshold']}): {_scores(data['overall'])}")
        for lang, metrics in data["by_lang"].items():
            typer.echo(f"  {lang}: {_scores(metrics)}")
        lookalike = data["lookalike_false_positive_rate"]
        typer.echo(f"  false-positive rate on news, fact-checks and criticism: {lookalike}")
        for kind, m in data["hard_negatives"].items():
            typer.echo(f"    {kind:<18} {m['flagged']:>3} of {m['n']:>3} flagged")
    typer.echo(f"\nprecision-recall curves: {plot}")


def evaluate_doxxing(
    labelled: Annotated[
        Path,
        typer.Argument(help="Labelled posts, one JSON line each (classifiers/data/README.md)."),
    ],
    staff: Annotated[
        Path | None,
        typer.Option("--staff", help="Staff CSV the file's staff_ids refer to (default: none)."),
    ] = None,
    config: ConfigOption = DEFAULT_CONFIG,
) -> None:
    """Measure the doxxing detector, as the service runs it, on your own labelled posts."""
    setup_logging()
    settings = _settings_or_defaults(config)
    try:
        rows = read_rows(labelled.read_text(encoding="utf-8").splitlines(), str(labelled))
    except (OSError, UnicodeDecodeError) as exc:
        fail(f"{labelled}: cannot read: {exc}")
    except EvaluationFileError as exc:
        fail(f"nothing measured, fix these lines first:\n{exc}")
    records = _staff_records(staff) if staff is not None else []
    model = ensure_model(settings.model_path)
    classifier = classifier_for(model, records)
    texts = [row["text"] for row in rows]
    results = {}
    for start in range(0, len(texts), CHUNK):
        chunk = texts[start : start + CHUNK]
        for text, labels in zip(chunk, classifier.classify(chunk), strict=True):
            results[text] = labels["doxxing"]
    m = measure(results.__getitem__, rows)
    typer.echo(f"doxxing on {labelled} ({m.n} posts, model {model.version}):")
    typer.echo(f"  recall {m.recall:.3f} ({m.tp} of {m.tp + m.fn} doxxing posts flagged)")
    typer.echo(f"  precision {m.precision:.3f} ({m.fp} flagged that are not doxxing)")
    typer.echo(
        f"  registered staff identified {m.staff_identified:.3f} "
        f"({m.staff_found} of {m.staff_named} posts naming them)"
    )
    typer.echo(f"  critical posts rated at least high: {m.critical_high} of {m.critical}")
    typer.echo(
        f"  benign posts naming staff or with personal details flagged: "
        f"{m.benign_flagged} of {m.benign} ({m.benign_fp_rate:.3f})"
    )
    for title, ids in (("missed", m.missed), ("wrongly flagged", m.false_flags)):
        if ids:
            typer.echo(f"  {title}: {listed(ids, ', ')}")


def _staff_records(path: Path) -> list[StaffRecord]:
    try:
        records, errors = parse_staff_csv(path.read_text(encoding="utf-8"), str(path))
    except (OSError, UnicodeDecodeError) as exc:
        fail(f"{path}: cannot read staff file: {exc}")
    for message in errors:
        typer.echo(f"warning: {message}", err=True)
    return records


def _scores(m: dict) -> str:
    counts = f"(n={m['n']}, positives={m['positives']})"
    return f"P {m['precision']}  R {m['recall']}  F1 {m['f1']}  {counts}"


def register(app: typer.Typer) -> None:
    app.command()(classify)
    app.command()(train)
    app.command()(evaluate)
    app.command("evaluate-doxxing")(evaluate_doxxing)
