"""The ``policykb`` command line: a thin shell over the services, one session per command."""

from __future__ import annotations

import functools
import json
import random
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import click
from flask import current_app
from flask.cli import ScriptInfo, with_appcontext

from corpus.errors import DomainError

if TYPE_CHECKING:
    from flask import Flask
    from sqlalchemy.orm import Session

    from quiz.models import User
    from quiz.rebuild import BuildReport, BuildSources

# `policykb --help` and the start of every command import only click, Flask's CLI helpers and the
# error tree: each command imports the services it uses when it runs (see scripts/bench_cli.py).


class LazyChoice(click.Choice):  # type: ignore[type-arg]
    """A choice whose values are read from the module that owns them only when a command runs or shows its help."""

    def __init__(self, load: Callable[[], Iterable[str]]) -> None:
        self._load = load
        self._values: tuple[str, ...] | None = None
        super().__init__(())

    @property  # type: ignore[override]
    def choices(self) -> Sequence[str]:
        if self._values is None:
            self._values = tuple(self._load())
        return self._values

    @choices.setter
    def choices(self, _: Sequence[str]) -> None:  # click's __init__ sets it; the loader decides
        pass


def _question_formats() -> Iterable[str]:
    from quiz.export import FORMATS

    return FORMATS


def _modes() -> Iterable[str]:
    from quiz.practice import MODES

    return MODES


def _roles() -> Iterable[str]:
    from quiz.accounts import ROLES

    return ROLES


class CommandFailed(click.ClickException):
    """A domain error reported the CLI's way: ``错误：…`` on standard error, exit code 1."""

    def format_message(self) -> str:
        return self.message

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"错误：{self.format_message()}", err=True, file=file)


# ---- the `policykb` command in Chinese --------------------------------------------------------------

_HEADINGS = {"Options": "选项", "Commands": "命令", "Arguments": "参数"}
_HELP_TEXTS = {"Show this message and exit.": "显示本帮助并退出。"}


class ChineseFormatter(click.HelpFormatter):
    """Help pages with Chinese headings: 用法、选项、命令."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, prefix="用法：")

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{_HEADINGS.get(heading, heading)}：\n")

    def write_dl(self, rows: Iterable[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        super().write_dl([(term, _HELP_TEXTS.get(text, text)) for term, text in rows], col_max, col_spacing)


class ChineseContext(click.Context):
    """A command's context whose help pages use ChineseFormatter."""

    formatter_class = ChineseFormatter


def usage_message(exc: click.UsageError) -> str:
    """What was wrong with the command line, in Chinese (click's own message where it has no better one)."""
    ctx = exc.ctx
    if isinstance(exc, click.NoSuchOption):
        maybe = f"（是不是：{'、'.join(exc.possibilities)}）" if exc.possibilities else ""
        return f"没有这个选项：{exc.option_name}{maybe}"
    if isinstance(exc, click.MissingParameter) and exc.param is not None:
        kind = "参数" if isinstance(exc.param, click.Argument) else "选项"
        return f"缺少{kind} {exc.param.get_error_hint(ctx) if ctx else exc.param.name}"
    if isinstance(exc, click.BadParameter) and exc.param is not None:
        hint = exc.param.get_error_hint(ctx) if ctx else exc.param.name
        if isinstance(exc.param.type, click.Choice):
            return f"{hint} 的值不对：应为 {'、'.join(map(str, exc.param.type.choices))} 之一"
        if isinstance(exc.param.type, click.IntRange):
            return f"{hint} 的值不对：应为 {exc.param.type.min} 到 {exc.param.type.max} 之间的整数"
        if isinstance(exc.param.type, click.types.IntParamType):
            return f"{hint} 的值不对：应为整数"
        return f"{hint} 的值不对：{exc.message}"
    return exc.message


class ChineseGroup(click.Group):
    """A command group that names an unknown command in Chinese."""

    context_class = ChineseContext

    def resolve_command(self, ctx: click.Context, args: list[str]) -> tuple[str | None, click.Command | None, list[str]]:
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None:
            ctx.fail(f"没有这个命令：{name}（可用的命令：{'、'.join(self.list_commands(ctx))}）")
        return super().resolve_command(ctx, args)


@contextmanager
def _session(db_url: str | None) -> Iterator[Session]:
    """The app's session, or one on another database when --db is given."""
    from kb.db import make_engine, make_sessionmaker
    from web.db import get_session
    from web.migrate import upgrade_database

    if not db_url:
        yield get_session()
        return
    engine = make_engine(db_url)
    upgrade_database(engine)
    session = make_sessionmaker(engine)()
    try:
        yield session
    finally:
        session.close()
        engine.dispose()


def _paths(corpus_dir: Path | None) -> tuple[Path, Path]:
    raw = corpus_dir or Path(current_app.config["CORPUS_DIR"])
    catalog = raw.parent / "catalog.toml" if corpus_dir else Path(current_app.config["CATALOG_PATH"])
    return raw, catalog


def build_sources(raw: Path, catalog: Path) -> BuildSources:
    """The build's inputs: the corpus folder and catalog, and the vocabulary and topics the pages use too."""
    from quiz.rebuild import BuildSources
    from web.settings import exam_cutoff

    vocab = current_app.extensions["policykb.search"].vocab
    lexicons = current_app.extensions["policykb.lexicons"]
    cutoff = exam_cutoff(current_app.config.get("EXAM_CUTOFF"))
    return BuildSources(raw, catalog, vocab, Path(current_app.config["TOPICS_PATH"]), lexicons, cutoff)


