"""The shared view of one document: a spaCy ``Doc`` of underthesea words with span groups.

Groups: "tasks", "bodies" (LEAD / SUPPORT / REPORT_TO), "deadlines", "citations",
"header" (one label per field) from the extraction, and "persons" / "places" from
underthesea's NER, run only over the header lines and the signature block: NER costs
about 15k characters/s, and elsewhere it mostly tags bodies and dates as places.
A span's ``kb_id_`` holds the normalized value: the canonical body name, the citation
key ("12-NQ/TW"), the due date, the header field's value.
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Iterable, Iterator

import spacy
from spacy import displacy
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from extractors.records import Body, Extraction, Field, Header
from extractors.words import Piece, name_pieces, word_pieces

NAME = "spacy_view.v1"
GROUPS = ("tasks", "bodies", "deadlines", "citations", "header", "persons", "places")

# (start, end, label, kb_id)
_Item = tuple[int, int, str, str]
_HEADER = ("doc_type", "number", "issuer", "issuer_parent", "place", "date", "subject")
_MARKS = ("urgency", "security")
_SIGNATURE = {"AUTHORITY", "SIGNER_TITLE", "SIGNER"}
_HEADER_CHARS = 2000  # NER's share of a long "Kính gửi" list stays small
_COLORS = {
    "LEAD": "#f4a261",
    "SUPPORT": "#a8dadc",
    "REPORT_TO": "#cdb4db",
    "DEADLINE": "#ffd166",
    "CITATION": "#bde0fe",
    "TASK": "#caffbf",
    "PER": "#ffadad",
    "LOC": "#d0f4de",
}


@functools.cache
def vocab() -> Vocab:
    """One blank Vietnamese vocabulary shared by every Doc (no pyvi: underthesea splits)."""
    return spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}}).vocab


def tokens(text: str, *, tags: bool = False) -> Doc:
    """A Doc of underthesea words whose text is exactly ``text`` (spaces kept as tokens)."""
    words: list[str] = []
    spaces: list[bool] = []
    pos_tags: list[str] = []
    pos = 0
    for start, end, tag in [*word_pieces(text, tags=tags), (len(text), len(text), "")]:
        gap = text[pos:start]
        if gap[:1] == " " and words:
            spaces[-1], gap = True, gap[1:]
        if gap:
            words.append(gap)
            spaces.append(False)
            pos_tags.append("_SP")
        if end > start:
            words.append(text[start:end])
            spaces.append(False)
            pos_tags.append(tag)
        pos = end
    return Doc(vocab(), words=words, spaces=spaces, tags=pos_tags if tags else None)


def _fields(head: Header) -> Iterator[tuple[str, Field]]:
    for name in (*_HEADER, *_MARKS):
        if (field := getattr(head, name)) is not None:
            yield name.upper(), field
    if head.signer:
        for label, field in (
            ("AUTHORITY", head.signer.authority),
            ("SIGNER_TITLE", head.signer.title),
            ("SIGNER", head.signer.name),
        ):
            if field is not None:
                yield label, field
    yield from (("RECIPIENT", field) for field in head.recipients)


def _bodies(extraction: Extraction) -> Iterator[_Item]:
    for task in extraction.tasks:
        roles: list[tuple[str, tuple[Body, ...]]] = [("LEAD", task.lead), ("SUPPORT", task.support)]
        roles.append(("REPORT_TO", (task.report_to,) if task.report_to else ()))
        for label, bodies in roles:
            yield from ((b.start, b.end, label, b.name) for b in bodies)


def _name_ranges(text: str, head: Header) -> list[tuple[int, int]]:
    """The header lines (to the last header field) and the signature block's lines."""
    fields = [(label, f) for label, f in _fields(head) if f.end > f.start]
    signer = [f for label, f in fields if label in _SIGNATURE]
    top = [f.end for label, f in fields if label not in _SIGNATURE]
    ranges = [(0, min(max(top), _HEADER_CHARS))] if top else []
    if signer:
        start = text.rfind("\n", 0, min(f.start for f in signer)) + 1
        end = text.find("\n", max(f.end for f in signer))
        ranges.append((start, len(text) if end < 0 else end))
    return ranges


def _spans(doc: Doc, items: Iterable[_Item]) -> list[Span]:
    spans = []
    for start, end, label, kb_id in sorted(set(items)):
        if 0 <= start < end <= len(doc.text):
            span = doc.char_span(start, end, label=label, kb_id=kb_id, alignment_mode="expand")
            if span is not None:
                spans.append(span)
    return spans


def to_doc(text: str, extraction: Extraction, *, tags: bool = False) -> Doc:
    """The Doc of ``text`` with every record of ``extraction`` in its span group;
    ``tags`` adds underthesea's POS tags (token.tag_), at about a third of the speed."""
    doc = tokens(text, tags=tags)
    names: list[Piece] = []
    for start, end in _name_ranges(text, extraction.header):
        names += name_pieces(text, start, end)
    place = extraction.header.place
    if place is not None:  # "Vũ Dương, ngày 11 tháng 6": NER calls it a person
        names = [(s, e, "LOC" if (s, e) == (place.start, place.end) else k) for s, e, k in names]
    tasks = extraction.tasks
    items: dict[str, Iterable[_Item]] = {
        "tasks": ((t.start, t.end, "TASK", "") for t in tasks),
        "bodies": _bodies(extraction),
        "deadlines": (
            (d.start, d.end, "DEADLINE", d.due.isoformat() if d.due else "")
            for d in (t.deadline for t in tasks)
            if d is not None
        ),
        "citations": ((c.start, c.end, "CITATION", c.number) for c in extraction.citations),
        "header": ((f.start, f.end, label, f.value) for label, f in _fields(extraction.header)),
        "persons": ((s, e, label, "") for s, e, label in names if label == "PER"),
        "places": ((s, e, label, "") for s, e, label in names if label == "LOC"),
    }
    for key, group in items.items():
        doc.spans[key] = _spans(doc, group)
    doc.user_data["versions"] = [*extraction.versions, NAME]
    return doc


def render_html(doc: Doc, group: str = "tasks") -> str:
    """HTML of ``doc`` with the spans of one group highlighted (displacy's "span" style)."""
    with warnings.catch_warnings():
        # W117 says the group is empty: a document without tasks renders as plain text.
        warnings.filterwarnings("ignore", message=r"\[W117\]")
        return displacy.render(
            doc,
            style="span",
            options={"spans_key": group, "colors": _COLORS},
            page=False,
            jupyter=False,
            manual=False,
        )
