"""Vietnamese written syllables, generated from the orthography: onset + rhyme + tone.

Used to build ``readers/lexicon/vi_syllables.txt`` (``python scripts/vi_syllables.py``); the
test suite checks the shipped file against this generator and against the syllables of
underthesea's bundled word lists (Viet74K and friends).

The model is the standard Quốc ngữ spelling:
- onsets: b c ch d đ g gh gi h k kh l m n ng ngh nh p ph qu r s t th tr v x, or none;
  c/k/q, g/gh and ng/ngh alternate by the following vowel (k, gh, ngh before i y e ê);
- rhymes: an optional rounded glide (written o before a ă e, u elsewhere, always u after
  q), a nucleus and a coda (c ch m n ng nh p t, or the glides i/y and o/u);
- tones: six, but a rhyme closed by c ch p t takes only sắc or nặng.
It is deliberately a little generous (any onset with any glide rhyme, y or i after a
consonant: "kỹ"/"kĩ") because its job is telling Vietnamese from garbage, not spelling.
A few syllables of ethnic-minority place names written outside Quốc ngữ rules ("Đắk
Lắk", "Kon Tum", "Krông") are listed explicitly.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

# Combining tone marks: huyền, sắc, ngã, hỏi, nặng.
TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"
_STOP_TONES = "\u0301\u0323"


def _table(text: str) -> list[str]:
    return text.split()


# Rhymes without a glide, grouped by nucleus. "ia/iê/yê", "ua/uô", "ưa/ươ" are one
# diphthong each, written with a final a when the syllable is open.
_PLAIN_RHYMES = _table("""
a ac ach ai am an ang anh ao ap at au ay
ăc ăm ăn ăng ăp ăt
âc âm ân âng âp ât âu ây
e ec em en eng ep et eo
ê êch êm ên ênh êp êt êu
i ich im in inh ip it iu
o oc oi om on ong op ot oong ooc
ô ôc ôi ôm ôn ông ôp ôt
ơ ơi ơm ơn ơp ơt
u uc ui um un ung up ut
ư ưc ưi ưm ưn ưng ưt ưu
ia iêc iêm iên iêng iêp iêt iêu
ua uôc uôi uôm uôn uông uôt
ưa ươc ươi ươm ươn ương ươp ươt ươu
""")

# Rhymes with the rounded glide, as written after a consonant other than q.
_GLIDE_RHYMES = _table("""
oa oac oach oai oam oan oang oanh oap oat oao oay
oăc oăm oăn oăng oăt
oe oec oem oen oeo oet
uâc uân uâng uât uây
uê uêch uên uênh uêt
uy uych uyn uynh uyp uyt uyu uya uyên uyêt
uơ
""")

_ONSETS = _table("b c ch d đ g gh gi h k kh l m n ng ngh nh p ph q r s t th tr v x")

# Written outside Quốc ngữ rules, common in official documents (place names).
EXTRA = ("đắk", "lắk", "kon", "krông", "pơ", "plây", "đăk", "lăk", "k'", "búk")

_FRONT = ("i", "y", "e", "ê")


def _onset_allows(onset: str, rhyme: str) -> bool:
    glide = rhyme in _GLIDE_RHYMES
    front = rhyme.startswith(_FRONT)
    if onset == "q":
        # q is always followed by the glide u: qua, quân, quốc, quyết
        return glide or not rhyme.startswith(("u", "ư", "o"))
    if onset in ("k", "gh", "ngh"):
        return front and not glide
    if onset in ("c", "g", "ng"):
        return not front or glide
    return True


def _spell(onset: str, rhyme: str) -> str:
    if onset == "q":
        # after q the glide is always written u: qua, quăn, que, quy, quyên, quốc
        if rhyme in _GLIDE_RHYMES:
            return "qu" + rhyme[1:] if rhyme.startswith("o") else "q" + rhyme
        return "quy" + rhyme[1:] if rhyme.startswith("iê") else "qu" + rhyme
    if onset == "gi" and rhyme.startswith("i"):
        # gi + ì = "gì", gi + iêng = "giêng": the rhyme's i merges into the onset
        return "g" + rhyme
    if onset == "" and rhyme.startswith("iê"):
        return "y" + rhyme[1:]  # yên, yêu, yết
    return onset + rhyme


def _variants(onset: str, rhyme: str) -> Iterator[str]:
    spelled = _spell(onset, rhyme)
    yield spelled
    if onset and onset != "gi" and rhyme == "i":
        yield ("qu" if onset == "q" else onset) + "y"  # kỹ/kĩ, lý/lí, quý/quí: both in use
    if onset == "" and rhyme == "i":
        yield "y"


_SPECIAL = "ăâêôơư"
_VOWELS = "aăâeêioôơuưy"


def place_tone(syllable: str, tone: str) -> str:
    """Put a combining tone mark on the right vowel (the "hòa", "ủy" placement)."""
    if not tone:
        return syllable
    start = 2 if syllable.startswith(("qu", "gi")) and len(syllable) > 2 else 0
    positions = [i for i in range(start, len(syllable)) if syllable[i] in _VOWELS]
    if not positions:
        positions = [i for i, c in enumerate(syllable) if c in _VOWELS]
    if not positions:
        return syllable
    special = [i for i in positions if syllable[i] in _SPECIAL]
    if special:
        index = special[-1]
    elif positions[-1] < len(syllable) - 1 or len(positions) == 1:
        index = positions[-1]  # closed syllable, or a single vowel: the last vowel
    else:
        index = positions[-2]  # open syllable ending in two vowels: hòa, của, mía
    marked = syllable[: index + 1] + tone + syllable[index + 1 :]
    return unicodedata.normalize("NFC", marked)


def generate_syllables() -> list[str]:
    """Every syllable the model allows, toned, sorted."""
    out: set[str] = set()
    for onset in ["", *_ONSETS]:
        for rhyme in _PLAIN_RHYMES + _GLIDE_RHYMES:
            if onset and not _onset_allows(onset, rhyme):
                continue
            closed = rhyme.endswith(("c", "ch", "p", "t"))
            for spelled in _variants(onset, rhyme):
                if not closed:
                    out.add(spelled)  # level tone: no mark
                for tone in _STOP_TONES if closed else TONE_MARKS:
                    out.add(place_tone(spelled, tone))
    out.update(unicodedata.normalize("NFC", s) for s in EXTRA)
    return sorted(out)


def key(syllable: str) -> tuple[str, str]:
    """(toneless letters, tone mark) of a lower-case syllable: "hoà" and "hòa" agree."""
    decomposed = unicodedata.normalize("NFD", syllable)
    tones = [c for c in decomposed if c in TONE_MARKS]
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONE_MARKS))
    return base, "".join(tones)