def run_build(session: Session, raw: Path, catalog: Path, echo: Any = click.echo) -> dict[str, Any]:
    """Build the corpus and the bank in one transaction, commit, and print the summary."""
    from quiz.rebuild import rebuild
    from web.clock import now

    echo(f"正在读取语料目录 {raw} …")
    try:
        report = rebuild(session, build_sources(raw, catalog), now=now(), stage=lambda s: _echo_stage(s, echo))
        session.commit()
    except BaseException:
        session.rollback()
        raise
    _echo_report(report, echo)
    return report.corpus.summary


STAGE_NAMES = {
    "reading": "读取文件",
    "structure": "解析结构",
    "links": "对校、关联与数字规定",
    "questions": "生成题库",
    "index": "检索索引",
}


def _echo_stage(stage: str, echo: Any) -> None:
    """A stage line on a terminal (quiet when stdout is piped or captured)."""
    if sys.stdout.isatty():
        n = list(STAGE_NAMES).index(stage) + 1
        echo(f"[{n}/{len(STAGE_NAMES)}] {STAGE_NAMES[stage]} …")


UNLINKED_SHOWN = 10  # a corpus of laws pairs hundreds of works: name a few unlinked pairs, count the rest


def _echo_report(report: BuildReport, echo: Any) -> None:
    from corpus.model import level_label

    build, rel = report.corpus, report.relations
    s = build.summary
    echo(
        f"完成：{s['files_ok']}/{s['files']} 个文件，{s['works']} 件文件（works），{s['witnesses']} 个版本，"
        f"{s['clauses']} 个条款。"
    )
    for work in build.works:
        wit = "、".join(f"{w.slug}{'（底本）' if w.is_base else ''}" for w in work.witnesses)
        level = level_label(work.level)
        echo(f"  {work.slug:24} {level}  {len(work.base.clauses):3} 条  版本：{wit}  {work.title}")
    if s["excluded_blocks"]:
        echo(f"排除正文之外的其他内容 {s['excluded_blocks']} 块（{s['excluded_paragraphs']} 段）。")
    if s["files_skipped"]:
        echo(f"跳过 {len(s['files_skipped'])} 个文件：{'、'.join(s['files_skipped'])}")
    if rel:
        echo(
            f"版本对校：{rel['wording']} 处措辞异文、{rel['punctuation']} 处标点异文；"
            f"关联条款 {rel['links']} 对，文件引用 {rel['citations']} 处；数字规定 {rel['facts']} 条。"
        )
        apart = [p for p in rel.get("work_pairs", []) if not p["linked"]]
        for pair in apart[:UNLINKED_SHOWN]:
            echo(f"  未关联 {pair['a']} ↔ {pair['b']}：主题不同，也没有足够相近的条款（整体相似度 {pair['similarity']}）")
        if len(apart) > UNLINKED_SHOWN:
            echo(f"  另有 {len(apart) - UNLINKED_SHOWN} 对文件未关联（policykb export links 可查已关联的条款）")
    _echo_bank(report.bank, echo)
    for warning in report.warnings:
        echo(f"警告：{warning}", err=True)


TYPE_NAMES = {"single": "单选", "multi": "多选", "judge": "判断", "cloze": "填空"}


def _echo_bank(bank: dict[str, Any], echo: Any) -> None:
    from corpus.model import level_label

    types = "，".join(f"{TYPE_NAMES[t]} {n}" for t, n in bank["by_type"].items())
    echo(f"题库：{bank['total']} 道（{types}）；人工修改 {bank.get('edited', 0)} 道。")
    echo("  按文件：" + "，".join(f"{w} {n}" for w, n in bank["by_work"].items()))
    echo("  按生成器：" + "，".join(f"{g} {n}" for g, n in bank["by_generator"].items() if n))
    labels = bank["dropped_labels"]
    for name, g in bank.get("generators", {}).items():
        if g["off"]:
            echo(f"  生成器 {name}：已关闭（未达到质量标准）")
            continue
        drops = "，".join(f"{labels[r]} {n}" for r, n in g["dropped"].items())
        echo(f"  生成器 {name}：生成 {g['made']}，保留 {g['kept']}" + (f"；舍弃：{drops}" if drops else ""))
    if bank["dropped"]:
        echo("  未通过校验或配比而舍弃：" + "，".join(f"{labels[r]} {n}" for r, n in bank["dropped"].items()))
    if bank.get("share_by_type"):
        echo("  题型占比：" + "，".join(f"{TYPE_NAMES[t]} {v:.0%}" for t, v in bank["share_by_type"].items()))
        echo("  层级占比：" + "，".join(f"{level_label(lv)} {v:.0%}" for lv, v in bank["share_by_level"].items()))
    for work, cov in bank["coverage"].items():
        under = "、".join(u["ref"].split("/")[-1] for u in cov["under"])
        echo(f"  覆盖 {work}：{cov['covered']}/{cov['clauses']} 个条款至少 2 道题" + (f"（不足：{under}）" if under else ""))


