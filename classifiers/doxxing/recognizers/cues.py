"""Family members, routines and locations, filming, and calls to contact or visit someone.

These are cues rather than identifiers: each marks a span of the post and says why. The severity
rules decide whether the cue belongs to the social worker (family) or to the poster.
"""

from __future__ import annotations

import re

from classifiers.doxxing.recognizers.base import Finding, Pattern, Recognizer


def _w(block: str) -> frozenset[str]:
    return frozenset(block.split())


_FAMILY_WORDS = _w(
    """son sonen soner sonerna dotter dottern dottrar dottrarna barn barnen barnet ungar ungarna
    unge ungen man mannen make maken fru frun hustru sambo sambon pojkvan flickvan partner
    familj familjen mamma mamman pappa pappan mor far syster systern bror brodern barnbarn pojke
    pojken pojkar flicka flickan flickor tjej tjejen kille killen grabb grabben tonaring
    tvillingar tvillingarna bebis bebisen kids husband wife daughter children kid family
    boyfriend girlfriend baby foraldrar foraldrarna svarmor svarfar kusin mother father sister
    brother parents spouse twins grandchildren sons daughters"""
)
_MOVE_WORDS = _w(
    """lamnar lamnade hamtar hamtade skjutsar promenerar joggar springer gar gick aker akte cyklar
    kor korde tranar handlar slutar borjar parkerar parkerade rastar tar kommer kliver leaves
    picks walks drives takes ut luncher lunchar ater fikar star sitter syns finns goes gets
    arrives comes works trains jogs runs parks drops eats shops finishes starts"""
)

