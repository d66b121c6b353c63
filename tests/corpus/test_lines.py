from corpus.lines import assemble_paragraphs, drop_noise, split_lines


def paragraphs(text: str) -> list[str]:
    lines, _ = drop_noise(split_lines(text))
    return [p.text.text for p in assemble_paragraphs(lines)]


def test_hard_wrapped_lines_and_page_breaks_are_joined() -> None:
    text = (
        "一、总体要求\n\n"
        "加强社区工作者队伍建设，要坚持以习近平新时代中国特色社会主义思想为指导，深入贯彻党的二十大精神，全\n\n"
        "面贯彻习近平总书记关于基层治理的重要论述。\n\n"
        " 1.明确人员范围。本意见所称社区工作者，是指在社区从事党建、治理、服务工作的全日制专职工作人员，主要\n\n"
        "包括社区党组织成员。\n"
    )
    assert paragraphs(text) == [
        "一、总体要求",
        "加强社区工作者队伍建设，要坚持以习近平新时代中国特色社会主义思想为指导，深入贯彻党的二十大精神，全面贯彻习近平总书记关于基层治理的重要论述。",
        "1.明确人员范围。本意见所称社区工作者，是指在社区从事党建、治理、服务工作的全日制专职工作人员，主要包括社区党组织成员。",
    ]


def test_a_word_a_page_break_prints_twice_is_joined_once() -> None:
    # the Jiangsu measures: 可按事业单位公开招聘 | page break | 招聘规定择优聘用 (seeds review 37: 公开招聘招聘规定)
    text = "对表现优秀的社区党组织书记，可按事业单位公开招聘\n\n招聘规定择优聘用为事业单位工作人员。\n"
    assert paragraphs(text) == ["对表现优秀的社区党组织书记，可按事业单位公开招聘规定择优聘用为事业单位工作人员。"]
    # a hard-wrapped line that goes on with no break between is left as printed, and so is one shared character
    assert paragraphs("县级党委组织部门会同社会工作部门每年组织培训工作培训\n培训内容包括政策法规。\n") == [
        "县级党委组织部门会同社会工作部门每年组织培训工作培训培训内容包括政策法规。"
    ]
    assert paragraphs("社区工作者由县级统一组织公开招聘，经考核合格的社\n\n社区居民委员会成员可以续聘。\n")[0].count("社") == 3


def test_url_and_page_number_lines_are_dropped_and_reported() -> None:
    text = "提供更加便捷高\nhttps://example.com/s?wd=%E4%BE\n- 12 -\n效的服务。\n"
    lines, dropped = drop_noise(split_lines(text))
    assert [d.kind for d in dropped] == ["url", "page_number"]
    assert [d.line for d in dropped] == [2, 3]
    assert [p.text.text for p in assemble_paragraphs(lines)] == ["提供更加便捷高效的服务。"]


def test_titles_dates_and_signatories_stand_alone() -> None:
    text = "中共某某省委组织部\n某某省民政厅\n2024年5月6日\n关于印发《关于加强社区工作者队伍建设的\n若干措施》的通知\n"
    assert paragraphs(text) == [
        "中共某某省委组织部",
        "某某省民政厅",
        "2024年5月6日",
        "关于印发《关于加强社区工作者队伍建设的若干措施》的通知",
    ]


def test_markdown_headings_never_join_and_lose_their_hashes() -> None:
    text = "## 一、总体要求\n坚持党的领导\n## 二、健全职业体系\n"
    assert paragraphs(text) == ["一、总体要求", "坚持党的领导", "二、健全职业体系"]


def test_crlf_line_ends_keep_offsets_into_the_raw_text() -> None:
    text = "一、总体要求\r\n加强社区工作者队伍建设。\r\n"
    lines, _ = drop_noise(split_lines(text))
    para = assemble_paragraphs(lines)[1]
    start, end = para.text.span()
    assert text[start:end] == "加强社区工作者队伍建设。"