@click.command("build")
@click.option("--corpus", "corpus_dir", type=click.Path(file_okay=False, path_type=Path), help="语料目录（默认 corpus/raw）")
@click.option("--db", "db_url", help="数据库 URL（默认实例目录下的 SQLite）")
@click.option(
    "--index", "index_dir", type=click.Path(file_okay=False, path_type=Path), help="检索索引目录（默认实例目录下的 index）"
)
@with_appcontext
def build_command(corpus_dir: Path | None, db_url: str | None, index_dir: Path | None) -> None:
    """导入语料并重建检索索引：解析每个源文件，写入文件、版本和条款；出错时保留原有数据。"""
    raw, catalog = _paths(corpus_dir)
    with _session(db_url) as session:
        run_build(session, raw, catalog)
        run_index(session, index_dir)


def run_index(session: Session, index_dir: Path | None, echo: Any = click.echo, *, only_if_stale: bool = False) -> None:
    """Build the search index for the stored corpus into a new folder and swap it in (when asked: only if missing or stale)."""
    from kb.engine import IndexHolder, index_is_current
    from kb.index import build_index
    from web.clock import now

    holder: IndexHolder = current_app.extensions["policykb.search"]
    root = index_dir or holder.root
    if only_if_stale and index_is_current(session, root, holder.userdict):
        return
    _echo_stage("index", echo)
    echo(f"正在建立检索索引 {root} …")
    info = build_index(
        session,
        root,
        vocab=holder.vocab,
        now=now(),
        userdict=holder.userdict,
        progress=lambda done, total: echo(f"  已索引 {done}/{total}"),
    )
    echo(f"检索索引已更新：{info.documents} 个条款位置，语料术语 {info.terms} 个（版本 {info.version}）。")
    for warning in holder.vocab.warnings:
        echo(f"警告：{warning}", err=True)


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="监听地址")
@click.option("--port", default=5000, show_default=True, type=int, help="端口")
@click.option("--no-build", is_flag=True, help="不检查语料是否需要重新导入")
@click.option("--production", is_flag=True, help="生产部署：gunicorn 多进程（Linux/macOS），进程数见 POLICYKB_SERVE_WORKERS")
@click.option("--workers", type=int, help="工作进程数（只用于 --production；默认取设置 SERVE_WORKERS）")
@click.option("--threads", type=int, help="每个进程的线程数（默认取设置 SERVE_THREADS）")
@with_appcontext
def serve_command(host: str, port: int, no_build: bool, production: bool, workers: int | None, threads: int | None) -> None:
    """启动网页服务；语料有变化（或从未导入）时先自动导入。--production 用 gunicorn 多进程。"""
    from kb.build import is_stale
    from web import server
    from web.db import close_session, get_session

    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    if workers is not None and not production:
        raise click.UsageError("--workers 只用于 --production（waitress 是单进程）")
    options = server.server_options(app.config, workers=workers if production else None, threads=threads)
    raw, catalog = _paths(None)
    if not no_build:
        session = get_session()
        if is_stale(session, raw, catalog):
            click.echo("语料尚未导入或已有变化，正在导入……")
            run_build(session, raw, catalog)
        run_index(session, None, only_if_stale=True)  # requests never build one, nor does any worker
    server.warm_up(app, get_session())
    close_session()
    ready = f"政策题库已启动：http://{host}:{port}/  （按 Ctrl+C 停止）"
    if production:
        click.echo(f"生产模式：gunicorn {options.workers} 个工作进程 × {options.threads} 线程")
        server.run_gunicorn(app, host, port, options, ready=ready)
        return
    click.echo(ready)
    server.run_waitress(app, host, port, options)


@click.command("show")
@click.argument("ref")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON")
@with_appcontext
def show_command(ref: str, as_json: bool) -> None:
    """在终端显示一个条款（REF 形如 shequ-yijian-2024/2.3）。"""
    from kb import store
    from kb.views import clause_dict, clause_label, full_title
    from web.db import get_session

    session = get_session()
    clause = store.get_clause(session, ref)
    ctx = store.clause_context(session, clause)
    if as_json:
        click.echo(json.dumps(clause_dict(clause), ensure_ascii=False, indent=2))
        return
    color = sys.stdout.isatty()
    click.echo(click.style(full_title(clause.work), bold=True, fg="red") if color else full_title(clause.work))
    trail = " › ".join(clause_label(a) for a in ctx.ancestors)
    if trail:
        click.echo(trail)
    click.echo(click.style(f"{clause.number or ''} {clause.heading or ''}".strip(), bold=True))
    click.echo(_emphasised(clause.text, clause.emphasis or [], color))
    if clause.table:
        cols = clause.table["columns"]
        click.echo(" | ".join(cols))
        for row in clause.table["rows"]:
            click.echo(" | ".join(cell or "—" for cell in row))
    for role, names in (clause.extras or {}).get("departments", {}).items():
        click.echo(f"{role}：{'、'.join(names)}")
    for child in ctx.children:
        click.echo(f"  · {clause_label(child)}  ({child.ref})")
    click.echo(f"出处：{clause.witness.source} 字符 {clause.span_start}–{clause.span_end}  引用号 {clause.ref}")


