"""Alert delivery by e-mail: SMTP with STARTTLS and login when configured."""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import formatdate

from monitor.alerts.message import AlertMessage
from monitor.config import EmailSettings
from monitor.mailserver import connect


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
    with connect(settings) as smtp:
        smtp.send_message(email)
