"""Accounts: argon2 password hashes, roles, and the first admin created by `init`."""

from __future__ import annotations

import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from models.enums import Role
from models.tables import User
from monitor.db import session_scope

_hasher = PasswordHasher()
MIN_PASSWORD_LENGTH = 12
MAX_USERNAME_CHARS = 128  # the user.username column


class UserError(ValueError):
    pass


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(f"the password must have at least {MIN_PASSWORD_LENGTH} characters")
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def one_time_password() -> str:
    return secrets.token_urlsafe(15)


def add_user(
    engine: Engine, username: str, role: Role, password: str, *, must_change: bool = True
) -> User:
    username = username.strip()
    if not username:
        raise UserError("the user name must not be empty")
    if len(username) > MAX_USERNAME_CHARS:
        raise UserError(f"the user name is longer than {MAX_USERNAME_CHARS} characters")
    with session_scope(engine) as session:
        if session.execute(select(User).where(User.username == username)).first():
            raise UserError(f"a user named {username!r} already exists")
        user = User(
            username=username,
            password_hash=hash_password(password),
            role=role.value,
            must_change_password=must_change,
        )
        session.add(user)
    return user


def count_users(engine: Engine) -> int:
    with session_scope(engine) as session:
        return session.execute(select(func.count()).select_from(User)).scalar_one()


def list_users(engine: Engine) -> list[User]:
    with session_scope(engine) as session:
        return list(session.execute(select(User).order_by(User.username)).scalars())


def set_disabled(engine: Engine, username: str, disabled: bool = True) -> None:
    with session_scope(engine) as session:
        user = session.execute(select(User).where(User.username == username)).scalar_one_or_none()
        if user is None:
            raise UserError(f"no user named {username!r}")
        user.disabled = disabled
        session.add(user)