@click.command("analyse")
@click.argument("ref")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON")
@with_appcontext
def analyse_command(ref: str, as_json: bool) -> None:
    """显示一个条款的分析：句子、词和词性、槽位（数字、期限、主体、层级、情态、人员、术语）、列举结构。"""
    from kb.analysis import SLOT_LABELS
    from kb.readmodels import analyse_ref
    from web.db import get_session

    data = analyse_ref(
        get_session(),
        ref,
        vocab=current_app.extensions["policykb.search"].vocab,
        lexicons=current_app.extensions["policykb.lexicons"],
    )
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    a = data["analysis"]
    click.echo(f"{data['work']['title']} · {data['clause']['label']}（{a['ref']}）")
    click.echo("句子：")
    for i, s in enumerate(a["sentences"], start=1):
        click.echo(f"  {i}. {s['text']}")
    click.echo("词：" + " ".join(f"{w}/{tag}" for w, tag, _, _ in a["words"] if tag != "x" or w.strip("，。；：、（）“”")))
    click.echo("槽位：" if a["slots"] else "槽位：无")
    for s in a["slots"]:
        click.echo(f"  {SLOT_LABELS[s['kind']]}  {s['text']}" + _slot_detail(s))
    click.echo("列举：" if a["lists"] else "列举：无")
    for lst in a["lists"]:
        lead = lst["lead_in"]["text"] if lst["lead_in"] else "—"
        tail = lst["tail"]["text"] if lst["tail"] else "—"
        items = " ／ ".join(i["text"] for i in lst["items"])
        shared = "、".join(f"{k} {lst[f]}" for k, f in (("共同开头", "shared_prefix"), ("共同结尾", "shared_suffix")) if lst[f])
        click.echo(f"  [{lst['separator']}] {lead} | {items} | {tail}" + (f"（{shared}）" if shared else ""))
    for warning in data["lexicon_warnings"]:
        click.echo(f"警告：{warning}", err=True)


def _slot_detail(slot: dict[str, Any]) -> str:
    from kb.facts import format_number

    parts = []
    if slot["kind"] in ("number", "period") and slot["value"] is not None:
        parts.append(f"{slot['comparison'] or ''} {format_number(slot['value'])} {slot['unit'] or ''}".strip())
        if slot["per"]:
            parts.append(f"每{slot['per']}")
    elif slot["value"] not in (None, slot["text"]):
        parts.append(f"= {slot['value']}")
    if slot["level"]:
        parts.append(f"层级 {slot['level']}")
    if slot["alternatives"]:
        parts.append("可替换：" + "、".join(slot["alternatives"][:6]))
    return "  （" + "；".join(parts) + "）" if parts else ""


def _emphasised(text: str, emphasis: list[Any], color: bool) -> str:
    if not color:
        return text
    out, last = [], 0
    for start, end in sorted((int(a), int(b)) for a, b in emphasis):
        out.append(text[last:start])
        out.append(click.style(text[start:end], bold=True, underline=True))
        last = end
    out.append(text[last:])
    return "".join(out)


@click.command("search")
@click.argument("query", nargs=-1, required=True)
@click.option("--limit", "-n", default=10, show_default=True, type=click.IntRange(1, 100), help="最多显示多少条")
@click.option("--page", default=1, show_default=True, type=click.IntRange(1, 10_000), help="第几页")
@click.option("--work", multiple=True, help="只查这件文件（slug 或标题中的词，可重复）")
@click.option("--level", multiple=True, help="只查这一层级：中央、省、市、汇编（可重复）")
@click.option("--region", multiple=True, help="只查这一地区，如 江苏")
@click.option("--year", multiple=True, help="只查这一年的文件，如 2024")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON")
@with_appcontext
def search_command(
    query: tuple[str, ...],
    limit: int,
    page: int,
    work: tuple[str, ...],
    level: tuple[str, ...],
    region: tuple[str, ...],
    year: tuple[str, ...],
    as_json: bool,
) -> None:
    """检索条款。QUERY 可以是词语、问句、"精确短语"、-排除词，以及 level:省 region:江苏 work:… year:… 筛选。"""
    from corpus.model import level_label
    from kb.engine import STATE_NOTICES, search_dict
    from web.db import get_session

    session = get_session()
    text = " ".join(query)
    filters = {"work": work, "region": region, "year": year, "level": level}
    # option values go through the same parser as the query box, so 省 and provincial both work
    extra = " ".join(f"{k}:{v}" for k, vs in filters.items() for v in vs if " " not in v)
    index, state = current_app.extensions["policykb.search"].get(session)
    if index is None:
        raise CommandFailed(STATE_NOTICES["missing"])
    if state == "stale":
        click.echo(f"提示：{STATE_NOTICES['stale']}", err=True)
    result = index.search(f"{text} {extra}".strip(), page=page, per_page=limit)
    if as_json:
        click.echo(json.dumps(search_dict(result), ensure_ascii=False, indent=2))
        return
    color = sys.stdout.isatty()
    for notice in result.notices:
        click.echo(f"提示：{notice}", err=True)
    if not result.hits:
        click.echo("没有找到符合条件的条款。")
        for suggestion in result.suggestions:
            click.echo(f"  · {suggestion}")
        return
    first = (result.page - 1) * result.per_page + 1
    click.echo(
        f"共 {result.total} 条{'（部分匹配）' if result.partial else ''}，显示第 {first}–{first + len(result.hits) - 1} 条："
    )
    for i, hit in enumerate(result.hits, start=first):
        level_name = level_label(hit.level)
        head = f"{i}. [{level_name}] {hit.work_title} · {hit.label}"
        click.echo(click.style(head, bold=True) if color else head)
        click.echo("   " + _emphasised(hit.snippet, [list(h) for h in hit.highlights], color))
        click.echo(f"   {hit.witness_ref}")


