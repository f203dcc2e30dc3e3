"""The issuer as it names itself in the text, for documents whose header is missing (web
captures that keep only the body): the closing formula of a Thông báo ("Văn phòng Chính
phủ thông báo để các cơ quan … biết, thực hiện") or a letter's request ("Bộ Văn hóa,
Thể thao và Du lịch (VHTTDL) đề nghị các cơ sở …"). Only a whole sentence whose subject
is one body and whose verb is the issuer speaking counts."""

from __future__ import annotations

import re

from extractors.bodies import body_phrase
from extractors.records import Field

# The issuer speaking: informing, requesting, instructing, reporting.
_SPEAKS = re.compile(
    r"(?:\s*\([^()\n]{2,20}\))?\s+(?:xin\s+|trân\s+trọng\s+)?"
    r"(?:thông\s+báo\s+(?:để|cho|tới|đến)|đề\s+nghị|yêu\s+cầu|hướng\s+dẫn|báo\s+cáo)\b"
)
# Where a sentence begins: after its stop, or a paragraph break.
_SENTENCE_START = re.compile(r"(?:[.;:!?]\s+|\n\s*\n)(?=\S)")
_LOOK = 2_000  # characters read at each end of the text


def self_named_issuer(text: str, start: int, end: int) -> Field | None:
    """The body that speaks in the first or last ``_LOOK`` characters of text[start:end]."""
    spans = [(start, min(end, start + _LOOK)), (max(start, end - _LOOK), end)]
    for a, b in spans:
        for m in _SPEAKS.finditer(text, a, b):
            found = _subject(text, a, m.start())
            if found is not None:
                return found
    return None


def _subject(text: str, floor: int, verb: int) -> Field | None:
    """The one body that makes up the whole sentence before ``verb``."""
    begin = floor
    for m in _SENTENCE_START.finditer(text, floor, verb):
        begin = m.end()
    sentence = text[begin:verb]
    if not sentence.strip() or len(sentence) > 150:
        return None
    bodies = body_phrase(sentence, begin)
    if len(bodies) != 1 or text[bodies[0].end : verb].strip():
        return None
    body = bodies[0]
    return Field(body.name, body.text, body.start, body.end)
