"""Text normalisation shared by every classifier.

Posts are hostile and obfuscated on purpose ("S0C1ALEN KIDNAPPAR barn!!!", Cyrillic "ѕос",
zero-width characters, "muuuuslimska", "socialtjansten" without å/ä/ö). The classifiers see one
canonical form of a post so that keywords, features and evidence spans match however the post
was disguised. Everything here is a pure function on ``str``: no I/O, no imports of our code.

``normalize`` is idempotent: ``normalize(normalize(x)) == normalize(x)``. Stored text is
normalised again when models are retrained, so a second pass must not drift. That property
forced some choices, documented where they are made; ``normalize``'s docstring lists the steps
in the order they run.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "DEFAULT_MAX_CHARS",
    "URL_MARKER",
    "USER_MARKER",
    "fold_arabic",
    "fold_homoglyphs",
    "fold_leetspeak",
    "fold_swedish",
    "mask_urls_and_handles",
    "normalize",
    "normalize_folded",
    "squeeze_repeats",
    "strip_invisible",
    "tokens",
]

DEFAULT_MAX_CHARS = 20_000

# Markers that replace URLs and @handles. `mask_urls_and_handles` uses the upper-case ones;
# `normalize` folds case, so its output carries the lower-case ones (" url ", "@user"). They are
# padded with spaces so that they never glue onto the neighbouring words.
URL_MARKER = " URL "
USER_MARKER = " @USER "
_URL_MARKER_LOWER = URL_MARKER.lower()
_USER_MARKER_LOWER = USER_MARKER.lower()


# --------------------------------------------------------------------------------------------
# Invisible and control characters
# --------------------------------------------------------------------------------------------

# Inclusive code-point ranges of characters that render as nothing. They are used to split
# words so that keyword lists miss them ("kid\u200bnappar"), or to reorder text visually.
# Every format character (category Cf) of Unicode 15.1 is listed; a test checks the list
# against the running Python's unicodedata so a newer Unicode cannot slip through unnoticed.
_INVISIBLE_RANGES: tuple[tuple[int, int], ...] = (
    (0x00AD, 0x00AD),  # soft hyphen
    (0x034F, 0x034F),  # combining grapheme joiner
    (0x0600, 0x0605),  # Arabic number signs (Cf)
    (0x061C, 0x061C),  # Arabic letter mark (bidi)
    (0x06DD, 0x06DD),  # Arabic end of ayah (Cf)
    (0x070F, 0x070F),  # Syriac abbreviation mark
    (0x0890, 0x0891),  # Arabic pound/piastre mark above (Cf)
    (0x08E2, 0x08E2),  # Arabic disputed end of ayah (Cf)
    (0x115F, 0x1160),  # Hangul fillers (used as "blank" names)
    (0x17B4, 0x17B5),  # Khmer inherent vowels (invisible)
    (0x180B, 0x180F),  # Mongolian variation selectors and vowel separator
    (0x200B, 0x200F),  # zero-width space/non-joiner/joiner, LRM, RLM
    (0x202A, 0x202E),  # bidi embeddings and overrides
    (0x2060, 0x2064),  # word joiner, invisible operators
    (0x2065, 0x206F),  # bidi isolates and deprecated format characters
    (0x3164, 0x3164),  # Hangul filler
    (0xFE00, 0xFE0F),  # variation selectors
    (0xFEFF, 0xFEFF),  # byte order mark / zero-width no-break space
    (0xFFA0, 0xFFA0),  # halfwidth Hangul filler
    (0xFFF9, 0xFFFB),  # interlinear annotation controls
    (0x110BD, 0x110BD),  # Kaithi number sign
    (0x110CD, 0x110CD),  # Kaithi number sign above
    (0x13430, 0x1343F),  # Egyptian hieroglyph format controls
    (0x1BCA0, 0x1BCA3),  # shorthand format controls
    (0x1D173, 0x1D17A),  # musical symbol format controls
    (0xE0000, 0xE0FFF),  # tag characters and variation selectors supplement
    # Lone surrogates cannot be encoded as UTF-8: storing them would fail later.
    (0xD800, 0xDFFF),
)

# Control characters that separate text; they become whitespace, never glue words together.
_SPACE_CONTROLS = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f\x85"
# Every other C0/C1 control character is deleted.
_OTHER_CONTROLS = [
    cp for cp in (*range(0x00, 0x20), *range(0x7F, 0xA0)) if chr(cp) not in _SPACE_CONTROLS
]


def _deletions() -> dict[int, None]:
    table: dict[int, None] = dict.fromkeys(_OTHER_CONTROLS)
    for low, high in _INVISIBLE_RANGES:
        table.update(dict.fromkeys(range(low, high + 1)))
    return table


_DELETE = _deletions()

# `strip_invisible` keeps the line structure: tabs and newlines stay, the other separating
# controls become "\n".
_STRIP_TABLE: dict[int, str | None] = {
    **_DELETE,
    **{ord(c): "\n" for c in _SPACE_CONTROLS if c not in "\t\n"},
    0x2800: " ",  # braille blank, used as an "invisible" space
}


def strip_invisible(text: str) -> str:
    """Delete zero-width, bidi and other invisible/control characters.

    They are inserted to split keywords ("kid\\u200bnappar") or to reverse text visually, and
    they are invisible to the human reviewer, so dropping them loses nothing. Tabs and newlines
    are kept and "\\r\\n", "\\r" and the other separating controls (VT, FF, FS..US, NEL) become
    "\\n", so a caller still sees lines; `normalize` later collapses all whitespace anyway. Lone
    surrogates are deleted as well, because they cannot be encoded as UTF-8.
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    return text.translate(_STRIP_TABLE)


