"""Phone numbers, e-mail addresses and social-media handles."""

from __future__ import annotations

import re
from functools import lru_cache

import phonenumbers
from phonenumbers import PhoneNumberType

from classifiers.doxxing.lexicon import PHONE_OFFICIAL, PLACES
from classifiers.doxxing.recognizers.base import Finding, Pattern, Recognizer
from classifiers.doxxing.text import near_words

# A candidate: +46 / 0046 / 0 then 6-10 more digits with spaces, hyphens, en/em dashes (phones
# and word processors turn "-" into "–"), slashes, dots or parentheses between them (up to three:
# "070 - 174 06 07"). phonenumbers decides whether it is a real Swedish number.
_SEP = r"[\s\-\u2010-\u2015\u2212./()]"
_PHONE = re.compile(
    r"(?<![\w+])"
    r"(?P<num>(?:\+\s?46|0046|\(0\)|0)"
    + _SEP
    + r"{0,3}(?:\(0\)\s?)?\d(?:"
    + _SEP
    + r"{0,3}\d){5,10})"
    r"(?![\d])"
)
# A mobile labelled as the workplace's ("nås via kontaktcenter 070-...", "tjänstemobil:") is a
# work number the municipality publishes, not a private one.
_WORK_LABEL = re.compile(
    r"\b(?:vaxel|vxl|kontaktcenter|kundtjanst|servicecenter|reception|tjanstetelefon|tjanstemobil|"
    r"tjanstenummer|arbetstelefon|arbetsmobil|jobbtelefon|jobbmobil|switchboard|work\s+phone|"
    r"work\s+mobile|office\s+phone|mottagningen|receptionen|kontoret|enheten|telefontid\w*|the\s+office|"
    r"intake|المكتب|مكتب)\b(?:(?!privat|hennes|hans|her\b|his\b)[^.!?\n]){0,20}$"
)
# A job advert names a contact person with a work mobile: "Frågor om tjänsten besvaras av ...".
_JOB_AD = re.compile(
    r"\b(?:sista\s+ansokningsdag\w*|ansok\s+senast|ansokan\s+senast|fragor\s+om\s+tjansten|"
    r"upplysningar\s+om\s+tjansten|information\s+om\s+tjansten|kontaktperson(?:er)?\s+for\s+tjansten|"
    r"tillsvidareanstallning|visstidsanstallning|lediga?\s+tjanst(?:er|en)?|rekryter\w*|"
    r"questions\s+about\s+the\s+(?:role|position|job)|apply\s+by|job\s+opening)\b"
)
_DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"))
_OFFICIAL_PREFIXES = ("771", "20", "200", "900", "939", "944", "99", "77")
_OFFICIAL_TYPES = {
    PhoneNumberType.TOLL_FREE,
    PhoneNumberType.SHARED_COST,
    PhoneNumberType.PREMIUM_RATE,
    PhoneNumberType.UAN,
}


@lru_cache(maxsize=4096)
def _parse_number(raw: str) -> tuple[str, int] | None:
    """(national number, phonenumbers type) of a valid Swedish number, else None."""
    number = phonenumbers.parse(raw, "SE")
    if number.country_code != 46 or not phonenumbers.is_valid_number(number):
        return None
    return str(number.national_number), phonenumbers.number_type(number)


class PhoneRecognizer(Recognizer):
    """Swedish numbers in every common writing: 070-174 06 05, +46 70 174 06 05, 0046..., 08-...

    Mobile and landline are told apart (subtype); switchboards (0771, 020, 0200, 0900) and numbers
    next to "växel", "kontaktcenter" and similar words are marked official.
    """

    kind = "phone"
    patterns = (
        Pattern(
            _PHONE,
            0.8,
            "Swedish phone number",
            folded=False,
            heads=frozenset({"+", "("}),
            head_test=lambda w: w[0] == "0",
            digit_heads=True,
        ),
    )
    context = (
        "ring",
        "tel",
        "nummer",
        "nr",
        "mobil",
        "sms",
        "swish",
        "numret",
        "whatsapp",
        "call",
        "phone",
        "hennes",
        "hans",
    )
    context_boost = 0.15
    needs = "0123456789"

    def validate(self, match: re.Match, text: str, folded: str, finding: Finding) -> bool:
        raw = match["num"].translate(_DASHES)
        digits = re.sub(r"\D", "", raw)
        if len(digits) < 7:
            return False
        try:
            parsed = _parse_number(raw)
        except phonenumbers.NumberParseException:
            return False
        if parsed is None:
            return False
        national, kind = parsed
        if kind == PhoneNumberType.MOBILE:
            finding.subtype = "mobile"
            finding.why = "Swedish mobile number"
        elif kind in _OFFICIAL_TYPES or national.startswith(_OFFICIAL_PREFIXES):
            finding.subtype = "service"
            finding.official = True
            finding.why = "switchboard/service number (not private)"
        else:
            finding.subtype = "landline"
            finding.why = "Swedish landline number"
            finding.confidence -= 0.1
        if finding.subtype == "mobile" and _WORK_LABEL.search(
            folded[max(0, finding.start - 40) : finding.start]
        ):
            finding.official = True
            finding.why = "work number (contact centre/work phone), not private"
            return True
        if finding.subtype == "mobile" and _JOB_AD.search(folded):
            finding.official = True
            finding.why = "contact person's work number in a job advert"
            return True
        nearby = near_words(folded, finding.start, finding.end, 60, 30)
        if finding.subtype != "mobile" and any(w.startswith(PHONE_OFFICIAL) for w in nearby):
            finding.official = True
            finding.why = "official number (switchboard/contact centre)"
        return True


