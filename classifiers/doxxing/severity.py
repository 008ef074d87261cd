"""Severity, score and reasons from the people, PII and cues found in one post (DESIGN.md).

    none      no social-services person identified (PII alone is not doxxing: a sofa ad)
    low       a person named with role in a neutral, thankful, news or ruling context (not flagged)
    medium    named staff + role in a hostile, exposing context ("här är hon", "sprid", insults)
    high      + phone, private e-mail, car (plate or description), social-media account, filming,
              call to contact
    critical  + home address, family/children, school/preschool, personnummer, routines, or a threat

Official details never count: a municipality's office address, switchboard, official e-mail.
In a benign context (thanks, quotes, rulings) only hard private identifiers count (personnummer,
private number, home address, private e-mail, plate, account); soft cues (family, filming,
routine words) do not. Filming a named worker counts beside hostile words or where the film is
put out ("lagt upp på min kanal", "video of", 📹); until 2026-11-29 only the first, which missed
"filmade fredde dahl från missbruksenheten 😂 kolla hur han springer iväg". Leave-one-file-out on
13 files that found 9 more doxxing posts and flagged no benign one more. Recording a meeting, as
one may, is not exposure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from classifiers.doxxing import menace as veiled
from classifiers.doxxing.learned import MaskedTextModel, masked
from classifiers.doxxing.lexicon import (
    BENIGN_SET,
    DEFINITE_ROLE_RE,
    HOME_SET,
    HOSTILE_SOFT_SET,
    HOSTILE_STRONG_SET,
    HOSTILE_SYMBOLS,
    INVITATION_SET,
    NAMESAKE_SET,
    OWN_SET,
    VICTIM_SET,
    PhraseSet,
    mentions_social_services,
)
from classifiers.doxxing.names import PersonMatch
from classifiers.doxxing.recognizers.base import Finding
from classifiers.doxxing.tokens import Post

SEVERITIES = ("none", "low", "medium", "high", "critical")
CRITICAL_KINDS = frozenset({"personnummer", "address", "school", "family", "routine"})
HIGH_KINDS = frozenset({"phone", "email", "plate", "car", "handle", "filming", "call_to_contact"})
HARD_KINDS = frozenset({"personnummer", "phone", "email", "address", "plate", "handle"})
MIN_CONFIDENCE = 0.5
WEAK_AIM = 0.4
"""The aim probability below which a post is not read as written against the worker at all: then
a threat flag alone does not make it critical, and a film put out does not count (a video that
mentions her). On the 25 files studied when it was set, the threat flag alone lifted 31 posts the
rules rated low: the 15 doxxing ones had aim probabilities 0.36-0.95, 14 of the 16 benign ones
0.04-0.36 (in-sample)."""
INVITATION_KINDS = frozenset(
    {"phone", "email", "address", "postal_code", "routine", "location", "call_to_contact"}
)

_REASONS = {
    "personnummer": "personnummer",
    "samordningsnummer": "samordningsnummer",
    "address": "home address",
    "people_search": "home address (people-search link)",
    "postal_code": "postal code",
    "school": "child's school or preschool",
    "family": "family members",
    "routine": "routines or whereabouts",
    "phone": "private phone number",
    "email": "private e-mail",
    "plate": "car registration plate",
    "car": "car described",
    "handle": "social-media account",
    "filming": "filmed",
    "call_to_contact": "call to contact or visit",
}


@dataclass(slots=True)
class Assessment:
    severity: str
    score: float
    reasons: list[str]
    pii: list[Finding]
    persons: list[PersonMatch]


_QUOTE_RE = re.compile(r'["“”«»„][^"“”«»„\n]{1,200}["“”«»]')


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    """Spans inside double quotes: a campaign slogan quoted in news is not the post's own voice."""
    if (
        '"' not in text
        and "“" not in text
        and "”" not in text
        and "«" not in text
        and "„" not in text
    ):
        return []
    return [m.span() for m in _QUOTE_RE.finditer(text)]


