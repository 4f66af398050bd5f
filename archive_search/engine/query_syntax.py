"""The query language's syntax: Whoosh's tagger reads the string, this module hands back our tree.

Whoosh's query parser is good at the grammar (quotes, parentheses, AND/OR/NOT,
field prefixes, ranges, ``~``, ``*`` and ``^``), so it still does the reading,
with a few plugins of ours. What leaves this module is a small syntax tree of
frozen values defined here (``Group``, ``Not``, ``Required``, ``Word``,
``Phrase``, ``Prefix``, ``Wildcard``, ``Fuzzy``, ``Range``, ``Error``): the query
compiler (``search.querying``) decides what the tree means and never sees a
Whoosh object. Field names stay as written: knowing which fields exist, and
what an alias means, is the compiler's business.

Three steps, so a caller may skip the tagger for the common case:

* ``prepare``: typographic quotes made straight, a question mark closing a word
  dropped, an unbalanced quote closed (and what was unbalanced, for the notes).
* ``plain_words``: the tree of a query of plain words, without the tagger.
* ``parse``: the tree of any prepared query, with the operators left out and
  the field prefixes read.

Nothing here raises anything but ``errors.QueryError``.
"""

from __future__ import annotations

import re
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal

from whoosh.qparser import QueryParser, plugins, syntax

from archive_search import errors
from archive_search.text.analysis import token_texts

#: The operators of the language, as written.
OPERATORS = frozenset({"AND", "OR", "NOT", "ANDNOT", "+", "-"})
#: Where a capitalised word is an operator: between spaces, parentheses, quotes or the ends
#: of the query ("oil AND", "(AND oil)", "NOT(oil)"); inside a word it is text ("BRAND").
_WORD_OPERATOR = r"(?<![^\s()\"]){}(?![^\s()\"])"
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "″": '"'})
_TRAILING_QUESTION = re.compile(r"(?<=\w)\?+(?=[\s)]|$)")
_PLAIN = re.compile(r"[\w\s]+")
_WORD_RUN = re.compile(r"\S+")


# -- our tree --------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Word:
    """A word as written; ``start``/``end``: its place in the prepared text (None if made up)."""

    text: str
    field: str | None = None
    boost: float = 1.0
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True, slots=True)
class Phrase:
    """Words in double quotes (``text``: what is between them); ``"..."~3`` gives ``slop``."""

    text: str
    slop: int = 1
    field: str | None = None
    boost: float = 1.0


@dataclass(frozen=True, slots=True)
class Prefix:
    """``text*``: a word ending in one star (``text`` without it)."""

    text: str
    field: str | None = None
    boost: float = 1.0


@dataclass(frozen=True, slots=True)
class Wildcard:
    """A pattern with ``*`` or ``?`` anywhere other than a single star at the end."""

    text: str
    field: str | None = None
    boost: float = 1.0


@dataclass(frozen=True, slots=True)
class Fuzzy:
    """``text~distance/prefix``; ``start``/``end`` cover the word without its ``~`` mark."""

    text: str
    distance: int = 1
    prefix: int = 0
    field: str | None = None
    boost: float = 1.0
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True, slots=True)
class Range:
    """``[start TO end]``, ``{...}`` (exclusive), or ``field:>value`` and its kin."""

    start: str | None
    end: str | None
    startexcl: bool = False
    endexcl: bool = False
    field: str | None = None
    boost: float = 1.0


@dataclass(frozen=True, slots=True)
class Error:
    """A part of the query the tagger could not read, with its message."""

    message: str


GroupKind = Literal["implicit", "and", "or", "andnot"]


@dataclass(frozen=True, slots=True)
class Group:
    """Clauses side by side (``implicit``), joined by AND, OR, or ``a ANDNOT b`` (``andnot``).

    ``boost``: a ``^`` after a parenthesised group.
    """

    kind: GroupKind
    children: tuple[Node, ...] = ()
    boost: float = 1.0


@dataclass(frozen=True, slots=True)
class Not:
    """``NOT clause`` or ``-clause``."""

    children: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Required:
    """``+clause``."""

    children: tuple[Node, ...]


