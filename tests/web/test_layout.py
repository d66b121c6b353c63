"""Every page in a real browser at a phone's width (390 px) and a desktop's (1280 px).

One Chromium and one server for the module; one browser context per width, each with its own
answers (a practice session, a finished and a running mock exam), so every page has data to show.
Each page must not scroll sideways, must show no text under 12 px, must load no inline script, and
must have no serious or critical axe-core violation (axe-core is installed by scripts/test.sh with
npm into .cache/npm). A full-page screenshot of each page is saved under artifacts/screenshots/.
"""

from __future__ import annotations

import json
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from werkzeug.serving import make_server

from web import create_app

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
AXE = ROOT / ".cache" / "npm" / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = ROOT / "artifacts" / "screenshots"
WIDTHS = {"phone": (390, 844), "desktop": (1280, 900)}
ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-gpu"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed (scripts/test.sh installs it)"),
]

# (name, path); paths with {…} are filled from the data the context set up.
PAGES = [
    ("home", "/"),
    ("works", "/works"),
    ("work", "/works/shequ-yijian-2024"),
    ("clause", "/clauses/shequ-yijian-2024/2.3"),
    ("source", "{source}"),
    ("search", "/search?q=社区书记多久培训一次"),
    ("search-empty", "/search?q=火星移民"),
    ("collation", "/works/shequ-yijian-2024/collation"),
    ("diff", "/diff?a=shequ-yijian-2024&b=shequ-yijian-2024@newspaper"),
    ("compare", "/compare/shequ-yijian-2024/6.17"),
    ("topics", "/topics"),
    ("topic", "/topics/培训"),
    ("bank", "/questions"),
    ("question", "/questions/{qid}"),
    ("question-table", "/questions/{table_qid}"),
    ("clause-table", "/clauses/chifeng-fangan-2020/att1"),
    ("practice", "/practice"),
    ("drill", "/practice/{drill}"),
    ("drill-cloze", "/practice/{cloze}"),
    ("feedback", "/practice/{feedback}"),
    ("wrong", "/practice/wrong"),
    ("favourites", "/practice/favourites"),
    ("exams", "/exams"),
    ("sitting", "/exams/{running}"),
    ("result", "/exams/{finished}/result"),
    ("progress", "/progress"),
    ("review", "/review"),
    ("review-edit", "/review/{qid}"),
    ("analyse", "/analyse/shequ-yijian-2024/2.3"),
    ("export", "/export"),
    ("papers", "/papers"),
    ("paper", "/papers/{paper}"),
    ("items", "/items"),
]

# Text smaller than 12 px on screen (SVG text scaled with its drawing), and what holds it.
SMALL_TEXT = """() => {
  const small = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!node.textContent.trim()) continue;
    const el = node.parentElement;
    if (!el || el.closest('title, script, style, .visually-hidden, [hidden]')) continue;
    const rect = el.getBoundingClientRect();
    if (rect.width === 0 || rect.height === 0) continue;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.display === 'none') continue;
    let size = parseFloat(style.fontSize);
    if (el instanceof SVGElement && el.getScreenCTM()) size *= el.getScreenCTM().a;
    if (size < 11.95) small.push(Math.round(size * 10) / 10 + 'px ' + el.tagName + ' ' + node.textContent.trim().slice(0, 20));
  }
  return small.slice(0, 10);
}"""

# Layout faults a reader notices: a scroller hidden inside the page, a short name broken over lines
# (题/库), a browser-default button, a menu taller than one line on a desktop.
LAYOUT = """(phone) => {
  const problems = [];
  for (const el of document.querySelectorAll('main *')) {
    const style = getComputedStyle(el);
    if (phone && ['auto', 'scroll'].includes(style.overflowX) && el.scrollWidth > el.clientWidth + 1)
      problems.push('scrolls sideways inside: ' + el.tagName + '.' + el.className);
  }
  // text that runs past a phone's right edge outside any scroller is cut off (a source's long title on one line)
  const scroller = (el) => { for (let e = el.parentElement; e; e = e.parentElement) {
    if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(e).overflowX) && e !== document.body && e !== document.documentElement) return true; }
    return false; };
  if (phone) for (const el of document.querySelectorAll('main a, main p, main li, main h1, main h2, main h3, main td, main th')) {
    const r = el.getBoundingClientRect();
    if (r.width && r.right > window.innerWidth + 1 && !el.closest('.visually-hidden') && !scroller(el))
      problems.push('runs off the screen: ' + el.tagName + ' ' + el.textContent.trim().slice(0, 20));
  }
  for (const a of document.querySelectorAll('a, button')) {
    const text = a.textContent.trim();
    if (text.length && text.length <= 6 && a.getClientRects().length > 1) problems.push('broken over lines: ' + text);
  }
  for (const b of document.querySelectorAll('button, input[type=submit]')) {
    const style = getComputedStyle(b);
    if (b.getClientRects().length && (style.backgroundColor === 'rgb(239, 239, 239)' || style.borderTopStyle === 'outset'))
      problems.push('browser-default button: ' + b.textContent.trim());
  }
  const header = document.querySelector('header.site').getBoundingClientRect().height;
  const tabbar = document.querySelector('nav.tabbar');
  const tabs = tabbar && tabbar.getClientRects().length ? tabbar.querySelectorAll('a').length : 0;
  if (phone && (header > 72 || tabs !== 5)) problems.push('phone header ' + header + 'px, ' + tabs + ' tabs');
  const menu = document.querySelector('header.site nav');
  if (!phone && (tabs !== 0 || menu.getBoundingClientRect().height > 50)) problems.push('desktop menu ' + menu.getBoundingClientRect().height + 'px, ' + tabs + ' tabs');
  return problems;
}"""