# --------------------------------------------------------------------------------------------
# Homoglyphs
# --------------------------------------------------------------------------------------------

# Letters of other scripts that look like Latin ones. Upper and lower case are listed
# separately because they look like different Latin letters (Greek "Η" is an H, "η" an n).
# Only Cyrillic, Greek, Armenian and Latin look-alikes: Arabic is never touched here.
_HOMOGLYPHS: dict[str, str] = {
    # Cyrillic, lower case
    "а": "a", "в": "b", "е": "e", "к": "k", "м": "m", "н": "h", "о": "o", "п": "n", "р": "p",
    "с": "c", "т": "t", "у": "y", "х": "x", "ь": "b", "ѕ": "s", "і": "i", "ј": "j", "ԁ": "d",
    "ԛ": "q", "ԝ": "w", "һ": "h", "ӏ": "l", "ү": "y", "ѵ": "v", "ѡ": "w",
    # Cyrillic, upper case
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C",
    "Т": "T", "У": "Y", "Х": "X", "Ѕ": "S", "І": "I", "Ј": "J", "Ԁ": "D", "Ԛ": "Q", "Ԝ": "W",
    "Һ": "H", "Ӏ": "I", "Ү": "Y", "Ѵ": "V",
    # Greek, lower case
    "α": "a", "β": "b", "γ": "y", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v", "ο": "o",
    "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "ω": "w", "ϲ": "c", "ϳ": "j",
    # Greek, upper case
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N",
    "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X", "Ϲ": "C", "Ϳ": "J",
    # Armenian
    "օ": "o", "ս": "u", "հ": "h", "ո": "n", "Օ": "O", "Ս": "U",
    # Latin: dotless i/j, IPA letters and the small capitals of "fancy text" generators
    "ı": "i", "ȷ": "j", "ɑ": "a", "ɡ": "g", "ɩ": "i", "ᴀ": "a", "ʙ": "b", "ᴄ": "c", "ᴅ": "d",
    "ᴇ": "e", "ꜰ": "f", "ɢ": "g", "ʜ": "h", "ɪ": "i", "ᴊ": "j", "ᴋ": "k", "ʟ": "l", "ᴍ": "m",
    "ɴ": "n", "ᴏ": "o", "ᴘ": "p", "ʀ": "r", "ꜱ": "s", "ᴛ": "t", "ᴜ": "u", "ᴠ": "v", "ᴡ": "w",
    "ʏ": "y", "ᴢ": "z",
}  # fmt: skip
_HOMOGLYPH_TABLE = str.maketrans(_HOMOGLYPHS)