Node = Group | Not | Required | Word | Phrase | Prefix | Wildcard | Fuzzy | Range | Error


@dataclass(frozen=True, slots=True)
class Dropped:
    """An operator left out because it had nothing to apply to, and where it stood."""

    text: str
    start: int


@dataclass(frozen=True, slots=True)
class Prepared:
    """The query as the parser reads it, and what was unbalanced in it."""

    text: str
    unbalanced_quote: bool = False
    extra_parentheses: int = 0  # ")" with no "(" to close
    open_parentheses: int = 0  # "(" still open at the end


@dataclass(frozen=True, slots=True)
class Parsed:
    """The tree of a query, the operators left out of it, and its field prefixes as written."""

    tree: Group
    dropped: tuple[Dropped, ...] = ()
    fields: tuple[str, ...] = ()


# -- entry points -----------------------------------------------------------------------
def prepare(text: str) -> Prepared:
    """Straight quotes, no question mark ending a word, every quote closed.

    "oil?" is a question, not a one-letter wildcard; an odd quote opens a
    phrase that runs to the end of the query. Parentheses are only counted:
    the parser closes an open group at the end and ignores an extra ")".
    """
    text = text.translate(_QUOTES).strip()
    text = _TRAILING_QUESTION.sub("", text)
    unbalanced = bool(text.count('"') % 2)
    if unbalanced:
        text += '"'
    extra = depth = 0
    for char in text:
        if char == "(":
            depth += 1
        elif char == ")":
            if depth == 0:
                extra += 1
            depth = max(0, depth - 1)
    return Prepared(text, unbalanced, extra, depth)


def plain_words(text: str) -> Group | None:
    """The tree of words and spaces only, as ``parse`` builds it, without the tagger.

    Most queries are a few plain words; Whoosh's tagging passes cost more than
    the rest of compiling them. None when the text has any syntax at all.
    """
    if not _PLAIN.fullmatch(text):
        return None
    nodes = []
    for match in _WORD_RUN.finditer(text):
        if match.group() in OPERATORS:
            return None
        nodes.append(Word(match.group(), start=match.start(), end=match.end()))
    return Group("implicit", tuple(nodes))


def parse(text: str) -> Parsed:
    """The syntax tree of ``text`` (as ``prepare`` returns it), always an implicit group on top.

    Raises ``QueryError`` (one line) when the tagger fails; it should not, but
    hostile input (hundreds of nested parentheses) must never show a traceback.
    """
    reading = _Reading()
    token = _READING.set(reading)
    try:
        tree = _convert(_parser().process(text))
    except Exception as exc:
        raise errors.bad_query(f"cannot read the query ({type(exc).__name__})") from None
    finally:
        _READING.reset(token)
    if not isinstance(tree, Group):
        tree = Group("implicit", () if tree is None else (tree,))
    elif tree.kind != "implicit":
        tree = Group("implicit", (tree,))
    dropped = tuple(sorted(reading.dropped, key=lambda op: op.start))
    return Parsed(tree, dropped, tuple(reading.fields))


# -- Whoosh's tree to ours ------------------------------------------------------------------
class _ImplicitGroup(syntax.GroupNode):
    """Clauses written side by side without an operator (the default group)."""


class _RequiredGroup(syntax.Wrapper):
    """``+clause``: the clause must match."""