@click.command("diff")
@click.argument("a")
@click.argument("b", required=False)
@click.option("--witness", "-w", "witnesses", multiple=True, help="版本（可给一到两次）：A 为文件或条款时，比较这些版本")
@click.option("--kind", type=click.Choice(["wording", "punctuation"]), help="只看这一类改动")
@click.option("--all", "show_all", is_flag=True, help="也列出没有改动的条款")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON")
@with_appcontext
def diff_command(a: str, b: str | None, witnesses: tuple[str, ...], kind: str | None, show_all: bool, as_json: bool) -> None:
    """比较两件文件、两个版本或两个条款：A B 可写 文件、文件@版本 或 条款引用号。

    只给 A 和 --witness：比较 A 的底本与该版本（给两次则比较这两个版本）。
    例：policykb diff shequ-yijian-2024 --witness newspaper；policykb diff shequ-yijian-2024/3.8 jiangsu-cuoshi-2024/3.6
    """
    from kb.readmodels import STATUS_LABELS, diff_view
    from web.db import get_session

    if b is None:
        if not witnesses:
            raise click.UsageError("请给出 B，或用 --witness 指定要比较的版本")
        if len(witnesses) > 2:
            raise click.UsageError("--witness 最多给两次")
        base, _, _ = a.partition("@")
        if len(witnesses) == 1:
            a, b = base, _with_witness(base, witnesses[0])
        else:
            a, b = _with_witness(base, witnesses[0]), _with_witness(base, witnesses[1])
    vocab = current_app.extensions["policykb.search"].vocab
    data = diff_view(get_session(), a, b, vocab=vocab, only_changes=not show_all, kind=kind)
    if as_json:
        for pair in data["pairs"]:
            for key in ("a_html", "b_html", "a_body"):
                pair.pop(key, None)
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    color = sys.stdout.isatty()
    s = data["summary"]
    click.echo(f"{data['a_label']} → {data['b_label']}")
    click.echo(
        f"改动 {s['changed']} 条，条号变动 {s['renumbered']} 条，移动 {s['moved']} 条，新增 {s['added']} 条，"
        f"删除 {s['removed']} 条，相同 {s['same']} 条；"
        f"措辞 {s['wording']} 处，标点 {s['punctuation']} 处。"
    )
    for pair in data["pairs"]:
        label = STATUS_LABELS[pair["status"]]
        where = pair["a_ref"] or pair["b_ref"]
        if pair["a_path"] and pair["b_path"] and pair["a_path"] != pair["b_path"]:
            where = f"{where} → {pair['b_ref']}"
        click.echo(click.style(f"[{label}] {where}", bold=True) if color else f"[{label}] {where}")
        if pair["status"] in ("added", "removed", "renumbered"):
            continue
        click.echo("  " + _redline(pair["a_body"], pair["changes"], color))


def _with_witness(base: str, witness: str) -> str:
    """``work`` + witness → ``work@witness``; a clause ref takes the same suffix its copies' refs have."""
    return f"{base}@{witness}"


def _redline(text: str, changes: list[dict[str, Any]], color: bool) -> str:
    """A text with its changes inline: [-deleted-]{+inserted+}, coloured on a terminal."""
    if not text:
        return "；".join(f"[-{c['a_text']}-]{{+{c['b_text']}+}}" for c in changes)
    out, last = [], 0
    for c in sorted(changes, key=lambda c: c["a_span"][0]):
        a, b = c["a_span"]
        out.append(text[last:a])
        old, new = c["a_text"], c["b_text"]
        if color:
            out.append((click.style(old, fg="red", strikethrough=True) if old else "") + click.style(new, fg="green"))
        else:
            out.append((f"[-{old}-]" if old else "") + (f"{{+{new}+}}" if new else ""))
        last = b
    out.append(text[last:])
    return "".join(out)


EXPORTS = ("works", "clauses", "links", "variants", "facts", "questions")


@click.group("questions", cls=ChineseGroup)
def questions_group() -> None:
    """题库：抽取盲审样本。"""


def _git_commit() -> str | None:
    """The commit of the working tree the command runs from, when it is a git checkout."""
    try:
        done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, timeout=5, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() or None if done.returncode == 0 else None


@questions_group.command("sample")
@click.option("--n", "n", default=100, show_default=True, type=click.IntRange(1, 5000), help="抽多少道题")
@click.option("--seed", required=True, type=int, help="随机种子（写进样本，别人可以重抽同一份）")
@click.option("--work", help="只抽这件文件的题目（slug）")
@click.option(
    "--format", "fmt", type=click.Choice(["md", "jsonl"]), default="md", show_default=True, help="md 为评审表，jsonl 每行一题"
)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="写入文件（默认标准输出）")
@with_appcontext
def questions_sample_command(n: int, seed: int, work: str | None, fmt: str, output: Path | None) -> None:
    """按题型 × 生成器分层随机抽题，写成盲审评审表（出处全文，答案折叠）。"""
    from quiz.sample import review_sample, review_sheet
    from web.db import get_session

    items = review_sample(get_session(), n=n, seed=seed, work=work)
    if fmt == "md":
        text = review_sheet(items, seed=seed, n=n, work=work, commit=_git_commit())
    else:
        text = "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in items)
    if output is None:
        click.echo(text, nl=False)
        return
    _write_whole(output, text.encode("utf-8"))
    click.echo(f"已写入 {output}：{len(items)} 道题。", err=True)


