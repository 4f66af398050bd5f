"""Any outlet's news page (HTML) -> Article.

The page is parsed once with lxml; metadata comes from ``html_metadata``, the
main text from trafilatura run on that same tree, photo captions from
``<figcaption>``-like markup. Pages that are not one article (error pages,
section fronts, empty shells) raise ``SkipSource`` with a ``Skip`` reason; no
other exception ever leaves ``parse_news_html``.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import re
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from archive_search.article import Article, Caption
from archive_search.errors import Skip, SkipSource
from archive_search.ingest.dates import written_date
from archive_search.ingest.editions import edition_key, hreflang_links
from archive_search.ingest.headline import (
    emphasised_headline,
    names_only_the_site,
    without_site_name,
)
from archive_search.ingest.html_metadata import PageMetadata, extract_metadata, parse_html

if TYPE_CHECKING:  # pragma: no cover
    from lxml.html import HtmlElement

__all__ = ["extract_body", "extract_captions", "parse_news_html"]

# Fewer word characters than this in the whole body: not an article.
MIN_BODY_CHARS = 80

_WORD = re.compile(r"\w+")
# Error pages: a status code or "not found" in the title or <h1> of a page with
# almost no text, or the text itself saying the page is gone.
_ERROR_TITLE = re.compile(
    r"^\W*(?:error\W*)?(?:404|403|410|500|502|503)\b|\b(?:error|fehler|erreur|greška|"
    r"грешка|hata|gabim|eroare|σφάλμα)\W*(?:404|403|410|500|502|503)\b|"
    r"page (?:was )?not found|file not found|\bnot found\b|no longer (?:available|exists)|"
    r"access denied|\bforbidden\b|server error|"
    r"seite nicht gefunden|page introuvable|página no encontrada|pagina non trovata|"
    r"página não encontrada|pagina niet gevonden|strona nie (?:została )?znaleziona|"
    r"stranica nije pronađena|страница не найдена|страницата не е намерена|"
    r"страница није пронађена|sayfa bulunamadı|η σελίδα δεν βρέθηκε|"
    r"pagina nu a fost găsită|faqja nuk u gjet|страницата не е пронајдена",
    re.I,
)
_ERROR_TEXT = re.compile(
    r"\b(?:page|article|content|story|file)s? (?:you|you're|you are)? ?"
    r"(?:were |are )?(?:looking for|requested|tried to (?:reach|access))\b[^.]{0,60}"
    r"\b(?:not (?:be )?found|does ?n[o']t exist|no longer|(?:re)?moved|unavailable)",
    re.I,
)
ERROR_PAGE_WORDS = 80
_LIST_TYPES = {"CollectionPage", "ItemList", "SearchResultsPage", "ProfilePage", "og:profile"}
_CAPTION_XPATH = (
    "//figcaption | //*[@itemprop='caption' or @itemprop='description'][ancestor::figure]"
    " | //*[contains(concat(' ', normalize-space(@class), ' '), ' wp-caption-text ')]"
)
_LOWER = "translate(@class, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')"
_CREDIT_XPATH = (
    f".//*[contains({_LOWER}, 'credit') or contains({_LOWER}, 'copyright')"
    f" or contains({_LOWER}, 'source') or contains({_LOWER}, 'author')"
    " or @itemprop='copyrightHolder' or @itemprop='creditText' or @itemprop='author'"
    " or self::cite or self::small]"
)
_CREDIT_WORDS = (
    r"(?:photo(?:graph)?s?|images?|pictures?|pic|credits?|fotos?|fotografija|фото|"
    r"φωτογραφία|kaynak|sources?|illustrations?)(?:\s*credits?)?\s*[:/]\s*|©\s*|\(c\)\s*"
)
_CREDIT_LABEL = re.compile(rf"^\s*(?:{_CREDIT_WORDS})", re.I)
# "... in January. (Photo: AFP)", "... Photo: AFP", "... © Reuters", "... [KFOR]"
_CREDIT_TAIL = re.compile(
    rf"[\s(|/–—-]*(?P<credit>(?:{_CREDIT_WORDS})[^()\[\]]{{2,80}})\)?\s*$"
    r"|\s*\[(?P<bracket>[^\[\]]{2,80})\]\s*$",
    re.I,
)
# Captions there belong to other stories or to the site, not to this article.
_NOISE_ANCESTORS = (
    "ancestor::aside or ancestor::nav or ancestor::footer"
    " or ancestor::header[not(ancestor::article or ancestor::main)]"
    f" or ancestor::*[contains({_LOWER}, 'related') or contains({_LOWER}, 'promo')"
    f" or contains({_LOWER}, 'sidebar') or contains({_LOWER}, 'teaser')]"
)


def parse_news_html(html: str, *, source: str = "", url: str = "") -> Article:
    """Turn one news page into an Article, or raise SkipSource saying why not.

    ``url`` is where the page was fetched from: it resolves a relative
    canonical link and names the outlet when the page does not. Any failure
    inside the HTML stack becomes ``SkipSource(Skip.PARSE_FAILED)``, so one
    odd page never stops an archive run.
    """
    if not isinstance(html, str) or not html.strip():
        raise SkipSource(Skip.EMPTY)
    try:
        return _parse(html, source=source, url=url)
    except SkipSource:
        raise
    except Exception as exc:  # the contract: bad input never escapes as anything else
        raise SkipSource(Skip.PARSE_FAILED.format(detail=_one_line(exc))) from exc


def _parse(html: str, *, source: str, url: str) -> Article:
    tree = parse_html(html)
    meta = extract_metadata(tree, base_url=url)
    captions = extract_captions(tree)
    body, container, lines = _extract(tree, meta.url or url)
    title = meta.title or _first_heading(tree)
    if body and not meta.headline:
        host = _host(url)
        if names_only_the_site(title, tree, meta.site_name, host):
            title = emphasised_headline(tree, _first_prose(body)) or title
        else:
            title = without_site_name(title, tree, meta.site_name, host)
    body, dated, byline = _drop_edge_furniture(_drop_repeats(body, title, captions), meta.author)
    if body and not (meta.published and (meta.author or byline)):
        head_date, head_author = _head_facts(_head_lines(lines, body), meta.author)
        dated, byline = dated or head_date, byline or head_author
    _check_is_article(meta, body, tree, container)
    if not title:
        raise SkipSource(Skip.NO_TITLE)
    place, place_local = _dateline(body[0])
    return Article(
        title=title,
        body=body,
        lede=_lede(meta.description or _standfirst(tree), body, title),
        captions=captions,
        author=meta.author or byline,
        place=place,
        place_local=place_local,
        published=meta.published or _fallback_date(tree, meta.url or url) or dated,
        language=meta.language,  # the parse stage detects it from the text when empty
        section=meta.section,
        outlet=meta.site_name or _host(meta.url or url),
        url=meta.url or url,
        source=source,
        edition_key=edition_key(meta.url or url, hreflang_links(tree, meta.url or url)),
    )


# -- main text -------------------------------------------------------------
def extract_body(tree: HtmlElement, *, url: str = "") -> list[str]:
    """The article's paragraphs: trafilatura's text, refined against the page's structure.

    trafilatura runs on the already parsed tree (it copies it before cleaning,
    so the caller's tree stays usable) and is generous at the edges: headline,
    standfirst, newsletter boxes and "more stories" lists often come along,
    and an article split into several chunks loses all but the first. The
    refinement (see ``_refine``) fixes both from where each paragraph sits.
    """
    return _extract(tree, url)[0]


def _extract(tree: HtmlElement, url: str) -> tuple[list[str], HtmlElement | None, list[str]]:
    """Body paragraphs, the element that holds the article's text (None if unknown) and
    trafilatura's own lines."""
    import trafilatura

    _quiet_trafilatura()
    text = trafilatura.extract(
        _without_layout_tables(tree),
        url=url or None,
        include_comments=False,
        include_tables=True,
        with_metadata=False,
        deduplicate=False,
    )
    paragraphs = _paragraphs(text or "")
    body, container = _refine(tree, paragraphs) if paragraphs else ([], None)
    return body, container, paragraphs


def _head_lines(lines: list[str], body: list[str]) -> list[str]:
    """trafilatura's lines above the body that the refinement left out (headline, date,
    byline of a page without metadata), for what they say about the article."""
    first = next((i for i, line in enumerate(lines) if body and line == body[0]), 0)
    return lines[:first]


def _head_facts(head: list[str], known_author: str) -> tuple[dt.date | None, str]:
    """(date, author) from the lines just above the text: a date line and, when no author
    is known, a name alone on its line; the scan stops at the first line that is neither."""
    date: dt.date | None = None
    author = ""
    for line in reversed(head):
        if (found := written_date(line)) and date is None:
            date = found
        elif not known_author and not author and _name_line(line):
            author = line.strip()
        else:
            break
    return date, author


#: A table cell holding this many words of text of its own is page layout, not data.
LAYOUT_CELL_WORDS = 80
_TABLE_PARTS = {"table", "thead", "tbody", "tfoot", "tr", "td", "th"}


def _without_layout_tables(tree: HtmlElement) -> HtmlElement:
    """``tree``, or a copy whose layout tables are ``<div>``s, for trafilatura.

    2000s pages lay the whole page out in tables: menu column, article cell,
    "most read" column. trafilatura reads a table as data and prints each row
    as one line ("| headline date author text... |"), so the article's
    paragraphs, its headline, date and byline come out as one blob. A table
    that holds another table, or a cell with a text's worth of words of its
    own, is layout; as ``<div>``s its cells are read as the page's blocks. Data
    tables inside the article stay tables. The copy leaves the caller's tree
    (and its elements, which ``_refine`` traces paragraphs to) untouched.
    """
    layout = [t for t in tree.iter("table") if _is_layout_table(t)]
    if not layout:
        return tree
    import copy

    positions = {el: i for i, el in enumerate(tree.iter())}
    marked = {positions[t] for t in layout}
    clone = copy.deepcopy(tree)
    tables = [el for i, el in enumerate(clone.iter()) if i in marked]
    parts = [el for t in tables for el in t.iter(*_TABLE_PARTS) if _table_of(el) is t]
    for el in [*tables, *parts]:
        el.tag = "div"
    return clone


def _table_of(el: HtmlElement) -> HtmlElement | None:
    """The table an element belongs to (itself, for a table)."""
    if el.tag == "table":
        return el
    return next(el.iterancestors("table"), None)


def _is_layout_table(table: HtmlElement) -> bool:
    """A table holding a table, a single cell (a box), or a cell with a text's worth of words."""
    if table.find(".//table") is not None:
        return True
    if len([c for c in table.iter("td", "th") if _table_of(c) is table]) == 1:
        return True
    for cell in table.iter("td", "th"):
        own = [
            t
            for el in cell.iter()
            if isinstance(el.tag, str) and _table_of(el) is table
            for t in (el.text, el.tail if el is not cell else None)
            if t
        ]
        if len(_WORD.findall(" ".join(own))) >= LAYOUT_CELL_WORDS:
            return True
    return False


def _paragraphs(text: str) -> list[str]:
    out = []
    for line in text.splitlines():
        line = " ".join(line.split())
        line = re.sub(r"^[-*•]\s+", "", line)  # trafilatura's list markers
        if _WORD.search(line):
            out.append(line)
    return out


# Share of the extracted words the main container must hold. Low enough to
# shed a page's worth of teasers, high enough that two halves of one article
# are not split (their common parent is then the container).
MAIN_SHARE = 0.6
# A paragraph outside the main container is still kept when it is this long:
# boilerplate comes in short pieces, prose that long is text.
KEEP_WORDS = 60
# A markup signature carrying this share of the main container's words is "the
# article's paragraph style"; paragraphs elsewhere with that style are text too.
STYLE_SHARE = 0.2
# How far above the main container the other chunks of a split article are sought.
CHUNK_REACH = 3
# Layout and utility classes (grid columns, spacing) say nothing about what a
# paragraph is, so they never make two paragraphs "the same style".
_LAYOUT_CLASS = re.compile(
    r"^(?:row|col|col-.*|columns?|container.*|wrapper|inner|clearfix|clear|cf|grid|span\d+|"
    r"(?:xs|sm|md|lg|xl|small|medium|large)-\d+|[a-z]{1,3}-\d+|.*:.*|"
    r"text-(?:left|right|center|justify)|(?:float|pull)-(?:left|right))$"
)

_KEY_WORDS = 5
_NOT_TEXT = {"script", "style", "noscript", "template", "title", "head", "meta", "link"}
_INLINE = {
    "a", "abbr", "b", "big", "cite", "code", "em", "font", "i", "mark", "q", "s", "small",
    "span", "strong", "sub", "sup", "time", "u",
}  # fmt: skip
_OFF_TEXT = {"aside", "nav", "footer", "header", "figure", "figcaption", "form", "button"}


def _refine(tree: HtmlElement, paragraphs: list[str]) -> tuple[list[str], HtmlElement | None]:
    """Keep the paragraphs of the article's container, and recover its missed chunks.

    Each paragraph is traced back to the element it came from. The main
    container is the deepest element holding ``MAIN_SHARE`` of the words;
    paragraphs outside it are dropped unless they are long or share the
    markup style (class) of the article's own paragraphs, as the chunks of a
    split article do. Paragraphs of that style which trafilatura skipped in
    other chunks are then added in document order.
    """
    sources = _SourceIndex(tree)
    owners = [sources.locate(p) for p in paragraphs]
    weights = [len(_WORD.findall(p)) for p in paragraphs]
    container = _main_container(owners, _without_card_words(tree, owners, weights))
    if container is None:
        return paragraphs, None
    traced = [els or sources.first_node(p) for p, els in zip(paragraphs, owners, strict=True)]
    inside = [not els or any(_within(e, container) for e in els) for els in traced]
    style = _article_style(owners, weights, inside)
    order = sources.order
    kept: list[tuple[int, str, list[HtmlElement]]] = []
    position = -1
    for text, els, is_in, words in zip(paragraphs, owners, inside, weights, strict=True):
        if els:
            position = order.get(_block(els[0]), position)
        if is_in or words >= KEEP_WORDS or any(_style(e) & style for e in els):
            kept.append((position, text, els))
    kept = _without_teaser_cards(kept, container)
    body = [
        (pos, text)
        for pos, text, els in kept
        if not _promo(text, els)
        and not _link_row(text, els or sources.first_node(text))
        and not _slot_label(text, els)
    ]
    body = _drop_teaser_runs(body, kept)
    matched = {_block(e) for els in owners for e in els}
    for pos, text in _missed_chunks(tree, container, style, matched, order):
        at = len(body)
        while at and body[at - 1][0] > pos:
            at -= 1
        body.insert(at, (pos, text))
    return [text for _, text in body], container


#: A teaser card holds at most this share of the main container's words (a page whose
#: whole article sits under a linked headline is not one card).
CARD_SHARE = 0.3
#: Cards (``LIST_CARDS`` or more) holding this share of the text make a list page.
LIST_SHARE = 0.5


def _without_card_words(
    tree: HtmlElement, owners: list[list[HtmlElement]], weights: list[int]
) -> list[int]:
    """``weights`` with the words of teaser-card excerpts set to zero (unless all are).

    Next to a short article, three "related posts" excerpts outweigh it, and the
    deepest element holding most words would be the box of cards.
    """
    limit = CARD_SHARE * sum(weights)
    root = tree.getroottree().getroot()
    holders = _subheading_holders(root)
    if not holders:
        return weights
    sizes: dict[HtmlElement, int] = {}
    out = []
    for els, weight in zip(owners, weights, strict=True):
        card = _card_below(_block(els[0]), root, holders) if els else None
        if card is not None and card not in sizes:
            sizes[card] = len(_WORD.findall(card.text_content()))
        out.append(0 if card is not None and sizes[card] <= limit else weight)
    return out if any(out) else weights


def _without_teaser_cards(
    kept: list[tuple[int, str, list[HtmlElement]]], container: HtmlElement
) -> list[tuple[int, str, list[HtmlElement]]]:
    """Drop the excerpts of teaser cards inside the article's container, and their box's label.

    CMSs print "related posts" and "more from" boxes inside the article's element
    (WordPress's Jetpack puts them in ``entry-content``): each card is a linked
    headline over an excerpt, real prose in the site's language, so no word list
    tells it, and in a short article the excerpts may even set the "article
    style". The structure does: a small box that also holds a linked headline. A short label opening the box of
    cards ("Related posts", in any language) goes with them.
    """
    limit = CARD_SHARE * len(_WORD.findall(container.text_content()))
    holders = _subheading_holders(container)
    cards: dict[int, HtmlElement] = {}
    for index, (_, _, els) in enumerate(kept):
        if not els:
            continue
        card = _card_below(_block(els[0]), container, holders)
        if card is not None and len(_WORD.findall(card.text_content())) <= limit:
            cards[index] = card
    card_words = sum(len(_WORD.findall(kept[i][1])) for i in cards)
    mostly = card_words >= LIST_SHARE * sum(len(_WORD.findall(text)) for _, text, _ in kept)
    if mostly and len(set(cards.values())) >= LIST_CARDS:
        return kept  # many cards and little else: a list page, which ``_looks_like_list`` tells
    labels = set()
    for index, (_, text, els) in enumerate(kept):
        card = cards.get(index + 1)
        if index in cards or card is None or not els or len(_WORD.findall(text)) > 6:
            continue
        box = _block(els[0]).getparent()
        if box is not None and _within(card, box) and not _within(box, card):
            labels.add(index)
    return [item for i, item in enumerate(kept) if i not in cards and i not in labels]


# Labels of in-text promotions ("READ MORE: <other story>"), in the archive's
# languages and the major European ones. Matched at the start of a paragraph.
_PROMO_LABEL = re.compile(
    r"^\W*(?:read (?:more|also|next)|see (?:more|also)|also (?:read|see|watch)|"
    r"related(?: (?:articles?|stories|posts?|content|coverage|news|reading))?|"
    r"more (?:on this(?: story)?|stories|news)|don'?t miss|recommended(?: for you)?|"
    r"click here|tap here|watch|listen|trending|most (?:read|popular)|top stories|"
    r"lesen sie (?:auch|mehr)|mehr zum thema|(?:à )?lire aussi|voir aussi|leggi anche|"
    r"lee también|leia também|pročitajte (?:još|i|takođe|više)|pročitaj još|vidi još|"
    r"povezan[aeio]? (?:vijesti|vesti|članci|tekstovi)|прочитајте (?:још|и|повеќе)|"
    r"прочетете (?:още|също)|вижте още|прочитај још|διαβάστε (?:επίσης|ακόμα|περισσότερα)|"
    r"citește (?:și|mai mult)|citiți și|vezi (?:și|mai mult)|ayrıca (?:okuyun|bakınız)|"
    r"ilgili haber(?:ler)?|bunu da okuyun|lexo (?:edhe|më shumë))\b",
    re.I,
)


def _promo(text: str, owners: list[HtmlElement]) -> bool:
    """An in-text promotion of other content, not part of the article.

    A labelled paragraph ("READ MORE: ...", "Related: ...") that is a link or a
    short line, or a fully linked line in capitals ("CLICK HERE TO GET THE
    APP").
    """
    words = len(_WORD.findall(text))
    linked = _link_density(owners)
    if _PROMO_LABEL.match(text):
        labelled = re.match(r"^\W*[^:|»>]{1,40}[:|»>]", text) is not None
        return linked >= 0.5 or words <= 4 or (labelled and words <= 20)
    letters = [c for c in text if c.isalpha()]
    return linked >= 0.9 and words >= 3 and all(c.isupper() for c in letters)


#: Most words in a row of links ("Print | E-mail", "Facebook Twitter WhatsApp").
LINK_ROW_WORDS = 8


def _link_row(text: str, owners: list[HtmlElement]) -> bool:
    """A short line made of two or more links and separators: page tools, not text.

    Measured on the line itself, not its block: in a table layout the tools sit in
    the article's own cell, whose link density is low.
    """
    if not owners or len(_WORD.findall(text)) > LINK_ROW_WORDS:
        return False
    links = [_clean(a.text_content()) for a in _block(owners[0]).iter("a")]
    inside = [link for link in links if link and link in text]
    if len(inside) < 2:
        return False
    linked = sum(len("".join(_WORD.findall(link))) for link in inside)
    return linked >= 0.9 * len("".join(_WORD.findall(text)))


#: Most words in the label of an ad slot ("Advertisement", "Реклама", "Publicitate").
SLOT_LABEL_WORDS = 3


def _slot_label(text: str, owners: list[HtmlElement]) -> bool:
    """The label of an empty slot: a box holding this short line and an empty element.

    Ad slots are filled by script; in the saved page the box holds the label, in
    the site's language, and an empty ``<div>`` (``<ins>``, ``<iframe>``, ``<amp-ad>``).
    A heading or a line of text never sits alone beside an empty element.
    """
    if not owners or len(_WORD.findall(text)) > SLOT_LABEL_WORDS or re.search(r"\d", text):
        return False  # with a figure it is data: a poll's "61 votes" beside its bar
    block = _block(owners[0])
    if block.tag in _HEADINGS or _clean(block.text_content()) != _clean(text):
        return False
    return any(
        isinstance(el.tag, str)
        and el.tag not in _INLINE
        and el.tag not in _MEDIA
        and not _clean(el.text_content())
        and el.find(".//img") is None
        for el in block.iterdescendants()
    )


_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_MEDIA = {"img", "br", "hr", "source", "picture", "svg", "path", "wbr", "input"}


def _drop_teaser_runs(
    body: list[tuple[int, str]], kept: list[tuple[int, str, list[HtmlElement]]]
) -> list[tuple[int, str]]:
    """After a bare label ("DON'T MISS", "Related"), drop the linked headlines that follow it."""
    labels = {
        pos for pos, text, _ in kept if _PROMO_LABEL.match(text) and len(_WORD.findall(text)) <= 4
    }
    if not labels:
        return body
    dropped: set[int] = set()
    in_run = False
    for index, (pos, text, els) in enumerate(kept):
        if pos in labels and _PROMO_LABEL.match(text):
            in_run = True
            continue
        if in_run and len(_WORD.findall(text)) <= 25 and _link_density(els) >= 0.5:
            dropped.add(index)
            continue
        in_run = False
    texts = {text for i, (_, text, _) in enumerate(kept) if i in dropped}
    return [(pos, text) for pos, text in body if text not in texts]


def _link_density(owners: list[HtmlElement]) -> float:
    """Share of the source block's text that sits in links."""
    if not owners:
        return 0.0
    block = _block(owners[0])
    text = _clean(block.text_content())
    if not text:
        return 0.0
    linked = sum(len(_clean(a.text_content())) for a in block.iter("a"))
    return min(1.0, linked / len(text))


#: A line repeated more often than this gains nothing from more owners (and a
#: hostile page of one paragraph repeated would make the index quadratic).
_MAX_OWNERS = 8


class _SourceIndex:
    """Text nodes of the page by their first words, to find where a paragraph came from."""

    def __init__(self, tree: HtmlElement) -> None:
        self._index: dict[str, list[HtmlElement]] = {}
        self.order: dict[HtmlElement, int] = {}
        for position, el in enumerate(tree.iter()):
            self.order[el] = position
            if not isinstance(el.tag, str) or el.tag in _NOT_TEXT:
                continue
            self._add(el.text, el)
            parent = el.getparent()
            if parent is not None and parent.tag not in _NOT_TEXT:
                self._add(el.tail, parent)

    def _add(self, text: str | None, owner: HtmlElement) -> None:
        if text:
            words = _WORD.findall(text.casefold())
            if words:
                owners = self._index.setdefault(" ".join(words[:_KEY_WORDS]), [])
                if len(owners) < _MAX_OWNERS:
                    owners.append(owner)

    def locate(self, paragraph: str) -> list[HtmlElement]:
        """Elements whose text starts the paragraph (or starts within its first words)."""
        words = _WORD.findall(paragraph.casefold())
        if len(words) < _KEY_WORDS:
            found = self._index.get(" ".join(words))
            if found:
                return found
        else:
            for start in range(min(len(words) - _KEY_WORDS + 1, 12)):
                found = self._index.get(" ".join(words[start : start + _KEY_WORDS]))
                if found:
                    return _best_owners(found, words[start:])
        return []

    def first_node(self, paragraph: str) -> list[HtmlElement]:
        """Elements whose whole text opens the paragraph: where a line of several short
        text nodes ("Print | E-mail") starts, which ``locate`` does not trace."""
        words = _WORD.findall(paragraph.casefold())
        for size in range(min(len(words), _KEY_WORDS), 0, -1):
            found = self._index.get(" ".join(words[:size]))
            if found:
                return found
        return []


def _best_owners(found: list[HtmlElement], words: list[str]) -> list[HtmlElement]:
    """``found`` with the elements whose block holds more of the paragraph first.

    The first words of a paragraph also start its teaser elsewhere on the page (a
    live blog's "key events" links, a summary box); the block that goes on as the
    paragraph does is where it came from.
    """
    if len(found) < 2:
        return found
    probe = " ".join(words[:_PROBE_WORDS])

    def holds(el: HtmlElement) -> bool:
        return probe in " ".join(_WORD.findall(_block(el).text_content().casefold()))

    return sorted(found, key=lambda el: not holds(el))


#: Words of a paragraph its source block must hold to be preferred among look-alikes.
_PROBE_WORDS = 12


def _main_container(owners: list[list[HtmlElement]], weights: list[int]) -> HtmlElement | None:
    """The deepest element that holds ``MAIN_SHARE`` of the traced words (unique above 0.5)."""
    share: dict[HtmlElement, int] = {}
    depth: dict[HtmlElement, int] = {}
    total = 0
    for els, weight in zip(owners, weights, strict=True):
        if not els:
            continue
        total += weight
        chain = [els[0], *els[0].iterancestors()]
        for level, el in enumerate(chain):
            share[el] = share.get(el, 0) + weight
            depth[el] = len(chain) - level
    best = None
    for el, words in share.items():
        if words >= MAIN_SHARE * total and (best is None or depth[el] > depth[best]):
            best = el
    return best


def _article_style(
    owners: list[list[HtmlElement]], weights: list[int], inside: list[bool]
) -> frozenset[str]:
    """Class tokens of the markup that carries most of the main container's words."""
    words_by_style: dict[frozenset[str], int] = {}
    total = 0
    for els, weight, is_in in zip(owners, weights, inside, strict=True):
        if els and is_in:
            key = _style(els[0])
            words_by_style[key] = words_by_style.get(key, 0) + weight
            total += weight
    tokens: set[str] = set()
    for key, words in words_by_style.items():
        if words >= STYLE_SHARE * total:
            tokens |= key
    return frozenset(tokens)


def _missed_chunks(
    tree: HtmlElement,
    container: HtmlElement,
    style: frozenset[str],
    matched: set[HtmlElement],
    order: dict[HtmlElement, int],
) -> list[tuple[int, str]]:
    """Prose paragraphs in the article's style near the main container, by chunk.

    Chunks of a split article are the container's siblings or cousins, so only
    paragraphs within ``CHUNK_REACH`` levels above it are looked at. A chunk
    (paragraphs under one parent) counts when it has two such paragraphs or
    one long one: a lone short line in the article's style is more likely a
    promo than a lost part of the text.
    """
    if not style:
        return []
    scope = container
    for _ in range(CHUNK_REACH):
        parent = scope.getparent()
        if parent is None:
            break
        scope = parent
    chunks: dict[HtmlElement, list[tuple[int, str]]] = {}
    for el in scope.iter("p"):
        if el in matched or _within(el, container) or not (_style(el) & style):
            continue
        if any(a.tag in _OFF_TEXT for a in el.iterancestors()):
            continue
        text = _clean(el.text_content())
        if len(_WORD.findall(text)) < 8:
            continue
        linked = sum(len(_clean(a.text_content())) for a in el.iter("a"))
        if linked > 0.5 * len(text):
            continue
        chunks.setdefault(el.getparent(), []).append((order[el], text))
    out = []
    for paragraphs in chunks.values():
        words = sum(len(_WORD.findall(t)) for _, t in paragraphs)
        if len(paragraphs) >= 2 or words >= KEEP_WORDS:
            out.extend(paragraphs)
    return sorted(out)


def _block(el: HtmlElement) -> HtmlElement:
    while el.tag in _INLINE and el.getparent() is not None:
        el = el.getparent()
    return el


def _style(el: HtmlElement) -> frozenset[str]:
    """A paragraph's markup style: its block's classes, else its parent's (marked ``^``)."""
    el = _block(el)
    classes = _meaningful_classes(el)
    if classes:
        return frozenset(classes)
    parent = el.getparent()
    if parent is None:
        return frozenset()
    return frozenset("^" + c for c in _meaningful_classes(parent))


def _meaningful_classes(el: HtmlElement) -> list[str]:
    return [c for c in (el.get("class") or "").split() if not _LAYOUT_CLASS.match(c.lower())]


def _within(el: HtmlElement, container: HtmlElement) -> bool:
    return el is container or any(a is container for a in el.iterancestors())


def _drop_repeats(body: list[str], title: str, captions: list[Caption]) -> list[str]:
    """Remove the headline and photo captions when the extractor let them into the body."""
    title_key = _key(title)
    caption_keys = {_key(c.text) for c in captions} | {
        _key(f"{c.text} {c.credit}") for c in captions
    }
    return [p for p in body if _key(p) != title_key and _key(p) not in caption_keys]


def _drop_edge_furniture(body: list[str], author: str) -> tuple[list[str], dt.date | None, str]:
    """The body without the page's dateline and byline lines opening it, and dates closing it.

    Bare date lines ("15.03.2015", "Ponedeljak, 16. mart 2015"), the known
    author's byline ("By Jelena Marković", "Autor Jelena Marković") and, when no
    author is known, a name alone on a line before the text ("Jelena Marković"
    under a table layout's headline) are furniture, in any order. A byline
    closing the text stays: wire credits ("by Tom Brown; Reuters") are part of
    it. Returns the body, the first date dropped and the name taken as the
    author (or "").
    """
    names = [n for n in re.split(r"\s*(?:,|;|\band\b)\s*", author.casefold()) if n]
    start, end = 0, len(body)
    dates: list[dt.date] = []
    found = ""
    while start < end - 1:
        line = body[start]
        if date := written_date(line):
            dates.append(date)
        elif _byline_of(line, names):
            pass
        elif not names and not found and _name_line(line):
            found = line.strip()
        else:
            break
        start += 1
    while end > start + 1 and (date := written_date(body[end - 1])):
        dates.append(date)
        end -= 1
    return body[start:end], next(iter(dates), None), found


#: Words a byline line may have besides the author's names ("By", "Posted by", a count).
BYLINE_EXTRA_WORDS = 4


def _byline_of(line: str, names: list[str]) -> bool:
    """A short line naming one of the article's authors, and little else."""
    folded = " ".join(line.casefold().split())
    named = [n for n in names if n in folded]
    if not named or _ends_sentence(line):
        return False
    rest = folded
    for name in named:
        rest = rest.replace(name, " ")
    return len(_WORD.findall(rest)) <= BYLINE_EXTRA_WORDS


def _ends_sentence(line: str) -> bool:
    return line.rstrip().endswith((".", "!", "?")) and len(_WORD.findall(line)) > 6


_NAME_LINE = re.compile(r"^(?:[^\W\d_][\w'’.-]*\s+){1,3}[^\W\d_][\w'’.-]*$")


def _name_line(line: str) -> bool:
    """A person's name alone: two to four capitalised words, no digits or punctuation."""
    line = line.strip()
    return bool(_NAME_LINE.match(line)) and all(w[0].isupper() for w in line.split())


# -- captions --------------------------------------------------------------
def extract_captions(tree: HtmlElement) -> list[Caption]:
    """Photo captions, each with its credit when the markup or a trailing "Photo: X" marks one.

    Captions of teasers in asides, navigation and related-article boxes are
    not this article's and are left out.
    """
    out: list[Caption] = []
    seen: set[str] = set()
    for el in tree.xpath(_CAPTION_XPATH):
        if el.xpath(f"boolean({_NOISE_ANCESTORS})"):
            continue
        caption = _caption(el)
        if caption and _key(caption.text) not in seen:
            seen.add(_key(caption.text))
            out.append(caption)
    return out


def _caption(el: HtmlElement) -> Caption | None:
    """Caption text and credit: from credit markup inside it, else from a trailing credit."""
    marked = [c for c in el.xpath(_CREDIT_XPATH) if _clean(c.text_content())]
    marked = [c for c in marked if not any(a in marked for a in c.iterancestors())]
    credit = _clean(" ".join(c.text_content() for c in marked))
    text = _clean(_text_without(el, marked))
    if not _WORD.search(text):  # the "credit" markup wrapped the whole caption
        text, credit = _clean(el.text_content()), ""
    if not credit:
        match = _CREDIT_TAIL.search(text)
        if match and match.start() > 0:
            credit = match.group("credit") or match.group("bracket") or ""
            text = text[: match.start()]
    text = text.strip(" |–—-")
    credit = _CREDIT_LABEL.sub("", credit).strip(" ()[]|–—-")
    if not _WORD.search(text):
        return None
    return Caption(text=text, credit=credit)


def _text_without(el: HtmlElement, skip: list[HtmlElement]) -> str:
    """Text of ``el`` leaving out the subtrees in ``skip`` (their tails are kept)."""
    skipped = set(skip)
    parts: list[str] = []

    def walk(node: HtmlElement) -> None:
        if node in skipped:
            return
        if isinstance(node.tag, str):
            parts.append(node.text or "")
            for child in node:
                walk(child)
                parts.append(child.tail or "")

    walk(el)
    return " ".join(parts)


# -- is it an article? -----------------------------------------------------
def _check_is_article(
    meta: PageMetadata, body: list[str], tree: HtmlElement, container: HtmlElement | None
) -> None:
    """Raise SkipSource for error pages, pages without text and lists of articles."""
    chars = sum(len(w) for p in body for w in _WORD.findall(p))
    words = sum(len(_WORD.findall(p)) for p in body)
    headline = f"{meta.title} {_first_heading(tree)}"
    if words < ERROR_PAGE_WORDS and (
        _ERROR_TITLE.search(headline) or _ERROR_TEXT.search(" ".join(body))
    ):
        raise SkipSource(Skip.NOT_ARTICLE.format(detail="error page"))
    if chars < MIN_BODY_CHARS:
        raise SkipSource(Skip.NO_BODY)
    if not meta.is_article and _looks_like_list(meta, body, tree, container):
        raise SkipSource(Skip.NOT_ARTICLE.format(detail="list of articles"))


def _looks_like_list(
    meta: PageMetadata, body: list[str], tree: HtmlElement, container: HtmlElement | None
) -> bool:
    """A section front, tag or search page: declared so, or text that sits in teaser cards.

    An article's text is paragraphs side by side in one container; a list
    page's "text" is excerpts, each in its own card next to a linked headline.
    So: enough linked headlines where the text is, and most of the text inside
    distinct cards that hold one.
    """
    if meta.page_type in _LIST_TYPES:
        return True
    scope = tree if container is None else container
    if len(scope.xpath(_TEASER_XPATH)) < LIST_TEASERS:
        return False
    sources = _SourceIndex(tree)
    cards: set[HtmlElement] = set()
    total = in_cards = 0
    for paragraph in body:
        words = len(_WORD.findall(paragraph))
        total += words
        owners = sources.locate(paragraph)
        card = _card(owners[0], scope) if owners else None
        if card is not None:
            cards.add(card)
            in_cards += words
    return len(cards) >= LIST_CARDS and in_cards >= 0.6 * total


LIST_TEASERS = 8
LIST_CARDS = 4
_TEASER_XPATH = (
    ".//article | .//*[self::h1 or self::h2 or self::h3 or self::h4][.//a[@href]]"
    " | .//a[@href][.//h1 or .//h2 or .//h3 or .//h4]"
)
_LINKED_HEADING = (
    "boolean(.//*[self::h1 or self::h2 or self::h3 or self::h4][.//a[@href]]"
    " | .//a[@href][.//h1 or .//h2 or .//h3 or .//h4])"
)
# Inside an article, a linked <h1> is the article's own headline (linking to itself).
_SUBHEADINGS = ("h2", "h3", "h4")


def _subheading_holders(root: HtmlElement) -> set[HtmlElement]:
    """Elements holding a linked ``<h2>``-``<h4>`` (inside an article, a linked ``<h1>`` is
    the article's own headline), found once rather than asked of each ancestor."""
    heads = [h for h in root.iter(*_SUBHEADINGS) if h.find(".//a[@href]") is not None]
    heads += [
        a
        for a in root.iter("a")
        if a.get("href") is not None and next(a.iter(*_SUBHEADINGS), None) is not None
    ]
    return {ancestor for head in heads for ancestor in head.iterancestors()}


def _card_below(
    el: HtmlElement, scope: HtmlElement, holders: set[HtmlElement]
) -> HtmlElement | None:
    """``_card`` with the holders of linked subheadings known in advance."""
    for level, ancestor in enumerate(el.iterancestors()):
        if ancestor is scope or level >= 4:
            return None
        if ancestor in holders:
            return ancestor
    return None


def _card(el: HtmlElement, scope: HtmlElement) -> HtmlElement | None:
    """The nearest enclosing element below ``scope`` that also holds a linked headline."""
    for level, ancestor in enumerate(el.iterancestors()):
        if ancestor is scope or level >= 4:
            return None
        if ancestor.xpath(_LINKED_HEADING):
            return ancestor
    return None


# -- other fields ----------------------------------------------------------
def _lede(description: str, body: list[str], title: str) -> str:
    """The standfirst, unless it merely repeats the title or the start of the body.

    Descriptions are often the first paragraph, cut short ("...") or lightly
    edited, so the test is how many of its word triples occur in the first
    paragraphs: half or more means it is a copy, not a standfirst.
    """
    words = _WORD.findall(description.casefold())
    if len(words) < 4 or _key(description) == _key(title):
        return ""
    if description.rstrip().endswith(("...", "…")):
        words = words[:-1]  # the last word may be cut
    head = _WORD.findall(" ".join(body[:3]).casefold())
    ours = _triples(words)
    if ours and len(ours & _triples(head)) >= LEDE_COPY_SHARE * len(ours):
        return ""
    return " ".join(description.split())


LEDE_COPY_SHARE = 0.5
# Class names CMSs give the standfirst (the summary under the headline).
_STANDFIRST_CLASSES = {
    "standfirst", "dek", "deck", "subheadline", "sub-headline", "subhead", "strapline",
    "article-summary", "article__summary", "summary", "lede", "article-lede", "excerpt",
    "article-lead", "lead-text", "intro-text", "article-intro", "subtitle",
}  # fmt: skip


def _standfirst(tree: HtmlElement) -> str:
    """A standfirst marked by its class, for pages whose metadata has no description."""
    for el in tree.xpath("//*[@class]"):
        if not _STANDFIRST_CLASSES & set(el.get("class", "").lower().split()):
            continue
        if el.xpath(f"boolean({_NOISE_ANCESTORS})"):
            continue
        text = _clean(el.text_content())
        if 8 <= len(_WORD.findall(text)) <= 80:
            return text
    return ""


def _triples(words: list[str]) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + 3]) for i in range(max(1, len(words) - 2))}


