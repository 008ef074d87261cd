"""Which of the campaign's narratives (shared/domain.md) a flagged post leans on.

Only for counting on the overview page, never for flagging: the model decides whether a post is
disinformation; these patterns say which story it tells. They run on folded text (å/ä/ö → a/a/o).
"""

from __future__ import annotations

import re

from classifiers.normalize import normalize_folded

_PATTERNS = {
    "kidnapping": (
        r"kidnapp|barnstold|stjal|stjaler|rovar|"
        r"statlig kidnapp|kidnap|خطف|يخطف|تخطف|سرق"
    ),
    "muslims": r"muslim|islam|مسلم|الاسلام",
    "faith": (
        r"gris|flask|svin|pork|alkohol|alcohol|dop|dopa|"
        r"baptis|hijab|slojan|homosex|gay|مثلي|خنزير|كحول|تنصير"
    ),
    "business": (
        r"betalt|tjanar|miljon|pengar|affar|handel|money|"
        r"paid|trade|traffick|تجارة|اتجار|فلوس|مصاري"
    ),
    "trivial": (
        r"orfil|smisk|ritade|teckning|jul|midsommar|"
        r"slap|christmas|drawing|veil|slöja|صفع|رسمة"
    ),
    "abuse": (
        r"drogad|vald|overgrepp|aldrig tillbaka|adopter|"
        r"abuse|never return|sold abroad|اغتصاب|اعتداء|لن يعود"
    ),
    "fascist_state": r"fascis|nazis|terrorist|lebensborn|gestapo|فاشي|نازي|ارهاب",
    "numbers": r"\b\d{1,3}[ .]?000\b|tusentals|thousands|الاف|آلاف",
    "call_to_act": (
        r"sprid|dela|bojkott|boycott|demonstr|"
        r"flytta inte|ta tillbaka|share|انشر|قاطع|لا تهاجر"
    ),
}
_COMPILED = {name: re.compile(pattern) for name, pattern in _PATTERNS.items()}
NARRATIVES = tuple(_PATTERNS)


def narratives(text: str) -> list[str]:
    folded = normalize_folded(text)
    return [name for name, pattern in _COMPILED.items() if pattern.search(folded)]
