"""Readers turn a file's bytes into normalized text with page offsets.

``read_document`` sniffs the real type from the content (not the extension) and
dispatches to one reader per format.
"""

from readers.dispatch import read_bytes, read_document
from readers.document import Page, ReadDocument, Reading

__all__ = ["Page", "ReadDocument", "Reading", "read_document", "read_bytes"]