# A wire-style dateline opening the text: "VIENNA — ", "WASHINGTON (Reuters) - ",
# "DUBAI, United Arab Emirates — ", "NEW DELHI: ". The place is in capitals.
_DATELINE = re.compile(
    r"^(?P<place>[^\W\d_][^\W\d_ .'’-]*(?:[ .'’-]+[^\W\d_]+){0,3}?)"
    r"(?:,\s*[^\W\d_][\w .'’-]{1,40}?)?\s*(?:\([^()]{2,40}\)\s*)?(?:[-–—]+|:)\s+\S"
)
_NOT_PLACES = {
    "BREAKING", "UPDATE", "UPDATED", "EXCLUSIVE", "WATCH", "ANALYSIS", "OPINION", "LIVE",
    "VIDEO", "PHOTOS", "EDITORIAL", "COMMENT", "REVIEW", "NOTE", "EDITOR'S NOTE", "UPDATES",
    "FACT CHECK", "ALERT", "URGENT", "FLASH", "SPONSORED", "ADVERTISEMENT", "PODCAST",
}  # fmt: skip


def _dateline(first: str) -> tuple[str, str]:
    """(place, place as written) from a capitalised dateline opening the body, else ("", "")."""
    match = _DATELINE.match(first)
    if not match:
        return "", ""
    written = match.group("place").strip(" .'’-")
    letters = [c for c in written if c.isalpha()]
    if len(letters) < 3 or not all(c.isupper() for c in letters) or written in _NOT_PLACES:
        return "", ""
    from archive_search.text.places import resolve_place

    return resolve_place(written)


