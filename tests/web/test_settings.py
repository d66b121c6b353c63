"""The settings table: one place, documented, read by type, the same for the build and the pages."""

import re
from pathlib import Path

import pytest
from flask import Flask

from corpus.errors import InvalidInput
from web import create_app
from web.settings import SETTINGS, environment_values, normalise

README = Path(__file__).resolve().parents[2] / "README.md"


def test_every_setting_is_in_the_readme_table_and_nothing_else_is() -> None:
    text = README.read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `POLICYKB_([A-Z_]+)` \|", text, flags=re.MULTILINE))
    assert documented == {s.name for s in SETTINGS}


def test_every_help_is_chinese_and_every_default_has_its_type(tmp_path: Path) -> None:
    for setting in SETTINGS:
        assert re.search(r"[\u4e00-\u9fff]", setting.help), setting.name
        default = setting.default_for(tmp_path)
        assert default is None or isinstance(default, setting.type), setting.name


def test_environment_values_are_parsed_by_type() -> None:
    values = environment_values(
        {"POLICYKB_REQUIRE_LOGIN": "yes", "POLICYKB_EXAM_MINUTES": " 90 ", "POLICYKB_TOPICS_PATH": "/x/t.txt", "OTHER": "1"}
    )
    assert values == {"REQUIRE_LOGIN": True, "EXAM_MINUTES": 90, "TOPICS_PATH": Path("/x/t.txt")}
    assert environment_values({"DATABASE_URL": "sqlite:///a.db"}) == {"DATABASE_URL": "sqlite:///a.db"}


@pytest.mark.parametrize(
    ("name", "value", "says"),
    [("POLICYKB_EXAM_MINUTES", "abc", "应为整数"), ("POLICYKB_REQUIRE_LOGIN", "maybe", "应为 1/0")],
)
def test_a_bad_environment_value_names_the_variable(name: str, value: str, says: str) -> None:
    with pytest.raises(InvalidInput, match=f"{name}.*{says}"):
        environment_values({name: value})


def test_create_app_reads_the_environment_once(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("POLICYKB_DATABASE_URL", f"sqlite:///{tmp_path / 'x.sqlite3'}")
    monkeypatch.setenv("POLICYKB_EXAM_MINUTES", "45")
    monkeypatch.setenv("POLICYKB_SECRET_KEY", "k" * 32)
    monkeypatch.setenv("POLICYKB_INDEX_DIR", str(tmp_path / "idx"))
    app = create_app()
    try:
        assert app.config["EXAM_MINUTES"] == 45
        assert app.config["INDEX_DIR"] == tmp_path / "idx"
        assert app.config["SECRET_KEY"] == "k" * 32
    finally:
        app.extensions["policykb.engine"].dispose()


def test_a_test_config_given_as_text_is_normalised(app: Flask) -> None:
    assert isinstance(app.config["INDEX_DIR"], Path)
    assert normalise({"REQUIRE_LOGIN": "0", "EXAM_MINUTES": "30", "UNKNOWN": 1}) == {"REQUIRE_LOGIN": False, "EXAM_MINUTES": 30}
    assert {s.name for s in SETTINGS} <= set(app.config)


def test_the_topics_file_of_the_settings_is_the_one_the_pages_read(app: Flask, tmp_path: Path) -> None:
    topics = tmp_path / "topics.txt"
    topics.write_text("试点专题: 借调\n", encoding="utf-8")
    app.config["TOPICS_PATH"] = topics
    data = app.test_client().get("/topics.json").get_json()
    assert [t["name"] for t in data["topics"]] == ["试点专题"]
