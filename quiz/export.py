"""Exports of question sets for the tools classes use: JSON lines, Excel, Word, Moodle XML, GIFT, Anki.

Each writer takes question dicts (``quiz.review.question_data``) and returns text or bytes; openpyxl,
python-docx and genanki enter the project here only. Two services choose what is written: a filtered
set (``quiz.review.select_questions``) or a paper (``select_paper``: the 60 + 20 paper a seed draws,
or a trainer's fixed paper), and ``export_files`` adds what a writer needs from the store (the
categories of Moodle and GIFT). Moodle and GIFT cannot express the exam's 多选 rule (any wrong
choice scores 0; an incomplete choice scores 0.5 per correct option); they get the nearest they can:
each key earns its share, any wrong choice cancels the item. Each file says so.

The Anki deck is written so that Anki accepts it as its own: each note's id is derived from the
question id (a millisecond-like creation time, the same in every export), its guid is the question
id, and its modification time is the export time, so importing a newer export *updates* the notes
(Anki updates a note only when the incoming one is newer).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import itertools
import json
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import genanki
from docx import Document
from docx.document import Document as DocxDocument
from docx.opc.oxml import serialize_part_xml
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from openpyxl import Workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from kb import store
from kb.models import Clause
from kb.views import clause_label
from quiz.exam import draw_paper, get_paper, paper_questions
from quiz.model import CLOZE, JUDGE, LETTERS, MULTI, SINGLE, TYPE_LABELS, TYPES, explanation_body
from quiz.paper import chapter_of
from quiz.practice import answer_text as key_text
from quiz.review import select_questions
from quiz.scoring import EXAM_COUNTS, EXAM_MINUTES, PASS_MARK, POINTS

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
OTHER_ANSWERS_SEPARATOR = "；"
XLSX_HEADER = ["题号", "题干", "题型", *(f"选项{x}" for x in LETTERS), "正确答案", "解析", "来源", "难度", "其他答案"]
DECK_ID = 1_748_203_117  # stable ids: re-importing the deck updates the notes instead of duplicating them
MODEL_ID = 1_748_203_118
CATEGORY_ROOT = "$course$/政策题库"
DEFAULT_GRADE = {SINGLE: int(POINTS[SINGLE]), MULTI: int(POINTS[MULTI]), JUDGE: 1, CLOZE: 1}  # Moodle marks
EAST_ASIA_FONT = "SimSun"  # 宋体: Word knows both names; LibreOffice substitutes a serif CJK face for SimSun only
EAST_ASIA_ALT_NAME = "宋体"
DEFAULT_TITLE = "社区工作者政策练习题"


def letters_or_spellings(q: dict[str, Any]) -> str:
    """The key in one cell: ABD, 正确, or a cloze's printed spelling (the others go to 其他答案)."""
    if q["type"] in (SINGLE, MULTI):
        return "".join(q["answer"])
    return str(q["answer"][0]) if q["answer"] else ""


def source_text(q: dict[str, Any]) -> str:
    return "；".join(q["refs"])


def to_jsonl(questions: Iterable[dict[str, Any]]) -> Iterable[str]:
    """One JSON object a line."""
    for q in questions:
        yield json.dumps(q, ensure_ascii=False) + "\n"