def _convert(node: Any) -> Node | None:
    """Our node for a Whoosh syntax node; None for grammar markers left over (stray operators)."""
    if isinstance(node, syntax.GroupNode):
        children = tuple(c for c in (_convert(n) for n in node) if c is not None)
        if isinstance(node, syntax.NotGroup):
            return Not(children)
        if isinstance(node, _RequiredGroup):
            return Required(children)
        return Group(_kind(node), children, _boost(node))
    if isinstance(node, syntax.ErrorNode):
        return Error(str(node.message))
    fieldname = getattr(node, "fieldname", None)
    boost = _boost(node)
    if isinstance(node, plugins.PhrasePlugin.PhraseNode):
        return Phrase(node.text, getattr(node, "slop", 1), fieldname, boost)
    if isinstance(node, plugins.PrefixPlugin.PrefixNode):
        return Prefix(node.text, fieldname, boost)
    if isinstance(node, plugins.WildcardPlugin.WildcardNode):
        return Wildcard(node.text, fieldname, boost)
    if isinstance(node, plugins.FuzzyTermPlugin.FuzzyTermNode):
        start, end = _span(node)
        return Fuzzy(node.text, node.maxdist, node.prefixlength, fieldname, boost, start, end)
    if isinstance(node, syntax.RangeNode):
        return Range(node.start, node.end, node.startexcl, node.endexcl, fieldname, boost)
    if isinstance(node, syntax.TextNode):
        return Word(node.text, fieldname, boost, *_span(node))
    if isinstance(node, (syntax.FieldnameNode, plugins.BoostPlugin.BoostNode)):
        # the plugins turn these into words when they stand alone; read them so if one stays
        return Word(node.original, fieldname, boost, *_span(node))
    return None


def _kind(group: Any) -> GroupKind:
    if isinstance(group, _ImplicitGroup):
        return "implicit"
    if isinstance(group, syntax.OrGroup):
        return "or"
    if isinstance(group, syntax.AndNotGroup):
        return "andnot"
    return "and"  # AND, and anything else that groups: every clause must match


def _boost(node: Any) -> float:
    return float(getattr(node, "boost", 1.0))


def _span(node: Any) -> tuple[int | None, int | None]:
    return getattr(node, "startchar", None), getattr(node, "endchar", None)


# -- the parser and our plugins ------------------------------------------------------------
@dataclass
class _Reading:
    """What the plugins note while one query is read."""

    dropped: list[Dropped] = field(default_factory=list)
    fields: list[str] = field(default_factory=list)


_READING: ContextVar[_Reading | None] = ContextVar("query_reading", default=None)


def _reading() -> _Reading:
    return _READING.get() or _Reading()


class _Operators(plugins.OperatorsPlugin):
    """AND, OR, NOT, ``-`` and ``+``, with the ones that have nothing to apply to left out.

    Whoosh binds an operator to whatever sits beside it: "oil AND AND wheat"
    became "(oil AND) wheat", and an operator at either end was searched as a
    word, so "oil AND wheat AND" also matched every article with an
    acronym "AND". Leaving such operators out first reads the query as meant.
    """

    def filters(self, parser: Any) -> Any:
        # after whitespace, boosts and quotes are read (500-550), before operators bind (600)
        return [(_drop_dangling_operators, 590), *super().filters(parser)]


def _drop_dangling_operators(parser: Any, group: Any) -> Any:
    """The group without operators that have nothing to apply to, at every depth.

    An infix operator (AND, OR, ANDNOT) needs a clause before it, any operator
    needs one after it: so a leading AND, an operator at the end of the query
    or group, and the second of two operators in a row ("AND AND", "OR AND",
    "NOT AND") go. ``AND NOT`` and ``AND -word`` stay: a prefix operator may
    follow an infix one. Punctuation that analyses to nothing ("&&", "||", a
    lone "-") and empty groups are left out too, so operators bind across them.
    """
    dropped = _reading().dropped
    out = group.empty_copy()
    for node in group:
        if isinstance(node, syntax.GroupNode):
            node = _drop_dangling_operators(parser, node)
            if not node:
                continue
        elif _analyses_to_nothing(node):
            continue
        elif isinstance(node, syntax.Operator) and not _may_follow(node, out[-1] if out else None):
            dropped.append(_dropped(node))
            continue
        out.append(node)
    while out and isinstance(out[-1], syntax.Operator):
        dropped.append(_dropped(out.pop()))
    return out


def _dropped(operator: Any) -> Dropped:
    start = getattr(operator, "startchar", None)
    return Dropped(operator.text, start if start is not None else -1)


def _may_follow(operator: Any, before: Any) -> bool:
    """Whether ``operator`` has something to apply to on its left (``before``: the node there)."""
    if isinstance(before, syntax.PrefixOperator):
        return False  # "NOT AND", "NOT NOT": the first still waits for its clause
    if isinstance(operator, syntax.InfixOperator):
        return before is not None and not isinstance(before, syntax.Operator)
    return True


