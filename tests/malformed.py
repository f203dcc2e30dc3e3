"""Malformed and unusual files made by code, for tests/test_bad_input.py.

No PDF or Office library here can write an encrypted PDF or an encrypted Office container
(pikepdf, qpdf and msoffcrypto-tool are not installed), so both are written by hand from
their specifications: the PDF Standard Security Handler (ISO 32000-1, 7.6.3, revision 3,
128-bit RC4) and the Compound File Binary format ([MS-CFB], version 3).
"""

from __future__ import annotations

import hashlib
import io
import struct
import zipfile
from pathlib import Path

# --- PDF ------------------------------------------------------------------------------

_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")
_ID = bytes.fromhex("5b1c9a1f6c0e4d8b9a7f3e2d1c0b0a09")
_PERMISSIONS = -3904  # print, copy, everything a reader may do


def _rc4(key: bytes, data: bytes) -> bytes:
    state = list(range(256))
    j = 0
    for i in range(256):
        j = (j + state[i] + key[i % len(key)]) % 256
        state[i], state[j] = state[j], state[i]
    out = bytearray()
    i = j = 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + state[i]) % 256
        state[i], state[j] = state[j], state[i]
        out.append(byte ^ state[(state[i] + state[j]) % 256])
    return bytes(out)


def _padded(password: str) -> bytes:
    return (password.encode("latin-1") + _PAD)[:32]


def _owner_value(owner: str, user: str) -> bytes:
    """Algorithm 3: the /O entry."""
    digest = hashlib.md5(_padded(owner)).digest()
    for _ in range(50):
        digest = hashlib.md5(digest).digest()
    value = _rc4(digest, _padded(user))
    for i in range(1, 20):
        value = _rc4(bytes(b ^ i for b in digest), value)
    return value


def _file_key(user: str, owner_value: bytes) -> bytes:
    """Algorithm 2: the file's 128-bit encryption key."""
    digest = hashlib.md5(
        _padded(user) + owner_value + struct.pack("<i", _PERMISSIONS) + _ID
    ).digest()
    for _ in range(50):
        digest = hashlib.md5(digest).digest()
    return digest


