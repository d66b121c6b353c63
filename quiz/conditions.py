"""The ``conditions`` generator: a list of conditions and what follows from them (有下列情形之一的，……：).

A law's article often lists the cases a rule applies to: 职工有下列情形之一的，应当认定为工伤：（一）在工作
时间和工作场所内，因工作原因受到事故伤害的；…… The exam asks it two ways, and so does this generator:

    单选  下列情形中，应当认定为工伤的是（　）: one case of the list, three cases that other lists of the same
          document attach to another consequence (视同工伤, 不得认定为工伤) — what a half-prepared candidate
          mixes up, and false here by the document's own arrangement;
    判断  the rule read for one case: 职工在工作时间和工作场所内，因工作原因受到事故伤害的，应当认定为工伤 —
          keyed 正确, composed of the subject, the case and the consequence, each printed in the source
          (``compose``), so it is not a sentence copied; and keyed 错误 with a case of another list.

A list is a clause's lead-in of that form with its item clauses, or the members after such a lead-in
inside one clause's text. Catch-all cases (法律、行政法规规定的其他情形) are never asked.
"""

from __future__ import annotations

import random
import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from quiz.context import BankContext
from quiz.generators import (
    _readable_from_stem,
    alone_beside,
    closes_a_tier,
    ev,
    generator,
    in_number_series,
    marks_hide_keys,
    relative_one,
    tier_end,
    tier_options,
    wrong_numbers,
)
from quiz.model import BLANK, FALSE, JUDGE, MULTI, SINGLE, TRUE, Draft, Evidence, SourceClause, rng_for
from quiz.numbers import numeral_span
from quiz.text import compose, fold, length_alike, sentences

# <subject>有下列情形之一的，<consequence>：  /  对有下列情形之一者，<consequence>：  /  属于下列人员之一的，……
LEAD = re.compile(
    r"^(?P<subject>[^，。；：]{0,24}?)(?P<verb>有|属于|具有)下列(?P<kind>情形|行为|情况|人员|条件)之一(?:的|者)?，"
    r"(?P<consequence>[^：:]{4,40})[：:]$"
)
# 法律、行政法规规定的其他情形; 由于其他原因终止的 (laws review 134: a 判断 keyed 正确 on it tests nothing)
CATCH_ALL = re.compile(r"其他[^，。；]{0,12}(?:情形|行为|情况|人员|原因|事由)|规定的其他")
NUMBERING = re.compile(r"^\s*(?:[（(][一二三四五六七八九十\d]+[)）]|\d+[.、．]|[一二三四五六七八九十]+、)\s*")
CONSEQUENCE_MAX = 24  # a stem 下列情形中，<consequence>的是 stays one line
RELATED_RUN = 4  # characters two consequences share when they speak of one actor or act (登记管理机关)


@dataclass(frozen=True)
class Case:
    """One member of a list of conditions: where it is printed and what it says."""

    clause: SourceClause
    start: int
    end: int
    text: str  # without its numbering and final punctuation


@dataclass(frozen=True)
class Conditions:
    """A list of conditions with its parsed lead-in."""

    owner: SourceClause  # the clause whose text holds the lead-in
    lead_start: int
    lead: str
    subject: str
    verb: str
    consequence: str
    cases: tuple[Case, ...]

    @property
    def case_kind(self) -> str:
        """What the cases are: 人员 for 属于下列人员之一的, else 情形 (cases of the two kinds never mix)."""
        return "人员" if self.verb == "属于" else "情形"


def _case(c: SourceClause, start: int, end: int) -> Case | None:
    raw = c.text[start:end]
    m = NUMBERING.match(raw)
    a = start + (m.end() if m else 0)
    body = c.text[a:end].rstrip("。；;，, \n")
    if len(body) < 4 or CATCH_ALL.search(body) or "下列" in body:
        return None
    return Case(c, a, a + len(body), body)


LIST_VERB = re.compile(r"(?:有|属于|具有)下列")
OPENING_BUT = re.compile(r"^(?:但是|但)")


