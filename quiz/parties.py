"""The ``party`` generator: who a statute makes do what — （　）应当…… with the other parties of the same law.

Most articles of a law say of one party what it must, may or must not do: 用人单位应当……, 学校应当……,
社区矫正机构可以……, often after the case the rule is for (未成年学生旷课、逃学的，学校应当……). The exam asks for
the party: 根据《……》，（　）应当建立学生欺凌防控制度。 The distractors
are the other parties of the same law of the same kind (kb/data/parties.txt: a court among judicial bodies, a
school among schools, a government among administrations — never a hospital for a court's 裁定, review 128),
those whose own sentences share most of this one's rare words first — what a half-prepared candidate mixes
up — and never one the law gives the same duty (``does_the_same``), one the sentence already
names, a level of the same body (县级以上人民政府 for 各级人民政府: the one holds the other), the party the law is
named after, or one whose field the sentence spells (教育行政部门 beside 教育教学).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import cache

from corpus.text import is_cjk_char
from kb.analysis import words_within
from kb.vocab import DATA_DIR, parse_groups
from quiz.context import BankContext, eligible_sentences, family
from quiz.generators import LEANS_BACK, ev, generator, stem_for
from quiz.model import SINGLE, Draft, SourceClause
from quiz.slotgen import FIELD_WORD, PREDICATE_NOUNS, does_the_same, named_for_document, set_up_after, synonymous
from quiz.text import fold, length_alike, sentences

# A party that only opens a relative clause: ……承担协调机制具体工作的职能部门应当…… (the subject is the department)
RELATIVE = re.compile(r"[^，。；]{1,30}的[\u4e00-\u9fff]{0,8}(?:部门|机构|组织|单位|人员|机关)(?:，|应当|可以|不得|必须|负责)")
MODALS = ("应当", "可以", "不得", "必须", "有权", "负责", "有义务")
# What a party is followed by when it opens its sentence: a verb, a modal, an adverb (依法, 及时), a preposition
# (对……, 在……, 按照……); jieba tags some verbs as nouns (责令, 规定): those are named
PREDICATE_TAGS = ("v", "d", "p")
PARTY_MAX = 16
NOUN_TAGS = ("n", "j", "vn")  # a name ends in a noun (工作人员, 劳动行政部门: 劳动 is vn)
# … and is made of nouns, adjectives, numerals, 的, 和 / 或者, 其他, 以上: never a verb, a preposition, an adverb or
# an idiom (由, 给, 不得, 拒不执行)
NAME_TAGS = ("n", "j", "vn", "b", "a", "uj", "c", "r", "f", "m", "q")
OPENERS = ("对", "在", "因", "经", "依", "按", "根据", "为", "凡", "除", "由", "将", "与", "向", "从", "自", "当", "如", "若")
# No party of its own: everyone (国家, 任何……, 全社会), a class left open (有关……, 其他……, ……等), a pronoun
VAGUE = re.compile(
    r"[0-9〇零一二三四五六七八九十百千]{2,}|^(?:国家|任何|全社会|社会|各|有关|其他|一切|本|前|上述|该|其|此|这|凡)"
    r"|^(?:上级|上一级|同级|下级|所在|当地|所有|全体|同一|原)|(?:等|有关部门|其他组织|方面)$"
)
PARTIES_PATH = DATA_DIR / "parties.txt"  # the kinds of party, by how a name ends (a trainer may edit it)
LEVEL_FRONT = re.compile(r"^.*(?:以上|以下|各级|级|地方|国务院|乡镇|街道|人民政府)(?=[\u4e00-\u9fff]{2})")
MEMBERS = re.compile(r"和|或者|及其|及|与|、")
RARE_PAIR = 60  # a word the law prints at most this often is the business of a few of its parties (裁定, 开除, 学生)
# Character pairs of the statutes' frame, shared by every party's sentences
FRAME_PAIRS = frozenset(
    "应当 可以 不得 必须 依法 依照 按照 规定 有关 工作 进行 建立 健全 加强 负责 组织 开展 做好 提供 保障 实施 管理"  # noqa: SIM905
    " 本法 法律 行政 法规 部门 单位 人员 机构 国家 人民 政府 社会 相关 情况 及时 制度".split()
)
# … and of party names (部门, 单位, 人民, 政府): no word of a name's own business
NAME_PAIRS = frozenset("部门 单位 人员 机构 组织 机关 人民 政府 委员 员会 行政 主管 地方 县级 以上 各级 国务 务院".split())  # noqa: SIM905


ENDING_ONLY = "…"  # parties.txt: …部门 is how a name ends, never a party's whole name


@cache
def party_kinds() -> tuple[tuple[str, str, bool], ...]:
    """Every name ending of ``parties.txt`` with its kind and whether it is a whole name too, longest first
    (医疗卫生机构 before 机构)."""
    groups = parse_groups(PARTIES_PATH, [], form="类别: 名称结尾 名称结尾")
    ends = [(word.lstrip(ENDING_ONLY), group.name, not word.startswith(ENDING_ONLY)) for group in groups for word in group.words]
    return tuple(sorted(ends, key=lambda e: -len(e[0])))


def party_kind(name: str) -> str | None:
    """What kind of party a name is, by the longest ending of ``parties.txt`` it has; None for anything else, and
    for a government: its levels are one body (县级以上人民政府 holds 国务院), so a government among departments
    is the one option of its sort (review 129) — a level is asked by the level and body blanks instead."""
    if _core(name) == "人民政府":
        return None
    return next((kind for end, kind, _ in party_kinds() if name.endswith(end)), None)


def _core(name: str) -> str:
    """A party without its level (县级以上地方人民政府 → 人民政府; 国务院 is the government's top rung): two levels
    of one body are no two parties (县级以上人民政府 holds 国务院)."""
    core = LEVEL_FRONT.sub("", name)
    return "人民政府" if core in ("国务院", "政府", "中华人民共和国政府") or core.endswith("人民政府") else core


def opening_party(c: SourceClause, a: int, b: int) -> tuple[int, int] | None:
    """The span of the party a sentence opens on — the shortest run of its first words that names a party and is
    followed by what it does — or None (a case, a preposition, everyone, a list of parties)."""
    if c.analysis is None:
        return None
    words = words_within(c.analysis.words, a, min(b, a + PARTY_MAX + 4))
    for i, w in enumerate(words[:-1]):
        end = w.end
        if end - a > PARTY_MAX or w.tag == "x":
            return None
        after = words[i + 1]
        # a verbal noun is the verb (人民法院｜审理), unless the name goes on (国务院｜有关部门, 县级人民政府｜劳动｜行政部门)
        following = words[i + 2].text if i + 2 < len(words) else ""
        goes_on = after.text == "有关" or following.endswith(("部门", "机构", "机关", "单位"))
        verb = after.tag.startswith(PREDICATE_TAGS) and not (after.tag == "vn" and goes_on)
        if not (verb or after.text in MODALS or after.text in PREDICATE_NOUNS):
            continue
        name = c.text[a:end]
        if party_kind(name) is None or not w.tag.startswith(NOUN_TAGS):
            continue
        if not all(x.tag.startswith(NAME_TAGS) for x in words[:i]):
            return None  # 具体办法由国务院……部门 / 严禁刑讯逼供或者 / 给劳动者: a verb or a preposition, no name
        if name.startswith(OPENERS) or VAGUE.search(name) or "的" in name[-2:] or len(MEMBERS.split(name)) > 1:
            return None  # 乡镇人民政府和街道办事处: two parties, picked by its form among single ones (review 129)
        if RELATIVE.match(c.text, end, b):
            return None  # 县级以上人民政府承担……工作的职能部门应当……: the party is the one the clause ends on
        return a, end
    return None


# The case a rule opens on before its party: 未成年学生旷课、逃学的，｜学校应当…… — one member, no list's lead-in (之一的),
# no second condition (……的，……的，), nothing that points back (有前款情形的: refused with its sentence)
CASE_LEAD = re.compile(r"[^，。；：“”]{4,40}?的，")


def party_after_case(c: SourceClause, a: int, b: int) -> tuple[int, int] | None:
    """The span of the party the rule names right after the case it opens on (未成年学生旷课、逃学的，学校应当……), or
    None: a sentence that opens on its party, a case of several members, a party that is no name."""
    m = CASE_LEAD.match(c.text, a, b)
    if m is None or "之一" in m.group() or CASE_LEAD.match(c.text, m.end(), b):
        return None
    return opening_party(c, m.end(), b)


def law_parties(ctx: BankContext, work: str) -> dict[str, list[str]]:
    """The parties a statute's sentences open on, most often first, each with what its sentences say it does (the
    words after it, folded), read once per work."""

    def make() -> dict[str, list[str]]:
        does: dict[str, list[str]] = {}
        for c in ctx.clauses:
            if c.work != work:
                continue
            for a, b in sentences(c.text):
                span = opening_party(c, a, b) or party_after_case(c, a, b)
                if span is not None:
                    does.setdefault(c.text[span[0] : span[1]], []).append(fold(c.text[span[1] : b]))
        return dict(sorted(does.items(), key=lambda kv: (-len(kv[1]), kv[0])))

    return ctx.memo(f"parties:{work}", make)


def _pairs(text: str) -> set[str]:
    """The character pairs of a text that are words of its content, not of the statutes' frame (应当, 依法, 工作)."""
    return {text[i : i + 2] for i in range(len(text) - 1) if is_cjk_char(text[i]) and is_cjk_char(text[i + 1])} - FRAME_PAIRS


