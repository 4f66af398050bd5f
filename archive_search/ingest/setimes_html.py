"""SETimes HTML pages -> text blocks and page cues -> the stream parser.

The exact SETimes markup is not known and changed over the years (table layouts in the 2000s,
divs later), so nothing here depends on class names or ids. The page is flattened into its
block-level text in reading order, each block carrying only generic structure: how much of
it is link text, whether it is a heading or a list entry, which elements enclose it, and
whether it sits in obvious chrome (nav, header, footer, aside, form) that does not hold the
article. The stream parser in ``setimes`` does the rest, as it does for text dumps.

Page cues (canonical address, ``<html lang>``, ``<title>``, og:title) come from
``html_metadata``.
"""

from __future__ import annotations

import itertools
import re
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from archive_search.article import Article
from archive_search.ingest.byline import BRAND, parse_byline
from archive_search.ingest.furniture import is_prose
from archive_search.ingest.headline import emphasis
from archive_search.ingest.html_metadata import extract_metadata, parse_html
from archive_search.ingest.setimes import Block, PageCues, guarded, parse_blocks
from archive_search.ingest.setimes_url import parse_setimes_url

if TYPE_CHECKING:  # pragma: no cover
    from lxml.html import HtmlElement

BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "center",
        "dd",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "html",
        "li",
        "main",
        "menu",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
        "caption",
        "legend",
    ]
)
DROP_TAGS = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "math",
        "iframe",
        "object",
        "embed",
        "select",
        "option",
        "button",
        "input",
        "textarea",
        "head",
        "canvas",
        "video",
        "audio",
        "map",
        "area",
        "label",
    ]
)
_CHROME_XPATH = (
    "//nav | //header | //footer | //aside | //form | //menu"
    " | //*[@role='navigation' or @role='banner' or @role='contentinfo'"
    " or @role='complementary' or @role='search']"
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
#: Text runs with whether each is link text and how emphasised it is (see ``emphasis``).
Segments = list[tuple[str, bool, int]]
#: An element holding more than this share of the page's text is not chrome around it.
CHROME_MAX_SHARE = 0.4


def parse_setimes_html(html: str, *, source: str = "", url: str = "") -> Article:
    """Parse a SETimes article page saved as HTML (any edition, any layout).

    Raises SkipSource (and nothing else) for pages that are not articles or cannot be read.
    """
    return guarded(_parse_html)(html, source=source, url=url)


def _parse_html(html: str, *, source: str, url: str) -> Article:
    tree = _tree(html)
    cues = page_cues(tree, url)
    return parse_blocks(html_blocks(tree), cues, source=source, url=url)


def _tree(html: str) -> HtmlElement:
    """The parsed page, by ``html_metadata.parse_html`` or, should that fail, by lxml itself."""
    try:
        return parse_html(html)
    except Exception:
        import lxml.html

        text = re.sub(r"^\s*<\?xml[^>]*\?>", "", re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "", html))
        return lxml.html.document_fromstring(text or "<html></html>")


def page_cues(tree: HtmlElement, url: str = "") -> PageCues:
    """Canonical address, language and title candidates the page states about itself.

    ``html_metadata`` reads every vocabulary; should it fail on a page, the few cues this
    parser needs are read directly, so a metadata bug cannot cost the article.
    """
    raw_title = " ".join(" ".join(tree.xpath("(//title)[1]//text()")).split())
    try:
        meta = extract_metadata(tree, base_url=url)
        titles, canonical, language = [meta.headline, meta.title], meta.url, meta.language
    except Exception:
        titles, canonical, language = _own_cues(tree, url)
    titles = tuple(t for t in dict.fromkeys([*titles, raw_title]) if t)
    return PageCues(titles=titles, url=_page_url(canonical, url), language=language)


def _own_cues(tree: HtmlElement, url: str) -> tuple[list[str], str, str]:
    """og:title, canonical or og:url, and <html lang>, read without ``html_metadata``."""
    og_title = tree.xpath("//meta[@property='og:title']/@content")
    links = tree.xpath(
        "//link[@href][contains(translate(@rel, 'CANOIL', 'canoil'), 'canonical')]/@href"
    )
    og_url = tree.xpath("//meta[@property='og:url']/@content")
    canonical = next((u.strip() for u in [*links, *og_url] if u.strip()), "")
    if canonical:
        canonical = urljoin(url, canonical) if url else canonical
        if not re.match(r"https?://", canonical):
            canonical = ""
    lang = tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang") or ""
    primary = re.split(r"[-_]", lang.strip().lower())[0]
    return og_title[:1], canonical, primary if re.fullmatch(r"[a-z]{2}", primary) else ""


def _page_url(canonical: str, url: str) -> str:
    """The canonical address, unless it is a section front while ``url`` names the article.

    Some CMS templates point every page's canonical link at the home or section page; taking
    that would merge every article into one identity.
    """
    if not canonical:
        return url
    if url and canonical != url:
        own, given = parse_setimes_url(canonical), parse_setimes_url(url)
        if given and given.is_article and not (own and own.is_article):
            return url
    return canonical


def _local(tag: object) -> str:
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].lower()


def _hidden(el: HtmlElement) -> bool:
    return (
        el.get("hidden") is not None
        or el.get("aria-hidden", "").lower() == "true"
        or bool(_HIDDEN_STYLE.search(el.get("style", "")))
    )


def _chrome(tree: HtmlElement) -> set[HtmlElement]:
    """Header, footer, nav, aside and form elements that do not hold the article."""
    total = len(tree.text_content() or "") or 1
    chrome = set()
    for el in tree.xpath(_CHROME_XPATH):
        text = el.text_content() or ""
        if el.xpath(".//h1") or BRAND.search(text) or len(text) > CHROME_MAX_SHARE * total:
            continue
        chrome.add(el)
    return chrome


