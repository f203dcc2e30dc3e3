"""Move annotated documents from corpus/incoming/<batch>/ into the dev and test splits.

The split is made once, before any rule is written against the documents, and is
stratified: within each batch (a theme: Party, State plans, mass organisations, central,
local and scans, sector bodies) the documents are ordered by format (web capture, scan,
DOCX, .doc, PDF, text) and by sha256, and dealt test, test, dev in turn, so every batch
and format lands on both sides and the test split is at least 30 % of the whole corpus.
A document that is nearly the same text as one already split (another văn bản of the
same body with the same duty list) follows its sibling (SIBLINGS), so that dev never holds
a copy of a test document's text.
Run from the repository root: `python scripts/split_corpus.py "session 7"`; a third
argument deals another cycle (`python scripts/split_corpus.py "session 8" dev,dev,test`
when the test split is already large and dev needs documents to learn from).
"""

from __future__ import annotations

import hashlib
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INCOMING = ROOT / "corpus" / "incoming"
TARGETS = {
    "dev": (ROOT / "corpus" / "dev", ROOT / "corpus" / "gold"),
    "test": (ROOT / "corpus" / "test", ROOT / "corpus" / "test-gold"),
}
CYCLE = ("test", "test", "dev")
# new stem -> the split stem whose text it nearly repeats
SIBLINGS = {
    "qd-QD-BCD-LamDong-2025-thanh-lap-to-giup-viec-cchc": "qd-QD-TGV-BCD-LamDong-2025-quy-che-draft",
}


def _format(path: Path) -> str:
    stem = path.stem.lower()
    if "scan" in stem:
        return "scan"
    if "web" in stem:
        return "web"
    return path.suffix.lower()


def _split_of(stem: str) -> str | None:
    sibling = SIBLINGS.get(stem)
    for split, (folder, _) in TARGETS.items():
        if sibling and any(p.stem == sibling for p in folder.iterdir()):
            return split
    return None


def main() -> None:
    label = sys.argv[1] if len(sys.argv) > 1 else "session 6"
    cycle = tuple(sys.argv[2].split(",")) if len(sys.argv) > 2 else CYCLE
    assert set(cycle) <= set(TARGETS), cycle
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
        dealt = 0
        for doc in docs:
            split = _split_of(doc.stem)
            if split is None:
                split = cycle[dealt % len(cycle)]
                dealt += 1
            folder, gold = TARGETS[split]
            folder.mkdir(exist_ok=True)
            gold.mkdir(exist_ok=True)
            shutil.move(doc, folder / doc.name)
            shutil.move(batch / "gold" / f"{doc.stem}.json", gold / f"{doc.stem}.json")
            rows[split].append(sources[doc.name])
    with (ROOT / "corpus" / "SOURCES.md").open("a", encoding="utf-8") as out:
        for split in ("dev", "test"):
            out.write(f"\n## Added in {label}, {split} split (scripts/split_corpus.py)\n\n")
            out.write(
                "| file | source repository | path in repository | commit | sha256 | description |\n"
            )
            out.write("|---|---|---|---|---|---|\n")
            out.write("\n".join(rows[split]) + "\n")
    for split, found in rows.items():
        print(f"{split}: {len(found)} documents")


if __name__ == "__main__":
    main()