def _kind_words(post: Post) -> bool:
    """Words of thanks, news or rulings. Folding makes "så hon vet" look like "sa hon" (she
    said): a hit whose original word is "så" is not a quote; nor is "I said" or "jag sa"."""
    if not BENIGN_SET.search(post):
        return False
    text, folded = post.text, post.folded
    return any(
        text[p : p + 2].lower() != "så"
        and not _FIRST_PERSON_BEFORE.search(folded[max(0, p - 6) : p])
        for p in BENIGN_SET.find(post)
    )


_FIRST_PERSON_BEFORE = re.compile(r"\b(?:i|jag|vi|we)\s+$")


# A news-style quote later in the text: "... mössor. – Jag kan inte sitta still, skrattar hon."
_INTERVIEW_QUOTE = re.compile(
    r"(?:^|[.!?:]\s+)-\s[^\n]{3,200}?[,.!?]\s+(?:sager|skrattar|berattar|forklarar|menar|"
    r"konstaterar|fortsatter|tillagger|understryker|says|said|laughs|explains)\b"
)


def _interview_quote(folded: str) -> bool:
    """A dash-introduced quote with a speech verb after it: a feature article's own voice.
    (Folding turns en and em dashes into "-".)"""
    return "- " in folded and _INTERVIEW_QUOTE.search(folded) is not None


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= position < b for a, b in spans)


def _near(a_start: int, a_end: int, b_start: int, b_end: int, gap: int) -> bool:
    return a_start - gap <= b_end and b_start <= a_end + gap


_CLIENT_WORDS = re.compile(
    r"\b(?:jag|vi|min|mitt|mina|var|vart|vara|mamman|pappan|mamma|pappa|familjen|foraldrarna|"
    r"kvinnan|mannen|grannen|kompis|syster|bror|kusin|my|our|mother|father|the family)\b"
)


def _attributed(finding: Finding, post: Post, own: list[int], persons: list[PersonMatch]) -> bool:
    """Checks that a finding belongs to the person, not to the poster or an ad."""
    if finding.kind in ("phone", "email", "address", "postal_code") and any(
        finding.start - 45 <= o < finding.start for o in own
    ):
        return False
    anchor = finding.extra.get("anchor")
    if anchor is None:
        return True
    folded = post.folded
    if anchor == "person_after":
        return any(0 <= p.start - finding.end <= 3 for p in persons)
    if anchor in ("person_before", "person_genitive"):
        if any(0 <= finding.start - p.end <= 2 for p in persons):
            return True
        # "Öhmans fru": the genitive of a surname of someone named elsewhere in the post
        previous = folded[max(0, finding.start - 30) : finding.start].split()
        if not previous:
            return False
        word = previous[-1].rstrip("'").removesuffix(":s").removesuffix("s")
        surnames = {folded[p.start : p.end].split()[-1].rstrip("'s:") for p in persons}
        return word in surnames or word + "s" in surnames
    if anchor == "person_earlier":
        # a labelled field of a dossier: about the person the post named before it
        return any(p.start < finding.start for p in persons)
    if anchor == "person_near_before":
        # the person (or hon/han) is the subject just before, and nobody else is in between
        for p in persons:
            gap = folded[p.end : finding.start]
            if 0 <= finding.start - p.end <= 80 and not _CLIENT_WORDS.search(gap):
                return True
        before = folded[max(0, finding.start - 25) : finding.start]
        return bool(re.search(r"\b(?:hon|han|she|he)\s+(?:\w+\s+)?$", before))
    return True