def fold_homoglyphs(text: str) -> str:
    """Replace Cyrillic/Greek/other look-alikes of Latin letters with the Latin letter.

    "ѕос" in Cyrillic reads as "soc" to a human but matches no Latin keyword. Fullwidth and
    mathematical letters are not listed: `normalize` handles them with Unicode compatibility
    decomposition. Arabic is never changed (see `fold_arabic` for Arabic spelling variants).
    """
    return text.translate(_HOMOGLYPH_TABLE)


# --------------------------------------------------------------------------------------------
# Arabic
# --------------------------------------------------------------------------------------------

_ALEF = "\u0627"
_HAMZA_ABOVE = "\u0654"
_ARABIC_DELETE_RANGES: tuple[tuple[int, int], ...] = (
    (0x0610, 0x061A),  # honorific and Quranic signs above letters
    (0x0640, 0x0640),  # tatweel (kashida), used to stretch words: "خـــطف"
    (0x064B, 0x0653),  # harakat (tanwin, fatha, damma, kasra, shadda, sukun) and maddah
    (0x0655, 0x065F),  # hamza below (only in إ) and rarer vowel marks
    (0x0670, 0x0670),  # superscript alef
    (0x06D6, 0x06DC),  # Quranic annotation marks
    (0x06DF, 0x06E4),
    (0x06E7, 0x06E8),
    (0x06EA, 0x06ED),
    (0x08D3, 0x08E1),  # Arabic Extended-A marks
    (0x08E3, 0x08FF),
)


def _arabic_table() -> dict[int, str | None]:
    table: dict[int, str | None] = {}
    for low, high in _ARABIC_DELETE_RANGES:
        table.update(dict.fromkeys(range(low, high + 1)))
    # Alef forms: hamza/madda on alef are spelled inconsistently online.
    for alef in "\u0622\u0623\u0625\u0671\u0672\u0673":  # آ أ إ ٱ ٲ ٳ
        table[ord(alef)] = _ALEF
    table[0x0649] = "\u064a"  # alef maksura ى -> yeh ي (Egyptian spelling writes final ي as ى)
    return table


_ARABIC_TABLE = _arabic_table()
# Hamza above stays in ؤ and ئ; only on alef (أ, decomposed ا + U+0654) is it dropped.
_ALEF_HAMZA_RE = re.compile(_ALEF + _HAMZA_ABOVE + "+")


def fold_arabic(text: str) -> str:
    """Remove Arabic diacritics and tatweel and unify alef forms (أ إ آ ٱ -> ا, ى -> ي).

    Vowel marks are optional in Arabic and tatweel only stretches letters, so posts spell the
    same word many ways. ة is kept (not folded to ه): it marks the feminine and folding it would
    merge it with the pronoun suffix ه.
    """
    return _ALEF_HAMZA_RE.sub(_ALEF, text.translate(_ARABIC_TABLE))


# --------------------------------------------------------------------------------------------
# URLs, handles, hashtags
# --------------------------------------------------------------------------------------------

# Each kind has its own regex that starts with a literal, so that the regex engine can skip
# ahead quickly, and runs only if its literal occurs in the text. Any "scheme://" counts as a
# URL (also "hxxps://", "h77ps://"), so no later step can turn an unmasked string into a URL.
# The look-behinds keep "kidnapp@r", e-mail addresses and "awww.se" from matching; they treat
# "_" like a space because hashtags turn "_" into spaces afterwards, and a second pass must
# make the same decisions.
_NON_SPACE_RUN_RE = re.compile(r"\S*")
_WWW_URL_RE = re.compile(r"www(?<![^\W_]www)(?<!\.www)w*\.\S+", re.IGNORECASE)
_TME_URL_RE = re.compile(r"t\.me/(?<![^\W_]t\.me/)(?<!\.t\.me/)\S*", re.IGNORECASE)
_HANDLE_RE = re.compile(r"@(?<![^\W_]@)\w+(?:[.@]\w+)*")
# Hashtags with "_" in them, after URLs and handles. The body includes the leetspeak symbols so
# that a later "a!b" -> "aib" cannot extend a hashtag on a second pass.
_HASHTAG_RE = re.compile(r"\#[\w$@!]*_[\w$@!]*")


