"""What every generator and gate may look at besides its own clause: the whole corpus, indexed.

Pure: built from the source clauses and the links between them.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar, cast

from kb.analysis import word_at
from quiz.model import SourceClause
from quiz.terms import Term, find_terms
from quiz.text import Enumeration, IndexedText, body_start, enumerations, fold, sentences

T = TypeVar("T")
COEFFICIENT = re.compile(r"[01]\.\d{1,2}")


@dataclass
class BankContext:
    """The corpus as generators see it: clauses, their terms and lists, pools of alike things."""

    clauses: list[SourceClause]
    by_ref: dict[str, SourceClause]
    terms: dict[str, list[Term]]
    enums: dict[str, list[Enumeration]]
    pools: dict[str, list[tuple[str, str]]]  # kind → (text, work)
    items: list[tuple[str, str]]  # list items of the whole corpus: (text, work)
    item_refs: dict[str, set[str]]  # folded item → refs of the clauses listing it
    work_text: dict[str, str]  # work → folded texts of its clauses, one a line
    linked: dict[str, set[str]] = field(default_factory=dict)
    values: dict[str, list[tuple[float, str]]] = field(default_factory=dict)  # unit → (value, work) stated anywhere
    synonyms: tuple[frozenset[str], ...] = ()  # groups of words that mean the same (kb/data/synonyms.txt)
    founded: dict[str, int] = field(default_factory=dict)  # body → the year it was set up (kb/data/bodies_founded.txt)
    matters: dict[str, tuple[str, ...]] = field(default_factory=dict)  # matter → its bodies (kb/data/body_matters.txt)
    spellings: tuple[frozenset[str], ...] | None = None  # the synonyms a cloze accepts (no ``~`` kin); None: all of them
    _memo: dict[str, object] = field(default_factory=dict, repr=False)

    def memo(self, key: str, make: Callable[[], T]) -> T:
        """A value derived from the whole context, computed once (the corpus's bodies by head noun …)."""
        if key not in self._memo:
            self._memo[key] = make()
        return cast(T, self._memo[key])

    def is_stated(self, work: str, text: str) -> bool:
        """Tell whether a work states this sentence (or phrase) anywhere, after folding."""
        key = fold(text).strip("。；，")
        return bool(key) and key in self.work_index(work)

    def work_index(self, work: str) -> IndexedText:
        """A work's folded text (``work_text``), indexed once per build."""
        return self.memo(f"stated:{work}", lambda: IndexedText(self.work_text.get(work, "")))

    def coefficients(self, work: str) -> frozenset[float]:
        """The shares a work's tables print as coefficients (0.90, 1.10): 90 % is stated there too, whatever a
        sentence of the same work says (试用期 100 % in the text, 0.90 in 附件1) — no distractor or change."""

        def make() -> frozenset[float]:
            out: set[float] = set()
            for c in self.clauses:
                if c.work == work and c.table:
                    for row in c.table.get("rows", []):
                        for cell in row:
                            if COEFFICIENT.fullmatch(str(cell).strip()):
                                out.add(round(float(str(cell).strip()) * 100, 6))
            return frozenset(out)

        return self.memo(f"coefficients:{work}", make)

    def children(self, ref: str) -> list[SourceClause]:
        """The clauses directly under a clause, in order."""
        return [self.by_ref[r] for r in self.by_ref[ref].children if r in self.by_ref]

    def descendants_and_self(self, ref: str) -> set[str]:
        out, todo = set(), [ref]
        while todo:
            r = todo.pop()
            out.add(r)
            todo += list(self.by_ref[r].children) if r in self.by_ref else []
        return out


# A sentence that leans on the one before it: 情节较轻的，处… / 逾期不改正的，… / 并… / 但是… / 有下列情形之一的
LEANS_ON = re.compile(
    r"^(?:[^，。；：]{1,12}的，|并|但|但是|且|同时|其中|其他|其余|对此|为此|据此|前款|上述|标准为|标准是)|下列|以下[^，。；]{0,6}(?:情形|行为|责任|事项|规定)"
)


# The lead-in of a list of conditions: 有下列情形之一的 / 对有下列情形之一者 / 应具备以下条件 — its items are no rules alone.
CONDITIONS = re.compile(r"(?:下列|以下|如下)[^，。；：]{0,8}(?:情形|条件|情况|行为|资格|目标|任务)|情形之一|条件之一")


# A list's catch-all member, alone as a sentence: （六）法律、行政法规规定的其他情形。 / 其他依法应当……的人员
CATCH_ALL = re.compile(
    r"^\s*(?:[（(][一二三四五六七八九十\d]+[)）])?[^，。；]{0,24}其他[^，。；]{0,16}"
    r"(?:情形|行为|情况|人员|事项|资金|活动|职责)[的。；]?\s*$"
)


# A document's framing sentence: ……经党中央、国务院同意，现就……提出如下意见 — true of every 意见 alike.
FRAMING = re.compile(
    r"(?:提出|制定)(?:如下|以下)(?:意见|措施|方案)|现就[^。]{0,40}(?:提出|通知)"
    r"|^[^，。；]{0,12}构成犯罪的，依法追究刑事责任[。；]?$"  # a law's closing formula: true of every law alike
)


# How a phrase opens when it is no subject: a preposition or a verb of manner (根据……，经……，按……)
MODALS = ("应当", "可以", "不得", "必须", "应", "须")  # 对……的学生，应当提供关爱: who provides it is not said
NO_SUBJECT = ("根据", "按照", "依照", "依据", "按", "经", "由", "在", "对", "通过", "结合", "以", "并")


# What points back to a sentence not printed with it: 有上述情形的 / 前述人员 / 该情形
POINTS_BACK = re.compile(
    r"上述|前述|前款|前[两二三四]款|(?<!应)该[\u4e00-\u9fff]|^(?:具体|调整)(?:实施)?(?:办法|标准|规定|细则)|^其(?![他中余次实])"
    r"|(?:^|[，；])(?:也|亦|还)(?:应当|可以|不得|要|须|必须)"
    r"|本条第[一二三四五六七八九十]+[款项]|^(?:但是|但|并且|而且|同时|此外|另外)[，,]"
    r"|^被[\u4e00-\u9fff]{1,4}(?:单位|人|机关|机构)"  # 被建议单位应当……: who made the 建议 is in the sentence before
    r"|^[^，。；]{1,14}?(?:也|亦)(?:应当|可以|不得|要|须|必须)|本章|本节"  # 人民调解委员会也应当……; 本章规定的
    r"|同时废止$|^本条所称"  # 1993年……发布的《……》同时废止: at the same time as what, the sentence before says (review 130)
)
# A verb whose object is the sentence before (……应当报经批准。社区矫正机构对于有正当理由的，应当批准；伤情严重的，
# 可以适当延长): alone, it does not say what is approved or extended
ELLIPTIC = re.compile(
    r"(?:应当|可以|不得|必须|应|须)(?:适当|予以|依法|及时|一并)?"
    r"(?:延长|缩短|批准|准许|同意|提高|降低|放宽|免除|减免|撤销|变更|调整)(?:[，。；;,]|$)"
    r"|(?:应当|可以)(?:予以|提供(?:必要的)?)?(?:协助|配合)$"  # ……等组织应当提供必要的协助: in what, the sentence before says
)

# A transitive verb that ends a sentence with none of its objects in it (没有建立工会的企业，由职工推举的代表与企业
# 签订 — what is signed, 集体合同, is in the sentence before)
OBJECTS = {
    "签订": ("合同", "协议", "协定", "书"),
    "订立": ("合同", "协议", "书"),
    "缴纳": ("费", "税", "金"),
    "支付": ("费", "金", "资", "酬", "待遇", "补偿", "赔偿", "款", "津贴", "补助"),
}
DANGLING = re.compile(rf"({'|'.join(OBJECTS)})$")


def points_back(text: str) -> bool:
    """Tell whether a text leans on one it does not hold: 前款规定的行为 / 开展上述工作 / 该财产 / ……，也应当 /
    ……，应当批准. 该 + a thing the text itself named before (劳动者……和该劳动者所在单位) and 也 + a modal word the
    text used before (可以申请复议，也可以提起诉讼) point inside it."""
    said = text.rstrip("。；;，")
    if ELLIPTIC.search(said):
        return True
    dangling = DANGLING.search(said)
    if dangling and not any(o in said for o in OBJECTS[dangling.group(1)]):
        return True
    for m in POINTS_BACK.finditer(text):
        word = m.group()
        if word.startswith("该") and word[1:] + text[m.end() : m.end() + 1] in text[: m.start()]:
            continue  # 该职工 after 职工
        said = word.lstrip("，；")
        if said[:1] in "也亦还" and said[1:] in text[: m.start()]:
            continue  # 可以……，也可以……
        return True
    return False


# How the second half of a statute's sentence opens when its subject is in the first half (……的，应当引导……；
# 配备或者聘请……；由职工推举的代表……): a verb, an adverb, a preposition or a conjunction
CONTINUING_TAGS = ("v", "d", "p", "c")


# a sentence that opens on its case (……的，; 医疗、保健机构……未取得……许可，擅自从事……或者出具有关医学证明的，)
CASE_FIRST = re.compile(r"(?:[^，；。\n]{1,30}，){0,2}[^，；。\n]{2,60}的，")


def continues_after_semicolon(c: SourceClause, a: int) -> bool:
    """Tell whether a sentence of an article begins after a semicolon with no subject of its own (……的，应当引导争议
    双方当事人自愿和解): alone, it does not say who does what."""
    if not c.article or c.analysis is None or c.text[max(0, a - 1) : a] not in ("；", ";"):
        return False
    opened = max(c.text.rfind("。", 0, a), c.text.rfind("\n", 0, a)) + 1
    if CASE_FIRST.match(c.text, opened, a):
        return True  # 经办机构不按时足额结算费用的，……；医疗机构……可以解除服务协议: the case holds both halves
    first = word_at(c.analysis.words, a + len(c.text[a:]) - len(c.text[a:].lstrip()))
    return first is not None and first.tag.startswith(CONTINUING_TAGS) and first.tag != "vn"


def continues_case(c: SourceClause, a: int) -> bool:
    """Tell whether a sentence of an article goes on under the case its paragraph opened on (社区矫正对象……死亡的，
    其监护人……应当及时向社区矫正机构报告。社区矫正机构应当及时通知……, laws review 138): alone, it says what is
    done and drops when."""
    if not c.article:
        return False
    paragraph = c.text.rfind("\n", 0, a) + 1
    first_end = c.text.find("。", paragraph)
    if first_end < 0 or first_end >= a or not CASE_FIRST.match(c.text, paragraph):
        return False
    return CASE_FIRST.match(c.text, a) is None  # a sentence with a case of its own stands on it


def continues_topic(text: str, a: int) -> bool:
    """Tell whether a sentence opens on a property of what the sentence before ended on (……应当向劳动者支付劳动报酬。
    劳动报酬的数额，参照……确定): alone, it drops the case that sentence set (劳动合同被确认无效)."""
    before = text[max(0, a - 12) : a].rstrip("。；; \n")
    head = text[a:].lstrip()
    at = head.find("的", 0, 10)
    return at >= 2 and before.endswith(head[:at])


WHEN_ONLY = re.compile(r"^[\u4e00-\u9fff]{2,10}(?:期满|届满|之后|以后|后|时)$")
REPORTING = re.compile(r"^(?:对|就|围绕)[^，。；]{2,30}?(?:提出|作出|强调|指出|部署)")


def subjectless(sentence: str) -> bool:
    """Tell whether every phrase of a sentence opens with a preposition (根据本人工作情况，经考核后确定，按年发放):
    its subject is in the sentence before, and the sentence alone states nothing of anyone."""
    parts = [p for p in re.split(r"[，；。]", sentence) if p.strip()]
    if parts and REPORTING.match(parts[0].strip()):
        return True  # 对社会工作领域改革发展提出明确要求，作出……部署: a compiler's account of a source, not its text
    if len(parts) >= 2 and WHEN_ONLY.search(parts[0].strip()) and parts[1].strip().startswith(MODALS):
        return True  # 临时占用期满，应当及时恢复原状: who restores it, the sentence before says
    return len(parts) >= 2 and all(p.strip().startswith(NO_SUBJECT + MODALS) for p in parts)


def family(ctx: BankContext, c: SourceClause) -> str:
    """The world a clause lives in: a law's (人民政府, 民政部门, 人民法院; lists of legal cases) or a policy text's
    (党委组织部门, 社会工作部门; lists of measures). Distractors come from the clause's own family: a body or a
    list item of the other is false at sight (党委和政府 in a statute), and a document added to the one family
    changes no question of the other. A work is a law when any of its clauses is an article."""
    laws = ctx.memo("law_works", lambda: frozenset(x.work for x in ctx.clauses if x.article))
    return "law" if c.work in laws else "policy"


LIST_MARK = re.compile(r"\s*(?:[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+、|\d+[.、．])")


def condition_lead_in(text: str, a: int, b: int, items_apart: bool = False) -> str:
    """For a member of a list of conditions inside a clause's own text, the lead-in that frames it.

    有下列情形之一的，按规定程序退出：（1）……的；（2）无故旷工……的 — the second item read alone is no rule; so
    is a member that does not end in 的 (对有下列情形之一者，……开除：……；无故旷工一年内累计超过30天；……).
    ``items_apart``: the clause's items are clauses of their own, so a paragraph of its text after the lead-in
    is none of them (……可以解除劳动合同：\n用人单位以暴力……的，劳动者可以立即解除劳动合同).
    """
    colon = max(text.rfind("：", 0, a), text.rfind(":", 0, a))
    if colon < 0 or "。" in text[colon:a]:
        return ""
    line = text.rfind("\n", colon, a)
    if items_apart and line >= 0 and not LIST_MARK.match(text, line + 1):
        return ""  # ……可以解除劳动合同：\n用人单位以暴力……: a paragraph after a lead-in whose items stand apart
    start = max(text.rfind("。", 0, colon), text.rfind("\n", 0, colon)) + 1
    lead = text[start : colon + 1].strip()
    if not (text[a:b].rstrip("。；;，、 ").endswith("的") or CONDITIONS.search(lead)):
        return ""
    return lead if 4 <= len(lead) <= 60 else ""


def frame(c: SourceClause, a: int, b: int) -> str:
    """What a sentence of a clause must be read with: its list's lead-in (an item clause's, or one in the text)."""
    return c.lead_in or condition_lead_in(c.text, a, b, bool(c.children))


# The sentence after a rule that takes something out of it (但是……除外; 法律另有规定的除外): printed alone, the rule
# says more than the law does (laws review 149: 都有选举权和被选举权 without 依照法律被剥夺政治权利的人)
EXCEPTION_NEXT = re.compile(r"\s*(?:但是|但)|\s*[^。；\n]{0,30}除外[。；]?")


def eligible_sentences(c: SourceClause, lo: int = 12, hi: int = 90, *, framed: bool = False) -> list[tuple[int, int]]:
    """The sentences of a clause that make a statement on their own (not its heading, not too long, not one
    that leans on the sentence before it or on a list it does not hold); ``framed``: also the members of a
    list of conditions, for a generator that puts its lead-in before them (``frame``)."""
    start = body_start(c.text, c.heading)
    out = []
    conditions = bool(c.lead_in and CONDITIONS.search(c.lead_in))
    for a, b in sentences(c.text):
        if a < start:
            continue
        if not framed and (conditions or condition_lead_in(c.text, a, b, bool(c.children))):
            continue  # 无故旷工一年内累计超过30天 is no statement: a 说法 option cannot carry its lead-in
        if CATCH_ALL.search(c.text[a:b]) or FRAMING.search(c.text[a:b]) or subjectless(c.text[a:b]):
            continue  # 法律、行政法规规定的其他情形 / 经党中央、国务院同意，现提出如下意见: nothing to ask about
        s = c.text[a:b].rstrip("。；！？")
        if not lo <= len(s) <= hi or s.endswith("：") or re.search(r"[“（《][^”）》]*$", s):
            continue
        if LEANS_ON.search(s) and not (c.lead_in and a == start):
            continue
        if points_back(s) or continues_after_semicolon(c, a) or continues_topic(c.text, a) or continues_case(c, a):
            continue  # 公安机关发现有上述情形的，…… / ；应当引导……: the half that says who or what is not printed
        if EXCEPTION_NEXT.match(c.text, b):
            continue  # ……都有选举权和被选举权；但是，依照法律被剥夺政治权利的人除外: the rule alone is wider than the law's
        out.append((a, b))
    return out


def build_context(
    clauses: Sequence[SourceClause],
    links: Iterable[tuple[str, str]] = (),
    synonyms: Sequence[frozenset[str]] = (),
    founded: dict[str, int] | None = None,
    spellings: Sequence[frozenset[str]] | None = None,
    matters: dict[str, tuple[str, ...]] | None = None,
) -> BankContext:
    """Index the clauses for the generators."""
    by_ref = {c.ref: c for c in clauses}
    terms: dict[str, list[Term]] = {}
    enums: dict[str, list[Enumeration]] = {}
    pools: dict[str, list[tuple[str, str]]] = defaultdict(list)
    items: list[tuple[str, str]] = []
    item_refs: dict[str, set[str]] = defaultdict(set)
    texts: dict[str, list[str]] = defaultdict(list)
    values: dict[str, list[tuple[float, str]]] = defaultdict(list)
    for c in clauses:
        texts[c.work].append(fold(c.text))
        for f in c.facts:
            values[f.unit] += [(v, c.work) for v in (f.value, f.high) if v is not None]
        start = body_start(c.text, c.heading)
        terms[c.ref] = find_terms(c.text, c.emphasis, skip_before=start)
        for t in terms[c.ref]:
            pools[t.kind].append((t.text, c.work))
        enums[c.ref] = [e for e in enumerations(c.text) if e.span[0] >= start]
        for e in enums[c.ref]:
            for text in e.texts(c.text):
                items.append((text, c.work))
                item_refs[fold(text)].add(c.ref)
    linked: dict[str, set[str]] = defaultdict(set)
    for a, b in links:
        linked[a].add(b)
        linked[b].add(a)
    return BankContext(
        clauses=list(clauses),
        by_ref=by_ref,
        terms=terms,
        enums=enums,
        pools=dict(pools),
        items=items,
        item_refs=dict(item_refs),
        work_text={w: "\n".join(t) for w, t in texts.items()},
        linked=dict(linked),
        values=dict(values),
        synonyms=tuple(synonyms),
        founded=dict(founded or {}),
        matters=dict(matters or {}),
        spellings=None if spellings is None else tuple(spellings),
    )