AXE_RUN = """async () => {
  const r = await axe.run(document, {resultTypes: ['violations']});
  return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '));
}"""


@pytest.fixture(scope="module")
def layout_app(built_db: Path, index_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """One app for the module on a private SQLite copy (layout does not depend on the database)."""
    tmp = tmp_path_factory.mktemp("layout")
    shutil.copy(built_db, tmp / "policykb.sqlite3")
    shutil.copytree(index_root, tmp / "index")
    app = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp / 'policykb.sqlite3'}", "INDEX_DIR": str(tmp / "index")})
    yield app
    app.extensions["policykb.search"].close()
    app.extensions["policykb.engine"].dispose()


@pytest.fixture(scope="module")
def server(layout_app: Flask) -> Iterator[str]:
    srv = make_server("127.0.0.1", 0, layout_app, threaded=True)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{srv.server_port}"
    srv.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield chromium
        chromium.close()


def _api(page: Any, method: str, url: str, body: dict[str, Any] | None = None) -> Any:
    token = page.locator("meta[name=csrf-token]").get_attribute("content")
    response = page.request.fetch(
        url, method=method, headers={"X-CSRF-Token": token, "Content-Type": "application/json"}, data=json.dumps(body or {})
    )
    assert response.ok, f"{method} {url}: {response.status} {response.text()[:200]}"
    return response.json()


def _set_up(page: Any, base: str) -> dict[str, Any]:
    """Answers of this browser's profile: a drill answered once (feedback), one unanswered, a cloze drill,
    a finished mock exam and a running one, a favourite, a fixed paper."""
    page.goto(base + "/")
    bank = page.request.get(base + "/questions.json?work=shequ-yijian-2024&type=single").json()
    qid = bank["questions"][0]["id"]
    table_qid = page.request.get(base + "/questions.json?ref=chifeng-fangan-2020/att1").json()["questions"][0]["id"]
    clause = page.request.get(base + "/clauses/shequ-yijian-2024/2.3.json").json()
    source = clause["source"]
    drill = _api(page, "POST", base + "/api/practice", {"mode": "type", "type": "single", "count": 3, "restart": True})
    first = _api(page, "GET", base + f"/api/practice/{drill['id']}/next")["question"]
    answered = _api(page, "POST", base + f"/api/practice/{drill['id']}/answer", {"question_id": first["id"], "answer": "D"})
    _api(page, "POST", base + f"/api/favourites/{first['id']}", {"on": True})
    cloze = _api(page, "POST", base + "/api/practice", {"mode": "type", "type": "cloze", "count": 2, "restart": True})
    exam = _api(page, "POST", base + "/api/exams", {"seed": 7})
    for number in range(1, 40):
        _api(page, "PUT", base + f"/api/exams/{exam['id']}/answers/{number}", {"answer": ["A"]})
    _api(page, "POST", base + f"/api/exams/{exam['id']}/submit")
    running = _api(page, "POST", base + "/api/exams", {"seed": 8})
    page.goto(base + "/papers?seed=3")
    token = page.locator("meta[name=csrf-token]").get_attribute("content")
    ids = page.locator("textarea[name=ids]").input_value()
    saved = page.request.post(base + "/papers", form={"csrf_token": token, "title": "第一套", "ids": ids, "seed": "3"})
    assert saved.ok
    paper = saved.url.rstrip("/").rsplit("/", 1)[1]
    return {
        "qid": qid,
        "table_qid": table_qid,
        "source": f"/sources/{source['file']}?start={source['span'][0]}&end={source['span'][1]}",
        "drill": drill["id"],
        "cloze": cloze["id"],
        "feedback": f"{drill['id']}?a={answered['attempt_id']}",
        "running": running["id"],
        "finished": exam["id"],
        "paper": paper,
    }


@pytest.fixture(scope="module", params=list(WIDTHS))
def screen(request: pytest.FixtureRequest, browser: Any, server: str) -> Iterator[tuple[str, Any, dict[str, Any]]]:
    """A browser context at one width, its page, and the ids its set-up made."""
    width, height = WIDTHS[request.param]
    context = browser.new_context(
        viewport={"width": width, "height": height},
        locale="zh-CN",
        bypass_csp=True,  # axe-core is injected as a script
        has_touch=request.param == "phone",
        is_mobile=request.param == "phone",
    )
    page = context.new_page()
    page.set_default_timeout(20000)
    data = _set_up(page, server)
    yield request.param, page, data
    context.close()