def _split_hashtag(match: re.Match[str]) -> str:
    return match.group().replace("_", " ")


def _is_word_char(char: str) -> bool:
    """What `\\w` matches in a `str` pattern."""
    return char.isalnum() or char == "_"


def _mask_scheme_urls(text: str, marker: str) -> str:
    """Replace every "word://non-space" with `marker`, like ``re.sub(r"(?<!\\w)\\w+://\\S*")``.

    Searching for "://" and walking back is several times faster than that regex, which has to
    try its look-behind at every position of every post.
    """
    parts: list[str] = []
    last = 0
    found = text.find("://")
    while found != -1:
        start = found
        while start > last and _is_word_char(text[start - 1]):
            start -= 1
        if start == found:  # no scheme before "://"
            found = text.find("://", found + 3)
            continue
        end = _NON_SPACE_RUN_RE.match(text, found).end()
        parts += (text[last:start], marker)
        last = end
        found = text.find("://", end)
    if not parts:
        return text
    parts.append(text[last:])
    return "".join(parts)


def _mask(text: str, url: str, user: str, lowered: bool) -> str:
    """Masking; `lowered` says the text is case-folded, so the literal pre-checks are exact."""
    if "://" in text:
        text = _mask_scheme_urls(text, url)
    if not lowered or "www" in text:
        text = _WWW_URL_RE.sub(url, text)
    if not lowered or "t.me/" in text:
        text = _TME_URL_RE.sub(url, text)
    if "@" in text:
        text = _HANDLE_RE.sub(user, text)
    if "_" in text and "#" in text:
        text = _HASHTAG_RE.sub(_split_hashtag, text)
    return text


def mask_urls_and_handles(text: str) -> str:
    """Replace URLs with " URL " and @handles with " @USER "; split hashtags on underscores.

    Link targets and user names are noise for the classifiers and personal data in features;
    the markers keep the fact that a link or a mention was there. Hashtags keep their "#" and
    their words ("#StopKidnapping" stays one word; case is folded by `normalize`), because the
    words carry the message; underscores separate words ("#أوقفوا_خطف_أطفالنا" -> three words).
    """
    return _mask(text, URL_MARKER, USER_MARKER, lowered=False)


# --------------------------------------------------------------------------------------------
# Leetspeak
# --------------------------------------------------------------------------------------------

_LETTER = r"[^\W\d_]"
_LEET_TABLE = str.maketrans("013457$@!", "oieastsai")
# A token, for leetspeak: letters, digits, "_", the symbols that stand for letters, and combining
# marks (so that a rule sees the mark after a digit and never makes a letter that combines).
_LEET_TOKEN_REST_RE = re.compile(r"[\w$@!\u0300-\u036f]*")
_HAS_LETTER_RE = re.compile(_LETTER)
# Every rule below needs a leet digit next to a letter, "!"/"@" between letters, or "$" before
# a letter. Only tokens with such a spot are looked at; most posts ("barn!!!", "070-174 06 05",
# "@user") have none.
_LEET_TRIGGER_RE = re.compile(
    rf"[013457$@!](?:(?<={_LETTER}[013457$@!])(?={_LETTER})|(?<={_LETTER}[013457])"
    rf"|(?<=[013457$])(?={_LETTER}))"
)
# Inside a word: a run of leet digits, or one of $ @ !, with a letter on both sides; or "$" that
# starts a word ("$ocialen"). These are unambiguous, and prove the token is leetspeak.
_LEET_INNER_RE = re.compile(rf"(?<={_LETTER})(?:[013457]+|[$@!])(?={_LETTER})|^\$(?={_LETTER})")
# At the edge of a word ("h4t3", "5oc1alen"): only once the token is known to be leetspeak,
# because "15år", "5min" and "grupp1" are numbers, not disguise. A digit followed by a combining
# mark is left alone so that the new letter can never combine with it.
_LEET_EDGE_RE = re.compile(
    rf"(?<={_LETTER})[013457]+(?![\d\u0300-\u036f])|(?<!\d)[013457]+(?={_LETTER})"
)


