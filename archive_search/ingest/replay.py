"""Pages saved from replay tools (the Wayback Machine, pywb): back to the page as captured.

A replayed page carries the tool's toolbar or banner, scripts and stylesheets
injected into its head, closing comments, and every link rewritten to point
back into the archive (``/web/20140310123456im_/http://setimes.com/...``).
``unwrap`` removes what the tool added, so that none of it reaches a body, and
reads what the tool knew: the original URL and the capture timestamp.

The markers are the tools' published markup, over several eras: the Wayback
Machine's ``BEGIN/END WAYBACK TOOLBAR INSERT`` comments, its ``wm-ipp-*``
elements, ``__wm.init``/``__wm.wombat``/``__wm.bt`` calls, the head include
ending in ``End Wayback Rewrite JS Include``, the ``FILE ARCHIVED ON`` and
``playback timings`` comments, the older ``var __wm``/``wbCurrentUrl``
toolbar; pywb's ``WB Insert`` block with its ``wbinfo`` script and banner.
Several are matched, so a page saved in any era (or with part of the markup
lost) is still recognised.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections import Counter
from dataclasses import dataclass

#: Substrings only replayed pages contain (checked before any real work).
_MARKERS = (
    "WAYBACK TOOLBAR INSERT",
    "End Wayback Rewrite JS Include",
    "__wm.init(",
    "__wm.wombat(",
    "__wm.bt(",
    "wm-ipp-base",
    "<!-- WB Insert -->",
    "wbinfo.timestamp",
    "FILE ARCHIVED ON",
    "wbCurrentUrl",
)
_FLAGS = re.IGNORECASE | re.DOTALL
#: Blocks the tools insert whole, between their own comments.
_BLOCKS = (
    re.compile(
        r"<!--\s*BEGIN WAYBACK TOOLBAR INSERT\s*-->.*?<!--\s*END WAYBACK TOOLBAR INSERT\s*-->",
        _FLAGS,
    ),
    re.compile(r"<!--\s*WB Insert\s*-->.*?<!--\s*End WB Insert\s*-->", _FLAGS),
)
#: Comments the tools add (archive notices, timings, the end of the head include).
_COMMENTS = re.compile(
    r"<!--(?:(?!-->).)*?(?:FILE ARCHIVED ON|playback timings|End Wayback Rewrite JS Include"
    r"|BEGIN WAYBACK TOOLBAR INSERT|END WAYBACK TOOLBAR INSERT|WB Insert).*?-->",
    _FLAGS,
)
_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script\s*>", _FLAGS)
_LINK = re.compile(r"<link\b[^>]*>", re.IGNORECASE)
#: A script or stylesheet is the tool's when its tag or code holds one of these.
_INJECTED = re.compile(
    r"__wm\b|wbCurrentUrl|archive_analytics|bundle-playback|wombat|wbinfo|_WBWombat|WB_wombat"
    r"|__WB_pmw|RufflePlayer|ruffle\.js|/_static/(?:js|css)/|archive\.org/includes/"
    r"|banner-styles\.css|iconochive\.css|disclaim-element\.js|graph-calc\.js|athena\.js",
    re.IGNORECASE,
)
#: Elements the tools add outside their comment blocks (browser-saved copies lose comments).
_ELEMENT_IDS = ("wm-ipp-base", "wm-ipp", "wm-ipp-print", "donato", "_wayback_banner")
_WB_DIV = re.compile(r"<wb_div\b.*?</wb_div\s*>", _FLAGS)

_TIMESTAMP = r"\d{4,14}"
#: ``/web/<timestamp><modifier>/<original>`` on the Wayback Machine, root-relative or absolute.
_WAYBACK_LINK = re.compile(
    r"(?:(?:https?:)?//(?:web|wayback)\.archive\.org)?/web/(?P<ts>\d{4,14})(?:[a-z]{2}_|\*)?/"
    r"(?P<orig>(?:https?:)?//|(?=[\w-]+(?:\.[\w-]+)+(?:[:/]|$)))",
    re.IGNORECASE,
)
#: The same, where it starts an attribute value or a CSS ``url(``: not inside other text.
_REWRITTEN_IN_PAGE = re.compile(r"(?<=[\"'(=])" + _WAYBACK_LINK.pattern, re.IGNORECASE)
_WOMBAT = re.compile(r"__wm\.wombat\(\s*\"([^\"]+)\"\s*,\s*\"(\d{4,14})\"")
_TOOLBAR_CALL = re.compile(r"__wm\.bt\([^)]*?\"web\"\s*,\s*\"([^\"]+)\"\s*,\s*\"(\d{4,14})\"")
_PRINT_LINE = re.compile(r"id=\"wm-ipp-print\"[^>]*>\s*The Wayback Machine - ([^<\s]+)", re.I)
_WBINFO = re.compile(r"wbinfo\.(url|timestamp|prefix)\s*=\s*(?:decodeURI\()?\s*\"([^\"]*)\"")
_OLD_CURRENT = re.compile(r"var\s+wbCurrentUrl\s*=\s*\"([^\"]+)\"")
_ARCHIVED_ON = re.compile(
    r"FILE ARCHIVED ON (\d{1,2}:\d{2}:\d{2} [A-Z][a-z]{2} \d{1,2}, \d{4})", re.IGNORECASE
)


@dataclass(frozen=True)
class Replay:
    """A replayed page with the tool's additions removed, and what the tool said about it."""

    html: str
    #: The page's own address (the original URL), or "" when the page does not say.
    url: str
    #: When the archive captured the page (naive UTC), or None.
    captured: dt.datetime | None


def looks_like_replay(text: str) -> bool:
    """True if a replay tool's markup is in the page."""
    return any(marker in text for marker in _MARKERS)


