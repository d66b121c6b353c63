"""Take the README's three screenshots (phone home, phone practice feedback, desktop search).

    .venv/bin/python scripts/readme_screenshots.py [--out docs/screenshots]

Builds the seeds into a throw-away folder with ``policykb build``, serves the app there on a free
port, answers a few questions and one mock exam as a candidate would, and saves viewport-sized PNGs
through Debian's Chromium (Playwright, never a downloaded browser).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from web import create_app  # noqa: E402

ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-gpu"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    out = parser.parse_args().out
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        db, index = f"sqlite:///{tmp}/policykb.sqlite3", f"{tmp}/index"
        policykb = Path(sys.executable).with_name("policykb")
        subprocess.run([str(policykb), "build", "--db", db, "--index", index], check=True, stdout=subprocess.DEVNULL)
        app = create_app({"TESTING": True, "DATABASE_URL": db, "INDEX_DIR": index, "EXAM_DATE": "2027-06-20"})
        server = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_port}"
        try:
            _shoot(base, out)
        finally:
            server.shutdown()
            app.extensions["policykb.search"].close()
            app.extensions["policykb.engine"].dispose()
    for name in ("phone-home.png", "phone-practice-feedback.png", "desktop-search.png"):
        print(out / name)


def _shoot(base: str, out: Path) -> None:
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=ARGS)
        phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN", has_touch=True, is_mobile=True)
        page = phone.new_page()
        page.goto(base + "/")
        headers = {"X-CSRF-Token": page.locator("meta[name=csrf-token]").get_attribute("content") or ""}

        def api(method: str, url: str, body: dict[str, Any] | None = None) -> Any:
            response = page.request.fetch(
                base + url, method=method, headers=headers | {"Content-Type": "application/json"}, data=json.dumps(body or {})
            )
            return response.json()

        chapter = api("POST", "/api/practice", {"mode": "order", "work": "shequ-yijian-2024", "chapter": "shequ-yijian-2024/2"})
        for letter in "ABCA":
            q = api("GET", f"/api/practice/{chapter['id']}/next")["question"]
            api(
                "POST",
                f"/api/practice/{chapter['id']}/answer",
                {"question_id": q["id"], "answer": "对" if q["type"] == "judge" else letter},
            )
        exam = api("POST", "/api/exams", {"seed": 11})
        for number in range(1, 81):
            api("PUT", f"/api/exams/{exam['id']}/answers/{number}", {"answer": ["A"] if number % 3 else ["B"]})
        api("POST", f"/api/exams/{exam['id']}/submit")
        drill = api("POST", "/api/practice", {"mode": "type", "type": "single", "count": 5, "restart": True})
        q = api("GET", f"/api/practice/{drill['id']}/next")["question"]
        key = api("GET", f"/questions/{q['id']}.json")["question"]["answer"][0]
        answered = api(
            "POST", f"/api/practice/{drill['id']}/answer", {"question_id": q["id"], "answer": "A" if key != "A" else "B"}
        )
        page.goto(base + "/")
        page.screenshot(path=str(out / "phone-home.png"))
        page.goto(base + f"/practice/{drill['id']}?a={answered['attempt_id']}")
        page.screenshot(path=str(out / "phone-practice-feedback.png"))
        desktop = browser.new_context(viewport={"width": 1280, "height": 800}, locale="zh-CN").new_page()
        desktop.goto(base + "/search?q=社区书记多久培训一次")
        desktop.screenshot(path=str(out / "desktop-search.png"))
        browser.close()


if __name__ == "__main__":
    main()
