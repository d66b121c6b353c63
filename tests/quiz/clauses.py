"""Made-up clauses for generator and gate tests: a SourceClause with only what a test cares about."""

from __future__ import annotations

from typing import Any

from quiz.model import SourceClause


def source_clause(ref: str, text: str, **fields: Any) -> SourceClause:
    """A clause of work ``ref``'s prefix; fields not given take plain defaults."""
    defaults: dict[str, Any] = {
        "work": ref.split("/")[0],
        "cite": "《某文件》",
        "level": "central",
        "label": ref,
        "section": "",
        "parent_ref": None,
        "kind": "clause",
        "number": None,
        "heading": None,
    }
    return SourceClause(ref=ref, text=text, **(defaults | fields))
