"""How a clause is named in lists, sheets and the CLI."""

from __future__ import annotations

from kb.models import Clause
from kb.views import clause_label


def test_an_article_without_a_heading_is_named_by_its_number_and_first_words_on_one_line() -> None:
    # laws review 148: 第八条申请登记民办非企业单位，应当具备下列条件：⏎民办… ran the number into the text across a break
    article = Clause(
        number="第八条", heading=None, text="申请登记民办非企业单位，应当具备下列条件：\n（一）经业务主管单位审查同意；"
    )
    assert clause_label(article) == "第八条 申请登记民办非企业单位，应当具备下列条件： （一…"
    assert "\n" not in clause_label(article)
    headed = Clause(number="3.", heading="优化工作力量配置", text="各地按照……配备。")
    assert clause_label(headed) == "3.优化工作力量配置"