class _Flattener:
    """Walks the tree once, emitting a Block at every block-level boundary."""

    def __init__(self, chrome: set[HtmlElement]) -> None:
        self.chrome = chrome
        self.blocks: list[Block] = []
        self.pieces: list[Segments] = [[]]
        self.path: list[int] = []
        self.tags: list[str] = []
        self.ids = itertools.count()
        self.links = 0
        self.chrome_depth = 0
        self.after_br = False
        self.pre = 0
        self.emphasis: list[int] = [0]  # of the open elements, innermost last

    def text(self, value: str | None) -> None:
        if not value:
            return
        if self.pre:
            first, *rest = value.split("\n")
            self._segment(first)
            for line in rest:
                self.br()
                self._segment(line)
        else:
            self._segment(value)

    def _segment(self, value: str) -> None:
        if value.strip():
            self.after_br = False
        if value:
            self.pieces[-1].append((value, self.links > 0, self.emphasis[-1]))

    def br(self) -> None:
        """One <br> is a line break; two in a row end a paragraph."""
        if self.after_br:
            if self.pieces[-1]:
                self.pieces.append([])
        else:
            self.pieces[-1].append(("\n", False, 0))
        self.after_br = True

    def flush(self) -> None:
        tag = self.tags[-1] if self.tags else ""
        heading = int(tag[1]) if re.fullmatch(r"h[1-6]", tag) else 0
        for piece in self.pieces:
            for segments in _paragraphs(piece):
                text = " ".join("".join(t for t, _, _ in segments).split())
                if not text:
                    continue
                linked = sum(len(" ".join(t.split())) for t, is_link, _ in segments if is_link)
                emphasis = min((e for t, _, e in segments if t.strip()), default=0)
                self.blocks.append(
                    Block(
                        text=text,
                        heading=heading,
                        link_ratio=min(1.0, linked / len(text)),
                        bullet=tag in ("li", "dd"),
                        path=tuple(self.path),
                        chrome=self.chrome_depth > 0,
                        emphasis=emphasis,
                    )
                )
        self.pieces = [[]]
        self.after_br = False

    def walk(self, root: HtmlElement) -> list[Block]:
        stack: list[tuple[HtmlElement, bool]] = [(root, False)]
        while stack:
            el, closing = stack.pop()
            tag = _local(el.tag)
            if closing:
                self.close(el, tag)
            elif not tag or tag in DROP_TAGS or _hidden(el):
                self.text(el.tail)
            elif tag == "br":
                self.br()
                self.text(el.tail)
            else:
                self.open(el, tag)
                stack.append((el, True))
                self.text(el.text)
                stack.extend((child, False) for child in reversed(el))
        self.flush()
        return self.blocks

    def open(self, el: HtmlElement, tag: str) -> None:
        if tag in BLOCK_TAGS:
            self.flush()
            self.path.append(next(self.ids))
            self.tags.append(tag)
        if tag == "a" and el.get("href") is not None:
            self.links += 1
        if el in self.chrome:
            self.chrome_depth += 1
        if tag in ("pre", "textarea", "plaintext", "xmp"):
            self.pre += 1
        self.emphasis.append(max(self.emphasis[-1], emphasis(el, tag)))

    def close(self, el: HtmlElement, tag: str) -> None:
        if tag in BLOCK_TAGS:
            self.flush()
            self.path.pop()
            self.tags.pop()
        if tag == "a" and el.get("href") is not None:
            self.links -= 1
        if el in self.chrome:
            self.chrome_depth -= 1
        if tag in ("pre", "textarea", "plaintext", "xmp"):
            self.pre -= 1
        self.emphasis.pop()
        self.text(el.tail)


def _paragraphs(piece: Segments) -> list[Segments]:
    """A run of text broken by single <br>s: one paragraph, or several if each line is one.

    Old layouts sometimes separate paragraphs with a single <br>; a caption and its credit,
    or a wrapped address, also use one. Lines are split apart only when most are sentences.
    """
    lines: list[Segments] = [[]]
    for segment in piece:
        if segment[0] == "\n":
            lines.append([])
        else:
            lines[-1].append(segment)
    texts = [" ".join("".join(t for t, _, _ in line).split()) for line in lines]
    kept = [(line, text) for line, text in zip(lines, texts, strict=True) if text]
    prose = sum(1 for _, text in kept if is_prose(text))
    if len(kept) >= 2 and prose >= 2 and prose >= 0.6 * len(kept):
        return [line for line, _ in kept]
    if len(kept) >= 2 and any(parse_byline(text) for _, text in kept):
        return _around_bylines(kept)  # a lede and its byline one <br> apart
    return [[(" ", False, 0) if t == "\n" else (t, link, e) for t, link, e in piece]]


def _around_bylines(kept: list[tuple[Segments, str]]) -> list[Segments]:
    """Lines joined into paragraphs, each byline line a paragraph of its own."""
    out: list[Segments] = []
    joined: Segments = []
    for line, text in kept:
        if parse_byline(text):
            out += [joined, line] if joined else [line]
            joined = []
        else:
            joined += [(" ", False, 0), *line] if joined else line
    return [*out, joined] if joined else out


def html_blocks(tree: HtmlElement) -> list[Block]:
    """The page's block-level text in reading order (scripts, styles, hidden parts dropped)."""
    body = tree.find(".//body")
    root = body if body is not None else tree
    return _Flattener(_chrome(tree)).walk(root)
