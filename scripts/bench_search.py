"""Benchmark: our clause index against the naive baseline, side by side in one run.

Builds a scaled corpus (default 50,000 clauses) from the real clauses by deterministic variation
(other provinces and cities, shifted numbers, rotated sentences), indexes it twice:

* ours  - kb.index + kb.search (jieba words + aligned pieces, character bigrams with positions, facets);
* naive - jieba's bundled ChineseAnalyzer on one Whoosh TEXT field, queried through QueryParser;

then runs a fixed mix of word, phrase, filtered and plain-language queries and reports build time,
query latency p50/p95 and the ratio ours/naive, plus how exact each is on the phrase queries
(hits compared with a plain substring scan of the same texts).

    .venv/bin/python scripts/bench_search.py [--clauses 50000] [--repeat 5] [--out bench.md]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import kb.models  # noqa: E402,F401  (register tables)
from corpus import DEFAULT_CATALOG, DEFAULT_RAW  # noqa: E402
from kb.build import build_corpus  # noqa: E402
from kb.db import create_tables, make_engine, make_sessionmaker  # noqa: E402
from kb.engine import WorkInfo  # noqa: E402
from kb.index import IndexRecord, Reading, index_records, write_index  # noqa: E402
from kb.query import search_key  # noqa: E402
from kb.search import SearchIndex  # noqa: E402
from kb.vocab import load_vocabulary  # noqa: E402

PROVINCES = ["江苏", "浙江", "山东", "河南", "四川", "湖北", "湖南", "广东", "福建", "安徽", "河北", "江西"]
CITIES = ["赤峰", "包头", "鄂尔多斯", "通辽", "呼伦贝尔", "乌海", "温州", "绵阳", "洛阳", "襄阳", "赣州", "保定"]
LEVELS = ["central", "provincial", "municipal"]

WORD = ["培训", "借调", "社区工作者", "薪酬待遇", "岗位等级", "民政"]
PHRASE = ['"每3年轮训1次"', '"18人"', '"市地级或县级"', '"不得借调社区工作者"', '"三岗十八级"', '"连续旷工"']
FILTERED = ["培训 level:省", "借调 region:浙江", "考核 year:2021", "薪酬 -补贴 level:市"]
QUESTIONS = ["社区书记多久培训一次", "社区工作者可以被借调吗", "旷工多少天会被辞退", "社区工作者工资怎么定"]
MIX = (
    [("word", q) for q in WORD]
    + [("phrase", q) for q in PHRASE]
    + [("filtered", q) for q in FILTERED]
    + [("question", q) for q in QUESTIONS]
)


def real_records(tmp: Path) -> tuple[list[IndexRecord], list[WorkInfo]]:
    engine = make_engine(f"sqlite:///{tmp / 'bench.sqlite3'}")
    create_tables(engine)
    with make_sessionmaker(engine)() as session:
        build_corpus(session, DEFAULT_RAW, DEFAULT_CATALOG, now=dt.datetime.now(dt.UTC))
        session.commit()
        records, works = index_records(session)
    engine.dispose()
    return records, works


def vary(text: str, k: int) -> str:
    """A deterministic variation of a clause text: places renamed, numbers shifted, sentences rotated."""
    text = text.replace("江苏", PROVINCES[k % len(PROVINCES)]).replace("赤峰", CITIES[k % len(CITIES)])
    if k % 3:
        text = re.sub(r"\d+", lambda m: str(int(m.group()) + k % 3), text)
    sentences = [s for s in re.split(r"(?<=。)", text) if s]
    if len(sentences) > 2:
        r = k % len(sentences)
        sentences = sentences[:1] + sentences[1:][r:] + sentences[1:][:r]  # keep the lead sentence first
    return "".join(sentences)


def scaled(records: list[IndexRecord], n: int) -> tuple[list[IndexRecord], list[WorkInfo]]:
    out: list[IndexRecord] = []
    works: dict[str, WorkInfo] = {}
    k = 0
    while len(out) < n:
        for r in records:
            if len(out) >= n:
                break
            slug = f"{r.work}-v{k}"
            level = r.level if k == 0 else LEVELS[(k + len(r.work)) % 3]
            region = "全国" if level == "central" else (PROVINCES if level == "provincial" else CITIES)[k % 12]
            year = str(2018 + (k % 8))
            works.setdefault(slug, WorkInfo(slug, f"{region}{r.work}（第{k}版）", level, region, year))
            readings = tuple(Reading(x.witness, x.label, vary(x.text, k), x.is_base) for x in r.readings)
            out.append(
                IndexRecord(
                    f"{slug}/{r.path}",
                    slug,
                    r.path,
                    r.label,
                    r.heading,
                    r.kind,
                    level,
                    region,
                    year,
                    readings,
                    r.context,
                    r.terms,
                )
            )
        k += 1
    return out, list(works.values())


def build_naive(records: list[IndexRecord], path: Path) -> Callable[[str], tuple[int, list[str]]]:
    from jieba.analyse import ChineseAnalyzer
    from whoosh import index
    from whoosh.fields import ID, TEXT, Schema
    from whoosh.qparser import QueryParser

    path.mkdir()
    ix = index.create_in(str(path), Schema(ref=ID(stored=True), content=TEXT(analyzer=ChineseAnalyzer())))
    writer = ix.writer(limitmb=256)
    for r in records:
        writer.add_document(ref=r.ref, content=r.readings[0].text)
    writer.commit()
    searcher = ix.searcher()
    parser = QueryParser("content", ix.schema)

    def search(q: str) -> tuple[int, list[str]]:
        text = " ".join(t for t in q.split() if ":" not in t)  # it has no filter fields
        results = searcher.search(parser.parse(text), limit=20)
        return len(results), [hit["ref"] for hit in results]

    return search


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--clauses", type=int, default=50_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="policykb-bench-"))
    try:
        print("读取真实条款……", file=sys.stderr)
        base, _ = real_records(tmp)
        records, works = scaled(base, args.clauses)
        chars = sum(len(x.text) for r in records for x in r.readings)
        print(f"扩展语料：{len(records)} 个条款，{chars} 字", file=sys.stderr)
        vocab = load_vocabulary()

        t0 = time.perf_counter()
        info = write_index(
            records,
            works,
            tmp / "ours",
            version="bench",
            vocab=vocab,
            now=dt.datetime.now(dt.UTC),
            progress=lambda d, t: print(f"  ours {d}/{t}", file=sys.stderr) if d % 10000 == 0 else None,
        )
        build_ours = time.perf_counter() - t0
        print(f"ours built in {build_ours:.1f}s", file=sys.stderr)

        t0 = time.perf_counter()
        naive = build_naive(records, tmp / "naive")
        build_naive_s = time.perf_counter() - t0
        print(f"naive built in {build_naive_s:.1f}s", file=sys.stderr)

        ours_index = SearchIndex(info.path, vocab, recent_results=0)  # time the engine, not the memory of results

        def ours(q: str) -> tuple[int, list[str]]:
            result = ours_index.search(q, per_page=20)
            return result.total, [h.ref for h in result.hits]

        # warm up both (open files, load jieba, fill caches) before timing
        for _, q in MIX:
            ours(q)
            naive(q)
        lat: dict[str, dict[str, list[float]]] = {"ours": {}, "naive": {}}
        for _ in range(args.repeat):
            for kind, q in MIX:  # interleaved, so machine noise hits both alike
                for name, fn in (("ours", ours), ("naive", naive)):
                    t0 = time.perf_counter()
                    fn(q)
                    lat[name].setdefault(kind, []).append((time.perf_counter() - t0) * 1000)

        exact: dict[str, list[str]] = {"ours": [], "naive": []}
        keys = [" ".join(search_key(x.text) for x in r.readings) for r in records]
        for _, q in [m for m in MIX if m[0] == "phrase"]:
            truth = sum(1 for k in keys if search_key(q.strip('"')) in k)
            for name, fn in (("ours", ours), ("naive", naive)):
                exact[name].append(f"{fn(q)[0]}/{truth}")

        def size(p: Path) -> float:
            return sum(f.stat().st_size for f in p.rglob("*") if f.is_file()) / 1e6

        machine = f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
        size_o, size_n = size(tmp / "ours"), size(tmp / "naive")
        lines = [
            f"Search benchmark — {dt.date.today().isoformat()}, {machine}, {len(records)} clauses "
            f"({chars / 1e6:.1f} M characters), {len(MIX)} queries × {args.repeat} runs, interleaved.",
            "",
            "| measure | ours | naive (ChineseAnalyzer) | ours / naive |",
            "| --- | ---: | ---: | ---: |",
            f"| index build (s) | {build_ours:.1f} | {build_naive_s:.1f} | {build_ours / build_naive_s:.2f} |",
            f"| index size (MB) | {size_o:.0f} | {size_n:.0f} | {size_o / size_n:.2f} |",
        ]
        all_o = [v for vs in lat["ours"].values() for v in vs]
        all_n = [v for vs in lat["naive"].values() for v in vs]
        for label, o, n in [("all queries", all_o, all_n)] + [(k, lat["ours"][k], lat["naive"][k]) for k in lat["ours"]]:
            for p in (50, 95):
                po, pn = percentile(o, p), percentile(n, p)
                lines.append(f"| {label} p{p} (ms) | {po:.1f} | {pn:.1f} | {po / pn:.2f} |")
        lines.append(f"| phrase hits / true matches | {', '.join(exact['ours'])} | {', '.join(exact['naive'])} | |")
        report = "\n".join(lines)
        print(report)
        if args.out:
            args.out.write_text(report + "\n", encoding="utf-8")
        ours_index.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
