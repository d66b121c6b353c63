"""Each export opened by the program that uses it: Anki's own library, Moodle's XML shape, Word's XML and LibreOffice."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest
from docx import Document
from flask import Flask
from flask.testing import FlaskCliRunner
from openpyxl import load_workbook

from quiz.export import CATEGORY_ROOT, note_ids, to_apkg
from quiz.review import select_questions
from tests.conftest import NOW
from web.db import get_session

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _import(col: Collection, path: Path) -> tuple[int, int, int]:
    request = ImportAnkiPackageRequest(package_path=str(path), options=ImportAnkiPackageOptions(with_scheduling=False))
    log = col.import_anki_package(request).log
    return len(log.new), len(log.updated), len(log.duplicate)


def test_anki_deck_imports_clean_and_reimports_as_updates(app: Flask, tmp_path: Path) -> None:
    with app.app_context():
        questions = select_questions(get_session(), work="shequ-yijian-2024")
    first = tmp_path / "v1.apkg"
    first.write_bytes(to_apkg(questions, "意见练习", now=NOW))
    edited = [dict(q) for q in questions]
    edited[0]["stem"] = edited[0]["stem"] + "（培训师改过）"
    second = tmp_path / "v2.apkg"
    second.write_bytes(to_apkg(edited, "意见练习", now=NOW + dt.timedelta(days=1)))

    col = Collection(str(tmp_path / "collection.anki2"))
    try:
        assert _import(col, first) == (len(questions), 0, 0)
        message, ok = col.fix_integrity()  # Anki's Check Database
        assert ok, message
        nids = sorted(col.find_notes(""))
        assert nids == sorted(note_ids(q["id"] for q in questions).values())
        assert all(1_000_000_000_000 < n < NOW.timestamp() * 1000 for n in nids)  # creation times in ms, in the past
        note = col.get_note(nids[0])
        assert note.mod == int(NOW.timestamp()) and note["Id"] == note.guid

        new, updated, _ = _import(col, second)
        assert new == 0 and updated >= 1  # the trainer's fix reaches the deck
        assert col.note_count() == len(questions)
        changed = col.get_note(note_ids([edited[0]["id"]])[edited[0]["id"]])
        assert changed["Stem"].endswith("（培训师改过）")
        message, ok = col.fix_integrity()
        assert ok, message
    finally:
        col.close()


def test_note_ids_are_stable_and_distinct() -> None:
    ids = note_ids(f"q{i:011x}" for i in range(2000))
    assert len(set(ids.values())) == 2000 and all(n % 2 == 0 for n in ids.values())  # the card takes n + 1
    assert note_ids(["q00000000007"]) == {"q00000000007": ids["q00000000007"]}


def test_moodle_xml_grades_and_categories(runner: FlaskCliRunner, tmp_path: Path) -> None:
    out = tmp_path / "q.xml"
    assert runner.invoke(args=["export", "questions", "--format", "moodle", "-o", str(out)]).exit_code == 0
    root = ET.parse(out).getroot()
    category = None
    seen: dict[str, int] = {}
    for el in root.findall("question"):
        if el.get("type") == "category":
            category = el.findtext("category/text") or ""
            assert category.startswith(CATEGORY_ROOT + "/") and len(category.split("/")) == 4
            continue
        assert category is not None  # every question sits under a category
        assert el.findtext("name/text") and el.findtext("questiontext/text")
        grade = el.findtext("defaultgrade")
        fractions = [float(a.get("fraction") or 0) for a in el.findall("answer")]
        if el.get("type") == "multichoice":
            single = el.findtext("single") == "true"
            assert grade == ("1" if single else "2")
            if single:
                assert sum(fractions) == 100 and fractions.count(100) == 1
            else:
                assert sum(f for f in fractions if f > 0) == pytest.approx(100, abs=0.01)
        else:
            assert grade == "1" and max(fractions) == 100
        seen[category] = seen.get(category, 0) + 1
    assert len(seen) >= 10  # per work and chapter
    assert f"{CATEGORY_ROOT}/关于加强社区工作者队伍建设的意见/二、健全职业体系" in seen


def test_gift_has_categories(runner: FlaskCliRunner, tmp_path: Path) -> None:
    out = tmp_path / "q.gift.txt"
    assert (
        runner.invoke(args=["export", "questions", "--format", "gift", "-o", str(out), "--work", "jiangsu-cuoshi-2024"]).exit_code
        == 0
    )
    lines = out.read_text(encoding="utf-8").splitlines()
    cats = [line for line in lines if line.startswith("$CATEGORY: ")]
    assert len(cats) >= 2 and all(c.startswith(f"$CATEGORY: {CATEGORY_ROOT}/") for c in cats)
    assert lines.index(cats[0]) < next(i for i, line in enumerate(lines) if line.startswith("::"))


def _paper(runner: FlaskCliRunner, tmp_path: Path, *args: str) -> tuple[Path, list[str], list[str]]:
    out = tmp_path / "paper.docx"
    result = runner.invoke(args=["export", "questions", "--format", "docx", "-o", str(out), *args])
    assert result.exit_code == 0, result.output
    paper = [p.text for p in Document(str(out)).paragraphs]
    key = [p.text for p in Document(str(tmp_path / "paper-答案.docx")).paragraphs]
    return out, paper, key


def test_word_paper_is_a_real_paper_on_a4_with_a_chinese_font(runner: FlaskCliRunner, tmp_path: Path) -> None:
    out, paper, key = _paper(runner, tmp_path, "--paper", "1")
    items = [t for t in paper if t[:1].isdigit() and ". " in t[:5]]
    assert len(items) == 80 and any("共 60 题" in t for t in paper) and any("共 20 题" in t for t in paper)
    assert any("满分 100 分" in t for t in paper)
    assert sum(t.count("答案：") for t in key) == 80  # each answer printed once
    doc = Document(str(out))
    section = doc.sections[0]
    assert round(section.page_width.cm, 1) == 21.0 and round(section.page_height.cm, 1) == 29.7
    fonts = doc.styles["Normal"].element.rPr.find(f"{W}rFonts")
    assert fonts.get(f"{W}eastAsia") == "SimSun" and fonts.get(f"{W}eastAsiaTheme") is None
    for name in ("Heading 1", "Heading 2", "List"):
        assert doc.styles[name].element.rPr.find(f"{W}rFonts").get(f"{W}eastAsia") == "SimSun"

    again = tmp_path / "again"
    again.mkdir()
    same, _, _ = _paper(runner, again, "--paper", "1")
    assert [p.text for p in Document(str(same)).paragraphs] == paper  # the same seed, the same paper


def test_word_paper_of_a_chosen_set_and_refusals(runner: FlaskCliRunner, tmp_path: Path) -> None:
    _, paper, key = _paper(runner, tmp_path, "--type", "judge", "--work", "shequ-yijian-2024")
    items = [t for t in paper if t[:1].isdigit() and ". " in t[:5]]
    assert items and sum(t.count("答案：") for t in key) == len(items)
    assert (
        "整套试卷"
        in runner.invoke(args=["export", "questions", "--paper", "1", "--work", "x", "-o", str(tmp_path / "a.docx")]).output
    )
    assert (
        "没有这套试卷" in runner.invoke(args=["export", "questions", "--paper-id", "999", "-o", str(tmp_path / "b.docx")]).output
    )


@pytest.mark.skipif(not (shutil.which("libreoffice") and shutil.which("pdffonts")), reason="libreoffice / pdffonts not installed")
def test_libreoffice_prints_the_paper_in_a_chinese_serif_face(runner: FlaskCliRunner, tmp_path: Path) -> None:
    out, _, _ = _paper(runner, tmp_path, "--paper", "1")
    subprocess.run(
        [
            "libreoffice",
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(out),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    fonts = subprocess.run(["pdffonts", str(tmp_path / "paper.pdf")], check=True, capture_output=True, text=True).stdout
    assert "NotoSerifCJK" in fonts and "NotoSansCJK" not in fonts


def test_excel_one_spelling_per_cell(runner: FlaskCliRunner, tmp_path: Path) -> None:
    out = tmp_path / "q.xlsx"
    assert runner.invoke(args=["export", "questions", "--format", "xlsx", "-o", str(out), "--type", "cloze"]).exit_code == 0
    rows = list(load_workbook(out)["题库"].iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    key, others = header.index("正确答案"), header.index("其他答案")
    assert body and not any("｜" in str(r[key]) for r in body)
    assert any(r[others] for r in body)  # 5 / 五: the other spelling kept, in its own column