_FAMILY_NOUN = (
    r"(?:son|sonen|soner|sonerna|dotter|dottern|dottrar|dottrarna|barn|barnen|barnet|ungar|ungarna|"
    r"unge|ungen|man|mannen|make|maken|fru|frun|hustru|sambo|sambon|pojkvan|flickvan|partner|"
    r"familj|familjen|mamma|mamman|pappa|pappan|mor|far|syster|systern|bror|brodern|barnbarn|"
    r"pojke|pojken|pojkar|flicka|flickan|flickor|tjej|tjejen|kille|killen|grabb|grabben|tonaring|"
    r"tvillingar|tvillingarna|bebis|bebisen|kids|husband|wife|son|daughter|children|kid|family|"
    r"partner|boyfriend|girlfriend|baby|foraldrar|foraldrarna|svarmor|svarfar|kusin|mother|father|"
    r"sister|brother|parents|spouse|twins|grandchildren|sons|daughters)"
)
# Possessive of a third person: "hennes son", "hans fru", "hennes två barn", "her kids".
_POSSESSIVE = re.compile(
    r"(?P<owner>hennes|hans|her|his|deras|sin|sina|sitt)\s+(?:(?:tva|tre|fyra|lilla|lille|sma|stora|egna|egen|aldsta|"
    r"yngsta|minsta|nya|\d{1,2}-?ariga?|own|little|two|three)\s+){0,2}" + _FAMILY_NOUN + r"\b"
)
# Genitive of a role word: "handläggarens dotter", "socialsekreterarens barn", "soc-tantens man".
_ROLE_GENITIVE = re.compile(
    r"(?P<owner>(?:social)?sekreterarens|handlaggarens|utredarens|enhetschefens|chefens|"
    r"kuratorns|soctantens|soc-tantens|socialtantens|socialarbetarens|hennes\s+mans)\s+"
    r"(?:(?:tva|tre|lilla|lille|stora|egna)\s+)?" + _FAMILY_NOUN + r"\b"
)
# Family described with names or ages: "har två barn, 4 och 7", "gift med Peter", "sambo med",
# "barnen heter", "mamma till tre".
_DESCRIBED = re.compile(
    r"(?:(?:hon|han)\s+har\s+(?:en|ett|tva|tre|fyra|\d)\s+(?:\w+\s+)?(?:barn|son|soner|dotter|dottrar|"
    r"ungar|pojkar|flickor|tjejer|killar)|"
    r"(?:hon|han)\s+ar\s+(?:gift|sambo|forlovad)\s+med\s+\w+|"
    r"gift\s+med\s+(?:en\s+)?[a-z]+|sambo\s+med\s+[a-z]+|"
    r"(?:mamma|pappa|morsa|farsa)\s+till\s+(?:tva|tre|fyra|\d|en|ett)\b|"
    r"(?:barnen|sonen|dottern|ungarna|mannen|maken|frun)\s+heter\s+\w+|"
    r"(?:frun|maken|hustrun|sambon)\s+(?:jobbar|arbetar|kor|ar\s+(?:larare|polis|sjukskoterska|\w+ska))\b|"
    r"(?:son|dotter|sonen|dottern|barnen|barn)\s*\(?\s*\d{1,2}\s*(?:ar|\)))"
)
# Taking children is what the campaign accuses staff of: "tog hennes barn" is the client's child.
# A named person's family: "Helena Viks man", "Åsa Lindqvists son" (checked against person spans).
_NAME_GENITIVE = re.compile(_FAMILY_NOUN + r"\b")
# Own children and family stated: "har tre egna barn", "har själv en son", "Gift, två barn",
# "en dotter (Ella, 4 år)".
_OWN_FAMILY = re.compile(
    r"(?:har\s+(?:sjalv\s+|sjalva\s+|ocksa\s+)?(?:en|ett|tva|tre|fyra|fem|\d)\s+(?:egna|sma|egen)\s+"
    r"(?:barn|son|soner|dotter|dottrar|ungar|pojkar|flickor)|"
    r"har\s+(?:sjalv|sjalva)\s+(?:en|ett|tva|tre|fyra|\d)\s+"
    r"(?:(?:liten|litet|lilla|sma|nyfodd|nyfott|tonarig|tonariga|vuxen|vuxna)\s+)?"
    r"(?:barn|son|soner|dotter|dottrar)|"
    r"gift\s*[,.]\s*(?:en|ett|tva|tre|fyra|\d)?|"
    r"(?:en|ett|tva|tre|fyra)\s+(?:son|soner|dotter|dottrar|barn)\s*\(|"
    r"(?:sambo|gift|forlovad)\s+med\s+(?:en\s+)?\w+|"
    r"(?:hennes|hans)\s+(?:man|fru|make|sambo)\s+(?:heter|jobbar|ar|har|kor)|"
    r"و?(?:زوجها|زوجته|جوزها|مرته|ابنها|ابنه|ابنتها|ابنته|بنتها|بنته|بناتها|بناته|ولدها|ولده|"
    r"أطفالها|اطفالها|أطفاله|اطفاله|أولادها|اولادها|أولاده|"
    r"اولاده|أخوها|اخوها|أخوه|اخوه|أختها|اختها|أمها|امها|أبوها|ابوها|عائلتها|عائلته)|"
    # "عندها ثلاثة أطفال" (she has three children): Arabic says "at her" for "she has"
    r"(?:عندها|عنده|لديها|لديه)\s+(?:\S+\s+)?(?:أطفال|اطفال|أولاد|اولاد|بنات|ولد|بنت|طفل|طفلة|ابن|"
    r"زوج|زوجة|أبناء|ابناء))"
)
_ARABIC_FAMILY_BASE = _w(
    """زوجها زوجته جوزها مرته ابنها ابنه ابنتها ابنته بنتها بنته بناتها بناته ولدها ولده أطفالها
    اطفالها أطفاله اطفاله أولادها اولادها أولاده اولاده أخوها اخوها أخوه اخوه أختها اختها أمها
    امها أبوها ابوها عائلتها عائلته"""
)
# Arabic writes "and" as a prefix: "وزوجها" (and her husband).
_ARABIC_FAMILY = (
    _ARABIC_FAMILY_BASE
    | frozenset("و" + w for w in _ARABIC_FAMILY_BASE)
    | _w("عندها عنده لديها لديه")
)
# "har två killar som spelar fotboll", "har fyra barnbarn", "Wife: Johanna", "Two daughters":
# counted when a named person (or hon/han) is the subject just before (see severity).
_HAS_FAMILY = re.compile(
    r"(?:har\s+(?:en|ett|tva|tre|fyra|fem|sex|\d)\s+(?:sma\s+|vuxna\s+)?(?:barn|barnbarn|son|soner|dotter|"
    r"dottrar|killar|tjejer|pojkar|flickor|ungar|grabbar|kille|tjej|pojke|flicka|grabb)\b|"
    r"har\s+(?:sjalv\s+|ocksa\s+)?egna\s+(?:barn|ungar|barnbarn)|"
    r"(?:wife|husband|partner|fru|make|sambo|man)\s*:|"
    r"(?:one|two|three|four)\s+(?:daughters?|sons?|kids|children|grandchildren)|"
    r"(?:has|have)\s+(?:a|one|two|three|four)\s+(?:daughters?|sons?|kids|children|grandchildren))"
)
# Arabic puts the family word before the name: "بنت ياسمين" (Yasmin's daughter); it counts only
# where a person's name starts right after it (anchor checked in severity).
_ARABIC_OF = re.compile(
    r"(?:بنت|ابن|بنات|ولد|أولاد|اولاد|أطفال|اطفال|عيال|زوج|زوجة|جوز|مرة|أم|ام|أبو|ابو)(?=\s)"
)
_ARABIC_OF_HEADS = _w("بنت ابن بنات ولد أولاد اولاد أطفال اطفال عيال زوج زوجة جوز مرة")