def _parse(lead: str) -> re.Match[str] | None:
    lead = lead.strip()
    for sep in ("；", "。"):
        lead = lead.rsplit(sep, 1)[-1]
    m = LEAD.match(lead)
    verb = LIST_VERB.search(lead)
    cut = lead.rfind("，", 0, verb.start()) if m is None and verb is not None else -1
    if cut >= 0 and lead.startswith(("但是", "但"), cut + 1):
        # 职工符合本条例第十四条、第十五条的规定，但是有下列情形之一的，不得认定为工伤……: the list hangs on its own phrase.
        # Only after 但是: 未取得国家颁发的有关合格证书的，有下列行为之一，…… is a case every item is under (review 143)
        m = LEAD.match(OPENING_BUT.sub("", lead[cut + 1 :]))
    if m is not None and "下列" in m.group("consequence"):
        return None  # 有下列情形之一的，应当按照下列标准支付：the items are the standards, not the cases
    return m


def condition_lists(ctx: BankContext) -> list[Conditions]:
    """Every list of conditions of the corpus: item clauses under a lead-in, or members inside one clause."""

    def make() -> list[Conditions]:
        out: list[Conditions] = []
        for c in ctx.clauses:
            items = [x for x in ctx.children(c.ref) if x.kind == "item"]
            body = c.text.rstrip()
            if items:
                # the lead-in ends the text, or a paragraph when the article goes on after its list (职工有下列情形之一的，
                # 视同工伤：\n职工有前款第（一）项……): the paragraph after it is none of the cases
                ends = [m.start() for m in re.finditer(r"[：:]\s*(?:\n|$)", body)]
                if not ends:
                    continue
                colon = ends[-1]
                start = max(body.rfind(p, 0, colon) for p in "。；\n") + 1
                if body[start - 1 : start] in ("；", ";"):
                    continue  # ……人员出具虚假证明的，给予处分；有下列情形之一的，撤销……: the case is before the semicolon
                lead = body[start : colon + 1]
                m = _parse(lead)
                cases = [k for x in items if (k := _case(x, 0, len(x.text)))]
                if m and len(cases) >= 2:
                    out.append(_conditions(c, start, lead, m, cases))
                continue
            spans = sentences(c.text)
            starts = [x for x, _ in spans]
            for a, b in spans:
                s = c.text[a:b]
                head = s.split("：")[0]
                m = _parse(head + "：") if "：" in s else None
                if m is None or "；" in head or c.text[a - 1 : a] in ("；", ";"):
                    continue  # the lead-in after a semicolon leaves its case before it (……的，给予处分；有下列……)
                colon = c.text.index("：", a)
                # the sentences after the colon up to its first full stop (not a scan of the clause per lead-in)
                stop = c.text.find("。", colon)
                members = []
                for i in range(bisect_right(starts, colon), len(spans)):
                    if 0 <= stop < spans[i][0]:
                        break
                    members.append(spans[i])
                cases = [k for x, y in members if (k := _case(c, x, y))]
                if len(cases) >= 2:
                    lead_start = colon - len(m.group(0)) + 1
                    out.append(_conditions(c, lead_start, m.group(0), m, cases))
        return out

    return ctx.memo("condition_lists", make)


def _conditions(c: SourceClause, start: int, lead: str, m: re.Match[str], cases: list[Case]) -> Conditions:
    return Conditions(c, start, lead, m["subject"], m["verb"], m["consequence"], tuple(cases))


def statement_for(lst: Conditions, case: Case) -> str:
    """The rule read for one case: 职工 + 在工作时间……受到事故伤害的 + ，应当认定为工伤."""
    return compose(lst.subject, lst.verb, case.text, lst.consequence)


def _others(ctx: BankContext, lst: Conditions, lists: list[Conditions]) -> list[tuple[Conditions, Case]]:
    """Cases of the same document's other lists, attached to another consequence, that this list does not name."""
    own = {fold(k.text) for k in lst.cases}
    out = []
    for other in lists:
        if other is lst or other.owner.work != lst.owner.work or _holds(other.consequence, lst.consequence):
            continue  # 处……拘留，并处……罚款 holds 处……拘留: its cases are detained too (laws review 148)
        if other.case_kind != lst.case_kind or not _related(lst, other):
            continue
        if other.owner.article and any(other.owner.article in k.text for k in lst.cases):
            continue  # 因本法第二十六条第一款规定的情形……: the cases of 第二十六条 are this list's too (review 141)
        if direction(lst.consequence) * direction(other.consequence) < 0:
            continue  # 有立功表现的 among the cases of 从重处罚: a mitigating case is told from an aggravating one at sight
        out += [(other, k) for k in other.cases if fold(k.text) not in own]
    return out


