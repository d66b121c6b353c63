"""Collation and revision diff: pure functions over clause texts, no database.

Words used here::

    piece     a clause as the comparison sees it: an id, its place (path), heading and text
    place     a clause position in a work (its path); every witness of the work shares it
    change    one stretch where text B differs from text A after normalisation
    variant   a change between a witness and the base text of the same work, with the readings
              of every witness at that stretch and which one the majority has

Two steps, as a textual scholar would collate: clauses are aligned first (by numbering, then by
text similarity; a revision may add, remove, move or renumber them), then the characters of each
aligned pair (``difflib.SequenceMatcher`` without its junk heuristic, which would treat frequent
Chinese characters as junk). Before comparing, text is folded to its search key (full/half width,
curly quotes, spacing and line breaks), so formatting is never reported. Numbering style (一、 vs
（一）) and Markdown emphasis never reach this module: they are stored apart from the text.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from corpus.text import char_bigrams
from kb.query import search_key, search_key_offsets

PUNCTUATION = "punctuation"
WORDING = "wording"
MAX_WORD_GROWTH = 3  # a change grows to whole words, but never by more than this on either side

Boundaries = Callable[[str], Iterable[int]]


@dataclass(frozen=True)
class Piece:
    """A clause as compared: ``id`` is its ref, ``path`` its place in the work."""

    id: str
    path: str
    heading: str | None
    text: str

    @property
    def body(self) -> str:
        """What is compared: the text, or the heading of a clause that is only a heading."""
        return self.text or self.heading or ""


@dataclass(frozen=True)
class Change:
    """A stretch of text A replaced by a stretch of text B (offsets into the original texts)."""

    kind: str  # punctuation | wording
    a_start: int
    a_end: int
    b_start: int
    b_end: int
    a_text: str
    b_text: str


@dataclass(frozen=True)
class PiecePair:
    """Two aligned clauses (or one, when the other side has none) and what changed between them."""

    status: str  # same | changed | moved | added | removed
    a: Piece | None
    b: Piece | None
    similarity: float
    changes: tuple[Change, ...] = ()


@dataclass(frozen=True)
class Variant:
    """A witness reading that differs from the base at one place, with every witness's reading."""

    path: str
    base_id: str
    witness: str
    witness_id: str
    change: Change
    readings: Mapping[str, str]  # witness name → its reading of the base stretch (base included)
    majority: str | None  # "base" | "witness" | None (fewer than three witnesses, or no majority)


def is_punctuation(text: str) -> bool:
    """Tell whether a stretch holds punctuation or symbols only (and at least one character)."""
    return bool(text) and all(unicodedata.category(ch)[0] in "PS" for ch in text)


def _snap(bounds: Sequence[int], pos: int, left: bool, limit: int) -> int:
    if left:
        best = max((b for b in bounds if b <= pos), default=pos)
        return best if pos - best <= limit else pos
    best = min((b for b in bounds if b >= pos), default=pos)
    return best if best - pos <= limit else pos


def diff_texts(a: str, b: str, boundaries: Boundaries | None = None) -> tuple[Change, ...]:
    """Compare two texts character by character after folding; report what differs, grown to whole words.

    ``boundaries`` gives the word boundaries of a folded text (a word segmenter); without it the
    changes stay character-exact. Punctuation changes are never grown.
    """
    ka, oa = search_key_offsets(a)
    kb_, ob = search_key_offsets(b)
    if ka == kb_:
        return ()
    ops = [op for op in difflib.SequenceMatcher(None, ka, kb_, autojunk=False).get_opcodes() if op[0] != "equal"]
    bounds = sorted(set(boundaries(ka)) | {0, len(ka)}) if boundaries else [0, len(ka)]
    groups: list[list[int]] = []  # [a1, a2, b1, b2] in key coordinates
    for _, i1, i2, j1, j2 in ops:
        if _only_punct(ka[i1:i2], kb_[j1:j2]) or not boundaries:
            g1, g2 = i1, i2
        else:
            g1, g2 = _snap(bounds, i1, True, MAX_WORD_GROWTH), _snap(bounds, i2, False, MAX_WORD_GROWTH)
        if groups and g1 <= groups[-1][1] and not _both_punct(groups[-1], ka, kb_):
            last = groups[-1]
            last[1] = max(last[1], g2)
            last[3] = j2 + (last[1] - i2)
            continue
        groups.append([g1, g2, j1 - (i1 - g1), j2 + (g2 - i2)])
    changes = []
    for g1, g2, h1, h2 in groups:
        a_start, a_end = _original_span(oa, len(a), g1, g2)
        b_start, b_end = _original_span(ob, len(b), h1, h2)
        kind = PUNCTUATION if _only_punct(ka[g1:g2], kb_[h1:h2]) else WORDING
        changes.append(Change(kind, a_start, a_end, b_start, b_end, a[a_start:a_end], b[b_start:b_end]))
    return tuple(changes)


