"""SETimes addresses: edition, section, date and the key one article shares across editions.

``http://setimes.com/cocoon/setimes/xhtml/sr_Latn/features/setimes/features/2012/06/28/feature-01``
says it all: the locale (``sr_Latn``: Serbian, Latin script), the section, the date, and after
the locale a path that is the same in every edition, so translations of one article can be
grouped by it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from archive_search.ingest.byline import make_date

#: locale as written in SETimes URLs (lower-cased) -> (ISO 639-1 language, ISO 15924 script)
LOCALES: dict[str, tuple[str, str]] = {
    "en_gb": ("en", "Latn"),
    "en": ("en", "Latn"),
    "sq": ("sq", "Latn"),
    "bs": ("bs", "Latn"),
    "bg": ("bg", "Cyrl"),
    "hr": ("hr", "Latn"),
    "el": ("el", "Grek"),
    "mk": ("mk", "Cyrl"),
    "ro": ("ro", "Latn"),
    "sr_latn": ("sr", "Latn"),
    "sr_cyrl": ("sr", "Cyrl"),
    "sr": ("sr", "Latn"),
    "tr": ("tr", "Latn"),
}
_HOST = re.compile(r"(?:^|\.)setimes\.(?:com|net|org)$", re.IGNORECASE)
_LOCALE_SEGMENT = re.compile(r"^(?:[a-z]{2}(?:[_-][a-z]{2,4})?)$", re.IGNORECASE)
_DATE_PATH = re.compile(r"(?:^|/)(?P<y>(?:19|20)\d\d)/(?P<m>\d{1,2})/(?P<d>\d{1,2})(?:/|$)")


@dataclass(frozen=True)
class SetimesUrl:
    """The parts of a SETimes address."""

    locale: str
    language: str
    script: str
    section: str
    date: dt.date | None
    slug: str
    key: str

    @property
    def is_article(self) -> bool:
        """A dated page with a slug; section fronts and archive lists have neither."""
        return self.date is not None and bool(self.slug)


def is_setimes_url(url: str) -> bool:
    """True for an address on setimes.com (any scheme, with or without www)."""
    host = _split(url).hostname or ""
    return bool(_HOST.search(host))


def _split(url: str):
    """The parts of an address; a malformed one (an unclosed "[" host) has none."""
    url = url.strip()
    if "://" not in url:
        url = "http://" + url.lstrip("/")
    try:
        return urlsplit(url)
    except ValueError:
        return urlsplit("")


def parse_setimes_url(url: str) -> SetimesUrl | None:
    """Locale, language, script, section, date, slug and edition-independent key, or None.

    None when the address is not on setimes.com or names no known locale. The key is the
    path after the locale without file extension, e.g.
    ``features/setimes/features/2012/06/28/feature-01``.
    """
    if not url or not is_setimes_url(url):
        return None
    parts = [unquote(p) for p in _split(url).path.split("/") if p]
    for i, part in enumerate(parts):
        if _LOCALE_SEGMENT.match(part) and part.lower().replace("-", "_") in LOCALES:
            locale = part.replace("-", "_")
            rest = parts[i + 1 :]
            break
    else:
        return None
    language, script = LOCALES[locale.lower()]
    if rest:
        rest[-1] = re.sub(r"\.(?:s?html?|xml|php|aspx?)$", "", rest[-1], flags=re.IGNORECASE)
    key = "/".join(rest)
    section, date, slug = _section_date_slug(rest, key)
    return SetimesUrl(locale, language, script, section, date, slug, key)


def _section_date_slug(rest: list[str], key: str) -> tuple[str, dt.date | None, str]:
    match = _DATE_PATH.search(key)
    if not match:
        return (rest[0].lower() if rest else ""), None, ""
    date = make_date(match["d"], match["m"], match["y"])
    before = [p for p in key[: match.start()].split("/") if p]
    after = [p for p in key[match.end() :].split("/") if p]
    section = before[-1].lower() if before else ""
    return section, date, "/".join(after)