_TAKE_BEFORE = re.compile(
    r"(?<!\w)(?:اخذوا|أخذوا|أخذت|اخذت|خطفوا|خطفت|سحبوا|سحبت|tog|tar|tagit|tagna|tas|omhandertog|omhandertar|placerade|placerat|hamtade|stal|stjal|"
    r"kidnappade|kidnappar|rov|flyttade|omplacerade|fick|forlorade|aterfick|traffa|se|traffar|"
    r"saknar|beslut om|lvu pa|utredde|utreder|took|take|taken|stole|kidnapped)"
    r"\s+(?:\w+\s+){0,2}$"
)
_TAKE_AFTER = re.compile(
    r"^\s*(?:\w+\s+){0,2}(?:tagna|togs|omhandertogs|placerades|tas|hamtades|blev tagna)"
)


_NOT_NAME_GENITIVES = frozenset(
    [
        "hennes",
        "hans",
        "deras",
        "dess",
        "vars",
        "ens",
        "alls",
        "its",
        "his",
        "this",
        "was",
        "is",
        "has",
        "as",
        "pris",
    ]
)


class FamilyRecognizer(Recognizer):
    """A third person's family: "hennes son", "hans fru", "handläggarens dotter", "har två barn"."""

    kind = "family"
    patterns = (
        Pattern(
            _ROLE_GENITIVE,
            0.9,
            "family member of the social worker",
            anchor_re=re.compile(r"(?:ens|orns) "),
        ),
        Pattern(
            _POSSESSIVE,
            0.7,
            "family member (her/his)",
            heads=_w("hennes hans her his deras sin sina sitt"),
        ),
        Pattern(
            _DESCRIBED,
            0.75,
            "family described",
            heads=_w(
                """hon han gift sambo mamma pappa morsa farsa barnen sonen dottern ungarna mannen
                maken frun son dotter barn"""
            ),
        ),
        Pattern(_NAME_GENITIVE, 0.85, "family member of the named person", heads=_FAMILY_WORDS),
        Pattern(_ARABIC_OF, 0.8, "family member of the named person", heads=_ARABIC_OF_HEADS),
        Pattern(
            _HAS_FAMILY,
            0.75,
            "the person's family",
            heads=_w("har wife husband partner fru make sambo man one two three four has have"),
        ),
        Pattern(
            _OWN_FAMILY,
            0.8,
            "the person's own family",
            heads=_w("har gift sambo forlovad en ett tva tre fyra hennes hans") | _ARABIC_FAMILY,
        ),
    )
    context = ("heter", "gar pa", "ar", "ars", "forskola", "skola", "hamtar", "lamnar")
    context_boost = 0.1

    def validate(self, match: re.Match, text: str, folded: str, finding: Finding) -> bool:
        if match.re is _ROLE_GENITIVE:
            finding.extra["owner"] = "role"
            return True
        if match.re is _NAME_GENITIVE:
            before = folded[max(0, match.start() - 20) : match.start()]
            previous = before.split()
            if not before.endswith(" ") or not previous or not previous[-1].endswith("s"):
                return False
            if previous[-1] in _NOT_NAME_GENITIVES:
                return False
            finding.extra["anchor"] = "person_before"
            return True
        if match.re is _POSSESSIVE and match["owner"] in ("sin", "sina", "sitt", "deras"):
            finding.confidence = 0.6
        if match.re is _OWN_FAMILY:
            return True  # "har själv en son", "gift, två barn": stated as the person's own
        if match.re is _ARABIC_OF:
            finding.extra["anchor"] = "person_after"
            return True
        if match.re is _HAS_FAMILY:
            finding.extra["anchor"] = "person_near_before"
            return True
        before = folded[max(0, match.start() - 30) : match.start()]
        after = folded[match.end() : match.end() + 25]
        if _TAKE_BEFORE.search(before) or _TAKE_AFTER.search(after):
            return False  # the client's children, not the worker's family
        # "sonen 7 år": whose son? Only counts where a third-person possessive is close.
        return not (
            match.re is _DESCRIBED
            and re.match(r"(?:son|dotter|sonen|dottern|barnen|barn)\s*\(?\s*\d", match.group())
            and not re.search(r"\b(?:hennes|hans|her|his)\b", before + " " + after)
        )


