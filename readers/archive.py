"""Check a ZIP archive (a DOCX) before anything unpacks it: a ZIP bomb is refused unread.

The sizes checked are the ones each part declares in the central directory. That bound
holds: Python's zipfile stops a part at its declared size and fails its CRC check if more
data follows (tests/test_bad_input.py has a DOCX that lies about its size).
"""

from __future__ import annotations

import io
import zipfile

# Deflate tops out at about 1,030:1. Real DOCX parts compress 3-35:1 (the highest seen:
# 32:1, word/webSettings.xml of kh-2242-KH-SCT-LaoCai-2026.docx).
MAX_RATIO = 100
# Parts smaller than this are not judged by their ratio: small, repetitive XML can
# compress very well and costs nothing to unpack.
RATIO_FLOOR = 1024 * 1024
MAX_PARTS = 10_000


class ArchiveBomb(ValueError):
    """The archive would expand far beyond its size."""


def check_archive(data: bytes, *, max_unpacked: int) -> None:
    """Raise ArchiveBomb if ``data`` would unpack too large; zipfile.BadZipFile if damaged."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = archive.infolist()
    if len(parts) > MAX_PARTS:
        raise ArchiveBomb(f"{len(parts):,} parts, more than the limit of {MAX_PARTS:,}")
    total = sum(part.file_size for part in parts)
    if total > max_unpacked:
        raise ArchiveBomb(
            f"its parts would expand to {total:,} bytes, more than the limit of {max_unpacked:,}"
        )
    for part in parts:
        ratio = part.file_size / max(part.compress_size, 1)
        if part.file_size > RATIO_FLOOR and ratio > MAX_RATIO:
            raise ArchiveBomb(
                f"part {part.filename} would expand {ratio:,.0f} times "
                f"({part.compress_size:,} to {part.file_size:,} bytes)"
            )