def _holds(a: str, b: str) -> bool:
    """Tell whether one consequence says all the other says (the same, or the same and more)."""
    x, y = fold(a).rstrip("。；："), fold(b).rstrip("。；：")
    return x in y or y in x


# What a consequence does to the one it falls on: a penalty or a loss (从重处罚, 终止法律援助, 停止享受待遇) or a relief
# or a favour (减轻处罚, 免予核查经济困难状况, 优先……)
HARSHER = re.compile(r"从重|加重|终止|撤销|取消|停止|吊销|开除|辞退")
MILDER = re.compile(r"从轻|减轻|不予(?:处罚|行政拘留)|不执行|免予|免除|减免|优先|先行|不受[^，。；]{0,10}限制")


def direction(consequence: str) -> int:
    """Which way a consequence turns for the one it falls on: 1 harsher (从重处罚, 终止法律援助), -1 milder (减轻处罚或者
    不予处罚, 不受经济困难条件的限制, 先行提供), 0 neither or both — a case of the one among the other's is told apart
    by its own tone (有立功表现的 is no case of 从重处罚; 英雄烈士近亲属 none of 终止法律援助, laws reviews 137, 139)."""
    return (1 if HARSHER.search(consequence) else 0) - (1 if MILDER.search(consequence) else 0)


def _related(a: Conditions, b: Conditions) -> bool:
    """Tell whether two lists are what a candidate confuses: the same subject (劳动者…可以解除 / 劳动者…不得解除),
    or consequences that share an actor or an act (民政部门应当依法对未成年人进行临时监护 / 长期监护) — cases of
    an unrelated list (法律援助 without a means test beside 律师事务所 penalties) are eliminated at sight."""
    if a.subject and a.subject == b.subject:
        return True
    x, y = fold(a.consequence), fold(b.consequence)
    m = SequenceMatcher(None, x, y, autojunk=False).find_longest_match(0, len(x), 0, len(y))
    return m.size >= RELATED_RUN


# A case that names its own actor first (用人单位未按照……; 女职工在孕期……)
ACTOR_FIRST = re.compile(r"^[\u4e00-\u9fff]{0,6}?(?:单位|机构|部门|机关|组织|委员会|人员|劳动者|职工|监护人|父母)")


def reads_against(subject: str, case: str) -> bool:
    """Tell whether a case, put under a stem whose list is of ``subject``'s cases (劳动者有下列情形之一的), names another
    actor first (用人单位以暴力……强迫劳动的): it reads against the stem and is struck out unread (laws review 136)."""
    m = ACTOR_FIRST.match(case)
    return bool(subject) and m is not None and m.group() != subject


def _single(
    lst: Conditions, others: list[tuple[Conditions, Case]], order: list[Case], rng: random.Random
) -> tuple[Case, list[tuple[Conditions, Case]]] | None:
    """A key of the list and three cases of related lists of its length class, no word sorting them apart, none
    of another actor than the list's (``reads_against``)."""
    for key in order:
        picked: list[tuple[Conditions, Case]] = []
        for o in rng.sample(others, len(others)):
            if reads_against(lst.subject, o[1].text):
                continue
            if len(picked) < 3 and length_alike(o[1].text, key.text) and all(fold(o[1].text) != fold(p[1].text) for p in picked):
                picked.append(o)
        texts = [key.text, *(k.text for _, k in picked)]
        if len(picked) == 3 and all(length_alike(x, y) for x in texts for y in texts) and marks_hide_keys([key.text], texts[1:]):
            return key, picked
    return None


def _multi(
    lst: Conditions, others: list[tuple[Conditions, Case]], order: list[Case], rng: random.Random
) -> tuple[list[Case], list[tuple[Conditions, Case]]] | None:
    """Two or three keys of the list and the rest of five options from related lists, all of one length class, no
    word sorting keys from distractors, none of another actor (the 多选 下列……的有 over a list the exam asks most)."""
    pool = [o for o in rng.sample(others, len(others)) if not reads_against(lst.subject, o[1].text)]
    for k in (3, 2):
        keys: list[Case] = []
        for case in order:
            if len(keys) < k and all(length_alike(case.text, x.text) for x in keys):
                keys.append(case)
        wrong: list[tuple[Conditions, Case]] = []
        for o in pool:
            texts = [x.text for x in keys] + [w[1].text for w in wrong]
            if len(wrong) < 5 - k and all(length_alike(o[1].text, t) for t in texts) and fold(o[1].text) not in map(fold, texts):
                wrong.append(o)
        if len(keys) == k and len(wrong) == 5 - k and marks_hide_keys([x.text for x in keys], [w[1].text for w in wrong]):
            return keys, wrong
    return None