_DAYS = r"(?:mandag|tisdag|onsdag|torsdag|fredag|lordag|sondag)"
_TIME = (
    r"(?:kl\.?\s*\d{1,2}(?:[.:]\d{2})?"
    r"|(?:vid|runt|strax\s+efter|strax\s+fore|efter)\s+"
    r"(?:\d{1,2}|tre|fyra|fem|sex|sju|atta|nio|tio|elva|tolv)\b"
    r"|(?:pa|vid|till|at|for)\s+lunch(?:en|rasten|tid)?\b|lunchtime"
    r"|pa\s+vardagar|varje\s+vardag|\d{1,2}[.:]\d{2}|varje\s+(?!gang\b)\w+"
    r"|alla\s+(?:" + _DAYS + r"ar|morgnar|kvallar)"
    r"|pa\s+(?:morgon|morgnarna|kvall|kvallarna|eftermiddag\w*|" + _DAYS + r"\w*)"
    r"|vid\s+\w+tiden|efter\s+jobbet|innan\s+jobbet|every\s+\w+|at\s+\d"
    r"|(?:after|before|around|by)\s+\d{1,2}\b|after\s+work|before\s+work"
    r"|on\s+(?:mondays|tuesdays|wednesdays|thursdays|fridays|saturdays|sundays|weekdays|weekends))"
)
_MOVE = (
    r"(?:lamnar|lamnade|hamtar|hamtade|skjutsar|promenerar|joggar|springer|gar|gick|aker|akte|"
    r"cyklar|kor|korde|tranar|handlar|slutar|borjar|parkerar|parkerade|rastar|kommer|tar\s+bussen|"
    r"tar\s+taget|tar\s+\d+:an|tar\s+bussen|kommer\s+hem|gar\s+hem|aker\s+hem|kliver|leaves|picks|"
    r"walks|drives|takes|ut\s+med\s+hunden|luncher|lunchar|ater\s+lunch|fikar|star|sitter|syns|finns|"
    r"goes|gets|arrives|comes|works\s+out|trains|jogs|runs|parks|drops|eats|shops|finishes|starts)"
)
_ROUTINE = re.compile(_MOVE + r"\b[^.!?\n]{0,60}?\b" + _TIME)
_TIME_FIRST = re.compile(_TIME + r"\b[^.!?\n]{0,40}?\b" + _MOVE + r"\b")
_PLACES = re.compile(
    # before the generic "bor i X", which drops "bor i en"
    r"(?:bor\s+i\s+(?:en|ett)\s+(?:av\s+de\s+)?(?:\w+\s+){0,2}(?:villa|villor|villorna|radhus\w*|hus|"
    r"husen|lagenhet\w*)\b|"
    r"gar\s+till\s+(?:bussen|busshallplatsen|taget|pendeln|tunnelbanan|stationen)|"
    r"tar\s+(?:bussen|taget|pendeln|tunnelbanan)|busshallplatsen\s+vid|"
    r"(?:hennes|hans|sitt|sin)\s+(?:egna?\s+)?(?:hus|villa|lagenhet|lya|radhus|bostad|hem|gym|stuga|"
    r"sommarstuga|garage|gata|kvarter|port|uppgang)|"
    r"(?:villa|radhus|lagenhet|hus)\s+i\s+\w+|"
    r"(?:foljer|folja|folj|foljde)\s+(?:efter\s+)?(?:henne|honom)\s+(?:hem|till)|"
    r"ut\s+med\s+hunden|busshallplats\w*|"
    r"(?:tar|aker)\s+(?:buss\s+\d+|\d+:?an|linje\s+\d+)|"
    r"nar\s+(?:hon|han)\s+(?:gar\s+hem|aker\s+hem|slutar)|"
    r"الساعة\s*\d{1,2}|كل\s+يوم|كل\s+صباح|تسكن\s+في|يسكن\s+في|"
    r"(?:ساكنة|ساكن|بتسكن|بيسكن)\s+(?:في|ب)\s*\S+|"
    r"portkod(?:en)?|port\s+\d{1,2}\b|uppgang\s+[a-h1-9]\b|"
    r"(?:bor|boende)\s+(?:sjalv\s+|ocksa\s+|numera\s+|nu\s+|fortfarande\s+|sjalva\s+)?"
    r"(?:i|pa|vid|nara|granne\s+med|ovanfor|bredvid)\s+\w+|"
    r"(?:pa|vid|utanfor|till)\s+(?:ica|coop|willys|lidl|hemkop|systemet|gymmet|friskis|sats)\b|"
    r"(?:followed|follow|following)\s+(?:her|him)|(?:to|at|outside)\s+(?:her|his)\s+(?:gym|home|house|car|"
    r"kids'?|school|door)|from\s+the\s+bus|(?:to|at)\s+the\s+gym|"
    r"(?:hon|han)\s+brukar\s+(?:\w+\s+){0,2}(?:pa|vid|i|till|med|runt|langs|hem)\s+\w+|"
    r"(?:she|he)\s+(?:usually|always)\s+\w+|every\s+(?:morning|evening|day|monday|tuesday|wednesday|"
    r"thursday|friday|saturday|sunday)|"
    r"hemma\s+hos\s+(?:henne|honom)|pa\s+vagen\s+hem|nar\s+(?:hon|han)\s+gar\s+hem|"
    r"tranar\s+(?:pa|pa\s+gymmet|varje)\s*\w*|pa\s+(?:friskis|gymmet|sats|nordic\s+wellness)|"
    r"(?:lives|lives\s+in|lives\s+at)\s+\w+|"
    r"(?:her|his|'s)\s+(?:house|home|flat|apartment|villa)\s+(?:is\s+)?(?:in|on|at|the)\s+\w+|"
    r"flyttat\s+till\s+\w+|"
    r"(?:hus|huset|villa|villan|radhus|radhuset)\s+ligger\s+\w+|"
    r"lives\s+(?:above|below|next\s+to|behind|across\s+from|opposite)\s+\w+|"
    r"bor\s+(?:mittemot|bakom|under|ovanpa)\s+\w+|"
    r"(?:ber|beder|prays?|praying|بيصلي|يصلي|بتصلي)\s+(?:\S+\s+){0,5}?(?:varje|every|alla|كل)\s+\S+|"
    r"fredagsbon\w*\s+(?:i|pa|vid)\s+\w+)"
)
# Where someone is right now, beside the poster: "står bakom micke strand i kön på systemet",
# "sitter i samma vagn som mig", "right behind me", "واقفة وراي بالكيو".
_RIGHT_NOW = re.compile(
    r"(?:star|sitter|stod|satt)\s+(?:precis\s+|typ\s+|just\s+)?(?:bakom|framfor|bredvid|mittemot)\s+"
    r"(?:mig|oss|(?:\w+\s+){1,2}(?:i\s+kon|pa\s+(?:bussen|taget|tunnelbanan|pendeln|systemet|ica|coop)))\b|"
    r"(?:i|pa)\s+samma\s+(?:vagn|buss|tag|ko|gym)\s+som\s+(?:mig|oss|jag|vi)\b|"
    r"(?:right\s+)?(?:behind|in\s+front\s+of|next\s+to)\s+me\s+(?:in|at|on)\b|"
    r"(?:وراي|قدامي|جنبي)\b"
)
_LIVES_GENERIC = re.compile(
    r"^(?:(?:bor|boende)\s+(?:i|pa)|flyttat\s+till)\s+"
    r"(?:sverige|landet|staden|kommunen|hemma|samma|ett|en|oss|dem|hit|dit|utlandet)$"
)


