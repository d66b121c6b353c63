"""Text that remembers where every character came from, and the character-level normalisation.

Every string the pipeline produces is an :class:`MText`: the characters, the offset of each one in
the raw file, and whether it was marked as a key point (Markdown bold). Normalisation deletes and
replaces characters but never loses that mapping, so a clause can always show its source span.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_PUNCT = r"\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u2018-\u201f\u2026\u2014"
_CJK_RE = re.compile(f"[{CJK}]")
_CJK_OR_PUNCT = f"{CJK}{CJK_PUNCT}"

SENTENCE_END = "。！？；…"
CLOSERS = "”’）》」』】)"


@dataclass(frozen=True)
class MText:
    """Characters with their raw-file offsets and key-point (bold) flags."""

    text: str
    pos: tuple[int, ...]
    bold: tuple[bool, ...]

    @classmethod
    def from_raw(cls, raw: str, start: int, end: int) -> MText:
        """Take raw[start:end] as it stands."""
        n = end - start
        return cls(raw[start:end], tuple(range(start, end)), (False,) * n)

    @classmethod
    def empty(cls) -> MText:
        """Return the empty text."""
        return cls("", (), ())

    def __len__(self) -> int:
        return len(self.text)

    def __getitem__(self, item: slice) -> MText:
        return MText(self.text[item], self.pos[item], self.bold[item])

    def __add__(self, other: MText) -> MText:
        return MText(self.text + other.text, self.pos + other.pos, self.bold + other.bold)

    def span(self) -> tuple[int, int]:
        """Return the raw-file span [start, end) the characters come from."""
        if not self.pos:
            return (0, 0)
        return (min(self.pos), max(self.pos) + 1)

    def strip(self) -> MText:
        """Strip white space (including the ideographic space) at both ends."""
        s = self.text
        left = len(s) - len(s.lstrip())
        right = len(s.rstrip())
        return self[left:right] if right > left else MText.empty()

    def bold_spans(self) -> list[tuple[int, int]]:
        """Return [start, end) index ranges of the bold characters in this text."""
        spans: list[tuple[int, int]] = []
        start = -1
        for i, flag in enumerate(self.bold):
            if flag and start < 0:
                start = i
            elif not flag and start >= 0:
                spans.append((start, i))
                start = -1
        if start >= 0:
            spans.append((start, len(self.bold)))
        return spans

    def sub(self, pattern: re.Pattern[str], repl: Callable[[re.Match[str]], str]) -> MText:
        """Replace every match of ``pattern``; new characters inherit the matched characters' origin."""
        out_text: list[str] = []
        out_pos: list[int] = []
        out_bold: list[bool] = []
        last = 0
        for m in pattern.finditer(self.text):
            out_text.append(self.text[last : m.start()])
            out_pos.extend(self.pos[last : m.start()])
            out_bold.extend(self.bold[last : m.start()])
            new = repl(m)
            matched = range(m.start(), m.end())
            for k, ch in enumerate(new):
                src = matched[min(k, len(matched) - 1)] if len(matched) else max(m.start() - 1, 0)
                out_text.append(ch)
                out_pos.append(self.pos[src] if self.pos else 0)
                out_bold.append(self.bold[src] if self.bold else False)
            last = m.end()
        out_text.append(self.text[last:])
        out_pos.extend(self.pos[last:])
        out_bold.extend(self.bold[last:])
        return MText("".join(out_text), tuple(out_pos), tuple(out_bold))


def concat(parts: Iterable[MText]) -> MText:
    """Join texts with nothing between them."""
    result = MText.empty()
    for part in parts:
        result = result + part
    return result


def has_cjk(s: str) -> bool:
    """Tell whether the string holds at least one Han character."""
    return bool(_CJK_RE.search(s))


def is_cjk_char(ch: str) -> bool:
    """Tell whether one character is a Han character or CJK punctuation."""
    return bool(re.match(f"[{_CJK_OR_PUNCT}]", ch))


# ---------------------------------------------------------------------------------------------
# Markdown emphasis: ``**key point**`` becomes bold flags, never literal asterisks.

_BOLD_MARK = re.compile(r"\*\*|__")


def extract_emphasis(mt: MText) -> tuple[MText, int]:
    """Turn paired ``**`` (or ``__``) marks into bold flags; return the text and unpaired marks dropped."""
    marks = [m.start() for m in _BOLD_MARK.finditer(mt.text)]
    unpaired = len(marks) % 2
    if unpaired:
        marks = marks[:-1]
    bold = list(mt.bold)
    keep = [True] * len(mt.text)
    for a, b in zip(marks[0::2], marks[1::2], strict=True):
        for i in range(a + 2, b):
            bold[i] = True
        keep[a] = keep[a + 1] = keep[b] = keep[b + 1] = False
    if unpaired:
        # a stray mark is markup noise, not text
        stray = [m.start() for m in _BOLD_MARK.finditer(mt.text)][-1]
        keep[stray] = keep[stray + 1] = False
    idx = [i for i, k in enumerate(keep) if k]
    text = "".join(mt.text[i] for i in idx)
    # single * used for italics is rare in these texts; drop lone asterisks around CJK
    result = MText(text, tuple(mt.pos[i] for i in idx), tuple(bold[i] for i in idx))
    return result, unpaired