def _is_leet_token_char(char: str) -> bool:
    """What `_LEET_TOKEN_REST_RE` matches, one character at a time."""
    return char.isalnum() or char in "_$@!" or "\u0300" <= char <= "\u036f"


def _leet_map(match: re.Match[str]) -> str:
    return match.group().translate(_LEET_TABLE)


def _fold_leet_token(token: str) -> str:
    if not _HAS_LETTER_RE.search(token):
        return token  # "2022", "070", "!!!": numbers and punctuation stay as they are
    is_leet = False
    while True:  # to a fixed point, so that a second pass finds nothing left to change
        new = _LEET_INNER_RE.sub(_leet_map, token)
        is_leet = is_leet or new != token
        if is_leet:
            new = _LEET_EDGE_RE.sub(_leet_map, new)
        if new == token:
            return token
        token = new


def fold_leetspeak(text: str) -> str:
    """Turn leetspeak digits and symbols back into letters: "S0C1ALEN" -> "SOCIALEN".

    0->o 1->i 3->e 4->a 5->s 7->t, and $->s @->a !->i. A digit run is mapped when it sits
    between letters, and at the edge of a word only if the word already has such inner
    leetspeak ("h4t3" -> "hate", but "15år", "5G", "covid19", "mp3" stay). $ @ ! are mapped
    between letters only ("kidnapp@r", "k!dnap"; "barn!!!" stays), and "$" also at the start of
    a word ("$ocialen"). Tokens without letters ("20 000", "2022", "070-174 06 05") never change.
    """
    trigger = _LEET_TRIGGER_RE.search(text)
    if trigger is None:
        return text
    parts: list[str] = []
    last = 0
    while trigger is not None:
        start = trigger.start()
        while start > last and _is_leet_token_char(text[start - 1]):
            start -= 1
        end = _LEET_TOKEN_REST_RE.match(text, trigger.start()).end()
        parts += (text[last:start], _fold_leet_token(text[start:end]))
        last = end
        trigger = _LEET_TRIGGER_RE.search(text, end)
    parts.append(text[last:])
    return "".join(parts)


# --------------------------------------------------------------------------------------------
# Repeats, Swedish letters, tokens
# --------------------------------------------------------------------------------------------

_REPEAT_RE = re.compile(r"(.)\1\1+", re.DOTALL)


def _squeeze(match: re.Match[str]) -> str:
    char = match.group(1)
    # Digits are never squeezed: "20 000" and "1000" are numbers, not emphasis.
    return match.group() if char.isdecimal() else char + char


def squeeze_repeats(text: str) -> str:
    """Shorten runs of 3+ identical characters to 2: "muuuuslimska" -> "muuslimska", "!!!!" -> "!!".

    Stretching is emphasis, not a new word. Two are kept, not one, so that real double letters
    ("tt" in "hatt", "ll" in "alla") survive and the emphasis is still visible. Digits are left
    alone, since "20 000" is a number.
    """
    return _REPEAT_RE.sub(_squeeze, text)


_SWEDISH_TABLE = str.maketrans("åäöæøÅÄÖÆØ", "aaoaoAAOAO")


def fold_swedish(text: str) -> str:
    """Fold å, ä, ö (and æ, ø) to a, a, o.

    Many posts are typed without Swedish letters ("socialtjansten"); a folded second view lets
    them meet the correctly spelled form. `normalize` itself keeps å/ä/ö, because they
    distinguish words ("hål"/"hal") and evidence should quote the spelling that was used.
    """
    return text.translate(_SWEDISH_TABLE)


_TOKEN_RE = re.compile(r"[^\W_]+")


