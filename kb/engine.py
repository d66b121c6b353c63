"""The seam between building a search index and answering queries from it; no search engine here.

Building (``kb.index``, run by ``policykb build`` and by ``policykb serve`` before it listens) and
answering (``kb.search``, run by every request) meet only through what this module defines:

* the layout on disk: ``ROOT/<version>/`` holds one built index with its ``meta.json`` (version,
  format, build time, works, corpus terms); ``ROOT/CURRENT`` names the live version. A builder
  writes a new folder and replaces CURRENT with one atomic rename; a reader only opens.
* the version: a hash of the stored corpus, the user dictionary and the index format, so a reader
  can tell from the database alone whether the index it has is the one the corpus wants;
* the result types (:class:`Hit`, :class:`SearchResult`) and their JSON (:func:`search_dict`);
* :class:`ClauseIndex`, what an opened index must answer, so that another engine (SQLite FTS5,
  OpenSearch) can stand where Whoosh stands today;
* :class:`IndexHolder`, the per-process reader: it opens the version CURRENT names, never builds,
  and says whether that index is ``fresh``, ``stale`` (the corpus changed since) or ``missing``.
  While a newer index is missing it keeps answering from the last good one it opened.
"""

from __future__ import annotations

import functools
import hashlib
import json
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol

from sqlalchemy.orm import Session

from corpus.errors import InvalidInput
from kb import store
from kb.query import Concept, ParsedQuery
from kb.vocab import USERDICT_PATH, Vocabulary

INDEX_FORMAT = "3"  # bump when kb.index changes its schema or its tokenisation
CURRENT = "CURRENT"
META = "meta.json"

IndexState = Literal["fresh", "stale", "missing"]
STATE_NOTICES: dict[IndexState, str] = {
    "stale": "检索索引比语料旧，结果可能不含最新修改；请运行 policykb build",
    "missing": "还没有检索索引，请运行 policykb build",
}
NO_CORPUS = "数据库里还没有语料，请先运行 policykb build"


# ---------------------------------------------------------------------------------------------
# The layout on disk and the version


def _file_hash(path: Path) -> str:
    # every search asks which index version the corpus wants: read and hash the dictionary again only when it changed
    try:
        stat = path.stat()
    except OSError:
        return "missing"
    return _hash_of(path, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=32)
def _hash_of(path: Path, _mtime_ns: int, _size: int) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "missing"


def index_version(corpus_hash: str, userdict: Path = USERDICT_PATH) -> str:
    """The folder name an index of this corpus with this dictionary gets."""
    digest = hashlib.sha256(f"{INDEX_FORMAT}\n{corpus_hash}\n{_file_hash(userdict)}".encode()).hexdigest()
    return digest[:16]


def wanted_version(session: Session, userdict: Path = USERDICT_PATH, *, corpus_hash: str | None = None) -> str:
    """The index version the corpus stored in the database calls for (``corpus_hash``: as the caller read it already)."""
    corpus_hash = corpus_hash or store.stored_hash(session)
    if corpus_hash is None:
        raise InvalidInput(NO_CORPUS)
    return index_version(corpus_hash, userdict)


def current_version(root: Path) -> str | None:
    """The version CURRENT points to, or None."""
    try:
        return (root / CURRENT).read_text(encoding="ascii").strip() or None
    except OSError:
        return None


def index_is_current(session: Session, root: Path, userdict: Path = USERDICT_PATH) -> bool:
    """Whether CURRENT names the version the stored corpus wants and that folder is complete."""
    version = wanted_version(session, userdict)
    return current_version(root) == version and (root / version / META).is_file()


def read_meta(path: Path) -> dict[str, Any]:
    """The meta.json of a built index folder."""
    meta: dict[str, Any] = json.loads((path / META).read_text(encoding="utf-8"))
    return meta


# ---------------------------------------------------------------------------------------------
# What an index answers


@dataclass(frozen=True)
class WorkInfo:
    """What a results page shows of a work."""

    slug: str
    title: str
    level: str
    region: str
    year: str
    status: str = "current"  # 时效性 as the build stored it (an index from before it: current)
    short_title: str = ""  # the name a law is cited by (妇女权益保障法); empty for a work that is not a law


@dataclass(frozen=True)
class Hit:
    """One clause found."""

    ref: str
    work: str
    work_title: str
    level: str
    region: str
    year: str
    path: str
    label: str
    heading: str | None
    score: float
    snippet: str
    highlights: tuple[tuple[int, int], ...]
    snippet_html: str
    witness: str
    witness_label: str
    is_base: bool
    witness_ref: str
    citation: bool = False  # the article a citation in the query names (妇女权益保障法第二十条)


