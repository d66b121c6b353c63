"""Exports of question sets for the tools classes use: JSON lines, Excel, Word, Moodle XML, GIFT, Anki.

Each takes question dicts (``quiz.review.question_data``) and returns text or bytes; openpyxl,
python-docx and genanki enter the project here only. Moodle and GIFT cannot express the exam's
多选 rule (any wrong choice scores 0; an incomplete choice scores 0.5 per correct option); they get
the nearest they can: each key earns its share, any wrong choice cancels the item. Each file says so.
"""

from __future__ import annotations

import io
import json
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import genanki
from docx import Document
from docx.shared import Pt
from openpyxl import Workbook

from quiz.model import CLOZE, JUDGE, LETTERS, MULTI, SINGLE, TYPE_LABELS, TYPES

FORMATS = {
    "jsonl": ("application/x-ndjson", "jsonl"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "docx-key": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "moodle": ("application/xml", "xml"),
    "gift": ("text/plain", "gift.txt"),
    "apkg": ("application/octet-stream", "apkg"),
}
PARTIAL_NOTE = (
    "说明：考试规则为多选题错选不得分、少选每个正确选项得 0.5 分；"
    "本格式无法完全表达，近似为每个正确选项得相应比例分、选错任何一项该题不得分。"
)
XLSX_HEADER = ["题号", "题干", "题型", "选项A", "选项B", "选项C", "选项D", "选项E", "正确答案", "解析", "来源", "难度"]
DECK_ID = 1_748_203_117  # stable ids: re-importing the deck updates the notes instead of duplicating them
MODEL_ID = 1_748_203_118


def answer_text(q: dict[str, Any]) -> str:
    """The key as printed: ABD, 正确, or the accepted spellings of a cloze."""
    if q["type"] in (SINGLE, MULTI):
        return "".join(q["answer"])
    return "｜".join(q["answer"])


def source_text(q: dict[str, Any]) -> str:
    return "；".join(q["refs"])


def to_jsonl(questions: Iterable[dict[str, Any]]) -> Iterable[str]:
    """One JSON object a line."""
    for q in questions:
        yield json.dumps(q, ensure_ascii=False) + "\n"


def to_xlsx(questions: Sequence[dict[str, Any]]) -> bytes:
    """An Excel sheet: 题干, 题型, 选项A–E, 正确答案, 解析, 来源, 难度."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "题库"
    ws.append(XLSX_HEADER)
    for q in questions:
        options = list(q["options"]) + [""] * (5 - len(q["options"]))
        ws.append(
            [
                q["id"],
                q["stem"],
                TYPE_LABELS[q["type"]],
                *options[:5],
                answer_text(q),
                q["explanation"],
                source_text(q),
                q["difficulty"],
            ]
        )
    for col, width in zip("ABCDEFGHIJKL", (14, 60, 10, 24, 24, 24, 24, 24, 10, 60, 30, 6), strict=True):
        ws.column_dimensions[col].width = width
    notes = wb.create_sheet("说明")
    notes.append([PARTIAL_NOTE])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _by_type(questions: Sequence[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    return [(t, [q for q in questions if q["type"] == t]) for t in TYPES if any(q["type"] == t for q in questions)]


_CN_ORDER = "一二三四五六七八九十"


def to_docx(questions: Sequence[dict[str, Any]], title: str) -> tuple[bytes, bytes]:
    """A Word paper and its separate answer key (numbered alike)."""
    paper, key = Document(), Document()
    for doc in (paper, key):
        style = doc.styles["Normal"]
        style.font.size = Pt(11)
    paper.add_heading(title, level=1)
    paper.add_paragraph("姓名：__________　　得分：__________")
    key.add_heading(f"{title}（参考答案与解析）", level=1)
    number = 0
    for i, (qtype, items) in enumerate(_by_type(questions)):
        heading = f"{_CN_ORDER[i]}、{TYPE_LABELS[qtype]}"
        paper.add_heading(heading, level=2)
        key.add_heading(heading, level=2)
        for q in items:
            number += 1
            stem = q["stem"] + ("（　）" if qtype == JUDGE else "")
            paper.add_paragraph(f"{number}. {stem}")
            for j, option in enumerate(q["options"]):
                paper.add_paragraph(f"{LETTERS[j]}. {option}", style="List")
            key.add_paragraph(f"{number}. 答案：{answer_text(q)}")
            key.add_paragraph(q["explanation"])
    if any(q["type"] == MULTI for q in questions):
        key.add_paragraph("评分：单选题每题 1 分；多选题每题 2 分，错选不得分，少选每个正确选项得 0.5 分。")
    out = []
    for doc in (paper, key):
        buf = io.BytesIO()
        doc.save(buf)
        out.append(buf.getvalue())
    return out[0], out[1]


def _fraction(n_keys: int) -> str:
    return f"{100 / n_keys:.5f}".rstrip("0").rstrip(".")


def to_moodle_xml(questions: Sequence[dict[str, Any]]) -> str:
    """Moodle XML: multichoice (single and multi), truefalse, shortanswer."""
    quiz = ET.Element("quiz")
    quiz.append(ET.Comment(f" {PARTIAL_NOTE} "))
    for q in questions:
        kind = {SINGLE: "multichoice", MULTI: "multichoice", JUDGE: "truefalse", CLOZE: "shortanswer"}[q["type"]]
        el = ET.SubElement(quiz, "question", type=kind)
        ET.SubElement(ET.SubElement(el, "name"), "text").text = f"{q['id']} {q['stem'][:30]}"
        qt = ET.SubElement(el, "questiontext", format="plain_text")
        ET.SubElement(qt, "text").text = q["stem"]
        fb = ET.SubElement(el, "generalfeedback", format="plain_text")
        ET.SubElement(fb, "text").text = q["explanation"]
        ET.SubElement(el, "idnumber").text = q["id"]
        if q["type"] in (SINGLE, MULTI):
            ET.SubElement(el, "single").text = "true" if q["type"] == SINGLE else "false"
            ET.SubElement(el, "shuffleanswers").text = "false"
            ET.SubElement(el, "answernumbering").text = "ABCD"
            for j, option in enumerate(q["options"]):
                right = LETTERS[j] in q["answer"]
                fraction = (
                    ("100" if q["type"] == SINGLE else _fraction(len(q["answer"])))
                    if right
                    else ("0" if q["type"] == SINGLE else "-100")
                )
                ans = ET.SubElement(el, "answer", fraction=fraction, format="plain_text")
                ET.SubElement(ans, "text").text = option
        elif q["type"] == JUDGE:
            for text, value in (("true", "正确"), ("false", "错误")):
                ans = ET.SubElement(el, "answer", fraction="100" if q["answer"] == [value] else "0", format="moodle_auto_format")
                ET.SubElement(ans, "text").text = text
        else:
            for spelling in q["answer"]:
                ans = ET.SubElement(el, "answer", fraction="100", format="plain_text")
                ET.SubElement(ans, "text").text = spelling
        tags = ET.SubElement(el, "tags")
        for tag in q["tags"]:
            ET.SubElement(ET.SubElement(tags, "tag"), "text").text = tag
    ET.indent(quiz)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(quiz, encoding="unicode") + "\n"


_GIFT_SPECIAL = str.maketrans({c: f"\\{c}" for c in "~=#{}:"})


def gift_escape(s: str) -> str:
    """Escape GIFT's control characters."""
    return s.replace("\\", "\\\\").translate(_GIFT_SPECIAL).replace("\n", "\\n")


def to_gift(questions: Sequence[dict[str, Any]]) -> str:
    """GIFT text: one question a paragraph, feedback after ####."""
    lines = [f"// {PARTIAL_NOTE}", ""]
    for q in questions:
        head = f"::{q['id']}::{gift_escape(q['stem'])} "
        feedback = f"####{gift_escape(q['explanation'])}"
        if q["type"] == SINGLE:
            body = " ".join(("=" if LETTERS[j] in q["answer"] else "~") + gift_escape(o) for j, o in enumerate(q["options"]))
        elif q["type"] == MULTI:
            share = _fraction(len(q["answer"]))
            body = " ".join(
                (f"~%{share}%" if LETTERS[j] in q["answer"] else "~%-100%") + gift_escape(o) for j, o in enumerate(q["options"])
            )
        elif q["type"] == JUDGE:
            body = "TRUE" if q["answer"] == ["正确"] else "FALSE"
        else:
            body = " ".join(f"={gift_escape(a)}" for a in q["answer"])
        lines += [f"{head}{{{body} {feedback}}}", ""]
    return "\n".join(lines)


def _card_model() -> Any:
    return genanki.Model(
        MODEL_ID,
        "政策题库",
        fields=[{"name": "Stem"}, {"name": "Options"}, {"name": "Answer"}, {"name": "Explanation"}, {"name": "Id"}],
        templates=[
            {
                "name": "题目",
                "qfmt": "{{Stem}}<br><br>{{Options}}",
                "afmt": "{{FrontSide}}<hr id=answer><b>{{Answer}}</b><br><br>{{Explanation}}",
            }
        ],
        css=".card { font-family: sans-serif; font-size: 18px; text-align: left; }",
    )


def _html(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br>")


def to_apkg(questions: Sequence[dict[str, Any]], deck_name: str) -> bytes:
    """An Anki deck; each note's guid is the question id, so a new export updates old notes."""
    model = _card_model()
    deck = genanki.Deck(DECK_ID, deck_name)
    for q in questions:
        options = "<br>".join(f"{LETTERS[j]}. {_html(o)}" for j, o in enumerate(q["options"]))
        fields = [_html(q["stem"]), options, _html(answer_text(q)), _html(q["explanation"]), q["id"]]
        deck.add_note(genanki.Note(model=model, fields=fields, guid=q["id"], tags=[t.replace(" ", "_") for t in q["tags"]]))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "deck.apkg"
        genanki.Package(deck).write_to_file(str(path), timestamp=0)
        return path.read_bytes()


def render(questions: Sequence[dict[str, Any]], fmt: str, title: str) -> list[tuple[str, bytes]]:
    """The files of an export: (name suffix, bytes); a Word paper comes with its key as a second file."""
    if fmt == "jsonl":
        return [("", "".join(to_jsonl(questions)).encode("utf-8"))]
    if fmt == "xlsx":
        return [("", to_xlsx(questions))]
    if fmt in ("docx", "docx-key"):
        paper, key = to_docx(questions, title)
        return [("", paper), ("-答案", key)] if fmt == "docx" else [("", key)]
    if fmt == "moodle":
        return [("", to_moodle_xml(questions).encode("utf-8"))]
    if fmt == "gift":
        return [("", to_gift(questions).encode("utf-8"))]
    if fmt == "apkg":
        return [("", to_apkg(questions, title))]
    raise ValueError(fmt)
