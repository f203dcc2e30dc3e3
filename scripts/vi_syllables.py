"""Write readers/lexicon/vi_syllables.txt from the orthographic model in readers/syllables.py.

Usage: .venv/bin/python scripts/vi_syllables.py   (tests/test_quality.py checks the result)
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from readers.syllables import generate_syllables  # noqa: E402

if __name__ == "__main__":
    target = ROOT / "readers" / "lexicon" / "vi_syllables.txt"
    syllables = generate_syllables()
    target.write_text("\n".join(syllables) + "\n", encoding="utf-8")
    print(f"{len(syllables)} syllables -> {target.relative_to(ROOT)}")