@pytest.mark.parametrize(("name", "path"), PAGES, ids=[p[0] for p in PAGES])
def test_page_fits_reads_and_passes_axe(screen: tuple[str, Any, dict[str, Any]], server: str, name: str, path: str) -> None:
    if not AXE.exists():
        pytest.skip(f"axe-core is not installed at {AXE} (scripts/test.sh installs it with npm)")
    size, page, data = screen
    response = page.goto(server + path.format(**data))
    assert response is not None and response.status == 200, f"{path}: {response and response.status}"
    SHOTS.mkdir(parents=True, exist_ok=True)
    shot = SHOTS / f"{size}-{name}.png"
    page.screenshot(path=str(shot), full_page=True)
    print(f"screenshot: {shot}")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"] + 1, f"{name} scrolls sideways at {size}: {width}px"
    assert page.evaluate(SMALL_TEXT) == [], f"{name}: text under 12 px at {size}"
    assert page.evaluate(LAYOUT, size == "phone") == [], f"{name}: layout at {size}"
    assert page.locator("script:not([src])").count() == 0, f"{name}: inline script"
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    assert page.evaluate(AXE_RUN) == [], f"{name}: axe-core violations at {size}"


def test_the_mock_exam_is_one_question_per_screen_on_a_phone(screen: tuple[str, Any, dict[str, Any]], server: str) -> None:
    size, page, data = screen
    page.goto(server + f"/exams/{data['running']}")
    items = page.locator("fieldset.exam-item")
    if size == "desktop":  # the desktop keeps the whole paper
        assert page.locator("fieldset.exam-item:visible").count() == 80 and not page.locator("#sheet-toggle").is_visible()
        return
    assert page.locator("fieldset.exam-item:visible").count() == 1 and items.nth(0).is_visible()
    assert page.evaluate("document.documentElement.scrollHeight") < 2 * 844
    assert not page.locator("#answer-sheet").is_visible()
    page.locator("#sheet-toggle").click()  # the 答题卡 a tap away
    assert page.locator("#answer-sheet").is_visible()
    page.locator("#sheet10").click()
    assert items.nth(9).is_visible() and page.locator("fieldset.exam-item:visible").count() == 1
    assert not page.locator("#answer-sheet").is_visible()
    page.locator("#prev-item").click()
    assert items.nth(8).is_visible() and "第 9/80 题" in page.locator("#item-position").inner_text()


def test_the_result_page_is_short_and_filters_on_a_phone(screen: tuple[str, Any, dict[str, Any]], server: str) -> None:
    size, page, data = screen
    page.goto(server + f"/exams/{data['finished']}/result")
    height = page.evaluate("document.documentElement.scrollHeight")
    # 80 rows of about 150 px, whatever the drawn paper's texts (12,013 px with the bank of 2026-12-01 evening,
    # under 12,000 with the morning's): 42,589 px before the page was condensed
    assert height < 12500, f"the result page is {height}px tall at {size}"
    page.locator("nav.segmented a").filter(has_text="未答").click()
    page.wait_for_url("**show=blank*")
    assert page.locator(".result-item.blank").count() == page.locator(".result-item").count() == 20
    assert "第 1/3 页" in page.locator("nav.pager").inner_text()  # 41 of 80 left blank


def test_the_keyboard_hint_shows_only_with_a_keyboard_and_never_on_cloze(
    screen: tuple[str, Any, dict[str, Any]], server: str
) -> None:
    size, page, data = screen
    page.goto(server + f"/practice/{data['drill']}")
    assert page.locator(".hint").is_visible() == (size == "desktop")
    page.goto(server + f"/practice/{data['cloze']}")
    assert page.locator(".hint").count() == 0
    assert "个字" in page.locator(".length-hint").inner_text()  # how long the answer is, before typing it


def test_every_control_shows_where_the_keyboard_is(screen: tuple[str, Any, dict[str, Any]], server: str) -> None:
    size, page, data = screen
    for path in ("/", f"/practice/{data['drill']}", "/exams"):
        page.goto(server + path)
        seen = set()
        for _ in range(12):
            page.keyboard.press("Tab")
            focus = page.evaluate(
                """() => { const el = document.activeElement; if (!el || el === document.body) return null;
                const s = getComputedStyle(el); const r = el.getBoundingClientRect();
                return {tag: el.tagName + ' ' + el.textContent.trim().slice(0, 12), outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2,
                        shown: r.width > 0 && r.height > 0}; }"""
            )
            if focus is None:
                continue
            seen.add(focus["tag"])
            assert focus["outline"] and focus["shown"], f"{path}: no visible focus on {focus['tag']} at {size}"
        assert len(seen) >= 5, f"{path}: the keyboard reaches only {seen}"


def test_the_heatmap_names_weekdays_and_months(screen: tuple[str, Any, dict[str, Any]], server: str) -> None:
    _, page, _ = screen
    page.goto(server + "/progress")
    labels = page.locator("svg.calendar text").all_text_contents()
    assert {"一", "三", "五", "日"} <= set(labels) and any(t.endswith("月") for t in labels)