@click.command("export")
@click.argument("kind", type=click.Choice(EXPORTS))
@click.option(
    "--format",
    "fmt",
    type=LazyChoice(_question_formats),
    default="jsonl",
    show_default=True,
    help="输出格式；xlsx/docx/moodle/gift/apkg 只用于 questions，且需要 -o",
)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="写入文件（默认标准输出）")
@click.option("--work", help="只导出这件文件的题目（slug）")
@click.option("--type", "qtype", type=click.Choice(["single", "multi", "judge", "cloze"]), multiple=True, help="题型，可重复")
@click.option("--tag", multiple=True, help="标签（文件 slug、章节标题或专题），可重复，全部满足")
@click.option("--paper", "paper_seed", type=int, help="导出这个组卷号抽出的一套真题格式试卷（60 道单选 + 20 道多选）")
@click.option("--paper-id", type=int, help="导出培训师保存的这套固定试卷")
@click.option("--title", help="试卷或牌组的标题（默认：试卷自己的标题，或题库的默认标题）")
@with_appcontext
def export_command(
    kind: str,
    fmt: str,
    output: Path | None,
    work: str | None,
    qtype: tuple[str, ...],
    tag: tuple[str, ...],
    paper_seed: int | None,
    paper_id: int | None,
    title: str | None,
) -> None:
    """导出数据。jsonl 每行一个 JSON 对象（UTF-8），字段见 README；

    题目还可导出为 Excel、Word 试卷（另附答案）、Moodle XML、GIFT、Anki 牌组；
    --paper / --paper-id 导出一整套试卷，不加则导出筛选出的题目。
    """
    from kb import relations, store
    from kb.views import clause_dict, fact_dict, link_dict, variant_dict, work_record
    from web.db import get_session

    session = get_session()
    if kind == "questions":
        filters = {"work": work, "types": qtype, "tags": tag}
        _export_questions(session, fmt, output, filters, paper_seed=paper_seed, paper_id=paper_id, title=title)
        return
    if paper_seed is not None or paper_id is not None:
        raise CommandFailed("--paper / --paper-id 只用于 questions")
    if fmt != "jsonl":
        raise CommandFailed(f"{kind} 只能导出为 jsonl")
    records: Iterator[dict[str, Any]]
    if kind == "links":
        records = (link_dict(x) for x in relations.all_links(session))
    elif kind == "variants":
        records = (variant_dict(x) for x in relations.all_variants(session))
    elif kind == "facts":
        records = (fact_dict(x) for x in relations.all_facts(session))
    elif kind == "works":
        records = (work_record(w) for w in store.list_works(session))
    else:
        records = (clause_dict(c) for c in store.iter_clauses(session))
    rows = (json.dumps(r, ensure_ascii=False) for r in records)
    if output is None:
        for line in rows:
            click.echo(line)
        return
    lines = [line + "\n" for line in rows]
    _write_whole(output, "".join(lines).encode("utf-8"))
    click.echo(f"已导出 {len(lines)} 条到 {output}", err=True)


def _write_whole(target: Path, data: bytes) -> None:
    """Write a file whole or not at all: a reader never sees a half-written export."""
    tmp = target.with_name(target.name + ".part")
    tmp.write_bytes(data)
    tmp.replace(target)


def _export_questions(
    session: Session,
    fmt: str,
    output: Path | None,
    filters: dict[str, Any],
    *,
    paper_seed: int | None,
    paper_id: int | None,
    title: str | None,
) -> None:
    from quiz.export import DEFAULT_TITLE, export_files, select_paper
    from quiz.review import select_questions
    from web.clock import now

    if fmt != "jsonl" and output is None:
        raise CommandFailed(f"{fmt} 是二进制或多文件格式，请用 -o 指定输出文件")
    if paper_seed is not None and paper_id is not None:
        raise CommandFailed("--paper 和 --paper-id 只能选一个")
    if paper_seed is not None or paper_id is not None:
        if any(filters.values()):
            raise CommandFailed("导出整套试卷时不能再按文件、题型或标签筛选")
        questions, paper_title = select_paper(session, seed=paper_seed, paper_id=paper_id)
    else:
        questions, paper_title = select_questions(session, **filters), DEFAULT_TITLE
    if not questions:
        raise CommandFailed("没有符合条件的题目（题库为空时先运行 policykb build）")
    files = export_files(session, questions, fmt, title=title or paper_title, now=now())
    if output is None:
        click.echo(files[0][1].decode("utf-8"), nl=False)
        return
    for suffix, data in files:
        target = output.with_name(output.stem + suffix + output.suffix) if suffix else output
        _write_whole(target, data)
        click.echo(f"已导出 {len(questions)} 道题到 {target}", err=True)


def _drill_user(session: Session, username: str | None) -> User:
    from quiz.accounts import find_user, local_user
    from web.clock import now

    if not username:
        return local_user(session, now=now())
    user = find_user(session, username)
    if user is None:
        raise CommandFailed(f"没有这个用户：{username}")
    return user