def kinship(ctx: BankContext, work: str, does: Sequence[str], rest: str) -> int:
    """How many words of what the sentence says of its party, rare in the law, this other party's sentences also use
    (人民法院……作出裁定 / 人民检察院……裁定; 学校……学生 / 教育行政部门……学生): a party that could be thought to do it."""
    index = ctx.work_index(work)
    own = {p for p in _pairs(fold(rest)) if index.count(p) <= RARE_PAIR}
    theirs = set().union(*(_pairs(x) for x in does)) if does else set()
    return len(own & theirs)


def _beside(key: str, sentence: str) -> bool:
    """Tell whether the sentence spells the key's field or a word of its name (社区矫正机构……社区矫正对象, 专门学校……
    专门教育, 教育行政部门……教育): the key is picked by its words."""
    field = FIELD_WORD.sub("", _core(key))
    field = re.sub(r"(?:单位|组织|委员会|人员|机构)$", "", field)
    return (len(field) >= 2 and field in sentence) or bool(_pairs(key) - NAME_PAIRS & _pairs(sentence))


def _overlap(a: str, b: str) -> bool:
    """Tell whether two parties are one (the one holds the other, they are levels of one body, or they name a
    member in common: 用人单位和个人 / 用人单位或者个人)."""
    fa, fb = fold(a), fold(b)
    if fa in fb or fb in fa or _core(a) == _core(b):
        return True
    return bool({_core(x) for x in MEMBERS.split(a) if len(x) >= 2} & {_core(x) for x in MEMBERS.split(b) if len(x) >= 2})