def _membership(lst: Conditions, keys: Sequence[Case], wrong: Sequence[tuple[Conditions, Case]], lead_ev: Evidence) -> Draft:
    """下列属于此类情形的是 (one key: 单选) / 的有 (more: 多选): cases of the list among cases of related lists."""
    owner, kind = lst.owner, lst.case_kind
    ask = "是" if len(keys) == 1 else "有"
    stem = (
        f"根据{owner.cite}，{lst.subject}{lst.verb}下列{kind}之一的，{lst.consequence}。下列属于此类{kind}的{ask}{BLANK}。"
        if lst.subject
        else f"根据{owner.cite}，下列{kind}中，{lst.consequence}的{ask}{BLANK}。"
    )
    return Draft(
        "conditions",
        SINGLE if len(keys) == 1 else MULTI,
        stem,
        tuple(k.text for k in keys),
        tuple(k.text for _, k in wrong),
        sources=tuple(dict.fromkeys([owner, *(k.clause for k in keys), *(k.clause for _, k in wrong)])),
        evidence=(lead_ev, *(ev(k.clause, k.start, k.end) for k in keys)),
        variant=f"{'single' if len(keys) == 1 else 'multi'}:{lst.lead_start}",
        difficulty=4,
        option_kind="item",
        note="其余选项是本文件其他条款所列的情形：" + "；".join(f"“{k.text}”，{o.consequence}" for o, k in wrong) + "。",
    )


@generator("conditions", "情形题")
def condition_questions(ctx: BankContext) -> Iterator[Draft]:
    """单选 下列情形中，<consequence>的是 and 判断 over one case, from the lists of conditions of each document."""
    lists = condition_lists(ctx)
    by_work: dict[str, list[Conditions]] = defaultdict(list)
    for lst in lists:
        by_work[lst.owner.work].append(lst)
    for lst in lists:
        owner = lst.owner
        rng = rng_for(owner.ref, "conditions", str(lst.lead_start))
        lead_ev = Evidence(owner.ref, lst.lead_start, lst.lead_start + len(lst.lead), lst.lead)
        others = _others(ctx, lst, by_work[owner.work])
        order = list(lst.cases)
        rng.shuffle(order)
        key = order[0]
        about = f"{owner.cite}{owner.article}" if owner.article else owner.cite
        short = len(lst.consequence) <= CONSEQUENCE_MAX
        chosen = _single(lst, others, order, rng) if short else None
        if chosen is not None:
            yield _membership(lst, [chosen[0]], chosen[1], lead_ev)
        multi = _multi(lst, others, order, rng) if short and len(lst.cases) >= 3 else None
        if multi is not None:
            yield _membership(lst, *multi, lead_ev)
        yield Draft(
            "conditions",
            JUDGE,
            f"根据{about}，{statement_for(lst, key)}。",
            (TRUE,),
            sources=tuple(dict.fromkeys([owner, key.clause])),
            evidence=(lead_ev, ev(key.clause, key.start, key.end)),
            variant=f"true:{lst.lead_start}",
            difficulty=3,
            composed=(lst.subject, lst.verb, key.text, lst.consequence),
        )
        if others:
            other, case = others[rng.randrange(len(others))]
            said = statement_for(lst, case)
            if not ctx.is_stated(owner.work, said):
                yield Draft(
                    "conditions",
                    JUDGE,
                    f"根据{owner.cite}，{said}。",
                    (FALSE,),
                    sources=tuple(dict.fromkeys([owner, other.owner, case.clause])),
                    evidence=(lead_ev, ev(case.clause, case.start, case.end)),
                    variant=f"false:{lst.lead_start}",
                    difficulty=4,
                    correct_reading=statement_for(other, case),
                    composed=(other.subject, other.verb, case.text, other.consequence),
                    note=f"“{case.text}”是{owner.cite}另一条款所列的情形，其后果是“{other.consequence}”，不是“{lst.consequence}”。",
                )


