"""The query language: the engine reads the syntax, this compiler decides what it means.

``engine.query_syntax`` reads the grammar (quotes, parentheses, AND/OR/NOT,
field prefixes, ranges, ``~`` and ``*``) into a small syntax tree of our own.
Its meaning is decided here, for this index: every text field has an exact and
a stemmed twin, phrases only work on the exact fields, metadata fields need
folding, and a wildcard must never expand without bound. ``compile_query``
walks the tree and builds a lean query (``query_form``), and records what
snippets should highlight and which words a "did you mean" may correct.

Plain words side by side are a *soft* AND: every word is wanted, articles with
all of them rank first (``ranking.soft_or``), yet one missing word never empties
the result. Metadata clauses (``lang:``, ``date:``, ``place:``...) side by side
with words act as filters.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from archive_search import config, errors
from archive_search.engine import query_syntax
from archive_search.engine.query_syntax import (
    Error,
    Fuzzy,
    Group,
    Node,
    Not,
    Phrase,
    Prefix,
    Range,
    Required,
    Wildcard,
    Word,
)
from archive_search.engine.schema import TEXT_FIELDS
from archive_search.engine.snapshot import Snapshot
from archive_search.search import query_form as qf
from archive_search.search import ranking
from archive_search.search.languages import resolve_language
from archive_search.search.postings import TermCache
from archive_search.search.request import date_bound, date_period
from archive_search.text.analysis import (
    STOP_WORDS,
    current_language,
    fold,
    stem_variants,
)
from archive_search.text.places import search_keys

#: The text fields searched when a word has no field prefix (each with its ``_stem`` twin).

#: What a user may write before a colon, and the field it means.
FIELD_ALIASES: dict[str, str] = {
    "title": "title",
    "lede": "lede",
    "body": "body",
    "text": "body",
    "caption": "captions",
    "captions": "captions",
    "author": "author",
    "by": "author",
    "place": "place",
    "dateline": "place",
    "lang": "language",
    "language": "language",
    "section": "section",
    "outlet": "outlet",
    "date": "date",
}
#: Field names shown in the unknown-field message.
KNOWN_FIELDS = (
    "title",
    "lede",
    "body",
    "captions",
    "author",
    "place",
    "lang",
    "section",
    "outlet",
    "date",
)

#: Metadata fields indexed as folded keys (the others hold values as written).
FOLDED_KEY_FIELDS = frozenset({"place_key", "author_key"})

#: Literal characters required before a wildcard, so no pattern scans the whole vocabulary.
MIN_WILDCARD_PREFIX = 2
#: Leading characters a fuzzy term must share with its matches (same reason).
FUZZY_PREFIX = 2
#: Largest edit distance accepted after ``~``.
MAX_FUZZY_DISTANCE = 2

_OPERATORS = query_syntax.OPERATORS


def _dangling_note(dropped: tuple[query_syntax.Dropped, ...]) -> str:
    """The note naming the operators left out, and how to search for such a word."""
    names = list(dict.fromkeys(op.text for op in dropped))
    words = [name for name in names if name.isalpha()]
    hint = errors.Note.OPERATOR_AS_WORD.format(quoted=f'"{words[0].lower()}"') if words else ""
    return errors.Note.DANGLING_OPERATOR.format(operators=", ".join(names), hint=hint)


def _check_fields(written: tuple[str, ...]) -> None:
    """Fail clearly on the first field prefix that names no field."""
    for name in written:
        if name.lower() not in FIELD_ALIASES:
            raise errors.bad_query(
                f"unknown field {name + ':'!r}; "
                f"known fields: {', '.join(f + ':' for f in KNOWN_FIELDS)}"
            )


def _field(written: str | None) -> str | None:
    """The field a prefix means (``by:`` is ``author``); None without a prefix."""
    return None if written is None else FIELD_ALIASES[written.lower()]


# -- what the compiler produces -------------------------------------------------------
@dataclass(frozen=True)
class PhraseSpec:
    """A phrase to highlight: its words must occur within ``slop`` positions of each other."""

    field: str
    words: tuple[str, ...]
    slop: int = 1
    ordered: bool = True


@dataclass
class HighlightPlan:
    """Which indexed terms count as matches when building snippets, per index field."""

    terms: dict[str, set[str]] = field(default_factory=dict)
    phrases: list[PhraseSpec] = field(default_factory=list)

    def add(self, fieldname: str, texts: Any) -> None:
        self.terms.setdefault(fieldname, set()).update(texts)

    def copy(self) -> HighlightPlan:
        return HighlightPlan({k: set(v) for k, v in self.terms.items()}, list(self.phrases))


@dataclass(frozen=True)
class QueryWord:
    """A plain word as typed (with its place in the query string), for suggestions."""

    text: str
    token: str
    start: int
    end: int
    fields: tuple[str, ...]
    stems: tuple[str, ...] = ()
    stop: bool = False


@dataclass
class CompiledQuery:
    """A query ready to run: what to match and score, what to filter, what to highlight."""

    query: Any
    filters: list[Any]
    highlight: HighlightPlan
    words: list[QueryWord]
    plain: bool
    notices: list[str]
    text: str
    #: No word to rank by (an empty query, or only filters and exclusions): every
    #: article the filters select matches, and relevance order means nothing.
    browse: bool = False


@dataclass
class _Clause:
    query: Any
    text: bool  # matches article text (scored) rather than only metadata
    negated: bool = False
    required: bool = False
    stop: bool = False  # a function word ("the", "i", "και"): dropped beside content words
    marks: list[tuple[str, list[str]]] = field(default_factory=list)  # a stop word's highlights


@dataclass(frozen=True)
class _Target:
    kind: str  # "text", "author", "place", "language", "section", "outlet", "date"
    fields: tuple[str, ...] = ()


_DEFAULT_TARGET = _Target("text", TEXT_FIELDS)

#: The nodes that are terms of the query (the rest group them).
_Leaf = Word | Phrase | Prefix | Wildcard | Fuzzy | Range


def _target(fieldname: str | None) -> _Target:
    if fieldname is None:
        return _DEFAULT_TARGET
    if fieldname in TEXT_FIELDS:
        return _Target("text", (fieldname,))
    return _Target(fieldname)


# -- entry point ----------------------------------------------------------------------
def compile_query(text: str, reader: Snapshot) -> CompiledQuery:
    """Parse ``text`` and build its query form for this index.

    Call it inside ``analysis_language(...)`` when the search is restricted to
    one language: the stemmed analyzer then emits only that language's stems.
    An empty (or blank) query browses: it matches every live article, for the
    filters to select from. Raises ``QueryError`` (one line) for a malformed
    query, or one of only operators or punctuation.
    """
    if not text.strip():
        return browse_query(text)
    notices: list[str] = []
    prepared = _prepare(text, notices)
    if not prepared.strip():
        raise errors.empty_query()
    tree = _plain_words(prepared) or _parse(prepared, notices)
    compiler = _Compiler(reader, notices)
    try:
        return compiler.run(tree, prepared)
    except RecursionError:  # hundreds of nested parentheses: one line, never a traceback
        raise errors.bad_query("cannot read the query (RecursionError)") from None


def browse_query(text: str = "") -> CompiledQuery:
    """The query of no words: every live article (``qf.Every``), nothing to highlight."""
    return CompiledQuery(
        query=qf.Every(),
        filters=[],
        highlight=HighlightPlan(),
        words=[],
        plain=False,
        notices=[],
        text=text.strip(),
        browse=True,
    )


#: Most queries are a few plain words: their tree without the tagger.
_plain_words = query_syntax.plain_words


def _parse(text: str, notices: list[str]) -> Group:
    """The syntax tree of ``text``, with a note when operators with nothing to apply to went."""
    parsed = query_syntax.parse(text)
    _check_fields(parsed.fields)
    if parsed.dropped:
        notices.append(_dangling_note(parsed.dropped))
    return parsed.tree


def _prepare(text: str, notices: list[str]) -> str:
    """The query as the parser reads it; refuses one with nothing to search, notes what was odd.

    Quotes and parentheses left open are read sensibly (``query_syntax.prepare``)
    and said so.
    """
    prepared = query_syntax.prepare(text)
    text = prepared.text
    words = [w for w in (w.strip("()") for w in text.split()) if w]
    content = [w for w in words if w not in _OPERATORS]
    if content and all(w.endswith(":") and w[:-1].lower() in FIELD_ALIASES for w in content):
        raise errors.empty_query()  # "title:" with nothing after it
    if words and all(w in _OPERATORS for w in words):
        raise errors.bad_query(
            f"nothing to search for: {words[0]} is an operator; put words around it, "
            f'or quote it to search for the word ("{words[0].lower()}")'
        )
    if prepared.unbalanced_quote:
        notices.append(errors.Note.UNBALANCED_QUOTE)
    notices.extend([errors.Note.EXTRA_PARENTHESIS] * prepared.extra_parentheses)
    if prepared.open_parentheses:
        notices.append(errors.Note.OPEN_PARENTHESIS)
    return text


class _Limits:
    """What one query may cost, spent as it compiles (``config``: the limits themselves).

    A query is cut rather than refused: its first terms are searched as asked,
    the ones past a limit are left out (or expand to fewer words), and a note
    names them.
    """

    def __init__(self) -> None:
        self.terms = 0
        self.patterns = 0
        self.expansions = config.MAX_QUERY_EXPANSIONS
        # kind -> {occurrence number: the term as written}, in query order
        self.cut: dict[str, dict[int, str]] = {"terms": {}, "patterns": {}, "budget": {}}

    def admit_term(self, shown: str) -> bool:
        """Whether a word, phrase or field clause is searched at all."""
        self.terms += 1
        return self._check(self.terms <= config.MAX_QUERY_TERMS, "terms", self.terms, shown)

    def admit_pattern(self, shown: str) -> bool:
        """Whether a wildcard or fuzzy term may expand at all."""
        self.patterns += 1
        if not self._check(
            self.patterns <= config.MAX_QUERY_PATTERNS, "patterns", self.patterns, shown
        ):
            return False
        return self._check(self.expansions > 0, "budget", self.patterns, shown)

    def spend(self, shown: str, terms: list[str]) -> list[str]:
        """The expansions the budget still allows, from ``terms`` (the most frequent first)."""
        self._check(len(terms) <= self.expansions, "budget", self.patterns, shown)
        terms = terms[: self.expansions]
        self.expansions -= len(terms)
        return terms

    def cut_short(self, shown: str) -> None:
        """The budget ran out before every field of the current term was expanded."""
        self._check(False, "budget", self.patterns, shown)

    def _check(self, allowed: bool, kind: str, occurrence: int, shown: str) -> bool:
        if not allowed:
            self.cut[kind].setdefault(occurrence, shown)
        return allowed

    def notes(self) -> list[str]:
        """One note per limit that cut something, naming the first term it cut."""
        texts = {
            "terms": (errors.Note.TOO_MANY_TERMS, config.MAX_QUERY_TERMS),
            "patterns": (errors.Note.TOO_MANY_PATTERNS, config.MAX_QUERY_PATTERNS),
            "budget": (errors.Note.EXPANSION_BUDGET, config.MAX_QUERY_EXPANSIONS),
        }
        out = []
        for kind, (text, limit) in texts.items():
            cut = list(self.cut[kind].values())
            if cut:
                out.append(text.format(limit=limit, left_out=_left_out(cut)))
        return out


def _left_out(cut: list[str]) -> str:
    if len(cut) == 1:
        return errors.Note.LEFT_OUT.format(first=cut[0])
    return errors.Note.LEFT_OUT_MORE.format(first=cut[0], more=len(cut) - 1)


class _Compiler:
    def __init__(self, reader: Snapshot, notices: list[str]) -> None:
        self.reader = reader
        self.terms = TermCache.of(reader)
        self.notices = notices
        self.highlight = HighlightPlan()
        self.words: list[QueryWord] = []
        self.plain = True
        self.limits = _Limits()

    # -- tree walk --------------------------------------------------------------
    def run(self, tree: Node, text: str) -> CompiledQuery:
        top = tree if isinstance(tree, Group) and tree.kind == "implicit" else None
        if top is None:
            top = Group("implicit", (tree,))
        clauses = [c for c in (self.node(n) for n in top.children) if c is not None]
        self.notices.extend(self.limits.notes())
        negatives = [c.query for c in clauses if c.negated]
        filters = [c.query for c in clauses if not c.negated and not c.text]
        required = [c.query for c in clauses if not c.negated and c.text and c.required]
        optional = self._without_stop_words(
            [c for c in clauses if not c.negated and c.text and not c.required]
        )
        if not (filters or required or optional):
            if negatives:
                raise errors.bad_query(
                    "nothing to search for: the query only excludes; add a word to look for"
                )
            raise errors.bad_query(
                "nothing to search for: the query has only operators or punctuation "
                '(quote a word such as "and" to search for it)'
            )
        positive = self._combine(required, optional)
        if positive is None:
            positive = qf.Every()
        plain = self.plain and not required and not negatives
        if negatives:
            positive = qf.AndNot(positive, _or(negatives))
        return CompiledQuery(
            query=positive,
            filters=filters,
            highlight=self.highlight,
            words=self.words,
            plain=plain,
            notices=self.notices,
            text=text,
            browse=not (required or optional),
        )

    def node(self, node: Node) -> _Clause | None:
        """Compile one syntax node into a clause (None when it analyses to nothing)."""
        if isinstance(node, Error):
            raise errors.bad_query(node.message)
        if isinstance(node, Not):
            # excluded words are neither highlighted nor corrected
            plan, words = self.highlight.copy(), list(self.words)
            inner = self._single(node)
            self.highlight, self.words = plan, words
            return None if inner is None else _Clause(inner.query, inner.text, negated=True)
        if isinstance(node, Required):
            inner = self._single(node)
            if inner is None:
                return None
            return _Clause(inner.query, inner.text, required=inner.text)
        if isinstance(node, Group):
            return self._group(node)  # a boost on a group is not applied
        boost = node.boost or 1.0
        clause = self._leaf(node)
        if clause is not None and boost != 1.0:
            self.plain = False
            clause.query = clause.query.with_boost(clause.query.boost * boost)
        return clause

    def _single(self, wrapper: Not | Required) -> _Clause | None:
        self.plain = False
        inner = [c for c in (self.node(n) for n in wrapper.children) if c is not None]
        if not inner:
            return None
        if len(inner) == 1:
            return inner[0]
        return _Clause(qf.And(tuple(c.query for c in inner)), any(c.text for c in inner))

    def _group(self, group: Group) -> _Clause | None:
        if group.kind != "implicit":
            self.plain = False
        clauses = [c for c in (self.node(n) for n in group.children) if c is not None]
        if not clauses:
            return None
        text = any(c.text for c in clauses)
        if group.kind == "implicit":
            return self._implicit(clauses, text)
        if text:  # metadata beside text: filter, do not score
            for c in clauses:
                if not c.text:
                    c.query = _metadata(c.query)
        if group.kind == "or":
            subs = [qf.Not(c.query) if c.negated else c.query for c in clauses]
            return _Clause(_or(subs), text)
        if group.kind == "andnot" and len(clauses) == 2:
            return _Clause(qf.AndNot(clauses[0].query, clauses[1].query), clauses[0].text)
        # AND, and anything else that groups: every clause must match
        positives = [c.query for c in clauses if not c.negated]
        negatives = [c.query for c in clauses if c.negated]
        if not positives:
            raise errors.bad_query("a group of only excluded words matches nothing")
        q = _and(positives)
        if negatives:
            q = qf.AndNot(q, _or(negatives))
        return _Clause(q, text)

    def _implicit(self, clauses: list[_Clause], text: bool) -> _Clause:
        negatives = [c.query for c in clauses if c.negated]
        musts = [
            _metadata(c.query) if not c.text else c.query
            for c in clauses
            if not c.negated and (c.required or not c.text)
        ]
        optional = self._without_stop_words(
            [c for c in clauses if not c.negated and c.text and not c.required]
        )
        q = self._combine(musts, optional)
        if q is None:
            raise errors.bad_query("a group of only excluded words matches nothing")
        if negatives:
            q = qf.AndNot(q, _or(negatives))
        return _Clause(q, text)

    @staticmethod
    def _combine(musts: list[Any], optional: list[Any]) -> Any | None:
        soft = None
        if len(optional) == 1:
            soft = optional[0]
        elif optional:
            soft = ranking.soft_or(optional)
        parts = [*musts, soft] if soft is not None else list(musts)
        if not parts:
            return None
        return _and(parts)

    # -- leaves -----------------------------------------------------------------
    def _leaf(self, node: _Leaf) -> _Clause | None:
        if not self.limits.admit_term(_as_written(node)):
            return None
        target = _target(_field(node.field))
        if target is not _DEFAULT_TARGET:
            self.plain = False
        if isinstance(node, Phrase):
            self.plain = False
            return self._phrase(node, target)
        if isinstance(node, Prefix):
            self.plain = False
            return self._pattern(node, target, "prefix")
        if isinstance(node, Wildcard):
            self.plain = False
            return self._pattern(node, target, "wildcard")
        if isinstance(node, Fuzzy):
            self.plain = False
            return self._fuzzy(node, target)
        if isinstance(node, Range):
            self.plain = False
            return self._range(node, target)
        return self._word(node, target)

    def _word(self, node: Word | Fuzzy, target: _Target) -> _Clause | None:
        text = node.text
        if target.kind == "text":
            return self._text_word(node, target)
        if target.kind == "author":
            return self._author(text, phrase=False)
        return self._metadata_value(text, target)

    def _text_word(self, node: Word | Fuzzy, target: _Target) -> _Clause | None:
        raw = self._raw_tokens(node.text)
        if not raw:
            return None
        if len(raw) > 1:  # "co-operation", "Russia's", "U.N.-led": one clause of its parts
            return self._compound(node, raw, target)
        tokens = self._tokens(raw[0])
        if not tokens:
            return None
        token = tokens[0]
        stems = stem_variants(raw[0], current_language())
        stop = not self.reader.tokens("body_stem", raw[0])
        subs = []
        marks: list[tuple[str, list[str]]] = []
        for name in target.fields:
            weight = ranking.FIELD_WEIGHTS.get(name, 1.0)
            stem_field = f"{name}_stem"
            present = [s for s in stems if self.terms.contains(stem_field, s)]
            if ranking.STEM_WEIGHT:
                stem_weight = weight * ranking.STEM_WEIGHT
                subs += [qf.Term(stem_field, s, boost=stem_weight) for s in present]
            marks.append((stem_field, present))
            if self.terms.contains(name, token):
                # else the stems mark every occurrence, but for a stop word that the
                # stemmed field kept only as an acronym ("US")
                if not present or _stop_word(token):
                    marks.append((name, [token]))
                if not present:  # a stop word, or a form no stemmer produces
                    subs.append(qf.Term(name, token, boost=weight))
                elif ranking.EXACT_WEIGHT and name in ranking.EXACT_FIELDS:
                    # a stop word somewhere may be in the exact field and not the stemmed one
                    bonus = not _stop_word(token)
                    subs.append(
                        qf.Term(name, token, weight * ranking.EXACT_WEIGHT, exact_bonus=bonus)
                    )
        if not stop:
            for fieldname, terms in marks:
                self.highlight.add(fieldname, terms)
        start, end = node.start, node.end
        if start is not None and end is not None:
            word = QueryWord(node.text, token, start, end, target.fields, tuple(stems), stop)
            self.words.append(word)
        clause = _Clause(_or(subs), True, stop=stop)
        clause.marks = marks if stop else []
        return clause

    def _compound(self, node: Word | Fuzzy, parts: list[str], target: _Target) -> _Clause | None:
        """A word the tokenizer splits ("co-operation", "Russia's") as the OR of its parts.

        Each part is a word of its own (stems and all), as the stemmed field
        indexes it: a phrase of the parts would miss "Russia" for "Russia's"
        and "co-operation" written "cooperation" or "co-operation's".
        """
        clauses = []
        for part in parts:
            clause = self._text_word(Word(part), target)
            if clause is not None:
                clauses.append(clause)
        content = [c for c in clauses if not c.stop] or clauses
        if not content:
            return None
        clause = _Clause(_or([c.query for c in content]), True, stop=content[0].stop)
        clause.marks = [m for c in content for m in c.marks]
        return clause

    def _phrase(self, node: Phrase, target: _Target) -> _Clause | None:
        slop = max(1, int(node.slop or 1))
        if target.kind == "author":
            return self._author(node.text, phrase=True, slop=slop)
        if target.kind != "text":
            return self._metadata_value(node.text, target)
        tokens = self._tokens(node.text)
        if not tokens:
            return None
        return self._text_phrase(tokens, target.fields, slop)

    def _text_phrase(self, tokens: list[str], fields: tuple[str, ...], slop: int) -> _Clause:
        if len(tokens) == 1:
            subs = []
            for name in fields:
                if self.terms.contains(name, tokens[0]):
                    weight = ranking.FIELD_WEIGHTS.get(name, 1.0)
                    subs.append(qf.Term(name, tokens[0], boost=weight))
                    self.highlight.add(name, tokens)
            return _Clause(_or(subs), True)
        subs = []
        for name in fields:
            if not all(self.terms.contains(name, t) for t in tokens):
                continue
            weight = ranking.FIELD_WEIGHTS.get(name, 1.0) * ranking.PHRASE_WEIGHT
            subs.append(_proximity(name, tokens, slop, weight))
            self.highlight.phrases.append(PhraseSpec(name, tuple(tokens), slop, ordered=slop == 1))
        return _Clause(_or(subs), True)

    def _pattern(self, node: Prefix | Wildcard, target: _Target, kind: str) -> _Clause | None:
        shown = node.text + ("*" if kind == "prefix" else "")
        pattern = fold(node.text)
        literal = pattern if kind == "prefix" else re.split(r"[*?]", pattern, maxsplit=1)[0]
        if len(literal) < MIN_WILDCARD_PREFIX:
            where = "start a word" if not literal else "follow a single letter"
            raise errors.bad_query(
                f"{shown!r}: a wildcard cannot {where}, it would scan the whole "
                f"vocabulary; put at least {MIN_WILDCARD_PREFIX} letters before it"
            )
        fields = self._pattern_fields(target)
        if fields is None:
            raise errors.bad_query(f"wildcards do not apply to {target.kind}: values")
        if kind == "prefix":
            return self._expand(
                target, fields, shown, lambda f: self.reader.expand_prefix(f, pattern)
            )
        return self._expand(target, fields, shown, lambda f: self.reader.wildcard_terms(f, pattern))

    def _fuzzy(self, node: Fuzzy, target: _Target) -> _Clause | None:
        tokens = self._tokens(node.text)
        if len(tokens) != 1:
            return self._word(node, target)
        token = tokens[0]
        maxdist = node.distance
        if maxdist > MAX_FUZZY_DISTANCE:
            raise errors.bad_query(
                f"{node.text}~{maxdist}: the largest edit distance is {MAX_FUZZY_DISTANCE}"
            )
        prefix = node.prefix or min(FUZZY_PREFIX, len(token))
        fields = self._pattern_fields(target)
        if fields is None:
            raise errors.bad_query(f"fuzzy terms do not apply to {target.kind}: values")
        return self._expand(
            target,
            fields,
            _as_written(node),
            lambda f: self.reader.terms_within(f, token, maxdist, prefix=prefix),
        )

    def _expand(
        self, target: _Target, fields: tuple[str, ...], shown: str, find: Any
    ) -> _Clause | None:
        """A wildcard or fuzzy term as the OR of the words ``find(field)`` yields, within limits."""
        if not self.limits.admit_pattern(shown):
            return None
        subs = []
        for name in fields:
            found = iter(find(name))
            if not self.limits.expansions:
                if next(found, None) is not None:  # the budget is spent and this field had more
                    self.limits.cut_short(shown)
                    break
                continue
            terms = self._capped(name, found, shown)
            subs += [qf.Term(name, t, boost=ranking.FIELD_WEIGHTS.get(name, 1.0)) for t in terms]
            self.highlight.add(name, terms)
        return _Clause(_or(subs), target.kind in ("text", "author"))

    def _range(self, node: Range, target: _Target) -> _Clause:
        if target.kind != "date":
            raise errors.bad_query(
                "ranges [A TO B] work only with date:, e.g. date:[2013 TO 2014-06]"
            )
        start = _range_bound(node.start, end=False, exclusive=node.startexcl)
        end = _range_bound(node.end, end=True, exclusive=node.endexcl)
        if start is None and end is None:
            raise errors.bad_query("date range: give a start, an end, or both")
        if start and end and start > end:
            raise errors.bad_query(f"date range: {node.start} is after {node.end}")
        return _Clause(qf.DateRange("published", start, end), False)

    # -- metadata fields ------------------------------------------------------------
    def _author(self, text: str, *, phrase: bool, slop: int = 1) -> _Clause | None:
        q = author_query(self.reader, text, slop=slop)
        return None if q is None else _Clause(q, False)

    def _metadata_value(self, text: str, target: _Target) -> _Clause | None:
        q = metadata_query(self.reader, target.kind, text)
        return None if q is None else _Clause(q, False)

    # -- helpers --------------------------------------------------------------------
    def _without_stop_words(self, clauses: list[_Clause]) -> list[Any]:
        """Function words add cost and noise beside content words; alone, they are the query."""
        content = [c.query for c in clauses if not c.stop]
        if content:
            return content
        for c in clauses:
            for fieldname, terms in c.marks:
                self.highlight.add(fieldname, terms)
        return [c.query for c in clauses]

    def _pattern_fields(self, target: _Target) -> tuple[str, ...] | None:
        if target.kind == "text":
            return target.fields
        if target.kind == "author":
            return ("author",)
        if target.kind == "place":
            return ("place_key",)
        return None

    def _capped(self, fieldname: str, found: Any, shown: str) -> list[str]:
        """At most MAX_EXPANSIONS terms, the most frequent first; says so when capped.

        Fewer when the query's expansion budget runs out (``_Limits.spend``).
        """
        limit = config.MAX_EXPANSIONS
        scan = [_text(t) for _, t in zip(range(limit * 20), found, strict=False)]
        if len(scan) > limit or len(scan) > self.limits.expansions:
            reader = self.reader
            scan.sort(key=lambda t: reader.doc_frequency(fieldname, t), reverse=True)
        if len(scan) > limit:
            scan = scan[:limit]
            notice = errors.Note.EXPANSIONS_CAPPED.format(term=shown, limit=limit)
            if notice not in self.notices:
                self.notices.append(notice)
        return self.limits.spend(shown, scan)

    def _tokens(self, text: str, fieldname: str = "body") -> list[str]:
        """The folded terms of ``text`` as the exact field indexes them."""
        return self.reader.tokens(fieldname, text)

    def _raw_tokens(self, text: str) -> list[str]:
        """The words of ``text`` as written (before folding), for per-language stemming."""
        return self.reader.words("body", text)


def _as_written(node: _Leaf) -> str:
    """A term much as the user wrote it, to name it in a note (rebuilt from the node)."""
    if isinstance(node, Range):
        text = f"[{node.start or ''} TO {node.end or ''}]"
    elif isinstance(node, Phrase):
        text = f'"{node.text}"'
    elif isinstance(node, Prefix):
        text = f"{node.text}*"
    elif isinstance(node, Fuzzy):
        text = f"{node.text}~" + (str(node.distance) if node.distance != 1 else "")
    else:
        text = node.text or ""
    fieldname = _field(node.field)
    return f"{fieldname}:{text}" if fieldname else text


def _stop_word(folded: str) -> bool:
    """Whether a folded word is a stop word where the search looks (any language: anywhere).

    Such a word may sit in the exact field of an article whose stemmed field
    dropped it, so its exact form can match on its own.
    """
    language = current_language()
    if language is None:
        return folded in _any_stop_words()
    return folded in STOP_WORDS.get(language, ())


@lru_cache(maxsize=1)
def _any_stop_words() -> frozenset[str]:
    return frozenset().union(*STOP_WORDS.values())


def author_query(reader: Snapshot, text: str, *, slop: int = 1) -> Any | None:
    """Articles by an author: every word of ``text``, side by side, in the byline."""
    tokens = reader.tokens("author", text)
    if not tokens:
        return None
    if len(tokens) == 1:
        return qf.Term("author", tokens[0])
    return _proximity("author", tokens, slop, 1.0)


def metadata_query(reader: Snapshot, kind: str, value: str) -> Any | None:
    """A filter on a metadata field: ``date``, ``place``, ``language``, ``section``, ``outlet``."""
    value = value.strip()
    if not value:
        return None
    if kind == "date":
        first, last = date_period(value)
        return qf.DateRange("published", date_bound(first, end=False), date_bound(last, end=True))
    if kind == "language":
        value = resolve_language(reader, value)
    fieldname = {"place": "place_key"}.get(kind, kind)
    values = search_keys(value) if kind == "place" else (value,)
    terms = list(dict.fromkeys(t for v in values for t in keyword_terms(reader, fieldname, v)))
    return _or([qf.Term(fieldname, t) for t in terms])


def keyword_terms(reader: Snapshot, fieldname: str, value: str) -> list[str]:
    """Indexed values of a metadata field that match ``value`` after folding.

    Equal after folding (case, diacritics, script), or the value followed by a
    space or hyphen ("banja" finds "Banja Luka", "sr" finds "sr-Latn").
    """
    wanted = fold(value).strip()
    if not wanted or not reader.has_field(fieldname):
        return []
    if fieldname in FOLDED_KEY_FIELDS:  # indexed folded: look up, never scan
        out = [wanted] if reader.has_term(fieldname, wanted) else []
        for sep in (" ", "-"):
            out += [_text(t) for t in reader.expand_prefix(fieldname, wanted + sep)]
        return out
    out = []
    for btext in reader.lexicon(fieldname):
        term = _text(btext)
        folded = fold(term)
        if folded == wanted or folded.startswith((wanted + " ", wanted + "-")):
            out.append(term)
    return out


def _range_bound(text: str | None, *, end: bool, exclusive: bool) -> dt.datetime | None:
    if not text or not text.strip():
        return None
    first, last = date_period(text.strip())
    if exclusive:  # {2013 TO ...} or date:>2013 starts after 2013
        if end:
            return date_bound(first, end=False) - dt.timedelta(microseconds=1)
        return date_bound(last, end=True) + dt.timedelta(microseconds=1)
    return date_bound(last if end else first, end=end)


def _proximity(fieldname: str, tokens: list[str], slop: int, boost: float) -> Any:
    if slop <= 1:
        return qf.Phrase(fieldname, tuple(tokens), boost=boost)
    return qf.Near(fieldname, tuple(tokens), slop, boost=boost)


def _metadata(q: Any) -> Any:
    """A metadata clause inside a scored query: it filters but adds no score."""
    return qf.Filter(q)


_or = qf.any_of
_and = qf.all_of


def _text(term: Any) -> str:
    return term.decode("utf-8") if isinstance(term, bytes) else str(term)
