"""The staff registry at rest: each record Fernet-encrypted with a key derived from the secret key.

Nothing here logs a record's content; only ids and counts leave this module.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass

from cryptography.fernet import Fernet, InvalidToken
from sqlalchemy import select
from sqlalchemy.engine import Engine

from classifiers.doxxing.staff import StaffRecord
from models.tables import StaffMember
from monitor.config import Settings
from monitor.db import session_scope
from monitor.secretkey import derive, fernet_key, read_secret_key


class RegistryKeyError(Exception):
    """The registry cannot be read with this installation's key."""


@dataclass(frozen=True)
class RegistryCipher:
    fernet: Fernet
    hash_key: bytes

    @classmethod
    def from_settings(cls, settings: Settings) -> RegistryCipher:
        key = read_secret_key(settings.secret_key_path)
        return cls(Fernet(fernet_key(key, "staff-registry")), derive(key, "staff-lookup"))

    def lookup_hash(self, name: str) -> str:
        return hmac.new(self.hash_key, name.casefold().encode(), hashlib.sha256).hexdigest()

    def seal(self, record: StaffRecord) -> bytes:
        return self.fernet.encrypt(json.dumps(record.to_dict(), ensure_ascii=False).encode())

    def open(self, payload: bytes) -> StaffRecord:
        try:
            return StaffRecord.from_dict(json.loads(self.fernet.decrypt(payload)))
        except InvalidToken as exc:
            raise RegistryKeyError(
                "the staff registry was encrypted with another secret key; re-import it"
            ) from exc


@dataclass(slots=True)
class ImportStats:
    added: int = 0
    updated: int = 0


def import_staff(engine: Engine, cipher: RegistryCipher, records: list[StaffRecord]) -> ImportStats:
    """Upsert by registry id: a re-import updates, never duplicates."""
    stats = ImportStats()
    with session_scope(engine) as session:
        for record in records:
            row = session.get(StaffMember, record.id)
            if row is None:
                row = StaffMember(id=record.id, lookup_hash="", payload=b"")
                stats.added += 1
            else:
                stats.updated += 1
            row.lookup_hash = cipher.lookup_hash(record.name)
            row.payload = cipher.seal(record)
            session.add(row)
    return stats


def list_staff(engine: Engine, cipher: RegistryCipher) -> list[StaffRecord]:
    with session_scope(engine) as session:
        rows = session.execute(select(StaffMember).order_by(StaffMember.id)).scalars().all()
        return [cipher.open(row.payload) for row in rows]


def remove_staff(engine: Engine, staff_id: str) -> bool:
    with session_scope(engine) as session:
        row = session.get(StaffMember, staff_id)
        if row is None:
            return False
        session.delete(row)
        return True


def load_staff(engine: Engine, settings: Settings) -> list[StaffRecord]:
    """The registry for the detector; empty when nothing is imported yet."""
    with session_scope(engine) as session:
        if session.execute(select(StaffMember.id).limit(1)).first() is None:
            return []
    return list_staff(engine, RegistryCipher.from_settings(settings))
