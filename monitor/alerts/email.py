"""Alert delivery by e-mail: SMTP with STARTTLS and login when configured."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate

from monitor.alerts.message import AlertMessage
from monitor.config import EmailSettings


def build_email(message: AlertMessage, settings: EmailSettings, alert_id: int) -> EmailMessage:
    email = EmailMessage()
    email["Subject"] = message.subject
    email["From"] = settings.sender
    email["To"] = ", ".join(settings.to)
    email["Date"] = formatdate(localtime=False)
    # The same alert always has the same Message-ID, so a resend after a crash can be recognised.
    email["Message-ID"] = f"<socialvakt-alert-{alert_id}@{settings.sender.split('@')[-1]}>"
    email.set_content(message.text)
    return email


def send_email(message: AlertMessage, settings: EmailSettings, alert_id: int) -> None:
    email = build_email(message, settings, alert_id)
    timeout = settings.timeout.total_seconds()
    with smtplib.SMTP(settings.host, settings.port, timeout=timeout) as smtp:
        if settings.starttls:
            smtp.starttls(context=ssl.create_default_context(cafile=settings.ca_file))
        if settings.username:
            smtp.login(settings.username, settings.password or "")
        smtp.send_message(email)
