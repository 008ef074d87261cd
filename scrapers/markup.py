"""Plain text from HTML that keeps words whole and paragraphs apart.

`text.html_to_text` joins every tag with a space, which splits words that are marked up in the
middle (`@<span>alexl</span>`, `<b>ال</b>كلمة`, Mastodon's hidden `https://` spans). Here inline
tags join without a separator and block tags start a new line, the way a browser shows them.
Right-to-left text is left exactly as written (bidi marks included).
"""

from __future__ import annotations

import re
import warnings

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning
from bs4.element import (
    Comment,
    Declaration,
    Doctype,
    NavigableString,
    ProcessingInstruction,
    Tag,
)

from scrapers.text import tidy

BLOCK_TAGS = frozenset(
    {
        *("address", "article", "aside", "blockquote", "dd", "details", "div", "dl", "dt"),
        *("figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6"),
        *("header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary"),
        *("table", "tbody", "thead", "tfoot", "tr", "ul"),
    }
)
CELL_TAGS = frozenset({"td", "th"})
SKIPPED_TAGS = frozenset(
    {"script", "style", "noscript", "template", "head", "svg", "iframe", "object", "button"}
)
_NOT_TEXT = (Comment, Declaration, Doctype, ProcessingInstruction)
_WHITESPACE = re.compile(r"[ \t\r\n\f\v]+")
_BREAK = object()


def element_text(node: Tag | NavigableString | None) -> str:
    """The visible text of an element: inline tags joined, blocks on lines of their own."""
    if node is None:
        return ""
    parts: list[str] = []
    stack: list[object] = [node]  # iterative: a deeply nested page cannot exhaust the stack
    while stack:
        item = stack.pop()
        if item is _BREAK:
            parts.append("\n")
        elif isinstance(item, NavigableString):
            if not isinstance(item, _NOT_TEXT):
                parts.append(_WHITESPACE.sub(" ", str(item)))
        elif isinstance(item, Tag):
            name = (item.name or "").lower()
            if name in SKIPPED_TAGS:
                continue
            if name == "br":
                parts.append("\n")
                continue
            if name in BLOCK_TAGS:
                parts.append("\n")
                stack.append(_BREAK)
            elif name in CELL_TAGS:
                parts.append(" ")
            stack.extend(reversed(item.contents))
    return tidy("".join(parts))


def soup_of(markup: str) -> BeautifulSoup:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        return BeautifulSoup(markup, "lxml")


def html_text(markup: str) -> str:
    """element_text for an HTML fragment held in a string (an API's `content` field, say)."""
    if not markup:
        return ""
    if "<" not in markup and "&" not in markup:
        return tidy(markup)
    return element_text(soup_of(markup))
