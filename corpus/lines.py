"""Raw lines → paragraphs: drop noise lines, join hard-wrapped lines, keep headings apart.

Real policy texts are hard-wrapped at a page width (PDF text), split by page breaks in
mid-sentence, or carry one paragraph a line (Markdown from OCR). Blank lines carry no meaning in
any of them, so paragraphs are rebuilt from the text itself: a line that does not end a sentence
continues on the next line, unless it is a heading, a title, a date, a signatory or a table row,
or the next line starts a new numbered unit.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import statistics
from dataclasses import dataclass, field

from corpus.model import Dropped
from corpus.numbering import match_marker, starts_with_marker
from corpus.text import MText, ends_sentence, extract_emphasis, is_cjk_char, normalise_chars


@dataclass(frozen=True)
class Line:
    """One line of a decoded file: its 1-based number, raw text and stripped content."""

    number: int
    raw: str
    mt: MText
    md_heading: bool

    @property
    def compact(self) -> str:
        """The content with all white space and Markdown emphasis removed, for classifying."""
        return re.sub(r"[\s\u3000*\u200b-\u200d\u2060\ufeff]+", "", self.mt.text)  # zero-width marks are blank too


@dataclass(frozen=True)
class Paragraph:
    """Joined, normalised text of one paragraph, with the lines it came from."""

    text: MText
    first_line: int
    last_line: int
    md_heading: bool
    table: object | None = None  # a corpus.tables.Table when this paragraph is a table
    unpaired_emphasis: int = 0
    source_lines: tuple[str, ...] = field(default=(), compare=False)


_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+")
_MD_QUOTE = re.compile(r"^\s{0,3}>\s?")


def split_lines(text: str) -> list[Line]:
    """Split decoded text into lines, remembering each line's offset in the text."""
    lines: list[Line] = []
    start = 0
    number = 1
    for m in _LINE_BREAK.finditer(text + "\n"):
        end = m.start()
        if end > len(text):
            end = len(text)
        raw = text[start:end]
        mt = MText.from_raw(text, start, end)
        md = False
        h = _MD_HEADING.match(raw)
        if h:
            md = True
            mt = mt[h.end() :]
        else:
            q = _MD_QUOTE.match(raw)
            if q:
                mt = mt[q.end() :]
        lines.append(Line(number=number, raw=raw, mt=mt.strip(), md_heading=md))
        start = m.end()
        number += 1
        if start > len(text):
            break
    return lines


_URL = re.compile(r"^<?(https?://|www\.)\S+>?$", re.I)
_COMMENT = re.compile(r"^(<!--.*?-->)+$")
_PAGE_NUMBER = re.compile(r"^[-—－_·•]*(第)?\d{1,3}(页|/\d{1,3})?[-—－_·•]*$|^第\d{1,3}页(共\d{1,3}页)?$")


def drop_noise(lines: list[Line]) -> tuple[list[Line], list[Dropped]]:
    """Remove lines that are only a URL, a page number or an HTML comment (``<!-- … -->``); report each one."""
    kept: list[Line] = []
    dropped: list[Dropped] = []
    in_comment = False
    for line in lines:
        c = line.compact
        if in_comment or (c.startswith("<!--") and ("-->" not in c or _COMMENT.match(c))):
            # markup, never text; a comment may run over several lines
            in_comment = "-->" not in c
            dropped.append(Dropped(line.number, "comment", line.mt.text))
        elif c and _URL.match(c):
            dropped.append(Dropped(line.number, "url", line.mt.text))
        elif c and _PAGE_NUMBER.match(c) and not line.md_heading:
            dropped.append(Dropped(line.number, "page_number", line.mt.text))
        else:
            kept.append(line)
    return kept, dropped


# ---------------------------------------------------------------------------------------------
# Line classes used to decide what stands alone.

