"""Tables flattened into lines (PDF attachments) → rows and columns, and checks against the text.

A flattened row keeps its cells apart with single spaces and marks each empty cell with one more
space (``15 级 25-27 年 34 年以上  1.70 4830.98``: the two spaces stand for an empty column).
Spaces inside a cell only ever sit between a number and its unit (``34 年以上``), so those are
closed first. A row broken over two lines (the last cell on a line of its own) is mended.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from corpus.lines import Line, is_attachment_line
from corpus.text import normalise_plain

_NUMERIC = re.compile(r"^-?\d+(\.\d+)?%?$")
_SENTENCE_PUNCT = re.compile(r"[，。；,;]")


@dataclass(frozen=True)
class Table:
    """A table: column labels, rows of cells (empty string for an empty cell), notes under it."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    notes: tuple[str, ...]
    header_text: str  # the header as printed, when it could not be mapped to columns
    first_line: int
    last_line: int

    def to_dict(self) -> dict[str, object]:
        """Plain data for storage and JSON."""
        return {
            "columns": list(self.columns),
            "rows": [list(r) for r in self.rows],
            "notes": list(self.notes),
            "header_text": self.header_text,
        }


def _fold(s: str) -> str:
    return re.sub(r"[\uff10-\uff19\uff0e]", lambda m: chr(ord(m.group(0)) - 0xFEE0), s).replace("\t", " ")


def row_cells(raw: str) -> list[str] | None:
    """Split a flattened table row into cells, or return None when the line is not a row."""
    s = _fold(raw).strip().replace("\u3000", "  ")
    if not s or _SENTENCE_PUNCT.search(s) or "：" in s:
        return None
    s = re.sub(r"(\d)\s+(?=[\u4e00-\u9fff%])", r"\1", s)
    cells = [c.strip() for c in s.split(" ")]
    filled = [c for c in cells if c]
    if len(filled) < 2 or any(len(c) > 16 for c in filled):
        return None
    if not any(_NUMERIC.match(c) for c in filled):
        return None
    return [normalise_plain(c) if c else "" for c in cells]


def _header_fragment(line: Line) -> bool:
    c = line.compact
    return bool(c) and len(c) <= 24 and not _SENTENCE_PUNCT.search(c) and not is_attachment_line(c)


def _note(line: Line) -> bool:
    return bool(re.match(r"^(备注|注)[：:]", line.compact))


def _cells_of_fragments(fragments: list[str]) -> list[str]:
    cells: list[str] = []
    pending = ""
    for frag in fragments:
        text = pending + frag.strip()
        if text.count("（") > text.count("）") or text.count("(") > text.count(")"):
            pending = text
            continue
        pending = ""
        cells.extend(normalise_plain(c) for c in re.split(r"\s+", text) if c)
    if pending:
        cells.append(normalise_plain(pending))
    return cells


def find_tables(lines: list[Line]) -> tuple[list[Table], set[int]]:
    """Find runs of at least three flattened rows; return the tables and the line numbers they use."""
    content = [line for line in lines if line.compact]
    tables: list[Table] = []
    used: set[int] = set()
    i = 0
    while i < len(content):
        cells = row_cells(content[i].raw)
        if cells is None:
            i += 1
            continue
        rows: list[list[str]] = [cells]
        row_lines = [content[i].number]
        j = i + 1
        while j < len(content):
            nxt = row_cells(content[j].raw)
            if nxt is not None:
                rows.append(nxt)
                row_lines.append(content[j].number)
                j += 1
                continue
            single = _fold(content[j].raw).strip()
            if _NUMERIC.match(single) and len(rows[-1]) < max(len(r) for r in rows):
                rows[-1].append(single)  # the last cell of a row broken over two lines
                row_lines.append(content[j].number)
                j += 1
                continue
            break
        if len(rows) < 3:
            i += 1
            continue
        width = max(len(r) for r in rows)
        padded = tuple(tuple(r + [""] * (width - len(r))) for r in rows)
        # header fragments just above the rows (the caption line right after 附件 is not one)
        k = i - 1
        head: list[Line] = []
        while k >= 0 and _header_fragment(content[k]) and len(head) < 12:
            head.insert(0, content[k])
            k -= 1
        if head and (k < 0 or is_attachment_line(content[k].compact) or len(head) > 1):
            head = head[1:]  # the first short line is the table's caption
        # fragments and notes just below (rotated header cells end up after the rows in PDF text)
        tail: list[Line] = []
        notes: list[str] = []
        m = j
        while m < len(content) and (_header_fragment(content[m]) or _note(content[m])) and len(tail) + len(notes) < 12:
            if _note(content[m]):
                notes.append(normalise_plain(content[m].mt.text))
            else:
                tail.append(content[m])
            m += 1
        fragments = [line.raw for line in head] + [line.raw for line in tail]
        header_cells = _cells_of_fragments(fragments)
        columns = tuple(header_cells) if len(header_cells) == width else tuple(f"列{n + 1}" for n in range(width))
        header_text = "" if len(header_cells) == width else " / ".join(header_cells)
        numbers = row_lines + [line.number for line in head] + [content[n].number for n in range(j, m)]
        used.update(numbers)
        tables.append(
            Table(
                columns=columns,
                rows=padded,
                notes=tuple(notes),
                header_text=header_text,
                first_line=min(numbers),
                last_line=max(numbers),
            )
        )
        i = m
    return tables, used


def with_columns(table: Table, columns: list[str]) -> Table:
    """Return the table with column labels supplied by the catalog (when the widths agree)."""
    if len(columns) != len(table.columns):
        return table
    return Table(tuple(columns), table.rows, table.notes, table.header_text, table.first_line, table.last_line)


_RANGE = re.compile(r"([\u4e00-\u9fff]{2,8}?)为\s*(\d+)\s*[～~—\-至到]+\s*(\d+)\s*级")


def stated_ranges(text: str) -> list[tuple[str, int, int]]:
    """Find grade ranges stated in prose, e.g. ``社区正职为 7～18 级`` → ("社区正职", 7, 18)."""
    return [(m.group(1), int(m.group(2)), int(m.group(3))) for m in _RANGE.finditer(text)]


def check_grade_table(table: Table, ranges: list[tuple[str, int, int]]) -> list[str]:
    """Compare a grade table's filled cells per column with the ranges the text states."""
    problems: list[str] = []
    grade_of_row: list[int | None] = []
    for row in table.rows:
        m = re.match(r"^(\d+)级$", row[0]) if row else None
        grade_of_row.append(int(m.group(1)) if m else None)
    if not any(g is not None for g in grade_of_row):
        return problems
    for label, lo, hi in ranges:
        cols = [n for n, c in enumerate(table.columns) if c and (c == label or c.endswith(label) or label.endswith(c))]
        if not cols:
            continue
        col = cols[0]
        grades = sorted(g for g, row in zip(grade_of_row, table.rows, strict=True) if g is not None and row[col])
        expected = list(range(lo, hi + 1))
        if grades != expected:
            shown = f"{grades[0]}～{grades[-1]}级" if grades else "无"
            problems.append(f"岗位等级表“{table.columns[col]}”列为{shown}（共{len(grades)}级），正文规定为{lo}～{hi}级")
    return problems
