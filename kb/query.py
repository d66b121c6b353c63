"""What a user typed in the search box, understood: pure functions, no search engine.

Query syntax (all optional, mixed freely)::

    社区书记多久培训一次          plain words or a question: content words must match
    "每3年轮训1次"  “全岗通”       a quoted phrase: exactly these characters, in this order
    -借调  -"市地级"               leave out clauses containing this
    level:省  region:江苏  work:jiangsu-cuoshi-2024  year:2024  status:现行有效   (also 级别: 地区: 文件: 年份: 时效:)
    第八条  第12条  第十二条之一    a citation: that article of every law (kb.search puts current versions first)
    妇女权益保障法第二十条  《中华人民共和国妇女权益保障法》第二十条  组织法 第八条
                                 a citation of one law, by its name or part of it (a word of its own just
                                 before 第X条 too); the article of the version in force
    妇女权益保障法                a law's name alone: that law's clauses come first

Anything else (unbalanced quotes, lone operators, emoji, control characters, very long input)
is cleaned up with a notice, never an error.

Matching is done on a *search key*: the text folded character by character (full-width ASCII to
half-width, curly quotes to straight ones, Latin to lower case, whitespace dropped). Because the
fold works on each character alone, a string found in a clause is always found in its key.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from corpus.law import short_title
from corpus.numbering import find_articles
from corpus.versions import STATUS_LABELS, STATUSES

MAX_QUERY_CHARS = 200
MAX_CONCEPTS = 16

FILTER_KEYS = {
    "level": "level",
    "级别": "level",
    "层级": "level",
    "region": "region",
    "地区": "region",
    "地方": "region",
    "work": "work",
    "文件": "work",
    "year": "year",
    "年份": "year",
    "status": "status",
    "时效": "status",
    "时效性": "status",
}
# status:现行有效 or status:current (see corpus.versions)
STATUS_VALUES = {**{code: code for code in STATUSES}, **{label: code for code, label in STATUS_LABELS.items()}}
LEVEL_VALUES = {
    "central": "central",
    "中央": "central",
    "国家": "central",
    "provincial": "provincial",
    "省": "provincial",
    "省级": "provincial",
    "municipal": "municipal",
    "市": "municipal",
    "市级": "municipal",
    "compilation": "compilation",
    "汇编": "compilation",
}
_QUOTES = {'"': '"', "“": "”", "「": "」", "『": "』", "”": "”"}
_OPERATORS = {"and", "or", "not", "&&", "||", "!", "+", "-", "|", "&", "*", "?", "~", "^"}
_FOLD = {"“": '"', "”": '"', "„": '"', "‟": '"', "‘": "'", "’": "'", "\u3000": ""}


def _fold(ch: str) -> str:
    o = ord(ch)
    if 0xFF01 <= o <= 0xFF5E:
        ch = chr(o - 0xFEE0)
    elif ch in _FOLD:
        return _FOLD[ch]
    if ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co"):
        return ""
    return ch.lower() if ch.isascii() else ch


def _fold_table() -> dict[int, str | None]:
    table: dict[int, str | None] = {}
    for o in range(0x10000):
        ch = chr(o)
        folded = _fold(ch)
        if folded != ch:
            table[o] = folded or None
    return table


_TABLE = _fold_table()  # the same fold for the Basic Multilingual Plane, applied by str.translate


def search_key(text: str) -> str:
    """Fold text character by character into the form that phrases are matched on."""
    key = text.translate(_TABLE)
    if key.isascii() or max(key) <= "\uffff":
        return key
    return "".join(_fold(ch) for ch in key)  # characters beyond the BMP (emoji, rare ideographs)


def search_key_offsets(text: str) -> tuple[str, list[int]]:
    """The search key and, for each of its characters, the index of the character it came from."""
    out: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(text):
        folded = _fold(ch)
        out.append(folded)
        offsets.extend([i] * len(folded))
    return "".join(out), offsets


@dataclass(frozen=True)
class Citation:
    """An article cited in a query (第八条, 妇女权益保障法第二十条), with the law it names if any."""

    label: str  # as typed, with the law's name: 妇女权益保障法第二十条
    article: str  # the article's ref segment: 20, 12-1 (corpus.numbering.article_path)
    law: str = ""  # the law's name as typed, folded by law_name; empty for a bare 第八条
    word: str = ""  # the word before the citation taken as the law's name (组织法 第八条): a plain word if it names no law


@dataclass(frozen=True)
class ParsedQuery:
    """The parts of a query string."""

    text: str
    phrases: tuple[str, ...] = ()
    free: tuple[str, ...] = ()
    excluded: tuple[str, ...] = ()
    filters: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    notices: tuple[str, ...] = ()
    citations: tuple[Citation, ...] = ()


def law_name(text: str) -> str:
    """A law's name as typed, folded for comparing with short titles: no 《》, no 中华人民共和国."""
    return short_title(search_key(text).strip("《》〈〉<>"))


