"""Vocabulary kept as data files: the user dictionary, aliases, question words, topics and slot lexicons.

The slot lexicons (``slots_*.txt``, ``synonyms.txt``, one folder) tell the clause analysis
(:mod:`kb.analysis`) which bodies, levels, scopes and modal words to look for.

Trainers edit these files, so a bad line never stops anything: it is skipped and reported with
the file name and line number. Terms quoted (“全岗通”) or set in bold in the corpus itself are
harvested by :func:`corpus_terms` and join the dictionary at index time.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
USERDICT_PATH = DATA_DIR / "userdict.txt"
ALIASES_PATH = DATA_DIR / "aliases.txt"
QUESTION_WORDS_PATH = DATA_DIR / "question_words.txt"
TOPICS_PATH = DATA_DIR / "topics.txt"
SYNONYMS_PATH = DATA_DIR / "synonyms.txt"
CITATIONS_PATH = DATA_DIR / "citations.txt"
FOUNDED_PATH = DATA_DIR / "bodies_founded.txt"
MATTERS_PATH = DATA_DIR / "body_matters.txt"
LEXICON_FILES = ("slots_bodies.txt", "slots_levels.txt", "slots_scopes.txt", "slots_modality.txt", "synonyms.txt")

_CJK_WORD = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fffA-Za-z0-9]+")


@dataclass(frozen=True)
class DictEntry:
    """One user-dictionary word, with jieba's optional frequency and part-of-speech tag."""

    word: str
    freq: int | None = None
    tag: str | None = None


@dataclass(frozen=True)
class Vocabulary:
    """Everything the analyzers and the query planner read from data files."""

    entries: tuple[DictEntry, ...] = ()
    aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    question_words: frozenset[str] = frozenset()
    warnings: tuple[str, ...] = ()


def _lines(path: Path, warnings: list[str]) -> Iterable[tuple[int, str]]:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        warnings.append(f"{path}：无法读取（{exc.strerror or exc}）")
        return
    except UnicodeDecodeError as exc:
        warnings.append(f"{path}：不是 UTF-8 文本（第 {exc.start} 字节附近），已忽略整个文件")
        return
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if line and not line.startswith("#"):
            yield number, line


def parse_userdict(path: Path, warnings: list[str]) -> list[DictEntry]:
    """Read a jieba-style user dictionary: ``词语 [词频] [词性]`` per line, ``#`` comments."""
    entries: list[DictEntry] = []
    for number, line in _lines(path, warnings):
        parts = line.split()
        word, rest = parts[0], parts[1:]
        if not _CJK_WORD.fullmatch(word):
            warnings.append(f"{path.name} 第{number}行：“{word}”含有标点或空白，分词器无法使用，已跳过")
            continue
        freq: int | None = None
        tag: str | None = None
        if rest and rest[0].isdigit():
            freq = int(rest.pop(0))
        if rest:
            tag = rest.pop(0)
        if rest:
            warnings.append(f"{path.name} 第{number}行：多余的内容“{' '.join(rest)}”，已忽略")
        entries.append(DictEntry(word, freq, tag))
    return entries


KIN_MARKS = ("~", "～")  # synonyms.txt: 名称 ~ 相关名称 — one office under another function's name, not a spelling


def _pairs(
    path: Path, warnings: list[str], shape: str, marks: tuple[str, ...] = ("=", "＝"), skip: tuple[str, ...] = KIN_MARKS
) -> Iterable[tuple[str, list[str]]]:
    """``key = value, value`` lines (``=`` or ``＝``, or the ``marks`` given; values split at , ， 、 ; ；), bad lines
    reported; a line of the other relation (``skip``: synonyms.txt's ``~`` lines) is passed over in silence."""
    for number, line in _lines(path, warnings):
        if any(m in line for m in skip) and not any(m in line for m in marks):
            continue
        key, sep, value = "", "", ""
        for mark in marks:
            key, sep, value = line.partition(mark)
            if sep:
                break
        key = key.strip()
        targets = [t.strip() for t in re.split(r"[,，、;；]", value) if t.strip()]
        if not sep or not key or not targets:
            warnings.append(f"{path.name} 第{number}行：应写成“{shape}”，已跳过：{line}")
            continue
        yield key, targets