def assess(
    post: Post,
    persons: list[PersonMatch],
    findings: list[Finding],
    *,
    threat: bool = False,
    aim: MaskedTextModel | None = None,
    exposure: MaskedTextModel | None = None,
    aimed: bool = False,
) -> Assessment:
    """`aimed`: the aim model has already judged the post written against `persons`, names
    found without a role (loose.py)."""
    text, folded = post.text, post.folded
    victim = VICTIM_SET.search(post)
    quoted = _quoted_spans(text)
    strong = not victim and _own_word(HOSTILE_STRONG_SET, post, quoted)
    soft = not victim and (_own_word(HOSTILE_SOFT_SET, post, quoted) or _hostile_symbols(post))
    # thanks with 🙃 or "hoppas du är stolt" is blame, and says so
    sarcastic = not victim and _SARCASM.search(folded) is not None
    soft = soft or sarcastic
    # words of thanks, news, rulings; or a quote opening with a dash ("– Vi vill ..., säger X")
    kind_words = not sarcastic and (
        _kind_words(post)
        or text.lstrip().startswith(("–", "—", "- "))
        or _interview_quote(post.folded)
    )
    menace = not victim and _menace(post, quoted, kind_words)
    # a Flashback-masked name beside a role is itself a way of pointing someone out
    soft = soft or any("*" in folded[p.start : p.end] for p in persons)
    hostile = strong or (soft and not kind_words)
    benign = victim or (kind_words and not strong and not menace)
    threat = threat and not _threat_outweighed(benign, soft)
    usable = [
        f
        for f in findings
        if f.confidence >= MIN_CONFIDENCE
        and not f.official
        and not any(p.start <= f.start and f.end <= p.end for p in persons)
    ]
    if not persons:
        persons = _role_only(folded, usable, hostile or menace or threat)
        if not persons:
            return Assessment("none", 0.0, [], [], [])
    if not (strong or menace or threat) and _namesake(post, persons):
        # a match report or a sales ad: "!!" and "dela" are not aimed at anyone
        usable, hostile = [], False
    own = OWN_SET.find(post) if usable else []
    usable = [f for f in usable if _attributed(f, post, own, persons)]
    verdict: list[float | None] = []

    def aim_probability() -> float | None:
        """The aim model's reading (asked once, only where the rules leave the case open);
        None where it is not asked."""
        if not verdict:
            if aimed:
                verdict.append(1.0)
            elif aim is not None and _open_case(post, persons):
                verdict.append(aim.probability(learned_input(folded, persons, usable)))
            else:
                verdict.append(None)
        return verdict[0]

    def written_against() -> bool:
        probability = aim_probability()
        return probability is not None and (aimed or probability >= aim.threshold)

    weak: list[bool] = []

    def weakly_aimed() -> bool:
        """Not read as plainly not aimed at them (asked even where the case is not open);
        without an aim model, nothing is ruled out."""
        if not weak:
            probability = aim_probability()
            if probability is None and aim is not None:
                probability = aim.probability(learned_input(folded, persons, usable))
            weak.append(probability is None or probability >= WEAK_AIM)
        return weak[0]

    if benign and not victim and written_against():
        # a word of thanks or a quote in a post the aim model reads as written against the
        # person ("..., säger han. Han är INTE en av oss"): the details count
        benign = False
    if benign:
        # thanks, news, official information: only hard private identifiers count, and a
        # landline there is a work number
        usable = [
            f
            for f in usable
            if f.kind in HARD_KINDS
            and f.confidence >= 0.6
            and not (f.kind == "phone" and f.subtype == "landline")
        ]
    if not (hostile or menace) and INVITATION_SET.search(post):
        # a job ad or an invitation: the contact details and the place are given to be used
        usable = [f for f in usable if f.kind not in INVITATION_KINDS]
    if not (hostile or menace or threat or (_PUBLISHED.search(folded) and weakly_aimed())):
        # recording a meeting one has the right to record is not exposing anyone; putting the
        # film out is, unless it only mentions them
        usable = [f for f in usable if f.kind != "filming"]
    # a postal code or street only counts as home if tied to a home or the person
    kinds = {f.kind for f in usable}
    if "postal_code" in kinds and "address" not in kinds:
        for f in usable:
            if f.kind == "postal_code" and HOME_SET.find(post, max(0, f.start - 40), f.end + 20):
                f.kind = "address"
                f.why = "postal code + town of home"
        usable = [f for f in usable if f.kind != "postal_code"]

    reasons: list[str] = []
    registered = any(p.staff_id for p in persons)
    with_role = any(p.role_span for p in persons)
    if registered:
        reasons.append("named staff with role" if with_role else "registered staff named")
    elif any(p.why.startswith("social worker identified by role") for p in persons):
        reasons.append("social worker identified by role")
    elif aimed:
        reasons.append("person named in a post about social services")
    else:
        reasons.append("person named beside a social-services role")

    found_kinds = {f.kind for f in usable}
    if threat and not (hostile or menace or found_kinds & (CRITICAL_KINDS | HIGH_KINDS)):
        # Nothing but the threat model speaks against a named worker: it also fires on questions
        # about one's own handläggare. The threat counts where the aim model, too, reads the
        # post as written against them, if only weakly.
        threat = weakly_aimed()
    if found_kinds & CRITICAL_KINDS or threat or menace:
        severity = "critical"
    elif found_kinds & HIGH_KINDS:
        severity = "high"
    elif hostile:
        severity = "medium"
        reasons.append("hostile exposure")
    elif not victim and written_against():
        severity = "medium"
        reasons.append("written against the person (learned from labelled posts)")
    else:
        severity = "low"
        if benign:
            reasons.append("neutral or thankful context")
    if (
        severity == "medium"
        and exposure is not None
        and exposure.says_yes(learned_input(folded, persons, usable))
    ):
        severity = "high"
        reasons.append("exposes more than name and role (learned from labelled posts)")

    for f in usable:
        reason = _REASONS.get(f.subtype) or _REASONS.get(f.kind, f.kind)
        if f.kind == "phone" and f.subtype == "landline":
            reason = "private landline number"
        if reason not in reasons:
            reasons.append(reason)
    if threat:
        reasons.append("threat")
    elif menace:
        reasons.append("veiled threat")

    # confidence: the best person match, averaged with the finding that set the level
    confidence = max([p.confidence for p in persons] + [0.5])
    deciding = CRITICAL_KINDS if severity == "critical" else HIGH_KINDS
    levels = [f.confidence for f in usable if f.kind in deciding]
    if levels:
        confidence = (confidence + max(levels)) / 2
    score = _score(severity, confidence)
    return Assessment(severity, score, reasons, usable, persons)


