"""Run every extractor over one normalized text."""

from __future__ import annotations

from extractors import header, normalize
from extractors.records import Extraction

VERSIONS = (normalize.NAME, header.NAME)


def extract(text: str) -> Extraction:
    """All extractors, in order; pure: the same text always gives the same records."""
    return Extraction(header=header.extract_header(text), versions=VERSIONS)
