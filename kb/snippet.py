"""Where a query's concepts occur in a clause's text, and the snippet window that shows them.

Pure text logic over search keys (kb.query), no search engine: any index that finds a clause can
cut its snippet here. Spans are character offsets into the clause text as printed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from corpus.text import sentence_spans
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
    """Cut the snippet around the sentence holding the most distinct matched concepts (then the most matches).

    The snippet runs to the end of that sentence, so the answer after the matched words shows
    (…每年至少对社区党组织书记、社区居民委员会主任培训1次); a shorter sentence gets the following
    text up to ``width``, a longer one is cut just before its first match, and no snippet is longer
    than twice ``width``. spans are (concept number, (start, end)); the result is the snippet and the
    spans inside it.
    """
    flat = text.replace("\n", " ")
    ordered = sorted(set(spans), key=lambda s: s[1])
    if len(flat) <= width:
        return flat, _merge(s for _, s in ordered)
    bounds = sentence_spans(flat) or [(0, len(flat))]

    def inside(a: int, b: int) -> list[tuple[int, tuple[int, int]]]:
        return [(c, (x, y)) for c, (x, y) in ordered if x >= a and y <= b]

    # the earliest sentence among the best; matches that cross a sentence end count for the one they start in
    best_a, best_b = max(
        bounds, key=lambda ab: (len({c for c, _ in inside(*ab)}), len(inside(*ab)), -ab[0]) if ordered else (0, 0, -ab[0])
    )
    first = next((x for _, (x, _) in inside(best_a, best_b)), best_a)
    start = best_a
    if first - best_a > width // 2:  # a long sentence: start at the clause break before the first match
        cut = max(flat.rfind(sep, best_a, first - 8) for sep in "，；：、")
        start = cut + 1 if cut >= 0 else max(best_a, first - width // 4)
    end = max(best_b, min(len(flat), start + width))
    end = min(end, start + 2 * width)
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(flat) else ""
    shift = len(prefix) - start
    local = [(x + shift, y + shift) for _, (x, y) in ordered if x >= start and y <= end]
    return prefix + flat[start:end] + suffix, _merge(local)


def _merge(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(b, out[-1][1]))
        else:
            out.append((a, b))
    return out