DOC_TYPES = (
    "意见",
    "方案",
    "措施",
    "通知",
    "办法",
    "规定",
    "决定",
    "条例",
    "细则",
    "要点",
    "纲要",
    "规划",
    "通告",
    "公告",
    "指引",
    "指南",
    "清单",
    "规则",
    "决议",
    "计划",
    "制度",
    "标准",
)
_DOC_TYPE_END = re.compile(rf"({'|'.join(DOC_TYPES)})[》」）)]?$")
ORG_SUFFIXES = (
    "办公厅",
    "办公室",
    "委员会",
    "人民政府",
    "政府",
    "党委",
    "部",
    "厅",
    "局",
    "委",
    "院",
    "署",
    "会",
    "中心",
    "工委",
    "政法委",
    "编办",
    "总工会",
    "团委",
    "妇联",
)
_ORG_TOKEN = re.compile(rf"^(中共)?[\u4e00-\u9fff（）()]{{2,30}}({'|'.join(ORG_SUFFIXES)})$")
_DATE_ONLY = re.compile(r"^[（(]?\d{4}年\d{1,2}月\d{1,2}日(印发|发布|起施行|通过)?[)）]?$")
_DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,10}[〔\[【(（]\d{4}[〕\]】)）]\d{1,4}号")
_DATELINE = re.compile(r"^(据)?(新华社|人民日报|本报)[\u4e00-\u9fff\d]{0,16}(电|讯)")
_ATTACHMENT = re.compile(r"^附件\s*\d*\s*[：:]?")


_ENACTMENT = re.compile(
    r"^[（(]?(根据)?\d{4}年\d{1,2}月\d{1,2}日.{0,400}?"
    r"(通过|修正|修订|公布|发布|施行|批准)[)）]?$"
)


def is_enactment_line(s: str) -> bool:
    """A header line of a law: a date and what happened on it (…会议通过, …第二次修正, …公布, …起施行)."""
    return bool(_ENACTMENT.match(re.sub(r"\s+", "", s)))


_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")


def parse_date(s: str) -> dt.date | None:
    """Read the first 2024年3月28日-style date in a string."""
    m = _DATE.search(s)
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def is_date_only(s: str) -> bool:
    """A line that is only a date, e.g. ``（2024 年 3 月 28日）`` or ``2024年10月25日印发``."""
    return bool(_DATE_ONLY.match(re.sub(r"\s+", "", s)))


def is_doc_number_only(s: str) -> bool:
    """A line that is only a document number such as ``苏社〔2024〕52号``."""
    c = re.sub(r"\s+", "", s)
    m = _DOC_NUMBER.search(c)
    return m is not None and m.group(0) == c


def find_doc_number(s: str) -> str | None:
    """Return the first document number (``X〔2024〕52号`` style) in a string, normalised."""
    m = _DOC_NUMBER.search(re.sub(r"\s+", "", s))
    if not m:
        return None
    return re.sub(r"[\[【(（]", "〔", re.sub(r"[\]】)）]", "〕", m.group(0)))


def is_dateline(s: str) -> bool:
    """A news agency's dateline such as ``新华社北京4月10日电`` (marks the end of an article)."""
    c = re.sub(r"\s+", "", s)
    return len(c) <= 40 and bool(_DATELINE.match(c))


def org_names(s: str) -> list[str] | None:
    """Split a line of issuing bodies (``赤峰市财政局   赤峰市人社局``) or return None."""
    c = s.strip()
    c = re.sub(r"\s*文件$", "", c)
    tokens = [t for t in re.split(r"[\s\u3000、]+", c) if t]
    if not tokens or len(tokens) > 12:
        return None
    if all(_ORG_TOKEN.match(t) for t in tokens):
        return tokens
    return None


def is_title_like(s: str) -> bool:
    """A short line ending with a document type (意见, 方案, 措施 …) and holding no sentence."""
    c = re.sub(r"\s+", "", s)
    return len(c) <= 80 and bool(_DOC_TYPE_END.search(c)) and not re.search(r"[，。；：]", c)


def is_parenthetical(s: str) -> bool:
    """A line that is one bracketed remark, e.g. ``（省委组织部牵头）``."""
    c = s.strip()
    return len(c) >= 2 and c[0] in "（(" and c[-1] in "）)" and c.count("（") + c.count("(") == 1


def is_attachment_line(s: str) -> bool:
    """A line that opens or lists an attachment (附件 1：…)."""
    return bool(_ATTACHMENT.match(s.strip())) and len(s.strip()) <= 60


def is_layout(raw: str) -> bool:
    """Columns laid out with runs of spaces (a letterhead, a flattened table row)."""
    return bool(re.search(r"\S(\s{3,}|\u3000{2,})\S", raw.strip()))


def _unbalanced(s: str) -> bool:
    return s.count("《") > s.count("》") or s.count("（") > s.count("）") or s.count("“") > s.count("”")


def _short_heading(line: Line) -> bool:
    c = line.compact
    marker = match_marker(c)
    return marker is not None and len(c) <= 30 and not re.search(r"[，。；,;]", c[marker.length :])


