"""Article pages built the way common CMSs build them, around a known article text.

The held-out check of body extraction (``scripts/eval_layouts.py``) and the layout
regression tests wrap real article texts in these templates. Each template writes the
markup its CMS emits (WordPress's ``entry-content`` and comment list, Drupal's
``field--name-body``, AMP, Blogger, a Medium-like reader, a 2000s table layout, ...)
with its furniture in the page's language, and was written from those CMSs' markup, not
from what our extractor looks for. A page knows its true body: ``Page.body``.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import random
from collections.abc import Callable
from dataclasses import dataclass, field, replace

__all__ = ["TEMPLATES", "VOCABULARIES", "Page", "Story", "Vocabulary", "build", "transliterated"]


@dataclass(frozen=True)
class Story:
    """An article's text and the facts a page may print about it."""

    title: str
    paragraphs: list[str]
    lede: str = ""
    author: str = ""
    published: dt.date | None = None
    language: str = "en"


@dataclass(frozen=True)
class Vocabulary:
    """Page furniture in one language: menus, labels, banners, readers' comments."""

    code: str  # the page's lang attribute
    menu: tuple[str, ...]
    share: tuple[str, ...]
    related: str
    read_also: str
    most_read: str
    comments: str
    n_comments: str
    reply: str
    leave_comment: str
    says: str
    comment_texts: tuple[str, ...]
    subscribe: str
    newsletter: str
    email: str
    cookie: str
    accept: tuple[str, str]
    paywall: str
    paywall_buttons: tuple[str, str]
    advertisement: str
    rights: str
    posted: tuple[str, str]
    photo: str
    tags: str
    prev_next: tuple[str, str]
    updated: str
    about: tuple[str, ...]
    follow: str


@dataclass(frozen=True)
class Page:
    """A built page and what is true about it."""

    template: str
    html: str
    body: list[str]
    title: str
    author: str = ""
    published: dt.date | None = None
    url: str = ""


@dataclass
class _Ctx:
    story: Story
    vocab: Vocabulary
    others: list[Story]
    rng: random.Random
    site: str
    url: str
    extra: dict[str, object] = field(default_factory=dict)


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _slug(text: str) -> str:
    return "-".join("".join(c for c in text.lower() if c.isalnum() or c == " ").split()[:6])


def _iso(story: Story) -> str:
    return story.published.isoformat() if story.published else ""


def _human_date(story: Story) -> str:
    d = story.published
    return f"{d.day:02d}.{d.month:02d}.{d.year}." if d else ""


def _teasers(ctx: _Ctx, n: int) -> list[Story]:
    return ctx.rng.sample(ctx.others, min(n, len(ctx.others)))


def _teaser_links(ctx: _Ctx, n: int, cls: str = "") -> str:
    items = "".join(
        f'<li{cls}><a href="/{_slug(s.title)}/">{_e(s.title)}</a></li>' for s in _teasers(ctx, n)
    )
    return f"<ul>{items}</ul>"


def _menu(ctx: _Ctx, li_class: str = "menu-item") -> str:
    return "".join(
        f'<li class="{li_class}"><a href="/{_slug(m)}/">{_e(m)}</a></li>' for m in ctx.vocab.menu
    )


def _cookie_banner(ctx: _Ctx) -> str:
    v = ctx.vocab
    return (
        '<div id="cookie-notice" role="dialog" class="cookie-notice-container">'
        f'<span id="cn-notice-text" class="cn-text-container">{_e(v.cookie)}</span>'
        f'<span class="cn-buttons"><a href="#" class="cn-button">{_e(v.accept[0])}</a>'
        f'<a href="/privacy/" class="cn-more">{_e(v.accept[1])}</a></span></div>'
    )


def _newsletter(ctx: _Ctx) -> str:
    v = ctx.vocab
    return (
        '<div class="newsletter-signup"><h3>Newsletter</h3>'
        f"<p>{_e(v.newsletter)}</p>"
        f'<form action="/subscribe" method="post"><input type="email" name="email" '
        f'placeholder="{_e(v.email)}"><button type="submit">{_e(v.subscribe)}</button></form></div>'
    )


def _footer(ctx: _Ctx) -> str:
    v = ctx.vocab
    year = ctx.story.published.year if ctx.story.published else 2014
    links = " | ".join(f'<a href="/{_slug(a)}/">{_e(a)}</a>' for a in v.about)
    return f"<footer><p>{links}</p><p>© {year} {_e(ctx.site)}. {_e(v.rights)}</p></footer>"


def _jsonld(ctx: _Ctx, kind: str = "NewsArticle") -> str:
    s = ctx.story
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": kind,
        "headline": s.title,
        "mainEntityOfPage": ctx.url,
        "publisher": {"@type": "Organization", "name": ctx.site},
    }
    if s.published:
        data["datePublished"] = _iso(s) + "T08:30:00+01:00"
    if s.author:
        data["author"] = {"@type": "Person", "name": s.author}
    return f'<script type="application/ld+json">{json.dumps(data, ensure_ascii=False)}</script>'


def _head(ctx: _Ctx, *, og: bool = True, extra: str = "") -> str:
    s = ctx.story
    metas = f'<meta charset="utf-8"><title>{_e(s.title)} - {_e(ctx.site)}</title>'
    metas += f'<link rel="canonical" href="{ctx.url}">'
    if og:
        metas += (
            f'<meta property="og:type" content="article">'
            f'<meta property="og:title" content="{_e(s.title)}">'
            f'<meta property="og:site_name" content="{_e(ctx.site)}">'
        )
        if s.lede:
            metas += f'<meta property="og:description" content="{_e(s.lede)}">'
        if s.published:
            metas += f'<meta property="article:published_time" content="{_iso(s)}T08:30:00+01:00">'
    return f"<head>{metas}{extra}</head>"


def _comments_wordpress(ctx: _Ctx) -> str:
    v = ctx.vocab
    names = ["Marko", "Ana P.", "ivan1975", "Elena", "Dimitris"]
    items = []
    for i, text in enumerate(v.comment_texts):
        reply = ""
        if i == 0:
            reply = (
                '<ul class="children"><li class="comment byuser odd alt depth-2">'
                '<article class="comment-body"><footer class="comment-meta">'
                '<div class="comment-author vcard"><b class="fn">'
                f'{names[-1]}</b> <span class="says">{_e(v.says)}</span></div></footer>'
                f'<div class="comment-content"><p>{_e(v.comment_texts[-1])}</p></div>'
                f'<div class="reply"><a class="comment-reply-link" href="#">{_e(v.reply)}</a>'
                "</div></article></li></ul>"
            )
        items.append(
            f'<li id="comment-{100 + i}" class="comment even thread-even depth-1">'
            f'<article id="div-comment-{100 + i}" class="comment-body">'
            '<footer class="comment-meta"><div class="comment-author vcard">'
            f'<img alt="" src="/avatar.png" class="avatar avatar-32" height="32" width="32">'
            f'<b class="fn">{_e(names[i % len(names)])}</b> '
            f'<span class="says">{_e(v.says)}</span></div>'
            f'<div class="comment-metadata"><a href="#comment-{100 + i}">'
            f"<time>{_human_date(ctx.story)} 10:1{i}</time></a></div></footer>"
            f'<div class="comment-content"><p>{_e(text)}</p></div>'
            f'<div class="reply"><a rel="nofollow" class="comment-reply-link" href="#">'
            f"{_e(v.reply)}</a></div></article>{reply}</li>"
        )
    return (
        '<div id="comments" class="comments-area">'
        f'<h2 class="comments-title">{_e(v.n_comments.format(n=len(items) + 1))}</h2>'
        f'<ol class="comment-list">{"".join(items)}</ol>'
        f'<div id="respond" class="comment-respond"><h3 id="reply-title" class="comment-reply-title">'
        f'{_e(v.leave_comment)}</h3><form action="/wp-comments-post.php" method="post" '
        'id="commentform" class="comment-form"><p class="comment-form-comment">'
        f'<label for="comment">{_e(v.comments)}</label><textarea id="comment" name="comment">'
        "</textarea></p></form></div></div>"
    )


