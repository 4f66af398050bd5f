"""Article metadata from the markup a news page carries about itself.

Pages describe themselves in several overlapping vocabularies (JSON-LD,
OpenGraph, ``article:*``, Dublin Core, plain ``<meta name>``, microdata,
``<time>``); each outlet fills a different subset, often inconsistently. This
module reads all of them once and picks, field by field, the most trustworthy
value, so that parsers never look at ``<meta>`` tags themselves.

The API is stable (parsers of particular archives import it)::

    parse_html(html: str) -> lxml.html.HtmlElement          # parse once, share the tree
    extract_metadata(html: str | bytes | BeautifulSoup | lxml tree, *, base_url="") -> PageMetadata
    parse_date(value) -> datetime.date | None               # any date shape pages use
    strip_site_suffix(title, site_name="", url="") -> str

Language tags go through ``ingest.language.normalise_language_tag``. lxml and dateutil
are imported inside functions: importing this module stays cheap.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from html import unescape as _unescape_html
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from archive_search.ingest.headline import headline_like
from archive_search.ingest.language import normalise_language_tag

if TYPE_CHECKING:  # pragma: no cover
    from lxml.html import HtmlElement

__all__ = [
    "ARTICLE_TYPES",
    "PageMetadata",
    "extract_metadata",
    "parse_date",
    "parse_html",
    "strip_site_suffix",
]

# JSON-LD / schema.org types that mean "this page is one article", best first.
ARTICLE_TYPES = (
    "NewsArticle",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "BackgroundNewsArticle",
    "OpinionNewsArticle",
    "ReviewNewsArticle",
    "AskPublicNewsArticle",
    "Article",
    "BlogPosting",
    "LiveBlogPosting",
    "Report",
    "SatiricalArticle",
    "ScholarlyArticle",
    "TechArticle",
    "SocialMediaPosting",
)
# Types that still describe the page (URL, language, dates) when no article node
# exists; the listing types first, so that a section front is recognised as one.
_PAGE_TYPES = (
    "CollectionPage",
    "SearchResultsPage",
    "ProfilePage",
    "ItemList",
    "ItemPage",
    "WebPage",
    "WebSite",
)

_TITLE_SEPARATORS = re.compile(r"\s+(?:[-|–—·•»:]|::|\\|/)\s+")
_BY_PREFIX = re.compile(r"^\s*(?:by|von|par|por|di|door|od|autor|author)\s*[:\s]\s*", re.I)
_WS = re.compile(r"\s+")
_BAD_XML_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_DOCTYPE = re.compile(r"^\s*<!doctype[^>]*>", re.I)


@dataclass
class PageMetadata:
    """What a page says about itself; empty strings / None where it says nothing.

    ``title`` is the best article title (the structured headline when there is
    one, else the ``<title>`` with the site's name removed); ``headline`` is only
    what structured data (JSON-LD, OpenGraph, Twitter, Dublin Core, microdata)
    calls the headline. ``page_type`` is the JSON-LD ``@type`` of the node the
    fields came from, or ``og:<type>``; it lets callers tell articles from
    index pages.
    """

    title: str = ""
    headline: str = ""
    description: str = ""
    author: str = ""
    published: dt.date | None = None
    modified: dt.date | None = None
    language: str = ""
    url: str = ""
    site_name: str = ""
    section: str = ""
    keywords: list[str] = field(default_factory=list)
    image_captions: list[str] = field(default_factory=list)
    page_type: str = ""

    @property
    def is_article(self) -> bool:
        """True when structured data declares the page to be an article."""
        t = self.page_type
        return t in ARTICLE_TYPES or t == "og:article"


# -- parsing ---------------------------------------------------------------
def parse_html(html: str) -> HtmlElement:
    """Parse decoded HTML into an lxml document that always has an ``<html>`` root.

    lxml refuses NUL/control characters and XML encoding declarations in a
    ``str`` and mishandles some doctypes; all are common in scraped archives
    and are removed first. Comments and processing instructions are dropped at
    parse time (as trafilatura's own loader does, so the tree can be handed to
    it unchanged). An empty or unparseable input yields an empty ``<html>``
    element rather than an exception, so callers decide what "nothing there"
    means.
    """
    import lxml.html
    from lxml import etree

    text = _BAD_XML_CHARS.sub("", html or "")
    text = _DOCTYPE.sub("", _XML_DECLARATION.sub("", text, count=1), count=1)
    if text.strip():
        try:
            return lxml.html.document_fromstring(text, parser=_parser())
        except (etree.ParserError, ValueError):
            pass
    return lxml.html.document_fromstring("<html></html>")


@functools.cache
def _parser() -> Any:
    import lxml.html

    return lxml.html.HTMLParser(
        collect_ids=False, default_doctype=False, remove_comments=True, remove_pis=True
    )


def _as_tree(html: Any) -> HtmlElement:
    """Accept a str, bytes (UTF-8), a BeautifulSoup object or an lxml element/tree."""
    if html is None or isinstance(html, str):
        return parse_html(html or "")
    if isinstance(html, bytes):
        return parse_html(html.decode("utf-8", "replace"))
    module = type(html).__module__
    if module.startswith("bs4"):  # before duck typing: a Tag answers any attribute
        return parse_html(str(html))
    if module.startswith("lxml"):
        if hasattr(html, "getroottree"):
            return html.getroottree().getroot()
        return html.getroot()
    raise TypeError(f"extract_metadata wants HTML text or a parsed tree, not {type(html).__name__}")


# -- entry point -----------------------------------------------------------
def extract_metadata(html: Any, *, base_url: str = "") -> PageMetadata:
    """Read every metadata vocabulary on the page and keep the best value per field.

    Precedence, per field: JSON-LD article node, then OpenGraph / ``article:*``,
    then Dublin Core and plain ``<meta name>``, then microdata and visible
    markup (``<time>``, ``<h1>``, ``<title>``). Structured data is what the
    outlet's CMS generates from its database; visible markup is the last resort.
    ``base_url`` resolves a relative canonical URL.
    """
    page = _Page(_as_tree(html))
    site_name = _site_name(page)
    headline = _headline(page, site_name)
    url = _canonical_url(page, base_url)
    node = page.node
    return PageMetadata(
        title=_title(page, headline, site_name, url),
        headline=headline,
        description=_first(
            _text(node.get("description")),
            page.meta.get("og:description"),
            page.meta.get("description"),
            page.meta.get("twitter:description"),
            page.meta.get("dc.description", "dcterms.description", "dcterms.abstract"),
            page.micro.get("description"),
        ),
        author=_author(page),
        published=_published(page),
        modified=_first_date(
            node.get("dateModified"),
            *page.meta.get_all(*_MODIFIED_NAMES),
            page.micro.get("dateModified"),
        ),
        language=_language(page),
        url=url,
        site_name=site_name,
        section=_first(
            _first_text(node.get("articleSection")),
            page.meta.get("article:section", "og:article:section"),
            page.meta.get("section", "parsely-section", "sailthru.section", "category"),
            page.meta.get("dc.subject", "dcterms.subject"),
        ),
        keywords=_keywords(page),
        image_captions=page.ld.image_captions(page.ld.article),
        page_type=_page_type(page),
    )


class _Page:
    """The parsed page with its metadata sources, each read once."""

    def __init__(self, tree: HtmlElement) -> None:
        self.tree = tree
        self.meta = _MetaTags(tree)
        self.ld = _JsonLd(tree)
        self.micro = _Microdata(tree)
        # The article node, or an empty dict so that fields read as missing.
        self.node: dict[str, Any] = self.ld.article or {}
        self.page_node: dict[str, Any] = self.ld.page or {}


_PUBLISHED_NAMES = (
    "article:published_time", "og:published_time", "og:article:published_time",
    "article:published", "published_time", "datepublished", "dc.date.issued", "dcterms.issued",
    "dc.date.created", "dcterms.created", "dc.date", "dcterms.date", "date", "pubdate",
    "publishdate", "publish-date", "publish_date", "publication_date", "sailthru.date",
    "parsely-pub-date", "article.published", "originalpublicationdate", "created",
)  # fmt: skip
_MODIFIED_NAMES = (
    "article:modified_time", "og:updated_time", "og:modified_time", "dc.date.modified",
    "dcterms.modified", "last-modified", "lastmod", "datemodified",
)  # fmt: skip


def _site_name(page: _Page) -> str:
    return _first(
        page.meta.get("og:site_name"),
        page.ld.name_of(page.node.get("publisher")),
        page.ld.site_name,
        page.meta.get("application-name"),
        page.meta.get("dc.publisher", "dcterms.publisher"),
    )


def _headline(page: _Page, site_name: str) -> str:
    """The headline structured data gives (OpenGraph titles often carry the site's name)."""
    node = page.node
    candidates = (
        _text(node.get("headline")),
        _text(node.get("name")),
        page.meta.get("og:title"),
        page.meta.get("twitter:title"),
        page.meta.get("dc.title", "dcterms.title"),
        page.micro.get("headline"),
    )
    return _first(*(strip_site_suffix(c, site_name) for c in candidates))


def _title(page: _Page, headline: str, site_name: str, url: str) -> str:
    tree = page.tree
    doc_title = _clean(" ".join(tree.xpath("//head/title//text()")))
    if not doc_title:
        doc_title = _clean(" ".join(tree.xpath("(//title)[1]//text()")))
    h1s = [_clean(" ".join(h.xpath(".//text()"))) for h in tree.xpath("//h1")]
    h1 = h1s[0] if h1s else ""
    title = _title_from_document(doc_title, h1, site_name, url)
    if len(h1s) == 1 and _names_a_section(title, h1) and not _is_link_text(tree.find(".//h1")):
        title = h1
    return _first(headline, title, h1)


#: Most words in a ``<title>`` that may be a section or site label rather than a headline.
LABEL_TITLE_WORDS = 3
#: Fewest words in an ``<h1>`` that replaces such a label.
HEADLINE_H1_WORDS = 4


def _names_a_section(title: str, h1: str) -> bool:
    """Whether a short ``<title>`` ("Belgrade", "World news") labels the page, not the story.

    Pages without structured data often title every page with its section or the
    site; when the page has one ``<h1>``, a longer line shaped like a headline, it
    is the headline (trafilatura's rule for a single ``<h1>``).
    """
    return (
        0 < len(title.split()) <= LABEL_TITLE_WORDS
        and len(h1.split()) >= HEADLINE_H1_WORDS
        and headline_like(h1)
    )


def _is_link_text(el: HtmlElement) -> bool:
    """Whether all of an element's text is link text (a logo heading linking home)."""
    linked = "".join("".join(a.itertext()) for a in el.iter("a"))
    return bool(linked.strip()) and _squash(linked) == _squash("".join(el.itertext()))


def _published(page: _Page) -> dt.date | None:
    return _first_date(
        page.node.get("datePublished"),
        page.node.get("dateCreated"),
        *page.meta.get_all(*_PUBLISHED_NAMES),
        page.page_node.get("datePublished"),
        page.micro.get("datePublished"),
        *_time_elements(page.tree),
    )


# -- <meta> tags -----------------------------------------------------------
class _MetaTags:
    """All ``<meta>`` values keyed by lower-cased ``name``/``property``/``itemprop``/``http-equiv``."""

    def __init__(self, tree: HtmlElement) -> None:
        self._values: dict[str, list[str]] = {}
        for el in tree.iter("meta"):
            content = el.get("content")
            if content is None or not content.strip():
                continue
            for attr in ("property", "name", "itemprop", "http-equiv"):
                key = el.get(attr)
                if key:
                    for k in key.lower().split():
                        self._values.setdefault(k.strip(), []).append(_clean(content))

    def get(self, *keys: str) -> str:
        for key in keys:
            for value in self._values.get(key, ()):
                if value:
                    return value
        return ""

    def get_all(self, *keys: str) -> list[str]:
        return [v for key in keys for v in self._values.get(key, ()) if v]


# -- JSON-LD ---------------------------------------------------------------
class _JsonLd:
    """The page's JSON-LD nodes, with ``@id`` references resolvable."""

    def __init__(self, tree: HtmlElement) -> None:
        self.nodes: list[dict[str, Any]] = []
        for script in tree.xpath("//script[@type]"):
            if "ld+json" not in (script.get("type") or "").lower():
                continue
            data = _load_json(script.text or "")
            if data is not None:
                self.nodes.extend(_walk_nodes(data))
        self._by_id = {n["@id"]: n for n in self.nodes if isinstance(n.get("@id"), str)}
        self.article = self._best(ARTICLE_TYPES)
        self.page = self._best(_PAGE_TYPES)

    def _best(self, types: Iterable[str]) -> dict[str, Any] | None:
        """The first node of the most specific type in ``types``."""
        ranked = {t.lower(): i for i, t in enumerate(types)}
        best: tuple[int, int] | None = None
        found = None
        for pos, node in enumerate(self.nodes):
            ranks = [ranked[t.lower()] for t in _types(node) if t.lower() in ranked]
            if ranks and (best is None or (min(ranks), pos) < best):
                best, found = (min(ranks), pos), node
        return found

    def resolve(self, value: Any) -> Any:
        if isinstance(value, dict) and set(value) <= {"@id", "@type"}:
            return self._by_id.get(value.get("@id"), value)
        return value

    def name_of(self, value: Any) -> str:
        """A person's or organisation's name, whatever shape it is given in."""
        value = self.resolve(value)
        if isinstance(value, list):
            return _first(*(self.name_of(v) for v in value))
        if isinstance(value, dict):
            return _text(value.get("name")) or _join_name(value)
        if isinstance(value, str) and not _looks_like_url(value):
            return _clean(value)
        return ""

    @property
    def site_name(self) -> str:
        for node in self.nodes:
            if "WebSite" in _types(node):
                return _text(node.get("name"))
        return ""

    def image_captions(self, node: dict[str, Any] | None) -> list[str]:
        if not node:
            return []
        images = self.resolve(node.get("image"))
        out: list[str] = []
        for image in images if isinstance(images, list) else [images]:
            image = self.resolve(image)
            if isinstance(image, dict):
                caption = _text(image.get("caption")) or _text(image.get("description"))
                if caption and caption not in out:
                    out.append(caption)
        return out


def _load_json(text: str) -> Any:
    """json.loads that forgives what CMSs put in ld+json: comments, CDATA, trailing commas."""
    text = text.strip()
    if not text:
        return None
    for attempt in (text, _repair_json(text)):
        try:
            return json.loads(attempt, strict=False)
        except (ValueError, RecursionError):
            continue
    return None


def _repair_json(text: str) -> str:
    text = re.sub(r"^\s*(?:<!--|<!\[CDATA\[|//\s*<!\[CDATA\[)", "", text)
    text = re.sub(r"(?:-->|\]\]>|//\s*\]\]>)\s*$", "", text)
    text = re.sub(r",\s*([}\]])", r"\1", text)
    return text.replace("\t", " ").strip().rstrip(";")


def _walk_nodes(data: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    """Every dict carrying ``@type``, through lists and ``@graph`` at any depth."""
    if depth > 20:
        return
    if isinstance(data, list):
        for item in data:
            yield from _walk_nodes(item, depth + 1)
    elif isinstance(data, dict):
        if "@type" in data:
            yield data
        for key, value in data.items():
            if key == "@graph" or (isinstance(value, dict | list) and key != "@context"):
                yield from _walk_nodes(value, depth + 1)


def _types(node: dict[str, Any]) -> list[str]:
    t = node.get("@type")
    items = t if isinstance(t, list) else [t]
    return [i.rsplit("/", 1)[-1] for i in items if isinstance(i, str)]


def _page_type(page: _Page) -> str:
    """The article node's type; else og:article; else the JSON-LD page type; else og:type."""
    if page.node:
        types = _types(page.node)
        return next((t for t in ARTICLE_TYPES if t in types), types[0] if types else "")
    og = page.meta.get("og:type").lower()
    page_types = _types(page.page_node)
    if og != "article" and page_types:
        return next((t for t in _PAGE_TYPES if t in page_types), page_types[0])
    return f"og:{og}" if og else ""


# -- individual fields -----------------------------------------------------
def _canonical_url(page: _Page, base_url: str) -> str:
    """<link rel=canonical>, og:url, then the JSON-LD url/mainEntityOfPage; absolute, no tracking."""
    tree, node = page.tree, page.node
    candidates = [
        *tree.xpath(
            "//link[@href][contains(concat(' ', translate(@rel, 'CANOICL', 'canoicl'), ' '),"
            " ' canonical ')]/@href"
        ),
        page.meta.get("og:url"),
        _first_text(node.get("url")),
    ]
    entity = page.ld.resolve(node.get("mainEntityOfPage"))
    if isinstance(entity, dict):
        candidates += [_text(entity.get("@id")), _text(entity.get("url"))]
    else:
        candidates.append(_text(entity))
    base = _first(*tree.xpath("//base/@href"), base_url)
    for cand in candidates:
        cand = (cand or "").strip()
        if not cand or cand.startswith(("javascript:", "mailto:", "#", "data:")):
            continue
        full = urljoin(base, cand) if base else cand
        if urlsplit(full).scheme in ("http", "https") and urlsplit(full).netloc:
            return _without_tracking(full)
    return ""


_TRACKING = re.compile(r"^(?:utm_\w+|fbclid|gclid|mc_cid|mc_eid|ocid|cmpid|ncid|ref|src)$", re.I)


def _without_tracking(url: str) -> str:
    """Drop analytics parameters (utm_*, fbclid, ...) that make one page look like many."""
    parts = urlsplit(url)
    if not parts.query:
        return url
    kept = [p for p in parts.query.split("&") if p and not _TRACKING.match(p.split("=", 1)[0])]
    return parts._replace(query="&".join(kept)).geturl()


_AUTHOR_NAMES = (
    "author", "article:author", "og:article:author", "dc.creator", "dcterms.creator", "byl",
    "parsely-author", "sailthru.author", "citation_author",
)  # fmt: skip


def _author(page: _Page) -> str:
    """Names joined with ", ": JSON-LD author/creator, else meta bylines, microdata, rel=author."""
    ld, node, tree = page.ld, page.node, page.tree
    names = _names(ld, node.get("author")) or _names(ld, node.get("creator"))
    if names:
        return ", ".join(names)
    meta_names = [_author_name(v) for v in page.meta.get_all(*_AUTHOR_NAMES)]
    return _first(
        ", ".join(_unique(n for n in meta_names if n)),
        _author_name(page.micro.get("author")),
        _author_name(_clean(" ".join(tree.xpath("(//a[@rel='author'])[1]//text()")))),
        _byline_markup(tree),
    )


def _has_class(*names: str) -> str:
    return " or ".join(
        f"contains(concat(' ', normalize-space(@class), ' '), ' {n} ')" for n in names
    )


# Where CMSs print the article's author: the hCard of WordPress and Blogger themes
# (``author vcard`` > ``fn``), Drupal's RDFa person, and byline classes; never inside
# the comments (their authors are hCards too) or a box of other stories.
# Most precise first: the hCard's name, then the RDFa person, then a byline element.
_BYLINE_XPATHS = (
    f"//*[{_has_class('vcard')}][{_has_class('author', 'post-author', 'byline')}]"
    f"//*[{_has_class('fn')}]",
    "//*[@typeof='schema:Person' or @typeof='Person']",
    f"//*[{_has_class('author', 'byline', 'author-name', 'article-author', 'post-author')}]",
)
_NOT_BYLINE = (
    "ancestor-or-self::*[contains(translate(@class, 'COMENT', 'coment'), 'comment')"
    " or contains(@id, 'comment')] or ancestor::aside or ancestor::nav"
    " or ancestor::footer[not(ancestor::article)]"
    " or ancestor::form"
)
#: Most words in a name taken from byline markup.
BYLINE_NAME_WORDS = 5


def _byline_markup(tree: HtmlElement) -> str:
    """The first name that byline markup holds, for pages without author metadata."""
    for el in (el for xpath in _BYLINE_XPATHS for el in tree.xpath(xpath)):
        if el.xpath(f"boolean({_NOT_BYLINE})"):
            continue
        named = [c for c in el if _clean(c.text_content())]
        text = _clean(el.text_content())
        if len(named) == 1 and not _clean(el.text or ""):
            text = _clean(named[0].text_content())  # "<span>By</span>" has no child; a link does
        name = _author_name(text)
        words = name.split()
        if 0 < len(words) <= BYLINE_NAME_WORDS and not re.search(r"\d", name):
            return name
    return ""


def _names(ld: _JsonLd, value: Any) -> list[str]:
    value = ld.resolve(value)
    if isinstance(value, list):
        return _unique(n for v in value for n in _names(ld, v))
    if isinstance(value, str):
        return [n for n in (_author_name(p) for p in re.split(r"\s*[;|]\s*", value)) if n]
    name = ld.name_of(value)
    return [_author_name(name)] if _author_name(name) else []


def _author_name(value: str) -> str:
    """A byline reduced to names: no "By", no URLs, no e-mail addresses, not a paragraph."""
    value = _BY_PREFIX.sub("", _clean(value))
    if not value or _looks_like_url(value) or len(value) > 120 or "@" in value.split()[0]:
        return ""
    return value.strip(" ,;|")


def _join_name(person: dict[str, Any]) -> str:
    return _clean(f"{_text(person.get('givenName'))} {_text(person.get('familyName'))}")


def _language(page: _Page) -> str:
    """The first declared language that is a real ISO 639-1 code, most specific source first."""
    tree, meta = page.tree, page.meta
    candidates = [
        _first_text(page.node.get("inLanguage")),
        _first_text(page.page_node.get("inLanguage")),
        tree.get("lang") or "",
        tree.get("{http://www.w3.org/XML/1998/namespace}lang") or tree.get("xml:lang") or "",
        meta.get("og:locale"),
        meta.get("content-language"),
        meta.get("dc.language", "dcterms.language", "language", "lang"),
    ]
    for cand in candidates:
        code = _normalise_language(cand.split(",")[0])
        if code:
            return code
    return ""


def _keywords(page: _Page) -> list[str]:
    """Tags and keywords from every source, split on commas, without case-blind duplicates."""
    value = page.node.get("keywords")
    raw: list[Any] = value if isinstance(value, list) else [value]
    raw += page.meta.get_all(
        "article:tag", "og:article:tag", "news_keywords", "keywords", "parsely-tags"
    )
    words = (
        _clean(w) for item in raw if isinstance(item, str) for w in re.split(r"\s*[,;]\s*", item)
    )
    return _unique(w for w in words if w and len(w) <= 80)


class _Microdata:
    """Visible elements carrying ``itemprop`` (``<meta itemprop>`` is read with the meta tags)."""

    def __init__(self, tree: HtmlElement) -> None:
        self._els: dict[str, list[HtmlElement]] = {}
        for el in tree.xpath("//*[@itemprop][not(self::meta)]"):
            for prop in (el.get("itemprop") or "").split():
                self._els.setdefault(prop, []).append(el)

    def get(self, prop: str) -> str:
        for el in self._els.get(prop, ()):
            value = el.get("datetime") or el.get("content")
            if not value:
                name = el.xpath(".//*[@itemprop='name']")
                value = name[0].text_content() if name else el.text_content()
            if _clean(value):
                return _clean(value)
        return ""


def _time_elements(tree: HtmlElement) -> list[str]:
    """``<time datetime>`` values, those marked as the publication time first."""
    times = tree.xpath("//time[@datetime]")
    marked = [
        t
        for t in times
        if t.get("pubdate") is not None
        or "publish" in (t.get("class", "") + t.get("itemprop", "")).lower()
    ]
    return [t.get("datetime") for t in marked + [t for t in times if t not in marked]]


def _title_from_document(doc_title: str, h1: str, site_name: str, url: str) -> str:
    """The ``<title>`` without the site's name; the ``<h1>`` when it is what remains.

    When the site's name is not known, a ``<title>`` that contains the page's
    ``<h1>`` plus something more is taken to be "headline + site name", and the
    ``<h1>`` wins.
    """
    stripped = strip_site_suffix(doc_title, site_name, url)
    if h1 and stripped != h1 and len(_squash(h1)) >= 8 and _squash(h1) in _squash(stripped):
        return h1
    return stripped


def strip_site_suffix(title: str, site_name: str = "", url: str = "") -> str:
    """Remove " - Site", " | Site" (or "Site: ") from a ``<title>`` when it names the site.

    The site is recognised by ``site_name`` or by the URL's host; a segment that
    matches neither is part of the headline and kept.
    """
    title = _clean(title)
    names = {_squash(site_name)} | {_squash(label) for label in _host_labels(url)}
    names.discard("")
    if not names:
        return title

    def is_site(segment: str) -> bool:
        s = _squash(segment)
        return bool(s) and len(segment.split()) <= 6 and any(_names_match(s, n) for n in names)

    prefix = re.match(r"^([^:]{2,60}):\s+(?=\S)", title)
    if prefix and is_site(prefix.group(1)):
        title = title[prefix.end() :]
    parts = _TITLE_SEPARATORS.split(title)
    seps = _TITLE_SEPARATORS.findall(title)
    while len(parts) > 1 and is_site(parts[-1]):
        parts.pop()
        seps.pop()
    while len(parts) > 1 and is_site(parts[0]):
        parts.pop(0)
        seps.pop(0)
    out = parts[0]
    for sep, part in zip(seps, parts[1:], strict=True):
        out += sep + part
    return out


def _names_match(segment: str, name: str) -> bool:
    """ "BBC News" names bbc.co.uk; "Politics" does not name "Balkan Ledger"."""
    if segment == name:
        return True
    if len(name) >= 4 and (name in segment or segment in name):
        return len(segment) >= 3
    return len(name) >= 3 and segment.startswith(name)


_NOT_SITE_LABELS = {"www", "m", "amp", "news", "co", "com", "org", "net", "gov", "edu", "ac"}


def _host_labels(url: str) -> list[str]:
    """The registrable name of a URL's host: "bbc" for news.bbc.co.uk."""
    host = urlsplit(url).hostname or ""
    labels = [x for x in host.split(".")[:-1] if len(x) > 2 and x not in _NOT_SITE_LABELS]
    return labels[-1:]


# -- dates -----------------------------------------------------------------
_DEFAULTS = (dt.datetime(2001, 1, 1), dt.datetime(2002, 2, 2))
#: Earliest year taken for a date: archives hold digitised papers of the 19th century, and
#: newswires from the 1980s (Reuters-21578 is 1987); an earlier year is a mistake.
_MIN_YEAR = 1800


def parse_date(value: Any) -> dt.date | None:
    """A calendar date from the many shapes pages write dates in, or None.

    The date is the one written (its local date): "2015-03-04T23:30-05:00" is
    4 March. A string that lacks a year, month or day, or yields an implausible
    year, is rejected rather than completed with today's values.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _from_timestamp(value)
    if not isinstance(value, str):
        return None
    text = _clean(value)[:100]
    if not text:
        return None
    if re.fullmatch(r"\d{10}(?:\d{3})?", text):
        return _from_timestamp(int(text[:10]))
    iso = re.match(r"(\d{4})-(\d{2})-(\d{2})(?!\d)", text)
    if iso:
        return _valid_date(*map(int, iso.groups()))
    compact = re.fullmatch(r"(\d{4})(\d{2})(\d{2})", text)
    if compact:
        return _valid_date(*map(int, compact.groups()))
    return _dateutil_date(text)


def _dateutil_date(text: str) -> dt.date | None:
    from dateutil import parser

    # "04.03.2015" is 4 March everywhere dots are used; slashes keep dateutil's month first.
    dayfirst = bool(re.search(r"\b\d{1,2}\.\s?\d{1,2}\.\s?\d{2,4}\b", text))
    results = []
    for default in _DEFAULTS:
        try:
            parsed = parser.parse(
                text, default=default, fuzzy=True, dayfirst=dayfirst, ignoretz=True
            )
            results.append(parsed.date())
        except (ValueError, OverflowError, TypeError, parser.ParserError):
            return None
    if results[0] != results[1]:
        return None  # some component came from the default, not the text
    return _valid_date(results[0].year, results[0].month, results[0].day)


def _valid_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        date = dt.date(year, month, day)
    except ValueError:
        return None
    if year < _MIN_YEAR or date > dt.date.today() + dt.timedelta(days=366):
        return None
    return date


def _from_timestamp(value: float) -> dt.date | None:
    """A Unix timestamp's date; zero and negative ones are the blanks of a CMS, not 1970."""
    if value > 1e11:  # milliseconds
        value /= 1000
    if value <= 0:
        return None
    try:
        date = dt.datetime.fromtimestamp(value, tz=dt.UTC).date()
    except (OverflowError, OSError, ValueError):
        return None
    return _valid_date(date.year, date.month, date.day)


def _first_date(*values: Any) -> dt.date | None:
    for value in values:
        if isinstance(value, list):
            value = value[0] if value else None
        date = parse_date(value)
        if date:
            return date
    return None


# -- language --------------------------------------------------------------
def _normalise_language(tag: str) -> str:
    """ISO 639-1 code for a language tag, or "" (``language.normalise_language_tag``)."""
    return normalise_language_tag(tag) or ""


# -- small helpers ---------------------------------------------------------
def _clean(value: Any) -> str:
    if not isinstance(value, str):
        return ""
    return _WS.sub(" ", value.replace("\xa0", " ")).strip()


def _text(value: Any) -> str:
    """A plain string from a JSON-LD value (string, number or @value object).

    CMSs often HTML-escape the strings they put into JSON-LD ("&#8216;"), so
    entities are decoded here.
    """
    if isinstance(value, dict):
        value = value.get("@value") or value.get("name") or value.get("@id")
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, str) and "&" in value:
        value = _unescape_html(value)
    return _clean(value)


def _first_text(value: Any) -> str:
    if isinstance(value, list):
        return _first(*(_text(v) for v in value))
    return _text(value)


def _first(*values: Any) -> str:
    for value in values:
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


def _unique(items: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for item in items:
        key = item.casefold()
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


def _squash(text: str) -> str:
    return re.sub(r"\W+", "", text.casefold().removeprefix("www."))


def _looks_like_url(value: str) -> bool:
    return bool(re.match(r"^(?:https?:)?//|^www\.", value.strip(), re.I))