def match_laws(name: str, short_titles: Mapping[str, str], *, partial: bool) -> list[str]:
    """The works (slug → short title; empty for a work that is not a law) a law's name names.

    A name equal to a short title names that law's works; otherwise, when partial, every law whose
    short title contains the name (组织法 → 村民委员会组织法 and any other 组织法).
    """
    name = law_name(name)
    if not name:
        return []
    titles = {slug: law_name(t) for slug, t in short_titles.items() if t}
    exact = [slug for slug, t in titles.items() if t == name]
    if exact or not partial:
        return exact
    return [slug for slug, t in titles.items() if name in t]


def _citations(token: str) -> tuple[list[tuple[str, str, str]], str]:
    """The citations in a token as (label, law name, article) and what is left of it after the last one."""
    found: list[tuple[str, str, str]] = []
    last = 0
    for start, end, article in find_articles(token):
        found.append((token[last:end], token[last:start], article))
        last = end
    return found, token[last:] if found else token


def clean_query(raw: str) -> tuple[str, list[str]]:
    """Drop control characters, collapse whitespace and cut overlong input, saying what was done."""
    notices: list[str] = []
    chars = []
    dropped = 0
    for ch in raw:
        cat = unicodedata.category(ch)
        if ch.isspace():
            chars.append(" ")
        elif cat in ("Cc", "Cf", "Cs", "Co") and ch not in "\u200d":
            dropped += 1
        else:
            chars.append(ch)
    if dropped:
        notices.append(f"已忽略 {dropped} 个控制字符")
    text = re.sub(r" +", " ", "".join(chars)).strip()
    if len(text) > MAX_QUERY_CHARS:
        notices.append(f"查询太长，只按前 {MAX_QUERY_CHARS} 个字检索")
        text = text[:MAX_QUERY_CHARS].rstrip()
    return text, notices


def _tokens(text: str, notices: list[str]) -> list[tuple[str, bool, bool]]:
    """Split into (token, quoted, excluded) at spaces, keeping quoted phrases whole."""
    out: list[tuple[str, bool, bool]] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == " ":
            i += 1
            continue
        negate = False
        if ch in "-－" and i + 1 < n and text[i + 1] != " ":
            negate = True
            i += 1
            ch = text[i]
        if ch in _QUOTES:
            close = _QUOTES[ch]
            end = text.find(close, i + 1)
            if end < 0:
                notices.append("引号没有配对，已把引号后面的内容当作一个短语")
                end = n
            out.append((text[i + 1 : end], True, negate))
            i = end + 1
            continue
        end = text.find(" ", i)
        end = n if end < 0 else end
        out.append((text[i:end], False, negate))
        i = end
    return out