_EMAIL = re.compile(r"(?<![\w.+\-])[\w.+\-]{1,64}@(?P<domain>[\w\-]{1,63}(?:\.[\w\-]{1,63})+)\b")
PRIVATE_MAIL_DOMAINS = (
    "gmail.",
    "googlemail.",
    "hotmail.",
    "outlook.",
    "live.",
    "msn.",
    "yahoo.",
    "icloud.",
    "me.com",
    "mac.com",
    "proton",
    "pm.me",
    "telia.com",
    "tele2.",
    "bredband.net",
    "spray.se",
    "passagen.se",
    "gmx.",
    "mail.com",
    "aol.",
    "yandex.",
)
_OFFICIAL_MAIL = re.compile(
    r"(kommun|stad|region|lansstyrelse|polisen|socialstyrelsen|ivo\.se|domstol|regeringskansliet|"
    r"riksdagen|skr\.se|\.gov|\.gob)"
)
_OFFICIAL_LOCAL = re.compile(
    r"^(info|kontakt|kontaktcenter|socialtjansten|socialtjänsten|registrator|kommun|reception|"
    r"kundtjanst|support|press|media|servicecenter|ifo|socialjouren|nyheter|redaktion|tips|"
    r"noreply|no-reply)"
)


class EmailRecognizer(Recognizer):
    """E-mail addresses; private providers are high risk, municipal and agency domains official."""

    kind = "email"
    patterns = (
        Pattern(_EMAIL, 0.7, "e-mail address", folded=False, heads=frozenset({"@"}), back=8),
    )
    context = ("mail", "mejl", "e-post", "epost", "skriv", "adress")
    context_boost = 0.1
    needs = "@"

    def validate(self, match: re.Match, text: str, folded: str, finding: Finding) -> bool:
        address = match.group().lower()
        domain = match["domain"].lower()
        local = address.split("@", 1)[0]
        if domain.startswith(PRIVATE_MAIL_DOMAINS) or any(d in domain for d in ("proton",)):
            finding.confidence = 0.9
            finding.subtype = "private"
            finding.why = "private e-mail address"
        elif (
            _OFFICIAL_MAIL.search(domain)
            or _OFFICIAL_LOCAL.match(local)
            or domain.split(".")[0] in PLACES  # sundsvall.se, eskilstuna.se: municipal domains
        ):
            finding.official = True
            finding.subtype = "official"
            finding.why = "official e-mail address"
        else:
            finding.subtype = "other"
            finding.why = "e-mail address (unknown domain)"
        return True


