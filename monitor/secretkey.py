"""The installation's secret key: kept in a file outside the database, readable by its owner only.

Derived sub-keys encrypt the staff registry and sign sessions, so a stolen database alone reveals
no staff member.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
from pathlib import Path

KEY_BYTES = 32


class SecretKeyError(Exception):
    pass


def create_secret_key(path: Path) -> bool:
    """Create the key file with mode 0600 if it does not exist; return True when created."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return False
    with os.fdopen(descriptor, "w") as handle:
        handle.write(secrets.token_hex(KEY_BYTES) + "\n")
    return True


def read_secret_key(path: Path) -> bytes:
    try:
        text = path.read_text().strip()
    except FileNotFoundError as exc:
        raise SecretKeyError(f"{path}: secret key file missing (run `socialvakt init`)") from exc
    if path.stat().st_mode & 0o077:
        raise SecretKeyError(f"{path}: secret key file is readable by others; run chmod 600 {path}")
    try:
        key = bytes.fromhex(text)
    except ValueError as exc:
        raise SecretKeyError(f"{path}: secret key file is damaged (not hex)") from exc
    if len(key) < KEY_BYTES:
        raise SecretKeyError(f"{path}: secret key is too short")
    return key


def derive(key: bytes, purpose: str) -> bytes:
    """A separate 32-byte key per purpose, so one use never weakens another."""
    return hmac.new(key, purpose.encode(), hashlib.sha256).digest()


def fernet_key(key: bytes, purpose: str) -> bytes:
    return base64.urlsafe_b64encode(derive(key, purpose))
