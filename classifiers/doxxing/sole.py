"""The only person named in a post about a social worker.

Posts often describe the worker in one sentence and give the name in another, away from the role
word: "POV: du är socialsekreterare i X ... Anna Svensson vi ser dig", "Name: Anna Svensson /
Job: social secretary", "Kom ihåg namnet: Anna Svensson. Barnutredare på ...". When the post has a
role or workplace word and exactly one full name, that name is the worker's ("Jag filmade när
Viktor Sandström och hans kollega från socialen kom hem till oss"). A full name is a gazetteer
first name with a capitalised or masked surname, or any capitalised two-word name that a label
introduces ("heter", "name:", "her name is", "... heter hon"). Names after a family word or
possessive ("min dotter Sara Lund"), a politician's title or a sign-off ("Hälsningar Elin Borg"),
and politicians marked with a party ("Anna Berg (S)") are not candidates.
"""

from __future__ import annotations

from classifiers.doxxing.lexicon import PLACES, is_person_role, is_role_word
from classifiers.doxxing.tokens import Post


def _words(block: str) -> frozenset[str]:
    return frozenset(block.split())


# Words right before a name that make it someone else's: the poster's family, a child, a client.
NOT_WORKER_BEFORE = _words(
    """min mitt mina var vart vara my our dotter dottern son sonen barn barnet barnen mamma
    pappa man mannen fru frun bror syster sister brother daughter son wife husband mother
    father familjen advokat advokaten lawyer journalist reporter kommunalrad ordforande
    politiker minister kommunalradet riksdagsledamot riksdagsledamoten ledamot ledamoten
    oppositionsrad oppositionsradet gruppledare gruppledaren namndordforande ordforanden
    mp mep senator halsningar halsning mvh regards hilsen"""
)
PARTIES = _words("s m v c l kd mp sd")
_LABELS = frozenset(("heter", "hette", "named", "called"))
_NAME_LABELS = frozenset(("name", "namn", "namnet", "namne", "navn", "nombre", "الاسم", "اسم"))
_ARABIC_IS = frozenset(("هو", "هي"))
_ARABIC_NAME = frozenset(("اسم", "اسمها", "اسمه", "إسم"))
_AFTER_LABEL = _LABELS | _ARABIC_IS | {":", "is"}


def _labelled(words: list[str], i: int, end: int) -> bool:
    """A label introduces the name at tokens [i, end)."""
    n = len(words)
    if i >= 1 and words[i - 1] in _LABELS:
        return True
    if i >= 2 and words[i - 1] == ":" and words[i - 2] in _NAME_LABELS:
        return True
    if i >= 2 and words[i - 1] == "is" and words[i - 2] in _NAME_LABELS:
        return True  # "her name is"
    if i >= 1 and words[i - 1] in _ARABIC_IS and _ARABIC_NAME & set(words[max(0, i - 10) : i]):
        return True  # "اسم ... هو Anna Sjödin"
    return end + 1 < n and words[end] == "heter" and words[end + 1] in ("hon", "han")


def _capitalised_parts(text: str, start: int, word: str) -> bool:
    """Every hyphen-separated part of the word is capitalised in the original text."""
    offset = start
    for part in word.split("-"):
        if part and not text[offset].isupper():
            return False
        offset += len(part) + 1
    return True


def sole_name(
    tk: Post,
    roles: list[tuple[int, int]],
    first_names: frozenset[str],
    not_name_start: frozenset[str],
) -> tuple[int, int, int] | None:
    """(start token, end token, role token) of the one full name in the post, if there is one."""
    words, caps, alpha = tk.words, tk.caps, tk.alpha
    # the role the name is tied to: a person role if there is one, else a workplace
    person_roles = [first for first, last in roles if is_person_role(words[first : last + 1])]
    person_roles = person_roles or [first for first, _last in roles]
    if not person_roles:
        return None
    n = len(words)
    # where a name can start: a gazetteer first name, a word after a label, two before "heter"
    starts = {i for word in tk.word_set & first_names for i in tk.positions(word)}
    for label in tk.word_set & _AFTER_LABEL:
        starts.update(i + 1 for i in tk.positions(label))
    starts.update(i - 2 for i in tk.positions("heter"))
    found: set[tuple[str, str]] = set()
    span: tuple[int, int] | None = None
    for i in sorted(starts):
        if not 0 <= i < n - 1:
            continue
        word, nxt = words[i], words[i + 1]
        if not (caps[i] and alpha[i] and len(word) > 1) or word in not_name_start:
            continue
        masked = "*" in nxt and nxt[0].isalpha()
        if not (masked or (caps[i + 1] and (alpha[i + 1] or "-" in nxt))):
            continue
        if tk.shouting(i) or (not masked and tk.shouting(i + 1)):
            continue
        if word in PLACES or nxt in PLACES or is_role_word(word) or is_role_word(nxt):
            continue
        if "-" in nxt and not _capitalised_parts(tk.text, tk.starts[i + 1], nxt):
            continue  # "Malin Åkerman-kopian": a compound word, not a double surname
        labelled = _labelled(words, i, i + 2)
        if not (labelled or word in first_names):
            continue
        if i >= 1 and words[i - 1] in NOT_WORKER_BEFORE:
            continue
        if i + 4 <= n and words[i + 2] == "(" and words[i + 3] in PARTIES:
            continue  # "Anna Berg (S)": a politician
        found.add((word, nxt))
        span = (i, i + 2)
        if len(found) > 1:
            return None
    if span is None:
        return None
    start = span[0]
    role = min(person_roles, key=lambda r: abs(r - start))
    return span[0], span[1], role
