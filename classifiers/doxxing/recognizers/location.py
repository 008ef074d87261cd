"""Street addresses, postal codes, car registration plates and named schools and preschools."""

from __future__ import annotations

import re

from classifiers.doxxing.recognizers.base import Finding, Pattern, Recognizer
from classifiers.doxxing.text import fold, near_words, trie_regex

# Street suffixes (folded): Storgatan, Granvägen, Kvarngränd, Björkstigen, Solbacken ...
_SUFFIXES = tuple(
    [
        "gatan",
        "gata",
        "vagen",
        "vag",
        "grand",
        "granden",
        "stigen",
        "stig",
        "backen",
        "backe",
        "torget",
        "torg",
        "plan",
        "planen",
        "allen",
        "alle",
        "leden",
        "led",
        "kajen",
        "kaj",
        "straket",
        "slingan",
        "slinga",
        "gangen",
        "ringen",
        "svangen",
        "branten",
        "kroken",
        "promenaden",
        "esplanaden",
        "terrassen",
        "liden",
        "hojden",
        "platsen",
        "bryggan",
        "tappan",
        "byn",
        "parken",
        "gardet",
    ]
)
_SUFFIX = (
    r"(?:gatan|gata|vagen|vag|grand|granden|stigen|stig|backen|backe|torget|torg|plan|planen|"
    r"allen|alle|leden|led|kajen|kaj|straket|slingan|slinga|gangen|ringen|svangen|branten|kroken|"
    r"promenaden|esplanaden|terrassen|liden|hojden|platsen|bryggan|tappan|vagen|byn|parken|gardet)"
)
# Extras after the number, in any order: "lgh 1102", "3 tr", "2 trappor", "port 4", "uppgång B".
_EXTRAS = (
    r"(?:\s*,?\s*(?:lgh\.?\s*(?:nr\.?\s*)?\d{3,4}|lagenhet\s*(?:nr\.?\s*)?\d{1,4}|"
    r"\d{1,2}\s?(?:tr\b\.?|trappor\b|trappa\b|vaning(?:en)?\b|van\b\.?)|"
    r"(?:port|uppgang|ingang|entre)\s*(?:nr\.?\s*)?[0-9a-h]\b|c/o\s+\w+))*"
)
_POSTAL_TOWN = r"(?:\s*,?\s*(?P<postal>\d{3}\s?\d{2})(?:\s+(?P<town>[a-z][a-z\-]{1,30}))?)?"
_NUMBER = r"\s+(?P<number>\d{1,4})(?:\s?(?P<letter>[a-h])\b|\b)"

_ONE_WORD = re.compile(
    r"(?<![\w\-])(?P<street>[a-z][a-z\-]{1,40}"
    + _SUFFIX
    + r")\b"
    + _NUMBER
    + _EXTRAS
    + _POSTAL_TOWN
)
# Two or three words with a separate street word: "Stora Ursviks väg", "Doktor Westrings gata".
_MULTI_WORD = re.compile(
    r"(?<![\w\-])(?P<street>(?:[A-ZÅÄÖ][\wåäöéÅÄÖ\-]+\s){1,2}"
    r"(?:väg|vag|gata|gränd|grand|torg|plan|allé|alle|backe|stig|gång|gang|park|kaj|led|"
    r"strand|byväg|bygata))" + r"\s+(?P<number>\d{1,4})(?:\s?(?P<letter>[A-Ha-h])\b|\b)"
)
# "bor på Storgatan" (no number): a street named as someone's home.
_HOME_STREET = re.compile(
    r"\b(?:bor|boende|flyttat|flyttade)\s+(?:[\w,]+\s+){0,4}?(?:pa|vid|i)?\s*(?P<street>[a-z][a-z\-]{1,40}"
    + _SUFFIX
    + r")\b"
)
_WORDS_NOT_STREETS = frozenset(
    {
        "plan",
        "planen",
        "led",
        "leden",
        "vag",
        "vagen",
        "backen",
        "torget",
        "gatan",
        "parken",
        "byn",
        "gardet",
        "platsen",
        "ringen",
        "liden",
        "kajen",
        "gangen",
        "bryggan",
        "handlingsplan",
        "detaljplan",
        "vardplan",
        "genomforandeplan",
        "arbetsplan",
        "ravagen",
        "mittvagen",
        "halvvagen",
        "omvagen",
        "tillbakavagen",
        "motorvagen",
        "utvagen",
        "livsvagen",
        "lagen",
    }
)
# Office words right next to an address make it the public office's address.
_OFFICE_NEAR = (
    "kontor",
    "besoksadress",
    "postadress",
    "socialkontor",
    "stadshus",
    "kommunhus",
    "radhus",
    "reception",
    "forvaltning",
    "oppet",
    "oppettid",
    "mottagning",
    "familjecentral",
    "traffpunkt",
    "medborgarkontor",
    "servicecenter",
    "kontaktcenter",
    "lokal",
    "huvudkontor",
    "office",
    "demonstration",
    "manifestation",
    "samling",
    "utanfor socialkontoret",
    "utanfor kommunhuset",
    "مكتب",
)