def _echo_feedback(result: dict[str, Any]) -> None:
    click.secho("✔ 答对了" if result["correct"] else "✘ 答错了", fg="green" if result["correct"] else "red", bold=True)
    click.echo(f"正确答案：{result['answer_text']}")
    click.echo(result["explanation"])
    for s in result["sources"]:
        click.echo(f"  出处：{s['title']} {s['label']}（policykb show {s['ref']}）")
    if result.get("left_wrong_book"):
        click.echo("  连续答对，已移出错题本。")
    elif result.get("in_wrong_book"):
        click.echo("  已收入错题本。")


def _echo_question(question: dict[str, Any], state: dict[str, Any]) -> None:
    from quiz.model import LETTERS

    click.echo("")
    click.secho(f"第 {state['position'] + 1}/{state['total']} 题 · {question['type_label']}", fg="cyan")
    click.echo(question["stem"])
    for letter, option in zip(LETTERS, question["options"], strict=False):
        click.echo(f"  {letter}. {option}")


@click.command("drill")
@click.option(
    "--mode",
    type=LazyChoice(_modes),
    default="random",
    show_default=True,
    help="练习方式：order 按章节顺序，random 随机，type 按题型，wrong 错题本，favourites 我的收藏，due 今日复习",
)
@click.option("--work", help="只练这件文件（slug）")
@click.option("--chapter", help="只练这一章（如 shequ-yijian-2024/2）")
@click.option("--type", "qtype", type=click.Choice(["single", "multi", "judge", "cloze"]), help="只练这种题型")
@click.option("--count", "-n", default=10, show_default=True, type=click.IntRange(1, 200), help="题数（按章节顺序时不限）")
@click.option("--memorise", is_flag=True, help="背题模式：直接显示答案和解析")
@click.option("--user", "username", help="记到哪个用户名下（默认本机档案）")
@with_appcontext
def drill_command(
    mode: str, work: str | None, chapter: str | None, qtype: str | None, count: int, memorise: bool, username: str | None
) -> None:
    """在终端里练习，与网页共用同一套记录：错题本、复习卡、进度。

    作答：单选输入 A（或 1），多选输入 ACD，判断输入 对/错（或 A/B），填空直接输入内容。
    输入 s 跳过，q 结束。
    """
    from quiz.practice import MODES, answer_practice, next_question, practice_state, skip_question, start_practice
    from web.clock import now
    from web.db import get_session

    db = get_session()
    user = _drill_user(db, username)
    practice = start_practice(
        db,
        user.id,
        mode,
        now=now(),
        rng=random.Random(),
        work=work,
        chapter=chapter,
        qtype=qtype,
        count=count,
        memorise=memorise,
    )
    db.commit()
    click.echo(f"{MODES[mode]}{'（背题模式）' if memorise else ''}：共 {len(practice.queue)} 题。输入 q 结束，s 跳过。")
    while True:
        data = next_question(db, user.id, practice.id, now=now())
        db.commit()
        question, state = data["question"], data["session"]
        if question is None:
            break
        _echo_question(question, state)
        if memorise:
            click.echo(f"答案：{question['answer_text']}\n{question['explanation']}")
            if click.prompt("回车看下一题，q 结束", default="", show_default=False).strip().lower() == "q":
                break
            skip_question(db, user.id, practice.id, question["id"], now=now())
            db.commit()
            continue
        started = time.monotonic()
        raw = click.prompt("你的答案", default="", show_default=False).strip()
        if raw.lower() == "q":
            break
        if raw.lower() == "s":
            skip_question(db, user.id, practice.id, question["id"], now=now())
            db.commit()
            continue
        try:
            result = answer_practice(
                db,
                user.id,
                practice.id,
                question["id"],
                raw,
                now=now(),
                elapsed_ms=int((time.monotonic() - started) * 1000),
                clear_after=int(current_app.config["WRONG_BOOK_CLEAR_AFTER"]),
            )
        except DomainError as exc:
            db.rollback()
            click.secho(str(exc), fg="yellow")
            continue
        db.commit()
        _echo_feedback(result)
    state = practice_state(practice)
    click.echo(f"\n本次答了 {state['answered']} 题，答对 {state['correct']} 题。错题本和复习卡已更新；网页“练习”里可继续。")


@click.group("db", cls=ChineseGroup)
def db_group() -> None:
    """数据库结构（Alembic 迁移）：升级到最新版本、查看版本、为改动过的模型生成新版本。"""


@db_group.command("upgrade")
@click.option("--db", "db_url", help="数据库 URL（默认实例目录下的 SQLite；启动时已自动升级）")
@with_appcontext
def db_upgrade_command(db_url: str | None) -> None:
    """把数据库升级到最新的结构版本（policykb build、serve 和其他命令打开数据库前都会自动做）。"""
    from kb.db import make_engine
    from web.migrate import current_revision, upgrade_database

    engine = make_engine(db_url) if db_url else current_app.extensions["policykb.engine"]
    try:
        ran = upgrade_database(engine)
        with engine.connect() as connection:
            revision = current_revision(connection)
    finally:
        if db_url:
            engine.dispose()
    click.echo(f"已升级到 {revision}" if ran else f"数据库已是最新版本：{revision}")


@db_group.command("revision")
@click.argument("message")
@with_appcontext
def db_revision_command(message: str) -> None:
    """按模型与最新版本的差别生成一个新的迁移版本（开发用：生成后请检查并补上数据的合并）。"""
    from web.migrate import new_revision

    click.echo(f"已生成 {new_revision(message)}")