def parse_aliases(path: Path, warnings: list[str]) -> dict[str, tuple[str, ...]]:
    """Read ``说法 = 条文说法, 另一说法`` lines into a mapping (the key is always among its readings)."""
    aliases: dict[str, tuple[str, ...]] = {}
    for key, targets in _pairs(path, warnings, "说法 = 条文说法, 另一说法"):
        readings = [key, *(t for t in targets if t != key)]
        if key in aliases:
            readings = [*aliases[key], *(r for r in readings if r not in aliases[key])]
        aliases[key] = tuple(readings)
    return aliases


def parse_synonyms(path: Path, warnings: list[str], *, kin: bool = True) -> tuple[frozenset[str], ...]:
    """Read ``词 = 同义词, 同义词`` lines into groups of words that mean the same (groups sharing a word merge); with
    ``kin``, also ``名称 ~ 相关名称`` lines (社会保险行政部门 is the 人社 office under another function's name: never a
    distractor of 劳动行政部门, but no spelling of it either — a cloze takes ``kin=False``)."""
    groups: list[set[str]] = []
    lines = list(_pairs(path, warnings, "词 = 同义词, 同义词"))
    if kin:
        lines += _pairs(path, [], "名称 ~ 相关名称", marks=KIN_MARKS, skip=("=", "＝"))
    for key, targets in lines:
        group = {key, *targets}
        for other in [g for g in groups if g & group]:
            group |= other
            groups.remove(other)
        groups.append(group)
    return tuple(frozenset(g) for g in groups)


def parse_founded(path: Path, warnings: list[str]) -> dict[str, int]:
    """Read ``部门名称 = 设立年份`` lines: the year a body was set up (a text older than that never names it)."""
    founded: dict[str, int] = {}
    for key, targets in _pairs(path, warnings, "部门名称 = 设立年份"):
        if len(targets) != 1 or not re.fullmatch(r"1[89]\d\d|20\d\d", targets[0]):
            warnings.append(f"{path.name}：“{key}”的设立年份应是四位数字的年份，已跳过")
            continue
        founded[key] = int(targets[0])
    return founded


def parse_matters(path: Path, warnings: list[str]) -> dict[str, tuple[str, ...]]:
    """Read ``事务 = 主管部门, 主管部门`` lines: the bodies everyone knows a matter belongs to (最低生活保障 = 民政部门)."""
    matters: dict[str, tuple[str, ...]] = {}
    for key, targets in _pairs(path, warnings, "事务 = 主管部门, 主管部门"):
        matters[key] = tuple(dict.fromkeys([*matters.get(key, ()), *targets]))
    return matters


def parse_citations(path: Path, warnings: list[str]) -> dict[str, str]:
    """Read ``标题中的说法 = 题干中的称呼`` lines: how a stem names the source a compilation part's heading names."""
    citations: dict[str, str] = {}
    for key, targets in _pairs(path, warnings, "标题中的说法 = 题干中的称呼"):
        if len(targets) > 1:
            warnings.append(f"{path.name}：“{key}”只能对应一个称呼，已取第一个“{targets[0]}”")
        citations[key] = targets[0]
    return citations


@dataclass(frozen=True)
class Topic:
    """A subject the topic page lays out across works: a name and the words that signal it."""

    name: str
    words: tuple[str, ...]


def parse_groups(path: Path, warnings: list[str], *, form: str = "专题名: 关键词 关键词") -> list[Topic]:
    """Read ``名称: 词 词`` lines in file order (a repeated name adds its words to the first).

    ``form`` is the shape of a line as a warning about a bad one shows it.
    """
    groups: dict[str, list[str]] = {}
    for number, line in _lines(path, warnings):
        name, sep, value = line.replace("：", ":").partition(":")
        words = [w for w in re.split(r"[\s,，、]+", value) if w]
        if not sep or not name.strip() or not words:
            warnings.append(f"{path.name} 第{number}行：应写成“{form}”，已跳过：{line}")
            continue
        bucket = groups.setdefault(name.strip(), [])
        bucket.extend(w for w in words if w not in bucket)
    return [Topic(name, tuple(words)) for name, words in groups.items()]