# A home label right before the address ("bor på", "hemadress:", "Home:") says whose it is.
_HOME_LABEL = re.compile(
    r"\b(?:bor|boende|bostad|hem|hemma|hemadress(?:en)?|folkbokford|home|lives|home address)"
    r"(?:\s+(?:pa|i|vid|at|on|in|nu|numera))?\s*[:\-]?\s*"
    r"(?:(?:vastra|ostra|norra|sodra|stora|lilla|gamla|nya)\s+)?$"
)


class AddressRecognizer(Recognizer):
    """Street + number (+ letter) + optional lgh/tr/port + optional postal code and town."""

    kind = "address"
    patterns = (
        Pattern(
            _ONE_WORD,
            0.8,
            "street name + number",
            anchor_re=re.compile("(?:" + trie_regex(_SUFFIXES) + r")\s+\d"),
        ),
        Pattern(
            _MULTI_WORD,
            0.75,
            "street name + number",
            folded=False,
            heads=frozenset(
                [
                    "vag",
                    "gata",
                    "grand",
                    "torg",
                    "plan",
                    "alle",
                    "backe",
                    "stig",
                    "gang",
                    "park",
                    "kaj",
                    "led",
                    "strand",
                    "byvag",
                    "bygata",
                ]
            ),
            back=2,
        ),
        Pattern(
            _HOME_STREET,
            0.6,
            "street named as home",
            heads=frozenset(["bor", "boende", "flyttat", "flyttade"]),
        ),
    )
    context = ("bor", "adress", "hemadress", "boende", "hemma", "lgh", "port", "ratsit", "mrkoll")
    context_boost = 0.1

    def validate(self, match: re.Match, text: str, folded: str, finding: Finding) -> bool:
        street = match["street"]
        street_folded = folded[match.start("street") : match.end("street")]
        if street_folded in _WORDS_NOT_STREETS:
            return False
        if match.re is _ONE_WORD:
            number = int(match["number"])
            if number == 0:
                return False
            # "Storgatan 5" is fine; "vägen 2024" (a year) or "plan 2" are not.
            if len(match["number"]) == 4 and 1900 <= number <= 2100:
                return False
            if match["postal"]:
                finding.why = "street name + number + postal code"
                finding.confidence += 0.1
            extras = folded[match.end("number") : match.end()]
            if re.search(r"lgh|lagenhet|tr\b|trapp|port|uppgang|vaning", extras):
                finding.why = "street address with flat/floor/door"
                finding.confidence += 0.1
            if not text[match.start()].isupper():
                finding.confidence -= 0.05
        elif match.re is _MULTI_WORD:
            first = street.split()[0]
            if first.lower() in {"min", "din", "hennes", "hans", "deras", "en", "vår", "er", "den"}:
                return False
        else:
            finding.start, finding.end = match.span("street")
        if _HOME_LABEL.search(folded, max(0, finding.start - 24), finding.start):
            return True  # "Bor Storgatan 5", "Home: Storgatan 5": a home, whatever office is near
        nearby = near_words(folded, finding.start, finding.end, 45, 30)
        joined = " ".join(nearby)
        if any(w.startswith(_OFFICE_NEAR) for w in nearby) or "utanfor" in joined.split()[-4:]:
            finding.official = True
            finding.why = "office or public address"
        finding.confidence = min(finding.confidence, 1.0)
        return True


_POSTAL = re.compile(
    r"(?<![\d\-:.,/])(?P<code>[1-9]\d{2}\s?\d{2})\s+(?P<town>[A-ZÅÄÖ][a-zåäö]{2,30})\b"
)


