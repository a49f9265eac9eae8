"""A controlled document type from the title: what kind of paper a document is.

The archive's titles name the form first (`Cable from ...`, `Minutes of
Conversation between ...`, `Comrade Le Duan's Comments ...`), so the type is
the form word printed earliest, the longest form at that place winning
(`Record of Conversation` over `Conversation`, `Meeting Minutes` over
`Meeting`). Words inside a quoted title (`Cable from Zhou Enlai, 'Regarding
the Situation of the First Plenary Session'`) describe the subject, not the
form, and are skipped. `Journal`/`Diary` only count when nothing else does:
`From the Journal of Molotov: Memorandum of Conversation with Eden` is a record
of conversation kept in a journal.
"""

from __future__ import annotations

import re
from functools import lru_cache

OTHER = "other"
# (doc_type, pattern) in no particular order: position in the title decides.
_FORMS: tuple[tuple[str, str], ...] = (
    ("cable", r"cables?"),
    ("telegram", r"(?:ciphered\s+|coded\s+)?telegrams?|telegraph(?:ic)?\s+message"),
    ("letter", r"letters?"),
    ("note", r"notes?|working\s+notes|note\s+verbale|aide[-\s]m[ée]moire"),
    ("memorandum", r"memorand(?:um|a)|memo"),
    ("minutes", r"minutes|meeting\s+minutes|protocol"),
    (
        "record of conversation",
        r"(?:record|memorandum|memo|minutes|notes?)\s+(?:of|on)\s+(?:a\s+|the\s+)?conversations?",
    ),
    ("transcript", r"transcripts?|stenographic\s+record"),
    ("discussion", r"discussions?"),
    ("conversation", r"conversations?|talks?|audience|interview"),
    ("meeting", r"meetings?|sessions?|plenum"),
    ("speech", r"speech(?:es)?|address|remarks|toast"),
    ("report", r"reports?|briefing|information\s+note|dossier"),
    ("resolution", r"resolutions?|decisions?|decree|directive|instructions?|order"),
    ("comments", r"comments|commentary|remarks\s+on"),
    ("statement", r"statements?|declaration|proclamation|communiqu[eé]|announcement"),
    ("agreement", r"agreements?|treaty|accords?|protocol\s+of\s+agreement"),
    ("proposal", r"proposals?|draft\s+plan"),
    ("message", r"messages?|reply|appeal"),
    ("diary", r"(?:journal|diary)\s+of"),
)
DOC_TYPES: tuple[str, ...] = tuple(dict.fromkeys(name for name, _ in _FORMS)) + (OTHER,)
_WEAK = {"diary"}
# Strong forms first, then the weak ones: each with one search for the earliest place any of its forms is
# printed, and the forms themselves to tell which is longest there.
_TIERS = tuple(
    (
        re.compile(r"\b(?:" + "|".join(f"(?:{pattern})" for _, pattern in forms) + r")\b", re.IGNORECASE),
        tuple((name, re.compile(rf"\b(?:{pattern})\b", re.IGNORECASE)) for name, pattern in forms),
    )
    for forms in (
        [form for form in _FORMS if form[0] not in _WEAK],
        [form for form in _FORMS if form[0] in _WEAK],
    )
)
_QUOTED = re.compile(r"(?<!\w)['‘\"“][^'’\"”]*['’\"”](?!\w)")


@lru_cache(maxsize=1 << 16)
def doc_type(title: str | None) -> str:
    """The controlled type of a document (one of DOC_TYPES) from its title; `other` when no form word appears.

    Cached per title: relisted documents and formulaic titles recur.
    """
    if not title:
        return OTHER
    text = _QUOTED.sub(lambda m: " " * len(m.group()), title)
    for earliest, forms in _TIERS:
        if found := earliest.search(text):
            at = found.start()  # no form of this tier starts earlier, so each one's first match is here if anywhere
            return min((-len(match.group()), name) for name, pattern in forms if (match := pattern.match(text, at)))[1]
    return OTHER
