"""The spaCy view on real documents: tokens, span groups, NER pass, DocBin and displacy."""

from __future__ import annotations

from pathlib import Path

import pytest
import underthesea
from spacy.tokens import DocBin
from spacy.vocab import Vocab

from extractors.pipeline import extract
from extractors.spacy_view import GROUPS, render_html, to_doc, tokens
from readers import read_document

DEV = Path(__file__).resolve().parent.parent / "corpus" / "dev"
VU_DUONG = "cv-226-CV-DU-VuDuong-2026.txt"
DOCUMENTS = [
    VU_DUONG,  # Party layout, text file
    "tb-TB-UBND-QuangNgai-2025-ketluan-QISC.pdf",  # State layout, text-layer PDF
    "cv-9387-UBND-KT-LaoCai-2026.txt",
    "cv-706-UBND-VP7-NinhBinh-2024.pdf",
    "kh-2242-KH-SCT-LaoCai-2026.docx",  # a plan whose tasks name no body
]
_cache: dict[str, tuple] = {}


def viewed(name: str):
    """(text, extraction, doc) of one dev document, built once per test session."""
    if name not in _cache:
        text = read_document(DEV / name).text
        extraction = extract(text)
        _cache[name] = (text, extraction, to_doc(text, extraction))
    return _cache[name]


def records(extraction):
    """(group, label, record, kb_id) for every record the view must show."""
    for task in extraction.tasks:
        yield "tasks", "TASK", task, ""
        for label, bodies in (("LEAD", task.lead), ("SUPPORT", task.support)):
            yield from (("bodies", label, b, b.name) for b in bodies)
        if task.report_to:
            yield "bodies", "REPORT_TO", task.report_to, task.report_to.name
        if task.deadline:
            due = task.deadline.due
            yield "deadlines", "DEADLINE", task.deadline, due.isoformat() if due else ""
    yield from (("citations", "CITATION", c, c.number) for c in extraction.citations)


def fold(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("name", DOCUMENTS)
def test_spacy_view_tokens_reproduce_the_text(name):
    text, _, doc = viewed(name)
    assert doc.text == text
    assert all(text[t.idx : t.idx + len(t)] == t.text for t in doc)
    # underthesea keeps multi-syllable words whole ("Ủy ban", "triển khai")
    assert any(" " in t.text and not t.is_space for t in doc)


@pytest.mark.parametrize("name", DOCUMENTS)
def test_spacy_view_every_record_is_a_span_on_its_offsets(name):
    text, extraction, doc = viewed(name)
    assert set(doc.spans) == set(GROUPS)
    shown = {
        key: {(s.start_char, s.end_char, s.label_, s.kb_id_) for s in doc.spans[key]}
        for key in GROUPS
    }
    expected = list(records(extraction))
    assert expected or name.startswith("kh-")
    for group, label, record, kb_id in expected:
        span = doc.char_span(record.start, record.end, alignment_mode="expand")
        assert (span.start_char, span.end_char, label, kb_id) in shown[group], record
        assert span.start_char <= record.start < record.end <= span.end_char


@pytest.mark.parametrize("name", DOCUMENTS)
def test_spacy_view_span_text_covers_the_record_text(name):
    _, extraction, doc = viewed(name)
    for _, _, record, _ in records(extraction):
        span = doc.char_span(record.start, record.end, alignment_mode="expand")
        assert fold(record.text) in fold(span.text), (record.text, span.text)


@pytest.mark.parametrize("name", DOCUMENTS)
def test_spacy_view_header_fields_are_labelled(name):
    _, extraction, doc = viewed(name)
    header = {s.label_: s for s in doc.spans["header"]}
    assert header["NUMBER"].kb_id_ == extraction.header.number.value
    assert extraction.header.number.value.split("/")[0].strip() in header["NUMBER"].text


@pytest.mark.parametrize("name", DOCUMENTS)
def test_spacy_view_docbin_keeps_the_span_groups(name):
    _, _, doc = viewed(name)
    restored = next(
        DocBin(docs=[doc], store_user_data=True)
        .from_bytes(DocBin(docs=[doc], store_user_data=True).to_bytes())
        .get_docs(Vocab())
    )

    def groups(d):
        return {
            k: [(s.start_char, s.end_char, s.label_, s.kb_id_) for s in d.spans[k]] for k in d.spans
        }

    assert restored.text == doc.text
    assert groups(restored) == groups(doc)
    assert restored.user_data["versions"][-1] == "spacy_view.v1"


@pytest.mark.parametrize("name", DOCUMENTS)
def test_spacy_view_ner_finds_the_signer(name):
    _, extraction, doc = viewed(name)
    signer = extraction.header.signer.name
    persons = {(s.start_char, s.end_char, s.label_) for s in doc.spans["persons"]}
    assert (signer.start, signer.end, "PER") in persons
    assert all(s.label_ == "LOC" for s in doc.spans["places"])


@pytest.mark.parametrize(
    ("name", "body"),
    [
        (VU_DUONG, "Chi bộ Công an xã"),
        ("tb-TB-UBND-QuangNgai-2025-ketluan-QISC.pdf", "Sở Kế hoạch và Đầu tư"),
        ("cv-9387-UBND-KT-LaoCai-2026.txt", "Bộ Chỉ huy Quân sự tỉnh"),
    ],
)
def test_spacy_view_render_html_names_the_bodies(name, body):
    html = render_html(viewed(name)[2], "bodies")
    assert html.startswith('<div class="spans"')
    assert f">{body}</a>" in html  # the canonical name, as displacy's kb link
    assert "LEAD" in html


@pytest.mark.parametrize("name", DOCUMENTS)
@pytest.mark.parametrize("group", ["bodies", "citations", "deadlines"])
def test_spacy_view_render_html_links_every_span_to_its_key(name, group):
    doc = viewed(name)[2]
    html = render_html(doc, group)
    assert all(f">{s.kb_id_}</a>" in html for s in doc.spans[group] if s.kb_id_)
    assert html.count("</a>") >= len([s for s in doc.spans[group] if s.kb_id_])


def test_spacy_view_render_html_of_an_empty_group_is_plain_text():
    # kh-2242 sets no deadline (its task table has no time column)
    doc = viewed("kh-2242-KH-SCT-LaoCai-2026.docx")[2]
    assert not doc.spans["deadlines"]
    html = render_html(doc, "deadlines")  # no W117 warning: warnings are errors here
    assert "Sở Công Thương" in html or "SỞ CÔNG THƯƠNG" in html


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Giao Ủy ban nhân dân tỉnh  Quảng Ngãi\n\n", "Ủy ban nhân dân"),
        ("  - Như trên;   KT. CHỦ TỊCH\n - Lưu: VT, VP2.", "Như"),
        ("xong\ntrước ngày 05/10/2026.", "trước"),
    ],
)
def test_spacy_view_tokens_keep_every_character(text, word):
    doc = tokens(text)
    assert doc.text == text
    assert word in [t.text for t in doc]


def test_spacy_view_tokens_fall_back_when_underthesea_fails_fake(monkeypatch):
    # A fake failure: no real input makes underthesea raise here.
    def broken(*args, **kwargs):
        raise RuntimeError("model missing")

    monkeypatch.setattr(underthesea, "word_tokenize", broken)
    doc = tokens("Giao Sở Tài chính chủ trì, báo cáo trước 15/4/2026.")
    assert doc.text == "Giao Sở Tài chính chủ trì, báo cáo trước 15/4/2026."
    assert [t.text for t in doc][:6] == ["Giao", "Sở", "Tài", "chính", "chủ", "trì"]