# A person's page on a people-search site shows the home address (and a map): posting the link
# is posting the address. Sites named in shared/domain.md, plus the other large ones.
PEOPLE_SEARCH_SITES = ("ratsit", "mrkoll", "hitta", "merinfo", "birthday", "upplysning", "eniro")
_PEOPLE_SEARCH_LINK = re.compile(
    r"(?:https?://)?(?:www\.)?(?:"
    + "|".join(PEOPLE_SEARCH_SITES)
    + r")\.se/(?=[^\s]*[a-z])[^\s)\]>\"'<]+"
)
_PEOPLE_SEARCH_PATHS = tuple(f"{site}.se/" for site in PEOPLE_SEARCH_SITES)


class PeopleSearchLinkRecognizer(Recognizer):
    """A link to someone's page on Ratsit, Mrkoll, Hitta, Merinfo and the like."""

    kind = "address"
    patterns = (
        Pattern(
            _PEOPLE_SEARCH_LINK,
            0.8,
            "link to a people-search page (home address)",
            triggers=_PEOPLE_SEARCH_PATHS,
            word_start=True,
        ),
    )
    needs_words = _PEOPLE_SEARCH_PATHS

    def validate(self, match: re.Match, text: str, folded: str, finding: Finding) -> bool:
        finding.subtype = "people_search"
        return True

    def span(self, match: re.Match) -> tuple[int, int]:
        """Without the sentence's own punctuation after the link."""
        return match.start(), match.start() + len(match.group().rstrip(".,;:!?"))


class PostalCodeRecognizer(Recognizer):
    """NNN NN or NNNNN followed by a town ("852 30 Sundsvall"), or near "postnummer"."""

    kind = "postal_code"
    patterns = (
        Pattern(
            _POSTAL,
            0.6,
            "postal code + town",
            folded=False,
            head_test=lambda w: w.isdigit() and len(w) in (3, 5) and w[0] != "0",
            digit_heads=True,
        ),
    )
    context = ("postnummer", "postnr", "adress", "bor")
    context_boost = 0.2
    needs = "0123456789"

    def validate(self, match: re.Match, text: str, folded: str, finding: Finding) -> bool:
        town = match["town"].lower()
        return town not in {"kr", "kronor", "barn", "personer", "st", "år", "ar", "dagar", "sek"}


_PLATE_LETTERS = "A-HJ-PR-UW-Z"
_PLATE = re.compile(
    rf"(?<![\w\-])(?P<letters>[{_PLATE_LETTERS}]{{3}})(?P<sep>[\s\-]?)(?P<digits>\d{{2}}[\d{_PLATE_LETTERS}])(?![\w\-])"
)
_PLATE_ANYCASE = re.compile(
    rf"(?<![\w\-])(?P<letters>[{_PLATE_LETTERS}]{{3}})(?P<sep>[\s\-]?)(?P<digits>\d{{2}}[\d{_PLATE_LETTERS}])(?![\w\-])",
    re.IGNORECASE,
)
_NOT_PLATES = frozenset(
    {
        "LVU",
        "SOU",
        "SFS",
        "LSS",
        "SOL",
        "SOF",
        "SVT",
        "SKR",
        "IVO",
        "BBC",
        "CNN",
        "EUR",
        "SEK",
        "USD",
        "KAP",
        "NYC",
        "MAX",
        "MIN",
        "APP",
        "TEL",
        "NUM",
        "LGH",
        "BUS",
        "NRK",
        "DNA",
        "COVID",
        "KOM",
        "JUL",
        "AUG",
        "SEP",
        "OKT",
        "NOV",
        "DEC",
        "JAN",
        "FEB",
        "MAR",
        "APR",
        "MAJ",
        "JUN",
        "ATT",
        "DEN",
        "DET",
        "SOM",
        "OCH",
        "MED",
        "FOR",
        "PER",
        "TIL",
        "TOP",
        "NOT",
        "THE",
        "AND",
        "ALL",
        "HEM",
        "BOR",
        "RUT",
        "ROT",
        "GDP",
        "DSA",
        "PTS",
        "MPF",
        "SMS",
        "HBT",
        "EKO",
        "NTB",
        "TTE",
    }
)