def _user_value(key: bytes) -> bytes:
    """Algorithm 5: the /U entry."""
    value = _rc4(key, hashlib.md5(_PAD + _ID).digest())
    for i in range(1, 20):
        value = _rc4(bytes(b ^ i for b in key), value)
    return value + bytes(16)


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def text_pdf(
    pages: list[str], *, user_password: str | None = None, owner_password: str = "owner"
) -> bytes:
    """A PDF with one Helvetica text page per item (Latin-1 text only).

    With ``user_password`` ("" included) the file is encrypted with RC4-128: "" opens
    without a password, as office PDFs that only restrict printing or copying do.
    """
    objects: dict[int, bytes] = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    }
    kids = []
    streams: dict[int, bytes] = {}
    for n, text in enumerate(pages):
        page, content = 4 + 2 * n, 5 + 2 * n
        kids.append(f"{page} 0 R")
        lines = " T* ".join(f"({_escape(line)}) Tj" for line in text.splitlines() or [""])
        streams[content] = f"BT /F1 11 Tf 14 TL 56 780 Td {lines} ET".encode("latin-1")
        objects[page] = (
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {content} 0 R >>"
        ).encode()
    objects[2] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(pages)} >>".encode()
    encrypt = ""
    key = None
    if user_password is not None:
        owner_value = _owner_value(owner_password, user_password)
        key = _file_key(user_password, owner_value)
        encrypt = (
            f" /Encrypt << /Filter /Standard /V 2 /R 3 /Length 128 /P {_PERMISSIONS} "
            f"/O <{owner_value.hex()}> /U <{_user_value(key).hex()}> >>"
        )
    for number, data in streams.items():
        if key is not None:
            object_key = hashlib.md5(key + struct.pack("<I", number)[:3] + b"\0\0").digest()
            data = _rc4(object_key, data)
        objects[number] = b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = out.tell()
        out.write(b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n")
    xref = out.tell()
    size = max(objects) + 1
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % size)
    for number in range(1, size):
        out.write(b"%010d 00000 n \n" % offsets[number])
    trailer = f"trailer\n<< /Size {size} /Root 1 0 R /ID [<{_ID.hex()}> <{_ID.hex()}>]{encrypt} >>"
    out.write(trailer.encode() + b"\nstartxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


# --- Office containers -------------------------------------------------------------------

_FREE, _END, _FAT, _NONE = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def _entry(name: str, kind: int, *, right=_NONE, child=_NONE, start=_END, size=0) -> bytes:
    encoded = name.encode("utf-16-le") + b"\0\0" if name else b""
    return (
        encoded.ljust(64, b"\0")
        + struct.pack("<HBB", len(encoded), kind, 1)  # colour: black
        + struct.pack("<III", _NONE, right, child)
        + bytes(16 + 4 + 8 + 8)  # CLSID, state bits, creation and modification times
        + struct.pack("<IQ", start, size)
    )


def compound_file(streams: dict[str, bytes]) -> bytes:
    """A Compound File (OLE2, what Office 97-2003 and encrypted Office files are) holding
    ``streams``, each padded to at least 4,096 bytes so that none sits in the mini stream."""
    names = sorted(streams, key=lambda n: (len(n), n.upper()))  # the directory's order
    fat = [_FAT, _END]  # sector 0: this FAT; sector 1: the directory
    # Entry 0 is the root; its child is the first stream, each stream's right sibling the
    # next one (a degenerate but valid red-black tree, every node black).
    entries = [_entry("Root Entry", 5, child=1)]
    body = b""
    for number, name in enumerate(names, start=1):
        data = streams[name].ljust(4096, b"\0")
        data += bytes(-len(data) % 512)
        start, count = len(fat), len(data) // 512
        fat += [*range(start + 1, start + count), _END]
        right = number + 1 if number < len(names) else _NONE
        entries.append(_entry(name, 2, right=right, start=start, size=len(data)))
        body += data
    entries += [_entry("", 0)] * (-len(entries) % 4)
    assert len(fat) <= 128 and len(entries) == 4, "one FAT sector and one directory sector"
    fat += [_FREE] * (128 - len(fat))
    header = (
        bytes.fromhex("D0CF11E0A1B11AE1")
        + bytes(16)
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + bytes(6)
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, _END, 0, _END, 0)
        + struct.pack("<I", 0)
        + struct.pack("<I", _FREE) * 108
    )
    return header + struct.pack("<128I", *fat) + b"".join(entries) + body


def encrypted_office() -> bytes:
    """What Word writes for a password-protected .docx: the ZIP encrypted inside a Compound
    File, next to the key data ([MS-OFFCRYPTO] 2.3.4)."""
    return compound_file(
        {
            "EncryptionInfo": bytes((7 * i) % 251 for i in range(1024)),
            "EncryptedPackage": bytes((7 * i * i) % 253 for i in range(6000)),
        }
    )


def not_word_office() -> bytes:
    """A Compound File with no WordDocument stream, as an .xls renamed .doc is."""
    return compound_file({"Workbook": b"\x09\x08" + bytes(2000)})


def zip_bomb_docx(good_docx: Path, *, megabytes: int = 40) -> bytes:
    """A real DOCX with one more part: ``megabytes`` of zeros that deflate about 1000:1."""
    out = io.BytesIO()
    with zipfile.ZipFile(good_docx) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        info = zipfile.ZipInfo("word/media/image1.png")
        info.compress_type = zipfile.ZIP_DEFLATED
        with target.open(info, "w", force_zip64=True) as part:
            chunk = bytes(1 << 20)
            for _ in range(megabytes):
                part.write(chunk)
    return out.getvalue()


def lying_zip_docx(good_docx: Path) -> bytes:
    """A DOCX whose central directory declares a part smaller than its deflated data."""
    out = io.BytesIO()
    with zipfile.ZipFile(good_docx) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename), zipfile.ZIP_DEFLATED)
    data = bytearray(out.getvalue())
    # Rewrite the declared size of word/document.xml in its local and central headers.
    name = b"word/document.xml"
    for signature, size_at in ((b"PK\x01\x02", 24), (b"PK\x03\x04", 22)):
        at = 0
        while (at := data.find(signature, at)) >= 0:
            name_at = at + (46 if signature == b"PK\x01\x02" else 30)
            if data[name_at : name_at + len(name)] == name:
                struct.pack_into("<I", data, at + size_at, 100)
            at += 4
    return bytes(data)