# Sarcasm markers: in the labelled files 🙃 came with 35 doxxing posts and 5 benign ones, none of
# them naming staff.
_SARCASM = re.compile(
    r"🙃|hoppas\s+(?:du|ni)\s+ar\s+(?:stolt|stolta|nojd|nojda)|hope\s+(?:you'?re|you\s+are)\s+proud|"
    r"klart\s+du\s+gor|applader\s+till"
)


# The film is put out: uploaded, linked, shown ("kolla", "watch", "video of"), or a camera emoji.
_PUBLISHED = re.compile(
    r"\b(?:lagt\s+upp|lagger\s+upp|la\s+upp|ladda\w*\s+upp|upload\w*|post(?:ed|ing|ar|at)|"
    r"kanal\w*|channel|profil\w*|profile|lank\w*|link\w*|kolla|titta|se\s+hur|watch|"
    r"video\s+of|klipp\w*|clip|natet|sprid\w*|dela|share\w*|tiktok|youtube|insta\w*|"
    r"stitch|duett|live)\b|📹|🎥|📸|نشرت|الفيديو|شوفوا|صورناها|انشروا"
)


def _open_case(post: Post, persons: list[PersonMatch]) -> bool:
    """A social worker is named: an unregistered name is only found beside a role; a registered
    one may have the role in another sentence ("Det är Robban Hägg. 1:e socsek i Uppsala")."""
    return any(p.role_span or not p.staff_id for p in persons) or mentions_social_services(post)


def learned_input(folded: str, persons: list[PersonMatch], findings: list[Finding]) -> str:
    """What the learned opinions read, in training and in use: names and details masked."""
    spans = [(p.start, p.end, "PERSON") for p in persons]
    spans += [(f.start, f.end, f.kind.upper()) for f in findings]
    return masked(folded, spans)


def _threat_outweighed(benign: bool, soft: bool) -> bool:
    """The threat model reads words, not intent: "vi kommer sakna dig" in a farewell, or news
    about threats against staff, can look like a threat. Where the post thanks, praises, reports
    or quotes (benign: no strong hostile word, no menace phrase) and nothing even mildly hostile
    is said, the flag does not make a named person's post doxxing. Sarcastic thanks ("tack för
    inget") is a strong hostile word, so it never counts as benign."""
    return benign and not soft


