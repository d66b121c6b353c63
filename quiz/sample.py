"""Review samples of the bank: a seeded draw stratified by type and generator, and its review sheet.

The blind review (``QUESTION_RUBRIC.md``) judges a random sample of at least 100 items across every
type and generator. ``draw_sample`` is pure: the same bank, size and seed give the same items, each
stratum (type × generator) gets its share of the sample by the largest remainder, and at least one
item where the sample is large enough. ``review_sheet`` writes the Markdown a reviewer reads: each
item with its source clauses in full and the key and explanation folded, then a verdict table to
fill in.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy.orm import Session

from corpus.errors import InvalidInput, NotFound
from kb import store
from kb.views import clause_label, full_title
from quiz.bank import list_questions
from quiz.model import CLOZE, LETTERS, SPELLING_SEPARATOR, TYPE_LABELS, explanation_body
from quiz.review import question_data


def _shares(sizes: Mapping[tuple[str, str], int], n: int) -> dict[tuple[str, str], int]:
    """How many items each stratum gives: proportional, at least one each while n allows, never more than it has."""
    total = sum(sizes.values())
    keys = sorted(sizes)
    if n >= total:
        return dict(sizes)
    floor = 1 if n >= len(keys) else 0
    share = {k: min(sizes[k], max(floor, int(n * sizes[k] / total))) for k in keys}
    remainders = sorted(keys, key=lambda k: (-(n * sizes[k] / total - int(n * sizes[k] / total)), k))
    while sum(share.values()) < n:
        grew = False
        for k in remainders:
            if sum(share.values()) >= n:
                break
            if share[k] < sizes[k]:
                share[k] += 1
                grew = True
        if not grew:
            break
    while sum(share.values()) > n:  # the floor of one each overshot: take back from the largest strata
        k = max((k for k in keys if share[k] > 1), key=lambda k: (share[k], k))
        share[k] -= 1
    return share


def draw_sample(questions: Sequence[Mapping[str, Any]], n: int, seed: int) -> list[Mapping[str, Any]]:
    """A seeded sample of ``n`` questions stratified by (type, generator), in a seeded order."""
    if n < 1:
        raise InvalidInput("样本量至少为 1")
    strata: dict[tuple[str, str], list[Mapping[str, Any]]] = defaultdict(list)
    for q in sorted(questions, key=lambda q: str(q["id"])):
        strata[(str(q["type"]), str(q["generator"]))].append(q)
    rng = random.Random(seed)
    picked: list[Mapping[str, Any]] = []
    for key, count in sorted(_shares({k: len(v) for k, v in strata.items()}, n).items()):
        picked += rng.sample(strata[key], count)
    rng.shuffle(picked)
    return picked


def review_sample(session: Session, *, n: int, seed: int, work: str | None = None) -> list[dict[str, Any]]:
    """Draw a sample of the active bank (optionally of one work) with each item's source clauses."""
    rows, _ = list_questions(session, work=work)
    if not rows:
        raise InvalidInput("题库里没有符合条件的题目（先运行 policykb build）")
    items = []
    for q in draw_sample([question_data(r) for r in rows], n, seed):
        sources = []
        for ref in q["refs"]:
            try:
                clause = store.get_clause(session, ref)
            except NotFound:
                continue
            text = clause.text or table_markdown(clause.table)
            sources.append({"ref": ref, "title": full_title(clause.work), "label": clause_label(clause), "text": text})
        items.append(dict(q) | {"sources": sources})
    return items


def table_markdown(table: Mapping[str, Any] | None) -> str:
    """A clause's table as a Markdown table, its notes after it (a table clause has no text of its own)."""
    if not table or not table.get("columns"):
        return ""
    columns = [str(c) for c in table["columns"]]
    lines = ["| " + " | ".join(columns) + " |", "|" + " --- |" * len(columns)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in table.get("rows", [])]
    return "\n".join([*lines, *(str(n) for n in table.get("notes", []))])


def review_sheet(items: Sequence[Mapping[str, Any]], *, seed: int, n: int, work: str | None, commit: str | None) -> str:
    """The Markdown review sheet: how the sample was drawn, every item with its sources, the key folded."""
    out = [
        "# 题目盲审样本",
        "",
        f"- 抽样：{len(items)} 道（要求 {n} 道），随机种子 {seed}，按题型 × 生成器分层"
        + (f"，只含文件 {work}" if work else "")
        + (f"；题库版本（commit）{commit}" if commit else ""),
        "- 评审标准：QUESTION_RUBRIC.md（每题取第一条适用的结论：WRONG_KEY, DISTRACTOR_TRUE, AMBIGUOUS,"
        " ILL_FORMED, TRIVIAL, WEAK, GOOD）",
        "",
    ]
    for number, q in enumerate(items, 1):
        out += [f"## {number}. {q['id']} · {TYPE_LABELS.get(q['type'], q['type'])} · 生成器 {q['generator']}", ""]
        out += [q["stem"], ""]
        out += [f"- {LETTERS[k]}. {option}" for k, option in enumerate(q["options"])]
        if q["options"]:
            out.append("")
        for source in q["sources"]:
            out += [f"> 出处：{source['title']} {source['label']}（{source['ref']}）", ">"]
            out += [f"> {line}" if line else ">" for line in str(source["text"]).splitlines()]
            out.append("")
        out += [
            "<details><summary>答案与解析</summary>",
            "",
            f"答案：{(SPELLING_SEPARATOR if q['type'] == CLOZE else '、').join(q['answer'])}",
            "",
            explanation_body(str(q["explanation"])),
            "",
            "</details>",
            "",
        ]
    out += ["## 评审结论", "", "| # | id | 生成器 | 题型 | 结论 | 理由 |", "| --- | --- | --- | --- | --- | --- |"]
    out += [f"| {k} | {q['id']} | {q['generator']} | {q['type']} |  |  |" for k, q in enumerate(items, 1)]
    return "\n".join(out) + "\n"