def _paras(paragraphs: list[str], attrs: str = "") -> str:
    return "".join(f"<p{attrs}>{_e(p)}</p>" for p in paragraphs)


# -- templates ----------------------------------------------------------------------
def wordpress(ctx: _Ctx) -> str:
    """A WordPress theme (Twenty-style): entry-content, Jetpack sharing and related posts,
    tags, post navigation, threaded comments, sidebar widgets."""
    s, v = ctx.story, ctx.vocab
    share = "".join(
        f'<li class="share-{_slug(x)}"><a rel="nofollow noopener" class="share-icon" href="#">'
        f"<span>{_e(x)}</span></a></li>"
        for x in v.share
    )
    related = "".join(
        f'<div class="jp-relatedposts-post"><h4 class="jp-relatedposts-post-title">'
        f'<a href="/{_slug(o.title)}/">{_e(o.title)}</a></h4>'
        f'<p class="jp-relatedposts-post-excerpt">{_e(o.lede or o.paragraphs[0])}</p></div>'
        for o in _teasers(ctx, 3)
    )
    byline = (
        f'<span class="byline"><span class="author vcard"><a class="url fn n" href="/author/">'
        f"{_e(s.author)}</a></span></span>"
        if s.author
        else ""
    )
    return (
        f'<!DOCTYPE html><html lang="{v.code}">{_head(ctx)}'
        '<body class="post-template-default single single-post single-format-standard">'
        f'<div id="page" class="site"><header id="masthead" class="site-header">'
        f'<p class="site-title"><a href="/" rel="home">{_e(ctx.site)}</a></p>'
        f'<nav id="site-navigation" class="main-navigation"><ul id="primary-menu" class="menu">'
        f"{_menu(ctx)}</ul></nav></header>"
        '<div id="content" class="site-content"><div id="primary" class="content-area">'
        '<main id="main" class="site-main">'
        f'<article id="post-1234" class="post-1234 post type-post status-publish format-standard '
        'hentry category-news"><header class="entry-header">'
        f'<h1 class="entry-title">{_e(s.title)}</h1><div class="entry-meta">'
        f'<span class="posted-on"><a href="{ctx.url}" rel="bookmark">'
        f'<time class="entry-date published" datetime="{_iso(s)}T08:30:00+01:00">'
        f"{_human_date(s)}</time></a></span> {byline}</div></header>"
        f'<div class="entry-content">{_paras(s.paragraphs)}'
        '<div class="sharedaddy sd-sharing-enabled"><div class="robots-nocontent sd-block '
        f'sd-social sd-social-icon-text sd-sharing"><h3 class="sd-title">{_e(v.share[0])}:</h3>'
        f'<div class="sd-content"><ul>{share}</ul></div></div></div>'
        '<div id="jp-relatedposts" class="jp-relatedposts"><h3 class="jp-relatedposts-headline">'
        f"<em>{_e(v.related)}</em></h3>{related}</div></div>"
        f'<footer class="entry-footer"><span class="tags-links">{_e(v.tags)}: '
        f'<a href="/tag/x/" rel="tag">{_e(v.menu[2])}</a></span></footer></article>'
        f'<nav class="navigation post-navigation"><div class="nav-links">'
        f'<div class="nav-previous"><a href="/p/" rel="prev"><span class="meta-nav">'
        f'{_e(v.prev_next[0])}</span> <span class="post-title">{_e(ctx.others[0].title)}'
        f'</span></a></div><div class="nav-next"><a href="/n/" rel="next"><span class="meta-nav">'
        f'{_e(v.prev_next[1])}</span> <span class="post-title">{_e(ctx.others[1].title)}'
        f"</span></a></div></div></nav>{_comments_wordpress(ctx)}</main></div>"
        '<aside id="secondary" class="widget-area"><section class="widget widget_recent_entries">'
        f'<h2 class="widget-title">{_e(v.most_read)}</h2>{_teaser_links(ctx, 5)}</section>'
        f'<section class="widget">{_newsletter(ctx)}</section></aside></div>'
        f"{_footer(ctx)}</div>{_cookie_banner(ctx)}</body></html>"
    )


def drupal(ctx: _Ctx) -> str:
    """Drupal 8+ (Olivero-like): node with field--name-body, breadcrumb, blocks in regions."""
    s, v = ctx.story, ctx.vocab
    views = "".join(
        f'<div class="views-row"><div class="views-field views-field-title"><span class="field-content">'
        f'<a href="/node/{i}" hreflang="{v.code}">{_e(o.title)}</a></span></div></div>'
        for i, o in enumerate(_teasers(ctx, 5))
    )
    author = (
        f'<span class="field field--name-uid field--type-entity-reference field--label-hidden">'
        f'<span lang="" typeof="schema:Person">{_e(s.author)}</span></span>'
        if s.author
        else ""
    )
    return (
        f'<!DOCTYPE html><html lang="{v.code}" dir="ltr">{_head(ctx)}'
        '<body class="path-node page-node-type-article"><div class="dialog-off-canvas-main-canvas">'
        '<div class="layout-container"><header role="banner"><div class="region region-header">'
        f'<div id="block-sitebranding" class="block block-system"><a href="/" rel="home">'
        f"{_e(ctx.site)}</a></div></div>"
        '<div class="region region-primary-menu"><nav role="navigation" id="block-mainnavigation">'
        f'<ul class="menu">{_menu(ctx, "menu-item")}</ul></nav></div></header>'
        '<div class="region region-breadcrumb"><nav class="breadcrumb" role="navigation">'
        f'<ol><li><a href="/">{_e(v.menu[0])}</a></li><li><a href="/news">{_e(v.menu[1])}</a>'
        "</li></ol></nav></div>"
        '<main role="main"><div class="layout-content"><div class="region region-content">'
        '<div id="block-mainpagecontent" class="block block-system block-system-main-block">'
        '<article role="article" about="/node/77" class="node node--type-article '
        'node--promoted node--view-mode-full">'
        f'<h1 class="page-title"><span class="field field--name-title field--type-string">'
        f"{_e(s.title)}</span></h1>"
        f'<footer class="node__meta"><div class="node__submitted">{_e(v.posted[0])} {author}'
        f' <span class="field field--name-created">{_human_date(s)}</span></div></footer>'
        '<div class="node__content"><div class="clearfix text-formatted field field--name-body '
        f'field--type-text-with-summary field--label-hidden field__item">{_paras(s.paragraphs)}'
        "</div>"
        '<div class="field field--name-field-tags field--type-entity-reference field--label-above">'
        f'<div class="field__label">{_e(v.tags)}</div><div class="field__items">'
        f'<div class="field__item"><a href="/taxonomy/term/3">{_e(v.menu[2])}</a></div></div></div>'
        '<section class="field field--name-comment field--type-comment">'
        f'<h2 class="title">{_e(v.comments)}</h2>'
        f'<article class="comment js-comment"><footer class="comment__meta">'
        f'<p class="comment__author">Petar</p></footer><div class="comment__content">'
        f'<div class="field field--name-comment-body field__item"><p>{_e(v.comment_texts[1])}</p>'
        f'</div><ul class="links inline"><li class="comment-reply"><a href="#">{_e(v.reply)}</a>'
        "</li></ul></div></article></section></div></article></div></div></div>"
        '<aside class="layout-sidebar-first" role="complementary"><div class="region region-sidebar">'
        f'<div class="views-element-container block block-views"><h2>{_e(v.most_read)}</h2>'
        f'<div class="view view-popular">{views}</div></div></div></aside></main>'
        f"{_footer(ctx)}</div></div>{_cookie_banner(ctx)}</body></html>"
    )