_DAY = r"(?:" + _DAYS + r"(?:ar|arna|en)?)"
_DAY_SHORT = r"(?:man|tis|ons|tors|tor|fre|lor|son|mon|tue|tues|wed|thu|thurs|fri|sat|sun)\.?"
_DAY_LIST = (
    r"(?:" + _DAY + r"(?:\s*(?:,|/|-|och|&)\s*" + _DAY + r")*"
    r"|" + _DAY_SHORT + r"(?:\s*(?:,|/|-|och|&)\s*" + _DAY_SHORT + r")+)"
)
_CLOCK = r"(?:kl\.?\s*)?\d{1,2}[.:]\d{2}"
_SCHEDULE = re.compile(
    _CLOCK + r"\s*(?:pa\s+|alla\s+|varje\s+)?" + _DAY_LIST + r"(?!\w)"
    r"|" + _DAY_LIST + r"\s*(?:kl\.?\s*)?\d{1,2}[.:]\d{2}"
)
_CLOCK_TRIGGER = re.compile(r"\d[.:]\d\d")
_SCHEDULE_ANCHOR = re.compile(
    r"\d[.:]\d\d\s*(?:pa\s+|alla\s+|varje\s+)?[mtofls]"
    r"|\b(?:mandag|tisdag|onsdag|torsdag|fredag|lordag|sondag)"
    r"|\b(?:man|tis|ons|tors|tor|fre|lor|son|mon|tue|tues|wed|thu|thurs|fri|sat|sun)\b"
)
# Opening hours and phone times are the office's, not a person's routine.
_OFFICE_HOURS = re.compile(
    r"oppet|oppettid|telefontid|mottagning|reception|drop-in|besokstid|stangt|jour|open|hours"
)