# ---------------------------------------------------------------------------------------------
# Character normalisation.

_FULLWIDTH_ALNUM = re.compile(r"[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uff0e\uff05\u3000]")


def _fold_fullwidth(m: re.Match[str]) -> str:
    ch = m.group(0)
    if ch == "\u3000":
        return " "
    return unicodedata.normalize("NFKC", ch)


def _drop_space_between(mt: MText) -> MText:
    """Remove white space that has a Han character or CJK punctuation on at least one side."""
    text = mt.text
    keep: list[int] = []
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch in " \t\u00a0":
            j = i
            while j < n and text[j] in " \t\u00a0":
                j += 1
            before = text[i - 1] if i > 0 else ""
            after = text[j] if j < n else ""
            if before and after and (is_cjk_char(before) or is_cjk_char(after)):
                i = j
                continue
            if not before or not after:
                i = j
                continue
            keep.append(i)  # one space between two Latin words
            i = j
            continue
        keep.append(i)
        i += 1
    return MText("".join(text[k] for k in keep), tuple(mt.pos[k] for k in keep), tuple(mt.bold[k] for k in keep))


def _unify_punct(mt: MText) -> MText:
    """Make half-width punctuation inside Chinese text full-width; leave numbers and Latin alone."""
    text = mt.text
    out = list(text)
    n = len(text)

    def near_cjk(i: int) -> bool:
        left = text[i - 1] if i > 0 else ""
        right = text[i + 1] if i + 1 < n else ""
        return (
            bool(left and has_cjk(left))
            or bool(right and has_cjk(right))
            or (bool(left) and left in "”）》")
            or (bool(right) and right in "“（《")
        )

    # parentheses: convert a pair when its content is Chinese or a bare list number
    stack: list[int] = []
    for i, ch in enumerate(text):
        if ch == "(":
            stack.append(i)
        elif ch == ")" and stack:
            a = stack.pop()
            inner = text[a + 1 : i]
            context = text[max(0, a - 1) : a] + text[i + 1 : i + 2]
            if has_cjk(inner) or re.fullmatch(r"\d{1,3}|[一二三四五六七八九十]+", inner) or has_cjk(context):
                out[a], out[i] = "（", "）"
    quote_open = True
    for i, ch in enumerate(text):
        if ch == "," and near_cjk(i) and not (0 < i < n - 1 and text[i - 1].isdigit() and text[i + 1].isdigit()):
            out[i] = "，"
        elif ch == ";" and near_cjk(i):
            out[i] = "；"
        elif ch == ":" and near_cjk(i) and not (0 < i < n - 1 and text[i - 1].isdigit() and text[i + 1].isdigit()):
            out[i] = "："
        elif ch == "!" and near_cjk(i):
            out[i] = "！"
        elif ch == "?" and near_cjk(i):
            out[i] = "？"
        elif ch == '"' and near_cjk(i):
            out[i] = "“" if quote_open else "”"
            quote_open = not quote_open
    return MText("".join(out), mt.pos, mt.bold)


def normalise_chars(mt: MText) -> MText:
    """Fold full-width letters and digits, drop spaces inside Chinese text, unify punctuation."""
    mt = mt.sub(_FULLWIDTH_ALNUM, _fold_fullwidth)
    mt = _drop_space_between(mt)
    mt = _unify_punct(mt)
    return mt.strip()


def normalise_plain(s: str) -> str:
    """Normalise a plain string the way clause text is normalised (for titles, queries, tests)."""
    mt = MText(s, tuple(range(len(s))), (False,) * len(s))
    mt, _ = extract_emphasis(mt)
    return normalise_chars(mt).text


# ---------------------------------------------------------------------------------------------
# Units of text: sentences and character bigrams.

_SENTENCE_STOPS = "。！？；;"
_SENTENCE = re.compile(f"[^{_SENTENCE_STOPS}\n]+[{_SENTENCE_STOPS}]?")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the sentences of a text (semicolon members and lines count), leading spaces left out."""
    out = []
    for m in _SENTENCE.finditer(text):
        a, b = m.span()
        while a < b and text[a] in " \u3000":
            a += 1
        if text[a:b].strip(_SENTENCE_STOPS + " \u3000"):
            out.append((a, b))
    return out


def char_bigrams(s: str) -> list[str]:
    """The overlapping character pairs of a string, in order (甲乙丙 → 甲乙, 乙丙)."""
    return [s[i : i + 2] for i in range(len(s) - 1)]


def ends_sentence(s: str) -> bool:
    """Tell whether a line ends a sentence (full stop, question, semicolon, possibly closed)."""
    s = s.rstrip()
    remark = re.search(r"[。！？；]\*{0,2}[（(][^（）()]*[)）]\*{0,2}$", s)
    if remark:
        return True  # a remark in brackets after a full stop closes the paragraph: 。（甲牵头）
    while s and s[-1] in CLOSERS + "*":
        s = s[:-1]
    return bool(s) and (s[-1] in SENTENCE_END or s[-1] in ".!?;")