def tokens(text: str) -> list[str]:
    """Split normalised text into words (letters and digits of any script, Arabic included).

    Expects the output of `normalize` (or `normalize_folded`); it does not normalise itself
    because callers already hold the normalised text. "_" separates words; "#" and "@" are
    dropped, so "#lvu" yields "lvu" and the handle marker yields "user".
    """
    return _TOKEN_RE.findall(text)


# --------------------------------------------------------------------------------------------
# The pipeline
# --------------------------------------------------------------------------------------------

# Deletions and mappings applied in one translate: invisible characters, homoglyphs (both
# cases), Arabic marks and letter variants. Whitespace controls ("\n", "\t", "\x1c", NEL) are
# left alone: `str.split` and `\s` treat them as whitespace already.
_PRE_TABLE: dict[int, str | None] = {
    **_DELETE,
    0x2800: " ",
    **{ord(k): v for k, v in _HOMOGLYPHS.items()},
    **_ARABIC_TABLE,
}
# Case folding can produce look-alikes that were not there before ("Γ" -> "γ", U+0345 -> "ι").
# A second, lower-case-only table catches them so that a second pass has nothing to fold.
_POST_CASEFOLD_TABLE: dict[int, str] = {
    ord(k): v.lower() for k, v in _HOMOGLYPHS.items() if k.casefold() == k
}
_ASCII_CONTROLS_RE = re.compile(r"[\x00-\x08\x0e-\x1b\x7f]")
_ASCII_TABLE: dict[int, str | None] = {cp: _PRE_TABLE[cp] for cp in range(0x80) if cp in _PRE_TABLE}


def _char_class(codepoints) -> str:
    """A regex character class of the given code points, written as ranges."""
    runs: list[list[int]] = []
    for cp in sorted(codepoints):
        if runs and runs[-1][1] == cp - 1:
            runs[-1][1] = cp
        else:
            runs.append([cp, cp])
    return "[" + "".join(rf"\U{low:08x}-\U{high:08x}" for low, high in runs) + "]"


# `str.translate` costs ~50 ns per non-ASCII character, so only the runs of characters that
# change are translated. Characters outside the BMP are looked for separately: a class mixing
# both is several times slower in `re`.
_PRE_BMP_RUN_RE = re.compile(_char_class(cp for cp in _PRE_TABLE if cp <= 0xFFFF) + "+")
_PRE_ASTRAL_RE = re.compile(_char_class(cp for cp in _PRE_TABLE if cp > 0xFFFF))
_POST_RUN_RE = re.compile(_char_class(_POST_CASEFOLD_TABLE) + "+")


def _translate_pre(match: re.Match[str]) -> str:
    return match.group().translate(_PRE_TABLE)


def _translate_post(match: re.Match[str]) -> str:
    return match.group().translate(_POST_CASEFOLD_TABLE)


_ASTRAL_RE = re.compile("[\U00010000-\U0010ffff]")
_COMPOSED_ALEF_TABLE = str.maketrans("\u0622\u0623\u0625", _ALEF * 3)
# Precomposed letters that case folding takes apart ("ΐ" -> "ι\u0308\u0301", "ᾳ" -> "αι"). NFC
# can create them from a folded letter and a mark, and folding them again would then change
# the text, so when one is present, folding and composing repeat until nothing changes. A
# test checks this superset against unicodedata.
_CASEFOLD_UNSTABLE_RE = re.compile("[\u01f0\u0390\u03b0\u1e96-\u1e9b\u1f00-\u1fff]")


def _fold_unicode(text: str) -> str:
    """NFKC, deletions and foldings, case folding, NFC: everything that works per character.

    Deleting a zero-width character or a vowel mark can bring a letter and a combining mark
    together ("a\u200b\u0308", "ا ـ \u0654"), so the text is composed again (NFC) at the end;
    otherwise a second pass would compose them and differ from the first. An alef and a hamza
    that meet that way compose to "أ", which is folded to "ا" until none is left.
    """
    text = unicodedata.normalize("NFKC", text)
    text = _PRE_BMP_RUN_RE.sub(_translate_pre, text)
    if _ASTRAL_RE.search(text) and _PRE_ASTRAL_RE.search(text):
        text = text.translate(_PRE_TABLE)
    for _ in range(4):
        folded = _casefold_compose(text)
        if folded == text or not _CASEFOLD_UNSTABLE_RE.search(folded):
            return folded
        text = folded
    return text  # pragma: no cover - two rounds are always enough


