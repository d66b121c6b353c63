"""Structured extras a regional clause carries in its text (responsible departments …)."""

from __future__ import annotations

import re
from typing import Any

ROLES = ("牵头", "负责", "参与", "配合")
_TRAILING_PAREN = re.compile(r"（([^（）]{2,200})）\s*$")


def departments(text: str) -> dict[str, list[str]] | None:
    """Read a trailing ``（甲、乙牵头，丙参与）`` into {"牵头": [甲, 乙], "参与": [丙]}."""
    m = _TRAILING_PAREN.search(text)
    if not m:
        return None
    inner = m.group(1)
    if not any(role in inner for role in ROLES):
        return None
    result: dict[str, list[str]] = {}
    for piece in re.split(r"[，,；;]", inner):
        piece = piece.strip()
        role = next((r for r in ROLES if piece.endswith(r)), None)
        if role is None:
            return None  # not a list of departments after all
        names = [n for n in re.split(r"[、/]", piece[: -len(role)]) if n]
        if not names:
            return None
        result.setdefault(role, []).extend(names)
    return result


def clause_extras(text: str) -> dict[str, Any]:
    """All structured extras found in one clause's text."""
    extras: dict[str, Any] = {}
    depts = departments(text)
    if depts:
        extras["departments"] = depts
    return extras
