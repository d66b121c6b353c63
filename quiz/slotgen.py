"""The ``slot`` generator: a typed slot of an analysed clause blanked, distractors of the same slot type.

    level   县级层面制定…考核方案: the other rungs of the ladder nearest the key (省级 / 市地级 / 街道（乡镇）),
            printed the way the corpus prints a level in front of 层面, 党委 …
    body    县级党委组织部门: the same level with another body of the same head noun (县级党委社会工作部门,
            县级民政部门 …), the bodies taken from every body slot of the corpus
    scope   正职 / 副职 / 其他社区工作者: the other words of the key's lexicon line
    modality  不得 / 可以 / 应当 / 鼓励: one word of each other force (never 严禁 beside 不得)

A blank never falls inside a bracketed remark (（省委组织部、省委社会工作部负责）: who carries a
measure out is not what the clause asks), a list item keeps its lead-in (``stem_for``), and the
gates then refuse any distractor the same work also states there, or a synonym of the key.
"""

from __future__ import annotations

import random
import re
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from functools import partial
from itertools import zip_longest

from kb.analysis import VERB_GROUP, Slot, slots_starting, word_at
from quiz.context import BankContext, eligible_sentences, family
from quiz.generators import (
    ADULT,
    LEANS_BACK,
    clause_lists,
    common_knowledge,
    coordinated,
    counted_after,
    counted_before,
    ev,
    generator,
    in_number_series,
    leads_a_list,
    list_distractors,
    out_of_world,
    relative_one,
    sentence_at,
    stem_for,
)
from quiz.model import BLANK, MULTI, SINGLE, Draft, SourceClause, rng_for
from quiz.numbers import bracket, numeral_span, plausible_values, printed
from quiz.text import IndexedText, body_start, fold, in_remark

ASKED = ("body", "level", "scope", "modality")  # what a false statement may change
# What a 单选 blanks: not a modal word — of 应当 / 可以 / 不得 / 鼓励 one or two never fit the sentence
# (任何单位或者个人鼓励挤占挪用), and 应当 is the key four times in five; a modal change is a 判断 or a statement.
BLANKED = ("body", "level", "scope")
# A modal blank offers one word of each force, so no two options mean the same (不得 / 严禁 / 禁止 are one):
MODAL_FORCES = {"不得": "不得", "严禁": "不得", "禁止": "不得", "可以": "可以", "应当": "应当", "必须": "应当", "鼓励": "鼓励"}
MODAL_OPTIONS = ("可以", "应当", "不得", "鼓励")
LADDER = {1: "省级", 2: "市地级", 3: "县级", 4: "街道（乡镇）"}  # how a distractor prints a rung (rank 0 is 中央)
LAW_LADDER = {1: "省级", 2: "设区的市级", 3: "县级", 4: "乡镇"}  # a statute's rungs (市地级 is policy speech)
RANK_OF = {name: rank for ladder in (LADDER, LAW_LADDER) for rank, name in ladder.items()} | {"市级": 2, "地市级": 2}
BARE = {1: "省", 2: "市", 3: "县"}  # the same rungs written without 级 (省、市两级)
RANK_OF |= {name: rank for rank, name in BARE.items()}
LEVEL_KEYS = {"省级", "市地级", "市级", "地市级", "县级"}  # a level blank asks for one of these
BODY_HEADS = ("部门", "委员会", "党委", "政府")
MAX_PER_CLAUSE = 6
RANGE_WORDS = ("以上", "以下", "及以上", "及其以上")
RELATIVE_LEVELS = ("各级", "同级", "本级", "上级", "下级", "上一级", "以上", "以下")  # no core of a body: 县级 + 各级人民政府


def _core(slot: Slot) -> str | None:
    """A body without the level in front of it (县级党委组织部门 → 党委组织部门); None when the level
    is spelled some other way (旗县区民政部门), since the rest is then no body of its own."""
    if slot.level is None:
        # 各级党委社会工作部门: 各级 is no rung, but the options carry it too (only the key with 各级 is picked by its form)
        return slot.text.removeprefix("各级") if slot.text.startswith("各级") and len(slot.text) >= 6 else slot.text
    for spelling in (*LEVEL_KEYS, "各级"):
        if slot.text.startswith(spelling):
            rest = slot.text[len(spelling) :]
            # 县级以上人民政府: the level reaches up or down (以上 / 以下), so what follows is no body of its own
            return None if rest.startswith(RANGE_WORDS) else rest
    return None


Cores = dict[str, dict[str, list[str]]]  # family (law / policy) → head noun → bodies, most often named first


