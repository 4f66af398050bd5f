"""The query syntax as the engine reads it: our own tree for every feature, our own errors only."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from archive_search import errors
from archive_search.engine import query_syntax as qs
from archive_search.engine.query_syntax import (
    Dropped,
    Fuzzy,
    Group,
    Not,
    Phrase,
    Prefix,
    Range,
    Required,
    Wildcard,
    Word,
)

OUR_NODES = (Group, Not, Required, Word, Phrase, Prefix, Wildcard, Fuzzy, Range, qs.Error)


def tree(text: str) -> tuple[qs.Node, ...]:
    """The clauses of the top group ``text`` reads as (after ``prepare``, as search does)."""
    parsed = qs.parse(qs.prepare(text).text)
    assert parsed.tree.kind == "implicit"
    return parsed.tree.children


def w(text: str, start: int, field: str | None = None, boost: float = 1.0) -> Word:
    return Word(text, field, boost, start, start + len(text))


def nodes(node: qs.Node) -> list[object]:
    out: list[object] = [node]
    for child in getattr(node, "children", ()):
        out += nodes(child)
    return out


# -- prepare -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("“oil wheat”", '"oil wheat"'),
        ("„oil wheat“", '"oil wheat"'),
        ("«oil» ″wheat″", '"oil" "wheat"'),
        ("  oil  ", "oil"),
        ("what is oil?", "what is oil"),
        ("oil?? (gas?)", "oil (gas)"),
        ("o?l", "o?l"),  # a question mark inside a word is a wildcard
        ("", ""),
    ],
)
def test_prepare_straightens_quotes_and_drops_question_marks_ending_words(
    written: str, read: str
) -> None:
    assert qs.prepare(written) == qs.Prepared(read)


def test_prepare_closes_an_unbalanced_quote_and_counts_unbalanced_parentheses() -> None:
    assert qs.prepare('oil "wheat') == qs.Prepared('oil "wheat"', unbalanced_quote=True)
    assert qs.prepare("“oil") == qs.Prepared('"oil"', unbalanced_quote=True)
    assert qs.prepare("a) b) (c ((d") == qs.Prepared(
        "a) b) (c ((d", extra_parentheses=2, open_parentheses=3
    )
    assert qs.prepare(")(") == qs.Prepared(")(", extra_parentheses=1, open_parentheses=1)


# -- the tree, feature by feature ----------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("oil wheat", (w("oil", 0), w("wheat", 4))),
        ('"oil wheat"', (Phrase("oil wheat"),)),
        ("“oil wheat”", (Phrase("oil wheat"),)),
        ('"oil wheat"~3', (Phrase("oil wheat", slop=3),)),
        ('oil "wheat', (w("oil", 0), Phrase("wheat"))),
        ("oil AND wheat", (Group("and", (w("oil", 0), w("wheat", 8))),)),
        ("a AND b AND c", (Group("and", (w("a", 0), w("b", 6), w("c", 12))),)),
        ("oil OR wheat", (Group("or", (w("oil", 0), w("wheat", 7))),)),
        ("oil ANDNOT wheat", (Group("andnot", (w("oil", 0), w("wheat", 11))),)),
        ("oil NOT wheat", (w("oil", 0), Not((w("wheat", 8),)))),
        ("-oil +wheat", (Not((w("oil", 1),)), Required((w("wheat", 6),)))),
        ("NOT(oil)", (Not((Group("implicit", (w("oil", 4),)),)),)),
        ("oil AND NOT wheat", (Group("and", (w("oil", 0), Not((w("wheat", 12),)))),)),
        ("BRAND", (w("BRAND", 0),)),  # an operator only between spaces, brackets or quotes
        ("oil - wheat", (w("oil", 0), w("wheat", 6))),  # a lone "-" analyses to nothing
        ("&& oil || wheat", (w("oil", 3), w("wheat", 10))),
        (
            "(oil OR wheat) AND price",
            (
                Group(
                    "and",
                    (
                        Group("implicit", (Group("or", (w("oil", 1), w("wheat", 8))),)),
                        w("price", 19),
                    ),
                ),
            ),
        ),
        ("((oil)", (w("oil", 2),)),
        ("oil)", (w("oil", 0),)),
        ("()", ()),
        ("title:oil", (w("oil", 6, "title"),)),
        ("By:smith", (w("smith", 3, "By"),)),  # as written: aliases are the compiler's
        (
            "title:(oil wheat)",
            (Group("implicit", (w("oil", 7, "title"), w("wheat", 11, "title"))),),
        ),
        ('title:"oil wheat"', (Phrase("oil wheat", field="title"),)),
        ("11:30", (w("11:", 0), w("30", 3))),  # digits and a colon: text, not a field
        ("date:>2013", (Range("2013", None, startexcl=True, field="date"),)),
        ("date:>=2013", (Range("2013", None, field="date"),)),
        ("date:<2013", (Range(None, "2013", endexcl=True, field="date"),)),
        ("date:<=2013", (Range(None, "2013", field="date"),)),
        ("date:[2010 TO 2012]", (Range("2010", "2012", field="date"),)),
        ("date:{2010 TO 2012}", (Range("2010", "2012", True, True, field="date"),)),
        ("date:[2010 TO]", (Range("2010", None, field="date"),)),
        ("[2010 TO 2012]", (Range("2010", "2012"),)),
        ("<kosovo", (w("kosovo", 1),)),  # a relation without a field is punctuation
        (">>", ()),
        ("oil~", (Fuzzy("oil", 1, 0, start=0, end=3),)),
        ("oil~2", (Fuzzy("oil", 2, 0, start=0, end=3),)),
        ("oil~2/3", (Fuzzy("oil", 2, 3, start=0, end=3),)),
        ("title:oil~", (Fuzzy("oil", field="title", start=6, end=9),)),
        ("oi*", (Prefix("oi"),)),
        ("by:smi*", (Prefix("smi", field="by"),)),
        ("oi?l", (Wildcard("oi?l"),)),
        ("o*l", (Wildcard("o*l"),)),
        ("*oil", (Wildcard("*oil"),)),
        ("oil^2", (w("oil", 0, boost=2.0),)),
        ('"oil wheat"^2', (Phrase("oil wheat", boost=2.0),)),
        ("(oil wheat)^3", (Group("implicit", (w("oil", 1), w("wheat", 5)), boost=3.0),)),
        ("^2", (w("^2", 0),)),  # a boost with nothing before it is text
        ("", ()),
    ],
)
def test_each_feature_reads_as_our_tree(text: str, expected: tuple[qs.Node, ...]) -> None:
    assert tree(text) == expected


@pytest.mark.parametrize(
    ("text", "clauses", "dropped"),
    [
        ("oil AND", (w("oil", 0),), (Dropped("AND", 4),)),
        ("AND oil", (w("oil", 4),), (Dropped("AND", 0),)),
        ("oil AND AND wheat", (Group("and", (w("oil", 0), w("wheat", 12))),), (Dropped("AND", 8),)),
        ("NOT AND oil", (Not((w("oil", 8),)),), (Dropped("AND", 4),)),
        ("oil OR AND wheat", (Group("or", (w("oil", 0), w("wheat", 11))),), (Dropped("AND", 7),)),
        (
            "(AND oil) NOT",
            (Group("implicit", (w("oil", 5),)),),
            (Dropped("AND", 1), Dropped("NOT", 10)),
        ),
        ("oil -", (w("oil", 0),), ()),  # punctuation, not an operator: nothing to note
    ],
)
def test_operators_with_nothing_to_apply_to_are_left_out_and_noted_in_order(
    text: str, clauses: tuple[qs.Node, ...], dropped: tuple[Dropped, ...]
) -> None:
    parsed = qs.parse(text)
    assert parsed.tree.children == clauses
    assert parsed.dropped == dropped


@pytest.mark.parametrize(
    ("text", "fields"),
    [
        ("title:oil by:smith", ("title", "by")),
        ("foo:bar", ("foo",)),  # unknown fields are noted, refusing them is the compiler's job
        ("foo:)", ("foo",)),  # even where the prefix applies to nothing
        ("title:body:x", ("title", "body")),
        ("(a (Place:b))", ("Place",)),
        ("11:30 2:1", ()),
        ("oil", ()),
    ],
)
def test_every_field_prefix_is_noted_as_written(text: str, fields: tuple[str, ...]) -> None:
    assert qs.parse(text).fields == fields


def test_positions_are_where_the_words_are_in_the_prepared_text() -> None:
    text = qs.prepare("“oil” (wheat OR gas) -coal").text
    for node in nodes(qs.parse(text).tree):
        if isinstance(node, Word):
            assert node.start is not None and node.end is not None
            assert text[node.start : node.end] == node.text


# -- plain words without the tagger ----------------------------------------------------------
def test_plain_words_are_read_without_the_tagger(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(qs, "_parser", lambda: pytest.fail("the tagger ran"))
    assert qs.plain_words("oil  wheat 2013") == Group(
        "implicit", (w("oil", 0), w("wheat", 5), w("2013", 11))
    )


@pytest.mark.parametrize("text", ["oil AND wheat", "NOT oil", "oil*", '"oil"', "title:oil", "a-b"])
def test_plain_words_leave_anything_with_syntax_to_the_tagger(text: str) -> None:
    assert qs.plain_words(text) is None


@given(
    st.lists(st.sampled_from(["oil", "AND", "Wheat", "ß", "2013", "x_y", " ", "  "])).map("".join)
)
@example("AND oil")
def test_plain_words_build_the_tree_the_tagger_builds(text: str) -> None:
    fast = qs.plain_words(text)
    if fast is not None:
        assert fast == qs.parse(text).tree


# -- hostile input -----------------------------------------------------------------------------
def test_a_very_long_query_reads_in_full() -> None:
    text = " ".join(f"w{n} AND (x{n} OR y{n}*) -z{n}" for n in range(100))
    assert len(text) > 2000
    words = [n for n in nodes(qs.parse(text).tree) if isinstance(n, Word)]
    assert len(words) == 300


def test_nested_parentheses_read_as_nested_groups() -> None:
    node: qs.Node = qs.parse("(" * 50 + "oil" + ")" * 50).tree
    depth = 0
    while isinstance(node, Group) and node.children:
        node, depth = node.children[0], depth + 1
    assert node == w("oil", 50) and depth == 50


def test_parentheses_nested_beyond_the_reader_are_one_line_query_error() -> None:
    with pytest.raises(errors.QueryError, match=r"^bad query: cannot read the query \("):
        qs.parse("(" * 999 + "oil" + ")" * 999)


def test_a_failure_inside_the_tagger_is_a_query_error(monkeypatch: pytest.MonkeyPatch) -> None:
    class Broken:
        def process(self, text: str) -> None:
            raise IndexError("list index out of range")

    monkeypatch.setattr(qs, "_parser", Broken)
    with pytest.raises(errors.QueryError, match=r"cannot read the query \(IndexError\)"):
        qs.parse("oil")


@pytest.mark.parametrize(
    "text", ["\x00oil\x1b[31m", "\ud800", "\u202eoil", "\ufeff", "oil\x00AND\x00wheat", "\r\n\t"]
)
def test_control_characters_are_read_without_failing(text: str) -> None:
    parsed = qs.parse(qs.prepare(text).text)
    assert all(isinstance(n, OUR_NODES) for n in nodes(parsed.tree))


PIECES = st.sampled_from(
    [
        '"', "“", "(", ")", " AND ", " OR ", " NOT ", " ANDNOT ", " -", "+", "*", "?", "~", "~2",
        "^2", ":", "title:", "by:", "foo:", "date:", "date:>", "<", "[", " TO ", "]", "{", "}",
        "oil", "Wheat", "Београд", "\x00", "\u0301", " ", "2013",
    ]
)  # fmt: skip


@given(st.lists(PIECES | st.text(max_size=5), max_size=30).map("".join) | st.text(max_size=80))
@example("(" * 400 + "x" + ")" * 400)
@example("<NEWSCOPE")
def test_any_text_reads_as_our_tree_or_one_query_error(text: str) -> None:
    prepared = qs.prepare(text)
    try:
        parsed = qs.parse(prepared.text)
    except errors.QueryError as exc:
        assert "\n" not in str(exc)
        return
    assert parsed.tree.kind == "implicit"
    found = nodes(parsed.tree)
    assert all(isinstance(n, OUR_NODES) for n in found)
    for node in found:  # nothing of Whoosh's inside our values either
        if not isinstance(node, Group | Not | Required):
            values = [getattr(node, f.name) for f in dataclasses.fields(node)]
            assert all(isinstance(v, str | int | float | bool | None) for v in values)
