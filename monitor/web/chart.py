"""A small stacked bar chart as inline SVG, drawn on the server: no script, no external files."""

from __future__ import annotations

from collections import Counter
from datetime import date

from markupsafe import Markup, escape

COLOURS = {"lvu_disinfo": "#1f5f8b", "threat": "#a61b1b", "doxxing": "#c25e00"}
NAMES = {"lvu_disinfo": "LVU-desinformation", "threat": "Hot", "doxxing": "Doxning"}
WIDTH, HEIGHT, PAD = 900, 220, 30


def daily_bars(days: list[date], per_day: dict[str, Counter]) -> Markup:
    totals = [sum(per_day.get(label, Counter())[day] for label in COLOURS) for day in days]
    peak = max(totals + [1])
    bar = (WIDTH - 2 * PAD) / max(len(days), 1)
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT + 40}" role="img" '
        f'aria-label="Flaggade inlägg per dag och typ">'
    ]
    for index, day in enumerate(days):
        y = HEIGHT
        for label, colour in COLOURS.items():
            value = per_day.get(label, Counter())[day]
            if not value:
                continue
            height = (HEIGHT - PAD) * value / peak
            y -= height
            title = escape(f"{day:%Y-%m-%d}: {value} {NAMES[label]}")
            parts.append(
                f'<rect x="{PAD + index * bar:.1f}" y="{y:.1f}" width="{bar * 0.8:.1f}" '
                f'height="{height:.1f}" fill="{colour}"><title>{title}</title></rect>'
            )
        if index % 5 == 0:
            parts.append(
                f'<text x="{PAD + index * bar:.1f}" y="{HEIGHT + 16}" '
                f'font-size="11">{day:%d/%m}</text>'
            )
    parts.append(f'<text x="2" y="{PAD}" font-size="11">{peak}</text>')
    for offset, (label, colour) in enumerate(COLOURS.items()):
        x = PAD + offset * 180
        parts.append(
            f'<rect x="{x}" y="{HEIGHT + 26}" width="10" height="10" fill="{colour}"></rect>'
        )
        parts.append(f'<text x="{x + 14}" y="{HEIGHT + 35}" font-size="12">{NAMES[label]}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704  (built only from numbers, dates and escaped text)
