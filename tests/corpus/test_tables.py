from corpus.lines import split_lines
from corpus.tables import Table, check_grade_table, find_tables, row_cells, stated_ranges


def test_empty_cells_are_extra_spaces_and_units_stay_with_numbers() -> None:
    assert row_cells("15 级 25-27 年 34 年以上  1.70 4830.98 ") == ["15级", "25-27年", "34年以上", "", "1.70", "4830.98"]
    assert row_cells("6 级  7-9 年 16-18 年 1.25 3552.19") == ["6级", "", "7-9年", "16-18年", "1.25", "3552.19"]
    assert row_cells("为适应新时代基层社会治理需要，切实提高 2 项能力") is None


def test_a_row_broken_over_two_lines_is_mended() -> None:
    text = "附件 1：\n表\n2 级   4-6 年 1.05 2983.84\n1 级   3 年以下 1.00\n\n2841.75\n试用期    0.90 2557.58\n"
    tables, used = find_tables(split_lines(text))
    assert len(tables) == 1
    assert tables[0].rows[1] == ("1级", "", "", "3年以下", "1.00", "2841.75")
    assert 6 in used


def grade_table(rows: list[tuple[str, ...]]) -> Table:
    return Table(("岗位等级", "社区正职", "社区副职", "工作人员"), tuple(rows), (), "", 0, 0)


def test_grade_table_is_checked_against_the_ranges_the_text_states() -> None:
    ranges = stated_ranges("社区正职为 2～3 级，社区副职为 1～2 级，工作人员为1～1级。")
    assert ranges == [("社区正职", 2, 3), ("社区副职", 1, 2), ("工作人员", 1, 1)]
    good = grade_table([("3级", "9年", "", ""), ("2级", "3年", "6年", ""), ("1级", "", "3年", "2年")])
    assert check_grade_table(good, ranges) == []
    bad = grade_table([("3级", "9年", "9年", ""), ("2级", "3年", "6年", ""), ("1级", "", "3年", "2年")])
    problems = check_grade_table(bad, ranges)
    assert len(problems) == 1
    assert "社区副职" in problems[0] and "1～3级" in problems[0] and "1～2级" in problems[0]
