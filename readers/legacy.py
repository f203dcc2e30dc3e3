"""Legacy Vietnamese encodings (TCVN3/ABC, VNI, VISCII) decoded to Unicode.

Placeholder interface: the decoder tables and detection are being written (issue 3).
"""

from __future__ import annotations


def decode_legacy(text: str) -> tuple[str, str | None]:
    """Return ``(unicode_text, decoder_name)``; ``decoder_name`` is None when ``text`` is
    not in a legacy encoding and is returned unchanged."""
    return text, None