_TIME_TRIGGER = re.compile(
    r"\d|varje|vardag|alla |morgon|kvall|eftermiddag|tiden|jobbet|every|strax|work|days|weekend"
    r"|lunch|tolv|elva"
)


class RoutineRecognizer(Recognizer):
    """Routines and locations: "lämnar sin son kl 8", "går till bussen 16.10", "port 4"."""

    kind = "routine"
    patterns = (
        Pattern(
            _ROUTINE, 0.8, "daily routine with time", triggers=_TIME_TRIGGER, heads=_MOVE_WORDS
        ),
        Pattern(
            _TIME_FIRST,
            0.75,
            "daily routine with time",
            triggers=_TIME_TRIGGER,
            heads=_w("kl varje alla every"),
        ),
        Pattern(
            _PLACES,
            0.7,
            "home location or route",
            heads=_w(
                """gar tar aker busshallplatsen busshallplats hennes hans sitt sin villa radhus
                lagenhet hon han she he every followed follow following to at outside from ica
                coop willys lidl hemkop systemet hus foljer folja folj foljde ut nar portkod
                portkoden port uppgang bor boende hemma vagen tranar friskis gymmet sats lives
                her his house home flat apartment flyttat huset villan radhuset ber beder pray prays
                praying fredagsbon fredagsbonen بيصلي يصلي بتصلي
                الساعة كل تسكن يسكن ساكنة ساكن بتسكن بيسكن"""
            ),
        ),
        Pattern(
            _RIGHT_NOW,
            0.7,
            "where the person is right now",
            heads=_w("star sitter stod satt i pa right behind in next وراي قدامي جنبي"),
        ),
        Pattern(
            _SCHEDULE,
            0.75,
            "weekly schedule with time",
            triggers=_CLOCK_TRIGGER,
            anchor_re=_SCHEDULE_ANCHOR,
        ),
    )
    context = ("hon", "han", "varje", "alltid", "brukar")
    context_boost = 0.1

    def validate(self, match: re.Match, text: str, folded: str, finding: Finding) -> bool:
        phrase = match.group()
        if match.re is _SCHEDULE:
            around = folded[max(0, match.start() - 40) : match.end() + 20]
            if _OFFICE_HOURS.search(around):
                return False
            finding.extra["anchor"] = "person_near_before"
            return True
        if match.re is _RIGHT_NOW:
            return True  # the poster beside them is the point, not the poster's own routine
        if match.re is _PLACES:
            if _LIVES_GENERIC.match(phrase):
                return False
            if phrase.startswith(("bor ", "boende ")):
                finding.why = "where the person lives"
                finding.subtype = "lives"
                # "bor i Sundsvall" (a town) is weak; "bor i Nacksta" (a district) names a place.
                finding.confidence = 0.6
        else:
            # the routine must be someone else's, not the poster's ("jag lämnar barnen kl 8").
            before = folded[max(0, match.start() - 40) : match.start()]
            if re.search(r"\b(?:jag|vi|man)\s+(?:\w+\s+){0,3}$", before):
                return False
        return True


_FILMING = re.compile(
    r"(?:filmade|filmat|filmar|filma|filmad|filmades|filmklipp\w*|filmning\w*|filmen|"
    r"spelade\s+in|spelat\s+in|spelar\s+in|inspelning\w*|klippet|klipp\s+pa|"
    r"har\s+ar\s+(?:klippet|videon|filmen)|videon|videoklipp\w*|livesand\w*|gick\s+live|"
    r"kor\s+live|fotade|fotat|fotograferade|bilder\s+pa\s+(?:henne|honom)|bild\s+pa\s+(?:henne|honom)|"
    r"kameran|kamera|pa\s+film|fangad\s+pa\s+film|video|film\s+the|filming|filmed|recorded|"
    r"video\s+of|caught\s+on\s+camera|clip|footage|camera|live|livestream\w*|foto\w*|"
    r"tiktok-?klipp\w*|youtube-?klipp\w*|med\s+mobilen|"
    r"صورت|صورتها|صورته|فيديو|تصوير|مقطع|بث\s+مباشر|الكاميرا|كاميرا)\b|🎥|📹|📸"
)


