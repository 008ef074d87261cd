"""A worker pointed out without any name: "den tjocka tanten på ekonomiskt bistånd i Eskilstuna
med pärlhalsbandet", "The blonde caseworker at Botkyrka intake who took Hamid's kids".

To the people in that office, and to whoever goes there, she is as identified as by name, and
such posts often add where she lives or what she drives. Rules cannot tell that from "the social
worker who took my nephew", which identifies nobody; the wording around it can. On the studied
files 79 doxxing posts named nobody, beside 652 benign posts about social services that name
nobody either; the **unnamed** model (learned.py's masked text, with the details masked and no
person to mask) read them leave-one-file-out and found 19 for 1 benign post at 0.8 (25 for 2 at
0.7). With 15 files, UNNAMED_THRESHOLD 0.7 found 8 more doxxing posts than 0.8 and flagged no
benign post more. Asked only where neither the name rules nor the aim model found a person.
"""

from __future__ import annotations

from classifiers.doxxing.learned import masked
from classifiers.doxxing.loose import TOPIC_RE
from classifiers.doxxing.names import PersonMatch
from classifiers.doxxing.recognizers.base import Finding
from classifiers.doxxing.severity import MIN_CONFIDENCE
from classifiers.doxxing.tokens import Post

UNNAMED_THRESHOLD = 0.7
UNNAMED_WHY = "social worker identified by role and description"


def unnamed_input(post: Post, findings: list[Finding]) -> str:
    """What the unnamed model reads, in training and in use: the post with its details masked."""
    spans = [
        (f.start, f.end, f.kind.upper())
        for f in findings
        if not f.official and f.confidence >= MIN_CONFIDENCE
    ]
    return masked(post.folded, spans)


def unnamed_worker(post: Post, roles: list[tuple[int, int]]) -> PersonMatch:
    """The worker, placed at the first role word (or the first word about social services), so
    that the details near it are read as theirs."""
    if roles:
        first, last = roles[0]
        start, end = post.starts[first], post.starts[last] + len(post.words[last])
    else:
        topic = TOPIC_RE.search(post.folded)
        start, end = topic.span() if topic else (0, 0)
    return PersonMatch(start, end, None, 0.5, UNNAMED_WHY, post.folded[start:end], (start, end))
