"""Laws and regulations in their published form: header lines → metadata, 编/章/节/条/款/项 → a tree.

A law as published opens with its title, then header lines, one event each::

    2007年6月29日 第十届全国人民代表大会常务委员会第二十八次会议通过
    2012年12月28日 第十一届全国人民代表大会常务委员会第三十次会议《关于修改…的决定》修正
    2008年9月18日 中华人民共和国国务院令第535号公布
    2004年6月1日 施行

(official prints put them in brackets, or open with 根据). Each is an event: 通过 (adopted), 修正 /
修订 (amended, the two kinds of amendment), 公布 / 发布 (published), 施行 (effective), 批准 (approved).
The body is numbered by article (第X条, 第X条之一), grouped in 编 / 章 / 节; an article's 款 are its
unnumbered paragraphs, its 项 are numbered （一）, a 项's 目 1.; a paragraph after a list is a 款 of the
article again, never part of the list's last item.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from corpus.lines import Paragraph, is_enactment_line, parse_date
from corpus.numbering import match_marker
from corpus.structure import _Draft
from corpus.text import MText

LAW_PREFIX = "中华人民共和国"
DIVISIONS = ("book", "chapter", "section")  # 编, 章, 节: the levels above the article
_ITEM_STYLES = ("cn_paren", "cn", "arabic", "paren", "circled")  # 项 and 目 inside an article
_VERB = re.compile(r"(?:第[一二三四五六七八九十]+次)?(审议批准|批准|通过|修正|修订|公布|发布|起?施行)\s*$")
_QUOTED = re.compile(r"《[^《》]*》|<[^<>]*>|〈[^〈〉]*〉")
_SESSION = re.compile(r"第[一二三四五六七八九十百\d]+届|第[一二三四五六七八九十百\d]+次(?:常务|全体)?会议|会议$")
_ORDER_NUMBER = re.compile(r"令第?[\d一二三四五六七八九十百千零〇]+号")
_EFFECTIVE = re.compile(r"本[^，。；]{0,12}?自(\d{4}年\d{1,2}月\d{1,2}日|公布之日|发布之日)起施行")
_NEXT_EVENT = re.compile(r"(?<=通过|修正|修订|公布|发布|施行|批准)[\s\u3000，,；;]*(?=(?:根据)?\d{4}\s*年)")
_EVENT_KINDS = {"通过": "adopted", "修正": "amended", "修订": "amended", "公布": "published", "发布": "published"}


@dataclass(frozen=True)
class Event:
    """One header line: what happened to the text on which date, and by which body."""

    date: dt.date
    kind: str  # adopted | amended | published | effective | approved
    verb: str  # as printed: 通过, 修正, 修订, 公布, 发布, 施行, 批准
    bodies: tuple[str, ...]  # who did it, e.g. 全国人民代表大会常务委员会
    doc_number: str | None  # an order number such as 国务院令第535号
    line: str


def _bodies(text: str) -> tuple[tuple[str, ...], str | None]:
    """Bodies named between the date and the verb, and an order number (国务院令第400号)."""
    text = _QUOTED.sub("", text)
    number = None
    m = _ORDER_NUMBER.search(text)
    if m:
        number = text[: m.end()].replace(LAW_PREFIX, "")
        text = text[: m.start()]
    names = []
    for raw in re.split(r"[、，,\s\u3000]+", text):
        name = _SESSION.sub("", raw)
        name = name.removeprefix(LAW_PREFIX) if name != LAW_PREFIX else name
        if len(name) >= 2:
            names.append(name)
    return tuple(names), number


def parse_event(line: str) -> list[Event]:
    """Read one header line into its events (``…公布，自…起施行`` holds two); [] if it is no header line."""
    compact = line.strip().strip("（()）")
    if not is_enactment_line(line):
        return []
    events: list[Event] = []
    # one line may hold several events: （…通过　根据…修正　…修订） or …公布，自…起施行
    segments = [s for part in _NEXT_EVENT.split(compact) for s in re.split(r"[，,；;]", part)]
    for segment in (s.removeprefix("根据") for s in segments):
        date = parse_date(segment)
        verb = _VERB.search(segment)
        if date is None or verb is None:
            continue
        word = verb.group(1).removeprefix("起")
        kind = _EVENT_KINDS.get(word, "effective" if word == "施行" else "approved")
        middle = re.sub(r"\s+", "", segment[re.search(r"\d\s*日", segment).end() : verb.start()])  # type: ignore[union-attr]
        bodies, number = _bodies(middle.removeprefix("自"))
        events.append(Event(date, kind, word, bodies if kind != "amended" else (), number, line.strip()))
    return events


def header_meta(events: list[Event]) -> dict[str, Any]:
    """Issuers, dates, amendments and order number from a law's header events (JSON-ready)."""
    first = {kind: next((e for e in events if e.kind == kind), None) for kind in ("adopted", "published", "effective")}
    meta: dict[str, Any] = {
        "form": "law",
        "header_lines": list(dict.fromkeys(e.line for e in events)),
        "adopted": first["adopted"].date.isoformat() if first["adopted"] else None,
        "amended": [{"date": e.date.isoformat(), "kind": e.verb} for e in events if e.kind == "amended"],
        "published": first["published"].date.isoformat() if first["published"] else None,
        "effective": first["effective"].date.isoformat() if first["effective"] else None,
    }
    approved = next((e for e in events if e.kind == "approved"), None)
    if approved:
        meta["approved"] = {"date": approved.date.isoformat(), "by": list(approved.bodies)}
    return meta