# ---- the number a list's lead-in sets for every case: 有下列行为之一的，处五日以下拘留或者五百元以下罚款： -------

# A lead-in whose consequence may run over semicolons (……；情节较重的，处……拘留：), from the start of its sentence
NUMBER_LEAD = re.compile(
    r"(?:^|(?<=[。\n]))(?P<subject>[^，。；：\n]{0,24}?)(?P<verb>有)下列(?P<kind>情形|行为|情况)之一(?:的|者)，"
    r"(?P<consequence>[^：:。\n]{4,120})[：:]"
)
CASE_MAX = 48  # a case longer than this makes the stem a paragraph


def _number_leads(ctx: BankContext) -> Iterator[tuple[SourceClause, re.Match[str], list[Case]]]:
    """Each lead-in that sets a number, with its cases: the item clauses under it, or its members in one clause."""
    for c in ctx.clauses:
        if not c.facts:
            continue
        for m in NUMBER_LEAD.finditer(c.text):
            colon = m.end() - 1
            if not any(m.start("consequence") <= f.span[0] < colon for f in c.facts):
                continue
            items = [x for x in ctx.children(c.ref) if x.kind == "item"]
            if items:  # the item clauses; a paragraph printed after the lead-in is the article's next one
                cases = [k for x in items if (k := _case(x, 0, len(x.text)))]
            else:  # the members printed after the colon, up to the first full stop
                stop = c.text.find("。", colon)
                spans = [(a, b) for a, b in sentences(c.text) if a > colon and (stop < 0 or a <= stop)]
                cases = [k for a, b in spans if (k := _case(c, a, b))]
            if len(cases) >= 2:
                yield c, m, cases


@generator("case_number", "情形数字题")
def case_number_questions(ctx: BankContext) -> Iterator[Draft]:
    """单选: the number a list's lead-in sets, asked for one of its cases (……的，处（　）日以下拘留): the rule read for
    that case, its number blanked, wrong values of the same unit (as the number generator draws them)."""
    for c, m, cases in _number_leads(ctx):
        lo, hi = m.start("consequence"), m.end("consequence")
        rng = rng_for(c.ref, "case_number", str(m.start()))
        usable = [k for k in cases if len(k.text) <= CASE_MAX]
        for f in c.facts:
            span = numeral_span(c.text, *f.span)
            if span is None or not lo <= span[0] < hi or not usable or closes_a_tier(c, f):
                continue
            end = tier_end(c, f)
            if end is not None:  # a whole tier (处（　）拘留), the law's other tiers of its unit the options
                span = (f.span[0], end.span[1])
                made: tuple[list[str], list[float]] | None = (tier_options(ctx, c, f, end, c.text[lo:hi]), [])
            elif _readable_from_stem(c, f) or in_number_series(c.text, *span) or relative_one(c.text, *span):
                continue
            else:
                made = wrong_numbers(ctx, c, f, span)
                if made is not None and f.high is None and alone_beside(c, f, (m.start(), m.end()), made[1]):
                    continue
            if made is None or len(made[0]) < 3:
                continue
            raw = c.text[span[0] : span[1]]
            consequence = c.text[lo : span[0]] + BLANK + c.text[span[1] : hi]
            if raw + c.text[span[1] : span[1] + 1] in consequence:
                continue  # 处五百元以上一千元以下；……处（　）元以上一千元以下: the stem prints the key again
            case = usable[rng.randrange(len(usable))]
            yield Draft(
                "case_number",
                SINGLE,
                f"根据{c.cite}，{compose(m['subject'], m['verb'], case.text, consequence)}。",
                (raw,),
                tuple(made[0]),
                sources=tuple(dict.fromkeys([c, case.clause])),
                evidence=(ev(c, *f.span), ev(case.clause, case.start, case.end)),
                variant=f"{m.start()}:{span[0]}",
                difficulty=3,
                topics=f.topics,
                option_kind="number",
                note=f"本条规定：有下列{m['kind']}之一的，{c.text[lo:hi]}；“{case.text}”是所列{m['kind']}之一。",
            )
