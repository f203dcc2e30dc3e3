"""The result of reading one file."""

from __future__ import annotations

from dataclasses import dataclass

from extractors.normalize import normalize_text


@dataclass(frozen=True, slots=True)
class Handwritten:
    """What became of one handwritten blank of a scan's header (readers.blanks): the
    digits the text holds ("" when the ink there was left unread) and the confidence
    (0-100) of the best reading seen."""

    kind: str  # "number" or "day"
    digits: str
    confidence: float

    def as_dict(self) -> dict[str, object]:
        return {"kind": self.kind, "digits": self.digits, "confidence": round(self.confidence, 1)}


@dataclass(frozen=True, slots=True)
class Page:
    number: int  # 1-based
    start: int  # offsets into ReadDocument.text
    end: int


@dataclass(frozen=True, slots=True)
class Reading:
    """How a document was read, shown in the ingest report and stored with it."""

    format: str  # "pdf", "docx", "text"
    method: str  # "text-layer", "text-layer+layout", "docx", "plain-text"
    encoding: str | None = None  # for text files: "utf-8", "utf-16", "windows-1258"
    pages: int = 1
    decoder: str | None = None  # legacy Vietnamese decoder applied: "tcvn3", "vni", "viscii"
    ocr_pages: tuple[int, ...] = ()  # 1-based numbers of the pages read by OCR
    ocr_confidence: tuple[float, ...] = ()  # mean word confidence (0-100), one per OCR page
    # "vi", or "other" for a document in another language: read and indexed, but the
    # Vietnamese extraction rules are not run on it (readers.quality.language)
    language: str = "vi"
    notes: tuple[str, ...] = ()  # what else a clerk should know: "named .pdf, read as DOCX"
    handwritten: tuple[Handwritten, ...] = ()  # the scan's handwritten number and day

    def as_dict(self) -> dict[str, object]:
        return {
            "format": self.format,
            "method": self.method,
            "encoding": self.encoding,
            "pages": self.pages,
            "decoder": self.decoder,
            "ocr_pages": list(self.ocr_pages),
            "ocr_confidence": [round(c, 1) for c in self.ocr_confidence],
            "language": self.language,
            "notes": list(self.notes),
            "handwritten": [h.as_dict() for h in self.handwritten],
        }


@dataclass(frozen=True, slots=True)
class ReadDocument:
    text: str
    pages: tuple[Page, ...]
    reading: Reading

    def page_at(self, offset: int) -> int:
        """The 1-based page number holding ``offset``."""
        for page in self.pages:
            if offset < page.end:
                return page.number
        return self.pages[-1].number if self.pages else 1


PAGE_SEPARATOR = "\n\n"


def assemble(page_texts: list[str], reading: Reading) -> ReadDocument:
    """Normalize each page and join them, recording where each page starts and ends."""
    parts: list[str] = []
    pages: list[Page] = []
    offset = 0
    for number, raw in enumerate(page_texts, start=1):
        text = normalize_text(raw)
        if parts:
            offset += len(PAGE_SEPARATOR)
        pages.append(Page(number, offset, offset + len(text)))
        parts.append(text)
        offset += len(text)
    return ReadDocument(PAGE_SEPARATOR.join(parts), tuple(pages), reading)