def _hostile_symbols(post: Post) -> bool:
    """😡, 🚨 or 📌 point someone out; "!!" alone only where social services are mentioned at
    all ("Ingrid Fors 90 år idag!!" is a birthday, "Rekommenderas varmt!!" a tradesman)."""
    found = [symbol for symbol in HOSTILE_SYMBOLS if symbol in post.text]
    if found != ["!!"]:
        return bool(found)
    return mentions_social_services(post)


def _namesake(post: Post, persons: list[PersonMatch]) -> bool:
    """A registry name in a shop announcement, a sales ad or a match report, with no role or
    workplace beside it and nothing strongly hostile: a namesake, whose address and number are
    the shop's or the seller's. (A name with a home address and no role, "X bor på Y 12", still
    counts.)"""
    return not any(p.role_span for p in persons) and NAMESAKE_SET.search(post)


def _said(phrases: PhraseSet, post: Post, quoted: list[tuple[int, int]]) -> bool:
    """One of the phrases occurs outside quotes (a quoted slogan is not the post's own voice)."""
    if not quoted:
        return phrases.search(post)
    return any(not _inside(p, quoted) for p in phrases.find(post))


def _own_word(phrases: PhraseSet, post: Post, quoted: list[tuple[int, int]]) -> bool:
    """A hostile phrase in the post's own voice: not quoted, and not denied or reported in its
    clause ("att kalla honom barntjuv är fel", "calling her a kidnapper", "مو يعني هو خطف")."""
    folded = post.folded
    for start in phrases.find(post):
        if _inside(start, quoted):
            continue
        clause = _CLAUSE_BREAK.split(folded[max(0, start - 60) : start])[-1]
        if not _DENIED_OR_REPORTED.search(clause):
            return True
    return False


# Inside one clause, before the hostile word: it is negated, or what others say or call them.
_CLAUSE_BREAK = re.compile(r"[.,;:!?\n،؟]")
_DENIED_OR_REPORTED = re.compile(
    r"(?:^|\s)(?:inte|aldrig|ingen|inget|kalla\w*|pasta\w*|anklaga\w*|not|isn'?t|wasn'?t|"
    r"never|no|calling|called|call|claim\w*|accus\w*|istallet|instead|مش|مو|ليس|ليست|مانو|بيقولوا|يقولون)"
    r"(?=\s|$)"
)


def _menace(post: Post, quoted: list[tuple[int, int]], kind_words: bool) -> bool:
    """A veiled or explicit threat outside quotes. Ambiguous phrases and symbols ("karma", 💣)
    count only where the post does not thank, report or quote."""
    if _said(veiled.STRONG_SET, post, quoted):
        return True
    if kind_words:
        return False
    return veiled.SYMBOLS_RE.search(post.text) is not None or _said(veiled.SOFT_SET, post, quoted)


def _score(severity: str, confidence: float) -> float:
    """Monotone in severity (bands never overlap) and in confidence within a band."""
    confidence = min(max(confidence, 0.0), 1.0)
    low, high = {
        "none": (0.0, 0.0),
        "low": (0.2, 0.35),
        "medium": (0.5, 0.65),
        "high": (0.7, 0.85),
        "critical": (0.88, 0.99),
    }[severity]
    return round(low + (high - low) * confidence, 3)


def _role_only(folded: str, findings: list[Finding], hostile: bool) -> list[PersonMatch]:
    """No name, but "handläggaren på soc i Borås som tog min dotter" + her home address/family."""
    match = DEFINITE_ROLE_RE.search(folded)
    if not match:
        return []
    strong = [
        f
        for f in findings
        if f.kind in ("address", "family", "personnummer", "school", "plate")
        and f.confidence >= 0.7
        and (hostile or f.extra.get("owner") == "role" or f.kind == "personnummer")
        # a plate picks out the worker's car only where the post goes after them
        and (f.kind != "plate" or hostile)
    ]
    if not strong:
        return []
    return [
        PersonMatch(
            match.start(),
            match.end(),
            None,
            0.6,
            "social worker identified by role and case",
            folded[match.start() : match.end()],
            (match.start(), match.end()),
        )
    ]
