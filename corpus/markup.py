"""HTML → plain text with Markdown headings, for a policy text saved as a web page (stdlib only)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

_BLOCKS = {"p", "div", "br", "li", "tr", "table", "section", "article", "ul", "ol", "blockquote", "pre", "hr", "dd", "dt"}
_SKIPPED = {"script", "style", "head", "template", "noscript"}
_HTML_START = re.compile(r"^\s*(<!DOCTYPE\s+html|<html\b|<\?xml[^>]*>\s*<html\b)", re.I)
_TAG = re.compile(r"</?(p|div|br|span|table|td|tr|li|ul|h[1-6]|body|head|meta|a|font|strong)\b[^>]*>", re.I)


def looks_like_html(text: str) -> bool:
    """A document that opens as a web page or is full of HTML tags."""
    return bool(_HTML_START.match(text)) or len(_TAG.findall(text[:20000])) >= 5


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self.skipping += 1
        elif re.fullmatch(r"h[1-6]", tag):
            self.out.append("\n" + "#" * int(tag[1]) + " ")
        elif tag in _BLOCKS:
            self.out.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCKS or re.fullmatch(r"h[1-6]", tag):
            self.out.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.out.append(data.replace("\n", " ") if self.out and not self.out[-1].endswith("\n") else data)


def html_to_text(html: str) -> str:
    """The text of a web page: markup, scripts and styles removed, one block a line, h1–h6 as ``#``."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    lines = [line.strip() for line in "".join(parser.out).split("\n")]
    return "\n".join(line for line in lines if line) + "\n"
