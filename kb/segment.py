"""Chinese word segmentation: the one module that talks to jieba.

We use jieba's accurate mode without the HMM guesser, so a word is cut the same way in a query
and in a clause as often as possible. Search mode (``cut_for_search``) is not used: it emits
every dictionary word found inside a longer one, so 民政 would be "found" inside 人民政府.
Instead :meth:`Segmenter.pieces` splits a compound into the best *aligned* pieces
(人民政府 → 人民 / 政府, 社区党组织书记 → 社区 / 党组织 / 书记), which is what a reader sees.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path

import jieba
import jieba.posseg

from kb.vocab import DictEntry

jieba.setLogLevel(logging.WARNING)  # jieba announces every dictionary load on stderr otherwise

_CONTENT = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fffA-Za-z0-9]")
TERM_TAG = "nz"  # what a corpus term (quoted or bold, no tag of its own) is tagged as: another proper noun


class Segmenter:
    """A jieba tokenizer with our dictionary words added; cutting is read-only and thread-safe."""

    def __init__(self, entries: Iterable[DictEntry] = (), extra_terms: Iterable[str] = (), *, tagging: bool = True) -> None:
        self._tok = jieba.Tokenizer()
        self._tok.initialize()
        self._pieces: dict[str, list[str]] = {}  # words recur across a corpus; splitting one costs a DAG
        for entry in entries:
            self._tok.add_word(entry.word, entry.freq, entry.tag)
        for term in extra_terms:
            if term not in self._tok.FREQ or not self._tok.FREQ[term]:
                self._tok.add_word(term, tag=TERM_TAG)
        self._pos: jieba.posseg.POSTokenizer | None = None
        if tagging:  # loading the tag table takes a second: a segmenter that only cuts goes without
            self._pos = jieba.posseg.POSTokenizer(self._tok)
            self._pos.makesure_userdict_loaded()  # once, here: cutting must not write shared state

    def cut(self, text: str) -> list[str]:
        """Cut text into words (accurate mode), punctuation and spaces dropped, Latin lower-cased."""
        return [w.lower() for w in self._tok.cut(text, HMM=False) if _CONTENT.search(w)]

    def cut_with_offsets(self, text: str) -> list[tuple[str, int, int]]:
        """Like :meth:`cut`, with each word's start and end offset in text."""
        return [(w.lower(), a, b) for w, a, b in self._tok.tokenize(text, HMM=False) if _CONTENT.search(w)]

    def tagged(self, text: str) -> list[tuple[str, str, int, int]]:
        """Cut text into (word, part of speech, start, end), every character covered, punctuation tagged ``x``.

        jieba.posseg on the same tokenizer and dictionary, HMM off, so the words are those of :meth:`cut`.
        """
        if self._pos is None:
            raise ValueError("this segmenter was made without tagging (tagging=False)")
        out: list[tuple[str, str, int, int]] = []
        pos = 0
        for pair in self._pos.cut(text, HMM=False):
            word, tag = str(pair.word), str(pair.flag)
            if word.isascii() and word.isdigit():
                tag = "m"  # posseg tags a run of digits "eng"; it is a numeral
            out.append((word, tag, pos, pos + len(word)))
            pos += len(word)
        return out

    def pieces(self, word: str) -> list[str]:
        """The best split of a word of three or more characters that does not keep it whole."""
        n = len(word)
        if n < 3:
            return [word]
        cached = self._pieces.get(word)
        if cached is not None:
            return cached
        dag: dict[int, list[int]] = self._tok.get_DAG(word)
        dag[0] = [j for j in dag[0] if j != n - 1] or [0]
        route: dict[int, tuple[float, int]] = {}
        self._tok.calc(word, dag, route)
        out, i = [], 0
        while i < n:
            j = route[i][1] + 1
            out.append(word[i:j])
            i = j
        self._pieces[word] = out
        return out

    def analyse(self, text: str) -> tuple[list[str], list[int]]:
        """Index words of text (as :meth:`index_words`) and the offsets where words and pieces begin or end."""
        words: list[str] = []
        bounds = {0, len(text)}
        for word, start, end in self.cut_with_offsets(text):
            words.append(word)
            bounds.update((start, end))
            pieces = self.pieces(word)
            pos = start
            for piece in pieces:
                pos += len(piece)
                bounds.add(pos)
                if len(piece) >= 2 and piece != word:
                    words.append(piece)
        return words, sorted(bounds)

    def index_words(self, text: str) -> list[str]:
        """The words a clause is indexed under: every word, plus the aligned pieces of compounds."""
        return self.analyse(text)[0]


def general_idf() -> Callable[[str], float]:
    """How telling a word is in general Chinese: jieba's own IDF table (its keyword extractor's), median if unlisted.

    Read afresh for each call (a quarter of a second): the build's linking reads it once, and 300k words
    cached for the life of the process would sit beside every clause's analysis in the bank stage.
    """
    path = Path(jieba.__file__).parent / "analyse" / "idf.txt"
    table: dict[str, float] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        word, _, value = line.partition(" ")
        if value:
            table[word] = float(value)
    median = sorted(table.values())[len(table) // 2] if table else 1.0
    return lambda word: table.get(word, median)


@lru_cache(maxsize=4)
def get_segmenter(entries: tuple[DictEntry, ...], extra_terms: tuple[str, ...], *, tagging: bool = True) -> Segmenter:
    """A segmenter for this vocabulary, loaded once per process (jieba's dictionary takes a second)."""
    return Segmenter(entries, extra_terms, tagging=tagging)
