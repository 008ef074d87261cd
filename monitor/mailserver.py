"""Connecting to the mail relay: STARTTLS, then a login that works with any password.

smtplib encodes the SASL exchange as ASCII, so a password such as "lösenord-åäö" raised
UnicodeEncodeError (naming the offending letter and its position in the password). RFC 4954 and
RFC 4616 define AUTH PLAIN over UTF-8; most relays (Postfix/Dovecot, Exchange, aiosmtpd) accept
UTF-8 in LOGIN too. Every login failure becomes an SMTPLoginError whose message says what to
check, and never carries the password.
"""

from __future__ import annotations

import smtplib
import ssl
from base64 import b64encode
from collections.abc import Iterator
from contextlib import contextmanager

from monitor.config import SmtpServerSettings

# 235: authenticated; 503: this session is already authenticated.
_LOGGED_IN = (235, 503)
_CHALLENGE = 334


class SMTPLoginError(smtplib.SMTPException):
    """The relay did not accept the login; the message is for the operator, password-free."""


@contextmanager
def connect(server: SmtpServerSettings) -> Iterator[smtplib.SMTP]:
    """An SMTP session, with STARTTLS and login as configured; closed on leaving."""
    with smtplib.SMTP(server.host, server.port, timeout=server.timeout.total_seconds()) as smtp:
        if server.starttls:
            smtp.starttls(context=ssl.create_default_context(cafile=server.ca_file))
        if server.username:
            login(smtp, server)
        yield smtp


def login(smtp: smtplib.SMTP, server: SmtpServerSettings) -> None:
    """Log in with PLAIN (or LOGIN when the relay offers only that), user and password UTF-8."""
    where = f"{server.host}:{server.port}"
    user, password = server.username or "", server.password
    if password is None:
        raise SMTPLoginError(
            f"the password variable {server.password_env} is not set in the service's "
            f"environment, so no login to {where} was tried"
        )
    smtp.ehlo_or_helo_if_needed()
    offered = smtp.esmtp_features.get("auth", "").upper().split()
    if "PLAIN" in offered:
        code, reply = _auth_plain(smtp, user, password)
    elif "LOGIN" in offered:
        code, reply = _auth_login(smtp, user, password)
    elif "CRAM-MD5" in offered and user.isascii() and password.isascii():
        code, reply = _auth_cram_md5(smtp, user, password)
    else:
        what = f"only {' '.join(offered)}" if offered else "no login (AUTH)"
        raise SMTPLoginError(
            f"{where} offers {what}; Socialvakt logs in with PLAIN or LOGIN (CRAM-MD5 with an "
            "ASCII password). Ask the mail administrator, or leave username unset for a relay "
            "that needs no login"
        )
    if code not in _LOGGED_IN:
        answer = reply.decode("utf-8", "replace").strip()[:200]
        raise SMTPLoginError(
            f"{where} refused the login for {user} ({code} {answer}): check "
            f"alerts.email.username and the password in {server.password_env}"
        )


def _b64(text: str) -> str:
    return b64encode(text.encode("utf-8")).decode("ascii")


def _auth_plain(smtp: smtplib.SMTP, user: str, password: str) -> tuple[int, bytes]:
    """RFC 4616: authzid NUL authcid NUL passwd, UTF-8, as the initial response (RFC 4954)."""
    token = _b64(f"\0{user}\0{password}")
    code, reply = smtp.docmd("AUTH", f"PLAIN {token}")
    if code == _CHALLENGE:  # a relay that wants the response after an empty challenge
        code, reply = smtp.docmd(token)
    return code, reply


def _auth_login(smtp: smtplib.SMTP, user: str, password: str) -> tuple[int, bytes]:
    code, reply = smtp.docmd("AUTH", f"LOGIN {_b64(user)}")
    if code == _CHALLENGE:
        code, reply = smtp.docmd(_b64(password))
    return code, reply


def _auth_cram_md5(smtp: smtplib.SMTP, user: str, password: str) -> tuple[int, bytes]:
    """smtplib's own CRAM-MD5 (HMAC keyed with the ASCII password)."""
    smtp.user, smtp.password = user, password
    try:
        return smtp.auth("CRAM-MD5", smtp.auth_cram_md5, initial_response_ok=False)
    except smtplib.SMTPAuthenticationError as exc:
        return exc.smtp_code, exc.smtp_error
