"""Originals that failed to ingest, kept with the reason, for a person to look at.

``<root>/<name>`` is the original, byte for byte; ``<root>/<name>.reason.json`` says which
file it was, the named error and the reason. A second, different file of the same name
is kept as ``<stem>.<first 8 hex digits of its SHA-256><suffix>``; the same file failing
again replaces its copy and reason.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

REASON_SUFFIX = ".reason.json"


@dataclass(frozen=True, slots=True)
class Reason:
    file: str  # where the original was found
    error: str  # the named error: "PasswordProtectedError"
    code: str  # its short code: "password_protected"
    reason: str  # what went wrong, for a clerk
    sha256: str
    size: int
    quarantined_at: str


class Quarantine:
    def __init__(self, root: Path) -> None:
        self.root = root

    def put(
        self,
        source: Path,
        *,
        error: str,
        code: str,
        reason: str,
        now: datetime,
        data: bytes | None = None,
    ) -> Path:
        """Copy ``source`` (or ``data``, its bytes when already read) here with its reason."""
        self.root.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.root, prefix=".incoming-")
        try:
            with os.fdopen(fd, "wb") as out:
                if data is None:
                    with source.open("rb") as original:
                        shutil.copyfileobj(original, out)
                else:
                    out.write(data)
                out.flush()
                os.fsync(out.fileno())
            sha256, size = _digest(Path(tmp))
            target = self._target(source.name, sha256)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        record = Reason(
            str(source), error, code, reason, sha256, size, now.isoformat(timespec="seconds")
        )
        _write_text(
            self.reason_path(target), json.dumps(asdict(record), ensure_ascii=False, indent=2)
        )
        return target

    def reason_path(self, target: Path) -> Path:
        return target.with_name(target.name + REASON_SUFFIX)

    def reason(self, target: Path) -> Reason:
        return Reason(**json.loads(self.reason_path(target).read_text(encoding="utf-8")))

    def _target(self, name: str, sha256: str) -> Path:
        target = self.root / name
        if not target.exists() or _digest(target)[0] == sha256:
            return target
        stem, suffix = os.path.splitext(name)
        return self.root / f"{stem}.{sha256[:8]}{suffix}"


def _digest(path: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def _write_text(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".incoming-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text + "\n")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