def issuers_of(events: list[Event]) -> tuple[str, ...]:
    """The enacting body: who adopted the text, else who published it."""
    for kind in ("adopted", "published"):
        for e in events:
            if e.kind == kind and e.bodies:
                return e.bodies
    return ()


def order_number(events: list[Event]) -> str | None:
    """The latest order number the header names (国务院令第535号), if any."""
    return next((e.doc_number for e in reversed(events) if e.doc_number), None)


def version_date(events: list[Event]) -> dt.date | None:
    """The date of the text as it stands: the latest adoption, amendment or publication."""
    dates = [e.date for e in events if e.kind in ("adopted", "amended", "published")]
    return max(dates) if dates else None


def effective_in_text(texts: list[str], published: str | None) -> str | None:
    """The 施行 date a law states in its last articles (本法自…起施行), as an ISO date."""
    for text in reversed(texts):
        m = _EFFECTIVE.search(text)
        if m:
            date = parse_date(m.group(1))
            return date.isoformat() if date else published
    return None


def short_title(title: str) -> str:
    """The name a law is cited by: without 中华人民共和国 (妇女权益保障法)."""
    return title.removeprefix(LAW_PREFIX) or title


def is_law_form(paras: list[Paragraph]) -> bool:
    """A body numbered by article (第X条): at least two paragraphs open with an article number."""
    count = 0
    for p in paras:
        m = match_marker(p.text.text) if p.table is None else None
        if m is not None and m.style == "article":
            count += 1
            if count >= 2:
                return True
    return False


def build_law_tree(paragraphs: list[Paragraph]) -> tuple[list[_Draft], list[str]]:
    """Build the 编/章/节/条/项 tree of a law's body; return the top-level drafts and warnings."""
    root = _Draft(kind="root", marker=None)
    preamble = _Draft(kind="preamble", marker=None, heading="序言")
    divisions: list[_Draft] = []
    article: _Draft | None = None
    items: list[_Draft] = []  # the open 项 / 目 of the current article
    previous_article: tuple[int, int] | None = None
    warnings: list[str] = []

    def add_text(text: MText) -> None:
        target = article or (divisions[-1] if divisions else preamble)
        target.parts.append(text)

    for p in paragraphs:
        if p.table is not None:
            target = items[-1] if items else article or (divisions[-1] if divisions else preamble)
            target.table = p.table.to_dict() if hasattr(p.table, "to_dict") else None
            continue
        marker = match_marker(p.text.text)
        body = p.text[marker.length :].strip() if marker else p.text
        if marker is not None and marker.style in DIVISIONS:
            rank = DIVISIONS.index(marker.style)
            while divisions and divisions[-1].marker and DIVISIONS.index(divisions[-1].marker.style) >= rank:
                divisions.pop()
            node = _Draft(kind="part", marker=marker, heading=body.text.rstrip("：:") or None, heading_span=p.text.span())
            (divisions[-1] if divisions else root).children.append(node)
            divisions.append(node)
            article, items = None, []
        elif marker is not None and marker.style == "article":
            number = (marker.value, marker.sub)
            if previous_article and number not in ((previous_article[0] + 1, 0), (previous_article[0], previous_article[1] + 1)):
                warnings.append(f"第{p.first_line}行：条号 {marker.printed} 接在第{previous_article[0]}条之后，条号不连续")
            previous_article = number
            article = _Draft(kind="clause", marker=marker, heading_span=p.text.span())
            if body.text:
                article.parts.append(body)
            (divisions[-1] if divisions else root).children.append(article)
            items = []
        elif marker is not None and article is not None and marker.style in _ITEM_STYLES:
            styles = [d.marker.style for d in items if d.marker]
            if marker.style in styles:
                items = items[: styles.index(marker.style)]
            item = _Draft(kind="item", marker=marker, heading_span=p.text.span())
            if body.text:
                item.parts.append(body)
            (items[-1] if items else article).children.append(item)
            items.append(item)
        else:
            items = []  # a paragraph after a list is a 款 of the article, not part of the last item
            add_text(p.text)
    tops: list[_Draft] = [preamble] if preamble.parts else []
    tops.extend(root.children)
    return tops, warnings
