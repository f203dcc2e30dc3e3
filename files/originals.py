"""Every original kept, addressed by its content hash; written atomically."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


class OriginalStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def path_for(self, sha256: str, suffix: str) -> Path:
        return self.root / sha256[:2] / f"{sha256}{suffix.lower()}"

    def put(self, sha256: str, suffix: str, data: bytes) -> Path:
        target = self.path_for(sha256, suffix)
        if target.exists():
            return target
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return target

    def find(self, sha256: str) -> Path | None:
        folder = self.root / sha256[:2]
        return next(iter(sorted(folder.glob(f"{sha256}*"))), None) if folder.exists() else None

    def walk(self) -> list[tuple[str, Path]]:
        """(sha256, path) of every stored original, in a stable order."""
        if not self.root.exists():
            return []
        found = []
        for path in sorted(self.root.glob("??/*")):
            sha = path.name.split(".", 1)[0]
            if path.is_file() and len(sha) == 64 and not path.name.startswith("."):
                found.append((sha, path))
        return found
