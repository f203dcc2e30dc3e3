"""Speed of the spaCy view, characters per second, over the texts of a folder.

Every file is read (OCR included) and extracted once, untimed; then to_doc is timed, next to
its token pass alone (underthesea word segmentation + Doc) and to_doc with POS tags.

Usage: python bench/spacy_view.py [FOLDER]   (default: corpus/dev)
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from directives.errors import DocumentError  # noqa: E402
from extractors.pipeline import extract  # noqa: E402
from extractors.spacy_view import to_doc, tokens  # noqa: E402
from readers import read_document  # noqa: E402

ROUNDS = 3


def _rate(chars: int, fn) -> float:
    start = time.perf_counter()
    for _ in range(ROUNDS):
        fn()
    return chars * ROUNDS / (time.perf_counter() - start)


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "corpus" / "dev"
    texts = []
    for path in sorted(p for p in folder.iterdir() if p.is_file()):
        try:
            text = read_document(path).text
        except DocumentError as e:
            print(f"skipped {path.name}: {e}")
            continue
        texts.append((text, extract(text)))
    chars = sum(len(t) for t, _ in texts)
    to_doc(*texts[0])  # load underthesea's models before timing
    print(f"{len(texts)} documents, {chars} characters, {ROUNDS} rounds")
    results = {
        "to_doc (words, span groups, NER on header and signature)": _rate(
            chars, lambda: [to_doc(t, x) for t, x in texts]
        ),
        "tokens only (underthesea word_tokenize + Doc)": _rate(
            chars, lambda: [tokens(t) for t, _ in texts]
        ),
        "to_doc with POS tags": _rate(chars, lambda: [to_doc(t, x, tags=True) for t, x in texts]),
    }
    width = max(map(len, results))
    for name, rate in results.items():
        print(f"{name:<{width}}  {rate:10,.0f} characters/s")


if __name__ == "__main__":
    main()