def parse_query(raw: str) -> ParsedQuery:
    """Split a query string into phrases, free text, exclusions and filters."""
    text, notices = clean_query(raw)
    phrases: list[str] = []
    free: list[str] = []
    excluded: list[str] = []
    filters: dict[str, list[str]] = {}
    citations: list[Citation] = []
    previous_free: str | None = None  # the word just before this token, when it was a free word
    for token, quoted, negate in _tokens(text, notices):
        before, previous_free = previous_free, None
        if not quoted:
            token = token.strip()
            if token.lower() in _OPERATORS or not token.strip('-－+*?~^!|&():："“”'):
                continue
            token = token.lstrip("+")
        if not search_key(token):
            continue
        if negate:
            excluded.append(token)
            continue
        if quoted:
            phrases.append(token)
            continue
        m = re.fullmatch(r"([^:：]+)[:：](.*)", token)
        key = FILTER_KEYS.get(m.group(1).lower()) if m else None
        if m and key:
            value = m.group(2).strip()
            if not value:
                notices.append(f"“{m.group(1)}:”后面缺少要筛选的值，已忽略")
            elif key == "level" and value.lower() not in LEVEL_VALUES:
                notices.append(f"没有“{value}”这一级别，可用：中央、省、市、汇编")
            elif key == "status" and value.lower() not in STATUS_VALUES:
                notices.append(f"没有“{value}”这一时效性，可用：现行有效、已被修改、已废止、尚未生效")
            elif key == "year" and not re.fullmatch(r"(19|20)\d\d", value):
                notices.append(f"年份“{value}”应写成四位数字，如 year:2024")
            else:
                known = LEVEL_VALUES if key == "level" else STATUS_VALUES if key == "status" else None
                filters.setdefault(key, []).append(known[value.lower()] if known else value)
            continue
        cited, rest = _citations(token)
        for i, (label, law, article) in enumerate(cited):
            if law or i or before is None:
                citations.append(Citation(label, article, law_name(law)))
            else:  # 组织法 第八条: the word before may be the law's name; kb.search decides
                citations.append(Citation(f"{before} {label}", article, law_name(before), word=before))
        if search_key(rest):
            free.append(rest)
            previous_free = rest
    return ParsedQuery(
        text=text,
        phrases=tuple(phrases),
        free=tuple(free),
        excluded=tuple(excluded),
        filters={k: tuple(dict.fromkeys(v)) for k, v in filters.items()},
        notices=tuple(notices),
        citations=tuple(citations),
    )


@dataclass(frozen=True)
class Concept:
    """One thing a clause must contain: any of its readings (a word, its aliases) or an exact phrase."""

    label: str
    forms: tuple[str, ...]
    exact: bool = False


def _alias_spans(chunk: str, aliases: Mapping[str, tuple[str, ...]]) -> list[tuple[int, int, str]]:
    """Non-overlapping alias keys in a chunk, longest first, then leftmost."""
    found: list[tuple[int, int, str]] = []
    taken = [False] * len(chunk)
    for key in sorted(aliases, key=len, reverse=True):
        start = chunk.find(key)
        while start >= 0:
            end = start + len(key)
            if not any(taken[start:end]):
                found.append((start, end, key))
                taken[start:end] = [True] * len(key)
            start = chunk.find(key, start + 1)
    return sorted(found)


def plan_concepts(
    parsed: ParsedQuery,
    cut: Callable[[str], list[str]],
    aliases: Mapping[str, tuple[str, ...]],
    question_words: Iterable[str],
) -> tuple[list[Concept], list[str]]:
    """Turn phrases and free text into the concepts a clause must contain, with notices."""
    stop = frozenset(question_words)
    notices: list[str] = []
    concepts: list[Concept] = [Concept(p, (search_key(p),), exact=True) for p in parsed.phrases]
    ignored: list[str] = []
    for chunk in parsed.free:
        pieces: list[tuple[str, bool]] = []  # (text, is_alias_key)
        last = 0
        for start, end, key in _alias_spans(chunk, aliases):
            pieces.append((chunk[last:start], False))
            pieces.append((key, True))
            last = end
        pieces.append((chunk[last:], False))
        words: list[Concept] = []
        singles: list[Concept] = []
        for piece, is_alias in pieces:
            if is_alias:
                words.append(Concept(piece, tuple(dict.fromkeys(search_key(f) for f in aliases[piece]))))
                continue
            cut_words = cut(piece)
            if not cut_words and search_key(piece).strip("，。、；：？！,.;:?!…—-"):
                words.append(Concept(piece, (search_key(piece),), exact=True))  # symbols only: match as typed
            for word in cut_words:
                if word in stop:
                    ignored.append(word)
                elif len(word) == 1 and not word.isdigit():
                    singles.append(Concept(word, (search_key(word),)))
                else:
                    words.append(Concept(word, (search_key(word),)))
        # single characters carry little meaning in a sentence; keep them when nothing else is left
        concepts.extend(words or singles)
    unique: dict[tuple[str, ...], Concept] = {}
    for c in concepts:
        unique.setdefault(c.forms, c)
    concepts = list(unique.values())
    if ignored and concepts:
        notices.append(f"问句词不要求出现：{'、'.join(dict.fromkeys(ignored))}")
    if len(concepts) > MAX_CONCEPTS:
        notices.append(f"词语太多，只用前 {MAX_CONCEPTS} 个检索")
        concepts = concepts[:MAX_CONCEPTS]
    return concepts, notices