@dataclass(frozen=True)
class SearchResult:
    """A page of hits with counts and whatever the user should be told."""

    query: str
    total: int
    hits: tuple[Hit, ...]
    page: int
    per_page: int
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    concepts: tuple[Concept, ...] = ()
    excluded: tuple[str, ...] = ()
    partial: bool = False
    notices: tuple[str, ...] = ()
    suggestions: tuple[str, ...] = ()

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


class ClauseIndex(Protocol):
    """An opened, read-only index that answers clause queries (Whoosh's is kb.search.SearchIndex)."""

    @property
    def version(self) -> str: ...

    @property
    def works(self) -> Mapping[str, WorkInfo]: ...

    def search(
        self,
        query: str | ParsedQuery,
        *,
        page: int = 1,
        per_page: int = 20,
        filters: Mapping[str, Sequence[str]] | None = None,
    ) -> SearchResult: ...

    def close(self) -> None: ...


def search_dict(result: SearchResult) -> dict[str, Any]:
    """A result as JSON: the CLI's and the web's contract (documented in the README)."""
    return {
        "query": result.query,
        "total": result.total,
        "page": result.page,
        "pages": result.pages,
        "per_page": result.per_page,
        "partial": result.partial,
        "filters": {k: list(v) for k, v in result.filters.items()},
        "excluded": list(result.excluded),
        "concepts": [{"label": c.label, "forms": list(c.forms), "exact": c.exact} for c in result.concepts],
        "notices": list(result.notices),
        "suggestions": list(result.suggestions),
        "facets": result.facets,
        "hits": [
            {
                "ref": h.ref,
                "work": h.work,
                "work_title": h.work_title,
                "heading": h.heading,
                "label": h.label,
                "score": h.score,
                "snippet": h.snippet,
                "highlights": [list(x) for x in h.highlights],
                "snippet_html": h.snippet_html,
                "witness": h.witness,
                "witness_ref": h.witness_ref,
                "citation": h.citation,
                "level": h.level,
                "region": h.region,
                "year": h.year,
            }
            for h in result.hits
        ],
    }


# ---------------------------------------------------------------------------------------------
# One opened index per process


Opener = Callable[[Path, Vocabulary], ClauseIndex]


class IndexHolder:
    """Opens the index CURRENT names under a root, once per version; never builds one.

    ``opener`` turns a built folder into a :class:`ClauseIndex` (``kb.search.SearchIndex`` for
    Whoosh). When CURRENT moves to a new complete folder (a build ran, here or in another
    process), the next :meth:`get` opens it and closes the old one.
    """

    def __init__(self, root: Path, vocab: Vocabulary, opener: Opener, userdict: Path = USERDICT_PATH) -> None:
        self.root = root
        self.userdict = userdict
        self.vocab = vocab
        self._opener = opener
        self._index: ClauseIndex | None = None
        self._lock = threading.Lock()

    def get(self, session: Session, *, corpus_hash: str | None = None) -> tuple[ClauseIndex | None, IndexState]:
        """The newest good index and how it stands against the corpus the database holds now.

        ``corpus_hash`` is the stored corpus hash when the caller read it already in this transaction (a request
        reads it with its user: ``kb.store.stored_hash_column``); else it is read here.
        """
        wanted = wanted_version(session, self.userdict, corpus_hash=corpus_hash)
        live = current_version(self.root)
        index = self._index
        if live is not None and (index is None or index.version != live):
            index = self._open(live)
        if index is None:
            return None, "missing"
        return index, "fresh" if index.version == wanted else "stale"

    def _open(self, version: str) -> ClauseIndex | None:
        with self._lock:
            if self._index is not None and self._index.version == version:
                return self._index
            path = self.root / version
            if not (path / META).is_file():
                return self._index  # CURRENT names a folder that is gone: keep the last good index
            opened = self._opener(path, self.vocab)
            old, self._index = self._index, opened
            if old is not None:
                old.close()
            return opened

    def close(self) -> None:
        """Close the opened index, if any."""
        if self._index is not None:
            self._index.close()
            self._index = None

    def forget(self) -> None:
        """In a forked child: drop what the parent had opened (its files and lock are not ours) without touching it."""
        self._index = None
        self._lock = threading.Lock()
