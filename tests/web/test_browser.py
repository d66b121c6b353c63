"""Browser tests: Playwright's Python API driving Debian's Chromium (never a downloaded browser)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed (scripts/test.sh installs it)"),
]


@pytest.fixture
def page(base_url: str) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-gpu",
            ],
        )
        context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
        pg = context.new_page()
        pg.set_default_timeout(15000)
        yield pg
        context.close()
        browser.close()


def test_home_to_the_yijian_to_clause_3(page, base_url: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url + "/")
    page.get_by_role("link", name="关于加强社区工作者队伍建设的意见").click()
    page.wait_for_url("**/works/shequ-yijian-2024")
    assert page.locator("h1").inner_text() == "关于加强社区工作者队伍建设的意见"
    page.locator("#c-2\\.3 .clause-head a").click()
    page.wait_for_url("**/clauses/shequ-yijian-2024/2.3")
    assert "优化工作力量配置" in page.locator("h1").inner_text()
    assert "每万城镇常住人口拥有社区工作者18人的标准配备" in page.locator(".clause-text").inner_text()
    # on a phone the page does not scroll sideways
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.screenshot(path=str(tmp_path / "clause.png"), full_page=True)


def test_witness_selector_switches_copy(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url + "/works/shequ-yijian-2024")
    page.select_option("#witness", "newspaper")
    page.wait_for_url("**witness=newspaper")
    assert "来源：报纸刊印本" in page.locator("p.meta").first.inner_text()


def test_search_a_phrase_see_the_highlight_open_the_clause(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url + "/works/jiangsu-cuoshi-2024")
    box = page.locator("header .searchbox input[name=q]")
    box.fill('"每3年轮训1次"')
    box.press("Enter")
    page.wait_for_url("**/search?q=*")
    assert "共 2 条" in page.locator("#total").inner_text()
    marks = page.locator(".hit .snippet mark")
    assert marks.first.inner_text() == "每3年轮训1次"
    page.get_by_role("link", name="8.健全培训机制").click()
    page.wait_for_url("**/clauses/shequ-yijian-2024/3.8")
    assert "每3年轮训1次" in page.locator("main").inner_text()


def test_search_filters_by_level_on_a_phone(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url + "/search?q=借调")
    assert "共 3 条" in page.locator("#total").inner_text()
    page.locator(".facets").get_by_role("link", name="市", exact=True).click()
    page.wait_for_url("**level=municipal*")
    assert "共 1 条" in page.locator("#total").inner_text()
    assert page.locator(".hit-title").first.inner_text() == "2.规范服务制度"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "the results page must not scroll sideways on a phone"


def test_collation_shows_a_highlighted_variant_then_the_compare_page(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url + "/works/shequ-yijian-2024")
    page.get_by_role("link", name="版本对校（3 个版本）").click()
    page.wait_for_url("**/works/shequ-yijian-2024/collation")
    mark = page.locator("#p-2\\.3 .col").first.locator("mark.var.wording").first
    assert mark.is_visible() and mark.inner_text() == "市地级"
    assert mark.get_attribute("title") == "报纸刊印本：市级"
    assert page.evaluate("getComputedStyle(document.querySelector('mark.var.wording')).backgroundColor") != "rgba(0, 0, 0, 0)"
    page.select_option("select[name=view]", "inline")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_url("**view=inline*")
    assert "〔报纸刊印本作“市级”〕" in page.locator("#p-2\\.3 .inline-text").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    # from a clause to its regional counterparts
    page.goto(base_url + "/clauses/shequ-yijian-2024/6.17")
    page.get_by_role("link", name="并排对照").click()
    page.wait_for_url("**/compare/shequ-yijian-2024/6.17")
    differing = page.locator("mark.num.regions-differ")
    assert {differing.nth(i).inner_text() for i in range(differing.count())} >= {"不超过6个月", "不得超过3个月"}
    assert "共同关键词" in page.locator(".counterpart").first.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_report_review_fix_and_export_in_the_browser(page, base_url: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url + "/questions?work=shequ-yijian-2024&type=single")
    page.locator(".question-item a").first.click()
    page.wait_for_url("**/questions/q*")
    qid = page.locator("article.question").get_attribute("data-id")
    page.get_by_text("看答案与解析").click()
    assert "答案：" in page.locator("details.answer").inner_text()
    assert page.locator(".source-clause mark").count() >= 1  # the tested span marked in the source clause
    page.locator("select[name=reason]").select_option("wrong_key")
    page.locator("textarea[name=note]").fill("我认为答案不对")
    page.get_by_role("button", name="提交纠错").click()
    assert "已收到纠错" in page.locator(".notice").inner_text()
    page.goto(base_url + "/review")
    page.locator(".review-queue a").first.click()
    page.wait_for_url(f"**/review/{qid}")
    checked = page.locator("input[name=answer]:checked").get_attribute("value")
    other = next(letter for letter in "ABCD" if letter != checked)
    page.locator(f"input[name=answer][value={other}]").check()
    page.get_by_role("button", name="保存修改").click()
    assert "已保存" in page.locator(".notice").inner_text()
    assert page.locator("input[name=answer]:checked").get_attribute("value") == other
    page.goto(base_url + f"/questions/{qid}")
    page.get_by_text("看答案与解析").click()
    assert f"答案：{other}" in page.locator("details.answer").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling on a phone
    page.goto(base_url + "/export")
    page.locator("select[name=format]").select_option("xlsx")
    page.locator("select[name=work]").select_option("jiangsu-cuoshi-2024")
    with page.expect_download() as info:
        page.get_by_role("button", name="下载").click()
    target = tmp_path / "export.xlsx"
    info.value.save_as(target)
    from openpyxl import load_workbook

    rows = list(load_workbook(target)["题库"].iter_rows(values_only=True))
    assert rows[0][1] == "题干" and len(rows) > 20


def test_a_short_practice_session_by_keyboard_on_a_phone(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url + "/practice")
    form = page.locator("form.drill-form")
    form.locator("select[name=type]").select_option("single")
    form.locator("input[name=count]").fill("3")
    form.get_by_role("button", name="开始").click()
    page.wait_for_url("**/practice/*")
    for number in range(1, 4):
        assert f"第 {number}/3 题" in page.locator(".progress-line").inner_text()
        choice = page.locator("label.choice").first
        assert choice.bounding_box()["height"] >= 44  # a thumb-sized target
        page.keyboard.press("B")
        assert page.locator("input[data-key=B]").is_checked()
        page.keyboard.press("Enter")
        page.wait_for_url("**?a=*")
        verdict = page.locator(".verdict").inner_text()
        assert verdict in ("答对了", "答错了")
        assert "正确答案" in page.locator("p.key").inner_text()
        assert page.locator(".sources-inline a").count() >= 1  # the source clause is linked
        assert page.locator(".choices.static li.key").count() == 1
        page.keyboard.press("Enter")
        page.wait_for_load_state()
    assert "本次练习完成" in page.locator("h1").inner_text()
    page.goto(base_url + "/progress")
    assert page.locator("svg.chart").count() >= 4


def test_a_full_mock_exam_through_to_the_result(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(base_url + "/exams")
    page.get_by_role("button", name="开始一场模拟考试").click()
    page.wait_for_url("**/exams/*")
    items = page.locator("fieldset.exam-item")
    assert items.count() == 80
    assert page.locator(".answer-sheet a").count() == 80
    assert page.locator("fieldset.exam-item:visible").count() == 1  # one question per screen on a phone
    for i in range(80):
        items.nth(i).locator("label.choice").first.click()  # answer A everywhere
        if i == 5:
            items.nth(5).locator(".flag-box").check()
        if i < 79:
            page.locator("#next-item").click()
    from playwright.sync_api import expect

    # locator assertions, not wait_for_function: the Content-Security-Policy forbids a page to eval strings
    expect(page.locator(".answer-sheet a.answered")).to_have_count(80)
    expect(page.locator(".answer-sheet a.saving, .answer-sheet a.unsaved")).to_have_count(0)
    assert page.locator("#answered").inner_text() == "80"
    exam_url = page.url
    page.reload()  # the server kept every answer and the clock
    assert page.locator("fieldset.exam-item input[name^=q]:checked").count() == 80
    assert "flagged" in (page.locator("#sheet6").get_attribute("class") or "")
    page.locator("#submit-exam").click()
    page.wait_for_url("**/result")
    shown = float(page.locator("#total").inner_text())
    result = page.request.get(exam_url + "/result.json").json()
    assert shown == result["total"] and all(item["given"] == ["A"] for item in result["items"])
    assert page.locator(".result-item").count() == 20  # a page of 20; 全部 / 错题 / 未答 filter them
    page.locator("nav.segmented a").nth(1).click()
    page.wait_for_url("**show=wrong*")
    wrong = sum(1 for item in result["items"] if item["status"] in ("wrong", "partial"))
    assert page.locator(".result-item").count() == min(20, wrong)
    assert page.locator(".result-item.right").count() == 0
    assert ("及格" in page.locator(".score").inner_text()) and page.locator(".breakdown table").count() == 2


def test_no_page_breaks_the_content_security_policy(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    """The pages' own behaviours run under the policy (no inline script), and the browser reports no violation."""
    violations: list[str] = []
    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    for path in ("/", "/search?q=培训", "/practice", "/exams", "/progress", "/questions", "/topics", "/papers"):
        page.goto(base_url + path)
    page.goto(base_url + "/works/shequ-yijian-2024")
    page.select_option("#witness", index=1)  # data-autosubmit (static/page.js) submits the form
    page.wait_for_url("**/works/shequ-yijian-2024?witness=*")
    page.goto(base_url + "/practice")
    page.locator("form[action$='/practice/start'] button[type=submit]:not([disabled])").first.click()
    page.wait_for_url("**/practice/*")
    page.keyboard.press("1")  # practice.js: keys choose an option
    assert violations == []