def to_xlsx(questions: Sequence[dict[str, Any]]) -> bytes:
    """An Excel sheet: 题干, 题型, 选项A–E, 正确答案 (one spelling), 解析, 来源, 难度, 其他答案."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "题库"
    ws.append(XLSX_HEADER)
    for q in questions:
        options = list(q["options"]) + [""] * (5 - len(q["options"]))
        others = OTHER_ANSWERS_SEPARATOR.join(q["answer"][1:]) if q["type"] == CLOZE else ""
        ws.append(
            [
                q["id"],
                q["stem"],
                TYPE_LABELS[q["type"]],
                *options[:5],
                letters_or_spellings(q),
                q["explanation"],
                source_text(q),
                q["difficulty"],
                others,
            ]
        )
    for col, width in zip("ABCDEFGHIJKLM", (14, 60, 10, 24, 24, 24, 24, 24, 10, 60, 30, 6, 16), strict=True):
        ws.column_dimensions[col].width = width
    notes = wb.create_sheet("说明")
    notes.append([PARTIAL_NOTE])
    notes.append(
        [
            f"填空题的“正确答案”只写一种写法（印在试卷上的那种）；其他可接受的写法在“其他答案”列，用“{OTHER_ANSWERS_SEPARATOR}”分隔。"
        ]
    )
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _by_type(questions: Sequence[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    return [(t, [q for q in questions if q["type"] == t]) for t in TYPES if any(q["type"] == t for q in questions)]


_CN_ORDER = "一二三四五六七八九十"


def _east_asia_rpr(rpr: Any) -> None:
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.attrib.pop(qn("w:eastAsiaTheme"), None)  # a theme font wins over a named one
    fonts.set(qn("w:eastAsia"), EAST_ASIA_FONT)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:eastAsia"), "zh-CN")


def _set_east_asia_font(doc: DocxDocument) -> None:
    """A4 pages, and SimSun (宋体) with a Chinese language tag on every style text is set in.

    A .docx names one East Asian font per style or run; it has no fallback list. What it can do is
    say which language the text is in (``w:lang w:eastAsia="zh-CN"``, and the document's
    ``themeFontLang``, Japanese in python-docx's template) and give the font table an alternative
    name (``w:altName`` 宋体) with the GB2312 charset (86). The fallback is the reader's: LibreOffice
    on Debian, which has no SimSun, substitutes Noto Serif CJK (fonts-noto-cjk) for it; for the name
    宋体 it found only the sans-serif JP face.
    """
    for section in doc.sections:
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.left_margin = section.right_margin = Cm(2.5)
        section.top_margin = section.bottom_margin = Cm(2.5)
    default_rpr = doc.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    if default_rpr is not None:
        _east_asia_rpr(default_rpr)
    for name in ("Normal", "Title", "Heading 1", "Heading 2", "List"):
        _east_asia_rpr(doc.styles[name].element.get_or_add_rPr())
    theme_lang = doc.settings.element.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:eastAsia"), "zh-CN")
    # python-docx keeps the font table as a plain part: add the entry to its XML (lxml keeps the prefixes).
    font_table = next(r.target_part for r in doc.part.rels.values() if r.reltype.endswith("/fontTable"))
    fonts_xml = parse_xml(font_table.blob)
    font = OxmlElement("w:font", attrs={qn("w:name"): EAST_ASIA_FONT})
    for tag, value in (("altName", EAST_ASIA_ALT_NAME), ("charset", "86"), ("family", "auto"), ("pitch", "variable")):
        font.append(OxmlElement(f"w:{tag}", attrs={qn("w:val"): value}))
    fonts_xml.append(font)
    font_table._blob = serialize_part_xml(fonts_xml)


def _section_heading(index: int, qtype: str, count: int) -> str:
    heading = f"{_CN_ORDER[index]}、{TYPE_LABELS[qtype]}（共 {count} 题"
    if qtype == MULTI:
        return heading + f"，每题 {POINTS[MULTI]:g} 分；错选不得分，少选每个正确选项得 0.5 分）"
    if qtype in POINTS:
        return heading + f"，每题 {POINTS[qtype]:g} 分）"
    return heading + "）"


def is_exam_paper(questions: Sequence[dict[str, Any]]) -> bool:
    """Whether a set has the real exam's format: 60 单选 then 20 多选, nothing else."""
    counts = {t: len(items) for t, items in _by_type(questions)}
    return counts == dict(EXAM_COUNTS)


def to_docx(questions: Sequence[dict[str, Any]], title: str) -> tuple[bytes, bytes]:
    """A Word paper on A4 and its separate answer key (numbered alike, each answer printed once)."""
    paper, key = Document(), Document()
    for doc in (paper, key):
        doc.styles["Normal"].font.size = Pt(11)
        _set_east_asia_font(doc)
    paper.add_heading(title, level=1)
    if is_exam_paper(questions):
        total = sum(POINTS[q["type"]] for q in questions)
        paper.add_paragraph(
            f"本卷共 {len(questions)} 题，满分 {total:g} 分，考试时间 {EXAM_MINUTES} 分钟，{PASS_MARK:g} 分及格。"
        )
    paper.add_paragraph("姓名：__________　　得分：__________")
    key.add_heading(f"{title}（参考答案与解析）", level=1)
    number = 0
    for i, (qtype, items) in enumerate(_by_type(questions)):
        heading = _section_heading(i, qtype, len(items))
        paper.add_heading(heading, level=2)
        key.add_heading(heading, level=2)
        for q in items:
            number += 1
            stem = q["stem"] + ("（　）" if qtype == JUDGE else "")
            paper.add_paragraph(f"{number}. {stem}")
            for j, option in enumerate(q["options"]):
                paper.add_paragraph(f"{LETTERS[j]}. {option}", style="List")
            key.add_paragraph(f"{number}. 答案：{key_text(q)}")
            key.add_paragraph(explanation_body(str(q["explanation"])))
    out = []
    for doc in (paper, key):
        buf = io.BytesIO()
        doc.save(buf)
        out.append(buf.getvalue())
    return out[0], out[1]


def _fraction(n_keys: int) -> str:
    return f"{100 / n_keys:.5f}".rstrip("0").rstrip(".")


def _category_name(part: str) -> str:
    return part.replace("/", "／").strip() or "（未分章）"


def category_path(category: tuple[str, str]) -> str:
    """The Moodle category of a question: $course$/政策题库/<work title>/<chapter heading>."""
    return "/".join([CATEGORY_ROOT, *(_category_name(p) for p in category)])


def _grouped(
    questions: Sequence[dict[str, Any]], categories: Mapping[str, tuple[str, str]]
) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """The questions by category, categories in the order they first occur."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for q in questions:
        groups.setdefault(category_path(categories.get(q["id"], (q["work"], ""))), []).append(q)
    yield from groups.items()


def to_moodle_xml(questions: Sequence[dict[str, Any]], categories: Mapping[str, tuple[str, str]]) -> str:
    """Moodle XML: a category per work and chapter; multichoice (single and multi), truefalse, shortanswer."""
    quiz = ET.Element("quiz")
    quiz.append(ET.Comment(f" {PARTIAL_NOTE} "))
    for path, group in _grouped(questions, categories):
        cat = ET.SubElement(quiz, "question", type="category")
        ET.SubElement(ET.SubElement(cat, "category"), "text").text = path
        for q in group:
            _moodle_question(quiz, q)
    ET.indent(quiz)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(quiz, encoding="unicode") + "\n"


def _moodle_question(quiz: ET.Element, q: dict[str, Any]) -> None:
    kind = {SINGLE: "multichoice", MULTI: "multichoice", JUDGE: "truefalse", CLOZE: "shortanswer"}[q["type"]]
    el = ET.SubElement(quiz, "question", type=kind)
    ET.SubElement(ET.SubElement(el, "name"), "text").text = f"{q['id']} {q['stem'][:30]}"
    qt = ET.SubElement(el, "questiontext", format="plain_text")
    ET.SubElement(qt, "text").text = q["stem"]
    fb = ET.SubElement(el, "generalfeedback", format="plain_text")
    ET.SubElement(fb, "text").text = q["explanation"]
    ET.SubElement(el, "defaultgrade").text = str(DEFAULT_GRADE[q["type"]])
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


_GIFT_SPECIAL = str.maketrans({c: f"\\{c}" for c in "~=#{}:"})


def gift_escape(s: str) -> str:
    """Escape GIFT's control characters."""
    return s.replace("\\", "\\\\").translate(_GIFT_SPECIAL).replace("\n", "\\n")


def to_gift(questions: Sequence[dict[str, Any]], categories: Mapping[str, tuple[str, str]]) -> str:
    """GIFT text: a $CATEGORY line per work and chapter, one question a paragraph, feedback after ####."""
    lines = [f"// {PARTIAL_NOTE}", ""]
    for path, group in _grouped(questions, categories):
        lines += [f"$CATEGORY: {path}", ""]
        for q in group:
            lines += [_gift_question(q), ""]
    return "\n".join(lines)


def _gift_question(q: dict[str, Any]) -> str:
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
    return f"{head}{{{body} {feedback}}}"


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


# Note ids are creation times in milliseconds; ours fall between 2011-03 and 2024-01 (before any real
# export), even numbers only, so that a note's one card can take the next id.
_NOTE_ID_BASE = 1_300_000_000_000
_NOTE_ID_SPAN = 200_000_000_000


def note_ids(question_ids: Iterable[str]) -> dict[str, int]:
    """A stable Anki note id per question id (a rare clash moves the later id, in id order, up by 2)."""
    taken: set[int] = set()
    out: dict[str, int] = {}
    for qid in sorted(set(question_ids)):
        digest = int.from_bytes(hashlib.sha256(qid.encode("utf-8")).digest()[:8], "big")
        nid = _NOTE_ID_BASE + 2 * (digest % _NOTE_ID_SPAN)
        while nid in taken:
            nid += 2
        taken.add(nid)
        out[qid] = nid
    return out


class _StableNote(genanki.Note):  # type: ignore[misc]
    """A note written with its own id (and its card with the id after it), not the package's counter."""

    def __init__(self, note_id: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.note_id = note_id

    def write_to_db(self, cursor: Any, timestamp: float, deck_id: int, _id_gen: Any) -> None:
        super().write_to_db(cursor, timestamp, deck_id, itertools.count(self.note_id))


def to_apkg(questions: Sequence[dict[str, Any]], deck_name: str, *, now: dt.datetime) -> bytes:
    """An Anki deck: stable note ids and guids (the question id), modified at ``now``, so a new export updates old notes."""
    model = _card_model()
    deck = genanki.Deck(DECK_ID, deck_name)
    ids = note_ids(q["id"] for q in questions)
    for q in questions:
        options = "<br>".join(f"{LETTERS[j]}. {_html(o)}" for j, o in enumerate(q["options"]))
        fields = [_html(q["stem"]), options, _html(key_text(q)), _html(explanation_body(str(q["explanation"]))), q["id"]]
        tags = [t.replace(" ", "_") for t in q["tags"]]
        deck.add_note(_StableNote(ids[q["id"]], model=model, fields=fields, guid=q["id"], tags=tags))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "deck.apkg"
        genanki.Package(deck).write_to_file(str(path), timestamp=now.timestamp())
        return path.read_bytes()


def render(
    questions: Sequence[dict[str, Any]],
    fmt: str,
    title: str,
    *,
    now: dt.datetime,
    categories: Mapping[str, tuple[str, str]] | None = None,
) -> list[tuple[str, bytes]]:
    """The files of an export: (name suffix, bytes); a Word paper comes with its key as a second file."""
    categories = categories or {}
    if fmt == "jsonl":
        return [("", "".join(to_jsonl(questions)).encode("utf-8"))]
    if fmt == "xlsx":
        return [("", to_xlsx(questions))]
    if fmt in ("docx", "docx-key"):
        paper, key = to_docx(questions, title)
        return [("", paper), ("-答案", key)] if fmt == "docx" else [("", key)]
    if fmt == "moodle":
        return [("", to_moodle_xml(questions, categories).encode("utf-8"))]
    if fmt == "gift":
        return [("", to_gift(questions, categories).encode("utf-8"))]
    if fmt == "apkg":
        return [("", to_apkg(questions, title, now=now))]
    raise ValueError(fmt)


# ---- services: what is exported ------------------------------------------------------------------


def question_categories(session: Session, questions: Sequence[dict[str, Any]]) -> dict[str, tuple[str, str]]:
    """Each question's (work title, chapter heading): the top-level clause of its main source."""
    titles = {w.slug: w.title for w in store.list_works(session)}
    chapters = {q["id"]: chapter_of(q["refs"][0]) if q["refs"] else "" for q in questions}
    wanted = sorted({c for c in chapters.values() if "/" in c})
    labels = {c.ref: clause_label(c) for c in session.scalars(select(Clause).where(Clause.ref.in_(wanted)))} if wanted else {}
    return {q["id"]: (titles.get(q["work"], q["work"]), labels.get(chapters[q["id"]], "")) for q in questions}


def select_paper(session: Session, *, seed: int | None = None, paper_id: int | None = None) -> tuple[list[dict[str, Any]], str]:
    """The questions of a paper, in paper order, and its title: the one a seed draws, or a fixed paper."""
    if paper_id is not None:
        paper = get_paper(session, paper_id)
        printed = paper_questions(session, paper)  # a snapshot per question, plus what a printed paper shows
        return [{k: v for k, v in q.items() if k not in ("span_key", "answer_text")} for q in printed], paper.title
    assert seed is not None
    by_id = {q["id"]: q for q in select_questions(session)}
    return [by_id[i] for i in draw_paper(session, seed)], f"社会工作法规与政策 模拟试卷（组卷号 {seed}）"


def export_files(
    session: Session, questions: Sequence[dict[str, Any]], fmt: str, *, title: str, now: dt.datetime
) -> list[tuple[str, bytes]]:
    """Render an export, with the categories Moodle and GIFT file questions under."""
    categories = question_categories(session, questions) if fmt in ("moodle", "gift") else None
    return render(questions, fmt, title, now=now, categories=categories)