def amp(ctx: _Ctx) -> str:
    """An AMP article: amp-img, amp-ad between paragraphs, amp-social-share, JSON-LD."""
    s, v = ctx.story, ctx.vocab
    parts = []
    for i, p in enumerate(s.paragraphs):
        parts.append(f"<p>{_e(p)}</p>")
        if i == 1:
            parts.append(
                f'<div class="ad-container"><span class="ad-label">{_e(v.advertisement)}</span>'
                '<amp-ad width="300" height="250" type="doubleclick" data-slot="/1/amp"></amp-ad>'
                "</div>"
            )
    shares = "".join(
        f'<amp-social-share type="{t}" width="32" height="32"></amp-social-share>'
        for t in ("facebook", "twitter", "email")
    )
    related = "".join(
        f'<li><a href="/amp/{_slug(o.title)}"><amp-img src="/t.jpg" width="80" height="60"'
        f' layout="fixed"></amp-img><span>{_e(o.title)}</span></a></li>'
        for o in _teasers(ctx, 4)
    )
    author = f'<span class="article-author">{_e(s.author)}</span>' if s.author else ""
    return (
        f'<!doctype html><html amp lang="{v.code}">'
        f"{_head(ctx, extra=_jsonld(ctx) + '<style amp-custom>body{{font-family:sans-serif}}</style>')}"
        f'<body><header class="amp-header"><a href="/">{_e(ctx.site)}</a>'
        '<button on="tap:sidebar.toggle">☰</button></header>'
        f'<amp-sidebar id="sidebar" layout="nodisplay"><ul>{_menu(ctx)}</ul></amp-sidebar>'
        f'<main><article class="amp-article"><h1 class="amp-title">{_e(s.title)}</h1>'
        f'<div class="article-meta">{author} <time datetime="{_iso(s)}">{_human_date(s)}</time>'
        f'</div><amp-img src="/lead.jpg" width="1200" height="675" layout="responsive"></amp-img>'
        f'<div class="article-body">{"".join(parts)}</div>'
        f'<div class="social-share">{shares}</div></article>'
        f'<section class="related"><h2>{_e(v.related)}</h2><ul>{related}</ul></section></main>'
        f"{_footer(ctx)}</body></html>"
    )


def blogger(ctx: _Ctx) -> str:
    """Blogger (classic layout): date-header, post-body entry-content with <br> breaks,
    post-footer, comments, blog-archive sidebar."""
    s, v = ctx.story, ctx.vocab
    body = "<br /><br />".join(_e(p) for p in s.paragraphs)
    comments = "".join(
        f'<dt class="comment-author" id="c{i}"><a href="#">Anonymous</a> {_e(v.says)}</dt>'
        f'<dd class="comment-body"><p>{_e(t)}</p></dd>'
        f'<dd class="comment-footer"><span class="comment-timestamp">{_human_date(s)}</span></dd>'
        for i, t in enumerate(v.comment_texts)
    )
    archive = "".join(
        f'<li class="archivedate"><a class="post-count-link" href="/2014/0{m}/">{2014}/0{m}</a>'
        f' <span class="post-count">({m + 3})</span></li>'
        for m in range(1, 6)
    )
    return (
        f'<!DOCTYPE html><html lang="{v.code}">{_head(ctx, og=False)}'
        '<body><div class="outer-wrapper"><div class="header-outer"><div class="header section">'
        f'<div class="widget Header"><h1 class="title">{_e(ctx.site)}</h1>'
        '<p class="description">Blog</p></div></div></div>'
        '<div class="main-outer"><div class="main section" id="main"><div class="widget Blog">'
        '<div class="blog-posts hfeed"><div class="date-outer">'
        f'<h2 class="date-header"><span>{_human_date(s)}</span></h2>'
        '<div class="date-posts"><div class="post-outer"><div class="post hentry">'
        f'<h3 class="post-title entry-title">{_e(s.title)}</h3>'
        '<div class="post-header"></div>'
        f'<div class="post-body entry-content" id="post-body-1">{body}'
        '<div style="clear: both;"></div></div>'
        '<div class="post-footer"><div class="post-footer-line post-footer-line-1">'
        f'<span class="post-author vcard">{_e(v.posted[0])} <span class="fn">{_e(s.author)}</span>'
        f'</span> <span class="post-comment-link"><a class="comment-link" href="#comments">'
        f"{_e(v.n_comments.format(n=3))}</a></span></div>"
        f'<div class="post-share-buttons">{"".join(f"<a class=share-button>{_e(x)}</a>" for x in v.share)}'
        "</div></div></div>"
        f'<div class="comments" id="comments"><h4>{_e(v.n_comments.format(n=3))}:</h4>'
        f'<dl id="comments-block">{comments}</dl>'
        f'<p class="comment-footer"><a href="#">{_e(v.leave_comment)}</a></p></div>'
        "</div></div></div></div>"
        '<div class="blog-pager" id="blog-pager">'
        f'<a class="blog-pager-newer-link" href="#">{_e(v.prev_next[1])}</a> '
        f'<a class="home-link" href="/">{_e(v.menu[0])}</a></div></div></div>'
        '<div class="sidebar section" id="sidebar"><div class="widget BlogArchive">'
        f'<h2>Blog Archive</h2><ul class="hierarchy">{archive}</ul></div>'
        f'<div class="widget PopularPosts"><h2>{_e(v.most_read)}</h2>{_teaser_links(ctx, 4)}</div>'
        "</div></div></div></body></html>"
    )


