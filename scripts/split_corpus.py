"""Move annotated documents from corpus/incoming/<batch>/ into the dev and test splits.

The split is made once, before any rule is written against the documents, and is
stratified: within each batch (a theme: Party, State plans, mass organisations, central,
local and scans, sector bodies) the documents are ordered by format (web capture, scan,
DOCX, .doc, PDF, text) and by sha256, and dealt test, test, dev in turn, so every batch
and format lands on both sides and the test split is at least 30 % of the whole corpus.
Run from the repository root: `python scripts/split_corpus.py`.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INCOMING = ROOT / "corpus" / "incoming"
TARGETS = {
    "dev": (ROOT / "corpus" / "dev", ROOT / "corpus" / "gold"),
    "test": (ROOT / "corpus" / "test", ROOT / "corpus" / "test-gold"),
}
CYCLE = ("test", "test", "dev")


def _format(path: Path) -> str:
    stem = path.stem.lower()
    if "scan" in stem:
        return "scan"
    if "web" in stem:
        return "web"
    return path.suffix.lower()


def main() -> None:
    rows: dict[str, list[str]] = {"dev": [], "test": []}
    for batch in sorted(p for p in INCOMING.iterdir() if p.is_dir()):
        sources = {
            line.split("|")[1].strip(): line
            for line in (batch / "SOURCES.md").read_text(encoding="utf-8").splitlines()
            if line.startswith("|") and not line.startswith(("| file", "|---"))
        }
        docs = sorted(
            (batch / "docs").iterdir(),
            key=lambda p: (_format(p), hashlib.sha256(p.read_bytes()).hexdigest()),
        )
        for i, doc in enumerate(docs):
            split = CYCLE[i % len(CYCLE)]
            folder, gold = TARGETS[split]
            folder.mkdir(exist_ok=True)
            gold.mkdir(exist_ok=True)
            shutil.move(doc, folder / doc.name)
            shutil.move(batch / "gold" / f"{doc.stem}.json", gold / f"{doc.stem}.json")
            rows[split].append(sources[doc.name])
    with (ROOT / "corpus" / "SOURCES.md").open("a", encoding="utf-8") as out:
        for split in ("dev", "test"):
            out.write(f"\n## Added in session 6, {split} split (scripts/split_corpus.py)\n\n")
            out.write(
                "| file | source repository | path in repository | commit | sha256 | description |\n"
            )
            out.write("|---|---|---|---|---|---|\n")
            out.write("\n".join(rows[split]) + "\n")
    for split, found in rows.items():
        print(f"{split}: {len(found)} documents")


if __name__ == "__main__":
    main()
