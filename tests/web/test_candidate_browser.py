"""A candidate's walk through every page in Chromium: the visible text holds no internal name.

Logged in as a candidate on a shared deployment, the test opens each page a candidate uses and reads
what the browser shows (``innerText``: hidden and folded parts excluded), checking it for refs,
witness slugs, hashed file names, English UI words and UTC (``tests.web.test_labels``); the answer
of a question stays folded until asked for; 数字不同 and 各地规定不同 read as different colours.
"""

from __future__ import annotations

import colorsys
from typing import Any

import pytest
from flask import Flask

from tests.web.test_browser import page  # noqa: F401  (the project's browser fixture; base_url is in tests/conftest.py)
from tests.web.test_labels import internal_words

pytestmark = pytest.mark.browser


def _register(pg: Any, base: str) -> None:
    pg.goto(base + "/register")
    pg.fill("input[name=username]", "小李")
    pg.fill("input[name=password]", "Shequ-2024-lx")
    pg.fill("input[name=password2]", "Shequ-2024-lx")
    pg.get_by_role("button", name="注册并开始练习").click()
    pg.wait_for_load_state()


def _api(pg: Any, base: str, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
    """A script request as the pages make it (the session cookie and the CSRF token of the page)."""
    token = pg.locator("meta[name=csrf-token]").get_attribute("content")
    resp = pg.request.fetch(base + path, method=method, data=body or {}, headers={"X-CSRF-Token": token})
    assert resp.ok, (path, resp.status, resp.text())
    return resp.json()


def _luminance(rgb: tuple[int, ...]) -> float:
    def channel(c: int) -> float:
        x = c / 255
        return x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def _rgb(css: str) -> tuple[int, ...]:
    return tuple(int(float(x)) for x in css[css.index("(") + 1 : css.index(")")].split(",")[:3])


def test_a_candidate_walks_every_page_and_sees_no_internal_name(app: Flask, page: Any, base_url: str) -> None:  # noqa: F811
    app.config["REQUIRE_LOGIN"] = True
    _register(page, base_url)
    page.goto(base_url + "/practice")
    sid = _api(page, base_url, "POST", "/api/practice", {"mode": "order", "work": "chifeng-fangan-2020"})["id"]
    question = _api(page, base_url, "GET", f"/api/practice/{sid}/next")["question"]
    answered = _api(page, base_url, "POST", f"/api/practice/{sid}/answer", {"question_id": question["id"], "answer": "A"})
    eid = _api(page, base_url, "POST", "/api/exams", {})["id"]
    page.goto(f"{base_url}/exams/{eid}")
    sitting_text = page.locator("body").inner_text()
    _api(page, base_url, "POST", f"/api/exams/{eid}/submit")
    qid = _api(page, base_url, "GET", "/questions.json?work=shequ-yijian-2024&type=single")["questions"][0]["id"]
    pages = [
        "/",
        "/works/shequ-yijian-2024",
        "/works/shequ-yijian-2024?witness=newspaper",
        "/clauses/shequ-yijian-2024/preamble",
        "/clauses/shequ-yijian-2024/3.8",
        "/clauses/chifeng-fangan-2020/att1",
        "/sources/000_0e4e91596175dd2b.txt?start=10&end=60",
        "/search?q=社区书记多久培训一次",
        "/works/shequ-yijian-2024/collation",
        "/diff?a=shequ-yijian-2024&b=shequ-yijian-2024@newspaper",
        "/compare/shequ-yijian-2024/3.8",
        "/topics",
        "/topics/培训",
        "/questions",
        f"/questions/{qid}",
        "/practice",
        f"/practice/{sid}?a={answered['attempt_id']}",
        "/practice/wrong",
        "/practice/favourites",
        "/exams",
        f"/exams/{eid}/result",
        "/progress",
    ]
    assert internal_words(sitting_text) == [], "exam sitting"
    for path in pages:
        page.goto(base_url + path)
        assert "登录" not in page.locator("h1").first.inner_text(), path  # really logged in
        assert internal_words(page.locator("body").inner_text()) == [], path


def test_the_answer_stays_folded_until_asked_for(app: Flask, page: Any, base_url: str) -> None:  # noqa: F811
    app.config["REQUIRE_LOGIN"] = True
    _register(page, base_url)
    questions = _api(page, base_url, "GET", "/questions.json?work=shequ-yijian-2024&type=single")["questions"]
    q = next(q for q in questions if q["evidence"])
    page.goto(f"{base_url}/questions/{q['id']}")
    body = page.locator("body")
    assert "答案：" not in body.inner_text() and not page.locator("p.key").is_visible()
    assert not [m for m in page.locator("mark").all() if m.is_visible()]  # no tested words marked in sight
    page.get_by_text("看答案与解析").click()
    assert page.locator("p.key").is_visible() and "答案：" in body.inner_text()
    assert any(m.is_visible() for m in page.locator(".source-clause mark").all())


def test_compare_colours_tell_different_numbers_from_different_regions(page: Any, base_url: str) -> None:  # noqa: F811
    page.goto(base_url + "/compare/shequ-yijian-2024/6.17")
    style = "m => [getComputedStyle(m).backgroundColor, getComputedStyle(m).color]"
    legend = page.locator("p.legend")
    differs_bg, differs_fg = (_rgb(c) for c in legend.locator("mark.num.differs").evaluate(style))
    regions_bg, regions_fg = (_rgb(c) for c in legend.locator("mark.num.regions-differ").evaluate(style))
    hue = [colorsys.rgb_to_hls(*(c / 255 for c in rgb))[0] * 360 for rgb in (differs_bg, regions_bg)]
    apart = abs(hue[0] - hue[1])
    assert min(apart, 360 - apart) >= 90, (differs_bg, regions_bg)  # two hues, not two shades of one colour
    assert _contrast(differs_fg, differs_bg) >= 4.5 and _contrast(regions_fg, regions_bg) >= 4.5  # WCAG AA text