def _analyses_to_nothing(node: Any) -> bool:
    """A word or phrase with no field and no token in it ("&&", "||", "-", '""')."""
    if type(node) not in (syntax.WordNode, plugins.PhrasePlugin.PhraseNode):
        return False
    return getattr(node, "fieldname", None) is None and not token_texts(node.text)


class _Fields(plugins.FieldsPlugin):
    """Field prefixes: a name of letters and a colon; "11:30" or "2:1" is text.

    Every prefix is noted as written before it applies to what follows, so the
    compiler can refuse a field that does not exist even where the prefix
    applies to nothing ("foo:)").
    """

    def __init__(self) -> None:
        super().__init__(expr=r"(?P<text>\w+):(?=\S)", remove_unknown=False)

    def filters(self, parser: Any) -> Any:
        return [(self.note_fieldnames, 100), *super().filters(parser)]

    def note_fieldnames(self, parser: Any, group: Any) -> Any:
        _note_fieldnames(group, _reading().fields)
        return group


def _note_fieldnames(group: Any, fields: list[str]) -> None:
    for i, node in enumerate(group):
        if isinstance(node, syntax.GroupNode):
            _note_fieldnames(node, fields)
        elif isinstance(node, syntax.FieldnameNode):
            if node.fieldname.lower().isalpha():
                fields.append(node.fieldname)
            else:  # "11:30", "2:1": not a field, just text
                group[i] = syntax.to_word(node)


class _GtLt(plugins.GtLtPlugin):
    """``date:>2013`` as a range; a ``<`` or ``>`` anywhere else is punctuation, not syntax.

    Whoosh's own filter fails (IndexError) on a relation that opens a group
    (``<NEWSCOPE``, ``>>``); here it is dropped and the words around it stay words.
    """

    def do_gtlt(self, parser: Any, group: Any) -> Any:
        out = group.empty_copy()
        nodes = list(group)
        i = 0
        while i < len(nodes):
            node = nodes[i]
            if isinstance(node, self.GtLtNode):
                after = nodes[i + 1] if i + 1 < len(nodes) else None
                before = out[-1] if len(out) else None
                if (
                    isinstance(before, syntax.FieldnameNode)
                    and after is not None
                    and after.has_text
                ):
                    out.append(self.make_range(after, node.rel))
                    i += 1
            elif isinstance(node, syntax.GroupNode):
                out.append(self.do_gtlt(parser, node))
            else:
                out.append(node)
            i += 1
        return out


class _Parser(QueryParser):
    """Whoosh's parser with its taggers and filters put in order once, not for every query."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._taggers = super().taggers()
        self._filters = super().filters()

    def taggers(self) -> list[Any]:
        return self._taggers

    def filters(self) -> list[Any]:
        return self._filters


@lru_cache(maxsize=1)
def _parser() -> QueryParser:
    operators = _Operators(
        ops=[
            (
                plugins.OperatorsPlugin.OpTagger(
                    r"(^|(?<=[\s(]))-(?=[^\s\-)])",
                    syntax.NotGroup,
                    syntax.PrefixOperator,
                    memo="minus",
                ),
                0,
            ),
            (
                plugins.OperatorsPlugin.OpTagger(
                    r"(^|(?<=[\s(]))\+(?=[^\s+)])",
                    _RequiredGroup,
                    syntax.PrefixOperator,
                    memo="plus",
                ),
                0,
            ),
        ],
        And=_WORD_OPERATOR.format("AND"),
        Or=_WORD_OPERATOR.format("OR"),
        AndNot=_WORD_OPERATOR.format("ANDNOT"),
        Not=_WORD_OPERATOR.format("NOT"),
        AndMaybe=None,
        Require=None,
    )
    return _Parser(
        None,
        None,
        plugins=[
            _Fields(),
            plugins.WildcardPlugin(),
            plugins.PhrasePlugin(),
            plugins.RangePlugin(),
            _GtLt(),
            plugins.GroupPlugin(),
            operators,
            plugins.BoostPlugin(),
            plugins.FuzzyTermPlugin(),
        ],
        group=_ImplicitGroup,
    )
