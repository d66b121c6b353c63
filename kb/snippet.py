"""Where a query's concepts occur in a clause's text, and the snippet window that shows them.

Pure text logic over search keys (kb.query), no search engine: any index that finds a clause can
cut its snippet here. Spans are character offsets into the clause text as printed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from kb.query import Concept, search_key_offsets

SNIPPET_CHARS = 110


def match_spans(text: str, bounds: Sequence[int], concepts: Sequence[Concept]) -> list[tuple[int, tuple[int, int]]]:
    """Where each concept occurs in a text: as whole words (or word pieces) where it is one, anywhere otherwise.

    bounds are the word edges of the text's search key, as the index stored them.
    """
    key, offsets = search_key_offsets(text)
    edges = set(bounds)
    found: list[tuple[int, tuple[int, int]]] = []
    for ci, concept in enumerate(concepts):
        for form in concept.forms:
            occurrences = []
            start = key.find(form)
            while start >= 0:
                occurrences.append((start, start + len(form)))
                start = key.find(form, start + 1)
            if not concept.exact and len(form) > 1:
                occurrences = [(a, b) for a, b in occurrences if a in edges and b in edges] or occurrences
            found += [(ci, (offsets[a], offsets[b - 1] + 1)) for a, b in occurrences]
    return found


def make_snippet(
    text: str, spans: Sequence[tuple[int, tuple[int, int]]], width: int = SNIPPET_CHARS
) -> tuple[str, list[tuple[int, int]]]:
    """Cut the window of text holding the most distinct matched concepts (then the most matches).

    spans are (concept number, (start, end)); the result is the snippet and the spans inside it.
    """
    flat = text.replace("\n", " ")
    ordered = sorted(set(spans), key=lambda s: s[1])
    if len(flat) <= width:
        return flat, _merge(s for _, s in ordered)
    best_start, best = 0, (-1, -1)
    for _, (a, _) in ordered or [(0, (0, 0))]:
        lo = max(0, a - width // 4)
        inside = [(c, (x, y)) for c, (x, y) in ordered if x >= lo and y <= lo + width]
        score = (len({c for c, _ in inside}), len(inside))
        if score > best:
            best_start, best = lo, score
    # start just after a sentence or clause break when one is near
    for sep in "。；，":
        cut = flat.rfind(sep, max(0, best_start - 20), best_start + 1)
        if cut >= 0:
            best_start = cut + 1
            break
    end = min(len(flat), best_start + width)
    prefix = "…" if best_start > 0 else ""
    suffix = "…" if end < len(flat) else ""
    shift = len(prefix) - best_start
    local = [(x + shift, y + shift) for _, (x, y) in ordered if x >= best_start and y <= end]
    return prefix + flat[best_start:end] + suffix, _merge(local)


def _merge(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(b, out[-1][1]))
        else:
            out.append((a, b))
    return out