def unwrap(text: str) -> Replay:
    """Remove the replay tool's additions, resolve rewritten links, read URL and timestamp."""
    url, captured, prefix = _facts(text)
    cleaned = text
    for block in _BLOCKS:
        cleaned = block.sub("", cleaned)
    cleaned = _SCRIPT.sub(_drop_injected, cleaned)
    cleaned = _LINK.sub(_drop_injected, cleaned)
    cleaned = _COMMENTS.sub("", cleaned)
    cleaned = _WB_DIV.sub("", cleaned)
    for element_id in _ELEMENT_IDS:
        cleaned = _drop_element(cleaned, element_id)
    cleaned = resolve_links(cleaned, prefix)
    if captured is None:
        captured = _usual_timestamp(text)
    return Replay(cleaned, url, captured)


def original_url(url: str) -> str:
    """The original address inside a Wayback address; ``url`` itself when it is none."""
    match = _WAYBACK_LINK.match(url.strip())
    if not match:
        return url
    return _with_scheme(url.strip()[match.start("orig") :])


def resolve_links(text: str, pywb_prefix: str = "") -> str:
    """Rewritten links back to their original addresses (Wayback, and pywb's given prefix)."""
    text = _REWRITTEN_IN_PAGE.sub(lambda m: _scheme_only(m["orig"]), text)
    pattern = _pywb_link(pywb_prefix)
    if pattern is not None:
        text = pattern.sub(lambda m: _scheme_only(m["orig"]), text)
    return text


def capture_time(timestamp: str) -> dt.datetime | None:
    """A 14-digit archive timestamp (shorter ones are padded, as the tools do) as a datetime."""
    digits = timestamp.strip()
    if not digits.isdigit() or not 4 <= len(digits) <= 14:
        return None
    digits = (digits + "0101000000"[len(digits) - 4 :])[:14] if len(digits) < 14 else digits
    try:
        return dt.datetime.strptime(digits, "%Y%m%d%H%M%S")
    except ValueError:
        return None


# -- what the tool knew ------------------------------------------------------------
def _facts(text: str) -> tuple[str, dt.datetime | None, str]:
    """Original URL, capture time and (pywb) replay prefix, from the tool's own scripts."""
    for pattern in (_WOMBAT, _TOOLBAR_CALL):
        match = pattern.search(text)
        if match:
            return _clean_url(match[1]), capture_time(match[2]), ""
    match = _PRINT_LINE.search(text)
    if match:
        found = _WAYBACK_LINK.match(match[1])
        if found:
            return _clean_url(original_url(match[1])), capture_time(found["ts"]), ""
    info = dict(_WBINFO.findall(text))
    if info.get("url"):
        return (
            _clean_url(info["url"]),
            capture_time(info.get("timestamp", "")),
            info.get("prefix", ""),
        )
    match = _OLD_CURRENT.search(text)
    url = _clean_url(match[1]) if match else ""
    archived = _ARCHIVED_ON.search(text)
    captured = None
    if archived:
        try:
            captured = dt.datetime.strptime(archived[1], "%H:%M:%S %b %d, %Y")
        except ValueError:
            captured = None
    return url, captured, ""


def _usual_timestamp(text: str) -> dt.datetime | None:
    """The timestamp most rewritten links carry: the page's own capture, in older replays."""
    counts = Counter(m["ts"] for m in _REWRITTEN_IN_PAGE.finditer(text) if len(m["ts"]) == 14)
    return capture_time(counts.most_common(1)[0][0]) if counts else None


def _clean_url(url: str) -> str:
    url = html.unescape(url.strip())
    return _with_scheme(original_url(url)) if url else ""


def _with_scheme(url: str) -> str:
    if url.startswith("//"):
        return "http:" + url
    if not re.match(r"^[a-z][a-z0-9+.-]*:", url, re.IGNORECASE):
        return "http://" + url
    return url


def _scheme_only(orig: str) -> str:
    """What replaces a rewritten prefix: the original's scheme, kept (or added for bare hosts)."""
    if orig.lower().startswith(("http:", "https:")):
        return orig
    return "http:" + orig if orig.startswith("//") else "http://"


def _pywb_link(prefix: str) -> re.Pattern[str] | None:
    """pywb's ``<prefix><timestamp><modifier>/<original>``, absolute or root-relative."""
    match = re.match(r"^(?:https?:)?//[^/]+(/.*?)/?$", prefix.strip())
    path = match[1] if match else ""
    if not path.strip("/"):
        return None
    host = re.escape(prefix[: prefix.find(path)]) if match else ""
    return re.compile(
        rf"(?<=[\"'(=])(?:{host})?{re.escape(path.rstrip('/'))}/{_TIMESTAMP}(?:[a-z]{{2}}_)?/"
        r"(?P<orig>(?:https?:)?//)",
        re.IGNORECASE,
    )


# -- removing what the tool added ------------------------------------------------------
def _drop_injected(match: re.Match[str]) -> str:
    return "" if _INJECTED.search(match[0]) else match[0]


def _drop_element(text: str, element_id: str) -> str:
    """Remove the element with this id, nested elements of its kind included."""
    opening = re.compile(rf"<(\w+)\b[^>]*\bid=[\"']{re.escape(element_id)}[\"'][^>]*>", re.I)
    while True:
        match = opening.search(text)
        if match is None:
            return text
        end = _element_end(text, match.end(), match[1].lower())
        text = text[: match.start()] + text[end:]


def _element_end(text: str, start: int, tag: str) -> int:
    depth = 1
    tags = re.compile(rf"<(/?){tag}\b[^>]*>", re.IGNORECASE)
    for match in tags.finditer(text, start):
        depth += -1 if match[1] else 1
        if depth == 0:
            return match.end()
    return start  # never closed: drop the opening tag only
