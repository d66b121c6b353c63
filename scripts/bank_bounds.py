"""How far the generators could go on a built corpus: the bank's amounts against what the gates would let through.

Issue 14 asks for amounts (≥ 300 单选 and ≥ 100 多选 on the seeds; a 单选 for every rule article of the laws) after
the gates. This script measures the ceiling the generators put on them: every draft every generator makes — the ones
switched off for quality too — put through the gates one by one (``quiz.validate.check``: before the mix and the
duplicate merge, so an upper bound), beside what the bank keeps.

    .venv/bin/python scripts/bank_bounds.py --db sqlite:////tmp/laws/db.sqlite3 [--out bounds.md]

Build the bank first (``policykb build --corpus … --db …``); the laws are laid out for a build from ../shared/laws as
the benchmarks do (never copied into the repository).
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
from collections import Counter
from pathlib import Path

from sqlalchemy.exc import ArgumentError, OperationalError

from kb.db import make_engine, make_sessionmaker
from kb.relations import all_links
from kb.vocab import TOPICS_PATH, parse_topics
from quiz.bank import generate_questions, source_clauses
from quiz.context import family
from quiz.generators import OFF, REGISTRY, all_drafts
from quiz.model import MULTI, SINGLE, make_question
from quiz.validate import check

TYPES = {"single": "单选", "multi": "多选", "judge": "判断", "cloze": "填空"}
RULE_SLOTS = ("modality", "number", "period", "body")  # who must / may / must not; a number, a period, a body


def _article(ref: str) -> str:
    work, rest = ref.split("/", 1)
    return f"{work}/{rest.split('.')[0]}"


def measure(db_url: str) -> str:
    session = make_sessionmaker(make_engine(db_url))()
    # the versions in force today, as the build reads them: an earlier version of a law has no items of its own
    clauses = source_clauses(session, parse_topics(TOPICS_PATH, []), cutoff=dt.date.today())
    links = [(link.source, link.target) for link in all_links(session) if link.kind == "clause"]
    result, ctx = generate_questions(clauses, links)
    kept = Counter(q.type for q in result.kept)
    passing: dict[bool, Counter[str]] = {True: Counter(), False: Counter()}
    reach: dict[bool, set[str]] = {True: set(), False: set()}
    for draft in all_drafts(ctx, set(REGISTRY)):
        q = make_question(draft)
        if check(q, ctx) is not None:
            continue
        on = q.generator not in OFF
        passing[on][q.type] += 1
        if q.type == SINGLE:
            reach[on].update(_article(r) for r in q.refs)
    lines = [
        f"Bank bounds — {db_url} — {dt.date.today().isoformat()}, {platform.machine()} / Python {platform.python_version()}",
        "",
        "| type | kept in the bank | drafts through the gates (generators on) | … (generators off for quality) |",
        "|---|---:|---:|---:|",
    ]
    for t, name in TYPES.items():
        lines.append(f"| {name} | {kept[t]} | {passing[True][t]} | {passing[False][t]} |")
    laws = [
        c
        for c in ctx.clauses
        if family(ctx, c) == "law"
        and c.kind == "clause"
        and c.article
        and c.analysis
        and any(s.kind in RULE_SLOTS for s in c.analysis.slots)
    ]
    if laws:
        rule = {_article(c.ref) for c in laws}
        covered = {_article(r) for q in result.kept if q.type == SINGLE for r in q.refs} & rule
        either = {_article(r) for q in result.kept if q.type in (SINGLE, MULTI) for r in q.refs} & rule
        lines += [
            "",
            "| rule articles of the laws | count |",
            "|---|---:|",
            f"| in all | {len(rule)} |",
            f"| with a 单选 of the bank among their sources | {len(covered)} |",
            f"| with a 单选 or 多选 of the bank | {len(either)} |",
            f"| with a gate-passing 单选 draft of a generator that is on | {len(reach[True] & rule)} |",
            f"| … of any generator, those off for quality too | {len((reach[True] | reach[False]) & rule)} |",
        ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="the built bank's database URL")
    parser.add_argument("--out", type=Path, help="also write the tables to this file")
    args = parser.parse_args()
    try:
        report = measure(args.db)
    except (ArgumentError, OperationalError) as e:
        raise SystemExit(f"错误：无法读取题库 --db {args.db}：{e.__class__.__name__}（请先用 policykb build 建库）") from None
    print(report, end="")
    if args.out:
        args.out.write_text(report, encoding="utf-8")


if __name__ == "__main__":
    main()