def medium(ctx: _Ctx) -> str:
    """A Medium-like reader: generated class names, paragraphs in sections, clap and follow
    buttons, "More from" cards with excerpts."""
    s, v = ctx.story, ctx.vocab
    half = max(1, len(s.paragraphs) // 2)
    cls = ' class="pw-post-body-paragraph lx ly ga lz b ma mb mc md me mf mg mh"'

    def section(ps: list[str]) -> str:
        return (
            '<section><div class="fk fl fm fn fo"><div class="ab ca"><div class="ch bg gx gy gz ha">'
            f"{_paras(ps, cls)}</div></div></div></section>"
        )

    more = "".join(
        f'<div class="rq rr"><a href="/{_slug(o.title)}"><h2 class="bd ge">{_e(o.title)}</h2>'
        f'<h3 class="bd km">{_e((o.lede or o.paragraphs[0])[:140])}</h3></a></div>'
        for o in _teasers(ctx, 4)
    )
    return (
        f'<!doctype html><html lang="{v.code}">{_head(ctx, extra=_jsonld(ctx, "Article"))}'
        '<body><div id="root"><div class="a b c"><div class="l d"><div class="ab q">'
        f'<a href="/">{_e(ctx.site)}</a><a href="/m/signin">Sign in</a></div></div>'
        '<article><div class="l"><div class="l"><section><div class="fk fl fm fn fo">'
        f'<div class="ab ca"><div class="ch bg gx gy gz ha"><div><h1 id="t1" '
        f'class="pw-post-title gb gc gd bd ge gf gg gh">{_e(s.title)}</h1></div>'
        f'<div class="gs gt"><a rel="noopener follow" href="/@author"><p class="bd b">'
        f"{_e(s.author)}</p></a><button>{_e(v.follow)}</button>"
        f'<span class="bd b bg">{_human_date(s)}</span></div></div></div></div></section>'
        f"{section(s.paragraphs[:half])}<hr>{section(s.paragraphs[half:])}</div></div></article>"
        '<div class="kn ko"><button aria-label="clap">👏</button><span>1.2K</span>'
        f"<button>{_e(v.share[0])}</button></div>"
        f'<div class="pu pv"><h2 class="bd">{_e(v.related)} — {_e(s.author or ctx.site)}</h2>'
        f"{more}</div></div></div></body></html>"
    )


def table_2000s(ctx: _Ctx) -> str:
    """A 2000s table layout: left menu column, <font> headline, paragraphs as <br><br>
    in one cell, a "most read" right column, no metadata."""
    s, v = ctx.story, ctx.vocab
    left = "".join(
        f'<tr><td class="menu"><a href="/{_slug(m)}.php"><font face="Verdana" size="2">'
        f"{_e(m)}</font></a></td></tr>"
        for m in v.menu
    )
    right = "".join(
        f'<tr><td><a href="/{_slug(o.title)}.php"><font size="1">{_e(o.title)}</font></a></td></tr>'
        for o in _teasers(ctx, 5)
    )
    body = "<br><br>".join(_e(p) for p in s.paragraphs)
    author = f"<i>{_e(s.author)}</i><br>" if s.author else ""
    return (
        f'<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">'
        f"<title>{_e(ctx.site)}</title></head>"
        '<body bgcolor="#FFFFFF" topmargin="0" leftmargin="0">'
        '<table width="780" border="0" cellpadding="0" cellspacing="0" align="center">'
        f'<tr><td colspan="3"><img src="/img/logo.gif" alt="{_e(ctx.site)}" width="780"></td></tr>'
        f'<tr><td width="150" valign="top"><table width="150">{left}</table></td>'
        '<td width="480" valign="top"><table width="100%" cellpadding="5"><tr><td>'
        f'<font face="Arial" size="4"><b>{_e(s.title)}</b></font><br>'
        f'<font size="1" color="#666666">{_human_date(s)}</font><br>{author}<br>'
        f'<font face="Arial" size="2">{body}</font><br><br>'
        f'<a href="javascript:window.print()">{_e(v.share[3])}</a> | '
        f'<a href="mailto:?subject=x">{_e(v.share[2])}</a></td></tr></table></td>'
        f'<td width="150" valign="top"><table width="150"><tr><td><b>{_e(v.most_read)}</b></td></tr>'
        f"{right}</table></td></tr>"
        f'<tr><td colspan="3" align="center"><font size="1">© {_e(ctx.site)} {_e(v.rights)}'
        "</font></td></tr></table></body></html>"
    )


def paywall(ctx: _Ctx) -> str:
    """A metered news site: the first paragraphs as a teaser, then a subscribe box; the rest
    of the text is not on the page (so the true body is the teaser)."""
    s, v = ctx.story, ctx.vocab
    shown = s.paragraphs[:2]
    ctx.extra["body"] = shown
    author = f'<a class="author-name" href="/autor/">{_e(s.author)}</a>' if s.author else ""
    return (
        f'<!DOCTYPE html><html lang="{v.code}">{_head(ctx, extra=_jsonld(ctx))}<body>'
        f'<header class="site-header"><a class="logo" href="/">{_e(ctx.site)}</a>'
        f'<nav class="nav-main"><ul>{_menu(ctx, "nav-item")}</ul></nav>'
        f'<a class="btn-subscribe" href="/subscribe">{_e(v.subscribe)}</a></header>'
        '<main class="main"><article class="article article--premium">'
        f'<header class="article__header"><h1 class="article__title">{_e(s.title)}</h1>'
        f'<div class="article__byline">{author} <time datetime="{_iso(s)}">{_human_date(s)}</time>'
        "</div></header>"
        f'<div class="article__body article__body--truncated">{_paras(shown)}</div>'
        '<div class="paywall"><div class="paywall__box">'
        f'<h2 class="paywall__title">{_e(v.subscribe)}</h2><p class="paywall__text">{_e(v.paywall)}</p>'
        f'<a class="paywall__button" href="/subscribe">{_e(v.paywall_buttons[0])}</a>'
        f'<p class="paywall__login"><a href="/login">{_e(v.paywall_buttons[1])}</a></p>'
        "</div></div></article>"
        f'<aside class="sidebar"><div class="most-read"><h3>{_e(v.most_read)}</h3>'
        f"<ol>{''.join(f'<li><a href=/x>{_e(o.title)}</a></li>' for o in _teasers(ctx, 5))}</ol>"
        f"</div>{_newsletter(ctx)}</aside></main>{_footer(ctx)}{_cookie_banner(ctx)}</body></html>"
    )


def live_blog(ctx: _Ctx) -> str:
    """A live blog: entries newest first, each with a timestamp (and some a short headline),
    LiveBlogPosting JSON-LD, a "key events" box of links."""
    s, v = ctx.story, ctx.vocab
    entries = []
    n = len(s.paragraphs)
    for i, p in enumerate(reversed(s.paragraphs)):
        hour, minute = 9 + (n - i) // 2, (17 * (n - i)) % 60
        entries.append(
            f'<div class="live-post" id="post-{n - i}"><div class="live-post__meta">'
            f'<time class="live-post__time" datetime="{_iso(s)}T{hour:02d}:{minute:02d}">'
            f"{hour:02d}:{minute:02d}</time></div>"
            f'<div class="live-post__body"><p>{_e(p)}</p></div>'
            f'<div class="live-post__share"><button>{_e(v.share[0])}</button></div></div>'
        )
    key = "".join(
        f'<li><a href="#post-{i + 1}">{_e(" ".join(p.split()[:6]))}…</a></li>'
        for i, p in enumerate(s.paragraphs[:3])
    )
    ctx.extra["body"] = list(reversed(s.paragraphs))
    return (
        f'<!DOCTYPE html><html lang="{v.code}">{_head(ctx, extra=_jsonld(ctx, "LiveBlogPosting"))}'
        f'<body><header><a href="/">{_e(ctx.site)}</a><nav><ul>{_menu(ctx)}</ul></nav></header>'
        f'<main><h1>{_e(s.title)}</h1><p class="live-badge">LIVE · {_e(v.updated)} '
        f"{_human_date(s)}</p>"
        f'<div class="key-events"><h2>Key events</h2><ul>{key}</ul></div>'
        f'<div class="live-blog">{"".join(entries)}</div></main>'
        f"<aside><h2>{_e(v.most_read)}</h2>{_teaser_links(ctx, 4)}</aside>"
        f"{_footer(ctx)}{_cookie_banner(ctx)}</body></html>"
    )


def gallery(ctx: _Ctx) -> str:
    """A photo-gallery article: figures with captions and credits between the paragraphs,
    a thumbnail strip, a photo counter."""
    s, v = ctx.story, ctx.vocab
    parts = []
    for i, p in enumerate(s.paragraphs):
        if i % 2 == 0:
            cap = f"{ctx.others[i % len(ctx.others)].title}."
            parts.append(
                f'<figure class="gallery-item"><img src="/g/{i}.jpg" alt="">'
                f'<figcaption><span class="caption-text">{_e(cap)}</span> '
                f'<span class="credit">{_e(v.photo)}: Reuters</span>'
                f'<span class="counter">{i // 2 + 1} / {(len(s.paragraphs) + 1) // 2}</span>'
                "</figcaption></figure>"
            )
        parts.append(f"<p>{_e(p)}</p>")
    thumbs = "".join(f'<li><img src="/g/{i}_t.jpg" alt=""></li>' for i in range(6))
    return (
        f'<!DOCTYPE html><html lang="{v.code}">{_head(ctx, extra=_jsonld(ctx))}<body>'
        f'<header><div class="logo"><a href="/">{_e(ctx.site)}</a></div>'
        f'<ul class="nav">{_menu(ctx)}</ul></header>'
        f'<div class="container"><div class="gallery-article"><h1>{_e(s.title)}</h1>'
        f'<div class="meta">{_e(s.author)} | {_human_date(s)}</div>'
        f'<div class="gallery-content">{"".join(parts)}</div>'
        f'<ul class="gallery-thumbs">{thumbs}</ul></div>'
        f'<div class="sidebar"><h3>{_e(v.most_read)}</h3>{_teaser_links(ctx, 5)}</div></div>'
        f"{_footer(ctx)}</body></html>"
    )


def split_by_ads(ctx: _Ctx) -> str:
    """A news portal that cuts the text into several <div>s with ads, "Read also:" links and
    an embedded video between them."""
    s, v = ctx.story, ctx.vocab
    chunks = [s.paragraphs[i : i + 2] for i in range(0, len(s.paragraphs), 2)]
    teasers = _teasers(ctx, len(chunks))
    parts = []
    for i, chunk in enumerate(chunks):
        parts.append(f'<div class="text-block">{_paras(chunk)}</div>')
        if i < len(chunks) - 1:
            if i % 2 == 0:
                parts.append(
                    f'<div class="inline-ad"><small>{_e(v.advertisement)}</small>'
                    f'<div id="div-gpt-ad-{i}" class="gpt"></div></div>'
                )
            parts.append(
                f'<p class="read-also"><strong>{_e(v.read_also)}:</strong> '
                f'<a href="/{_slug(teasers[i % len(teasers)].title)}">{_e(teasers[i % len(teasers)].title)}</a></p>'
            )
    author = f'<span class="author">{_e(s.author)}</span>' if s.author else ""
    return (
        f'<!DOCTYPE html><html lang="{v.code}">{_head(ctx)}<body>'
        f'<div class="top-bar"><ul class="main-menu">{_menu(ctx)}</ul></div>'
        f'<div class="wrapper"><div class="article-page"><div class="category">{_e(v.menu[2])}</div>'
        f'<h1 class="article-title">{_e(s.title)}</h1>'
        f'<div class="article-info">{author} <span class="date">{_human_date(s)}</span>'
        f' <span class="comments-count">{_e(v.n_comments.format(n=12))}</span></div>'
        f'<div class="article-content">{"".join(parts)}</div>'
        f'<div class="article-tags"><b>{_e(v.tags)}:</b> <a href="/t/1">{_e(v.menu[1])}</a>'
        f' <a href="/t/2">{_e(v.menu[2])}</a></div>'
        f'<div class="share-bar">{" ".join(f"<a href=#>{_e(x)}</a>" for x in v.share)}</div>'
        "</div>"
        f'<div class="right-column"><div class="box-najcitanije"><h2>{_e(v.most_read)}</h2>'
        f"{_teaser_links(ctx, 5)}</div>{_newsletter(ctx)}</div></div>"
        f"{_footer(ctx)}{_cookie_banner(ctx)}</body></html>"
    )


def modern_news(ctx: _Ctx) -> str:
    """A current news site: <article> with a standfirst, figure, cookie banner, newsletter
    box inside the text, "most read" list with excerpts, footer."""
    s, v = ctx.story, ctx.vocab
    cut = min(3, len(s.paragraphs))
    most = "".join(
        f'<li class="most-read__item"><span class="most-read__rank">{i + 1}</span>'
        f'<a href="/{_slug(o.title)}"><h3>{_e(o.title)}</h3></a>'
        f'<p class="most-read__excerpt">{_e(o.lede or o.paragraphs[0])}</p></li>'
        for i, o in enumerate(_teasers(ctx, 4))
    )
    author = (
        f'<div class="byline">{_e(v.posted[0])} <a rel="author" href="/a/">{_e(s.author)}</a></div>'
        if s.author
        else ""
    )
    lede = f'<p class="standfirst">{_e(s.lede)}</p>' if s.lede else ""
    return (
        f'<!DOCTYPE html><html lang="{v.code}">{_head(ctx, extra=_jsonld(ctx))}<body>'
        f"{_cookie_banner(ctx)}"
        f'<header class="masthead"><a href="/" class="brand">{_e(ctx.site)}</a>'
        f'<nav aria-label="main"><ul>{_menu(ctx)}</ul></nav></header>'
        '<main id="content"><article class="story">'
        f'<header><h1 class="story__headline">{_e(s.title)}</h1>{lede}{author}'
        f'<time datetime="{_iso(s)}">{_human_date(s)}</time></header>'
        f'<figure><img src="/lead.jpg" alt=""><figcaption>{_e(ctx.others[0].title)}. '
        f"{_e(v.photo)}: AP</figcaption></figure>"
        f'<div class="story__body">{_paras(s.paragraphs[:cut])}'
        f"{_newsletter(ctx)}{_paras(s.paragraphs[cut:])}</div>"
        f'<div class="story__share">{" ".join(f"<button>{_e(x)}</button>" for x in v.share)}'
        "</div></article>"
        f'<aside class="most-read"><h2>{_e(v.most_read)}</h2><ol>{most}</ol></aside></main>'
        f"{_footer(ctx)}</body></html>"
    )


def joomla(ctx: _Ctx) -> str:
    """Joomla 3: item-page with itemprop=articleBody, article-info dl, pagenav, a module
    of latest news with intro texts."""
    s, v = ctx.story, ctx.vocab
    latest = "".join(
        f'<li><a href="/{_slug(o.title)}" class="mod-articles-category-title">{_e(o.title)}</a>'
        f'<p class="mod-articles-category-introtext">{_e(o.lede or o.paragraphs[0])}</p></li>'
        for o in _teasers(ctx, 3)
    )
    author = (
        f'<dd class="createdby" itemprop="author" itemscope itemtype="https://schema.org/Person">'
        f'{_e(v.posted[0])}: <span itemprop="name">{_e(s.author)}</span></dd>'
        if s.author
        else ""
    )
    return (
        f'<!DOCTYPE html><html lang="{v.code}-{v.code}" dir="ltr">{_head(ctx, og=False)}'
        f'<body class="site com_content view-article"><div class="body"><div class="container">'
        f'<header class="header"><a class="brand pull-left" href="/">{_e(ctx.site)}</a></header>'
        f'<nav class="navigation"><ul class="nav menu nav-pills">{_menu(ctx, "item")}</ul></nav>'
        '<div class="row-fluid"><main id="content" class="span9">'
        '<div class="item-page" itemscope itemtype="https://schema.org/Article">'
        f'<div class="page-header"><h2 itemprop="headline">{_e(s.title)}</h2></div>'
        f'<dl class="article-info muted"><dt class="article-info-term">Details</dt>{author}'
        f'<dd class="published"><time datetime="{_iso(s)}T08:30:00+00:00" '
        f'itemprop="datePublished">{_e(v.posted[1])}: {_human_date(s)}</time></dd></dl>'
        f'<div itemprop="articleBody">{_paras(s.paragraphs)}</div>'
        '<ul class="pager pagenav">'
        f'<li class="previous"><a href="/p" rel="prev">{_e(v.prev_next[0])}</a></li>'
        f'<li class="next"><a href="/n" rel="next">{_e(v.prev_next[1])}</a></li></ul></div></main>'
        f'<div id="aside" class="span3"><div class="moduletable"><h3>{_e(v.most_read)}</h3>'
        f'<ul class="category-module">{latest}</ul></div></div></div>'
        f'<footer class="footer"><p>© {_e(ctx.site)} · {_e(v.rights)}</p></footer>'
        "</div></div></body></html>"
    )


Template = Callable[[_Ctx], str]
TEMPLATES: dict[str, Template] = {
    "wordpress": wordpress,
    "drupal": drupal,
    "amp": amp,
    "blogger": blogger,
    "medium": medium,
    "table-2000s": table_2000s,
    "paywall": paywall,
    "live-blog": live_blog,
    "gallery": gallery,
    "split-by-ads": split_by_ads,
    "modern-news": modern_news,
    "joomla": joomla,
}

SITES = {
    "en": "Daily Courier",
    "sr": "Beogradski Glasnik",
    "hr": "Jadranski Vjesnik",
    "mk": "Вардар Инфо",
    "bg": "Дунавски Вести",
    "sq": "Gazeta Iliria",
    "ro": "Jurnalul Dunării",
    "tr": "Boğaziçi Haber",
    "el": "Ημερήσιος Κήρυκας",
}


def build(
    template: str,
    story: Story,
    vocab: Vocabulary,
    others: list[Story],
    *,
    seed: int = 0,
    site: str = "",
) -> Page:
    """The page ``template`` makes of ``story``, with teasers from ``others`` (two or more)."""
    if len(others) < 2:
        raise ValueError("a page needs at least two other stories for its teasers")
    site = site or SITES.get(vocab.code, "Daily Courier")
    url = f"https://www.{_slug(site).replace('-', '')}.example/{_slug(story.title)}-{seed}"
    ctx = _Ctx(story, vocab, others, random.Random(f"{template}/{seed}"), site, url)
    page_html = TEMPLATES[template](ctx)
    body = ctx.extra.get("body", story.paragraphs)
    assert isinstance(body, list)
    return Page(
        template=template,
        html=page_html,
        body=body,
        title=story.title,
        author=story.author,
        published=story.published,
        url=url,
    )


def transliterated(vocab: Vocabulary, convert: Callable[[str], str], code: str) -> Vocabulary:
    """``vocab`` with every text converted (Serbian Latin to Cyrillic)."""
    changes: dict[str, object] = {}

    def convert_text(text: str) -> str:
        return "{n}".join(convert(part) for part in text.split("{n}"))

    for name, value in vars(vocab).items():
        if name == "code":
            continue
        if isinstance(value, tuple):
            changes[name] = tuple(convert_text(x) for x in value)
        else:
            changes[name] = convert_text(value)
    return replace(vocab, code=code, **changes)  # type: ignore[arg-type]


# -- furniture in each language --------------------------------------------------------
def _vocab(code: str, spec: str) -> Vocabulary:
    """One language's furniture from ``name = a | b | c`` lines (tuples split on " | ")."""
    values: dict[str, object] = {"code": code}
    tuples = {
        "menu", "share", "comment_texts", "accept", "paywall_buttons", "posted", "prev_next",
        "about",
    }  # fmt: skip
    for line in spec.strip().splitlines():
        name, _, value = line.partition("=")
        name, value = name.strip(), value.strip()
        values[name] = tuple(x.strip() for x in value.split(" | ")) if name in tuples else value
    return Vocabulary(**values)  # type: ignore[arg-type]


VOCABULARIES: dict[str, Vocabulary] = {
    "en": _vocab(
        "en",
        """
        menu = Home | News | Politics | Business | Sport | Culture | World
        share = Share | Tweet | Email | Print
        related = Related posts
        read_also = Read also
        most_read = Most read
        comments = Comments
        n_comments = {n} comments
        reply = Reply
        leave_comment = Leave a Reply
        says = says:
        comment_texts = This is exactly what I expected from the government, nothing will change until the next elections. | Thank you for a balanced article, I would like to read more about what the people on the ground think. | I disagree with the author: the numbers quoted here tell only half of the story.
        subscribe = Subscribe
        newsletter = Sign up for our newsletter and get the day's most important stories in your inbox every morning.
        email = Your e-mail address
        cookie = We use cookies to give you the best experience on our website. By continuing to browse the site you agree to our use of cookies.
        accept = I agree | More information
        paywall = This article is available to subscribers only. Subscribe today for unlimited access to all our journalism.
        paywall_buttons = Subscribe now | Already a subscriber? Log in
        advertisement = Advertisement
        rights = All rights reserved.
        posted = By | Published
        photo = Photo
        tags = Tags
        prev_next = Previous article | Next article
        updated = Updated
        about = About us | Contact | Privacy policy | Terms of use
        follow = Follow
        """,
    ),
    "sr": _vocab(
        "sr",
        """
        menu = Početna | Vesti | Politika | Ekonomija | Sport | Kultura | Svet
        share = Podeli | Tvituj | Pošalji e-poštom | Štampaj
        related = Povezani tekstovi
        read_also = Pročitajte i
        most_read = Najčitanije
        comments = Komentari
        n_comments = {n} komentara
        reply = Odgovori
        leave_comment = Ostavite komentar
        says = kaže:
        comment_texts = Upravo ovo sam i očekivao od vlade, ništa se neće promeniti do sledećih izbora. | Hvala na objektivnom tekstu, voleo bih da pročitam više o tome šta misle ljudi na terenu. | Ne slažem se sa autorom, brojke koje se ovde navode govore samo pola priče.
        subscribe = Pretplatite se
        newsletter = Prijavite se na naš bilten i svakog jutra dobijajte najvažnije vesti dana na svoju adresu.
        email = Vaša e-mail adresa
        cookie = Koristimo kolačiće kako bismo vam pružili najbolje iskustvo na našem sajtu. Nastavkom pregleda sajta pristajete na upotrebu kolačića.
        accept = Prihvatam | Više informacija
        paywall = Ovaj tekst je dostupan samo pretplatnicima. Pretplatite se danas i čitajte sve naše tekstove bez ograničenja.
        paywall_buttons = Pretplatite se sada | Već ste pretplatnik? Prijavite se
        advertisement = Reklama
        rights = Sva prava zadržana.
        posted = Autor | Objavljeno
        photo = Foto
        tags = Tagovi
        prev_next = Prethodni članak | Sledeći članak
        updated = Ažurirano
        about = O nama | Kontakt | Politika privatnosti | Uslovi korišćenja
        follow = Pratite
        """,
    ),
    "hr": _vocab(
        "hr",
        """
        menu = Naslovnica | Vijesti | Politika | Gospodarstvo | Sport | Kultura | Svijet
        share = Podijeli | Tweetaj | Pošalji e-mailom | Ispiši
        related = Povezani članci
        read_also = Pročitajte još
        most_read = Najčitanije
        comments = Komentari
        n_comments = {n} komentara
        reply = Odgovori
        leave_comment = Ostavite komentar
        says = kaže:
        comment_texts = Upravo sam to i očekivao od vlade, ništa se neće promijeniti do idućih izbora. | Hvala na objektivnom članku, volio bih pročitati više o tome što misle ljudi na terenu. | Ne slažem se s autorom, brojke koje se ovdje navode govore samo pola priče.
        subscribe = Pretplatite se
        newsletter = Prijavite se na naš newsletter i svakog jutra primajte najvažnije vijesti dana u svoj sandučić.
        email = Vaša e-mail adresa
        cookie = Koristimo kolačiće kako bismo vam pružili najbolje iskustvo na našoj stranici. Nastavkom pregledavanja pristajete na korištenje kolačića.
        accept = Prihvaćam | Više informacija
        paywall = Ovaj članak dostupan je samo pretplatnicima. Pretplatite se danas i čitajte sve naše članke bez ograničenja.
        paywall_buttons = Pretplatite se sada | Već ste pretplatnik? Prijavite se
        advertisement = Oglas
        rights = Sva prava pridržana.
        posted = Autor | Objavljeno
        photo = Foto
        tags = Oznake
        prev_next = Prethodni članak | Sljedeći članak
        updated = Ažurirano
        about = O nama | Kontakt | Pravila privatnosti | Uvjeti korištenja
        follow = Pratite
        """,
    ),
    "mk": _vocab(
        "mk",
        """
        menu = Почетна | Вести | Политика | Економија | Спорт | Култура | Свет
        share = Сподели | Твитни | Испрати по е-пошта | Печати
        related = Поврзани вести
        read_also = Прочитајте и
        most_read = Најчитано
        comments = Коментари
        n_comments = {n} коментари
        reply = Одговори
        leave_comment = Остави коментар
        says = вели:
        comment_texts = Токму ова го очекував од владата, ништо нема да се промени до следните избори. | Ви благодарам за објективниот текст, би сакал да прочитам повеќе за тоа што мислат луѓето на терен. | Не се согласувам со авторот, бројките што се наведени тука кажуваат само половина од приказната.
        subscribe = Претплатете се
        newsletter = Пријавете се на нашиот билтен и секое утро добивајте ги најважните вести од денот на вашата адреса.
        email = Вашата е-пошта
        cookie = Користиме колачиња за да ви овозможиме најдобро искуство на нашата веб-страница. Со продолжување на прегледувањето се согласувате со користењето колачиња.
        accept = Се согласувам | Повеќе информации
        paywall = Оваа статија е достапна само за претплатници. Претплатете се денес и читајте ги сите наши текстови без ограничување.
        paywall_buttons = Претплатете се сега | Веќе сте претплатник? Најавете се
        advertisement = Реклама
        rights = Сите права се задржани.
        posted = Автор | Објавено
        photo = Фото
        tags = Тагови
        prev_next = Претходна статија | Следна статија
        updated = Ажурирано
        about = За нас | Контакт | Политика на приватност | Услови за користење
        follow = Следете
        """,
    ),
    "bg": _vocab(
        "bg",
        """
        menu = Начало | Новини | Политика | Икономика | Спорт | Култура | Свят
        share = Сподели | Туитни | Изпрати по имейл | Печат
        related = Свързани статии
        read_also = Прочетете още
        most_read = Най-четени
        comments = Коментари
        n_comments = {n} коментара
        reply = Отговори
        leave_comment = Напишете коментар
        says = каза:
        comment_texts = Точно това очаквах от правителството, нищо няма да се промени до следващите избори. | Благодаря за обективната статия, бих искал да прочета повече за това какво мислят хората на място. | Не съм съгласен с автора, цифрите, които се цитират тук, разказват само половината история.
        subscribe = Абонирайте се
        newsletter = Абонирайте се за нашия бюлетин и получавайте най-важните новини на деня всяка сутрин във вашата поща.
        email = Вашият имейл адрес
        cookie = Използваме бисквитки, за да ви осигурим най-доброто изживяване на нашия сайт. Продължавайки да разглеждате сайта, вие се съгласявате с използването на бисквитки.
        accept = Съгласен съм | Научете повече
        paywall = Тази статия е достъпна само за абонати. Абонирайте се днес за неограничен достъп до всички наши материали.
        paywall_buttons = Абонирайте се сега | Вече сте абонат? Влезте
        advertisement = Реклама
        rights = Всички права запазени.
        posted = Автор | Публикувано
        photo = Снимка
        tags = Етикети
        prev_next = Предишна статия | Следваща статия
        updated = Обновено
        about = За нас | Контакти | Политика за поверителност | Условия за ползване
        follow = Последвайте
        """,
    ),
    "sq": _vocab(
        "sq",
        """
        menu = Ballina | Lajme | Politikë | Ekonomi | Sport | Kulturë | Bota
        share = Shpërndaje | Cicëro | Dërgo me email | Printo
        related = Artikuj të ngjashëm
        read_also = Lexo edhe
        most_read = Më të lexuarat
        comments = Komente
        n_comments = {n} komente
        reply = Përgjigju
        leave_comment = Lini një koment
        says = thotë:
        comment_texts = Pikërisht këtë e prisja nga qeveria, asgjë nuk do të ndryshojë deri në zgjedhjet e ardhshme. | Faleminderit për artikullin e paanshëm, do të doja të lexoja më shumë për atë që mendojnë njerëzit në terren. | Nuk pajtohem me autorin, shifrat që përmenden këtu tregojnë vetëm gjysmën e historisë.
        subscribe = Abonohu
        newsletter = Regjistrohuni në buletinin tonë dhe merrni çdo mëngjes lajmet më të rëndësishme të ditës në email.
        email = Adresa juaj e emailit
        cookie = Ne përdorim cookies për t'ju ofruar përvojën më të mirë në faqen tonë. Duke vazhduar shfletimin, ju pranoni përdorimin e cookies.
        accept = Pranoj | Më shumë informacion
        paywall = Ky artikull është i disponueshëm vetëm për abonentët. Abonohuni sot për qasje të pakufizuar në të gjithë artikujt tanë.
        paywall_buttons = Abonohu tani | Jeni abonent? Hyni
        advertisement = Reklamë
        rights = Të gjitha të drejtat e rezervuara.
        posted = Autori | Publikuar
        photo = Foto
        tags = Etiketa
        prev_next = Artikulli i mëparshëm | Artikulli i radhës
        updated = Përditësuar
        about = Rreth nesh | Kontakt | Politika e privatësisë | Kushtet e përdorimit
        follow = Ndiq
        """,
    ),
    "ro": _vocab(
        "ro",
        """
        menu = Acasă | Știri | Politică | Economie | Sport | Cultură | Externe
        share = Distribuie | Tweet | Trimite pe e-mail | Printează
        related = Articole similare
        read_also = Citește și
        most_read = Cele mai citite
        comments = Comentarii
        n_comments = {n} comentarii
        reply = Răspunde
        leave_comment = Lasă un comentariu
        says = spune:
        comment_texts = Exact asta mă așteptam de la guvern, nimic nu se va schimba până la următoarele alegeri. | Mulțumesc pentru un articol echilibrat, aș vrea să citesc mai mult despre ce cred oamenii de pe teren. | Nu sunt de acord cu autorul, cifrele citate aici spun doar jumătate din poveste.
        subscribe = Abonează-te
        newsletter = Abonează-te la newsletterul nostru și primește în fiecare dimineață cele mai importante știri ale zilei.
        email = Adresa ta de e-mail
        cookie = Folosim cookie-uri pentru a vă oferi cea mai bună experiență pe site-ul nostru. Continuând navigarea, sunteți de acord cu utilizarea cookie-urilor.
        accept = Sunt de acord | Mai multe informații
        paywall = Acest articol este disponibil doar abonaților. Abonează-te astăzi pentru acces nelimitat la toate articolele noastre.
        paywall_buttons = Abonează-te acum | Ești deja abonat? Autentifică-te
        advertisement = Publicitate
        rights = Toate drepturile rezervate.
        posted = Autor | Publicat
        photo = Foto
        tags = Etichete
        prev_next = Articolul anterior | Articolul următor
        updated = Actualizat
        about = Despre noi | Contact | Politica de confidențialitate | Termeni și condiții
        follow = Urmărește
        """,
    ),
    "tr": _vocab(
        "tr",
        """
        menu = Ana Sayfa | Haberler | Politika | Ekonomi | Spor | Kültür | Dünya
        share = Paylaş | Tweetle | E-posta ile gönder | Yazdır
        related = İlgili haberler
        read_also = Bunu da okuyun
        most_read = En çok okunanlar
        comments = Yorumlar
        n_comments = {n} yorum
        reply = Yanıtla
        leave_comment = Yorum yapın
        says = dedi ki:
        comment_texts = Hükümetten tam olarak bunu bekliyordum, bir sonraki seçimlere kadar hiçbir şey değişmeyecek. | Dengeli bir yazı için teşekkürler, sahadaki insanların ne düşündüğü hakkında daha fazla okumak isterim. | Yazara katılmıyorum, burada verilen rakamlar hikâyenin sadece yarısını anlatıyor.
        subscribe = Abone olun
        newsletter = Bültenimize kaydolun, günün en önemli haberleri her sabah e-posta kutunuza gelsin.
        email = E-posta adresiniz
        cookie = Size en iyi deneyimi sunmak için sitemizde çerezler kullanıyoruz. Siteyi kullanmaya devam ederek çerez kullanımını kabul etmiş olursunuz.
        accept = Kabul ediyorum | Daha fazla bilgi
        paywall = Bu makale yalnızca abonelere açıktır. Tüm haberlerimize sınırsız erişim için bugün abone olun.
        paywall_buttons = Hemen abone olun | Zaten abone misiniz? Giriş yapın
        advertisement = Reklam
        rights = Tüm hakları saklıdır.
        posted = Yazan | Yayınlanma
        photo = Fotoğraf
        tags = Etiketler
        prev_next = Önceki haber | Sonraki haber
        updated = Güncellendi
        about = Hakkımızda | İletişim | Gizlilik politikası | Kullanım koşulları
        follow = Takip et
        """,
    ),
    "el": _vocab(
        "el",
        """
        menu = Αρχική | Ειδήσεις | Πολιτική | Οικονομία | Αθλητισμός | Πολιτισμός | Κόσμος
        share = Κοινοποίηση | Tweet | Αποστολή με email | Εκτύπωση
        related = Σχετικά άρθρα
        read_also = Διαβάστε επίσης
        most_read = Τα πιο δημοφιλή
        comments = Σχόλια
        n_comments = {n} σχόλια
        reply = Απάντηση
        leave_comment = Αφήστε ένα σχόλιο
        says = λέει:
        comment_texts = Ακριβώς αυτό περίμενα από την κυβέρνηση, τίποτα δεν θα αλλάξει μέχρι τις επόμενες εκλογές. | Ευχαριστώ για το αντικειμενικό άρθρο, θα ήθελα να διαβάσω περισσότερα για το τι πιστεύουν οι άνθρωποι στην περιοχή. | Διαφωνώ με τον συντάκτη, τα νούμερα που αναφέρονται εδώ λένε μόνο τη μισή ιστορία.
        subscribe = Εγγραφείτε
        newsletter = Εγγραφείτε στο newsletter μας και λάβετε κάθε πρωί τις σημαντικότερες ειδήσεις της ημέρας στο email σας.
        email = Η διεύθυνση email σας
        cookie = Χρησιμοποιούμε cookies για να σας προσφέρουμε την καλύτερη εμπειρία στον ιστότοπό μας. Συνεχίζοντας την περιήγηση, αποδέχεστε τη χρήση των cookies.
        accept = Αποδέχομαι | Περισσότερες πληροφορίες
        paywall = Αυτό το άρθρο είναι διαθέσιμο μόνο για συνδρομητές. Γίνετε συνδρομητής σήμερα για απεριόριστη πρόσβαση σε όλα τα άρθρα μας.
        paywall_buttons = Γίνετε συνδρομητής τώρα | Είστε ήδη συνδρομητής; Συνδεθείτε
        advertisement = Διαφήμιση
        rights = Με την επιφύλαξη παντός δικαιώματος.
        posted = Συντάκτης | Δημοσιεύθηκε
        photo = Φωτογραφία
        tags = Ετικέτες
        prev_next = Προηγούμενο άρθρο | Επόμενο άρθρο
        updated = Ενημερώθηκε
        about = Ποιοι είμαστε | Επικοινωνία | Πολιτική απορρήτου | Όροι χρήσης
        follow = Ακολουθήστε
        """,
    ),
}