@click.group("user", cls=ChineseGroup)
def user_group() -> None:
    """管理账号（多人共用的部署）：添加用户、设为培训师、列出用户。"""


@user_group.command("add")
@click.argument("username")
@click.option("--trainer", is_flag=True, help="设为培训师")
@click.option("--display-name", help="显示名")
@click.password_option("--password", prompt="密码", confirmation_prompt="再输一次", help="密码（不给则提示输入）")
@with_appcontext
def user_add_command(username: str, trainer: bool, display_name: str | None, password: str) -> None:
    """添加一个账号。"""
    from quiz.accounts import ROLES, create_user
    from web.auth import hash_password
    from web.clock import now
    from web.db import get_session

    db = get_session()
    user = create_user(
        db,
        username,
        password_hash=hash_password(password, username),
        now=now(),
        display_name=display_name,
        role="trainer" if trainer else "candidate",
    )
    db.commit()
    click.echo(f"已添加{ROLES[user.role]}：{user.username}")


@user_group.command("role")
@click.argument("username")
@click.argument("role", type=LazyChoice(_roles))
@with_appcontext
def user_role_command(username: str, role: str) -> None:
    """把用户设为培训师（trainer）或考生（candidate）。"""
    from quiz.accounts import ROLES, set_role
    from web.db import get_session

    db = get_session()
    user = set_role(db, username, role)
    db.commit()
    click.echo(f"{user.username} 现在是{ROLES[role]}")


@user_group.command("passwd")
@click.argument("username")
@click.password_option("--password", prompt="新密码", confirmation_prompt="再输一次", help="新密码（不给则提示输入）")
@with_appcontext
def user_passwd_command(username: str, password: str) -> None:
    """给账号设新密码；它在各处的登录随即失效。"""
    from quiz.accounts import set_password
    from web.auth import hash_password
    from web.db import get_session

    db = get_session()
    user = set_password(db, username, hash_password(password, username))
    db.commit()
    click.echo(f"已为 {user.username} 设置新密码，原有登录已失效")


@user_group.command("list")
@with_appcontext
def user_list_command() -> None:
    """列出所有用户。"""
    from quiz.accounts import ROLES, list_users
    from web.db import get_session

    for user in list_users(get_session()):
        click.echo(f"{user.username}\t{user.display_name}\t{ROLES.get(user.role, user.role)}")


def reports_domain_errors(command: click.Command) -> click.Command:
    """Turn a DomainError raised anywhere below a command into a Chinese message and exit code 1; Chinese help headings."""
    command.context_class = ChineseContext
    command.options_metavar = "[选项]"
    if isinstance(command, click.Group):
        command.subcommand_metavar = "命令 [参数]..."
        for sub in command.commands.values():
            reports_domain_errors(sub)
        return command
    callback = command.callback
    if callback is None or getattr(callback, "_reports_domain_errors", False):
        return command

    @functools.wraps(callback)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        try:
            return callback(*args, **kwargs)
        except DomainError as exc:
            raise CommandFailed(str(exc)) from exc

    wrapped._reports_domain_errors = True  # type: ignore[attr-defined]
    command.callback = wrapped
    return command


COMMANDS: tuple[click.Command, ...] = (
    build_command,
    serve_command,
    show_command,
    analyse_command,
    search_command,
    diff_command,
    export_command,
    drill_command,
    db_group,
    user_group,
    questions_group,
)


def register_commands(app: Flask) -> None:
    """Attach the commands to the app's CLI group, each reporting domain errors in one way."""
    for command in COMMANDS:
        app.cli.add_command(reports_domain_errors(command))


def _create_app() -> Flask:
    from web import create_app

    try:
        return create_app()
    except DomainError as exc:  # e.g. a database the upgrade refuses: a message, not a traceback
        raise CommandFailed(str(exc)) from exc


class PolicyGroup(ChineseGroup):
    """``policykb``: the project's commands only (no Flask options), Chinese errors, the app made when a command runs."""

    def make_context(
        self, info_name: str | None, args: list[str], parent: click.Context | None = None, **extra: Any
    ) -> click.Context:
        extra.setdefault("obj", ScriptInfo(create_app=_create_app, set_debug_flag=False, load_dotenv_defaults=False))
        return super().make_context(info_name, args, parent, **extra)

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None, **extra: Any) -> Any:  # type: ignore[override]
        """Run a command; report a wrong command line, a failure or an abort in Chinese."""
        try:
            return super().main(args, prog_name, standalone_mode=False, **extra)
        except click.UsageError as exc:
            if exc.ctx is not None:
                click.echo(exc.ctx.get_usage(), err=True)
                click.echo(f"帮助：{exc.ctx.command_path} --help", err=True)
            click.echo(f"错误：{usage_message(exc)}", err=True)
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            exc.show()
            sys.exit(exc.exit_code)
        except (click.Abort, KeyboardInterrupt, EOFError):
            click.echo("\n已取消。", err=True)
            sys.exit(1)


cli = PolicyGroup(
    "policykb", help="政策题库：社区工作者政策条款检索与备考。", options_metavar="[选项]", subcommand_metavar="命令 [参数]..."
)
for _command in COMMANDS:
    cli.add_command(reports_domain_errors(_command))


def main() -> None:
    """Entry point of the ``policykb`` console script."""
    cli.main(prog_name="policykb")
