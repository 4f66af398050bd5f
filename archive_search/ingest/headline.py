"""Headlines by markup: for pages whose <title> names only the site.

Older layouts (2000s tables, any outlet) put the site's name, and maybe its tagline, in
<title> and print the headline in bold or large text with no <h1>. Two questions, answered
from one page without knowing the site:

* does the title name only the site? Each of its parts is the site's name (as
  ``og:site_name``, the address, the logo's alt text or the copyright line give it) or
  stands in the masthead, above the first row of links;
* which line is the headline? The most emphasised short line (``<h1>``, then large, then
  bold text) before the article's first paragraph.

``emphasis`` is shared with the SETimes parser, which weighs the same markup.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from archive_search.text.folding import fold

if TYPE_CHECKING:  # pragma: no cover
    from lxml.html import HtmlElement

#: Emphasis levels: bold text, and large text (a layout's headline without <h1>).
BOLD, LARGE = 1, 2
#: Most words in a headline.
MAX_HEADLINE_WORDS = 25
#: A row of links (navigation) has at least this many links.
LINK_ROW = 3

_BOLD_WEIGHT = re.compile(r"font-weight\s*:\s*(?:bold|bolder|[6-9]00)", re.IGNORECASE)
_LARGE_SIZE = re.compile(
    r"font(?:-size)?\s*:[^;]*?(?:\b(?:large|x-large|xx-large|larger)\b"
    r"|(?P<px>\d+(?:\.\d+)?)px|(?P<pt>\d+(?:\.\d+)?)pt|(?P<em>\d+(?:\.\d+)?)(?:em|rem))",
    re.IGNORECASE,
)
_TITLE_SEPARATORS = re.compile(r"\s+(?:[-|–—·•»:]|::|\\|/)\s+")
_COPYRIGHT = re.compile(
    r"(?:©|\(c\)|copyright)\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?)?\s*(?P<holder>[^.|©]{2,60})",
    re.IGNORECASE,
)
_HEADINGS = {"h1": 3, "h2": LARGE, "h3": LARGE}
_SKIP = {"script", "style", "noscript", "template", "head", "title", "a", "nav", "footer"}


def emphasis(el: HtmlElement, tag: str) -> int:
    """How much an element emphasises its text: 2 large (big, font size 4+, a large
    font-size style), 1 bold (b, strong, a bold font-weight style), else 0."""
    level = BOLD if tag in ("b", "strong") else 0
    if tag == "big":
        level = LARGE
    if tag == "font" and re.fullmatch(r"\+[1-7]|[4-7]", (el.get("size") or "").strip()):
        level = LARGE
    style = el.get("style")
    if style:
        large = _LARGE_SIZE.search(style)
        if large and _large(large):
            level = LARGE
        elif _BOLD_WEIGHT.search(style):
            level = max(level, BOLD)
    return level


def _large(match: re.Match[str]) -> bool:
    if match["px"]:
        return float(match["px"]) >= 16
    if match["pt"]:
        return float(match["pt"]) >= 12
    if match["em"]:
        return float(match["em"]) >= 1.2
    return True


def _squash(text: str) -> str:
    return re.sub(r"\W+", "", fold(text).removeprefix("www."))


def _text(el: HtmlElement) -> str:
    return " ".join((el.text_content() or "").split())


def _site_names(tree: HtmlElement, site_name: str, host: str) -> set[str]:
    """The site's name as the page gives it: metadata, address, logo, copyright line."""
    names = {_squash(site_name), _squash(host)}
    for alt in tree.xpath("//img/@alt"):
        names.add(_squash(re.sub(r"\blogo\b", "", alt, flags=re.IGNORECASE)))
    for text in tree.xpath(
        "//body//text()[contains(., '©') or contains(translate(., 'COPYRIGHT', 'copyright'), 'copyright') or contains(., '(c)') or contains(., '(C)')]"
    ):
        for match in _COPYRIGHT.finditer(str(text)):
            holder = re.split(
                r"\s+(?:all rights|sva prava|tüm hakları)", match["holder"], flags=re.I
            )
            names.add(_squash(holder[0]))
    return {n for n in names if len(n) >= 3}


def _masthead(tree: HtmlElement) -> set[str]:
    """Texts of the page above its first row of links (logo, site name, tagline)."""
    texts: set[str] = set()
    body = tree.find(".//body")
    for el in (body if body is not None else tree).iter():
        if not isinstance(el.tag, str):
            continue
        if _link_row(el):
            break
        if el.text and el.text.strip():
            texts.add(_squash(el.text))
    return texts


def _link_row(el: HtmlElement) -> bool:
    """A row of links: three or more among its children (or its list items' or cells')."""
    links = sum(1 for c in el if c.tag == "a")
    if el.tag in ("ul", "ol", "menu", "nav", "tr"):
        links += sum(1 for c in el if c.tag != "a" and any(g.tag == "a" for g in c))
    return links >= LINK_ROW


def names_only_the_site(title: str, tree: HtmlElement, site_name: str = "", host: str = "") -> bool:
    """Whether every part of ``title`` is the site's name or its masthead (a tagline)."""
    parts = [p for p in _TITLE_SEPARATORS.split(" ".join(title.split())) if _squash(p)]
    if not parts:
        return False
    names = _site_names(tree, site_name, host)
    masthead: set[str] | None = None

    def site_part(part: str) -> bool:
        nonlocal masthead
        key = _squash(part)
        if any(key == n or (len(n) >= 4 and (n in key or key in n)) for n in names):
            return True
        if masthead is None:
            masthead = _masthead(tree)
        return key in masthead

    return any(_squash(p) in names for p in parts) and all(site_part(p) for p in parts)


def without_site_name(title: str, tree: HtmlElement, site_name: str = "", host: str = "") -> str:
    """``title`` less its leading or trailing parts that are the site's name ("Headline -
    Balkan Daily News" when the page's logo or copyright line names "Balkan Daily News")."""
    title = " ".join(title.split())
    parts = _TITLE_SEPARATORS.split(title)
    seps = _TITLE_SEPARATORS.findall(title)
    if len(parts) < 2:
        return title
    names = _site_names(tree, site_name, host)
    while len(parts) > 1 and _squash(parts[-1]) in names:
        parts.pop()
        seps.pop()
    while len(parts) > 1 and _squash(parts[0]) in names:
        parts.pop(0)
        seps.pop(0)
    return parts[0] + "".join(sep + part for sep, part in zip(seps, parts[1:], strict=True))


def emphasised_headline(tree: HtmlElement, first_paragraph: str) -> str:
    """The most emphasised short line before ``first_paragraph`` (an <h1> first; nearest wins)."""
    body = tree.find(".//body")
    root = body if body is not None else tree
    stop = _squash(first_paragraph)[:60]
    best, best_level = "", 0
    levels: dict[HtmlElement, int] = {}
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        tag = el.tag.lower()
        parent = el.getparent()
        inherited = levels.get(parent, 0) if parent is not None else 0
        levels[el] = max(inherited, emphasis(el, tag), _HEADINGS.get(tag, 0))
        text = _text(el)
        if stop and stop in _squash(text) and len(_squash(text)) <= 2 * len(stop) + 40:
            break
        if tag in _SKIP or el.xpath("ancestor::a | ancestor::nav | ancestor::footer"):
            continue
        level = levels[el]
        if level and level >= best_level and headline_like(text):
            best, best_level = text, level
    return best


def headline_like(text: str) -> bool:
    """A short line that does not end like a sentence or a label."""
    words = len(text.split())
    return 2 <= words <= MAX_HEADLINE_WORDS and not text.endswith((".", ",", ";", ":"))