class PlateRecognizer(Recognizer):
    """Car plates ABC 123 or ABC 12A (no I, Q, V, Å, Ä, Ö).

    Upper-case with a space ("ABC 123") is accepted on its own; written together or in lower case
    it needs a car word near (bil, volvo, reg, regnr, kör, parkerad ...).
    """

    kind = "plate"
    patterns = (
        Pattern(
            _PLATE_ANYCASE,
            0.35,
            "car registration plate",
            folded=False,
            # found at the digits (a digit-led regex skips text fast), tried one token earlier
            anchor_re=re.compile(r"\d\d(?:(?<=[a-z]{3}\d\d)|(?<=[a-z]{3}[ \-]\d\d))"),
            back=1,
        ),
    )
    context = (
        "bil",
        "volvo",
        "saab",
        "audi",
        "bmw",
        "tesla",
        "toyota",
        "kia",
        "vw",
        "volkswagen",
        "golf",
        "passat",
        "skoda",
        "mercedes",
        "ford",
        "renault",
        "peugeot",
        "nissan",
        "hyundai",
        "polestar",
        "reg",
        "regnr",
        "registrering",
        "kor",
        "korde",
        "parker",
        "skylt",
        "nummerplat",
        "car",
        "plate",
        "kombi",
        "suv",
        "xc",
        "v70",
        "v60",
        "v90",
    )
    context_boost = 0.45
    min_confidence = 0.5
    needs = "0123456789"

    def validate(self, match: re.Match, text: str, folded: str, finding: Finding) -> bool:
        letters = match["letters"]
        if letters.upper() in _NOT_PLATES:
            return False
        digits = match["digits"]
        if not digits[:2].isdigit():
            return False
        exact = (
            letters.isupper()
            and match["sep"] == " "
            and (digits[2].isdigit() or digits[2].isupper())
        )
        if exact:
            finding.confidence = 0.6
        return True


# A described car without a plate: "kör en svart Amarok", "drives a blue Nissan Leaf", "hennes
# vita Volvo". Brand (or colour + car word) after a driving/owning verb or a possessive is enough
# to spot the person in a car park; plain brand mentions ("jobbar på Volvo") are not cars.
_CAR_BRANDS = (
    "volvo",
    "saab",
    "audi",
    "bmw",
    "mercedes",
    "mercedes-benz",
    "merca",
    "volkswagen",
    "vw",
    "toyota",
    "nissan",
    "tesla",
    "kia",
    "hyundai",
    "ford",
    "opel",
    "peugeot",
    "renault",
    "skoda",
    "citroen",
    "mazda",
    "honda",
    "subaru",
    "mitsubishi",
    "fiat",
    "dacia",
    "polestar",
    "lexus",
    "porsche",
    "jeep",
    "suzuki",
    "cupra",
    "amarok",
    "chevrolet",
    "dodge",
    "chrysler",
    "byd",
)
# Models name a car as well as a brand does ("kör en svart Passat", "hennes vita XC60"). Models
# that are also everyday words or things (Galaxy, Mini, A4, Rio, 240) are left out.
_CAR_MODELS = tuple(
    str.split(
        """passat golf polo tiguan touran caddy transporter multivan caravelle arteon t-roc t-cross
    v40 v50 v60 v70 v90 xc40 xc60 xc70 xc90 s40 s60 s80 s90 c30 c40 ex30 ex40 ex90
    yaris corolla auris prius rav4 aygo c-hr hilux avensis land-cruiser
    leaf qashqai micra juke x-trail navara octavia superb fabia kodiaq karoq enyaq
    focus fiesta mondeo kuga s-max transit astra corsa insignia zafira mokka clio megane captur
    kangoo zoe i10 i20 i30 i40 ix35 tucson ioniq kona ceed niro sportage sorento picanto e-niro
    outback forester impreza cx-3 cx-5 cx-30 mx-5 q2 q3 q5 q7 q8 e-tron x1 x2 x3 x4 x5 x6 i3 i4
    ix3 berlingo c3 c4 c5 2008 3008 5008 duster sandero jogger"""
    )
) + ("model 3", "model y", "model s", "model x")
_COLOURS = (
    r"(?:svart|svarta|vit|vita|rod|roda|bla|gron|grona|gra|silver\w*|silvrig\w*|gul|gula|brun|"
    r"bruna|beige|morkbla|ljusbla|morkgra|ljusgra|morkgron|vinrod|orange|black|white|red|blue|"
    r"green|grey|gray|silver|yellow|brown|dark\s+\w+|light\s+\w+|matt\w*|metallic)"
)
_CAR_OWNER = (
    r"(?:kor|korde|aker|akte|drives|drove|drive|driving|has|ager|owns|hennes|hans|her|his|sin|sitt|"
    r"i\s+(?:en|sin|hennes|hans)|in\s+(?:a|an|her|his))"
)
_CAR = re.compile(
    _CAR_OWNER + r"\s+(?:(?:en|ett|a|an|the|sin|sitt|hennes|hans|her|his)\s+)?"
    r"(?:(?:" + _COLOURS + r")\s+)?"
    r"(?:(?P<brand>"
    + trie_regex(_CAR_BRANDS + _CAR_MODELS)
    + r")\b|"
    + _COLOURS
    + r"\s+(?:bil|car|suv|pickup|van|kombi)\b)"
)
_CAR_HEADS = (
    frozenset(_CAR_BRANDS)
    | frozenset(_CAR_MODELS)
    | frozenset(["model"])
    | frozenset(["bil", "car", "suv", "pickup", "van", "kombi"])
)


