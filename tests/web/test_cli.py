import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner

from corpus import DEFAULT_RAW
from corpus.model import CorpusBuild


def test_show_prints_a_clause_with_its_place_and_source(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["show", "jiangsu-cuoshi-2024/4.11"])
    assert result.exit_code == 0, result.output
    assert "建立退出机制" in result.output
    assert "（5）连续旷工超过10个工作日" in result.output
    assert "负责：省委组织部、省委社会工作部" in result.output
    assert "002_007a26220965cdd5.txt" in result.output


def test_show_json_and_unknown_ref(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["show", "shequ-yijian-2024/2.3", "--json"])
    assert json.loads(result.output)["heading"] == "优化工作力量配置"
    missing = runner.invoke(args=["show", "shequ-yijian-2024/9.99"])
    assert missing.exit_code != 0
    assert "没有这个条款" in missing.output and "Traceback" not in missing.output


def test_export_clauses_jsonl_contract(runner: FlaskCliRunner, tmp_path: Path, corpus_build: CorpusBuild) -> None:
    out = tmp_path / "clauses.jsonl"
    result = runner.invoke(args=["export", "clauses", "--format", "jsonl", "--output", str(out)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == corpus_build.summary["clauses"] == sum(len(wt.clauses) for w in corpus_build.works for wt in w.witnesses)
    fields = {
        "ref",
        "work",
        "work_title",
        "level",
        "region",
        "date",
        "witness",
        "is_base",
        "number",
        "heading",
        "parent",
        "depth",
        "text",
        "span",
    }
    assert all(fields <= row.keys() for row in rows)
    row = next(r for r in rows if r["ref"] == "shequ-yijian-2024/2.3")
    assert row["parent"] == "shequ-yijian-2024/2" and row["depth"] == 2 and row["number"] == "3."
    assert row["witness"] == "000_0e4e91596175dd2b.txt" and row["is_base"] is True and row["date"] == "2024-03-28"
    assert {r["level"] for r in rows} == {"central", "provincial", "municipal", "compilation"}
    assert not list(tmp_path.glob("*.part"))


def test_build_from_another_folder_reports_and_skips_bad_files(app: Flask, tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(DEFAULT_RAW, raw)
    (raw / "empty.txt").write_bytes(b"")
    (raw / "binary.txt").write_bytes(b"\x00\x01\xfa\xfb" * 40)
    result = app.test_cli_runner().invoke(args=["build", "--corpus", str(raw)])
    assert result.exit_code == 0, result.output
    assert "跳过 2 个文件" in result.output
    assert "empty.txt" in result.output and "binary.txt" in result.output
    assert "5 件文件" in result.output


def test_a_failed_build_keeps_what_was_stored(app: Flask, tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "bad.txt").write_bytes(b"")
    result = app.test_cli_runner().invoke(args=["build", "--corpus", str(raw)])
    assert result.exit_code != 0
    assert "没有任何文件能够解析出条款" in result.output
    # the previous corpus is still there
    shown = app.test_cli_runner().invoke(args=["show", "shequ-yijian-2024/2.3"])
    assert shown.exit_code == 0 and "优化工作力量配置" in shown.output


def test_build_into_a_named_database(app: Flask, tmp_path: Path, corpus_build: CorpusBuild) -> None:
    db = tmp_path / "other.sqlite3"
    result = app.test_cli_runner().invoke(args=["build", "--db", f"sqlite:///{db}"])
    assert result.exit_code == 0, result.output
    assert db.exists() and f"{corpus_build.summary['clauses']} 个条款" in result.output


def test_rebuild_keeps_refs(app: Flask) -> None:
    runner = app.test_cli_runner()
    before = runner.invoke(args=["export", "clauses"]).output
    assert runner.invoke(args=["build"]).exit_code == 0
    after = runner.invoke(args=["export", "clauses"]).output
    assert [json.loads(x)["ref"] for x in before.splitlines()] == [json.loads(x)["ref"] for x in after.splitlines()]


def test_help_is_in_chinese() -> None:
    from click.testing import CliRunner

    from web.cli import cli

    result = CliRunner().invoke(cli, ["build", "--help"])
    assert "导入语料" in result.output


def test_domain_errors_are_reported_in_chinese_by_one_hook(runner: FlaskCliRunner) -> None:
    for args in (["show", "no-such-work/1"], ["diff", "no-such-work", "shequ-yijian-2024"], ["drill", "--user", "nobody"]):
        result = runner.invoke(args=args)
        assert result.exit_code == 1, (args, result.output)
        assert result.output.startswith("错误："), (args, result.output)
        assert "Error:" not in result.output and "Traceback" not in result.output


def test_questions_sample_writes_a_review_sheet(runner: FlaskCliRunner, tmp_path: Path) -> None:
    out = tmp_path / "sheet.md"
    result = runner.invoke(args=["questions", "sample", "--n", "30", "--seed", "11", "-o", str(out)])
    assert result.exit_code == 0, result.output
    sheet = out.read_text(encoding="utf-8")
    assert sheet.count("<details><summary>答案与解析</summary>") == 30
    assert sheet.count("> 出处：") >= 30
    again = runner.invoke(args=["questions", "sample", "--n", "30", "--seed", "11"])
    assert again.output.split("\n")[4:] == sheet.split("\n")[4:]  # the same seed gives the same sheet


def test_analyse_prints_slots_and_lists_of_a_clause(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["analyse", "shequ-yijian-2024/3.8"])
    assert result.exit_code == 0, result.output
    assert "主体  县级党委组织部门  （层级 县级）" in result.output
    assert "数字  1次  （= 1 次；每3年）" in result.output
    assert "健全由 | 初任培训 ／ 在职培训 ／ 专项工作培训 ／ 实践锻炼 | 等组成的培训体系" in result.output
    assert "县级/b" in result.output


def test_analyse_json_and_unknown_ref(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["analyse", "shequ-yijian-2024/3.8", "--json"])
    data = json.loads(result.output)
    assert data["clause"]["ref"] == "shequ-yijian-2024/3.8"
    kinds = {s["kind"] for s in data["analysis"]["slots"]}
    assert {"number", "body", "level", "scope", "modality"} <= kinds
    assert data["analysis"]["counts"]["lists"] == len(data["analysis"]["lists"]) > 0
    missing = runner.invoke(args=["analyse", "shequ-yijian-2024/9.99"])
    assert missing.exit_code == 1
    assert "没有这个条款" in missing.output and "Traceback" not in missing.output


def test_policykb_help_lists_our_commands_only_in_chinese() -> None:
    from click.testing import CliRunner

    from web.cli import COMMANDS, cli

    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0, result.output
    listed = re.findall(r"^  (\S+) ", result.output.split("命令：", 1)[1], flags=re.MULTILINE)
    assert listed == sorted(c.name or "" for c in COMMANDS)
    for flask_part in ("--env-file", "--app", "--debug", "routes", "shell", "Usage:", "Options:", "Show this message"):
        assert flask_part not in result.output
    assert result.output.startswith("用法：policykb [选项] 命令 [参数]...")


def test_help_imports_no_service_module() -> None:
    """`policykb --help` starts fast because a command imports its services only when it runs."""
    probe = (
        "import sys\nfrom web.cli import main\ntry:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('jieba', 'whoosh', 'sqlalchemy', 'kb.search', 'quiz.bank', 'openpyxl') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", probe, "--help"], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["show"], "错误：缺少参数 'REF'"),
        (["nope"], "错误：没有这个命令：nope"),
        (["build", "--nope"], "错误：没有这个选项：--nope"),
        (["search", "培训", "--limit", "0"], "错误：'--limit' / '-n' 的值不对：应为 1 到 100 之间的整数"),
        (["drill", "--mode", "fast"], "错误：'--mode' 的值不对：应为 order、random、type、wrong、favourites、due、clause 之一"),
        (["user", "role", "someone", "boss"], "的值不对：应为 candidate、trainer 之一"),
    ],
)
def test_a_wrong_command_line_is_told_in_chinese(args: list[str], message: str) -> None:
    from click.testing import CliRunner

    from web.cli import cli

    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2 and message in result.output, result.output
    assert "Error:" not in result.output and "Usage:" not in result.output and "用法：policykb" in result.output


def test_aborted_input_is_told_in_chinese() -> None:
    from click.testing import CliRunner

    from web.cli import cli

    result = CliRunner().invoke(cli, ["user", "add", "someone"], input="")  # end of input at the password prompt
    assert result.exit_code == 1 and "已取消。" in result.output and "Aborted!" not in result.output
