"""A cloze answer typed on a phone: spaces and punctuation do not count, digits and ranges do."""

import pytest

from quiz.text import answer_matches


@pytest.mark.parametrize(
    ("typed", "key", "right"),
    [
        ("政治素质 业务能力", "政治素质、业务能力", True),
        ("政治素质，业务能力。", "政治素质、业务能力", True),
        ("三社联动", "“三社联动”", True),
        ("党建 引领", "党建引领", True),
        ("0.5", "０.５", True),
        ("05", "0.5", False),  # a decimal point counts
        ("7 ～ 18", "7—18", True),
        ("718", "7—18", False),  # so does a range's dash
        ("政治素质", "政治素质、业务能力", False),
    ],
)
def test_cloze_answers_ignore_spaces_and_punctuation(typed: str, key: str, right: bool) -> None:
    assert answer_matches(typed, (key,)) is right
