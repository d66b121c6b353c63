"""The ``party`` generator: who a statute makes do what — （　）应当…… with the other parties of the same law.

Most articles of a law say of one party what it must, may or must not do: 用人单位应当……, 学校应当……,
社区矫正机构可以……. The exam asks for the party: 根据《……》，（　）应当建立学生欺凌防控制度。 The distractors
are the other parties of the same law of the same kind (a government body for a government body, an
organisation for an organisation, a person for a person), most often named first — what a half-prepared
candidate mixes up — and never one the law gives the same duty (``does_the_same``), one the sentence already
names, a level of the same body (县级以上人民政府 for 各级人民政府: the one holds the other), the party the law is
named after, or one whose field the sentence spells (教育行政部门 beside 教育教学).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from kb.analysis import words_within
from quiz.context import BankContext, eligible_sentences, family
from quiz.generators import LEANS_BACK, ev, generator, stem_for
from quiz.model import SINGLE, Draft, SourceClause
from quiz.slotgen import FIELD_WORD, PREDICATE_NOUNS, does_the_same, named_for_document, set_up_after, synonymous
from quiz.text import fold, length_alike, sentences

# A party that only opens a relative clause: ……承担协调机制具体工作的职能部门应当…… (the subject is the department)
RELATIVE = re.compile(r"[^，。；]{1,30}的[\u4e00-\u9fff]{0,8}(?:部门|机构|组织|单位|人员|机关)(?:应当|可以|不得|必须|负责)")
MODALS = ("应当", "可以", "不得", "必须", "有权", "负责", "有义务")
# What a party is followed by when it opens its sentence: a verb, a modal, an adverb (依法, 及时), a preposition
# (对……, 在……, 按照……); jieba tags some verbs as nouns (责令, 规定): those are named
PREDICATE_TAGS = ("v", "d", "p")  # not vn: 国务院｜有关部门 is a name going on
PARTY_MAX = 16
NOUN_TAGS = ("n", "j", "vn")  # a name ends in a noun (工作人员, 劳动行政部门: 劳动 is vn)
# … and is made of nouns, adjectives, numerals, 的, 和 / 或者, 其他, 以上: never a verb, a preposition, an adverb or
# an idiom (由, 给, 不得, 拒不执行)
NAME_TAGS = ("n", "j", "vn", "b", "a", "uj", "c", "r", "f", "m", "q")
OPENERS = ("对", "在", "因", "经", "依", "按", "根据", "为", "凡", "除", "由", "将", "与", "向", "从", "自", "当", "如", "若")
# No party of its own: everyone (国家, 任何……, 全社会), a class left open (有关……, 其他……, ……等), a pronoun
VAGUE = re.compile(
    r"[0-9〇零一二三四五六七八九十百千]{2,}|^(?:国家|任何|全社会|社会|各|有关|其他|一切|本|前|上述|该|其|此|这|凡)"
    r"|^(?:上级|上一级|同级|下级|所在|当地|所有|全体)|(?:等|有关部门|其他组织|方面)$"
)
# The kinds of party, by how the name ends: a government body, an organisation, a person
KINDS = (
    ("body", ("政府", "部门", "机关", "法院", "检察院", "办事处", "国务院", "单位", "组织", "企业", "学校", "团体", "协会")),
    ("body", ("工会", "基金会", "红十字会", "机构", "委员会", "医院", "场所")),
    ("person", ("人", "者", "员", "父母", "子女", "职工", "妇女", "亲属", "家庭成员")),
)
LEVEL_FRONT = re.compile(r"^.*(?:以上|以下|各级|级|地方|国务院|乡镇|街道)(?=[\u4e00-\u9fff]{2})")
OPTIONS_FROM = 12  # the most-named parties of a law a distractor is drawn from


def party_kind(name: str) -> str | None:
    """What kind of party a name is, by its ending; None for anything else."""
    return next((kind for kind, ends in KINDS if name.endswith(ends)), None)


def _core(name: str) -> str:
    """A party without its level (县级以上地方人民政府 → 人民政府): two levels of one body are no two parties."""
    return LEVEL_FRONT.sub("", name)


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
        verb = after.tag.startswith(PREDICATE_TAGS) and after.tag != "vn"
        if not (verb or after.text in MODALS or after.text in PREDICATE_NOUNS):
            continue
        name = c.text[a:end]
        if party_kind(name) is None or not w.tag.startswith(NOUN_TAGS):
            continue
        if not all(x.tag.startswith(NAME_TAGS) for x in words[:i]):
            return None  # 具体办法由国务院……部门 / 严禁刑讯逼供或者 / 给劳动者: a verb or a preposition, no name
        if name.startswith(OPENERS) or VAGUE.search(name) or "的" in name[-2:] or "、" in name:
            return None
        if RELATIVE.match(c.text, end, b):
            return None  # 县级以上人民政府承担……工作的职能部门应当……: the party is the one the clause ends on
        return a, end
    return None


def law_parties(ctx: BankContext, work: str) -> list[str]:
    """The parties a statute's sentences open on, most often first (read once per work)."""

    def make() -> list[str]:
        counts: Counter[str] = Counter()
        for c in ctx.clauses:
            if c.work != work:
                continue
            for a, b in sentences(c.text):
                span = opening_party(c, a, b)
                if span is not None:
                    counts[c.text[span[0] : span[1]]] += 1
        return [name for name, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]

    return ctx.memo(f"parties:{work}", make)


def _beside(key: str, sentence: str) -> bool:
    """Tell whether the sentence spells the key's field (社区矫正机构……社区矫正对象): the key is picked by its words."""
    field = FIELD_WORD.sub("", _core(key))
    field = re.sub(r"(?:单位|组织|委员会|人员|机构)$", "", field)
    return len(field) >= 2 and field in sentence


def _overlap(a: str, b: str) -> bool:
    """Tell whether two parties are one (the one holds the other, or they are levels of one body)."""
    fa, fb = fold(a), fold(b)
    return fa in fb or fb in fa or _core(a) == _core(b)


def party_distractors(ctx: BankContext, c: SourceClause, key: str, rest: str, after: str) -> list[str]:
    """Three parties of the same law and kind for a blank where ``key`` stands (``rest``: the sentence without it)."""
    kind = party_kind(key)
    chosen: list[str] = []
    for other in law_parties(ctx, c.work)[:OPTIONS_FROM]:
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
            span = opening_party(c, a, b)
            if span is None:
                continue
            key = c.text[span[0] : span[1]]
            rest = c.text[span[1] : b]
            if named_for_document(key, c.cite) or _beside(key, rest):
                continue  # 村民委员会 in the 村民委员会组织法; 社区矫正机构……社区矫正对象: picked at sight
            stem, (sa, _) = stem_for(c, *span)
            if sa != span[0] or LEANS_BACK.match(c.text, sa):
                continue  # the stem had to take in the sentence before: the party is no longer its opening
            wrong = party_distractors(ctx, c, key, rest, rest.rstrip("。；"))
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
                context=(c.text[a : span[0]], rest),
            )
            break  # one party a clause: the first sentence that asks well
