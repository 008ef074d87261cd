"""Finding people in a post: registered staff, and unregistered people named beside a role word.

Everything runs on the folded text (lowercase, å/ä/ö -> a/a/o, same length as the original), so
case and missing diacritics never matter and every span is an offset into the original post.

Registered staff (spaCy PhraseMatcher on a blank Swedish pipeline, tokenizer only): full names and
aliases, genitives ("Lindqvists", "Lindqvist's", "AK:s"), hyphenated and split double names
("Anna-Karin" / "Anna Karin" / "Annakarin"), first name + surname initial ("Åsa L", "Åsa L."),
initial + surname ("Å. Lindqvist"). A token scan adds names with one edit on name tokens of five
letters or more ("Lindkvist"), a quoted nickname inside the name (Charlotte "Lotta" Lund),
Flashback-masked names ("Å**a L******t": first/last letters and length fit), names written in
Arabic script (consonant skeleton, see arabic.py), and a registered surname or first name directly
beside a role word ("Lindqvist på soc").

Unregistered people: a first name from the shipped gazetteer (classifiers/data/names_first.txt)
with an optional surname, initial or masked surname, a capitalised two-word name, a masked name,
or an Arabic-script name, directly beside a social-services role or workplace word
("socialsekreteraren Anna", "Anna S på soc", "handläggaren som tog mina barn heter Anna").
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import product

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from classifiers.doxxing.arabic import is_arabic, latin_skeletons, skeleton
from classifiers.doxxing.lexicon import (
    BRIDGE_AFTER_ROLE,
    BRIDGE_BEFORE_ROLE,
    PLACES,
    ROLE_PHRASES,
    is_role_word,
)
from classifiers.doxxing.sole import sole_name
from classifiers.doxxing.staff import StaffRecord
from classifiers.doxxing.text import data_lines, fold
from classifiers.doxxing.tokens import Post, blank_swedish


def _words(block: str) -> frozenset[str]:
    return frozenset(block.split())


# First names that are also ordinary words: at the start of a sentence they need a surname, and in
# lower case they never count.
AMBIGUOUS_FIRST = _words(
    """
    per bo dan kim liv tom max love loke vera svea rut ruth gun siv mona tea ali amal nur
    iman hala lana sana aya dina malak milo ture kim john ella nora alma maj ann hugo ola
    ivar alf sten stig rune kent mats nils elin klara hans lisa sara maja moa alva signe
    saga ellen gustav karl carl frida harald viktor noah adam emil ivo huda hiba mark jordan
    harry karen
    """
)
# Words that follow a first name but are not surnames.
NOT_SURNAMES = _words(
    """
    pa fran som och har ar var i vid hos med till jag hon han de den det vi ni du men nar sa
    kan ska vill the is from at and in on of lvu soc socialen socialtjansten tack hej o e
    heter hette jobbar arbetar sitter kor bor tog tar gick gar har hade fick
    """
)
# Capitalised words that start a two-word "name" but are not names.
NOT_NAME_START = _words(
    """
    region kommun kommunen stad staden socialtjansten socialen soc barn familj familjehem
    den det detta denna min mitt mina var vart vara hennes hans deras nej ja jag vi hon han
    de alla har dar nar om men och eller efter innan idag igar imorgon tack hej grattis
    stort forvaltningsratten kammarratten domen enligt ivo jo lvu sol ny nya citat
    ursprungligen socialnamnden socialnamndens kommunstyrelsens ordforande politiker
    minister kommunalradet oppositionsradet riksdagsledamot the these this those that a an
    our my your their his her its swedish svenska svenske sveriges tell when what why how
    who where if dear to for hi hello ask call write vastra ostra norra sodra stora lilla
    nya gamla sankt radio tv ekot nyheter tidningen aftonbladet expressen svt dn
    every each any no some many most varje ingen inga samtliga vissa manga
    """
)
# Arabic function words that sit beside a name but are not part of it.
ARABIC_NOT_NAMES = _words(
    """
    في من إلى الى على عن مع هي هو التي الذي هذه هذا أن ان إن لا ما و أو الأخت الاخت الأخ
    الاخ للأخت للاخت الموظفة الموظف موظفة موظف السوسيال سوسيال بلدية مكتب في للموظفة للموظف
    إحنا احنا وإحنا واحنا نحنا نحن ونحن كمان هم هنن انتو انتم حقوق الإنسان الانسان
    """
)
_ARABIC_ROLE_WORDS = _words(
    """
    السوسيال سوسيال للسوسيال بالسوسيال الموظفة الموظف موظفة موظف الأخصائية الأخصائي
    الاخصائية الاخصائي للموظفة للموظف والموظفة والموظف للأخصائية للاخصائية
    """
)
# Role words naming a person (not the office): a first name may follow them on its own.
_ARABIC_PERSON_ROLES = _ARABIC_ROLE_WORDS - {"السوسيال", "سوسيال", "للسوسيال", "بالسوسيال"}
_STREET_AFTER = re.compile(
    r"\s*(?:gata|gatan|vag|vagen|torg|torget|plan|plats|platsen|alle|backe)\b"
)


def street_named(folded: str, person: PersonMatch) -> bool:
    """ "Alva Myrdals gata 3": an unregistered name that is the first part of a street name."""
    return person.staff_id is None and _STREET_AFTER.match(folded, person.end) is not None


# The article with and without a glued preposition: "الزيارة", "بالزيارة", "للموظفة".
_ARABIC_DEFINITE = ("ال", "بال", "لل", "وال", "فال", "كال")
_NAME_IS = ("اسمها", "اسمه", "اسمو", "إسمها", "إسمه")
# One-letter proclitics glued to the next word: "لنور الأمين" (to Nour El-Amin), "بأحمد".
_ARABIC_PROCLITICS = ("ل", "ب", "و", "ف", "ك")


def _arabic_keys(word: str) -> list[str]:
    """Skeletons of an Arabic first-name token as written and without a glued proclitic."""
    keys = [skeleton(word)]
    if len(word) > 3 and word.startswith(_ARABIC_PROCLITICS):
        keys.append(skeleton(word[1:]))
        # "و" or "ف" before another proclitic: "ولياسمين" (and to Yasmin)
        if len(word) > 4 and word[0] in "وف" and word[1] in "لبك":
            keys.append(skeleton(word[2:]))
    return keys


@lru_cache(maxsize=1)
def gazetteer() -> tuple[frozenset[str], frozenset[str]]:
    """(first names, surnames), folded, from classifiers/data/names_first.txt and names_last.txt."""
    return frozenset(data_lines("names_first.txt")), frozenset(data_lines("names_last.txt"))


@dataclass(slots=True)
class PersonMatch:
    start: int
    end: int
    staff_id: str | None
    confidence: float
    why: str
    role: str = ""
    role_span: tuple[int, int] | None = None


def edit1(a: str, b: str) -> bool:
    """True if a and b differ by at most one insertion, deletion, substitution or transposition."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la == lb:
        diff = [i for i in range(la) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    if la > lb:
        a, b = b, a
    for i in range(len(a)):
        if a[i] != b[i]:
            return a[i:] == b[i + 1 :]
    return True


def _deletes(word: str) -> list[str]:
    return [word[:i] + word[i + 1 :] for i in range(len(word))]


def _genitive_bases(word: str) -> list[str]:
    """The word and its possible base forms without a genitive ending."""
    bases = [word]
    if word.endswith(("'s", ":s")):
        bases.append(word[:-2])
    elif word.endswith("'") or word.endswith("s") and len(word) > 3:
        bases.append(word[:-1])
    return bases


def _hyphen_variants(tokens: list[str]) -> list[list[str]]:
    """Anna-Karin -> Anna-Karin, Anna Karin, Annakarin (for every hyphenated token together)."""
    variants = [tokens]
    if any("-" in t for t in tokens):
        split: list[str] = []
        for t in tokens:
            split.extend(p for p in t.split("-") if p)
        variants += [split, [t.replace("-", "") for t in tokens]]
    return variants


def _genitives(last: str) -> list[str]:
    if last.endswith(("s", "x", "z")):
        return [last + "'", last + "'s"]
    return [last + "s", last + "'s", last + ":s"]


def _mask_fits(masked: str, name: str) -> bool:
    """'a*a' fits 'asa' (folded): same length and the same letters where not masked."""
    masked = masked.rstrip(".")
    if "*" not in masked:
        return masked == name or (len(masked) == 1 and name.startswith(masked))
    if len(masked) == len(name):
        return all(m == "*" or m == c for m, c in zip(masked, name, strict=True))
    # Posters do not always count the stars: one more or less is fine if first and last fit.
    return (
        abs(len(masked) - len(name)) == 1
        and masked[0] == name[0]
        and masked[-1] != "*"
        and masked[-1] == name[-1]
    )


@dataclass(slots=True)
class _Staff:
    id: str
    role: str
    municipality: str
    forms: list[list[str]]  # folded token lists of the name and aliases
    firsts: set[str]
    lasts: set[str]


MAX_PEOPLE = 200  # a post naming more people than this is a list, not doxxing of one person
_QUOTES = frozenset("\"'“”‘’()")
# Bridges for a capitalised name that is not in the gazetteer ("Mirja Lehto, enhetschef").
_STRICT_BRIDGE = frozenset([",", "(", ")", "-", "–", "pa", "fran", "vid", "i", "hos", "from", "at"])
_SENTENCE_END = frozenset(".!?\n")
_SUBJECTS = frozenset(("han", "hon", "he", "she"))
_LINKS = frozenset(
    ("ar", "is", "jobbar", "arbetar", "works", "sitter", "satt", "jobbade", "arbetade", "worked")
)
_ROLE_PHRASE_HEADS: dict[str, list[tuple[str, ...]]] = {}
for _phrase in ROLE_PHRASES:
    _ROLE_PHRASE_HEADS.setdefault(_phrase[0], []).append(_phrase)


class NameMatcher:
    """Registered staff and unregistered social-services people in a post.

    The PhraseMatcher's vocabulary grows with every new word it sees; `find` rebuilds the
    pipeline after RESET_EVERY posts so a long-running service does not grow without bound.
    """

    RESET_EVERY = 200_000

    def __init__(self, staff: Sequence[StaffRecord] = ()) -> None:
        self.first_names, self.last_names = gazetteer()
        self._first_skeletons = frozenset(skeleton(name) for name in self.first_names)
        self._last_skeletons = frozenset(skeleton(name) for name in self.last_names)
        self.staff: dict[str, _Staff] = {}
        self.first_index: dict[str, set[str]] = {}
        self.last_index: dict[str, set[str]] = {}
        self._fuzzy_index: dict[str, set[str]] = {}
        self._skeletons: dict[tuple[str, str], set[str]] = {}
        self.name_tokens: set[str] = set()  # every folded token of a registered name (pre-check)
        self._patterns: dict[str, tuple[str, float, str]] = {}  # key -> (staff id, confidence, why)
        for record in staff:
            self._add(record)
        # every surface form of a registered name token (with genitives) -> (first ids, last ids)
        self._lookup: dict[str, tuple[frozenset[str] | None, frozenset[str] | None]] = {}
        forms: dict[str, tuple[set[str], set[str]]] = {}
        for index, slot in ((self.first_index, 0), (self.last_index, 1)):
            for base, ids in index.items():
                for form in (base, *_genitives(base)):
                    forms.setdefault(form, (set(), set()))[slot].update(ids)
        for form, (firsts, lasts) in forms.items():
            self._lookup[form] = (frozenset(firsts) or None, frozenset(lasts) or None)
            self.name_tokens.add(form)
        self._fuzzy_cache: dict[str, tuple | None] = {}
        # (staff id, first name, surname) for every written form, for masked-name matching
        self._name_pairs = [
            (entry.id, v[0], v[-1])
            for entry in self.staff.values()
            for form in entry.forms
            for v in _hyphen_variants(form)
            if len(v) >= 2
        ]
        self._build_matcher()

    # -- building -----------------------------------------------------------------------------
    def _build_matcher(self) -> None:
        self.nlp = blank_swedish()
        self.matcher = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self._labels: dict[int, tuple[str, float, str]] = {}
        for key, (staff_id, confidence, why) in self._patterns.items():
            pattern = key.split("|", 1)[1]
            self._labels[self.nlp.vocab.strings.add(key)] = (staff_id, confidence, why)
            self.matcher.add(key, [self.nlp.make_doc(pattern)])
        self._seen = 0

    def _add(self, record: StaffRecord) -> None:
        forms = []
        for name in (record.name, *record.aliases):
            tokens = fold(name).replace(".", " ").split()
            if tokens:
                forms.append(tokens)
        entry = _Staff(record.id, record.role, fold(record.municipality), forms, set(), set())
        self.staff[record.id] = entry
        patterns: dict[str, tuple[float, str]] = {}

        def add(pattern: str, confidence: float, why: str) -> None:
            if pattern not in patterns or patterns[pattern][0] < confidence:
                patterns[pattern] = (confidence, why)

        for tokens in forms:
            for variant in _hyphen_variants(tokens):
                if len(variant) < 2:
                    continue
                first, last = variant[0], variant[-1]
                # "Anna" alone is not Anna-Karin (nor "Anna Karin Berg"): index whole first names
                if variant is tokens and (len(variant) == 2 or variant[1] not in self.first_names):
                    entry.firsts.add(first)
                # middle parts that are first names ("Anna Karin Berg") are not surnames
                entry.lasts.update(
                    part
                    for k, part in enumerate(variant[1:], start=1)
                    if len(part) > 1 and (k == len(variant) - 1 or part not in self.first_names)
                )
                add(" ".join(variant), 1.0, "registered name")
                for gen in _genitives(last):
                    add(" ".join([*variant[:-1], gen]), 1.0, "registered name")
                add(f"{last}, {first}", 0.95, "registered name, surname first")  # lists
                if len(variant) >= 3:  # first name + last part of a double surname
                    add(f"{first} {last}", 0.95, "registered name")
                    for gen in _genitives(last):
                        add(f"{first} {gen}", 0.95, "registered name")
                if len(last) > 1:
                    add(f"{first} {last[0]}", 0.8, "first name + surname initial")
                    add(f"{first} {last[0]}.", 0.8, "first name + surname initial")
                    add(f"{first} {last[0]}:s", 0.8, "first name + surname initial")
                    if len(first) > 1:
                        add(f"{first[0]}. {last}", 0.8, "initial + surname")
                        add(f"{first[0]} {last}", 0.75, "initial + surname")
                else:
                    add(f"{first} {last}.", 0.8, "first name + surname initial")
                if len(first) > 1 and len(last) > 1:
                    for key in product(latin_skeletons(first), latin_skeletons(last)):
                        self._skeletons.setdefault(key, set()).add(record.id)
        for pattern, (confidence, why) in patterns.items():
            self._patterns[f"{record.id}|{pattern}"] = (record.id, confidence, why)
        for first in entry.firsts:
            if len(first) > 1:
                self.first_index.setdefault(first, set()).add(record.id)
                self.name_tokens.add(first)
        for last in entry.lasts:
            self.last_index.setdefault(last, set()).add(record.id)
            self.name_tokens.add(last)
        for token in entry.firsts | entry.lasts:
            if len(token) >= 5:
                for key in (token, *_deletes(token)):
                    self._fuzzy_index.setdefault(key, set()).add(token)

    # -- entry points ------------------------------------------------------------------------
    def candidates(self, post: Post) -> tuple[frozenset[str], dict[str, tuple]]:
        """Registered name tokens in the post, and capitalised words one edit from one (cached)."""
        if post.name_candidates is None:
            exact = post.word_set & self.name_tokens
            fuzzy: dict[str, tuple] = {}
            if self._fuzzy_index:
                capitalised = {w for w, c in zip(post.words, post.caps, strict=True) if c} - exact
                for word in capitalised:
                    if len(word) >= 5 and word.isalpha():
                        hit = self._fuzzy_lookup(word)
                        if hit:
                            fuzzy[word] = hit
            post.name_candidates = (exact, fuzzy)
        return post.name_candidates

    def quick_check(self, post: Post) -> bool:
        """Could this post name someone? (a registered name token, a role word, a near name, a
        registered name in Arabic script)."""
        exact, fuzzy = self.candidates(post)
        if exact or fuzzy:
            return True
        if any(is_role_word(word) for word in post.word_set):
            return True
        return bool(post.arabic and self._skeletons and self._arabic_registered(post, [], set()))

    def find(self, text: str, folded: str, tk: Post | None = None) -> list[PersonMatch]:
        tk = tk if tk is not None else Post(text, folded)
        roles = self.roles(tk)
        found: list[PersonMatch] = []
        if self.staff:
            found.extend(self._registered(tk, roles))
        if "*" in folded:
            found.extend(self._masked(tk, roles))
        if roles:
            found.extend(self._unregistered(tk, roles, found))
            if not found:
                sole = sole_name(tk, roles, self.first_names, NOT_NAME_START)
                if sole is not None:
                    start, end, role_index = sole
                    why = "the one person named in a post about a social worker"
                    found.append(self._person(tk, start, end, None, 0.55, why, role_index))
        return _dedupe([p for p in found[:MAX_PEOPLE] if not street_named(folded, p)])

    def phrase_matches(
        self, tk: Post, exact: frozenset[str] | None = None
    ) -> list[tuple[int, int, int]]:
        """PhraseMatcher hits (match id, start, end token) in the windows around name tokens."""
        self._seen += 1
        if self._seen > self.RESET_EVERY:
            self._build_matcher()
        n = len(tk.words)
        if exact is None:
            spans = [(0, n)]
        else:  # patterns are at most a few tokens long: match only around the name tokens
            hits = sorted(i for word in exact for i in tk.positions(word))
            spans = []
            for i in hits:
                a, b = max(0, i - 4), min(n, i + 5)
                if spans and a <= spans[-1][1]:
                    spans[-1] = (spans[-1][0], b)
                else:
                    spans.append((a, b))
        found = []
        for a, b in spans:
            words = tk.words[a:b]
            doc = Doc(self.nlp.vocab, words=words, spaces=[True] * len(words))
            found.extend(
                (match_id, start + a, end + a) for match_id, start, end in self.matcher(doc)
            )
        return found

    # -- roles ----------------------------------------------------------------------------------
    def roles(self, tk: Post) -> list[tuple[int, int]]:
        """(first, last) token indices of role and workplace words and multi-word units."""
        roles = []
        words = tk.words
        n = len(words)
        for word in tk.word_set:
            if is_role_word(word):
                roles.extend((i, i) for i in tk.positions(word))
        for head in _ROLE_PHRASE_HEADS.keys() & tk.word_set:
            for i in tk.positions(head):
                for phrase in _ROLE_PHRASE_HEADS[head]:
                    if i + len(phrase) <= n and all(
                        words[i + k] == phrase[k] for k in range(1, len(phrase))
                    ):
                        roles.append((i, i + len(phrase) - 1))
                        break
        roles.sort()
        return roles

    @staticmethod
    def _bridge(word: str, allowed: frozenset[str]) -> bool:
        if word in allowed or word in PLACES:
            return True
        if "\u0600" <= word[0] <= "\u06ff":
            return True  # an Arabic post giving the name in Latin letters beside the Arabic one
        return word.endswith("s") and word[:-1] in PLACES

    def role_beside(
        self, tk: Post, start: int, end: int, roles: list[tuple[int, int]], strict: bool = False
    ) -> int | None:
        """A role token directly before or after the name tokens [start, end).

        Up to four bridging words are allowed ("socialsekreteraren, Åsa", "Åsa L på soc i",
        "Åsa (handläggare", "soc Örebro Mikael Strand"); or the name follows "heter" with a role
        earlier in the same sentence ("handläggaren som tog mina barn heter Anna").
        """
        words = tk.words
        after, before = (
            (_STRICT_BRIDGE, _STRICT_BRIDGE) if strict else (BRIDGE_AFTER_ROLE, BRIDGE_BEFORE_ROLE)
        )
        # roles are sorted; only those starting within a few tokens of the name can count
        roles = roles[
            bisect_left(roles, (start - 18, -1)) : bisect_right(roles, (end + 30, 1 << 30))
        ]
        for first, last in roles:
            if (
                last < start
                and start - last <= 5
                and all(self._bridge(words[k], after) for k in range(last + 1, start))
            ):
                return last
            if (
                first >= end
                and first - end <= 4
                and all(self._bridge(words[k], before) for k in range(end, first))
            ):
                return first
        if strict:
            return None
        # "Anders Lindströms barnbarn går på ... . Han är 1:e soc sek i Linköping."
        for first, _last in roles:
            if not (end <= first <= end + 30 and first >= 2):
                continue
            lead = set(words[max(0, first - 4) : first])
            if (
                lead & _SUBJECTS
                and lead & _LINKS
                and any(words[k] in _SENTENCE_END for k in range(end, first))
            ):
                return first
        if start >= 1 and words[start - 1] in ("heter", "hette", "named", "called", "is"):
            for _first, last in roles:
                if (
                    last < start
                    and start - last <= 14
                    and not any(words[k] in _SENTENCE_END for k in range(last, start))
                ):
                    return last
        return None

    # -- registered staff ---------------------------------------------------------------------
    def _registered(self, tk: Post, roles: list[tuple[int, int]]) -> list[PersonMatch]:
        words, caps, alpha = tk.words, tk.caps, tk.alpha
        n = len(words)
        # Which tokens are (or are one edit from) a registered name token? Set operations first:
        # most posts name nobody from the registry and stop here.
        exact, fuzzy_words = self.candidates(tk)
        if exact:
            # lower-case words one edit from a registered name, right beside an exact name token
            neighbours = set()
            for word in exact:
                for i in tk.positions(word):
                    if i + 1 < n:
                        neighbours.add(words[i + 1])
                    if i:
                        neighbours.add(words[i - 1])
            for word in neighbours - exact - fuzzy_words.keys():
                if len(word) >= 5 and word.isalpha():
                    hit = self._fuzzy_lookup(word)
                    if hit:
                        fuzzy_words = {**fuzzy_words, word: hit}
        lower_pairs = self._lower_case_pairs(tk, roles, exact, fuzzy_words) if roles else {}
        if lower_pairs:
            fuzzy_words = {**fuzzy_words, **lower_pairs}
        if not exact and not fuzzy_words:
            if self._skeletons and tk.arabic:
                return self._arabic_registered(tk, roles, set())
            return []
        found: list[PersonMatch] = []
        covered: set[int] = set()
        if exact:
            for match_id, start, end in self.phrase_matches(tk, exact):
                staff_id, confidence, why = self._labels[match_id]
                role_index = self.role_beside(tk, start, end, roles)
                if why == "initial + surname" and role_index is None:
                    if not self._names_home_town(tk, staff_id):
                        continue
                    role_index = self._role_in_home_town(tk, start, staff_id, roles)
                # "Åsa L" must be followed by a break, not by another capitalised word
                if (
                    why == "first name + surname initial"
                    and end < n
                    and alpha[end]
                    and caps[end]
                    and words[end] not in PLACES
                ):
                    continue
                found.append(self._person(tk, start, end, staff_id, confidence, why, role_index))
                covered.update(range(start, end))
        first_hits: dict[int, frozenset[str] | None] = {}
        last_hits: dict[int, frozenset[str] | None] = {}
        lookup = self._lookup
        for word in exact:
            hit = lookup.get(word)
            if hit:
                for i in tk.positions(word):
                    first_hits[i], last_hits[i] = hit
        fuzzy: set[int] = set()
        for word, hit in fuzzy_words.items():
            for i in tk.positions(word):
                # one edit ("Lindkvist"): a capitalised word, one next to an exact name token, or
                # a lower-case pair near a role ("jasmine hadad på soc")
                if caps[i] or (i - 1) in first_hits or (i + 1) in last_hits or word in lower_pairs:
                    first_hits[i], last_hits[i] = hit
                    fuzzy.add(i)
        # Pairs the PhraseMatcher cannot see: a misspelt token, or a quoted nickname in between.
        for i in sorted(first_hits):
            firsts = first_hits[i]
            if i in covered or not firsts:
                continue
            for j, why in (
                (i + 1, "registered name, small misspelling"),
                (i + 4, "registered name with nickname"),
            ):
                lasts = last_hits.get(j)
                if not lasts or j in covered:
                    continue
                if j == i + 1 and i not in fuzzy and j not in fuzzy:
                    continue
                if j == i + 4 and not (
                    words[i + 1] in _QUOTES and words[i + 3] in _QUOTES and alpha[i + 2]
                ):
                    continue
                common = firsts & lasts
                if not common:
                    continue
                role_index = self.role_beside(tk, i, j + 1, roles)
                for staff_id in sorted(common):
                    found.append(self._person(tk, i, j + 1, staff_id, 0.85, why, role_index))
                covered.update(range(i, j + 1))
                break
        # A single registered surname or first name directly beside a role word.
        if roles:
            for i in sorted(first_hits):
                if i in covered or not caps[i] or not (first_hits[i] or last_hits[i]):
                    continue
                person = self._single_name(tk, i, first_hits[i], last_hits[i], i in fuzzy, roles)
                if person:
                    found.append(person)
                    covered.add(i)
        if self._skeletons and tk.arabic:
            found.extend(self._arabic_registered(tk, roles, covered))
        return found

    def _lower_case_pairs(
        self, tk: Post, roles: list[tuple[int, int]], exact: frozenset[str], fuzzy: dict
    ) -> dict[str, tuple]:
        """Two adjacent lower-case words near a role, each one edit from the first name and the
        surname of the same registered person ("jasmine hadad på soc botkyrka"). Posts written
        all in lower case misspell names as often as any others; one misspelt word alone is too
        weak, a matching pair beside a role is not."""
        words, caps, alpha = tk.words, tk.caps, tk.alpha
        n = len(words)
        near: set[int] = set()
        for first, last in roles:
            near.update(range(max(0, first - 6), min(n, last + 7)))
        hits: dict[int, tuple] = {}
        for i in near:
            word = words[i]
            if caps[i] or len(word) < 5 or word in exact or word in fuzzy:
                continue
            if not (alpha[i] or word.replace("-", "").isalpha()):
                continue
            hit = self._fuzzy_lookup(word)
            if hit:
                hits[i] = hit
        pairs: dict[str, tuple] = {}
        for i, (firsts, _lasts) in hits.items():
            following = hits.get(i + 1)
            if firsts and following and following[1] and firsts & following[1]:
                pairs[words[i]] = hits[i]
                pairs[words[i + 1]] = following
        return pairs

    def _single_name(self, tk, i, first_hits, last_hits, fuzzy, roles) -> PersonMatch | None:
        words, caps, alpha = tk.words, tk.caps, tk.alpha
        n = len(words)
        word = words[i]
        if word in PLACES:
            return None  # "socialen i Lund"
        if fuzzy and len(word) < 6:
            return None
        for hits, why, confidence in (
            (last_hits, "registered surname beside a role word", 0.75),
            (first_hits, "registered first name beside a role word", 0.6),
        ):
            if not hits or len(hits) != 1:
                continue
            staff_id = next(iter(hits))
            if (
                hits is last_hits
                and i
                and caps[i - 1]
                and words[i - 1] in self.first_names
                and words[i - 1] not in self.staff[staff_id].firsts
            ):
                return None  # "Amanda Lindqvist" is someone else than Åsa Lindqvist
            if (
                hits is first_hits
                and i + 1 < n
                and alpha[i + 1]
                and caps[i + 1]
                and words[i + 1] not in PLACES
            ):
                return None  # "Sara Lindqvist": another person who shares a registered first name
            role_index = self.role_beside(tk, i, i + 1, roles)
            if role_index is None and caps[i]:
                # "Nour heter hon som sitter på Barn och unga i Örebro": the role and the town
                # elsewhere in the post, the town theirs
                role_index = self._role_in_home_town(tk, i, staff_id, roles)
                why, confidence = "registered name in a post about their workplace and town", 0.55
            if role_index is None:
                continue
            if self._elsewhere(tk, staff_id):
                # "Sofia på socialen i Kalmar" is not our Sofia in Sundsvall
                return self._person(tk, i, i + 1, None, 0.6, "name beside a role word", role_index)
            return self._person(tk, i, i + 1, staff_id, confidence, why, role_index)
        return None

    def _names_home_town(self, tk: Post, staff_id: str) -> bool:
        home = self.staff[staff_id].municipality
        return bool(home) and (home in tk.word_set or home + "s" in tk.word_set)

    def _role_in_home_town(self, tk: Post, i: int, staff_id: str, roles) -> int | None:
        """The role word nearest token i, if the post names the staff member's municipality."""
        if not roles or not self._names_home_town(tk, staff_id):
            return None
        first, _last = min(roles, key=lambda role: abs(role[0] - i))
        return first

    def _elsewhere(self, tk: Post, staff_id: str) -> bool:
        """The post names a town, and not the staff member's municipality."""
        home = self.staff[staff_id].municipality
        if not home:
            return False
        towns = set()
        for word in tk.words:
            if word in PLACES:
                towns.add(word)
            elif word.endswith("s") and word[:-1] in PLACES:
                towns.add(word[:-1])
        return bool(towns) and home not in towns

    def arabic_staff_ids(self, first: str, last: str) -> set[str]:
        """Registered staff whose first name and surname these two Arabic words spell."""
        key = skeleton(last)
        return next(
            (hit for k in _arabic_keys(first) if (hit := self._skeletons.get((k, key)))), set()
        )

    def _arabic_registered(self, tk: Post, roles, covered: set[int]) -> list[PersonMatch]:
        found = []
        words = tk.words
        for i in range(len(words) - 1):
            a, b = words[i], words[i + 1]
            if i in covered or not (is_arabic(a) and is_arabic(b)):
                continue
            ids = self.arabic_staff_ids(a, b)
            if ids:
                role_index = self.role_beside(tk, i, i + 2, roles)
                for staff_id in sorted(ids):
                    found.append(
                        self._person(
                            tk,
                            i,
                            i + 2,
                            staff_id,
                            0.8,
                            "registered name in Arabic script",
                            role_index,
                        )
                    )
                covered.update((i, i + 1))
        return found

    def _fuzzy_lookup(
        self, word: str
    ) -> tuple[frozenset[str] | None, frozenset[str] | None] | None:
        """(first-name ids, surname ids) of registered tokens one edit from word (cached)."""
        cache = self._fuzzy_cache
        if word in cache:
            return cache[word]
        firsts: set[str] = set()
        lasts: set[str] = set()
        for base in _genitive_bases(word)[:2]:
            for near in self._fuzzy(base):
                firsts |= self.first_index.get(near, set())
                lasts |= self.last_index.get(near, set())
        result = (frozenset(firsts) or None, frozenset(lasts) or None) if firsts or lasts else None
        if len(cache) > 100_000:
            cache.clear()
        cache[word] = result
        return result

    def _fuzzy(self, word: str) -> set[str]:
        """Registered name tokens (five letters or more) within one edit of word."""
        candidates: set[str] = set()
        index = self._fuzzy_index
        for key in (word, *_deletes(word)):
            hit = index.get(key)
            if hit:
                candidates |= hit
        return {c for c in candidates if c != word and edit1(word, c)}

    def _person(self, tk: Post, start, end, staff_id, confidence, why, role_index) -> PersonMatch:
        role, role_span = "", None
        if role_index is not None:
            role = tk.words[role_index]
            role_span = (tk.starts[role_index], tk.end(role_index))
        if (
            staff_id
            and staff_id in self.staff
            and (not role or role in ("soc", "socen", "socialen"))
        ):
            role = self.staff[staff_id].role or role
        return PersonMatch(
            tk.starts[start], tk.end(end - 1), staff_id, confidence, why, role, role_span
        )

    # -- masked names (Flashback) ---------------------------------------------------------------
    def _masked(self, tk: Post, roles) -> list[PersonMatch]:
        words, alpha = tk.words, tk.alpha
        n = len(words)
        found: list[PersonMatch] = []
        done: set[int] = set()
        cache: dict[tuple[str, str], str | None] = {}
        for index, word in enumerate(words):
            if "*" not in word or index in done or not word[0].isalpha():
                continue
            # (start, end, first-name token, surname token)
            candidates: list[tuple[int, int, str, str]] = []
            if index + 1 < n and (alpha[index + 1] or "*" in words[index + 1]):
                end = index + 2
                if end < n and words[end] == "." and len(words[index + 1]) == 1:
                    end += 1
                candidates.append((index, end, word, words[index + 1]))
            if index >= 1 and (alpha[index - 1] or "*" in words[index - 1]):
                candidates.append((index - 1, index + 1, words[index - 1], word))
            # surname first, as in a list: "L*****t, Å."
            if index + 2 < n and words[index + 1] == "," and len(words[index + 2]) == 1:
                end = index + 4 if index + 3 < n and words[index + 3] == "." else index + 3
                candidates.append((index, end, words[index + 2], word))
            matched = False
            for s, e, first, last in candidates:
                key = (first, last)
                if key not in cache:
                    cache[key] = next(
                        (
                            sid
                            for sid, f, la in self._name_pairs
                            if _mask_fits(first, f) and _mask_fits(last, la)
                        ),
                        None,
                    )
                staff_id = cache[key]
                if staff_id is not None:
                    role_index = self.role_beside(tk, s, e, roles)
                    found.append(
                        self._person(tk, s, e, staff_id, 0.8, "masked registered name", role_index)
                    )
                    done.update(range(s, e))
                    matched = True
                    break
            if matched:
                continue
            s, e = index, index + 1
            if e < n and "*" in words[e]:
                e += 1
            elif s >= 1 and alpha[s - 1] and words[s - 1] in self.first_names:
                s -= 1
            role_index = self.role_beside(tk, s, e, roles)
            if role_index is not None:
                found.append(
                    self._person(tk, s, e, None, 0.7, "masked name beside a role word", role_index)
                )
                done.update(range(s, e))
        return found

    # -- unregistered people --------------------------------------------------------------------
    def _unregistered(self, tk: Post, roles, known: list[PersonMatch]) -> list[PersonMatch]:
        found: list[PersonMatch] = []
        taken = [(p.start, p.end) for p in known]
        words = tk.words
        n = len(words)
        # A name must stand within a few tokens of a role word (see role_beside), or after "heter".
        near: set[int] = set()
        for first, last in roles:
            near.update(range(max(0, first - 7), min(n, last + 7)))
        for word in ("heter", "hette", "named", "called", "is"):
            for k in tk.positions(word):
                near.add(k + 1)
        # a name that a later sentence calls a social worker ("Han är 1:e soc sek i Linköping")
        for first, _last in roles:
            near.update(range(max(0, first - 30), first))
        arabic_role = None
        if tk.arabic:
            arabic_role = next((first for first, _ in roles if is_arabic(words[first])), None)
            if arabic_role is not None:
                near.update(k + 1 for k in tk.positions("("))
        for i in sorted(near):
            if i >= n:
                continue
            word = words[i]
            if not (tk.caps[i] or word in self.first_names or (tk.arabic and is_arabic(word))):
                continue
            start = tk.starts[i]
            if not (tk.alpha[i] or "-" in word) or any(s <= start < e for s, e in taken):
                continue
            match = self.name_at(tk, i)
            if match is None:
                continue
            end, confidence, why = match
            role_index = self.role_beside(tk, i, end, roles, strict=confidence < 0.6)
            # "... بونتوس إكدال (Pontus Ekdahl)": the Latin spelling after the Arabic one, in a
            # post about السوسيال
            if (
                role_index is None
                and arabic_role is not None
                and i >= 2
                and words[i - 1] == "("
                and is_arabic(words[i - 2])
            ):
                role_index = arabic_role
            if role_index is None:
                continue
            person = self._person(tk, i, end, None, confidence, why, role_index)
            found.append(person)
            taken.append((person.start, person.end))
        return found

    def name_at(self, tk: Post, i: int) -> tuple[int, float, str] | None:
        """If a person's name starts at token i, return (end token, confidence, why)."""
        words, caps, alpha = tk.words, tk.caps, tk.alpha
        word = words[i]
        n = len(words)
        if is_arabic(word):
            return self._arabic_name_at(tk, i)
        capital = caps[i]
        has_next = i + 1 < n
        nword = words[i + 1] if has_next else ""
        next_capital = has_next and caps[i + 1]
        # "Anna", or the genitive "Annas" ("socialsekreteraren Annas beslut")
        first_names = self.first_names
        genitive = word.endswith("s") and word not in first_names and word[:-1] in first_names
        if genitive:
            return (i + 1, 0.6, "first name beside a role word") if capital else None
        if word in first_names:
            end, has_surname = i + 1, False
            if (
                has_next
                and nword not in NOT_SURNAMES
                and not is_role_word(nword)
                and nword not in PLACES
            ):
                looks_like_name = alpha[i + 1] or "-" in nword or "*" in nword
                after = words[i + 2] if i + 2 < n else ""
                known_surname = nword in self.last_names or (
                    nword.endswith("s") and nword[:-1] in self.last_names
                )
                if looks_like_name and (
                    next_capital or known_surname or is_role_word(after) or after in (",", "(")
                ):
                    end, has_surname = i + 2, True
                    if end < n and words[end] == "." and len(nword) == 1:
                        end += 1  # "Anna S."
            if not capital and (word in AMBIGUOUS_FIRST or not has_surname):
                return None
            if word in AMBIGUOUS_FIRST and not has_surname:
                j = i - 1
                while j >= 0 and words[j] in _QUOTES:
                    j -= 1
                if j < 0 or words[j] in _SENTENCE_END or words[j] == ":":
                    return None
            if has_surname:
                return end, 0.7, "person name beside a role word"
            return end, 0.6, "first name beside a role word"
        # An initial and a surname: "familjehemssekreteraren S. Lundgren"
        if (
            capital
            and len(word) == 1
            and i + 2 < n
            and nword == "."
            and caps[i + 2]
            and alpha[i + 2]
            and len(words[i + 2]) > 2
            and not tk.shouting(i + 2)
            and words[i + 2] not in PLACES
            and words[i + 2] not in NOT_SURNAMES
            and words[i + 2] not in NOT_NAME_START
            and not is_role_word(words[i + 2])
        ):
            return i + 3, 0.6, "initial and surname beside a role word"
        # An unknown capitalised two-word name right beside a role word ("Mirja Lehto, enhetschef").
        if (
            capital
            and next_capital
            and alpha[i]
            and not tk.shouting(i)
            and not tk.shouting(i + 1)
            and (alpha[i + 1] or "-" in nword)
            and len(word) > 2
            and len(nword) > 1
            and word not in NOT_NAME_START
            and word not in PLACES
            and nword not in PLACES
            and nword not in NOT_SURNAMES
            and word.rstrip("s") not in PLACES
            and not is_role_word(word)
            and not is_role_word(nword)
        ):
            return i + 2, 0.55, "capitalised name beside a role word"
        return None

    def _arabic_name_at(self, tk: Post, i: int) -> tuple[int, float, str] | None:
        """An Arabic-script name: after "اسمها/اسمه" (her/his name is), or a first name whose
        consonant skeleton is a gazetteer first name, with an optional Arabic surname after it."""
        words = tk.words
        n = len(words)
        word = words[i]
        if word in ARABIC_NOT_NAMES or word in _ARABIC_ROLE_WORDS:
            return None
        if word.startswith(_ARABIC_DEFINITE) and not (i >= 1 and words[i - 1] in _NAME_IS):
            return None  # "بالزيارة" (at the visit): a noun with the article is no first name
        named = i >= 1 and words[i - 1] in _NAME_IS
        key = skeleton(word)
        end = i + 1
        surname = False
        if end < n and is_arabic(words[end]):
            nxt = words[end]
            if nxt not in ARABIC_NOT_NAMES and nxt not in _ARABIC_ROLE_WORDS:
                surname_key = skeleton(nxt)
                surname = len(surname_key) >= 3 and surname_key in self._last_skeletons
        # Arabic verbs share three-consonant skeletons with many names: ask for more evidence,
        # a surname or the role word just before ("الموظفة كارين", the employee Karin).
        after_role = i >= 1 and words[i - 1] in _ARABIC_PERSON_ROLES
        known_first = len(key) >= 2 and key in self._first_skeletons and (surname or after_role)
        if not (named or known_first):
            return None
        if surname:
            end += 1
        return end, 0.6, "name in Arabic script beside a role word"


def _dedupe(found: list[PersonMatch]) -> list[PersonMatch]:
    """Drop a match inside a larger or stronger one (two staff sharing one exact span both stay)."""
    found.sort(key=lambda p: (-(p.end - p.start), -p.confidence, p.start))
    kept: list[PersonMatch] = []
    for person in found:
        inside = False
        for k in kept:
            if k.start <= person.start and person.end <= k.end:
                same_span = k.start == person.start and k.end == person.end
                if not (
                    same_span and k.staff_id and person.staff_id and k.staff_id != person.staff_id
                ):
                    inside = True
                    break
        if not inside:
            kept.append(person)
    kept.sort(key=lambda p: p.start)
    return kept
