"""Plain-data views of stored rows: the JSON the API returns and the export writes.

Field names here are a contract (the README documents them); add fields, never rename them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, Protocol

from corpus.model import level_label
from corpus.versions import status_label
from kb.models import Clause, Fact, Link, Variant, Witness, Work
from kb.relations import fact_record


def full_title(work: Work) -> str:
    """Issuers and title the way a citation prints them."""
    issuers = " ".join(work.issuers or [])
    return f"{issuers}《{work.title}》" if issuers and work.title.startswith("关于") else f"《{work.title}》"


def witness_dict(w: Witness) -> dict[str, Any]:
    """A witness as JSON."""
    return {
        "slug": w.slug,
        "source": w.source,
        "part": w.part,
        "is_base": w.is_base,
        "label": w.label,
        "span": [w.span_start, w.span_end],
        "excluded": (w.meta or {}).get("excluded"),
    }


def work_dict(work: Work) -> dict[str, Any]:
    """A work as JSON (without its clauses)."""
    return {
        "slug": work.slug,
        "title": work.title,
        "full_title": full_title(work),
        "issuers": list(work.issuers or []),
        "level": work.level,
        "level_label": level_label(work.level),
        "region": work.region,
        "date": work.date.isoformat() if work.date else None,
        "doc_number": work.doc_number,
        "kind": work.kind,
        "witness_count": len(work.witnesses),
        "witnesses": [witness_dict(w) for w in work.witnesses],
        "meta": {
            k: v
            for k, v in (work.meta or {}).items()
            if k in ("cover_notice", "cc", "printed", "signature", "doc_number_cited_by", "dateline", "header_lines", "approved")
        },
        **law_dates(work),
        **version_status(work),
    }


def version_status(work: Work) -> dict[str, Any]:
    """A work's 时效性 as the build stored it: status, its label, and the version that replaced it."""
    meta = work.meta or {}
    status = meta.get("status") or "unknown"
    return {
        "status": status,
        "status_label": status_label(status),
        "replaced_by": meta.get("replaced_by"),
        "replaced_on": meta.get("replaced_on"),
        "replaced_kind": meta.get("replaced_kind"),
        "current_version": meta.get("current"),
        "status_as_of": meta.get("status_as_of"),
        "status_banner": status_banner(work.title, meta),
    }


def _cn_date(iso: str | None) -> str:
    if not iso:
        return ""
    y, m, d = iso.split("-")
    return f"{int(y)}年{int(m)}月{int(d)}日"


def status_banner(title: str, meta: dict[str, Any]) -> str | None:
    """The notice a page of a non-current version carries (此版本已被修改：…), or None for a current one."""
    status = meta.get("status") or "unknown"
    if status == "current":
        return None
    current = meta.get("current")
    see = f"，现行有效版本见《{title}》（{current}）" if current else ""
    if status == "amended":
        when = f"{_cn_date(meta.get('replaced_on'))}{meta.get('replaced_kind') or '修改'}" if meta.get("replaced_on") else ""
        by = "" if current else f"，由 {meta.get('replaced_by')} 取代"
        return f"此版本已被修改：{when or '已有新版本'}{by}{see}"
    if status == "not_yet_effective":
        return f"此版本尚未生效（自{_cn_date(meta.get('effective'))}起施行）{see}"
    if status == "repealed":
        return "此文件已废止"
    return "此文件的时效性不明"


def law_dates(work: Work) -> dict[str, Any]:
    """What a law's header says of it: adopted, each amendment (修正 / 修订), published, effective."""
    meta = work.meta or {}
    is_law = meta.get("form") == "law"
    return {
        "short_title": meta.get("short_title"),
        "adopted": meta.get("adopted"),
        "amended": list(meta.get("amended") or []),
        # a policy document's printed date is when it was issued
        "published": meta.get("published") if is_law else (work.date.isoformat() if work.date else None),
        "effective": meta.get("effective"),
    }


def work_record(work: Work) -> dict[str, Any]:
    """A work as the works export defines it (one version of one document)."""
    meta = work.meta or {}
    witnesses = [name for w in work.witnesses for name in (w.source, *((w.meta or {}).get("copies") or []))]
    return {
        "slug": work.slug,
        "title": work.title,
        "level": work.level,
        "region": work.region,
        "issuers": list(work.issuers or []),
        "doc_number": work.doc_number,
        **law_dates(work),
        "status": meta.get("status") or "unknown",
        "family": meta.get("family") or work.slug,
        "version": meta.get("version"),
        "replaced_by": meta.get("replaced_by"),
        "witnesses": list(dict.fromkeys(witnesses)),
    }


def clause_dict(c: Clause, work: Work | None = None, witness: Witness | None = None) -> dict[str, Any]:
    """A clause as the export contract defines it (plus a few display fields)."""
    work = work or c.work
    witness = witness or c.witness
    return {
        "ref": c.ref,
        "work": work.slug,
        "work_title": work.title,
        "level": work.level,
        "region": work.region,
        "date": work.date.isoformat() if work.date else None,
        "witness": witness.source,
        "witness_slug": witness.slug,
        "witness_label": witness.label,
        "is_base": witness.is_base,
        "path": c.path,
        "kind": c.kind,
        "number": c.number,
        "heading": c.heading,
        "parent": c.parent_ref,
        "depth": c.depth,
        "text": c.text,
        "emphasis": [list(e) for e in (c.emphasis or [])],
        "span": [c.span_start, c.span_end],
        "table": c.table,
        "extras": c.extras or {},
        "article": (c.extras or {}).get("article"),
        "status": (work.meta or {}).get("status") or "unknown",
    }