def _both_punct(group: list[int], ka: str, kb_: str) -> bool:
    return _only_punct(ka[group[0] : group[1]], kb_[group[2] : group[3]])


def _only_punct(x: str, y: str) -> bool:
    return (is_punctuation(x) or not x) and (is_punctuation(y) or not y) and bool(x or y)


def _original_span(offsets: Sequence[int], length: int, k1: int, k2: int) -> tuple[int, int]:
    """Map a span of the folded key back to the original text."""
    start = offsets[k1] if k1 < len(offsets) else length
    end = offsets[k2 - 1] + 1 if k2 > k1 else start
    return start, end


def _bigrams(text: str) -> set[str]:
    key = search_key(text)
    return set(char_bigrams(key)) or ({key} if key else set())


def similarity(a: str, b: str) -> float:
    """Dice coefficient of the character bigrams of two texts (1.0 identical, 0.0 nothing shared)."""
    x, y = _bigrams(a), _bigrams(b)
    if not x and not y:
        return 1.0
    return 2 * len(x & y) / (len(x) + len(y)) if x or y else 0.0


def _longest_increasing(indices: Sequence[int]) -> set[int]:
    """Positions (into ``indices``) of one longest strictly increasing subsequence."""
    import bisect

    tails: list[int] = []
    tail_pos: list[int] = []
    prev = [-1] * len(indices)
    for pos, value in enumerate(indices):
        k = bisect.bisect_left(tails, value)
        if k == len(tails):
            tails.append(value)
            tail_pos.append(pos)
        else:
            tails[k] = value
            tail_pos[k] = pos
        prev[pos] = tail_pos[k - 1] if k else -1
    keep: set[int] = set()
    pos = tail_pos[-1] if tail_pos else -1
    while pos >= 0:
        keep.add(pos)
        pos = prev[pos]
    return keep


def align(
    a: Sequence[Piece], b: Sequence[Piece], *, by_path: bool = False, boundaries: Boundaries | None = None
) -> list[PiecePair]:
    """Align two clause sequences and diff each aligned pair.

    ``by_path`` (copies of one work) pairs clauses of the same number first when their texts are
    at all alike; then, as for revisions, identical texts pair, then the most similar ones. An
    aligned pair out of the common order is ``moved``; in a revision (not ``by_path``) a pair of the
    same text under another number is ``renumbered``; what is left over is ``added`` or ``removed``.
    """
    keys_a = [search_key(p.body) for p in a]
    keys_b = [search_key(p.body) for p in b]
    match: dict[int, tuple[int, float]] = {}
    used_b: set[int] = set()

    def take(i: int, j: int, score: float) -> None:
        match[i] = (j, score)
        used_b.add(j)

    if by_path:
        where = {p.path: j for j, p in enumerate(b)}
        for i, p in enumerate(a):
            j = where.get(p.path)
            if j is not None and j not in used_b:
                score = similarity(p.body, b[j].body)
                if score >= 0.3 or (p.heading and p.heading == b[j].heading):
                    take(i, j, score)
    exact: dict[str, list[int]] = {}
    for j, key in enumerate(keys_b):
        if j not in used_b:
            exact.setdefault(key, []).append(j)
    for i, key in enumerate(keys_a):
        if i not in match and exact.get(key):
            take(i, exact[key].pop(0), 1.0)
    candidates: list[tuple[float, float, int, int]] = []
    for i, p in enumerate(a):
        if i in match:
            continue
        for j, q in enumerate(b):
            if j in used_b:
                continue
            score = similarity(p.body, q.body)
            same_heading = bool(p.heading and p.heading == q.heading)
            bonus = (0.1 if p.path == q.path else 0.0) + (0.15 if same_heading else 0.0)
            if score >= 0.5 or (score >= 0.3 and bonus) or (same_heading and not p.text and not q.text):
                candidates.append((score + bonus, score, i, j))
    for _, score, i, j in sorted(candidates, key=lambda c: (-c[0], c[2], c[3])):
        if i not in match and j not in used_b:
            take(i, j, score)
    ordered = sorted(match)
    in_order = _longest_increasing([match[i][0] for i in ordered])
    moved = {ordered[k] for k in range(len(ordered)) if k not in in_order}
    pairs: list[tuple[float, PiecePair]] = []
    for i, p in enumerate(a):
        if i in match:
            j, score = match[i]
            changes = diff_texts(p.body, b[j].body, boundaries) if keys_a[i] != keys_b[j] else ()
            status = "moved" if i in moved else ("changed" if changes else "same")
            if status == "same" and not by_path and p.path != b[j].path:
                status = "renumbered"  # a revision inserted or removed articles before it: same text, other number
            pairs.append((float(i), PiecePair(status, p, b[j], round(score, 3), changes)))
        else:
            pairs.append((float(i), PiecePair("removed", p, None, 0.0)))
    b_to_a = {j: i for i, (j, _) in match.items()}
    anchor = -1.0
    for j, q in enumerate(b):
        if j in b_to_a:
            anchor = float(b_to_a[j])
            continue
        anchor += 1e-3  # after the clause that precedes it in B, keeping B's own order
        pairs.append((anchor, PiecePair("added", None, q, 0.0)))
    return [pair for _, pair in sorted(pairs, key=lambda x: x[0])]


