"""Presentation helpers for the templates: marked text, the script switch, safe links, charts.

Everything an article holds is untrusted. Text reaches a page only through
``marked`` (cleaned of control characters, HTML-escaped piece by piece, the
matched words wrapped in ``<mark>``) or through Jinja2's autoescaping; a URL
becomes a link only when it is http or https. Charts are SVG computed here
(attributes, not inline styles: the Content-Security-Policy forbids both
inline scripts and inline styles).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

import cyrtranslit
from markupsafe import Markup, escape

from archive_search.text.controls import clean_text

Span = tuple[int, int]

#: Scripts an article in these languages can be read in (``?script=``).
SCRIPTS = {"latn": "Latinica", "cyrl": "Ћирилица"}
SCRIPT_LANGUAGES = ("sr",)


class Marker:
    """Wraps matched words in ``<mark>``, numbering them across one page (``#match-1``...)."""

    def __init__(self, script: str | None = None) -> None:
        self.count = 0
        self.script = script

    def __call__(self, text: str, spans: Sequence[Span] = ()) -> Markup:
        out: list[str] = []
        position = 0
        for start, end in sorted(spans):
            if start < position or end <= start:
                continue
            out.append(str(escape(self._shown(text[position:start]))))
            self.count += 1
            word = escape(self._shown(text[start:end]))
            out.append(f'<mark id="match-{self.count}">{word}</mark>')
            position = end
        out.append(str(escape(self._shown(text[position:]))))
        return Markup("".join(out))

    def _shown(self, text: str) -> str:
        return transliterate(clean_text(text), self.script)


def transliterate(text: str, script: str | None) -> str:
    """Serbian text in Latin (``latn``) or Cyrillic (``cyrl``) script; unchanged otherwise."""
    if script == "cyrl":
        return cyrtranslit.to_cyrillic(text, "sr")
    if script == "latn":
        return cyrtranslit.to_latin(text, "sr")
    return text


def script_choice(value: str | None, language: str) -> str | None:
    """The script to show an article in: only for languages written in two scripts."""
    if language not in SCRIPT_LANGUAGES or value not in SCRIPTS:
        return None
    return value


def safe_link(url: str) -> str | None:
    """``url`` if it may be a link (http or https with a host), else None (shown as text)."""
    url = clean_text(url or "").strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


def query_string(params: dict[str, object], **changes: object) -> str:
    """``?a=1&b=2`` of ``params`` with ``changes`` (None removes a key); empty values dropped."""
    merged = {**params, **changes}
    pairs: list[tuple[str, str]] = []
    for key, value in merged.items():
        values = value if isinstance(value, list | tuple) else [value]
        pairs += [(key, str(v)) for v in values if v not in (None, "", False)]
    return "?" + urlencode(pairs) if pairs else ""


# -- charts --------------------------------------------------------------------------
CHART_WIDTH = 640
CHART_HEIGHT = 160


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    href: str


def bars(
    values: Sequence[tuple[str, float, str]], href: Callable[[str], str]
) -> tuple[list[Bar], float]:
    """SVG bars for (period, value, label) triples, scaled to the largest; and that largest."""
    peak = max((v for _, v, _ in values), default=0) or 1
    step = CHART_WIDTH / max(len(values), 1)
    gap = min(2.0, step / 4)
    out = []
    for i, (period, value, label) in enumerate(values):
        height = max(CHART_HEIGHT * value / peak, 1.0 if value else 0.0)
        out.append(
            Bar(
                x=round(i * step, 2),
                y=round(CHART_HEIGHT - height, 2),
                width=round(step - gap, 2),
                height=round(height, 2),
                label=label,
                href=href(period),
            )
        )
    return out, peak


def polylines(series: Sequence[Sequence[float]]) -> list[str]:
    """SVG ``points`` of one line per series, all on the same scale."""
    peak = max((v for values in series for v in values), default=0) or 1
    out = []
    for values in series:
        step = CHART_WIDTH / max(len(values) - 1, 1)
        points = (
            f"{i * step:.1f},{CHART_HEIGHT - CHART_HEIGHT * v / peak:.1f}"
            for i, v in enumerate(values)
        )
        out.append(" ".join(points))
    return out


def period_range(period: str) -> tuple[str, str]:
    """The from/to filter of a timeline period: ``2014-03``, ``2014``, ``2000-2009``."""
    if len(period) == 9 and period[4] == "-":  # a decade, century or millennium
        return period[:4], period[5:]
    return period, period
