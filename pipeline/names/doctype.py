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
_PATTERNS = tuple((name, re.compile(rf"\b(?:{pattern})\b", re.IGNORECASE)) for name, pattern in _FORMS)
_QUOTED = re.compile(r"(?<!\w)['‘\"“][^'’\"”]*['’\"”](?!\w)")


def doc_type(title: str | None) -> str:
    """The controlled type of a document (one of DOC_TYPES) from its title; `other` when no form word appears."""
    if not title:
        return OTHER
    text = _QUOTED.sub(lambda m: " " * len(m.group()), title)
    best: tuple[bool, int, int, str] | None = None
    for name, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            candidate = (name in _WEAK, match.start(), -len(match.group()), name)
            if best is None or candidate < best:
                best = candidate
    return best[3] if best else OTHER
