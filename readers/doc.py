"""Legacy Word .doc (Word 97-2003): LibreOffice converts it to DOCX, the DOCX reader reads it.

Legacy-font runs survive the conversion with their font names (.VnTime, VNI-Times), so the
DOCX reader decodes them by font. Each conversion gets its own LibreOffice profile: two
soffice processes sharing one silently drop a conversion (STACK.md).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from dataclasses import replace
from pathlib import Path

from directives.errors import ConversionError, ConverterMissingError, UnsupportedFormatError
from readers.document import ReadDocument
from readers.docx import read_docx

TIMEOUT = 60.0  # seconds for one conversion; a Word file converts in about 1 s
INSTALL_HINT = "LibreOffice is not installed: install libreoffice-writer-nogui"
# An OLE2 file holds a Word document when its directory names this stream (names are
# stored as UTF-16LE); an .xls or .ppt renamed .doc does not.
_WORD_STREAM = "WordDocument".encode("utf-16-le")


def soffice() -> str | None:
    """The LibreOffice executable on PATH, if any."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def read_doc(data: bytes, path: Path | str, *, timeout: float = TIMEOUT) -> ReadDocument:
    """Read a Word 97-2003 document; errors name ``path`` and say what to do."""
    if _WORD_STREAM not in data:
        raise UnsupportedFormatError(
            path, "an Office 97-2003 file that is not a Word .doc (no WordDocument stream)"
        )
    executable = soffice()
    if executable is None:
        raise ConverterMissingError(path, INSTALL_HINT)
    with tempfile.TemporaryDirectory(prefix="directives-doc-") as tmp:
        folder = Path(tmp)
        source = folder / "document.doc"
        source.write_bytes(data)
        _convert(executable, source, folder / "out", folder / "profile", path, timeout)
        converted = folder / "out" / "document.docx"
        if not converted.exists():
            raise ConversionError(
                path, "LibreOffice could not read it as a Word 97-2003 document (damaged?)"
            )
        document = read_docx(converted.read_bytes())
    return replace(
        document, reading=replace(document.reading, format="doc", method="doc-libreoffice")
    )


def _convert(
    executable: str, source: Path, out: Path, profile: Path, path: Path | str, timeout: float
) -> None:
    command = [
        executable,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        "--nolockcheck",
        "--infilter=MS Word 97",  # never import an unreadable file as plain text
        "--convert-to",
        "docx",
        "--outdir",
        str(out),
        str(source),
    ]
    # A session of its own, so that a timeout kills soffice.bin and not only its launcher.
    process = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        _, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired as e:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise ConversionError(path, f"LibreOffice did not finish within {timeout:g} s") from e
    if process.returncode != 0:
        message = stderr.decode("utf-8", "replace").strip().splitlines()
        raise ConversionError(
            path,
            f"LibreOffice failed (exit {process.returncode}): {message[-1] if message else ''}",
        )