_HANDLE = re.compile(r"(?<![\w@./])@(?P<name>[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?)")
# Reddit-style "u/name": written that way it can only be an account.
_USER_PATH = re.compile(r"(?<![\w/])u/(?P<name>[A-Za-z0-9_\-]{3,20})\b")
# Words that label what follows as the person's account: "finns här som @x", "posts as u/x",
# "kallar sig @x", "goes by @x". A reply handle is never introduced like this.
_LABEL_BEFORE = re.compile(
    r"(?:\bsom|\bas|\bby|\bsig|\bheter|\bnamed|\bcalled|\bkonto|\baccount|\bunder|\bnamn)\s*:?\s*$"
)
_PROFILE_URL = re.compile(
    r"(?<!\w)(?:instagram\.com|tiktok\.com|facebook\.com|fb\.com|twitter\.com|x\.com|snapchat\.com/add|"
    r"linkedin\.com/in|youtube\.com|t\.me|threads\.net|bsky\.app/profile)"
    r"/@?(?P<name>[A-Za-z0-9_.\-]{2,60})",
    re.IGNORECASE,
)
_LABELLED = re.compile(
    r"\b(?:insta(?:gram)?|ig|fb|facebook|tiktok|tt|snap(?:chat)?|twitter|linkedin|telegram)"
    r"\s*(?:[:=]|heter|är|ar)\s*@?(?P<name>[A-Za-z0-9_.\-]{3,40})",
    re.IGNORECASE,
)
# An account named without "@" after a platform or account word: "Strava-konto, anna_b_runs",
# "twitter: anna.berg82", "tiktok som annab_sthlm". Only handle-shaped names count (a letter
# first, and a dot, underscore or digit inside), so ordinary words after "Facebook" do not.
_PLATFORMS = (
    "insta",
    "facebook",
    "tiktok",
    "snap",
    "twitter",
    "linkedin",
    "telegram",
    "strava",
    "garmin",
    "twitch",
    "discord",
    "reddit",
    "pinterest",
    "vsco",
    "threads",
    "bluesky",
    "mastodon",
    "youtube",
    "spotify",
    "onlyfans",
    "tumblr",
    "flickr",
)
_PLATFORM_STEMS = (*_PLATFORMS, "konto", "account", "profil", "anvandarnamn", "username")
_BARE_HANDLE = re.compile(
    r"(?:ig|fb|tt|x|\w*(?:" + "|".join(_PLATFORM_STEMS) + r")[\w\-]*)"
    r"\s*(?:[,:=]|\s(?:heter|ar|is|som|as|named|called|under))?\s*"
    r"(?P<name>(?=[a-z0-9._]*(?:[_\d]|\.[a-z0-9]))[a-z][a-z0-9._]{2,29}[a-z0-9])(?![\w@/])"
)


# The account first and the platform after it: "anna.berg82 på insta", "annab_runs (tiktok)".
_PLATFORM_AFTER = (
    r"(?:insta(?:gram)?|ig|tiktok|tt|snap(?:chat)?|twitter|threads|youtube|facebook|fb|strava)\b"
)
_HANDLE_THEN_PLATFORM = re.compile(
    r"(?<![\w@/.])(?P<name>(?=[a-z0-9._]*(?:[_\d]|\.[a-z0-9]))[a-z][a-z0-9._]{2,29}[a-z0-9])"
    r"(?:\s+(?:pa|on|via|i)\s+|\s*\(\s*)" + _PLATFORM_AFTER
)
_WEB_ADDRESS_END = re.compile(r"\.(?:se|com|nu|org|net|eu|io)$")
_HANDLE_THEN_PLATFORM_TRIGGER = re.compile(r"(?:\s(?:pa|on|via|i)\s|\()" + _PLATFORM_AFTER)

_ACCOUNT_WORDS = ("konto", "kontot", "profil", "profilen", "account")
# Exact tokens where such a name can start (a set intersection per post, no scan of the text):
# the platform, or a compound with an account word ("strava-konto", "instaprofilen").
_PLATFORM_HEADS = frozenset(
    ("ig", "fb", "tt", "x", "instagram", "snapchat", "kontot", "profilen", *_PLATFORM_STEMS)
) | frozenset(
    f"{platform}{joint}{word}"
    for platform in (*_PLATFORMS, "instagram", "snapchat", "ig", "fb", "tt", "x")
    for joint in ("", "-")
    for word in _ACCOUNT_WORDS
)


# "Hennes LinkedIn är öppen", "svarar han på Messenger", "kolla hans fb".
_ACCOUNT_MENTION = re.compile(
    r"\b(?:hennes|hans|her|his)\s+(?:oppna\s+|privata\s+|gamla\s+)?"
    r"(?P<name>linkedin|facebook|fb|insta|instagram\w*|tiktok|snap\w*|twitter|x-konto|konto|profil|"
    r"messenger|youtube\w*|telegram)\b|"
    r"\b(?:svarar|finns|syns)\s+(?:hon|han)\s+pa\s+(?P<name2>messenger|facebook|fb|insta\w*|tiktok|snap\w*|linkedin)\b|"
    r"\b(?:leta\s+upp|hitta|kolla|tagga|lagg\s+till)\s+(?:henne|honom)\s+pa\s+(?P<name3>\w+)|"
    r"\b(?:har|finns\s+pa|is\s+on|has)\s+(?:en\s+|ett\s+|a\s+)?"
    r"(?:oppen\s+|oppet\s+|open\s+|public\s+|offentlig\w*\s+|privat\w*\s+|private\s+)?"
    r"(?P<name4>linkedin|facebook|fb|insta|instagram\w*|tiktok|snapchat|twitter|strava|garmin|"
    r"twitch|discord|reddit|pinterest|vsco|youtube|telegram|spotify)\b|"
    r"\b\w+s\s+(?P<name5>fb|facebook|insta|instagram|tiktok|linkedin|snap|snapchat|twitter|konto|profil)\b"
)
_ACCOUNT_HEADS = frozenset(
    [
        "hennes",
        "hans",
        "her",
        "his",
        "svarar",
        "finns",
        "syns",
        "leta",
        "hitta",
        "kolla",
        "tagga",
        "lagg",
        "har",
        "is",
        "has",
    ]
)
_HANDLE_CONTEXT = (
    "insta",
    "instagram",
    "konto",
    "profil",
    "tiktok",
    "facebook",
    "fb",
    "snap",
    "twitter",
    "linkedin",
    "account",
    "profile",
    "folj",
    "hitta henne",
    "hitta honom",
    "skriv till",
    "dm",
    "tagg",
    "tag",
    "lagg till",
    "stitch",
    "إنستغرام",
    "انستغرام",
    "انستا",
    "إنستا",
    "فيسبوك",
    "تيك",
    "سناب",
)
_OFFICIAL_HANDLE = re.compile(r"kommun|stad|region|polisen|socialtjanst|socialtjänst|official")