def _casefold_compose(text: str) -> str:
    text = _POST_RUN_RE.sub(_translate_post, text.casefold())
    text = unicodedata.normalize("NFC", text)
    while "\u0623" in text or "\u0622" in text or "\u0625" in text:
        text = unicodedata.normalize("NFC", text.translate(_COMPOSED_ALEF_TABLE))
    return text


def _pipeline(text: str) -> str:
    """Everything of `normalize` except the length caps."""
    if text.isascii():
        if _ASCII_CONTROLS_RE.search(text):
            text = text.translate(_ASCII_TABLE)
        text = text.lower()
    else:
        text = _fold_unicode(text)
    text = _mask(text, _URL_MARKER_LOWER, _USER_MARKER_LOWER, lowered=True)
    text = fold_leetspeak(text)
    text = _REPEAT_RE.sub(_squeeze, text)
    return " ".join(text.split())


def _fit(text: str, max_chars: int) -> str:
    """Cut normalised text that grew beyond `max_chars` (compatibility characters like "ﷺ"
    expand to many letters) without breaking idempotence.

    Cutting at a space keeps whole words, and every step works within words, so the prefix is
    already normalised. A word longer than the limit is cut and renormalised; if that does not
    settle within a few rounds the result is empty. Only pathological input gets there.
    """
    for _ in range(4):
        if len(text) <= max_chars:
            again = _pipeline(text)
            if again == text:
                return text
            text = again
            continue
        head = text[: max_chars + 1]
        space = head.rfind(" ")
        text = head[:space] if space > 0 else text[:max_chars].rstrip()
    return text if len(text) <= max_chars and _pipeline(text) == text else ""


def normalize(text: str, max_chars: int = DEFAULT_MAX_CHARS) -> str:
    """Canonical form of a post for keyword matching, features and evidence.

    Steps, in order:

    1. cut to `max_chars` characters (untrusted input can be megabytes);
    2. NFKC: fullwidth, mathematical, circled and small letters, ligatures and Arabic
       presentation forms become plain letters;
    3. `strip_invisible`, `fold_homoglyphs` and `fold_arabic`, as one translate table;
    4. case folding (``str.casefold``; "ß" becomes "ss"), homoglyphs that case folding created
       ("Γ" -> "γ" -> "y"), and NFC again, because deleting an invisible character or a vowel
       mark in step 3 can bring a letter and a combining mark together;
    5. `mask_urls_and_handles`, with lower-case markers: URLs become "url", handles "@user";
    6. `fold_leetspeak`, after masking so that link targets and user names are left alone;
    7. `squeeze_repeats` (digits excepted: "20 000" stays);
    8. collapse all whitespace (newlines, tabs, ...) to single spaces and strip;
    9. if the result grew beyond `max_chars` ("ﷺ" expands to 18 characters, "@a" to "@user"),
       cut it at a word boundary.

    The brief had case folding after masking; it comes before so that the markers are already
    lower case (a second pass would otherwise fold upper-case markers and differ). The output
    is at most `max_chars` long, has no invisible or control characters, no leading, trailing
    or doubled whitespace, and no runs of three identical characters other than digits. å/ä/ö
    are kept; `normalize_folded` folds them.
    """
    if max_chars <= 0:
        return ""
    result = _pipeline(text[:max_chars])
    if len(result) > max_chars:
        result = _fit(result, max_chars)
    return result


def normalize_folded(text: str, max_chars: int = DEFAULT_MAX_CHARS) -> str:
    """`normalize` and then `fold_swedish`, so that "socialtjänsten" and "socialtjansten" meet."""
    return fold_swedish(normalize(text, max_chars))