def _first_prose(body: list[str]) -> str:
    """The first paragraph that is a sentence (the body may open with a repeated headline)."""
    return next((p for p in body if len(p.split()) >= 6 and p.rstrip()[-1:] in '.!?"”'), body[0])


def _first_heading(tree: HtmlElement) -> str:
    for el in tree.xpath("//h1 | //h2"):
        text = _clean(el.text_content())
        if text:
            return text
    return ""


def _fallback_date(tree: HtmlElement, url: str) -> dt.date | None:
    """Publication date from htmldate's quick (markup and URL) search."""
    from htmldate import find_date

    from archive_search.ingest.html_metadata import parse_date

    try:
        found = find_date(tree, url=url or None, extensive_search=False, original_date=True)
    except Exception:  # htmldate is a best-effort fallback
        return None
    return parse_date(found) if found else None


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").removeprefix("www.")


# -- helpers ---------------------------------------------------------------
def _key(text: str) -> str:
    return " ".join(_WORD.findall(text.casefold()))


def _clean(text: str) -> str:
    return " ".join((text or "").replace("\xa0", " ").split())


def _one_line(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {_clean(str(exc))[:200]}"


@functools.cache
def _quiet_trafilatura() -> None:
    """trafilatura logs every discarded page at WARNING; for us that is a Skip, not noise."""
    for name in ("trafilatura", "htmldate", "courlan"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