def clause_label(c: Clause) -> str:
    """How a clause is named in a list: its number and heading, or the start of its text."""
    number = c.number or ""
    if c.heading:
        return f"{number}{c.heading}".strip()
    # 第八条 申请登记……：: an article's number stands apart from its first words, never run into them
    gap = " " if number.endswith("条") else ""
    return f"{number}{gap}{text_start(c.text)}".strip()


def text_start(text: str | None, width: int = 24) -> str:
    """The first words of a clause with no heading, as a list names it, on one line (a paragraph break inside them
    is a space: 应当具备下列条件：⏎民办… read as one label, laws review 148)."""
    text = " ".join((text or "").split())
    return f"{text[:width]}{'…' if len(text) > width else ''}"


# The kind of document a title ends with, for a short name (…实施方案 → 《实施方案》).
_GENRE = re.compile(r"(?:实施)?(?:意见|措施|方案|办法|规定|通知|决定|细则|规划|纲要|条例|准则|规则|指引|指南)$")
_ARTICLE = re.compile(r"^(\d+)\.$")
_PART = re.compile(r"^([一二三四五六七八九十百]+)、$")


def _short_name(work: Work) -> str:
    """《意见》, 江苏《16条措施》, 赤峰《实施方案》: a law's short title, else the title's kind, with the region."""
    meta = work.meta or {}
    if meta.get("short_title"):
        return f"《{meta['short_title']}》"
    title = work.title
    core = title.rsplit("的", 1)[1] if title.startswith("关于") and "的" in title else ""
    if not core:
        genre = _GENRE.search(title)
        core = genre.group(0) if genre else title
    region = work.region or ""
    where = region if work.level in ("provincial", "municipal", "county") and region else ""
    return f"{where}《{core}》"


def short_names(works: Iterable[Work]) -> dict[str, str]:
    """Each work's short name for clause titles; where two would read the same, the earlier keeps it, the others their title."""
    by_name: dict[str, list[Work]] = {}
    for work in works:
        by_name.setdefault(_short_name(work), []).append(work)
    names: dict[str, str] = {}
    for name, same in by_name.items():
        same.sort(key=lambda w: (w.date.isoformat() if w.date else "9999", w.title))
        names[same[0].slug] = name
        for other in same[1:]:
            names[other.slug] = f"{name[: name.index('《')]}《{other.title}》"
    return names


def number_label(number: str | None) -> str:
    """A clause number as a reader says it: 3. → 第3条, 三、 → 第三部分; others (（一）, ①, 第五条, 附件1) as printed."""
    number = (number or "").strip()
    if m := _ARTICLE.match(number):
        return f"第{m.group(1)}条"
    if m := _PART.match(number):
        return f"第{m.group(1)}部分"
    return number


class Numbered(Protocol):
    """What names a clause: a stored clause, or a row of its naming columns (kb.store.clause_names)."""

    number: str | None
    heading: str | None
    text: str
    kind: str


def clause_title(c: Numbered, short: str, parent: Numbered | None = None) -> str:
    """A clause named outside its document: 《意见》第3条 优化工作力量配置; an item after its clause's number."""
    number = number_label(c.number)
    if parent is not None and c.kind == "item":
        number = number_label(parent.number) + number
    words = c.heading or text_start(c.text)
    if number.startswith(words):  # 附件1 with no heading, or a heading that is its number
        words = ""
    gap = " " if words and number and (number[-1] in "条章节分" or number[-1].isdigit()) else ""
    return f"{short}{number}{gap}{words}".strip()


def variant_dict(v: Variant) -> dict[str, Any]:
    """A variant as the export contract defines it."""
    return {
        "work": v.work,
        "ref": v.base_ref,
        "path": v.path,
        "witness": v.witness,
        "witness_ref": v.witness_ref,
        "base_text": v.base_text,
        "witness_text": v.witness_text,
        "kind": v.kind,
        "majority": v.majority,
        "readings": dict(v.readings or {}),
        "base_span": [v.base_start, v.base_end],
        "witness_span": [v.witness_start, v.witness_end],
    }


def link_dict(link: Link) -> dict[str, Any]:
    """A link as the export contract defines it."""
    return {
        "source": link.source,
        "target": link.target,
        "score": link.score,
        "kind": link.kind,
        "terms": list(link.terms or []),
        "source_work": link.source_work,
        "target_work": link.target_work,
        "parts": dict(link.parts or {}),
    }


def fact_dict(f: Fact) -> dict[str, Any]:
    """A numeric provision as JSON."""
    return {
        "ref": f.ref,
        "work": f.work,
        "value": f.value,
        "high": f.high,
        "unit": f.unit,
        "bound": f.bound,
        "per": f.per,
        "text": f.text,
        "subject": f.subject,
        "sentence": f.sentence,
        "topics": list(f.topics or []),
        "span": [f.span_start, f.span_end],
        "display": fact_record(f).display,
    }