# Common words ("på", "med", "har", "gick", "kör") are not heads: trying the long alternation at
# every "på" was most of the recognizer's time. "här är klippet" and "gick live" are still found
# at "klippet" and "live"; "på film" and "med mobilen" have their own pattern, anchored on the noun.
_FILMING_HEADS = _w(
    """filmade filmat filmar filma filmad filmades filmen film filmklipp filmklippet filmklippen
    filmning filmningen spelade spelat spelar inspelning inspelningen inspelningar klippet klipp
    videon video videoklipp videoklippet livesand livesandning livesandningen
    fotade fotat fotograferade bilder bild kameran kamera fangad filming filmed recorded
    caught 🎥 📹 📸 clip footage camera live livestream livestreamen foto fotot fotona tiktok-klipp
    tiktok-klippet youtube-klipp صورت صورتها صورته فيديو تصوير مقطع بث الكاميرا كاميرا"""
)
_FILMING_PHRASE = re.compile(r"(?:pa\s+film|med\s+mobilen)\b")


class FilmingRecognizer(Recognizer):
    """Filming or photographing: "filmade henne", "här är klippet", "spelade in"."""

    kind = "filming"
    patterns = (
        Pattern(_FILMING, 0.7, "filming or photographing", heads=_FILMING_HEADS),
        Pattern(
            _FILMING_PHRASE,
            0.7,
            "filming or photographing",
            heads=frozenset(("film", "mobilen")),
            back=1,
        ),
    )
    context = ("henne", "honom", "ansikte", "mote", "utanfor", "tiktok", "youtube", "live")
    context_boost = 0.15


_OBJ = (
    r"(?:henne|honom|dem|hen|her|him|them|dit|hem\s+till\s+(?:henne|honom)|till\s+(?:henne|honom))"
)
_CONTACT = re.compile(
    r"(?:(?:ring|ringa|ringer|messa|sms:a|smsa|sms|skriv|skriva|mejla|maila|mejl|mail|dm:a|dma|dm|kontakta|"
    r"fraga|sag\s+till|tagga|tell|ask|dm|flood|"
    r"spamma|spamma|fyll|besok|besoka|halsa\s+pa|halsa\s+pa|knacka\s+pa|ga\s+hem\s+till|aka\s+hem\s+till|"
    r"sok\s+upp|leta\s+upp|sta\s+utanfor|vanta\s+pa|folj\s+efter|call|text|email|visit|find|message)\s+"
    + _OBJ
    + r"|ring\s+(?:dag\s+och\s+natt|hela\s+tiden|i\s+ett|non\s*stop|nonstop|tills)|"
    r"ring\s+och\s+(?:fraga|sag|skall|skrik)|dag\s+och\s+natt|"
    r"(?:ak|aka|ga|kom)\s+dit|kom\s+hit(?:\s+allihop|\s+alla)?|samlas\s+(?:utanfor|vid|hos)|"
    r"vantar\s+pa\s+att\s+(?:hon|han|\w+\s+\w+)\s+ska\s+(?:ga|komma)\s+ut|alla\s+vet\s+var\s+(?:hon|han)\s+bor|vet\s+(?:nagon|ngn|ni)\s+var\s+(?:hon|han)\s+bor|"
    r"hor\s+av\s+er\s+till\s+(?:henne|honom)|skicka\s+(?:\w+\s+)?till\s+(?:henne|honom)|"
    r"be\s+(?:om|att\s+fa)\s+(?:henne|honom|prata\s+med\s+(?:henne|honom))|"
    r"kommentera\s+(?:pa|hos)\s+(?:hennes|hans)|lagg\s+till\s+(?:henne|honom)|"
    r"(?:sag|skriv)\s+vad\s+ni\s+tycker|tell\s+(?:her|him)\s+what|show\s+up\s+at|"
    r"(?:skicka|skickar)\s+(?:en\s+)?(?:kontaktforfragan|dm|pm|meddelande)|"
    r"(?:hundra|hundratals|tusen|tusentals|massor\s+av|manga)\s+(?:mejl|mail|samtal|sms|meddelanden)|"
    r"sa\s+ring|ring\s*[.!]?\s*hela\s+(?:dagen|tiden|natten)|"
    r"(?:alla|allihop|allihopa)\s*[.!,]?\s*(?:samtidigt|pa\s+en\s+gang)|"
    r"(?:everyone|everybody|all\s+of\s+you)\s*[.!,]?\s*at\s+(?:once|the\s+same\s+time)|"
    r"الاتصال\s+ب|إغراقها|اغراقها|إغراقه|اغراقه|"
    r"(?:har\s+ar\s+)?(?:hennes|hans)\s+(?:privata\s+)?(?:nummer|nr|mobil|mobilnummer|mejl|mail|mejladress)|"
    r"اتصلوا\s+(?:بها|به)|راسلوها|راسلوه|كلموها|كلموه|زوروها|زوروه|ارسلوا\s+(?:لها|له)|"
    r"leta\s+upp\s+(?:henne|honom)|ge\s+(?:henne|honom)\s+ett\s+samtal|"
    r"lat\s+(?:henne|honom)\s+(?:hora|fa\s+hora|veta|kanna)|fyll\s+(?:hennes|hans)\s+\w+|"
    r"skriv\s+till\s+(?:hennes|hans)|vi\s+ses\s+utanfor|let\s+her\s+know|call\s+her|call\s+him|"
    r"اتصلوا|زوروا|تواصلوا\s+(?:مع|معها|معه)|ابعتولها|ابعتوله|ابعتولو|show\s+up\s+and|"
    r"demand\s+to\s+see\s+(?:her|him)|كلنا\s+نروح|نطلب\s+نحكي\s+مع)"
)