def party_distractors(ctx: BankContext, c: SourceClause, key: str, rest: str, after: str) -> list[str]:
    """Three parties of the same law and kind for a blank where ``key`` stands (``rest``: the sentence without it):
    those whose own sentences share the most rare words with this one (a court for a court's 裁定, another school
    body for 开除学生), never one that does the same (``does_the_same``) or that the key holds."""
    kind = party_kind(key)
    parties = law_parties(ctx, c.work)
    ranked = sorted(
        ((kinship(ctx, c.work, does, rest), i, other) for i, (other, does) in enumerate(parties.items())),
        key=lambda t: (-t[0], t[1]),
    )
    # then the names of the key's kind (parties.txt) the law prints anywhere: 人民检察院 named only in a list is one
    named = [end for end, k, whole in party_kinds() if whole and k == kind and end not in parties and ctx.is_stated(c.work, end)]
    chosen: list[str] = []
    for other in [x for _, _, x in ranked] + named:
        if party_kind(other) != kind or not all(length_alike(other, x) for x in (key, *chosen)):
            continue
        if any(_overlap(other, x) or synonymous(other, x, ctx) for x in (key, *chosen)):
            continue  # 县级以上人民政府 for 各级人民政府; 监护人 for 父母或者其他监护人: the one holds the other
        if other in rest or ctx.is_stated(c.work, other + after[:12]) or set_up_after(ctx, other, c.year):
            continue
        if does_the_same(ctx, c.work, other, after):
            continue
        chosen.append(other)
        if len(chosen) == 3:
            break
    return chosen


@generator("party", "主体题")
def party_questions(ctx: BankContext) -> Iterator[Draft]:
    """单选: the party of a statute's sentence blanked (（　）应当……), the law's other parties of its kind the options."""
    for c in ctx.clauses:
        if c.analysis is None or family(ctx, c) != "law" or c.kind == "item":
            continue  # an item read under its lead-in (……进行监督检查：（　）与劳动者订立……的情况) asks no party
        for a, b in eligible_sentences(c, 10, 90):
            span = opening_party(c, a, b) or party_after_case(c, a, b)
            if span is None:
                continue
            key = c.text[span[0] : span[1]]
            case, after = c.text[a : span[0]], c.text[span[1] : b]
            rest = case + after
            if named_for_document(key, c.cite) or _beside(key, rest):
                continue  # 村民委员会 in the 村民委员会组织法; 社区矫正机构……社区矫正对象: picked at sight
            stem, (sa, _) = stem_for(c, *span)
            if sa != a or LEANS_BACK.match(c.text, span[0]):
                continue  # the stem had to take in the sentence before: the party and its case no longer open it
            wrong = party_distractors(ctx, c, key, rest, after.rstrip("。；"))
            if len(wrong) < 3:
                continue
            yield Draft(
                "party",
                SINGLE,
                stem,
                (key,),
                tuple(wrong),
                sources=(c,),
                evidence=(ev(c, *span),),
                variant=f"party:{span[0]}",
                difficulty=3,
                topics=c.topics,
                option_kind="term",
                context=(case, after),
            )
            break  # one party a clause: the first sentence that asks well