class HandleRecognizer(Recognizer):
    """Social-media accounts: profile URLs, "insta: name", and @handles.

    A bare @handle at the start of a post, or right after another handle, is usually a reply to
    another user, so it gets a low confidence unless account words ("insta", "konto") are near.
    """

    kind = "handle"
    patterns = (
        Pattern(
            _PROFILE_URL,
            0.85,
            "social-media profile link",
            folded=False,
            heads=frozenset(
                [
                    "instagram",
                    "tiktok",
                    "facebook",
                    "fb",
                    "twitter",
                    "x",
                    "snapchat",
                    "linkedin",
                    "youtube",
                    "t",
                    "threads",
                    "bsky",
                ]
            ),
        ),
        Pattern(
            _LABELLED,
            0.85,
            "social-media account",
            folded=False,
            heads=frozenset(
                [
                    "insta",
                    "instagram",
                    "ig",
                    "fb",
                    "facebook",
                    "tiktok",
                    "tt",
                    "snap",
                    "snapchat",
                    "twitter",
                    "linkedin",
                    "telegram",
                ]
            ),
        ),
        Pattern(_HANDLE, 0.45, "social-media handle", folded=False, heads=frozenset({"@"})),
        Pattern(
            _BARE_HANDLE,
            0.75,
            "social-media account (named after the platform)",
            heads=_PLATFORM_HEADS,
        ),
        Pattern(
            _HANDLE_THEN_PLATFORM,
            0.75,
            "social-media account (platform named after it)",
            triggers=_HANDLE_THEN_PLATFORM_TRIGGER,
        ),
        Pattern(
            _USER_PATH,
            0.7,
            "social-media account (u/name)",
            folded=False,
            anchor_re=re.compile(r"(?<![\w/])u/"),
        ),
        Pattern(
            _ACCOUNT_MENTION,
            0.7,
            "the person's social-media account",
            head_test=lambda w: w in _ACCOUNT_HEADS or w.endswith("s"),
            triggers=(*_PLATFORMS, "fb", "konto", "profil", "messenger"),
        ),
    )
    context = _HANDLE_CONTEXT
    context_boost = 0.35

    def validate(self, match: re.Match, text: str, folded: str, finding: Finding) -> bool:
        name = (match.groupdict().get("name") or match.groupdict().get("name2") or "").lower()
        if match.re is _ACCOUNT_MENTION:
            if match["name5"]:
                finding.extra["anchor"] = "person_genitive"  # "annelie svenssons fb"
            return True
        if _OFFICIAL_HANDLE.search(name):
            finding.official = True
        if match.re is _BARE_HANDLE:
            finding.start = match.start("name")  # the account itself, not the platform word
        if match.re is _HANDLE_THEN_PLATFORM:
            if _WEB_ADDRESS_END.search(name):
                return False  # "kalmar.se på facebook" is a web site, not an account
            finding.end = match.end("name")
        if match.re is _HANDLE:
            before = text[: match.start()].rstrip()
            if not before or before.endswith(("@", ":")) or re.search(r"@\w+[\s,]*$", before):
                finding.confidence = 0.2  # a reply to someone
                finding.why = "reply handle"
            elif _LABEL_BEFORE.search(folded[max(0, match.start() - 20) : match.start()]):
                finding.confidence = 0.75
                finding.why = "social-media account (introduced as the person's)"
            if name.isdigit():
                return False
        return not (
            match.re is _PROFILE_URL and name in {"watch", "share", "groups", "events", "hashtag"}
        )
