"""The SETimes article stream parser: an ordered list of text blocks -> one Article.

HTML pages and plain-text dumps of SETimes pages both reduce to the same thing: the page's
text blocks in reading order (title, lede, byline, photo captions, paragraphs, and the page
furniture around them). Parsing that stream, instead of any particular markup, is what lets one
parser read every edition and layout, including markup nobody has seen:

- the byline ("... Southeast European Times ... DD/MM/YY") is the anchor: the title and lede
  are the blocks just above it, the body starts below it;
- a block ending in ``[CREDIT]`` is a photo caption;
- furniture labels either end the article (share links, "This content was commissioned for",
  the reader prompt, comments) or open a box (related articles, most popular, polls) that the
  article may continue after; link-only blocks, teasers and short trailing lines are dropped by
  structure.

``setimes_html`` and ``textdump`` build the blocks; this module decides what they are.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from archive_search.article import Article, Caption
from archive_search.errors import Skip, SkipSource
from archive_search.ingest import furniture
from archive_search.ingest.byline import (
    DATE,
    Byline,
    make_date,
    parse_byline,
    parse_lone_date,
    parse_sources,
)
from archive_search.ingest.furniture import Furniture, is_prose, is_title_like, undouble
from archive_search.ingest.setimes_url import SetimesUrl, parse_setimes_url
from archive_search.text.places import display_case, place_key, resolve_place

OUTLET = "Southeast European Times"
#: Most characters a caption (text plus credit) may have; longer blocks are paragraphs.
MAX_CAPTION_CHARS = 600
#: A block whose text is at least this share of link text is a link, not prose.
LINK_ONLY = 0.6
#: A box (related list, sidebar) is at most this many characters, or mostly links.
MAX_BOX_CHARS = 1200
#: A teaser's summary is at most this long.
MAX_TEASER_CHARS = 400

_CAPTION = re.compile(r"^(?P<text>.*\S)\s*\[(?P<credit>[^\[\]]{1,80})\]\s*$", re.DOTALL)
_LONE_CREDIT = re.compile(r"^\s*\[(?P<credit>[^\[\]]{1,80})\]\s*$")
_NOT_CREDIT = re.compile(r"^(?:sic|\.\.\.|…|\d+|citation needed|update[d]?)$", re.IGNORECASE)
_DATED_LINE = re.compile(DATE)
_TITLE_SEPARATORS = re.compile(r"\s+(?:[-|–—·•»:]|::)\s+")
_NEWSBRIEF_DATELINE = re.compile(
    r"^(?P<city>[A-ZÀ-ÞĀ-ſА-ЯЀ-ЏΑ-Ωİ][A-ZÀ-ÞĀ-ſА-ЯЀ-ЏΑ-ΩİĞŞÇ .'’-]{1,40}?)"
    r"(?:,\s*[^,–—-]{2,40})?\s*(?:-{1,2}|[–—])\s+\S"
)


@dataclass(frozen=True)
class Block:
    """One block of page text in reading order, with the structural cues a layout gives.

    ``path`` identifies the block's enclosing elements (outermost first; empty for text
    dumps), ``link_ratio`` is the share of its characters inside links, ``heading`` the
    h1-h6 level, ``chrome`` marks page chrome (header, footer, aside) around the article,
    ``emphasis`` how emphasised all of its text is (1 bold, 2 large: a headline's markup
    in layouts without <h1>).
    """

    text: str
    heading: int = 0
    link_ratio: float = 0.0
    bullet: bool = False
    path: tuple[int, ...] = ()
    chrome: bool = False
    emphasis: int = 0


@dataclass(frozen=True)
class PageCues:
    """What a page says about itself outside the text stream."""

    titles: tuple[str, ...] = ()
    url: str = ""
    language: str = ""
    #: What a text dump's header lines declare ("Date: ...", "Autor: ...").
    published: dt.date | None = None
    author: str = ""


@dataclass
class _Marks:
    """What each block is, decided once."""

    byline: Byline | None = None
    sources: Byline | None = None
    caption: Caption | None = None
    furniture: Furniture | None = None
    lone_date: bool = False
    date: dt.date | None = None


@dataclass
class _Body:
    paragraphs: list[str] = field(default_factory=list)
    captions: list[Caption] = field(default_factory=list)
    sources: list[Byline] = field(default_factory=list)
    teasers: int = 0


def parse_caption(text: str) -> Caption | None:
    """A photo caption: text ending in a bracketed credit, "... in January. [KFOR]"."""
    if len(text) > MAX_CAPTION_CHARS:
        return None
    match = _CAPTION.match(text.strip())
    if not match or _NOT_CREDIT.match(match["credit"].strip()):
        return None
    body = " ".join(match["text"].split())
    if len(body.split()) < 2 or body.endswith("[") or "[" in body[-3:]:
        return None
    return Caption(body, " ".join(match["credit"].split()))


# -- shared by the block builders (setimes_html, textdump) ----------------------------
def guarded(parse: Callable[..., Article]) -> Callable[..., Article]:
    """Let only SkipSource out of a parser: a bad page must never stop an ingest run."""

    @functools.wraps(parse)
    def run(*args: object, **kwargs: object) -> Article:
        try:
            return parse(*args, **kwargs)
        except SkipSource:
            raise
        except Exception as exc:
            detail = f"{type(exc).__name__}: {exc}"[:200]
            raise SkipSource(Skip.PARSE_FAILED.format(detail=detail)) from exc

    return run


def parse_blocks(
    blocks: Sequence[Block], cues: PageCues = PageCues(), *, source: str = "", url: str = ""
) -> Article:
    """Turn a SETimes page's text blocks into its Article, or raise SkipSource.

    ``cues.url`` (the page's canonical address) wins over ``url`` (where it was read from).
    """
    page = _Page.read(blocks, cues, url)
    bylines = [i for i, m in enumerate(page.marks) if m.byline]
    has_sources = any(m.sources for m in page.marks)
    _reject_non_articles(page, bylines, has_sources)
    page.byline_at = bylines[0] if bylines else None
    t, title = _find_title(page.blocks, page.marks, cues, page.byline_at)
    lede = _find_lede(page.blocks, page.marks, t, page.byline_at)
    body = _BodyReader(page, lede).read(_body_start(t, page.byline_at))
    if not bylines and not has_sources and body.teasers >= 3:
        raise SkipSource(Skip.LIST_PAGE.format(detail="a list of article teasers"))
    if not title:
        raise SkipSource(Skip.NO_TITLE)
    if not body.paragraphs:
        raise SkipSource(Skip.NO_BODY)
    return _article(page, title, lede, body, source)


@dataclass
class _Page:
    """The blocks of one page, what each is, and what the page says about itself."""

    blocks: list[Block]
    marks: list[_Marks]
    cues: PageCues
    url: str
    info: SetimesUrl | None
    byline_at: int | None = None

    @classmethod
    def read(cls, blocks: Sequence[Block], cues: PageCues, url: str) -> _Page:
        kept = [b for b in blocks if b.text.strip()]
        if not kept:
            raise SkipSource(Skip.EMPTY)
        page_url = cues.url or url
        info = parse_setimes_url(page_url) if page_url else None
        if info is None and url and url != page_url:
            info = parse_setimes_url(url)
        return cls(kept, [_mark(b) for b in kept], cues, page_url, info)

    @property
    def byline(self) -> Byline | None:
        return self.marks[self.byline_at].byline if self.byline_at is not None else None


def _article(page: _Page, title: str, lede: str, body: _Body, source: str) -> Article:
    byline = page.byline
    place, place_local = (byline.place, byline.place_local) if byline else ("", "")
    if not byline:
        place, place_local = _newsbrief_place(body.paragraphs)
    return Article(
        title=title,
        lede=lede,
        body=body.paragraphs,
        captions=body.captions,
        author=byline.author if byline else page.cues.author,
        place=place,
        place_local=place_local,
        published=_published(page, body),
        language=_language(page, body, lede),
        section=page.info.section if page.info else "",
        outlet=OUTLET if _is_setimes_page(page) else "",
        url=page.url,
        source=source,
    )


def _is_setimes_page(page: _Page) -> bool:
    """A plain text page with no SETimes cue is another outlet's: claim no brand for it."""
    return bool(page.byline or page.info or any(m.sources for m in page.marks))


def _mark(block: Block) -> _Marks:
    text = block.text
    marks = _Marks()
    marks.byline = parse_byline(text)
    if marks.byline:
        return marks
    marks.sources = parse_sources(text)
    if marks.sources:
        return marks
    marks.lone_date, marks.date = parse_lone_date(text)
    if marks.lone_date:
        return marks
    marks.caption = parse_caption(text)
    if marks.caption:
        return marks
    marks.furniture = furniture.classify(text)
    return marks


def _is_aside(block: Block, mark: _Marks) -> bool:
    """Not a candidate for title, lede or body: furniture, captions, dates, bylines."""
    return bool(
        mark.byline
        or mark.sources
        or mark.lone_date
        or mark.caption
        or mark.furniture
        or block.chrome
        or _LONE_CREDIT.match(block.text)
    )


# -- pages that are not articles -------------------------------------------------------
def _reject_non_articles(page: _Page, bylines: list[int], has_sources: bool) -> None:
    """Error pages, and list pages (several bylines, or no byline and a list's shape)."""
    if not bylines and not has_sources:
        _reject_error_page(page.blocks, page.marks, page.cues)
        _reject_list_page(page.blocks, page.info)
    authors = {(page.marks[i].byline.author, page.marks[i].byline.published) for i in bylines}
    if len(authors) >= 3:
        raise SkipSource(Skip.LIST_PAGE.format(detail="several articles' bylines"))


def _reject_error_page(blocks: list[Block], marks: list[_Marks], cues: PageCues) -> None:
    prose = sum(
        1 for b, m in zip(blocks, marks, strict=True) if is_prose(b.text) and not m.furniture
    )
    if prose >= 3:
        return
    heads = [*cues.titles, *(b.text for b in blocks[:6] if furniture.words(b.text) <= 12)]
    for head in heads:
        if head and furniture.is_error_text(head):
            raise SkipSource(Skip.ERROR_PAGE.format(detail=" ".join(head.split())[:80]))


def _reject_list_page(blocks: list[Block], info: SetimesUrl | None) -> None:
    """Section fronts and archive lists: many dated teasers, or an address that is no article."""
    if info is not None and not info.is_article:
        raise SkipSource(Skip.LIST_PAGE.format(detail=f"section or archive address /{info.key}"))
    dated = sum(
        1
        for b in blocks
        if furniture.words(b.text) <= 30 and (m := _DATED_LINE.search(b.text)) and _valid_date(m)
    )
    if dated >= 3:
        raise SkipSource(Skip.LIST_PAGE.format(detail=f"{dated} dated teasers"))
    pairs = 0
    for i in range(len(blocks) - 2):
        head, summary, nxt = blocks[i].text, blocks[i + 1].text, blocks[i + 2].text
        if (
            is_title_like(head)
            and not is_prose(head)
            and is_prose(summary)
            and len(summary) <= MAX_TEASER_CHARS
            and is_title_like(nxt)
            and not is_prose(nxt)
        ):
            pairs += 1
    if pairs >= 3:
        raise SkipSource(Skip.LIST_PAGE.format(detail=f"{pairs} headline-and-summary teasers"))


def _valid_date(match: re.Match[str]) -> bool:
    return make_date(match["day"], match["month"], match["year"]) is not None


# -- title and lede -------------------------------------------------------------------
def _key(text: str) -> str:
    return place_key(text)


def _title_variants(titles: Sequence[str]) -> set[str]:
    """The page title and its parts around " - " / " | " (site names are parts too)."""
    variants = set()
    for title in titles:
        title = " ".join(title.split())
        if not title:
            continue
        variants.add(_key(title))
        parts = _TITLE_SEPARATORS.split(title)
        for n in range(1, len(parts)):
            variants.add(_key(" - ".join(parts[:n])))
            variants.add(_key(" - ".join(parts[n:])))
    return {v for v in variants if len(v) >= 8 and not _is_brand(v)}


def _is_brand(key: str) -> bool:
    return bool(re.fullmatch(r"(?:www )?(?:setimes(?: com)?|southeast european times)", key))


def _find_title(
    blocks: list[Block], marks: list[_Marks], cues: PageCues, b: int | None
) -> tuple[int | None, str]:
    """(index of the title block or None, title text)."""
    variants = _title_variants(cues.titles)
    head = _emphasised_headline(blocks, marks, b) if b is not None else None
    if variants:
        # the block matching the longest part of the page title ("Features" loses)
        matched = {
            i: len(key)
            for i, blk in enumerate(blocks)
            if not marks[i].byline and not marks[i].furniture and _title_place(i, b)
            for key in (_key(blk.text), _key(undouble(blk.text) or ""))
            if key in variants
        }
        if matched:
            best = max(matched.values())
            i = _nearest_before([i for i, n in matched.items() if n == best], b)
            # a title naming only the site matches its masthead (a tagline), which a row of
            # links parts from the headline above the byline
            if head is None or i >= head or not _link_row_between(blocks, i, head):
                return i, _clean_title(blocks[i].text)
    h1 = [
        i
        for i, blk in enumerate(blocks)
        if blk.heading == 1
        and not _is_aside(blk, marks[i])
        and is_title_like(blk.text)
        and _title_place(i, b)
    ]
    if h1:
        i = _nearest_before(h1, b)
        return i, _clean_title(blocks[i].text)
    if head is not None:
        return head, _clean_title(blocks[head].text)
    if b is not None:
        found_i = _title_above_byline(blocks, marks, b)
        from_cues = _title_from_cues(cues.titles)
        if found_i is not None and is_prose(blocks[found_i].text) and from_cues:
            return None, from_cues  # only the lede is above the byline (image headline)
        if found_i is not None:
            return found_i, _clean_title(blocks[found_i].text)
    else:
        for i, blk in enumerate(blocks):
            if (
                not _is_aside(blk, marks[i])
                and is_title_like(blk.text)
                and blk.link_ratio < LINK_ONLY
            ) and furniture.words(blk.text) >= 2:
                return i, _clean_title(blk.text)
    return None, _title_from_cues(cues.titles)


#: How many blocks above the byline a headline without <h1> may stand.
HEAD_BLOCKS = 6


def _emphasised_headline(blocks: list[Block], marks: list[_Marks], b: int) -> int | None:
    """The headline of a layout without <h1>: the most emphasised (large, then bold) short
    line just above the byline, looking no further up than a row of links."""
    best = None
    for i in range(b - 1, max(-1, b - 1 - HEAD_BLOCKS), -1):
        blk = blocks[i]
        if blk.link_ratio >= LINK_ONLY and not blk.emphasis:
            break
        stronger = best is None or blk.emphasis > blocks[best].emphasis
        if blk.emphasis and stronger and not _is_aside(blk, marks[i]) and _headline_like(blk.text):
            best = i
    return best


def _headline_like(text: str) -> bool:
    return is_title_like(text) and furniture.words(text) >= 2


def _link_row_between(blocks: list[Block], start: int, end: int) -> bool:
    return any(blocks[j].link_ratio >= LINK_ONLY for j in range(start + 1, end))


def _title_from_cues(titles: Sequence[str]) -> str:
    """The longest part of the page title that is not the site's name."""
    parts = [p for t in titles for p in _TITLE_SEPARATORS.split(" ".join(t.split()))]
    parts = [p for p in parts if _key(p) and not _is_brand(_key(p))]
    return _clean_title(max(parts, key=len)) if parts else ""


def _title_place(i: int, b: int | None) -> bool:
    """A headline stands above the byline, or just below it; further down it is a link to the
    same article in a sidebar."""
    return b is None or i <= b + 2


def _nearest_before(indexes: list[int], b: int | None) -> int:
    if b is None:
        return indexes[0]
    before = [i for i in indexes if i < b]
    return before[-1] if before else indexes[0]


def _clean_title(text: str) -> str:
    text = undouble(text) or text
    return " ".join(text.split())


def _title_above_byline(blocks: list[Block], marks: list[_Marks], b: int) -> int | None:
    """The title when only the byline anchors it: the headline above the lede above the byline."""
    candidates = (
        i
        for i in range(b - 1, -1, -1)
        if not _is_aside(blocks[i], marks[i]) and blocks[i].link_ratio < LINK_ONLY
    )
    above = list(itertools.islice(candidates, 2))
    if not above:
        return None
    near = blocks[above[0]].text
    far = blocks[above[1]].text if len(above) == 2 else ""
    # a lede may lack its full stop, but it is long; a short line above a headline is a menu
    long_line = furniture.words(near) >= 14 and len(near) > 1.5 * len(far)
    lede_then_title = is_prose(near) or long_line
    if far and is_title_like(far) and furniture.words(far) >= 2 and lede_then_title:
        return above[1]
    return above[0]


def _find_lede(blocks: list[Block], marks: list[_Marks], t: int | None, b: int | None) -> str:
    """The summary SETimes prints between the headline and the byline."""
    if b is None or (t is not None and t >= b):
        return ""
    if t is None:  # the headline was not in the text: the lede is the sentence above the byline
        above = _title_above_byline(blocks, marks, b)
        return (
            " ".join(blocks[above].text.split())
            if above is not None and is_prose(blocks[above].text)
            else ""
        )
    candidates = [
        blocks[i].text
        for i in range(t + 1, b)
        if not _is_aside(blocks[i], marks[i]) and blocks[i].link_ratio < LINK_ONLY
    ]
    prose = [c for c in candidates if is_prose(c)]
    chosen = prose[0] if prose else next((c for c in candidates if furniture.words(c) >= 6), "")
    return " ".join(chosen.split())


def _body_start(t: int | None, b: int | None) -> int:
    if b is not None and (t is None or t < b):
        return b + 1
    if t is not None:
        return t + 1
    return 0


# -- body -------------------------------------------------------------------------------
class _Boxes:
    """Element sizes, to tell a small box (related list, sidebar) from the article's container."""

    def __init__(self, blocks: list[Block]) -> None:
        self.chars: Counter[int] = Counter()
        self.links: Counter[int] = Counter()
        for blk in blocks:
            for node in blk.path:
                self.chars[node] += len(blk.text)
                self.links[node] += int(len(blk.text) * blk.link_ratio)
        self.body_nodes: set[int] = set()

    def accept(self, blk: Block) -> None:
        self.body_nodes.update(blk.path)

    def box_of(self, blk: Block) -> int | None:
        """The smallest element around a label that holds more than the label, if it is a box."""
        own = len(blk.text)
        for node in reversed(blk.path):
            if self.chars[node] <= own + 3:
                continue
            if node in self.body_nodes:
                return None
            small = self.chars[node] <= MAX_BOX_CHARS
            linky = self.links[node] >= 0.5 * (self.chars[node] - own)
            return node if small or (linky and self.chars[node] <= 4 * MAX_BOX_CHARS) else None
        return None


class _BodyReader:
    """Walks the stream below the byline, sorting each block into body, caption or furniture."""

    def __init__(self, page: _Page, lede: str) -> None:
        self.blocks, self.marks = page.blocks, page.marks
        self.body = _Body()
        self.boxes = _Boxes(page.blocks)
        self.skipped: set[int] = set()  # elements (boxes) whose blocks are all furniture
        self.in_box = False  # after a box label: skip list entries until prose resumes
        self.after_title = False  # the previous block was a skipped headline or link
        self.last_taken = -1
        self.taken: list[int] = []  # the block of each body paragraph
        self.lede_key = _key(lede) if lede else ""

    def read(self, start: int) -> _Body:
        i = start
        while i < len(self.blocks):
            step = self.take(i)
            if step is None:
                break
            i += step
        self.body.paragraphs = _trim(self.body.paragraphs)
        return self.body

    def take(self, i: int) -> int | None:
        """Handle block ``i``; return how many blocks were used, or None at the article's end."""
        blk, mark = self.blocks[i], self.marks[i]
        if self.skipped.intersection(blk.path) or mark.byline or mark.lone_date:
            return 1
        if mark.sources:
            self.body.sources.append(mark.sources)
            return 1
        if mark.caption:
            # a caption in page chrome belongs to the article only above its text
            if not blk.chrome or not self.body.paragraphs:
                self.body.captions.append(mark.caption)
            return 1
        credit = _LONE_CREDIT.match(blk.text)
        if credit:
            self.credit(i, credit["credit"].strip())
            return 1
        if mark.furniture:
            return self.label(blk, mark.furniture, i)
        return self.text(i, blk)

    def credit(self, i: int, credit: str) -> None:
        """A "[AFP]" on its own: the block just taken was the photo's caption."""
        paragraphs = self.body.paragraphs
        if self.last_taken == i - 1 and paragraphs and len(paragraphs[-1]) <= MAX_CAPTION_CHARS:
            self.body.captions.append(Caption(paragraphs.pop(), credit))
            self.taken.pop()

    def unlabelled_box(self, i: int) -> bool:
        """A short heading over a list of links is a box's label, whatever its words."""
        nxt = i + 1
        return (
            nxt < len(self.blocks)
            and is_title_like(self.blocks[i].text)
            and not is_prose(self.blocks[i].text)
            and self.blocks[nxt].link_ratio >= LINK_ONLY
            and not self.marks[nxt].furniture
        )

    def label(self, blk: Block, kind: Furniture, i: int) -> int | None:
        if kind.ends_article and self.body.paragraphs:
            heading = furniture.ending_heading(self.blocks, i, self.taken, self.boxes.chars)
            if heading:
                del self.body.paragraphs[-heading:], self.taken[-heading:]
            return None
        if kind.opens_box:
            box = self.boxes.box_of(blk)
            if box is not None:
                self.skipped.add(box)
            self.in_box, self.after_title = True, False
        return 1

    def text(self, i: int, blk: Block) -> int:
        text = blk.text
        repeated_lede = self.lede_key and not self.body.paragraphs and _key(text) == self.lede_key
        if blk.chrome or repeated_lede:
            return 1
        if blk.bullet and furniture.is_short_line(text):  # menu or share-list entry
            return 1
        if blk.link_ratio >= LINK_ONLY or undouble(text):
            self.after_title = True
            if undouble(text) and _teaser_summary(self.blocks, self.marks, i + 1, force=True):
                self.body.teasers += 1
                return 2
            return 1
        if self.unlabelled_box(i):
            return self.label(blk, furniture.BOX, i)
        poll_end = _poll_end(self.blocks, self.marks, i, answers=1 if self.in_box else 2)
        if poll_end:
            return poll_end - i
        if self.in_box or self.after_title:
            if not is_prose(text):
                self.after_title = True
                return 1
            if self.after_title and _teaser_summary(self.blocks, self.marks, i):
                self.body.teasers += 1
                return 1
            self.in_box = False
        self.after_title = False
        self.body.paragraphs.append(" ".join(text.split()))
        self.taken.append(i)
        self.boxes.accept(blk)
        self.last_taken = i
        return 1


def _teaser_summary(blocks: list[Block], marks: list[_Marks], i: int, force: bool = False) -> bool:
    """A short paragraph between two headlines (or a headline and a box label): a teaser.

    ``force``: the headline above was pasted twice (image alt plus link), which only teasers
    are, so only the summary's length matters.
    """
    if i >= len(blocks) or marks[i].furniture or marks[i].caption or marks[i].byline:
        return False
    text = blocks[i].text
    if not is_prose(text) or len(text) > MAX_TEASER_CHARS:
        return False
    if force:
        return True
    if i + 1 >= len(blocks):
        return False
    nxt, nxt_mark = blocks[i + 1], marks[i + 1]
    if nxt_mark.furniture:
        return not nxt_mark.furniture.ends_article
    return (
        nxt.link_ratio >= LINK_ONLY
        or bool(undouble(nxt.text))
        or (is_title_like(nxt.text) and not is_prose(nxt.text))
    )


def _poll_end(blocks: list[Block], marks: list[_Marks], i: int, answers: int = 2) -> int:
    """Index after a poll (a question followed by short answers), or 0.

    Two answers make a poll anywhere; one is enough inside a box or at the end of the page.
    """
    if not furniture.is_poll_question(blocks[i].text):
        return 0
    j = i + 1
    while j < len(blocks) and furniture.is_short_line(blocks[j].text) and not marks[j].byline:
        j += 1
    found = j - i - 1
    return j if found >= answers or (found >= 1 and j == len(blocks)) else 0


def _trim(paragraphs: list[str]) -> list[str]:
    """Drop short non-sentences at either end: menus, labels, leftovers of boxes.

    A question left at the end once short lines after it are gone was a poll.
    """
    start, end = 0, len(paragraphs)
    while end > start and not _sentence(paragraphs[end - 1]):
        end -= 1
        if end > start and furniture.is_poll_question(paragraphs[end - 1]):
            end -= 1
    while start < end and not _sentence(paragraphs[start]):
        start += 1
    return paragraphs[start:end]


def _sentence(text: str) -> bool:
    return furniture.is_sentence(text)


# -- metadata -----------------------------------------------------------------------------
def _published(page: _Page, body: _Body) -> dt.date | None:
    """The declared date, else the byline's, else the newest source-line date, else a date
    line near the top, else the URL's."""
    if page.cues.published:
        return page.cues.published
    byline = page.byline
    if byline and byline.published:
        return byline.published
    dated = [s.published for s in body.sources if s.published]
    if dated:
        return max(dated)
    b = page.byline_at
    near = range(max(0, b - 3), b + 4) if b is not None else range(12)
    for i in near:
        if i < len(page.marks) and page.marks[i].lone_date and page.marks[i].date:
            return page.marks[i].date
    return page.info.date if page.info else None


def _newsbrief_place(paragraphs: list[str]) -> tuple[str, str]:
    """The "BELGRADE, Serbia --" dateline that opens a newsbrief's first paragraph."""
    if not paragraphs:
        return "", ""
    match = _NEWSBRIEF_DATELINE.match(paragraphs[0])
    if not match or not match["city"].strip().isupper():
        return "", ""
    place, local = resolve_place(match["city"].strip())
    return place, display_case(local)


def _language(page: _Page, body: _Body, lede: str) -> str:
    """The edition: URL locale, else <html lang>, else the byline's wording, else the text.

    The text is consulted only on SETimes pages whose byline leaves the edition open
    (Serbian, Croatian and Bosnian bylines read alike); otherwise "" lets the caller run
    language identification.
    """
    if page.info:
        return page.info.language
    if page.cues.language:
        return page.cues.language
    byline = page.byline
    hints = [byline.language if byline else "", *(s.language for s in body.sources)]
    for hint in hints:
        if hint:
            return hint
    if byline or body.sources:
        return edition_from_text(" ".join([lede, *body.paragraphs]))
    return ""


#: Editions whose bylines read alike, told apart by their text (``language``'s rules).
SHARED_BYLINE_EDITIONS = frozenset({"sr", "hr", "bs", "mk", "bg"})


def edition_from_text(text: str) -> str:
    """sr / hr / bs or sr / mk / bg for a SETimes text whose byline left the edition open."""
    from archive_search.ingest.language import detect_language

    language = detect_language(text)
    return language if language in SHARED_BYLINE_EDITIONS else ""


_URL_CUE = re.compile(r"setimes\.com/cocoon/|https?://(?:www\.)?setimes\.com\b")
_DATE_CUE = re.compile(r"\d{1,2}/\d{1,2}/\d{2}")
_SOURCES_CUE = re.compile(r"\([^()\n<>]{0,40}:[^()\n<>]{1,200}\d{1,2}/\d{1,2}/\d{2}\s*\)")
_TAG = re.compile(r"<[^>]*>")
# every SETimes page holds one of these exact substrings (checked before any lower-casing)
_CHEAP_CUES = ("etimes", "ETimes", "ETIMES", "uropean Times", "uropean times", "UROPEAN TIMES")


def looks_like_setimes(text_or_html: str) -> bool:
    """Cheap test for the dispatcher: does this page come from SETimes?

    True for a setimes.com address in the page, a SETimes byline (the brand followed closely
    by a DD/MM/YY date, markup between them ignored), or the SETimes name with a newsbrief
    source line. Plain substring searches come first, so other pages cost almost nothing.
    """
    sample = text_or_html[:2_000_000]
    if not any(cue in sample for cue in _CHEAP_CUES):
        return False
    low = sample.lower()
    if "setimes.com" in low and _URL_CUE.search(low):
        return True
    at = low.find("european times")
    for _ in range(20):
        if at < 0:
            break
        if re.search(r"south[\s-]*east(?:ern)?\s+$", low[max(0, at - 15) : at]):
            after = " ".join(_TAG.sub(" ", sample[at + 14 : at + 400]).split())
            if _DATE_CUE.search(after[:150]):
                return True
        at = low.find("european times", at + 14)
    return "setimes" in low and bool(_SOURCES_CUE.search(sample))