def parse_topics(path: Path, warnings: list[str]) -> list[Topic]:
    """Read ``专题名: 关键词 关键词`` lines (a repeated name adds its words to the first)."""
    return parse_groups(path, warnings)


def parse_wordlist(path: Path, warnings: list[str]) -> frozenset[str]:
    """Read one word a line."""
    return frozenset(line for _, line in _lines(path, warnings))


def parse_phrases(path: Path, warnings: list[str]) -> tuple[str, ...]:
    """Read one phrase a line (no spaces inside), longest first so a longer name wins over its part."""
    phrases: set[str] = set()
    for number, line in _lines(path, warnings):
        if re.search(r"\s", line):
            warnings.append(f"{path.name} 第{number}行：一行只写一个名称，中间不能有空格，已跳过：{line}")
            continue
        phrases.add(line)
    return tuple(sorted(phrases, key=lambda w: (-len(w), w)))


def load_vocabulary(
    userdict: Path = USERDICT_PATH, aliases: Path = ALIASES_PATH, question_words: Path = QUESTION_WORDS_PATH
) -> Vocabulary:
    """Read the three vocabulary files, collecting a warning for each bad line."""
    warnings: list[str] = []
    return Vocabulary(
        entries=tuple(parse_userdict(userdict, warnings)),
        aliases=parse_aliases(aliases, warnings),
        question_words=parse_wordlist(question_words, warnings),
        warnings=tuple(warnings),
    )


@dataclass(frozen=True)
class Lexicons:
    """What the clause analysis looks for, as the slot lexicon files say it.

    ``levels`` is the ladder, top first: each level's name and its spellings (the name among them).
    ``scopes`` and ``modal_groups`` are groups of words that stand for one another in a question
    (正职 / 副职; 应当 / 可以 / 不得). ``synonyms`` maps a preferred spelling to all its spellings.
    """

    bodies: tuple[str, ...] = ()
    levels: tuple[Topic, ...] = ()
    scopes: tuple[Topic, ...] = ()
    modal_groups: tuple[Topic, ...] = ()
    synonyms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()

    def canonical(self, text: str) -> str:
        """The preferred spelling of a phrase (高校 → 高等学校), or the phrase itself."""
        for preferred, spellings in self.synonyms.items():
            if text in spellings:
                return preferred
        return text


def load_lexicons(folder: Path = DATA_DIR) -> Lexicons:
    """Read the slot lexicon files of a folder, collecting a warning for each bad line."""
    warnings: list[str] = []
    bodies, levels, scopes, modal, synonyms = (folder / name for name in LEXICON_FILES)
    return Lexicons(
        bodies=parse_phrases(bodies, warnings),
        levels=tuple(parse_groups(levels, warnings, form="层级: 写法 写法")),
        scopes=tuple(parse_groups(scopes, warnings, form="类别: 人员 人员")),
        modal_groups=tuple(parse_groups(modal, warnings, form="类别: 词 词")),
        synonyms=parse_aliases(synonyms, warnings),
        warnings=tuple(warnings),
    )


_QUOTED = re.compile(r"“([^“”]{2,8})”")
_TERM = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]{2,8}")


def corpus_terms(texts: Iterable[tuple[str, Iterable[tuple[int, int]]]]) -> list[str]:
    """Harvest short quoted and bold terms from clause texts (text, emphasis spans) in first-seen order."""
    seen: dict[str, None] = {}
    for text, emphasis in texts:
        candidates = [m.group(1) for m in _QUOTED.finditer(text)]
        candidates += [text[a:b] for a, b in emphasis]
        for term in candidates:
            if _TERM.fullmatch(term):
                seen.setdefault(term, None)
    return list(seen)
