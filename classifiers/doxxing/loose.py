"""Names the rules cannot tie to a role, in posts about social services, for the aim model.

The name rules ask for a role or workplace word beside the name. Posts that point a worker out
often do without: "Kvinnan som bestämmer vilka barn som får bo kvar hemma i Sigtuna heter
Camilla Hedlund", "F. Dahl på missbruksenheten Örebro bor i radhus på ...", "To the social worker
in Gävle, Anna-Lena Bodin: ...". On the studied files 41 doxxing posts named nobody the rules
could find; 25 of them had such a name, beside 132 benign posts with one (lost cats, sofa ads,
politicians, a mother thanking "Sanna").

So here every name (a gazetteer first name, an initial and surname, an Arabic-script name after
a role or "her name is") in a post about social services is a candidate, and the aim model
(learned.py), which reads the post with the names and details masked, decides whether it is
written against that person. It must be surer than for a named worker (LOOSE_THRESHOLD).
"""

from __future__ import annotations

import re

from classifiers.doxxing.lexicon import mentions_social_services
from classifiers.doxxing.names import NameMatcher, PersonMatch, street_named
from classifiers.doxxing.sole import NOT_WORKER_BEFORE, PARTIES
from classifiers.doxxing.tokens import Post

LOOSE_THRESHOLD = 0.9
"""Chosen leave-one-file-out on the studied files (classifiers/data/README.md)."""
LOOSE_WHY = "name in a post about social services"

# Beyond the role and workplace words: the decisions and places a campaign post talks about.
TOPIC_RE = re.compile(
    r"\b(?:lvu\w*|soc\w*|familjehem\w*|utred\w*|omhand\w*|placer\w*|kommun\w*|ifo|bou|"
    r"child\w*\s+(?:services|protection)|cps|case\s?workers?|foster\s+(?:care|famil\w*|home\w*)|"
    r"welfare\s+(?:office\w*|unit))\b"
    r"|سوسيال|بلدية|كومون|الموظف"
)


def about_social_services(post: Post) -> bool:
    return bool(TOPIC_RE.search(post.folded)) or mentions_social_services(post)


def loose_names(matcher: NameMatcher, post: Post) -> list[PersonMatch]:
    """Every name in the post that is not a politician's, the poster's family's or a street's."""
    words = post.words
    n = len(words)
    found: list[PersonMatch] = []
    i = 0
    while i < n:
        word = words[i]
        candidate = (post.caps[i] or word in matcher.first_names or post.arabic) and (
            post.alpha[i] or "-" in word
        )
        match = matcher.name_at(post, i) if candidate else None
        if match is None or match[1] < 0.6:
            i += 1
            continue
        end = match[0]
        politician = end + 2 < n and words[end] == "(" and words[end + 1] in PARTIES
        if not politician and not (i >= 1 and words[i - 1] in NOT_WORKER_BEFORE):
            last = post.starts[end - 1] + len(words[end - 1])
            person = PersonMatch(post.starts[i], last, None, 0.5, LOOSE_WHY)
            if not street_named(post.folded, person):
                found.append(person)
        i = end
    return found
