"""Turning scraped markup into plain text and dates into UTC."""

from __future__ import annotations

import re
import warnings
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning

MAX_TEXT_CHARS = 100_000
_SPACES = re.compile(r"[ \t\r\f\v]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")


def html_to_text(markup: str) -> str:
    """Strip tags (scripts and styles with their content) and tidy the whitespace."""
    if "<" not in markup and "&" not in markup:
        return tidy(markup)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        soup = BeautifulSoup(markup, "lxml")
    for element in soup(["script", "style", "noscript", "template"]):
        element.decompose()
    for br in soup.find_all("br"):
        br.replace_with("\n")
    return tidy(soup.get_text(" "))


def tidy(text: str) -> str:
    text = text[:MAX_TEXT_CHARS].replace("\u00a0", " ")
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def parse_date(value: str | None) -> datetime | None:
    """RFC 822 (RSS) or ISO 8601 (Atom, APIs), returned in UTC; None when unreadable."""
    if not value:
        return None
    value = value.strip()
    parsed: datetime | None = None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            parsed = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)