def body_cores(ctx: BankContext) -> Cores:
    """Every body of the corpus without its level, by family and head noun, most often named first."""
    counts: dict[str, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    for c in ctx.clauses:
        for s in c.analysis.slots if c.analysis else ():
            if s.kind == "body" and s.head in BODY_HEADS and "“" not in s.text and not in_remark(c.text, s.start):
                core = _core(s)
                if core is not None and 4 <= len(core) <= 10 and not core.startswith((*LEVEL_KEYS, *RELATIVE_LEVELS)):
                    heads = counts[family(ctx, c)]
                    heads[s.head][core] = heads[s.head].get(core, 0) + 1
    return {fam: {head: _most_named(cores) for head, cores in heads.items()} for fam, heads in counts.items()}


def _most_named(counts: dict[str, int]) -> list[str]:
    return sorted(counts, key=lambda k: (-counts[k], k))


def synonymous(a: str, b: str, ctx: BankContext) -> bool:
    """Whether two phrases name the same thing: one holds the other, or a listed synonym turns one into the other
    (县级组织部门 / 县级党委组织部门)."""
    fa, fb = fold(a), fold(b)
    if fa in fb or fb in fa:
        return True
    for group in ctx.synonyms:
        for w in group:
            if w in a and any(a.replace(w, other) == b for other in group if other != w):
                return True
    return False


def _ranks_named(c: SourceClause, a: int, b: int, slot: Slot) -> set[int]:
    """The ladder rungs the rest of a sentence names (its other level slots)."""
    return {
        s.rank
        for s in slots_starting(c.analysis.slots if c.analysis else (), a, b)
        if s.kind == "level" and s.rank is not None and s is not slot
    }


def _named_otherwise(option: str, sentence: str, ctx: BankContext) -> bool:
    """Whether the sentence already names the option under another spelling (高等学校毕业生 for 高校毕业生;
    居民委员会主任 beside 居委会主任): put in, it would name one person twice and the change would still be true."""
    for group in ctx.synonyms:
        for w in group:
            if w in option and any(other != w and option.replace(w, other) in sentence for other in group):
                return True
    return False


def _level_options(slot: Slot, named: set[int], law: bool = False) -> list[str]:
    """The nearest other rungs, leaving out those the sentence already names (市级 in the stem rules out 市地级);
    in a statute, the rungs as statutes print them (``law``)."""
    ladder = BARE if slot.text in BARE.values() else LAW_LADDER if law else LADDER  # 省、市两级 → 省、县两级
    if (slot.text not in LEVEL_KEYS and ladder is not BARE) or slot.rank is None:
        return []
    near = sorted((r for r in ladder if r != slot.rank and r not in named), key=lambda r: (abs(r - slot.rank), r))  # type: ignore[operator]
    return [ladder[r] for r in near]


def _cores_of(option: str) -> list[str]:
    """The body an option names without its level word (各级党委社会工作部门 → 党委社会工作部门)."""
    out = [option]
    for spelling in (*LEVEL_KEYS, "各级", "同级"):
        if option.startswith(spelling) and len(option) - len(spelling) >= 4:
            out.append(option[len(spelling) :])
    return out


COLLECTIVE = re.compile(r"统称(?:为)?([\u4e00-\u9fff]{2,14}?(?:部门|机关|机构|组织|人员))")


def collectives(ctx: BankContext, work: str) -> frozenset[str]:
    """The names a work gives a group of bodies (前两款所列行政部门统称社会救助管理部门): the group and its members
    are never each other's distractors — 民政部门 is a 社会救助管理部门."""

    def make() -> frozenset[str]:
        return frozenset(m.group(1) for c in ctx.clauses if c.work == work for m in COLLECTIVE.finditer(c.text))

    return ctx.memo(f"collectives:{work}", make)


def body_field(body: str) -> str:
    """A body's name without its level and government (县级人民政府民政部门 → 民政部门)."""
    return re.sub(r"^.*(?:人民政府|级|以上|以下)", "", body) or body


def _body_options(slot: Slot, cores: dict[str, list[str]], ctx: BankContext, rng: random.Random) -> list[str]:
    if slot.head not in BODY_HEADS or "“" in slot.text or not 4 <= len(slot.text) <= 14:
        return []
    core = _core(slot)
    if core is None:
        return []
    prefix = slot.text[: len(slot.text) - len(core)]
    pair = ("和" in core) or ("及" in core)  # 党委和政府 is two bodies: never in the place of one, nor one for them
    others = [k for k in cores.get(slot.head or "", []) if not synonymous(k, core, ctx) and (("和" in k or "及" in k) == pair)]
    head, tail = others[:4], others[4:]
    rng.shuffle(tail)
    government = "人民政府" if core.startswith("人民政府") else ""  # 县级人民政府民政部门 → 县级人民政府司法行政部门
    return [prefix + (government if not k.startswith("人民政府") else "") + k for k in head + tail]


def _scope_options(slot: Slot, ctx: BankContext) -> list[str]:
    return [w for w in slot.alternatives if not synonymous(w, slot.text, ctx)]


def _modal_options(slot: Slot, law: bool = False) -> list[str]:
    if slot.group and slot.group.endswith(VERB_GROUP):
        if law and slot.text == "要求":
            return []  # 劳动者要求继续履行的: in a statute 要求 is a party's request, never a policy's 鼓励
        if law:  # 国家鼓励…… → 国家要求……: no statute speaks so, and the one option that does is the changed one (review 134)
            return [w for w in slot.alternatives if w != "要求"]
        return list(slot.alternatives)  # 鼓励 X 做 → 要求 X 做: a verb with an object stands only for a verb of its line
    force = MODAL_FORCES.get(slot.text)
    return [] if force is None else [w for w in MODAL_OPTIONS if w != force]


def _options(
    slot: Slot,
    cores: dict[str, list[str]],
    ctx: BankContext,
    rng: random.Random,
    named: set[int] | None = None,
    law: bool = False,
) -> list[str]:
    if slot.kind == "level":
        return _level_options(slot, named or set(), law)
    if slot.kind == "body":
        return _body_options(slot, cores, ctx, rng)
    if slot.kind == "modality":
        return _modal_options(slot, law)
    return _scope_options(slot, ctx)


RUNG_SPELLINGS = ("市地级", "市级", "地市级")  # one rung, three spellings


def _own_spelling(option: str, c: SourceClause, ctx: BankContext) -> str:
    """A rung as the clause's own document writes it (江苏 says 市级, never 市地级): a spelling the text never uses
    marks the distractor."""
    if option not in RUNG_SPELLINGS or ctx.is_stated(c.work, option):
        return option
    return next((w for w in RUNG_SPELLINGS if ctx.is_stated(c.work, w)), option)


SEGMENT = re.compile(r"[，、；：。,;:（）()“”\s]+")
SAME_DUTY_RUN = 8  # characters of a phrase (no punctuation inside) that two sentences on one duty share
SAME_DUTY_RARE = 4  # … and that the work prints at most this often (县级以上人民政府 is everywhere, 社会保险基金的收支 is not)


def _said_after(ctx: BankContext, work: str, name: str) -> tuple[str, ...]:
    """What each sentence of a work says after naming a body (folded, up to the end of its part of the sentence:
    ……民政部门负责牵头抓总……；组织部门要加强统筹协调…… gives 民政部门 the first duty only), read once per body."""

    def make() -> tuple[str, ...]:
        index = ctx.work_index(work)
        text, key = index.text, fold(name)
        if len(key) < 2:
            return ()
        places = index.starts(key) if len(text) >= IndexedText.SCAN else (m.start() for m in re.finditer(re.escape(key), text))
        out = []
        for p in places:
            end = min([x for x in (text.find(stop, p) for stop in "。；;\n") if x >= 0] + [p + 160])
            out.append(text[p + len(key) : end])
            if len(out) >= 200:
                break
        return tuple(out)

    return ctx.memo(f"said-after:{work}:{name}", make)


def does_the_same(ctx: BankContext, work: str, body: str, after: str) -> bool:
    """Tell whether the work says elsewhere that this body does what the sentence says of the slot: a phrase of
    the sentence after the slot, rare in the work, that follows the body in another sentence (社会保险法: 财政部门、
    审计机关……对社会保险基金的收支……实施监督, and 社会保险行政部门对社会保险基金的收支……进行监督检查) — put in the
    blank, it is also true."""
    said = _said_after(ctx, work, body_field(body))
    if not said:
        return False
    index = ctx.work_index(work)
    for part in SEGMENT.split(fold(after)):
        for i in range(len(part) - SAME_DUTY_RUN + 1):
            run = part[i : i + SAME_DUTY_RUN]
            if any(run in x for x in said) and index.count(run) <= SAME_DUTY_RARE:
                return True
    return False


GENERIC_PAIRS = frozenset(
    {"部门", "主管", "行政", "工作", "机构", "机关", "管理", "人民", "中华", "华人", "共和", "和国", "政府"}
)


VAGUE_WORK = re.compile(r"(?:配合|协助|协同|参与)[^，。；]{0,12}?工作[。；;]?$")
FIELD_WORD = re.compile(r"(?:行政|主管|监督管理|管理)?(?:部门|机关|机构)$")


# Fields a body's name shortens (网信部门 is the 网络信息 office): the long words in a sentence name the field too
FIELD_SPELLED_OUT = {"网信": ("网络", "互联网"), "卫健": ("卫生健康",), "人社": ("人力资源",), "发改": ("发展改革",)}


def field_named_beside(slot: Slot, sentence: str) -> bool:
    """Tell whether the rest of the sentence names the body's field (教育行政部门……教育场所……师生; 网信部门……网络
    信息, review 132): any other body in its place is off the sentence's subject at sight, and the key shares
    its word with the stem."""
    field = FIELD_WORD.sub("", body_field(slot.text))
    spelled = any(w in sentence for w in FIELD_SPELLED_OUT.get(field[:2], ()))
    return (len(field) >= 2 and field in sentence) or spelled


def named_for_document(body: str, cite: str) -> bool:
    """Tell whether a body is the one its document is named after (退役军人工作主管部门 in 《退役军人保障法》, 卫生
    健康主管部门 in 《基本医疗卫生与健康促进法》): the whole text is about its duties, so another body in its place
    is false at sight."""
    own = {fold(body_field(body))[i : i + 2] for i in range(len(body_field(body)) - 1)} - GENERIC_PAIRS
    return any(pair in fold(cite) for pair in own)


LEAD_SHARE = 0.3  # of the body names a work prints, the share that makes one its own department


def lead_body(ctx: BankContext, work: str) -> str | None:
    """The department a work names far most often, without its level (卫生行政部门 in the 母婴保健法实施办法, 民政部门
    in the 殡葬管理条例), or None: the text is about its duties, and a blank of it is filled by knowing the title."""

    def make() -> str | None:
        counts: dict[str, int] = defaultdict(int)
        for c in ctx.clauses:
            if c.work == work and c.analysis is not None:
                for s in c.analysis.slots:
                    if s.kind == "body" and s.head in BODY_HEADS:
                        counts[body_field(s.text)] += 1
        if not counts:
            return None
        top = max(counts, key=lambda k: (counts[k], k))
        return top if counts[top] >= 5 and counts[top] >= LEAD_SHARE * sum(counts.values()) else None

    return ctx.memo(f"lead-body:{work}", make)


def set_up_after(ctx: BankContext, body: str, year: int | None) -> bool:
    """Tell whether a body was set up after the year of a text (党委社会工作部门, 2023, in a plan of 2020:
    kb/data/bodies_founded.txt) — a distractor its date alone rules out."""
    return year is not None and any(name in body and since > year for name, since in ctx.founded.items())


SHORT_NAME = re.compile(r"(?:行政管理部门|行政部门|主管部门|管理部门|部门|机关|机构)$")


BODY_END = ("部门", "机关", "机构", "委员会", "政府", "组织", "法院", "检察院")
GLUES = ("以及", "或者", "、", "和", "及")
BOUNDARY = "向由对与在，。；：、和及"


def partners(c: SourceClause, slot: Slot) -> list[str]:
    """The bodies printed beside a body in its coordination (公安机关、（教育行政部门）: 公安机关), read off the text: a
    partner need not be a slot of the analysis (公安机关 is no 部门)."""
    out = []
    left = c.text[max(0, slot.start - 14) : slot.start]
    glue = next((g for g in GLUES if left.endswith(g)), None)
    if glue:
        core = left[: -len(glue)]
        out.append(core[max(core.rfind(ch) for ch in BOUNDARY) + 1 :])
    right = c.text[slot.end : slot.end + 14]
    glue = next((g for g in GLUES if right.startswith(g)), None)
    if glue:
        rest = right[len(glue) :]
        ends = [at + len(e) for e in BODY_END if (at := rest.find(e)) >= 0]
        name = rest[: min(ends)] if ends else ""
        out.append("" if any(ch in name for ch in BOUNDARY) else name)
    return [x for x in out if 2 <= len(x) <= 12 and x.endswith(BODY_END)]


def listed_with(ctx: BankContext, work: str, option: str, partner: str) -> bool:
    """Tell whether the work lists a body with the blank's partner elsewhere (学校……应当立即向公安、民政、教育等有关部门
    报告 beside ……及时向公安机关、（教育行政部门）报告, laws review 141): put in, the option is a duty the law states too."""
    a, b = (SHORT_NAME.sub("", body_field(x)) for x in (option, partner))
    if len(a) < 2 or len(b) < 2:
        return False
    x, y = re.escape(a), re.escape(b)
    return re.search(rf"{x}[^，。；]{{0,12}}{y}|{y}[^，。；]{{0,12}}{x}", ctx.work_text.get(work, "")) is not None


def owns_named_matter(ctx: BankContext, sentence: str, body: str) -> bool:
    """Tell whether the sentence names a matter everyone knows is the body's (……易使传染病扩散的工作 for 卫生行政部门,
    促进就业 for 劳动行政部门): a blank of the body is filled from the stem (laws review 140)."""
    return any(matter in sentence and any(o in body for o in owners) for matter, owners in ctx.matters.items())


def owner_left(ctx: BankContext, sentence: str, body: str, option: str) -> bool:
    """Tell whether ``option`` in the place of ``body`` takes a matter from the body everyone knows it belongs to
    (kb/data/body_matters.txt: ……纳入最低生活保障 with 教育行政部门 for 民政部门, 在财政部门办理登记, review 137):
    the change is false at sight. Another body the matter belongs to (民政部门 for 市场监督管理部门 in 办理登记) stays."""
    for matter, owners in ctx.matters.items():
        if matter in sentence and any(o in body for o in owners):
            return not any(o in option for o in owners)
    return False


BOUND_BEFORE = re.compile(r"(?:最长|最多|至多|最短|最少|至少)[^，。；]{0,4}$")
# A permission bound to the law (可以依法进行募捐): 应当依法进行 reads as "must be done lawfully", true as well
BY_LAW = re.compile(r"(?:依法|依照|按照|根据)")


def _distractors(
    c: SourceClause, slot: Slot, sentence: str, candidates: Sequence[str], ctx: BankContext, n: int = 3, alone: bool = False
) -> list[str]:
    """The first candidates that, put in the blank, read as nothing the same work states.

    A candidate the stem's sentence already names is no distractor (it is eliminated at sight), nor
    one that means what the key or another chosen option means (two options can't both be wrong
    for the same reason a candidate can see).
    """
    window = 12  # the text either side, sliced only that far (a clause may be a whole one-line file)
    left, right = c.text[max(0, slot.start - window) : slot.start], c.text[slot.end : slot.end + window]
    after = c.text[slot.end : sentence_at(c.text, slot.start, slot.end)[1]][:80] if slot.kind == "body" else ""
    if slot.kind == "body" and family(ctx, c) == "law":  # the statute's own business first: 卫生行政部门, named once
        index = ctx.work_index(c.work)  # in the 就业促进法, is its last choice for a body that supervises employment
        candidates = sorted(candidates, key=lambda o: -index.count(fold(body_field(o))))
    chosen: list[str] = []
    for option in candidates:
        option = _own_spelling(option, c, ctx) if slot.kind == "level" else option
        reading = left + option + right
        if option in sentence or ctx.is_stated(c.work, reading) or _named_otherwise(option, sentence, ctx):
            continue
        if len(option) >= 2 and option[:2] in left[-4:]:
            continue  # 社区专职 + 社区党组织书记: the words before the blank already say what the option starts with
        if option in left[-6:] or option in right[:6]:
            continue  # 市地级或（省级）: 省级或省级 — the option is named right beside the blank
        if slot.kind == "scope" and len(option) >= 4 and option[-4:] in sentence:
            continue  # 社区正职 → 一般工作人员 where the sentence lists 工作人员 already: two posts of one name
        if slot.kind == "body" and any(core in sentence for core in _cores_of(option)):
            continue
        if slot.kind == "body" and len(short := SHORT_NAME.sub("", body_field(option))) >= 2 and short in sentence:
            continue  # 财政、教育、卫生健康、公安等部门应当……予以配合 beside 教育行政部门: the stem rules it out (review 143)
        if slot.kind == "level" and option == LAW_LADDER[4] and "部门" in c.text[slot.end : slot.end + 24]:
            continue  # 县级人民政府卫生行政部门 → 乡镇人民政府卫生行政部门: a township has no departments
        if slot.kind == "level" and RANK_OF.get(option) == 4 and c.text.startswith("统筹", slot.end):
            continue  # 省级统筹 → 街道（乡镇）统筹: social insurance is pooled by a county at the least (reviews 31, 32, 34)
        if slot.kind == "body" and {body_field(option), body_field(slot.text)} & collectives(ctx, c.work):
            continue  # 县级人民政府社会救助管理部门 for 县级人民政府民政部门: the group holds the member
        if slot.kind == "body" and family(ctx, c) == "law" and ctx.work_index(c.work).count(fold(body_field(option))) < 1 + alone:
            continue  # 县级政法部门 in a statute that never names one: a body of its own text is what a candidate weighs; a
            # change that stands alone (``alone``), a body named twice — 卫生行政部门, which the 就业促进法 names once for one
            # kind of work, is off its business at sight without three other bodies beside it (review 138)
        if slot.kind == "scope" and family(ctx, c) == "law" and not ctx.is_stated(c.work, option):
            continue  # 失业人员 → 高等学校毕业生 in the 失业保险条例: a statute's subjects are the ones it names
        if any(synonymous(option, other, ctx) for other in [slot.text, *chosen]):
            continue
        if slot.kind == "body" and set_up_after(ctx, option, c.year):
            continue  # 党委社会工作部门 (2023) in a plan of 2020: ruled out by its date alone
        if slot.kind == "body" and any(listed_with(ctx, c.work, option, p) for p in partners(c, slot)):
            continue  # 公安机关、（　）报告 with 民政部门, which the law lists with 公安 for a report elsewhere
        if slot.kind == "body" and owner_left(ctx, sentence, slot.text, option):
            continue  # 教育行政部门……纳入最低生活保障: the matter is 民政部门's by common knowledge
        if slot.kind == "body" and does_the_same(ctx, c.work, option, after):
            continue  # 社会保险行政部门 for 财政部门 where the law gives it the same supervision of the fund
        chosen.append(option)
        if len(chosen) == n:
            break
    return chosen


COMPOUND_TAGS = ("n", "nz", "nt")
# Words jieba's dictionary tags as nouns that, right after a body, are what the body does (由民政部门｜责令改正,
# 由国务院财政部门｜规定, 公安机关｜会同有关部门): the body is the subject, not the front of a longer name
PREDICATE_NOUNS = frozenset(
    "责令 规定 会同 报告 依法 备案 办理 主管 指导 领导 有权 核准 批准 负责 决定 组织 监督 管理 审批 处 报 书面报告"  # noqa: SIM905
    " 提出申请 采取有效 制定 审核 审查 受理 调查 处理 通报 告知 协调 统筹".split()
)


def modifies_a_noun(c: SourceClause, slot: Slot) -> bool:
    """Tell whether a scope word or a body is only the front of a longer name (退役军人｜工作主管部门,
    县级人民政府｜卫生行政部门): another one put there makes no sense (农民工工作主管部门, 县级党委和政府卫生行政部门)."""
    if slot.kind not in ("scope", "body") or c.analysis is None:
        return False
    after = word_at(c.analysis.words, slot.end)
    if after is None:
        return False
    if slot.kind == "body" and after.text in PREDICATE_NOUNS:
        return False  # 由民政部门责令限期改正: 责令 is the verb (jieba tags it n)
    return after.tag in COMPOUND_TAGS or after.text == "工作"


# A level inside a fixed series or phrase gives itself away: 省、自治区、直辖市; 设区的市
FIXED_AFTER = ("、自治区", "、直辖市", "、市、", "、县、", "域")  # 市域 / 省域 / 县域 are words, not levels
FIXED_BEFORE = ("设区的", "不设区的")
PROHIBITIONS = ("禁止", "严禁")  # 禁止非法拘禁 → 可以非法拘禁 is no statement anyone could believe
# What a duty or a ban is about when changing its force is false at sight: 不得 + a wrong (不得以性别为由拒绝录用
# → 可以……拒绝录用), 应当 + a civic virtue (应当模范遵守宪法 → 可以……). A discretion (可以申请复议) changes well.
WRONGS = re.compile(
    r"^[^，。；]{0,20}?(?:歧视|侵害|侵犯|侵占|虐待|遗弃|挪用|截留|克扣|拖欠|非法|违反|泄露|骗取|索取|收受|以[^，。；]{1,24}?为由"
    r"|干涉|妨碍|阻挠|阻止|阻碍|体罚|强迫|胁迫|捏造|歪曲|伪造|篡改|隐瞒|推诿|拖延|刁难|敷衍|打击报复|报复|侮辱|诽谤|殴打|威胁"
    r"|欺骗|敲诈|滥用|徇私|贪污|私分|冒领|虚报|瞒报|谎报|弄虚作假|损毁|毁损|诱骗|引诱|教唆|出卖|剥夺|违背|实施家庭暴力"
    r"|实施暴力|抢夺|藏匿|擅自|挪作他用|以[^，。；]{1,14}(?:方式|手段)|[^，。；]{0,12}相?抵触"
    r"|因[^，。；]{1,12}(?:辞退|开除|解除|降低|拒绝)|任何|损害|限制或者|危害|危及|忽视|冷落|限制[^，。；]{0,8}(?:结婚|生育)"
    r"|诱导|沉迷|脱离监护|诬告|陷害|违规|低于[^，。；]{0,12}最低|高于[^，。；]{0,12}最高|超过[^，。；]{0,12}最高"
    r"|透露|转给被|变相)"  # ……透露或者转给被检举、揭发的人员 (review 146); 不得组织或者变相组织 (review 147)
    r"|^[^，。；]{0,48}(?:禁忌|不适合|不宜|不适宜|有害|力不能及)"  # 不得安排……禁忌从事的劳动: what is forbidden by its very name
)
# A ban the sentence itself enforces on someone else: 不得检测……，被检测人员应当予以配合 reads as nonsense
ENFORCED = re.compile(
    r"^[^。]*[，,；][^。]*(?:应当|必须)(?:依法|依规依法|及时)?(?:予以)?(?:配合|协助|受理|处理|办理|发出|支付|核实)"
)
VIRTUES = re.compile(r"^\S{0,2}?(?:模范|自觉|遵守|尊重|关心|爱护|保守|维护|弘扬|履行|坚持|接受)")
# 可以连选连任 → 应当连选连任 / 可以免费携带 → 应当免费携带: a right or a benefit is never a duty (review 138)
RIGHTS = re.compile(
    r"^\S{0,2}?(?:连选连任|连任|成为[^，。；]{0,8}会员|免费|享受)"  # 可以享受……便利 → 应当享受 (review 146)
    # mediation, which is voluntary by its nature, and an informal form one may choose (当事人可以向人民调解委员会申请
    # 调解 → 应当申请; 可以订立口头协议 → 应当: laws review 148) — never arbitration or a suit, where 应当 is a real trap
    r"|^(?:依法)?(?:向[^，。；]{1,24}?)?(?:申请|请求)[^，。；]{0,6}调解|^[^，。；]{0,8}口头"
)
# What a ban keeps away from children or the public by its very name: 学校周边不得设置……酒吧 → 可以设置 is false at
# sight to anyone, whatever the sentence's order (the venue may stand before the modal: ……酒吧的经营者，不得允许……)
HARMFUL = re.compile(
    r"酒吧|娱乐场所|上网服务营业场所|网吧|烟草|烟酒|酒精|彩票|赌博|色情|毒品|管制刀具|烟花爆竹|淫秽|恐怖|邪教"
    r"|童工|加重[^，。；]{0,4}负担"  # 可以使用童工 / 可以……加重其学习负担 (laws review 139)
    r"|安排[^，。；]{0,16}(?:女职工|未成年工|孕期|哺乳期|经期)[^，。；]{0,12}从事"  # 不得安排女职工在经期从事…… (review 148)
)
# A duty every body of the sentence shares by law (……和司法行政部门应当依法履行职责，保障……合法权益): another body
# put in its place does the same, so a change of body is no false statement
SHARED_DUTY = re.compile(r"依法履行(?:各自)?(?:的)?职责|在各自(?:的)?职责范围内|按照职责分工|各司其职")


def force_fixed(word: str, after: str) -> bool:
    """Tell whether a modal word's force cannot change without absurdity: 不得 before a wrong, 应当 / 必须 before
    a civic virtue (``after``: the words that follow it)."""
    if word == "可以" and RIGHTS.search(after):
        return True
    if word in ("可以", "应当") and ENFORCED.search(after):
        return True  # 可以检测……，被检测人员应当予以配合 → 不得检测: the second half still demands it
    return (word == "不得" and bool(WRONGS.search(after))) or (word in ("应当", "必须") and bool(VIRTUES.search(after)))


SERIES_GLUE = re.compile(r"^[、和及或与（）()]{1,2}$")


def in_level_series(c: SourceClause, slot: Slot, among: Sequence[Slot] | None = None) -> bool:
    """Tell whether a level stands in a series of levels (省、市、县级; 省、市两级; 乡镇（街道）): the others
    of the series name the blank's rung by elimination."""
    if slot.kind != "level" or c.analysis is None:
        return False
    # neighbours only: the slots of the sentence when the caller has them, else those found by bisection
    near = among if among is not None else slots_starting(c.analysis.slots, max(0, slot.start - 12), slot.end + 3)
    for other in near:
        if other is slot or other.kind != "level":
            continue
        gap = c.text[other.end : slot.start] if other.end <= slot.start else c.text[slot.end : other.start]
        if SERIES_GLUE.match(gap):
            return True
    return False


def _series_bounds(c: SourceClause, slot: Slot, among: Sequence[Slot]) -> tuple[int, int]:
    """The ranks of the rungs printed either side of a level in its series (设区的市、（县）、乡级: 2 and 4): a
    change stays between them, so the series still runs from the top down."""
    low, high = -1, 99
    for other in among:
        if other is slot or other.kind != "level" or other.rank is None:
            continue
        if other.end <= slot.start and SERIES_GLUE.match(c.text[other.end : slot.start]):
            low = max(low, other.rank)
        elif other.start >= slot.end and SERIES_GLUE.match(c.text[slot.end : other.start]):
            high = min(high, other.rank)
    return low, high


# Whom a law or a policy encourages but never requires: volunteers, donors, families, society at large;
# and 鼓励和支持 / 鼓励、支持, a pair of encouragements (要求和支持 reads as a seam)
VOLUNTARY = re.compile(
    r"^(?:和|、)?(?:支持|帮助|引导|扶持)|自愿|自学|个人|公民|自然人|群众|家庭|志愿者|社会力量|社会组织|企业|捐赠|慈善|公益"
)
DEFINED_BY_AGE = re.compile(r"^[^，。；]{0,4}(?:未成年|成年人|老年人|儿童|婴儿)")  # 已满十六周岁未成年子女 too
# a modal the condition before it fixes (必要时可以…… / 经与工会和劳动者协商后可以延长…… → 应当延长)
HEDGED = re.compile(r"(?:必要时|紧急时|情况紧急|需要时|非经|未经|协商后|协商一致|经[^。；]{0,16}同意)[^。；]*$")
DUTIES = ("应当", "必须")  # in a law's article, what its subjects must do: never made optional
UNIVERSAL = re.compile(r"任何[^，。；：]*$")


OPEN_UP = re.compile(r"(?:超过|(?<![不未])满|高于|多于|达到)\s*$")  # 不满 / 未满 close a case from above
BRACKET = re.compile(r"(?<![不未])满[^，；。]*?(?:不足|不满|未满)")  # 已满十四周岁不满十八周岁: both ends of one case
OPEN_DOWN = re.compile(r"(?:不足|低于|未满|少于|不满|不到)\s*$")


def widening(text: str, start: int, end: int) -> str:
    """Which way a number may change and stay false, when it sits in the condition of a rule (……的，<rule>):
    "down" for 超过 / 满 / …以上 (a smaller number widens the case), "up" for 不足 / 未满 / …以下, "none" for a
    bracket (满……不足……) or a number inside a condition of no clear direction; "" outside a condition (the
    rule's own amount, period or limit changes either way)."""
    stop = min([i for i in (text.find(p, end) for p in "，；。") if i >= 0] or [len(text)])
    after = text[end:stop]
    if not after.rstrip().endswith("的"):
        return ""
    lo = max([text.rfind(p, 0, start) for p in "，；。：\n"] + [-1]) + 1
    before = text[lo:start]
    if any(x in after for x in ("不足", "不满", "未满", "至")) or BRACKET.search(text[lo:stop]):
        return "none"  # 超过一个月不满一年 / 满八年不足十年 / 已满十四周岁不满十八周岁: a bracket
    if OPEN_UP.search(before) or after.lstrip("个月年天日周岁元人次%").startswith(("以上", "及以上")):
        return "down"
    if OPEN_DOWN.search(before) or after.lstrip("个月年天日周岁元人次%").startswith(("以下", "以内")):
        return "up"
    return "none"


# What makes a ban part of the sentence's own sense, so that lifting it contradicts the rest: money set apart
# (专款专用), a thing unlawful by its name (以非法手段收集的证据), a service free by its name (志愿服务……报酬)
SELF_BOUND = re.compile(
    r"严格控制|严格限制|专款专用|专项资金|专户|专用于|只能|只得|仅限|仅用于|非法|违法所得|非公募|志愿[^。]*(?:报酬|营利)|不需要|不符合|不具备|无需"
)
# A definition fixes its modal words (非公募基金会是指不得面向公众募捐的基金会 → 可以: the term contradicts it)
DEFINITION = re.compile(r"是指|所称[^，。；]{0,20}是|分为[^，。；]{0,12}[和、]")
FREE_WILL = re.compile(r"[^，。；]{0,4}?自愿")
# the people a social law protects: what they 可以 do is a right it grants (laws review 144)
PROTECTED = re.compile(r"患者|老年人|残疾人|妇女|未成年人|儿童|受害人|受援人|遗属|退役军人|军人家属")
CHOOSING = re.compile(r"(?:自主|自行|依法)?选择")  # 可以选择……或者……: one of the ways is taken whatever the modal (review 142)
# a modal inside the words that name a thing (可以联名登记的动产): ……的 + a noun closing the phrase, no case (……的，)
ATTRIBUTIVE = re.compile(r"[^，。；的]{1,8}的[\u4e00-\u9fff]{1,6}(?:[，。；、]|$)")
NOUN_GLUE = ("和", "、", "及", "或者", "对", "的")  # the modal after one of these opens a noun phrase (……的房屋和可以……的动产)
IN_CASE = re.compile(r"[^，。；：]{2,30}的[，,]")  # the modal inside the case a rule opens on (laws review 149)
PAIRED_BEFORE = re.compile(r"(?:提倡|支持|倡导|引导)[、和]$")  # 提倡、鼓励义务服务 → 提倡、要求: a pair of encouragements
BUT_NOT = re.compile(r"但(?:是)?[，,]?$")  # 给予指导、支持和帮助，但是不得干预 → 但是可以干预


def _rest_of_member(c: SourceClause, slot: Slot) -> str:
    """The words after a slot up to the end of its phrase (，。；), at most 40 characters."""
    rest = c.text[slot.end : slot.end + 40]
    return re.split(r"[，。；;]", rest, maxsplit=1)[0]


def _member_of(c: SourceClause, slot: Slot) -> str:
    """The part of the slot's sentence between semicolons (民政部门负责牵头抓总……；组织部门要加强统筹协调……；
    编办、财政等部门要各司其职: three bodies, three duties)."""
    a, b = sentence_at(c.text, slot.start, slot.end)
    lo = max(c.text.rfind("；", a, slot.start), c.text.rfind(";", a, slot.start), a - 1) + 1
    ends = [i for i in (c.text.find("；", slot.end, b), c.text.find(";", slot.end, b)) if i >= 0]
    return c.text[lo : min(ends, default=b)]


FLOOR = re.compile(r"\s*(?:低于|少于|短于)")  # 不得低于……: a floor
COMPLEMENT = re.compile(r"[^，。；]{0,30}?(?:以外|之外|超出)")  # 不得为……以外的目的: everything but what the sentence requires


def force_locked(text: str, start: int, end: int, word: str) -> bool:
    """Tell whether the modal word text[start:end] keeps its force: changed, it would be false at sight or
    contradict its own sentence (``unchangeable`` for a modality slot, and the bare modal swaps)."""
    a, b = sentence_at(text, start, end)
    if UNIVERSAL.search(text[max(0, start - 16) : start]):
        return True  # 任何组织和个人不得……: a duty of everyone turned into a permission is false at sight
    if force_fixed(word, text[end:b][:160]) or BY_LAW.match(text, end):
        return True  # 可以依法成立 → 不得依法成立 contradicts itself, → 应当依法 reads as "lawfully"
    if BOUND_BEFORE.search(text[max(0, start - 8) : start]):
        return True  # 延长期限最长不得超过……/ 最长可以延长 → 最长应当延长: a limit reads as nonsense as a duty (review 132)
    if HEDGED.search(text[max(0, start - 24) : start]):
        return True  # 必要时，可以……心理辅导 → 必要时不得; 非经法定程序不得改变 → 可以: nonsense either way
    if DEFINITION.search(text[a:b]) or PAIRED_BEFORE.search(text[max(0, start - 4) : start]) or HARMFUL.search(text[a:b]):
        return True  # 学校周边不得设置……酒吧 / 可以用于提炼加工毒品的原料: no change of force there reads as the law
    if word == "可以" and text.endswith(("依法", "依照法律"), 0, start):
        return True  # 依法可以生产……麻醉药品 → 依法应当生产: what the law allows is no duty (review 144)
    opened = max(text.rfind(p, a, start) for p in "，,；;") + 1 if start > a else a
    if word == "可以" and PROTECTED.search(text[max(a, opened) : start]):
        return True  # 患者……可以查阅、复制病历资料 / 老年人可以通过老年人组织……: a right of the protected, never their duty
    if FREE_WILL.match(text, end) or CHOOSING.match(text, end):
        return True  # 可以自愿参加 / 可以选择设立非营利性或者营利性 → 应当: what is free, or a choice one makes anyway
    if text.endswith(NOUN_GLUE, 0, start) and ATTRIBUTIVE.match(text, end):
        return True  # 夫妻可以联名登记的动产 → 应当联名登记的: the modal names a class of things, and the change narrows it
    if IN_CASE.match(text, end):
        return True  # 可以通过党员申诉……解决的，导入相应程序: the modal sorts a case, and the change names the same case
    if word != "不得":
        return False
    if FLOOR.match(text, end):
        return True  # 地方标准不得低于国家标准 → 可以低于: a floor let go reads as nonsense to anyone (laws review 135)
    if COMPLEMENT.match(text, end) and any(w in text[a:start] for w in (*DUTIES, "只能", "仅")):
        return True  # 应当以诊断和治疗为目的……，不得为……以外的目的 → 可以: the ban is the duty's other side (review 137)
    # 专款专用，不得用于平衡……; 以非法手段收集的证据不得……; 不需要住院治疗的，不得……; 给予指导，但是不得干预;
    # 任期由章程规定，但每届任期不得超过5年 → 但……可以超过: a limit brought in by 但 is the point of its phrase
    phrase_start = max(text.rfind(p, a, start) for p in "，,；") + 1
    limited = text.startswith(("但", "但是"), phrase_start) if phrase_start > a else False
    return bool(SELF_BOUND.search(text[a:b]) or BUT_NOT.search(text[max(0, start - 4) : start]) or limited)


def unchangeable(c: SourceClause, slot: Slot) -> bool:
    """Tell whether a slot is no point to blank or change: the front of a longer name, a level inside a fixed
    series, a prohibition of a wrongful act, or the group of people the whole document is about (退役军人 in
    the 退役军人保障法: another group there is absurd)."""
    if modifies_a_noun(c, slot) or (slot.kind == "modality" and slot.text in PROHIBITIONS):
        return True
    if slot.kind == "modality" and force_locked(c.text, slot.start, slot.end, slot.text):
        return True
    if slot.kind == "body" and SHARED_DUTY.search(_member_of(c, slot)):
        return True  # ……和司法行政部门应当依法履行职责 → 民政部门: every body of the law does so
    if slot.kind == "modality" and c.article and slot.text in DUTIES:
        return True  # a law's 应当 is a duty: 可以以事实为依据 / 老年人可以遵纪守法 is false at sight (可以 → 应当 stays)
    if slot.kind == "modality" and (slot.group or "").endswith(VERB_GROUP) and VOLUNTARY.search(_rest_of_member(c, slot)):
        return True  # 鼓励和支持……担任导师 / 鼓励企业、个人捐赠: what only a volunteer does is never required
    if slot.kind == "level" and (c.text.startswith(FIXED_AFTER, slot.end) or c.text.endswith(FIXED_BEFORE, 0, slot.start)):
        return True
    return slot.kind == "scope" and slot.text in c.cite


@generator("slot", "要素替换题")
def slot_questions(ctx: BankContext) -> Iterator[Draft]:
    """单选: a level, a body, a scope or a modal word of a clause blanked; distractors of the same slot type."""
    cores = ctx.memo("body_cores", lambda: body_cores(ctx))
    for c in ctx.clauses:
        if c.analysis is None:
            continue
        start = body_start(c.text, c.heading)
        rng = rng_for("slot", c.ref)
        asked: set[str] = set()
        made = 0
        for slot in c.analysis.slots:
            if made >= MAX_PER_CLAUSE:
                break
            if slot.kind not in BLANKED or slot.start < start or slot.text in asked or in_remark(c.text, slot.start):
                continue
            if unchangeable(c, slot) or in_level_series(c, slot) or leads_a_list(c.text, slot.start, slot.end):
                continue
            stem, (a, b) = stem_for(c, slot.start, slot.end)
            if LEANS_BACK.match(c.text, a):
                continue  # 具体办法由国务院（　）制定: what the 办法 are for is in the sentence before
            sentence = c.text[a : slot.start] + c.text[slot.end : b]
            if slot.kind == "body" and (VAGUE_WORK.search(c.text[slot.end : b]) or named_for_document(slot.text, c.cite)):
                continue  # （　）配合公安机关开展工作: which work, the sentence before says; many bodies fill it
            if slot.kind == "body" and field_named_beside(slot, sentence):
                continue  # ……纳入教育、教学内容…… with （教育行政部门）: the stem spells the key's field
            if slot.kind == "body" and closed_by_everyone(c.text, slot.start, slot.end, b):
                continue  # 公安机关、人民法院、（　）以及其他组织和个人不得披露: every body is one of 其他组织 (review 134)
            fam = family(ctx, c)
            options = _options(slot, cores.get(fam, {}), ctx, rng, _ranks_named(c, a, b, slot), fam == "law")
            distractors = _distractors(c, slot, sentence, options, ctx)
            if len(distractors) < 3:
                continue
            asked.add(slot.text)
            made += 1
            yield Draft(
                "slot",
                SINGLE,
                stem,
                (slot.text,),
                tuple(distractors),
                sources=(c,),
                evidence=(ev(c, slot.start, slot.end),),
                difficulty=3,
                topics=c.topics,
                option_kind="term",
                context=(c.text[a : slot.start], c.text[slot.end : b]),
            )


# ---- target years: 到2035年，基本形成…… -----------------------------------------------------------

# The years policy goals are set for (the plan periods, the two centenary goals): a target year's distractors.
MILESTONES = (2020, 2022, 2025, 2027, 2030, 2035, 2049, 2050)


def year_options(year: int, stated: set[int]) -> list[int]:
    """Other milestone years nearest the key, none the document states (its own other targets would be true)."""
    near = (y for y in MILESTONES if abs(y - year) > 2 and y not in stated)  # 2025 / 2027 would give the key away
    return sorted(near, key=lambda y: (abs(y - year), y))


@generator("goal", "目标年份题")
def goal_year_questions(ctx: BankContext) -> Iterator[Draft]:
    """单选: the year a goal is set for (主要目标是：到（　）年，基本形成……), other milestone years the distractors."""
    for c in ctx.clauses:
        if c.analysis is None:
            continue
        stated = ctx.memo(f"years:{c.work}", partial(_years_stated, ctx, c.work))
        for slot in c.analysis.slots:
            if slot.kind != "period" or not isinstance(slot.value, float) or slot.value < 1990 or slot.comparison != "≤":
                continue
            span = numeral_span(c.text, slot.start, slot.end)
            if span is None:
                continue
            year = int(slot.value)
            wrong = [str(y) for y in year_options(year, stated - {year})[:3]]
            if len(wrong) < 3:
                continue
            stem, _ = stem_for(c, *span)
            yield Draft(
                "goal",
                SINGLE,
                stem,
                (str(year),),
                tuple(wrong),
                sources=(c,),
                evidence=(ev(c, *span),),
                difficulty=2,
                option_kind="number",
                note=f"原文：“{slot.text}”。",
            )


def _years_stated(ctx: BankContext, work: str) -> set[int]:
    """The years a work names, once per work."""
    return set(_years_in(ctx.work_text.get(work, "")))


def _years_in(text: str) -> list[int]:
    return [int(m) for m in re.findall(r"(?<!\d)(19\d\d|20\d\d)(?=年)", text)]


# ---- 下列说法正确的是 / 错误的是, made of same-slot changes -------------------------------------------

MODAL_SWAPS = (
    ("不得", "可以"),
    ("可以", "不得"),
    ("应当", "可以"),
    ("不少于", "不超过"),
    ("不超过", "不少于"),
    ("不低于", "不高于"),
    ("不高于", "不低于"),
)
STATEMENT_LENGTH = (14, 60)


def false_by_slot(
    ctx: BankContext, c: SourceClause, a: int, b: int, cores: Cores, rng: random.Random
) -> tuple[str, str, str] | None:
    """The sentence text[a:b] with one slot changed to a reading of the same type that the work does not state.

    Returns (the changed sentence, the old words, the new words). A number goes to a policy-plausible
    value, a level to the next rung, a body to another body of its kind, a scope to another of its
    line, a modal or bound word to its opposite — the changes the exam cares about.
    """
    return next(false_versions(ctx, c, a, b, cores, rng), None)


def slot_changes(
    ctx: BankContext, c: SourceClause, a: int, b: int, cores: Cores, rng: random.Random, per_slot: int = 1
) -> Iterator[tuple[Slot, str]]:
    """Each slot of the sentence text[a:b] that may change, with up to ``per_slot`` readings of its type that
    the work does not state there (a plausible number, the next level, a body of its kind, a scope, a modal)."""
    if c.analysis is None:
        return
    # a modal or verb change last: a number, a level, a body or a scope is what most items should turn on
    own = list(slots_starting(c.analysis.slots, a, b))
    levels = [s for s in own if s.kind == "level" and s.rank is not None]
    for slot in sorted(own, key=lambda s: s.kind == "modality"):
        if slot.end > b or in_remark(c.text, slot.start) or unchangeable(c, slot):
            continue
        rest = c.text[a : slot.start] + c.text[slot.end : b]
        if slot.kind in ASKED:
            fam = family(ctx, c)
            named = {s.rank for s in levels if s is not slot and s.rank is not None}  # 设区的市级……和设区的市: 市 twice
            candidates = _options(slot, cores.get(fam, {}), ctx, rng, named, law=fam == "law")
        elif slot.kind in ("number", "period") and isinstance(slot.value, float) and slot.unit and slot.high is None:
            span = numeral_span(c.text, slot.start, slot.end)
            if span is None or slot.value in (counted_before(c.text, span[0]), counted_after(c.text, span[1])):
                continue  # 省、市三级 for 省、市两级 / 分为2个等级：A、B和C are false at sight
            if relative_one(c.text, *span):
                continue  # 上二级人民政府 for 上一级 is no phrase of the language
            if in_number_series(c.text, *span):
                continue  # 200、300、500元 → 200、300、250元: a series by grade out of order is false at sight
            if slot.unit == "级" and slot.value == 1 and "最" in c.text[max(0, span[0] - 5) : span[0]]:
                continue  # 最重的为一级 → 二级: the top of a scale is its first rung
            if _named_again(c, slot):
                continue  # 分为十个伤残等级……最轻的为十级 → 五个: the sentence still says 十
            if slot.unit == "日" and c.text[max(0, span[0] - 1) : span[0]] == "月":
                continue  # 1月1日起施行 → 1月2日: a day of a date tests nothing
            if slot.unit == "周岁" and DEFINED_BY_AGE.search(c.text[slot.end : slot.end + 10]):
                continue  # 未满十八周岁的未成年人: the age the law defines a minor by is no rule to change
            if common_knowledge(c.text[a:b], slot.unit, slot.value):
                continue  # 年满十八周岁的村民 → 二十二周岁 / 每日工作时间不超过八小时 → 十二: everyone knows when a minor
                # comes of age and how long a working day is (reviews 121, 129)
            if slot.unit == "年" and 1900 <= slot.value <= 2100 and "年版" in c.cite and EFFECTIVE.search(c.text[a:b]):
                continue  # 自2024年……施行 → 2021年 under a stem naming the 2024年版: the stem gives it away
            shares = ctx.coefficients(c.work) if slot.unit == "%" else frozenset()
            shares |= out_of_world(c.text, slot.unit, span, (a, b))  # 怀孕七个月以上 → never 十八个月
            if slot.unit == "周岁" and MINOR_NEAR.search(c.text[span[1] : span[1] + 16]):
                shares = frozenset(range(ADULT, 200))  # 已满十六周岁……的未成年人 → never 十八 or 二十二
            inside = bracket(c.text, slot.unit, span)
            values = plausible_values(slot.value, slot.unit, {slot.value, *shares}, 3, rng, within=inside)
            way = widening(c.text, span[0], span[1])
            if way == "none":
                continue  # 满一年不足五年的: a bracket changed either way may still be inside the law's
            if way:  # 超过一个月的 → 超过二个月的 is still true (a narrower case of the same rule): only widen it
                values = [v for v in values if (v < slot.value) == (way == "down")]
            numerals = [printed(v, c.text[span[0] : span[1]]) for v in values]
            candidates = [c.text[slot.start : span[0]] + n + c.text[span[1] : slot.end] for n in numerals]
        else:
            continue
        if slot.kind == "level" and in_level_series(c, slot, own):
            candidates = [x for x in candidates if x in BARE.values()]  # 省、市、县级 → 省、市、市地级 repeats 市
            low, high = _series_bounds(c, slot, own)
            candidates = [x for x in candidates if low < RANK_OF.get(x, 0) < high]  # 设区的市、县、乡级 → 设区的市、省、乡级
        if slot.kind == "level" and slot.rank is not None and c.text.startswith(("以上", "及以上"), slot.end):
            candidates = [x for x in candidates if (RANK_OF.get(x) or 0) > slot.rank]  # 市地级以上 → 省级以上 is inside it
        if slot.kind == "level":
            candidates = [x for x in candidates if not in_range_named(c, levels, slot, RANK_OF.get(x))]
        if slot.kind == "level" and slot.rank is not None and per_slot == 1:
            # one change of a 说法 option: any rung within two of the key's, drawn — the nearest first made 省级 and
            # 县级 both 设区的市级, and 设区的市级 the mark of a changed option (laws review 134)
            near = [x for x in candidates if abs(RANK_OF.get(x, 9) - slot.rank) <= 2]
            rng.shuffle(near)
            candidates = near + [x for x in candidates if x not in near]
        if slot.kind == "body" and (
            named_for_document(slot.text, c.cite) or field_named_beside(slot, rest) or VAGUE_WORK.search(c.text[slot.end : b])
        ):
            continue  # 退役军人工作主管部门 → 教育行政部门 in the 退役军人保障法; 教育场所 beside 教育行政部门
        for chosen in _distractors(c, slot, rest, candidates, ctx, n=per_slot, alone=True):
            yield slot, chosen


def in_range_named(c: SourceClause, levels: Sequence[Slot], slot: Slot, rank: int | None) -> bool:
    """Tell whether a rung lies inside a range another level of the sentence spans (设区的市级以上人民政府和……的（县级）
    人民政府 → 省级: the province is one of 设区的市级以上 already, and the changed sentence names it twice, review 137)."""
    if rank is None:
        return False
    a, b = sentence_at(c.text, slot.start, slot.end)
    for other in levels:
        if other is slot or other.rank is None or not a <= other.start < b:
            continue
        if c.text.startswith(("以上", "及以上"), other.end) and rank <= other.rank:
            return True
        if c.text.startswith(("以下", "及以下"), other.end) and rank >= other.rank:
            return True
    return False


EFFECTIVE = re.compile(r"施行|生效")
# A coordination closed by everyone else (……、司法行政部门以及其他组织和个人): a rule for all, no one member to ask for
CATCH_ALL = re.compile(r"[^，。；：]{0,30}?(?:以及|和|及|或者|、)其他[\u4e00-\u9fff]{0,8}?(?:组织|单位|个人|机构|部门|机关)")


def closed_by_everyone(text: str, start: int, end: int, stop: int) -> bool:
    """Tell whether text[start:end] is one member of a coordination that 其他组织和个人 (or the like) closes before
    ``stop``: the rule is everyone's, and any body of the kind fills the blank as well."""
    return coordinated(text, start, end) and CATCH_ALL.match(text, end, stop) is not None


MINOR_NEAR = re.compile(r"^[^。；]{0,14}未成年")


def _named_again(c: SourceClause, slot: Slot) -> bool:
    """Tell whether another number of the slot's sentence has its value (十个等级……最轻的为十级); the sentence's
    facts found by bisection (facts are in text order; a one-line file is one clause of many thousands)."""
    a, b = sentence_at(c.text, slot.start, slot.end)
    near = c.facts[bisect_left(c.facts, a, key=lambda f: f.span[0]) : bisect_left(c.facts, b, key=lambda f: f.span[0])]
    return any(f.value == slot.value and not f.span[0] <= slot.start < f.span[1] for f in near)


def false_versions(
    ctx: BankContext, c: SourceClause, a: int, b: int, cores: Cores, rng: random.Random, per_slot: int = 1
) -> Iterator[tuple[str, str, str]]:
    """Every false version ``false_by_slot`` could choose, slot by slot (``per_slot`` readings of each); the
    bound-word swaps and a list item changed only when no slot can change."""
    if c.analysis is None:
        return
    sentence = c.text[a:b]
    made = False
    for slot, chosen in slot_changes(ctx, c, a, b, cores, rng, per_slot):
        changed = (c.text[a : slot.start] + chosen + c.text[slot.end : b]).rstrip("。；")
        if repeats_a_change(sentence, changed, (chosen,)):
            continue
        made = True
        yield changed, slot.text, chosen
    if made:
        return
    for old, new in MODAL_SWAPS:
        at = sentence.find(old)
        if at < 0 or (c.article and old in DUTIES) or force_locked(c.text, a + at, a + at + len(old), old):
            continue
        changed = sentence[:at] + new + sentence[at + len(old) :]
        if not ctx.is_stated(c.work, changed.rstrip("。；")):
            yield changed.rstrip("。；"), old, new
            return
    swapped = _swap_list_item(ctx, c, a, b, rng)
    if swapped:
        yield swapped


def _swap_list_item(ctx: BankContext, c: SourceClause, a: int, b: int, rng: random.Random) -> tuple[str, str, str] | None:
    """The sentence with one item of a list in it replaced by an item of its kind that the document never
    states (建立健全省级以上示范培训、……、专业技能培训的分级培训制度), or None."""
    lists = clause_lists(ctx, c)  # in sentence order: only those whose sentence meets [a, b) can lie inside it
    lo = bisect_right(lists, a, key=lambda x: x[0].sentence.end)
    for lst, shape, kinds in lists[lo : bisect_left(lists, b, key=lambda x: x[0].sentence.start)]:
        if not (a <= lst.items[0].start and lst.items[-1].end <= b):
            continue
        pool = list_distractors(ctx, c, lst, shape, kinds)
        shared = [i for i, k in enumerate(kinds) if kinds.count(k) >= 2]
        for i in rng.sample(shared, len(shared)):
            item = lst.items[i]
            new = next((x.text for x in pool if x.kind == kinds[i]), None)
            if new is None:
                continue
            changed = (c.text[a : item.start] + new + c.text[item.end : b]).rstrip("。；")
            if not ctx.is_stated(c.work, changed):
                return changed, item.text, new
    return None


def echoes_heading(heading: str, key: str, others: Sequence[str]) -> bool:
    """Tell whether a key repeats four characters running of the measure's heading that no other option has
    (关于“女职工和未成年工特殊保护” with 国家对女职工和未成年工实行特殊劳动保护): picked by its words alone."""
    runs = {heading[i : i + 4] for i in range(len(heading) - 3)}
    return any(r in key and not any(r in o for o in others) for r in runs if all("\u4e00" <= ch <= "\u9fff" for ch in r))


def names_document(heading: str, cite: str) -> bool:
    """Tell whether a part's heading only names the document it cites (党的二十届三中全会 in 党的二十届三中全会《决定》)."""
    h, d = fold(heading), fold(cite)
    return h in d or d in h


# A rule whose actor the sentence leaves to the one before: ……工作结束后，应当向本级人大常委会报告 / ……的，可以解除
ACTOR_LEFT_OUT = re.compile(r"[^，。；：]{2,40}?(?:的|后|时|前)，(?:应当|可以|不得|必须|应|须|有权)")


def _statements(c: SourceClause) -> list[tuple[int, int]]:
    """The sentences of a clause a 说法 item may print as options: whole, of a readable length, not a case alone, and
    with their actor (laws review 136: 突发事件应急处置工作结束后，应当向…… read as nobody's duty)."""
    lo, hi = STATEMENT_LENGTH
    return [
        (a, b)
        for a, b in eligible_sentences(c, lo, hi)
        if not c.text[a:b].rstrip("。；").endswith("的") and not in_remark(c.text, a) and not ACTOR_LEFT_OUT.match(c.text, a, b)
    ]


def _measure(ctx: BankContext, c: SourceClause) -> tuple[str, str] | None:
    """What a statement item is about, and the group of clauses it may draw options from.

    A clause with a heading is its own measure (关于“优化工作力量配置”); a clause without one (an item,
    a paragraph) belongs to its parent's measure, whose other clauses give options too.
    """
    if c.heading:
        return c.heading, c.ref
    parent = ctx.by_ref.get(c.parent_ref or "")
    if parent is not None and parent.heading:
        return parent.heading, parent.ref
    return None


Stated = tuple[SourceClause, tuple[int, int]]
Changed = tuple[SourceClause, tuple[int, int], tuple[str, str, str]]


FRAME_HEADINGS = ("总则", "附则")  # a chapter named for its place in the law, not for a subject


def measure_lead(ctx: BankContext, ref: str, cite: str, heading: str) -> str:
    """How a 说法 item over a measure opens: 根据《…》，关于“优化工作力量配置”， — or, for a chapter named for its
    place (总则, 附则: 关于“总则” is no subject, review 131), 根据《…》第一章“总则”的规定，; no heading, 根据《…》，."""
    if not heading or names_document(heading, cite):
        return f"根据{cite}，"
    number = ctx.by_ref[ref].number if ref in ctx.by_ref else None
    if heading in FRAME_HEADINGS and number:
        return f"根据{cite}{number}“{heading}”的规定，"
    return f"根据{cite}，关于“{heading}”，"


def _measures(ctx: BankContext, salt: str) -> Iterator[tuple[str, str, str, list[Stated], list[Changed]]]:
    """Each measure's citation, heading, stem opening (``measure_lead``), sentences as printed and sentences
    changed in one slot.

    A measure is a headed clause with its unheaded items (关于“优化工作力量配置”); a part whose headed
    clauses are measures is one too (关于“健全职业体系”), its sentences taken from its measures in turn,
    so that an item over the part asks across them; and so is the whole document (its parts in turn).
    """
    cores = ctx.memo("body_cores", lambda: body_cores(ctx))
    groups: dict[tuple[str, str, str], list[SourceClause]] = defaultdict(list)
    parts: dict[tuple[str, str, str], dict[str, list[SourceClause]]] = defaultdict(lambda: defaultdict(list))
    whole: dict[tuple[str, str], dict[str, list[SourceClause]]] = defaultdict(lambda: defaultdict(list))
    for c in ctx.clauses:
        measure = _measure(ctx, c)
        if c.analysis is None or measure is None:
            continue
        groups[(c.work, c.cite, measure[1])].append(c)
        part = ctx.by_ref[measure[1]].parent_ref
        above = ctx.by_ref.get(part or "")
        if above is not None and above.heading and above.cite == c.cite:
            parts[(c.work, c.cite, above.ref)][measure[1]].append(c)
        whole[(c.work, c.cite)][(above or ctx.by_ref[measure[1]]).ref].append(c)
    for (_, cite, group_ref), members in groups.items():
        heading = (_measure(ctx, members[0]) or ("", ""))[0]
        rng = rng_for(group_ref, salt)
        truths = [(c, span) for c in members for span in _statements(c)]
        falses = [(c, span, f) for c, span in truths if (f := false_by_slot(ctx, c, *span, cores, rng))]
        yield cite, heading, measure_lead(ctx, group_ref, cite, heading), truths, falses
    spread = [(cite, ref, ctx.by_ref[ref].heading or "", m) for (_, cite, ref), m in parts.items()]
    spread += [(cite, f"{work}@{cite}", "", m) for (work, cite), m in whole.items()]
    for cite, ref, heading, by_measure in spread:
        if len(by_measure) < 2:
            continue  # a part of one measure is that measure
        rng = rng_for(ref, salt, "part")
        runs = [[(c, span) for c in members for span in _statements(c)][::-1] for members in by_measure.values()]
        truths = [x for turn in zip_longest(*runs) for x in turn if x is not None]
        falses = [(c, span, f) for c, span in truths if (f := false_by_slot(ctx, c, *span, cores, rng))]
        yield cite, heading, measure_lead(ctx, ref, cite, heading), truths, falses


@generator("statement", "表述正误题")
def statement_questions(ctx: BankContext) -> Iterator[Draft]:
    """单选 下列说法正确的是 / 错误的是 over one measure: its sentences as printed and changed in one slot."""
    for _, heading, lead, truths, falses in _measures(ctx, "statement"):
        for c, span, (text, old, new) in falses:
            others = [(o, sp) for o, sp in truths if (o.ref, sp) != (c.ref, span)]
            own = [t for t in others if t[0].ref == c.ref]
            picked = (own + [t for t in others if t[0].ref != c.ref])[:3]
            printed = [o.text[a:b] for o, (a, b) in picked]
            if len(picked) < 3 or change_cue(printed, [(text, old, new)]) or gives_away(ctx, c.work, (text, old, new), printed):
                continue
            if shape_sorts(printed, [text]):
                continue
            sources = (c, *[o for o, _ in picked if o.ref != c.ref])
            yield wrong_one("statement", f"{lead}下列说法错误的是{BLANK}。", c, span, (text, old, new), picked, sources)
            break  # one 错误的是 item per measure: its stem is the measure's
        for c, span in truths:
            wrong = [f for f in falses if (f[0].ref, f[1]) != (c.ref, span)]
            own_f = [f for f in wrong if f[0].ref == c.ref]
            picked_f = (own_f + [f for f in wrong if f[0].ref != c.ref])[:3]
            key_text = [c.text[span[0] : span[1]]]
            if (
                len(picked_f) < 3
                or echoes_heading(heading, key_text[0], [f[2][0] for f in picked_f])
                or change_cue(key_text, [f[2] for f in picked_f])
                or any(gives_away(ctx, c.work, f[2], key_text) for f in picked_f)
                or shape_sorts(key_text, [f[2][0] for f in picked_f])
                or modal_sorts(key_text, [f[2][0] for f in picked_f])
                or repeated_change([f[2] for f in picked_f])
            ):
                continue
            yield Draft(
                "statement",
                SINGLE,
                f"{lead}下列说法正确的是{BLANK}。",
                (c.text[span[0] : span[1]].rstrip("。；"),),
                tuple(f[2][0] for f in picked_f),
                sources=(c, *[f[0] for f in picked_f if f[0].ref != c.ref]),
                evidence=(ev(c, *span),),
                variant=f"right:{span[0]}",
                difficulty=4,
                option_kind="statement",
                note="错误选项：" + "；".join(f"“{f[2][2]}”原文为“{f[2][1]}”" for f in picked_f) + "。",
            )
            break  # one 正确的是 item per measure


PASSAGE_SPAN = 6  # a 条文 item's options come from articles of one chapter this close to the changed one


@generator("passage", "条文辨析题")
def passage_questions(ctx: BankContext) -> Iterator[Draft]:
    """单选 根据《…》第十条至第十四条的规定，下列说法错误的是: one sentence of a passage of a law changed in one slot
    beside three printed from the passage's other articles. A law's duty articles (学校应当……) have no number, body or
    level of their own to change — a 应当 is never made 可以 — so the 说法 over a chapter, one a stem, reached few of
    them; a passage named by its articles is a stem of its own, and each article is an option of one item only."""
    cores = ctx.memo("body_cores", lambda: body_cores(ctx))
    chapters: dict[tuple[str, str], list[SourceClause]] = defaultdict(list)
    for c in ctx.clauses:
        if c.analysis is None or not c.article or c.kind == "item" or family(ctx, c) != "law":
            continue
        measure = _measure(ctx, c)
        chapters[(c.work, measure[1] if measure else c.work)].append(c)
    for articles in chapters.values():
        if len(articles) < 4:
            continue
        spans = {c.ref: _statements(c) for c in articles}
        keyed: set[str] = set()  # each article is changed in one item at most …
        printed: set[str] = set()  # … and printed in one at most
        for at, c in enumerate(articles):
            rng = rng_for(c.ref, "passage")
            made = next(
                (
                    x
                    for span in spans[c.ref]
                    if (x := _passage_item(ctx, articles, spans, (printed, keyed), at, span, cores, rng))
                ),
                None,
            )
            if made is not None:
                keyed.add(c.ref)
                printed.update(x.ref for x in made.sources if x is not c)
                yield made
        yield from _passage_right(ctx, articles, spans, printed | keyed, cores)


PASSAGE_REUSE = 2  # a changed sentence is a wrong option of this many 正确的是 items at most


def _passage_right(
    ctx: BankContext, articles: Sequence[SourceClause], spans: dict[str, list[tuple[int, int]]], taken: set[str], cores: Cores
) -> Iterator[Draft]:
    """单选 根据《…》第a条至第b条的规定，下列说法正确的是 for each article of a chapter that no 错误的是 item changed or
    printed: a sentence of it as printed beside three sentences of the articles nearest it, each changed in one slot.
    A duty article (学校应当建立……制度) has nothing of its own to change; printed as the key, it is asked all the same."""
    used: Counter[str] = Counter()
    changed: dict[tuple[str, int], tuple[str, str, str] | None] = {}

    def change(other: SourceClause, span: tuple[int, int]) -> tuple[str, str, str] | None:
        if (other.ref, span[0]) not in changed:
            rng = rng_for(other.ref, "passage-right", str(span[0]))  # drawn afresh: another change than a 错误的是 key's
            changed[(other.ref, span[0])] = false_by_slot(ctx, other, *span, cores, rng)
        return changed[(other.ref, span[0])]

    for at, c in enumerate(articles):
        if c.ref in taken:
            continue
        # the chapter's articles nearest first: a duty article's neighbours are duties too, and the changed sentences
        # may come from further off (the stem names the articles it spans)
        near = sorted((i for i in range(len(articles)) if i != at), key=lambda i: (abs(i - at), i))
        for a, b in spans[c.ref]:
            key = c.text[a:b]
            picked: list[tuple[int, tuple[int, int], tuple[str, str, str]]] = []
            for i in near:
                other = articles[i]
                for sp in spans[other.ref]:
                    x = change(other, sp)
                    if x is None or used[x[0]] >= PASSAGE_REUSE or gives_away(ctx, c.work, x, [key]):
                        continue
                    picked.append((i, sp, x))
                    break
                if len(picked) == 3:
                    break
            wrong = [x for _, _, x in picked]
            texts = [x[0] for x in wrong]
            if len(picked) < 3 or change_cue([key], wrong) or modal_sorts([key], texts) or shape_sorts([key], texts):
                continue
            if repeated_change(wrong):
                continue
            order = sorted([at, *(i for i, _, _ in picked)])
            first, last = articles[order[0]], articles[order[-1]]
            used.update(x[0] for x in wrong)
            yield Draft(
                "passage",
                SINGLE,
                f"根据{c.cite}{first.article}至{last.article}的规定，下列说法正确的是{BLANK}。",
                (key.rstrip("。；"),),
                tuple(x[0] for x in wrong),
                sources=(c, *[articles[i] for i in order if articles[i] is not c]),
                evidence=(ev(c, a, b),),
                variant=f"right:{a}",
                difficulty=4,
                option_kind="statement",
                note="错误选项：" + "；".join(f"“{new}”原文为“{old}”" for _, old, new in wrong) + "。",
            )
            break  # one item an article


def _passage_item(
    ctx: BankContext,
    articles: Sequence[SourceClause],
    spans: dict[str, list[tuple[int, int]]],
    taken: tuple[set[str], set[str]],
    at: int,
    span: tuple[int, int],
    cores: Cores,
    rng: random.Random,
) -> Draft | None:
    """The 错误的是 item keyed on articles[at]'s sentence ``span`` changed, or None (no change, or no three printed
    sentences of articles near it that leave the change unseen). The nearest articles not ``taken`` (printed or
    changed in another item) are printed first; one changed elsewhere may be printed when they run out."""
    c = articles[at]
    shown, keyed = taken
    changed = false_by_slot(ctx, c, *span, cores, rng)
    if changed is None:
        return None
    text = changed[0]
    near = sorted(
        (i for i in range(max(0, at - PASSAGE_SPAN), min(len(articles), at + PASSAGE_SPAN + 1)) if i != at),
        key=lambda i: (articles[i].ref in keyed, abs(i - at), i),
    )
    picked: list[tuple[int, tuple[int, int]]] = []
    for i in near:
        other = articles[i]
        if other.ref in shown or not spans[other.ref]:
            continue
        texts = [articles[j].text[a:b] for j, (a, b) in picked]
        for a, b in spans[other.ref]:
            sentence = other.text[a:b]
            whole = len(picked) == 2  # the set is whole with this one: no word or number of the change may sort it
            if gives_away(ctx, c.work, changed, [sentence]) or (
                whole and (change_cue([*texts, sentence], [changed]) or shape_sorts([*texts, sentence], [text]))
            ):
                continue
            picked.append((i, (a, b)))
            break
        if len(picked) == 3:
            break
    texts = [articles[i].text[a:b] for i, (a, b) in picked]
    if len(picked) < 3 or change_cue(texts, [changed]) or shape_sorts(texts, [text]) or gives_away(ctx, c.work, changed, texts):
        return None
    order = sorted([at, *(i for i, _ in picked)])
    first, last = articles[order[0]], articles[order[-1]]
    where = f"{first.article}至{last.article}" if first is not last else f"{first.article}"
    options = [(articles[i], sp) for i, sp in picked]
    sources = (c, *[articles[i] for i in order if articles[i] is not c])
    stem = f"根据{c.cite}{where}的规定，下列说法错误的是{BLANK}。"
    return wrong_one("passage", stem, c, span, changed, options, sources, variant=f"passage:{span[0]}")


def wrong_one(
    name: str,
    stem: str,
    c: SourceClause,
    span: tuple[int, int],
    changed: tuple[str, str, str],
    shown: Sequence[Stated],
    sources: Sequence[SourceClause],
    variant: str | None = None,
) -> Draft:
    """A 下列说法错误的是 单选: the sentence ``span`` of ``c`` changed (``changed``: the text, the old and the new words)
    is the key, the sentences ``shown`` as printed the options beside it."""
    text, old, new = changed
    return Draft(
        name,
        SINGLE,
        stem,
        (text,),
        tuple(o.text[a:b].rstrip("。；") for o, (a, b) in shown),
        sources=tuple(sources),
        evidence=tuple(ev(o, a, b) for o, (a, b) in shown),
        variant=variant or f"wrong:{span[0]}",
        difficulty=4,
        option_kind="statement",
        negative=True,
        correct_reading=c.text[span[0] : span[1]].rstrip("。；"),
        note=f"错误之处：“{new}”原文为“{old}”。",
    )


@generator("statements", "组合表述题")
def statements_multi(ctx: BankContext) -> Iterator[Draft]:
    """多选 下列说法正确的有 / 错误的有 over one measure: 2–4 of its sentences as printed, the rest changed in one slot."""
    for _, _, lead, truths, falses in _measures(ctx, "statements"):
        false_of = {(c.ref, span): x for x in falses for c, span in [x[:2]]}
        for word in ("正确", "错误"):
            keys, rest = _pick_statements(truths, false_of, right=word == "正确")
            if not keys:
                continue
            options = [*keys, *rest]
            printed = [_stated(x) for x in options if len(x) == 2]
            changes = [x[2] for x in options if len(x) == 3]
            if change_cue(printed, changes) or any(gives_away(ctx, x[0].work, x[2], printed) for x in options if len(x) == 3):
                continue  # every changed option says 要求 and no printed one does: the word marks the keys
            if shape_sorts(printed, [_stated(x) for x in options if len(x) == 3]) or repeated_change(changes):
                continue  # the two dated sentences among short headings are the changed ones
            texts = [_stated(x) for x in keys], [_stated(x) for x in rest]
            sources = tuple({x[0].ref: x[0] for x in [*keys, *rest]}.values())  # by ref: hashing a clause hashes its analysis
            notes = [f"“{x[2][2]}”原文为“{x[2][1]}”" for x in [*keys, *rest] if len(x) == 3]
            yield Draft(
                "statements",
                MULTI,
                f"{lead}下列说法{word}的有{BLANK}。",
                tuple(texts[0]),
                tuple(texts[1]),
                sources=sources,
                evidence=tuple(ev(x[0], *x[1]) for x in (keys if word == "正确" else rest)),
                variant=word,
                difficulty=4,
                option_kind="statement",
                negative=word == "错误",
                note="改动之处：" + "；".join(notes) + "。",
            )


NUMERAL_IN = re.compile(r"[0-9〇一二三四五六七八九十百千万两]")
MODAL_WORDS = frozenset(MODAL_OPTIONS) | {"要求", "鼓励", "必须", "严禁", "禁止"}


def change_cue(printed: Sequence[str], changed: Sequence[tuple[str, str, str]]) -> bool:
    """Tell whether the changed options of a 说法 item are told apart by a word: a word that two or more
    changes all bring in and no option as printed holds (three 可以 against none; every key a 要求) — a
    candidate picks them without knowing the text. One change alone is no pattern."""
    if len(changed) < 2:
        return False
    shared = set.intersection(*(set(_words_of(new)) for _, _, new in changed))
    return any(not any(w in p for p in printed) for w in shared)


def modal_sorts(keys: Sequence[str], wrong: Sequence[str]) -> bool:
    """Tell whether a modal word sorts keys from wrong options: every wrong one says 应当 and no key does, or only
    the keys say 可以 (一方当事人应当申请…… / 当事人应当向……申请调解 / ……应当自……提出 beside the key's 可以组织)."""

    def only(w: str, these: Sequence[str], those: Sequence[str]) -> bool:
        return all(w in x for x in these) and not any(w in x for x in those)

    return any(only(w, wrong, keys) or only(w, keys, wrong) for w in MODAL_WORDS)


def _words_of(new: str) -> list[str]:
    """The words a change brings in: a modal word itself, else the whole new reading."""
    return [w for w in MODAL_WORDS if w in new] or [new]


def _pick_statements(
    truths: list[Stated], false_of: dict[tuple[str, tuple[int, int]], Changed], *, right: bool
) -> tuple[list[Stated | Changed], list[Stated | Changed]]:
    """Five options over distinct sentences: 2–4 keys (printed for 正确的有, changed for 错误的有), the rest the other kind.

    Sentences are taken in the measure's order; a sentence is an option once, as printed or as changed.
    """
    changeable = [t for t in truths if (t[0].ref, t[1]) in false_of]
    for k in (3, 2, 4):
        if right:
            wrong: Sequence[Stated | Changed] = [false_of[(c.ref, sp)] for c, sp in changeable[::-1]][: 5 - k]
            used = {(x[0].ref, x[1]) for x in wrong}
            keys: Sequence[Stated | Changed] = [t for t in truths if (t[0].ref, t[1]) not in used][:k]
        else:
            keys = [false_of[(c.ref, sp)] for c, sp in changeable][:k]
            used = {(x[0].ref, x[1]) for x in keys}
            wrong = [t for t in truths if (t[0].ref, t[1]) not in used][::-1][: 5 - k]
        if right and k == 4 and wrong and not _telling(wrong[0][2]):  # type: ignore[misc]
            continue
        if len(keys) == k and len(wrong) == 5 - k:
            return list(keys), list(wrong)
    return [], []


def _telling(change: tuple[str, str, str]) -> bool:
    """Tell whether a change can stand as the one wrong option among four printed ones: a number, a level, a
    scope or a list item. A body or a modal word changed alone is found by its field or by common sense
    (教育行政部门 among a veterans' law's duties; 应当设立 for 可以设立) — four keys beside it are free."""
    _, old, new = change
    if any(w in (old, new) for w in MODAL_WORDS):
        return False
    return not (old.endswith(BODY_HEADS) and new.endswith(BODY_HEADS))


@generator("variants", "表述辨析题")
def variant_questions(ctx: BankContext) -> Iterator[Draft]:
    """单选 下列说法正确的是 over one provision: the sentence as printed and three versions of it, each changed in
    one slot (a number, a level, a body, a scope, a modal word) — what a candidate who half knows it confuses."""
    cores = ctx.memo("body_cores", lambda: body_cores(ctx))
    for c in ctx.clauses:
        about = f"{c.cite}{c.article}" if c.article else None
        if about is None and not c.heading:
            continue  # a provision with no number and no heading: the stem could not say which one it asks about
        for a, b in _statements(c)[:2]:
            rng = rng_for(c.ref, "variants", str(a))
            grid = _two_by_two(ctx, c, a, b, cores, rng)
            if grid is None:
                continue  # one-change variants leave the key as every slot's most common reading
            picked, changes = grid
            truth = c.text[a:b].rstrip("。；")
            lead = f"根据{about}，" if about else f"根据{c.cite}，关于“{c.heading}”，"
            stem = f"{lead}下列说法正确的是{BLANK}。"
            yield Draft(
                "variants",
                SINGLE,
                stem,
                (truth,),
                tuple(picked),
                sources=(c,),
                evidence=(ev(c, a, b),),
                variant=str(a),
                difficulty=4,
                option_kind="statement",
                note="原文为" + "、".join(f"“{old}”（不是“{new}”）" for old, new in changes) + "。",
            )
            break


def _two_by_two(
    ctx: BankContext, c: SourceClause, a: int, b: int, cores: Cores, rng: random.Random
) -> tuple[list[str], list[tuple[str, str]]] | None:
    """Three false readings of text[a:b] on a 2 × 2 grid of two slots: the first changed, the second changed,
    both changed. Each slot's printed reading is in two of the four options, its changed one in the other
    two, so no option is given away by being what most options say; None when two slots cannot change."""
    first: dict[tuple[int, int], tuple[Slot, str]] = {}
    for slot, chosen in slot_changes(ctx, c, a, b, cores, rng):
        first.setdefault((slot.start, slot.end), (slot, chosen))
    spans = sorted(first)
    pairs = [(x, y) for i, x in enumerate(spans) for y in spans[i + 1 :] if x[1] <= y[0]]
    if not pairs:
        return None
    (s1, new1), (s2, new2) = (first[k] for k in pairs[rng.randrange(len(pairs))])

    def reading(one: str, two: str) -> str:
        return (c.text[a : s1.start] + one + c.text[s1.end : s2.start] + two + c.text[s2.end : b]).rstrip("。；")

    readings = [reading(new1, s2.text), reading(s1.text, new2), reading(new1, new2)]
    if any(ctx.is_stated(c.work, r) or repeats_a_change(c.text[a:b], r, (new1, new2)) for r in readings):
        return None  # 由省级或省级统一组织招聘: two changes that land on one word
    return readings, [(s1.text, new1), (s2.text, new2)]


def repeats_a_change(original: str, changed: str, news: Sequence[str]) -> bool:
    """Tell whether a changed sentence names a changed-in word more often than once where the original did not
    (吸纳农民工、退役军人、农民工; 省级或省级): a seam a candidate sees at once."""
    return any(changed.count(w) > 1 and changed.count(w) > original.count(w) for w in news if w)


YEAR_IN = re.compile(r"\d{4}年")


def shape_sorts(printed: Sequence[str], changed: Sequence[str]) -> bool:
    """Tell whether a surface feature sorts the changed statements from the printed ones: every changed one has a
    year and no printed one has (or the reverse) — the two dated sentences among short headings are the ones to
    pick without reading. (Length alone is no such feature: a law's sentences are of every length.)"""
    if not printed or not changed:
        return False
    a, b = {bool(YEAR_IN.search(t)) for t in printed}, {bool(YEAR_IN.search(t)) for t in changed}
    return len(a) == 1 and len(b) == 1 and a != b


def repeated_change(changes: Sequence[tuple[str, str, str]]) -> bool:
    """Tell whether two options turn on the same change of content (三岗 → 六岗 twice): one gives the other away.
    Two modal flips (应当 → 可以 in two sentences) are two tests of one kind, not a giveaway."""
    pairs = [(old, new) for _, old, new in changes if old not in MODAL_WORDS]
    return len(set(pairs)) < len(pairs)


PARALLEL_RUN = 5  # characters after the changed words that a sentence saying the same of another holder shares


def gives_away(ctx: BankContext, work: str, changed: tuple[str, str, str], printed: Sequence[str]) -> bool:
    """Tell whether an option as printed states what a changed option changed (三岗：…… beside 六岗十八级): the
    other option contradicts it, and the change is seen without the text. A number anywhere; a level or a body
    only where the printed sentence says the same thing of it (国务院工商行政管理部门负责全国的殡葬管理工作 beside
    县级以上地方人民政府民政部门负责本行政区域内的殡葬管理工作, review 137): a body named in another sentence on
    other business says nothing of this one."""
    text, old, new = changed
    if NUMERAL_IN.search(old):
        return any(old in p for p in printed)
    if old in MODAL_WORDS:
        return False  # 鼓励 is in every other sentence of a policy: a parallel one says nothing of this one's force
    at = text.find(new)
    after = SEGMENT.split(text[at + len(new) :] if at >= 0 else "")
    index = ctx.work_index(work)
    runs = {part[i : i + PARALLEL_RUN] for part in after for i in range(len(part) - PARALLEL_RUN + 1)}
    rare = [r for r in runs if index.count(fold(r)) <= SAME_DUTY_RARE]  # 人民政府应当 is in every other sentence
    return any(old in p and any(r in p for r in rare) for p in printed)


def _stated(x: tuple[SourceClause, tuple[int, int]] | tuple[SourceClause, tuple[int, int], tuple[str, str, str]]) -> str:
    """An option's text: the sentence as printed, or as changed."""
    if len(x) == 3:
        return x[2][0]
    c, (a, b) = x[0], x[1]
    return c.text[a:b].rstrip("。；")
