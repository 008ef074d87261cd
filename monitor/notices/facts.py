"""What a notice may claim: the facts of one item, and the grounds those facts support.

domain.md section 3 is the source. The rules here decide which legal provisions and platform
rules a notice cites; the templates only word them. Facts start from the stored classification
result and the post's spread, and the reviewer confirms or corrects them before a notice is made.
Nothing here does I/O.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

REASONS = ("doxxing", "threat", "defamation", "disinformation")

# The doxxing detector's kinds of private detail (classifiers/doxxing/severity.py) that a notice
# may name. "call_to_contact" is not a detail but a call to act: it becomes `call_to_action`.
DETAIL_KINDS = (
    "address",
    "phone",
    "email",
    "personnummer",
    "school",
    "family",
    "routine",
    "plate",
    "car",
    "handle",
    "filming",
)
# Olaga integritetsintrång, BrB 4 kap. 6 c §, covers only these categories of information.
# A home address, a phone number or a workplace is none of them.
SENSITIVE_KINDS = ("sex_life", "health", "crime_victim", "exposed_situation", "nudity")

# Legal grounds (Brottsbalken and the DSA) and platform-rule grounds a notice can rest on.
LEGAL_GROUNDS = (
    "brb_4_4b",  # olaga förföljelse
    "brb_4_5",  # olaga hot
    "brb_4_6c",  # olaga integritetsintrång
    "brb_5_1",  # förtal
    "brb_5_2",  # grovt förtal
    "brb_16_5",  # uppvigling
    "brb_17_1",  # våld eller hot mot tjänsteman
    "brb_17_attack",  # angrepp mot tjänsteman (since 2 July 2025)
)
RULE_GROUNDS = (
    "rule_private_info",
    "rule_harassment",
    "rule_violence",
    "rule_misinformation",
    "rule_inauthentic",
    "rule_terms",  # the platform has no specific rule: ask it to assess against its terms
)
# DSA article 18: the host must tell the police about a threat to life or safety.
DSA_18 = "dsa_18"


class NoticeError(ValueError):
    """The facts do not support a notice for this reason; the message says why, in Swedish."""


@dataclass
class Facts:
    """The circumstances a notice may rely on. Every field is visible and editable in the UI."""

    # A natural person (a member of staff) can be identified from the post.
    person_identified: bool = False
    # The person is pointed out because of their work in social services (myndighetsutövning).
    staff_in_role: bool = False
    # Kinds of private detail exposed (DETAIL_KINDS); described, never quoted, in a notice.
    detail_kinds: list[str] = field(default_factory=list)
    # A threat of violence or other crime against a person (the threat model or the reviewer).
    threat: bool = False
    # The threat is veiled ("vi vet var du bor") or aimed at family: covered by BrB 17:1 since 2025.
    veiled_or_family_threat: bool = False
    # The post calls on others to go after the person (call, visit, "ta tillbaka barnen").
    call_to_action: bool = False
    # Repeated violations against the same person by the same sender (olaga förföljelse).
    repeated: bool = False
    # Categories covered by BrB 4:6 c that the reviewer found in the post (SENSITIVE_KINDS).
    sensitive_kinds: list[str] = field(default_factory=list)
    # The reviewer judges a defamation grave (content, reach): grovt förtal.
    grave_defamation: bool = False
    # Signs of coordinated spreading: the same text from several accounts.
    coordinated: bool = False
    copies: int = 1
    accounts: int = 1
    # The campaign narratives the post leans on (classifiers/narratives.py).
    narratives: list[str] = field(default_factory=list)
    # The police report's reference, when one has been made.
    police_report: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Facts:
        """Tolerant: unknown keys are ignored and lists are filtered to the known vocabulary."""
        data = data or {}
        known = {f.name for f in fields(cls)}
        facts = cls(**{k: v for k, v in data.items() if k in known})
        facts.normalise()
        return facts

    def normalise(self) -> None:
        self.detail_kinds = [k for k in DETAIL_KINDS if k in set(self.detail_kinds or [])]
        self.sensitive_kinds = [k for k in SENSITIVE_KINDS if k in set(self.sensitive_kinds or [])]
        self.narratives = [str(n)[:32] for n in (self.narratives or [])][:12]
        self.copies = max(1, int(self.copies or 1))
        self.accounts = max(1, int(self.accounts or 1))
        self.police_report = " ".join(str(self.police_report or "").split())[:64]
        for name in (
            "person_identified",
            "staff_in_role",
            "threat",
            "veiled_or_family_threat",
            "call_to_action",
            "repeated",
            "grave_defamation",
            "coordinated",
        ):
            setattr(self, name, bool(getattr(self, name)))


def facts_from_result(
    result: dict[str, Any],
    *,
    copies: int = 1,
    accounts: int = 1,
    same_sender_items: int = 0,
) -> Facts:
    """Default facts from a stored classification result (DESIGN.md's shape) and the spread.

    `same_sender_items` counts other flagged items from the same account that name the same
    staff member: one or more suggests repeated harassment (olaga förföljelse), which the
    reviewer confirms.
    """
    doxxing = result.get("doxxing") or {}
    threat = result.get("threat") or {}
    disinfo = result.get("lvu_disinfo") or {}
    persons = doxxing.get("persons") or []
    reasons = set(doxxing.get("reasons") or [])
    pii_kinds = {str(p.get("kind")) for p in doxxing.get("pii") or [] if isinstance(p, dict)}
    staff_ids = doxxing.get("staff_ids") or []
    person = bool(persons or staff_ids)
    in_role = bool(staff_ids) or any(p.get("role") for p in persons if isinstance(p, dict))
    threatened = bool(threat.get("flagged")) or "threat" in reasons or "veiled threat" in reasons
    facts = Facts(
        person_identified=person,
        staff_in_role=person and in_role,
        detail_kinds=sorted(pii_kinds & set(DETAIL_KINDS)),
        threat=threatened,
        veiled_or_family_threat=threatened
        and ("veiled threat" in reasons or bool(pii_kinds & {"family", "school"})),
        call_to_action="call_to_contact" in pii_kinds,
        repeated=person and same_sender_items > 0,
        coordinated=copies >= 3 and accounts >= 2,
        copies=copies,
        accounts=accounts,
        narratives=list(disinfo.get("narratives") or []),
    )
    facts.normalise()
    return facts


def default_reason(labels: str, result: dict[str, Any]) -> str:
    """Doxxing and threats are crimes against a person and come first; then disinformation."""
    found = set(labels.split(","))
    if "doxxing" in found:
        return "doxxing"
    if "threat" in found:
        return "threat"
    if "lvu_disinfo" in found:
        return "disinformation"
    if (result.get("doxxing") or {}).get("flagged"):
        return "doxxing"
    return "disinformation"


def grounds(reason: str, facts: Facts, rules: dict[str, str | None]) -> list[str]:
    """The grounds a notice for `reason` cites, in the order it cites them.

    `rules` is the platform's rule per kind (None where it has none). Raises NoticeError when
    the facts support no notice for the reason.
    """
    if reason not in REASONS:
        raise NoticeError(f"Okänd anmälningsgrund: {reason!r}.")
    cited: list[str] = []
    if reason == "doxxing":
        if not facts.person_identified:
            raise NoticeError(
                "En anmälan om doxning förutsätter att en enskild person kan identifieras i "
                "inlägget. Markera det under omständigheter om det stämmer."
            )
        cited.append("rule_private_info")
        if facts.call_to_action:
            cited.append("rule_harassment")
        if facts.sensitive_kinds:
            cited.append("brb_4_6c")
        if facts.repeated:
            cited.append("brb_4_4b")
        if facts.call_to_action:
            cited.append("brb_16_5")
        if facts.staff_in_role:
            cited.append("brb_17_attack")
        if facts.threat:
            cited.append("brb_4_5")
            if facts.staff_in_role:
                cited.append("brb_17_1")
            cited.append(DSA_18)
    elif reason == "threat":
        cited += ["rule_violence", "brb_4_5"]
        if facts.staff_in_role:
            cited.append("brb_17_1")
        if facts.call_to_action:
            cited.append("brb_16_5")
        if facts.repeated and facts.person_identified:
            cited.append("brb_4_4b")
        cited.append(DSA_18)
    elif reason == "defamation":
        if not facts.person_identified:
            raise NoticeError(
                "Förtal förutsätter att en enskild person pekas ut. En myndighet eller "
                "socialtjänsten som helhet kan inte förtalas; välj desinformation i stället."
            )
        cited.append("brb_5_1")
        if facts.grave_defamation:
            cited.append("brb_5_2")
        if facts.staff_in_role:
            cited.append("brb_17_attack")
        cited.append("rule_harassment")
    else:  # disinformation: a breach of the platform's rules, never a crime
        if rules.get("misinformation"):
            cited.append("rule_misinformation")
        if facts.coordinated and rules.get("inauthentic"):
            cited.append("rule_inauthentic")
        if not cited:
            cited.append("rule_terms")
    # A platform without a rule of that kind: the notice asks it to assess against its terms.
    rule_of = {
        "rule_private_info": "private_info",
        "rule_harassment": "harassment",
        "rule_violence": "violence",
        "rule_misinformation": "misinformation",
        "rule_inauthentic": "inauthentic",
    }
    resolved: list[str] = []
    for ground in cited:
        if ground in rule_of and not rules.get(rule_of[ground]):
            ground = "rule_terms"
        if ground not in resolved:
            resolved.append(ground)
    return resolved


def is_legal(ground: str) -> bool:
    return ground in LEGAL_GROUNDS


def warnings(reason: str, facts: Facts, cited: list[str], platform_name: str) -> list[str]:
    """What the reviewer should know before sending (shown in the UI, never in the notice)."""
    notes: list[str] = []
    if reason == "disinformation":
        if "rule_terms" in cited:
            notes.append(
                f"{platform_name} har ingen uttrycklig regel mot desinformation. Anmälan ber "
                "plattformen pröva inlägget mot sina villkor; räkna med att den kan avslås."
            )
        if facts.person_identified:
            notes.append(
                "Inlägget pekar ut en person. Överväg en anmälan om doxning eller förtal i stället."
            )
    if reason == "doxxing" and not any(is_legal(g) for g in cited):
        notes.append(
            "Inga brott kan åberopas utifrån markerade omständigheter; anmälan vilar på "
            "plattformens regler om privat information. En hemadress eller ett telefonnummer är "
            "i sig inte olaga integritetsintrång."
        )
    if DSA_18 in cited and not facts.police_report:
        notes.append(
            "Hot mot liv eller säkerhet: gör en polisanmälan och ange diarienumret, så att "
            "plattformen kan hänvisa till den."
        )
    return notes
