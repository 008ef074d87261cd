"""What an alert says. It names who is affected and what kind of detail was exposed, never the
detail itself: an alert may be forwarded, printed or read on a phone in public."""

from __future__ import annotations

from dataclasses import dataclass, field

from models.enums import Severity

SEVERITY_SV = {
    Severity.CRITICAL: "KRITISK",
    Severity.HIGH: "HÖG",
    Severity.MEDIUM: "MEDEL",
    Severity.LOW: "LÅG",
    Severity.NONE: "INGEN",
}
PII_SV = {
    "personnummer": "personnummer",
    "samordningsnummer": "samordningsnummer",
    "phone": "telefonnummer",
    "email": "e-postadress",
    "address": "hemadress",
    "postal_code": "postnummer",
    "plate": "bilens registreringsnummer",
    "car": "bilen (märke, färg)",
    "handle": "konto i sociala medier",
    "school": "skola eller förskola",
    "family": "familjemedlemmar",
    "routine": "vanor och tider",
    "location": "platser personen besöker",
}


@dataclass(frozen=True, slots=True)
class AlertMessage:
    item_id: int
    link: str
    kind: str  # "doxxing", "threat" or both
    severity: Severity
    platform: str
    affected: tuple[str, ...]
    exposed: tuple[str, ...] = field(default=())

    @property
    def subject(self) -> str:
        what = {
            "doxxing": "doxning av medarbetare",
            "threat": "hot",
            "doxxing+threat": "hot och doxning av medarbetare",
        }[self.kind]
        where = f"på {self.platform} (ärende {self.item_id})"
        return f"[Socialvakt] {SEVERITY_SV[self.severity]}: {what} {where}"

    @property
    def lines(self) -> list[str]:
        lines = [
            f"Allvarlighetsgrad: {SEVERITY_SV[self.severity]}",
            f"Plattform: {self.platform}",
            f"Berörda: {', '.join(self.affected) or 'ingen namngiven medarbetare identifierad'}",
        ]
        if self.exposed:
            lines.append(f"Uppgifter som exponeras: {', '.join(self.exposed)}")
        lines.append(f"Öppna ärendet: {self.link}")
        return lines

    @property
    def text(self) -> str:
        return (
            "\n".join([self.subject.removeprefix("[Socialvakt] "), "", *self.lines])
            + "\n\nUppgifterna visas bara i Socialvakt för behörig personal.\n"
        )


def exposed_kinds(pii: list[dict]) -> tuple[str, ...]:
    kinds = dict.fromkeys(PII_SV.get(entry.get("kind", ""), "") for entry in pii)
    return tuple(k for k in kinds if k)