class CarRecognizer(Recognizer):
    """A described car (brand or colour + car) the person drives: as findable as a plate."""

    kind = "car"
    patterns = (Pattern(_CAR, 0.7, "car described (brand/colour)", heads=_CAR_HEADS, back=4),)

    def validate(self, match: re.Match, text: str, folded: str, finding: Finding) -> bool:
        if not match["brand"]:
            finding.confidence = 0.6
        if not match.group().startswith(("hennes", "hans", "her ", "his ")):
            # "kör en svart Amarok": whose car is decided by who is named just before
            finding.extra["anchor"] = "person_near_before"
        return True


# Named schools and preschools.
_SCHOOL_WORD = (
    r"(?:förskola|forskola|skola|förskolan|skolan|fritids|fritidshem|grundskola|dagis"
    r"|montessoriskola|friskola|förskoleklass)"
)
_NAMED_BEFORE = re.compile(
    r"(?<![\w\-])(?P<name>(?:[A-ZÅÄÖ][\wåäöéÅÄÖ\-]{1,30}\s){1,2})" + _SCHOOL_WORD + r"\b"
)
_NAMED_AFTER = re.compile(
    r"(?<![\w\-])(?P<word>[Ff]örskolan|[Ff]orskolan|[Ss]kolan|[Ff]ritids|[Ff]ritidshemmet|"
    r"[Aa]vdelning(?:en)?|[Aa]vd\.?|[Dd]agiset|[Dd]agis|[Ff]örskoleavdelningen)"
    r"\s+(?P<name>[A-ZÅÄÖ][\wåäö\-]{2,30})"
)
_COMPOUND = re.compile(
    r"(?<![\w\-])(?P<name>[A-ZÅÄÖ][a-zåäö]{2,30})(?:förskola|förskolan|forskola|forskolan|skolan|skola|dagis|dagiset)\b"
)
_LOWER_NAMED = re.compile(
    r"\b(?:pa|vid|utanfor|till|fran|hamtar|lamnar)\s+(?P<name>[a-z]{3,25}s?)\s+(?:forskola|skola|fritids)\b"
)
_NOT_SCHOOL_NAMES = frozenset(
    {
        "vår",
        "var",
        "min",
        "mina",
        "din",
        "hans",
        "hennes",
        "deras",
        "er",
        "en",
        "ett",
        "den",
        "det",
        "denna",
        "samma",
        "ny",
        "nya",
        "bra",
        "kommunal",
        "kommunala",
        "kommunens",
        "öppen",
        "oppen",
        "öppna",
        "oppna",
        "svensk",
        "svenska",
        "privat",
        "privata",
        "fristående",
        "fristaende",
        "annan",
        "andra",
        "vanlig",
        "på",
        "pa",
        "i",
        "från",
        "fran",
        "till",
        "vid",
        "utanför",
        "utanfor",
        "barnens",
        "sonens",
        "dotterns",
        "barnets",
        "hög",
        "hog",
        "folkhög",
        "folkhog",
        "social",
        "polis",
        "yrkes",
        "kultur",
        "sommar",
        "sön",
        "son",
        "musik",
        "dans",
        "trafik",
        "kör",
        "kor",
        "simskola",
        "sim",
        "grund",
        "gymnasie",
        "special",
        "särskola",
        "sarskola",
        "lvu",
        "soc",
        "och",
        "eller",
        "när",
        "nar",
        "om",
        "att",
        "som",
        "the",
        "är",
        "ar",
        "har",
        "hade",
        "jag",
        "vi",
        "hon",
        "han",
        "de",
        "dom",
        "alla",
        "flera",
        "någon",
        "nagon",
        "ingen",
        "varje",
        "hela",
        "gamla",
        "stora",
        "lilla",
        "idag",
        "igår",
        "imorgon",
        "sedan",
        "sen",
        "efter",
        "innan",
        "även",
        "aven",
        "både",
        "bade",
    }
)


