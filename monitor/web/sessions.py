"""Signed session cookies, CSRF tokens and login rate limiting.

A session cookie carries the user id, when it was issued and a fingerprint of the password hash,
signed with a key derived from the installation's secret key: changing a password ends every
session of that user. CSRF tokens are bound to a per-browser random cookie (double submit).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from collections import defaultdict, deque
from dataclasses import dataclass

SESSION_COOKIE = "sv_session"
CSRF_COOKIE = "sv_csrf"
SESSION_SECONDS = 12 * 3600


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def password_fingerprint(password_hash: str) -> str:
    return hashlib.sha256(password_hash.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class SessionSigner:
    key: bytes

    def _sign(self, payload: str) -> str:
        return _b64(hmac.new(self.key, payload.encode(), hashlib.sha256).digest())

    def issue(self, user_id: int, password_hash: str, now: float | None = None) -> str:
        data = {
            "u": user_id,
            "t": int(now or time.time()),
            "f": password_fingerprint(password_hash),
        }
        payload = _b64(json.dumps(data, separators=(",", ":")).encode())
        return f"{payload}.{self._sign(payload)}"

    def read(self, cookie: str | None, now: float | None = None) -> dict | None:
        """The session's data, or None when missing, forged or expired."""
        if not cookie or "." not in cookie:
            return None
        payload, signature = cookie.rsplit(".", 1)
        if not hmac.compare_digest(signature, self._sign(payload)):
            return None
        try:
            data = json.loads(_unb64(payload))
        except ValueError:
            return None
        if (now or time.time()) - data.get("t", 0) > SESSION_SECONDS:
            return None
        return data

    def csrf_token(self, browser_secret: str) -> str:
        return self._sign("csrf:" + browser_secret)

    def csrf_ok(self, browser_secret: str | None, token: str | None) -> bool:
        if not browser_secret or not token:
            return False
        return hmac.compare_digest(self.csrf_token(browser_secret), token)


def new_browser_secret() -> str:
    return secrets.token_urlsafe(24)


class LoginLimiter:
    """At most `attempts` failed logins per user name and per address within `window` seconds."""

    def __init__(self, attempts: int = 5, window: float = 900.0) -> None:
        self.attempts = attempts
        self.window = window
        self._failures: dict[str, deque[float]] = defaultdict(deque)

    def _recent(self, key: str, now: float) -> deque[float]:
        failures = self._failures[key]
        while failures and now - failures[0] > self.window:
            failures.popleft()
        return failures

    def blocked(self, username: str, address: str, now: float | None = None) -> bool:
        now = now or time.monotonic()
        keys = (f"user:{username.lower()}", f"addr:{address}")
        return any(len(self._recent(key, now)) >= self.attempts for key in keys)

    def failed(self, username: str, address: str, now: float | None = None) -> None:
        now = now or time.monotonic()
        for key in (f"user:{username.lower()}", f"addr:{address}"):
            self._recent(key, now).append(now)

    def succeeded(self, username: str) -> None:
        self._failures.pop(f"user:{username.lower()}", None)