# A call whose object is a name: "maila Anna-Karin Berg", "be om Rebecka Falk" (checked against
# the person spans: the name must start right after the verb).
_CONTACT_NAMED = re.compile(
    r"(?:maila|mejla|mejl|mail|skriv\s+till|ring|ringa|kontakta|sms:a|smsa|spamma|tagga|"
    r"be\s+(?:om\s+)?att\s+fa\s+(?:prata|tala|snacka)\s+med|be\s+om|be\s+att\s+fa|"
    r"begar\s+att\s+fa\s+(?:prata|tala)\s+med|fraga\s+efter|besok|halsa\s+pa|call|email|"
    r"message|tag|ask\s+for|ask\s+to\s+(?:speak|talk)\s+(?:to|with))\s+(?=\w)"
)


_OWN_ERRAND = re.compile(
    r"(?:istallet\s+for\s+att|(?:jag|vi|man)\s+(?:ska|maste|kan|behover|far))\s+$"
)
_SUPERIOR = re.compile(
    r"\w*\s*(?:chef\w*|boss\w*|manager\w*|supervisor\w*|overordnad\w*|arbetsgivar\w*|enhetschef\w*)\b"
)


_CONTACT_WORDS = _w(
    """ring ringa ringer sms:a smsa sms skriv skriva skicka mejla maila mejl mail dm:a kontakta
    spamma fyll besok besoka halsa knacka ga ak aka sok messa dma sag tell ask flood show hennes
    hans راسلوها راسلوه كلموها كلموه زوروها زوروه ارسلوا leta sta vanta folj call text email
    visit find message dag alla vet hor ge lat vi let be kommentera lagg tagga tag fraga kom
    اتصلوا زوروا تواصلوا skicka skickar hundra hundratals tusen tusentals massor manga sa samlas
    vantar allihop allihopa everyone everybody all begar show demand كلنا نطلب
    الاتصال إغراقها اغراقها إغراقه اغراقه ابعتولها ابعتوله ابعتولو"""
)


_MASS = re.compile(
    r"(?:alla|allihop|allihopa|everyone|everybody|all\s+of\s+you)\W+"
    r"(?:samtidigt|pa\s+en\s+gang|at\s+once|at\s+the\s+same\s+time)$"
)
_CALL_VERB = re.compile(
    r"\b(?:ring|ringa|ringer|mejla|maila|skriv|sms:a|smsa|messa|kontakta|call|email|write|text)\b"
)


class ContactCallRecognizer(Recognizer):
    """A call to contact or visit someone: "ring henne dag och natt", "åk dit", "besök henne"."""

    kind = "call_to_contact"
    patterns = (
        Pattern(_CONTACT, 0.8, "call to contact or visit the person", heads=_CONTACT_WORDS),
        Pattern(_CONTACT_NAMED, 0.75, "call to contact the named person", heads=_CONTACT_WORDS),
    )
    context = ("alla", "dag", "natt", "sprid", "dela", "hennes", "hans")
    context_boost = 0.1

    def validate(self, match: re.Match, text: str, folded: str, finding: Finding) -> bool:
        if _OWN_ERRAND.search(folded, max(0, match.start() - 30), match.start()):
            return False  # "mejla det istället för att gå dit": the poster's own errand
        if _SUPERIOR.match(folded, match.end()):
            return False  # "skriva till hennes chef": a complaint up the line, not a call on her
        if match.re is _CONTACT_NAMED:
            finding.extra["anchor"] = "person_after"
        elif _MASS.match(match.group()):
            # "Alla. Samtidigt." is a mass-calling campaign only where the post asks for calls
            return _CALL_VERB.search(folded) is not None
        return True