_SCHOOL_WORDS = frozenset(
    [
        "forskola",
        "skola",
        "skolan",
        "forskolan",
        "fritids",
        "fritidshem",
        "grundskola",
        "dagis",
        "montessoriskola",
        "friskola",
        "forskoleklass",
    ]
)


_MEETING_VENUE = re.compile(r"foraldramote\w*\s+(?:pa|i|om\s+\w+\s+i)\s+\S*$")


class SchoolRecognizer(Recognizer):
    """Named schools and preschools: "Nacksta förskola", "förskolan Solen", "Sidsjöskolan"."""

    kind = "school"
    patterns = (
        Pattern(
            _NAMED_BEFORE,
            0.8,
            "named school or preschool",
            folded=False,
            heads=_SCHOOL_WORDS,
            back=2,
        ),
        Pattern(
            _NAMED_AFTER,
            0.8,
            "named school or preschool",
            folded=False,
            heads=frozenset(
                [
                    "forskolan",
                    "skolan",
                    "fritids",
                    "fritidshemmet",
                    "avdelning",
                    "avdelningen",
                    "avd",
                    "dagiset",
                    "dagis",
                    "forskoleavdelningen",
                ]
            ),
        ),
        Pattern(
            _COMPOUND,
            0.8,
            "named school or preschool",
            folded=False,
            anchor_re=re.compile(r"\w(?:skolan|skola|dagis)"),
        ),
        Pattern(_LOWER_NAMED, 0.7, "named school or preschool", heads=_SCHOOL_WORDS, back=2),
    )
    context = ("gar pa", "barn", "son", "dotter", "hamta", "lamna", "avdelning")
    context_boost = 0.1

    def validate(self, match: re.Match, text: str, folded: str, finding: Finding) -> bool:
        name = match["name"].strip()
        parts = name.split()
        if not parts:
            return False
        if _MEETING_VENUE.search(folded, max(0, match.start() - 30), match.start() + 4):
            return False  # "på föräldramötet på Gottsunda skola": where a talk was held
        if match.re is _NAMED_BEFORE:
            # Drop leading function words: "på Nacksta förskola" -> "Nacksta förskola".
            while parts and parts[0].lower() in _NOT_SCHOOL_NAMES:
                finding.start += len(parts[0]) + 1
                parts = parts[1:]
            if not parts:
                return False
            if parts[-1].lower() in _NOT_SCHOOL_NAMES:
                return False
            # A capitalised word only because it starts a sentence is not a name.
            if (
                len(parts) == 1
                and _sentence_start(text, finding.start)
                and parts[0].lower() in _COMMON_CAPS
            ):
                return False
        elif match.re is _COMPOUND:
            stem = fold(name)
            if stem in _NOT_SCHOOL_NAMES or stem.rstrip("s") in _NOT_SCHOOL_NAMES:
                return False
            if stem in _NOT_COMPOUND_STEMS or stem.endswith(("hog", "hogs")):
                return False  # Förskolan, Socialhögskolan, Trafikskolan: not a named school
        elif match.re is _NAMED_AFTER:
            if name.lower() in _NOT_SCHOOL_NAMES or name.lower() in _COMMON_CAPS:
                return False
        else:
            if name in _NOT_SCHOOL_NAMES or name.rstrip("s") in _NOT_SCHOOL_NAMES:
                return False
            finding.start = match.start("name")
        return True


_NOT_COMPOUND_STEMS = frozenset(
    [
        "for",
        "hog",
        "folkhog",
        "socialhog",
        "gymnasie",
        "grund",
        "yrkes",
        "sommar",
        "kor",
        "trafik",
        "musik",
        "kultur",
        "sim",
        "dans",
        "sprak",
        "special",
        "sar",
        "fri",
        "mellan",
        "lag",
        "real",
        "polis",
        "natur",
        "konst",
        "bibel",
        "sondags",
        "kvalls",
        "hem",
        "distans",
        "kommun",
        "forsk",
        "forskole",
        "skol",
    ]
)
_COMMON_CAPS = frozenset(
    {
        "min",
        "vår",
        "var",
        "hennes",
        "hans",
        "deras",
        "den",
        "ingen",
        "alla",
        "varje",
        "samma",
        "jag",
        "vi",
    }
)


def _sentence_start(text: str, index: int) -> bool:
    before = text[:index].rstrip()
    return not before or before[-1] in ".!?\n:\"'"
