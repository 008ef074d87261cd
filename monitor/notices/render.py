"""Render a notice from the Jinja2 templates, check it is complete, and wrap it as an e-mail.

Templates are plain text (`<reason>.<lang>.txt.j2`, shared pieces in `partials/`). They run in
Jinja2's sandbox: an administrator edits them, and a folder named by `notices.template_dir`
overrides any of them file by file. The only text from a post that reaches a notice is its
address, checked to be a plain http(s) URL; the post's text and the exposed details never do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, formataddr, make_msgid
from pathlib import Path

from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined, TemplateError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from monitor.notices.facts import (
    DSA_18,
    Facts,
    NoticeError,
    grounds,
    is_legal,
    warnings,
)
from monitor.notices.platforms import LANGS, Platform

BUILTIN_TEMPLATES = Path(__file__).parent / "templates"
MAX_URL_CHARS = 2000
MAX_URLS = 25
MAX_BODY_CHARS = 20_000
# The good-faith statement of DSA article 16(2)(d), as the templates word it; the completeness
# check looks for these words so a reviewer who edits them away is warned.
GOOD_FAITH_MARK = {"sv": "i god tro", "en": "in good faith"}
EXPLANATION_MARK = {"sv": "Motivering", "en": "Explanation"}
_URL = re.compile(r"^https?://[^\s<>\"'\\\x00-\x1f\x7f]+$")


@dataclass(frozen=True)
class Organisation:
    name: str
    notifier_name: str
    notifier_email: str


@dataclass
class RenderedNotice:
    body: str
    subject: str
    grounds: list[str]
    warnings: list[str] = field(default_factory=list)

    @property
    def legal(self) -> bool:
        return any(is_legal(g) for g in self.grounds)


class NoticeTemplates:
    """One Jinja2 environment over the override folder (if any) and the shipped templates."""

    def __init__(self, override_dir: Path | None = None) -> None:
        loaders = [FileSystemLoader(str(BUILTIN_TEMPLATES))]
        if override_dir is not None:
            loaders.insert(0, FileSystemLoader(str(override_dir)))
        self.env = ImmutableSandboxedEnvironment(
            loader=ChoiceLoader(loaders),
            autoescape=False,  # plain text; nothing from a post but a checked URL goes in
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )

    def render(
        self,
        *,
        reason: str,
        lang: str,
        urls: list[str],
        platform: Platform,
        org: Organisation,
        facts: Facts,
        published_at: datetime | None = None,
        seen_at: datetime | None = None,
        today: datetime | None = None,
    ) -> RenderedNotice:
        if lang not in LANGS:
            raise NoticeError(f"Okänt språk: {lang!r} (sv eller en).")
        urls = clean_urls(urls)
        if not urls:
            raise NoticeError(
                "Inlägget saknar en webbadress (http/https). En anmälan måste ange innehållets "
                "exakta adress."
            )
        cited = grounds(reason, facts, platform.rules)
        context = {
            "reason": reason,
            "lang": lang,
            "urls": urls,
            "platform": platform,
            "rules": platform.rules,
            "org": org,
            "facts": facts,
            "grounds": cited,
            "legal": any(is_legal(g) for g in cited),
            "article_18": DSA_18 in cited,
            "published": _date(published_at),
            "seen": _date(seen_at),
            "today": _date(today or datetime.now(UTC)),
        }
        try:
            body = self.env.get_template(f"{reason}.{lang}.txt.j2").render(context)
            subject = self.env.get_template(f"subject.{lang}.txt.j2").render(context)
        except TemplateError as exc:
            raise NoticeError(f"Mallen för {reason}.{lang} kunde inte användas: {exc}") from exc
        return RenderedNotice(
            body=tidy(body),
            subject=" ".join(subject.split())[:200],
            grounds=cited,
            warnings=warnings(reason, facts, cited, platform.name),
        )


def clean_urls(urls: list[str]) -> list[str]:
    """Plain http(s) addresses only, each once, capped: they are the one piece of a post quoted."""
    kept: list[str] = []
    for url in urls:
        url = (url or "").strip()
        if len(url) <= MAX_URL_CHARS and _URL.match(url) and url not in kept:
            kept.append(url)
    return kept[:MAX_URLS]


def tidy(text: str) -> str:
    """No trailing spaces, at most one blank line in a row, one newline at the end."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    out: list[str] = []
    for line in lines:
        if not line and (not out or not out[-1]):
            continue
        out.append(line)
    return "\n".join(out).strip() + "\n"


def missing_elements(body: str, urls: list[str], org: Organisation, lang: str) -> list[str]:
    """Which of DSA article 16(2)'s four elements an (edited) notice lacks, in Swedish."""
    missing = []
    if not urls or any(url not in body for url in urls):
        missing.append("innehållets exakta adress (URL)")
    if EXPLANATION_MARK.get(lang, "Motivering") not in body:
        missing.append("en motivering")
    if org.notifier_name not in body:
        missing.append("anmälarens namn")
    if org.notifier_email not in body:
        missing.append("anmälarens e-postadress")
    if GOOD_FAITH_MARK.get(lang, "i god tro") not in body:
        missing.append("intygandet i god tro")
    return missing


def _date(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime("%Y-%m-%d")


_EMAIL = re.compile(r"^[^@\s<>,;\"]{1,64}@[A-Za-z0-9.-]{1,190}\.[A-Za-z]{2,24}$")


def valid_email(address: str | None) -> bool:
    return bool(address) and bool(_EMAIL.match(address))


def as_eml(
    body: str, subject: str, org: Organisation, to: str | None, when: datetime | None = None
) -> bytes:
    """An RFC 5322 message, unsent (X-Unsent makes Outlook open it as a draft to send)."""
    message = EmailMessage(policy=SMTP)
    message["From"] = formataddr((org.notifier_name, org.notifier_email))
    if to and valid_email(to):
        message["To"] = to
    message["Subject"] = " ".join(subject.split())
    message["Date"] = format_datetime(when or datetime.now(UTC))
    domain = org.notifier_email.rpartition("@")[2] or "socialvakt.invalid"
    message["Message-ID"] = make_msgid(domain=domain)
    message["X-Unsent"] = "1"
    message.set_content(body, charset="utf-8")
    return message.as_bytes()