def collate(
    base: Sequence[Piece],
    others: Mapping[str, Sequence[Piece]],
    *,
    base_name: str = "base",
    boundaries: Boundaries | None = None,
) -> tuple[list[Variant], dict[str, list[PiecePair]]]:
    """Collate every other witness against the base; mark the majority reading of each variant.

    Returns the variants (in base order, witness by witness) and each witness's alignment, which
    also holds the clauses a witness lacks or adds.
    """
    alignments = {name: align(base, pieces, by_path=True, boundaries=boundaries) for name, pieces in others.items()}
    by_place: dict[str, dict[str, tuple[Change, ...]]] = {}
    for name, pairs in alignments.items():
        for pair in pairs:
            if pair.a is not None and pair.b is not None:
                by_place.setdefault(pair.a.id, {})[name] = pair.changes
    witnesses = len(others) + 1
    variants: list[Variant] = []
    base_text = {p.id: p.body for p in base}
    for name, pairs in alignments.items():
        for pair in pairs:
            if pair.a is None or pair.b is None:
                continue
            for change in pair.changes:
                readings = {base_name: change.a_text}
                for other, changes in by_place.get(pair.a.id, {}).items():
                    readings[other] = _reading(base_text[pair.a.id], changes, change.a_start, change.a_end)
                agree_base = sum(1 for r in readings.values() if r == change.a_text)
                agree_witness = sum(1 for r in readings.values() if r == change.b_text)
                majority = None
                if witnesses >= 3:
                    if agree_base * 2 > witnesses:
                        majority = "base"
                    elif agree_witness * 2 > witnesses:
                        majority = "witness"
                variants.append(Variant(pair.a.path, pair.a.id, name, pair.b.id, change, readings, majority))
    order = {p.id: k for k, p in enumerate(base)}
    variants.sort(key=lambda v: (order[v.base_id], v.change.a_start, v.witness))
    return variants, alignments


def _reading(base: str, changes: Sequence[Change], start: int, end: int) -> str:
    """What a witness reads over base[start:end], given its changes against the base."""
    out: list[str] = []
    pos = start
    for c in changes:
        touches = (c.a_start < end and c.a_end > start) or (c.a_start == c.a_end and start <= c.a_start <= end)
        if start == end:
            touches = c.a_start <= start <= c.a_end if c.a_start == c.a_end else c.a_start < start < c.a_end
        if not touches:
            continue
        if c.a_start > pos:
            out.append(base[pos : c.a_start])
        out.append(c.b_text)
        pos = max(pos, c.a_end)
    if pos < end:
        out.append(base[pos:end])
    return "".join(out)
