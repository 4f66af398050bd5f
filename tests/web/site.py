"""The archive the web tests serve: the search sample, hostile articles, a run for paging.

Test modules import the fixtures by their function names::

    from tests.web.site import client_fixture, web_index_fixture
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from archive_search import Archive, Article
from archive_search.article import Caption
from archive_search.web import create_app
from tests.search.sample import ARTICLES

#: Each field of this article carries something a browser must not run or obey.
HOSTILE = Article(
    id="hostile",
    title="Zlonamerni <script>window.__pwned = 1</script> naslov",
    lede="Lede with <b>bold</b> markup & an <iframe src=javascript:alert(1)></iframe>",
    body=[
        'A photo <img src=x onerror="window.__pwned = 2"> of the quay in Zlonamerni.',
        "Escape \x1b[31mred\x1b[0m and bell\x07 and \u202eoverride\u202c characters.",
        "[bold]rich markup[/bold] and {{ 7 * 7 }} and {% raw %} template syntax.",
    ],
    captions=[Caption('<svg onload="window.__pwned = 3">caption</svg>', "<i>credit</i>")],
    author='Mal "Lory" <script>x</script>',
    place="Tirana",
    published=dt.date(2011, 2, 1),
    language="sq",
    section="news",
    url="javascript:window.__pwned=4",
)
#: Dated articles about one story, for paging, exports and the timeline.
RUN = [
    Article(
        id=f"harbour-{n:02d}",
        title=f"Harbour report number {n}",
        body=[f"The harbour of Durres reported {n} ships.", "Cargo traffic rose again."],
        author="Port Desk",
        place="Durres",
        published=dt.date(2009, 1 + n % 12, 1 + n),
        language="en",
        section="business",
        url=f"https://example.org/harbour/{n}",
    )
    for n in range(25)
]
#: A long article whose only match is far down: the page must scroll to it.
DEEP = Article(
    id="deep-match",
    title="Minutes of a long council meeting",
    body=[f"Item {n}: the council discussed the budget line and adjourned." for n in range(60)]
    + ["Finally a walrus was seen in the bay, the council noted."]
    + [f"Appendix {n}: figures of the budget line." for n in range(20)],
    author="Council Clerk",
    place="Split",
    published=dt.date(2012, 9, 9),
    language="en",
    section="news",
)
#: One story in two editions (SETimes addresses that differ only in the locale).
_STORY = "cocoon/setimes/xhtml/{}/features/setimes/features/2013/05/06/feature-01"
EDITIONS = [
    Article(
        id="bridge-en",
        title="A new bridge over the Drina",
        body=["The bridge over the Drina opened on Monday.", "Traffic began at noon."],
        place="Visegrad",
        published=dt.date(2013, 5, 6),
        language="en",
        outlet="Southeast European Times",
        url="http://www.setimes.com/" + _STORY.format("en_GB"),
    ),
    Article(
        id="bridge-sr",
        title="Novi most preko Drine",
        body=["Most preko Drine otvoren je u ponedeljak.", "Saobraćaj je počeo u podne."],
        place="Visegrad",
        published=dt.date(2013, 5, 6),
        language="sr",
        outlet="Southeast European Times",
        url="http://www.setimes.com/" + _STORY.format("sr_Latn"),
    ),
]
SITE = [*ARTICLES, HOSTILE, *RUN, DEEP, *EDITIONS]


def build_site(path: Path) -> Path:
    with Archive(path) as archive:
        archive.add(SITE)
    return path


@pytest.fixture(scope="session", name="web_index")
def web_index_fixture(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(tmp_path_factory.mktemp("web") / "index")


@pytest.fixture(name="client")
def client_fixture(web_index: Path):  # type: ignore[no-untyped-def]
    with TestClient(create_app(web_index), raise_server_exceptions=False) as client:
        yield client
