"""The Whoosh analyzers of the schema: thin adapters over ``text.analysis``.

Whoosh asks each field's analyzer for a stream of ``Token`` objects. These
components produce that stream from the pure functions of
:mod:`archive_search.text.analysis`, which decide everything about the
tokens (where a word starts and ends, its folded form, its stems, whether it
is a stop word, the language it is read in):

* :class:`WordTokenizer`: the tokens of ``token_texts`` (or, with character
  offsets, ``token_offsets``), with positions;
* :class:`FoldingFilter`: each token's entry in ``folding_table``;
* :class:`LanguageStemFilter`: each token's entry in ``stemming_table``;
* :func:`exact_analyzer` and :func:`stemmed_analyzer`: the two fields'
  analyzers (see the module docstring of ``text.analysis``).

They keep no state beyond their settings: the schema, analyzers included, is
pickled into every index by class path (``archive_search.engine.analyzers``),
so moving or renaming a class here needs a ``SCHEMA_VERSION`` bump
(``engine/schema.py``). The language is read when an analyzer is called (from
``analysis_language``, unless fixed), the per-word tables are the process's
shared, bounded caches, and stemmers are per thread, so one analyzer serves
every thread.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from whoosh.analysis import CompositeAnalyzer, Filter, Token, Tokenizer

from archive_search.text.analysis import (
    current_language,
    fold,
    folding_table,
    normalise_language,
    stemming_table,
    token_offsets,
    token_texts,
)

__all__ = [
    "FoldingFilter",
    "LanguageAnalyzer",
    "LanguageStemFilter",
    "WordTokenizer",
    "exact_analyzer",
    "stemmed_analyzer",
]


class WordTokenizer(Tokenizer):
    """Words, numbers and dotted abbreviations, with positions and char offsets.

    The tokens of ``text.analysis.token_texts`` (its docstring gives the
    rules). ``tokenize=False`` yields the whole value as one token (Whoosh
    asks so for wildcard and range terms).
    """

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            t.original = t.text = value
            t.boost = 1.0
            if positions:
                t.pos = start_pos
            if chars:
                t.startchar = start_char
                t.endchar = start_char + len(value)
            yield t
            return
        if chars:
            pos = start_pos
            for text, start, end in token_offsets(value):
                t.text = text
                t.boost = 1.0
                t.stopped = False
                if keeporiginal:
                    t.original = text
                if positions:
                    t.pos = pos
                    pos += 1
                t.startchar = start_char + start
                t.endchar = start_char + end
                yield t
            return
        if positions:
            for pos, text in enumerate(token_texts(value), start_pos):
                t.text = text
                t.boost = 1.0
                t.stopped = False
                if keeporiginal:
                    t.original = text
                t.pos = pos
                yield t
            return
        for text in token_texts(value):
            t.text = text
            t.boost = 1.0
            t.stopped = False
            if keeporiginal:
                t.original = text
            yield t


class FoldingFilter(Filter):
    """Lower-case and fold each token (``text.analysis.folding_table``): one term per token.

    ``language`` fixes how ambiguous Cyrillic is romanised; when None, the
    language of the enclosing ``analysis_language`` block is used.
    Tokens that fold to nothing (a lone soft hyphen) are dropped.
    """

    def __init__(self, language: str | None = None) -> None:
        self.language = normalise_language(language)

    def __call__(self, tokens: Iterable[Token]) -> Iterator[Token]:
        # Read the language now, not when the stream is first pulled.
        language = self.language or current_language()
        return self._run(tokens, language)

    @staticmethod
    def _run(tokens: Iterable[Token], language: str | None) -> Iterator[Token]:
        table = folding_table(language)
        for t in tokens:
            folded = table[t.text]
            if folded:
                t.text = folded
                yield t


class LanguageStemFilter(Filter):
    """Lower-case, drop stop words, stem in the article's language, fold the stems.

    Each token's entry in ``text.analysis.stemming_table``. ``language`` fixes
    the language (for a field that is always in one); when None, the enclosing
    ``analysis_language`` block decides. Index mode, or query mode with a
    language: that language's stems (folded only for languages without a
    stemmer). Query mode without a language: the distinct stems in every
    supported language at one position. A stop word is dropped, or with
    ``removestops=False`` kept (folded) and marked ``stopped``;
    ``stop_words=False`` keeps them unmarked. Wildcard query terms ("vuč*")
    are folded, never stemmed.

    Stop, stem and fold are one table lookup per token, in this one filter,
    because a million-article build pays for every generator layer.
    """

    is_morph = True

    def __init__(self, language: str | None = None, stop_words: bool = True) -> None:
        self.language = normalise_language(language)
        self.stop_words = stop_words

    def __call__(self, tokens: Iterable[Token]) -> Iterator[Token]:
        language = self.language or current_language()
        return self._run(tokens, language, self.stop_words)

    @staticmethod
    def _run(tokens: Iterable[Token], language: str | None, stops: bool) -> Iterator[Token]:
        table = None
        for t in tokens:
            text = t.text
            if table is None:
                table = stemming_table(language, stops, t.mode == "query" and language is None)
            if ("*" in text or "?" in text) and t.mode == "query" and text not in table:
                terms: tuple[str | None, ...] = (fold(text, language),)
            else:
                terms = table[text]
            if not terms:
                continue
            first = terms[0]
            if first is None:
                if t.removestops:
                    continue
                t.stopped = True
                t.text = terms[1]
                yield t
                continue
            t.text = first
            yield t
            if len(terms) > 1:
                for extra in terms[1:]:
                    t.text = extra
                    yield t


class LanguageAnalyzer(CompositeAnalyzer):
    """A composite analyzer whose unstemmed form (``no_morph``) still folds.

    Whoosh analyses a ``spelling=True`` field with ``no_morph=True``, which skips
    every morphological filter; here that skips stop words and stemming but
    keeps folding, so spelling suggestions are folded words.
    """

    def __call__(self, value: str, no_morph: bool = False, **kwargs: Any) -> Iterator[Token]:
        if not no_morph:
            return super().__call__(value, **kwargs)
        tokens = self.items[0](value, **kwargs)
        for item in self.items[1:]:
            if isinstance(item, LanguageStemFilter):
                tokens = FoldingFilter(item.language)(tokens)
            elif not item.is_morph:
                tokens = item(tokens)
        return tokens

    def __or__(self, other: Any) -> LanguageAnalyzer:
        return LanguageAnalyzer(self, other)


def exact_analyzer(language: str | None = None) -> CompositeAnalyzer:
    """Tokenise and fold; no stop words, no stemming: names, phrases, exact words."""
    return WordTokenizer() | FoldingFilter(language)


def stemmed_analyzer(language: str | None = None, stop_words: bool = True) -> LanguageAnalyzer:
    """Tokenise, fold, drop stop words and stem, per article language.

    ``language`` fixes the language for a single-language field; by default the
    language comes from ``analysis_language`` (see ``text.analysis``).
    """
    return LanguageAnalyzer(WordTokenizer(), LanguageStemFilter(language, stop_words))