def standalone(line: Line) -> bool:
    """Tell whether a line stands on its own whatever follows (title, heading, date, signatory …)."""
    c = line.compact
    return (
        line.md_heading
        or is_date_only(c)
        or is_enactment_line(c)
        or is_doc_number_only(c)
        or is_dateline(c)
        or org_names(line.mt.text) is not None
        or is_parenthetical(c)
        or is_layout(line.raw)
        or is_attachment_line(c)
        or is_title_like(c)
        or _short_heading(line)
    )


def typical_width(lines: list[Line]) -> int:
    """The width a hard-wrapped file wraps at: the upper quartile of its line lengths."""
    widths = [len(line.compact) for line in lines if line.compact]
    if len(widths) < 4:
        return max(widths, default=0)
    return int(statistics.quantiles(widths, n=4)[2])


def should_join(current: str, last: Line, nxt: Line, floor: int, width: int = 0) -> bool:
    """Decide whether ``nxt`` continues the paragraph whose text so far is ``current``."""
    if last.md_heading or nxt.md_heading:
        return False
    if starts_with_marker(nxt.compact) or is_attachment_line(nxt.compact):
        return False
    if ends_sentence(last.compact) or last.compact.endswith(("：", ":")):
        return False
    if is_date_only(nxt.compact) or is_doc_number_only(nxt.compact) or is_dateline(nxt.compact):
        return False
    if is_enactment_line(nxt.compact) or is_enactment_line(last.compact):
        return False
    if last.compact.endswith(("，", "、", ",", "“", "《", "（", "—", "－", "-")) or _unbalanced(current):
        return True
    if width and len(last.compact) >= 0.9 * width and not is_layout(last.raw) and org_names(last.mt.text) is None:
        return True  # a full line of a hard-wrapped page: the sentence goes on
    if standalone(last) or org_names(nxt.mt.text) is not None:
        return False
    return len(last.compact) >= floor


ECHO_MAX = 4  # the longest word a page break repeats


def page_echo(before: str, after: str) -> int:
    """How many characters at the start of ``after`` repeat the last word of ``before`` (招聘 / 招聘规定 → 2): a word
    of two to four Chinese characters, the longest that matches; 0 when none does."""
    for k in range(ECHO_MAX, 1, -1):
        tail = before[-k:]
        if len(tail) == k and after.startswith(tail) and all(is_cjk_char(ch) for ch in tail):
            return k
    return 0


def _join(a: MText, b: MText) -> MText:
    if a.text and b.text and a.text[-1].isascii() and a.text[-1].isalnum() and b.text[0].isascii() and b.text[0].isalnum():
        space = MText(" ", (a.pos[-1],), (False,))
        return a + space + b
    return a + b


def assemble_paragraphs(lines: list[Line], tables: dict[int, object] | None = None) -> list[Paragraph]:
    """Join lines into normalised paragraphs; ``tables`` maps a line number to a table placed there."""
    tables = tables or {}
    content = [line for line in lines if line.compact or line.number in tables]
    width = typical_width(content)
    floor = min(20, int(0.8 * width) or 20)
    paragraphs: list[Paragraph] = []
    group: list[Line] = []

    def flush() -> None:
        if not group:
            return
        joined = group[0].mt
        for before, line in itertools.pairwise(group):
            # across a page break (a blank line between), a word printed at the foot of one page and again at the
            # head of the next is one word: 公开招聘 / 招聘规定 read 公开招聘招聘规定 (seeds review 37)
            echo = page_echo(joined.text, line.mt.text) if line.number > before.number + 1 else 0
            joined = _join(joined, line.mt[echo:])
        text, unpaired = extract_emphasis(joined)
        text = normalise_chars(text)
        if text.text:
            paragraphs.append(
                Paragraph(
                    text=text,
                    first_line=group[0].number,
                    last_line=group[-1].number,
                    md_heading=group[0].md_heading,
                    unpaired_emphasis=unpaired,
                    source_lines=tuple(line.raw for line in group),
                )
            )
        group.clear()

    for line in content:
        if line.number in tables:
            flush()
            paragraphs.append(
                Paragraph(
                    text=MText.empty(), first_line=line.number, last_line=line.number, md_heading=False, table=tables[line.number]
                )
            )
            continue
        if group and should_join("".join(g.compact for g in group), group[-1], line, floor, width):
            group.append(line)
        else:
            flush()
            group.append(line)
    flush()
    return paragraphs
