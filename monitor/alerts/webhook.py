"""Alert delivery by webhook: generic JSON, Microsoft Teams or Slack.

Every attempt for one alert carries the same delivery id, in the `Idempotency-Key` header and in
the generic JSON, so a receiver can count a resend after a crash as one alert. Teams and Slack
incoming webhooks ignore it: there, a resend after a crash mid-request can show twice.
"""

from __future__ import annotations

import os
import re

import httpx

from monitor.alerts.message import AlertMessage
from monitor.config import WebhookSettings

TIMEOUT_SECONDS = 15
# Visible ASCII only: what a bearer token in an HTTP header can be (RFC 6750 is stricter still).
TOKEN_CHARS = re.compile(r"[\x21-\x7e]+")


def payload(message: AlertMessage, format: str, alert_id: int, delivery_id: str) -> dict:
    if format == "slack":
        return {"text": f"*{message.subject}*\n" + "\n".join(message.lines)}
    if format == "teams":
        return {
            "type": "message",
            "attachments": [
                {
                    "contentType": "application/vnd.microsoft.card.adaptive",
                    "content": {
                        "type": "AdaptiveCard",
                        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
                        "version": "1.4",
                        "body": [
                            {
                                "type": "TextBlock",
                                "text": message.subject,
                                "weight": "Bolder",
                                "wrap": True,
                            },
                            *[
                                {"type": "TextBlock", "text": line, "wrap": True}
                                for line in message.lines[:-1]
                            ],
                        ],
                        "actions": [
                            {
                                "type": "Action.OpenUrl",
                                "title": "Öppna i Socialvakt",
                                "url": message.link,
                            }
                        ],
                    },
                }
            ],
        }
    return {
        "delivery_id": delivery_id,
        "alert_id": alert_id,
        "item_id": message.item_id,
        "kind": message.kind,
        "severity": message.severity.value,
        "platform": message.platform,
        "affected": list(message.affected),
        "exposed": list(message.exposed),
        "link": message.link,
        "summary": message.subject,
    }


def send_webhook(
    message: AlertMessage, settings: WebhookSettings, alert_id: int, delivery_id: str
) -> None:
    headers = {"Idempotency-Key": delivery_id}
    if settings.token_env:
        token = (os.environ.get(settings.token_env) or "").strip()
        if not token:
            raise RuntimeError(f"environment variable {settings.token_env} is not set")
        if not TOKEN_CHARS.fullmatch(token):
            # httpx would raise with the token in its message ("Illegal header value b'…'").
            raise RuntimeError(
                f"the token in {settings.token_env} has characters an HTTP header cannot carry "
                "(spaces, line breaks or letters outside ASCII); check the variable's value"
            )
        headers["Authorization"] = f"Bearer {token}"
    response = httpx.post(
        str(settings.url),
        json=payload(message, settings.format, alert_id, delivery_id),
        headers=headers,
        timeout=TIMEOUT_SECONDS,
    )
    if response.status_code >= 300:
        raise RuntimeError(f"webhook answered HTTP {response.status_code}")
