"""The pages of the dashboard: the fixed ones (overview, regions, timeline, indicators, explorer,
source) and one per declared topic with charts, each with its file, icon, the filters it applies
and the query that opens it; and the editors' pages (/add), which only an editor's menu shows.
Labels are in labels.csv (fixed pages) and topics.csv (topics)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from cenfigures.view.filters import FILTER_KEYS
from cenfigures.view.model import TopicSpec

GENERIC_TOPIC_FILE = "pages/topic.py"  # serves /topic?id=<topic> for topics without a page file of their own


@dataclass(frozen=True)
class Page:
    key: str  # overview, regions, ... or a topic id
    path: str  # relative to the repository root, as st.page_link wants it
    icon: str
    uses: tuple[str, ...]  # filters shown and applied on the page
    query: Mapping[str, str] = field(default_factory=dict)  # what opens it (the generic topic page's id)
    charts: str = ""  # the page whose declared charts it shows (charts.csv page_id); "" for none
    names: Mapping[str, str] = field(default_factory=dict)  # a topic's name per language; fixed pages use labels
    filters_on_page: bool = False  # the filters are drawn on the page itself (a phone hides the sidebar)
    editors_only: bool = False  # in the menu of editors only; the page refuses anyone else (cenfigures.app.editors)
    keeps: tuple[str, ...] = ()  # link parameters the page reads itself (not filters), kept in its clean link

    @property
    def is_topic(self) -> bool:
        return bool(self.names)

    def label(self, t) -> str:
        return self.names.get(t.lang) or self.names.get("zh", self.key) if self.is_topic else t(f"page.{self.key}")

    @property
    def url_path(self) -> str:
        """The URL path Streamlit gives the page file: "" for the entry script, "digitization" for
        pages/1_digitization.py."""
        if "/" not in self.path:
            return ""
        stem = PurePosixPath(self.path).stem
        return stem.split("_", 1)[1] if stem[:1].isdigit() and "_" in stem else stem


OVERVIEW = Page("overview", "dashboard.py", ":material/dashboard:", ())
FIXED_BEFORE: tuple[Page, ...] = (OVERVIEW,)
FIXED_AFTER: tuple[Page, ...] = (
    Page(
        "regions",
        "pages/4_regions.py",
        ":material/map:",
        ("source", "region", "topic", "kind", "years"),
        charts="regions",
    ),
    Page(
        "timeline",
        "pages/5_timeline.py",
        ":material/timeline:",
        ("source", "region", "topic", "years"),
        charts="timeline",
    ),
    Page("indicators", "pages/8_indicators.py", ":material/query_stats:", ("source", "region")),
    Page("explorer", "pages/6_explorer.py", ":material/table:", FILTER_KEYS, filters_on_page=True),
    Page("source", "pages/7_source.py", ":material/article:", ("source", "region", "topic", "kind")),
)


# Pages for editors, outside the site every viewer sees (the menu adds them for an editor only).
EDITOR_PAGES: tuple[Page, ...] = (
    Page("add", "pages/9_add.py", ":material/note_add:", (), editors_only=True),
    # /review?source=<id> names an article of seeds/, which data/ may not hold yet: not the source filter
    Page("review", "pages/10_review.py", ":material/fact_check:", (), editors_only=True, keeps=("source",)),
)


def topic_page(topic: TopicSpec, page_files: Iterable[str]) -> Page:
    """A topic's page: its own file (pages/<n>_<topic id>.py) when there is one, else the generic page."""
    own = next(
        (
            f
            for f in sorted(page_files)
            if PurePosixPath(f).stem.split("_", 1)[-1] == topic.id and PurePosixPath(f).stem[:1].isdigit()
        ),
        None,
    )
    path = own or GENERIC_TOPIC_FILE
    query = {} if own else {"id": topic.id}
    return Page(topic.id, path, topic.icon, tuple(topic.filters), query, charts=topic.id, names=dict(topic.name))


def site_pages(topics: Iterable[TopicSpec], charted: Iterable[str], page_files: Iterable[str]) -> tuple[Page, ...]:
    """Every page in menu order: overview, the topics that have charts, then the fixed pages."""
    charted = set(charted)
    files = tuple(page_files)
    topic_pages = tuple(topic_page(topic, files) for topic in topics if topic.id in charted)
    return FIXED_BEFORE + topic_pages + FIXED_AFTER


def find(pages: Iterable[Page], key: str) -> Page | None:
    return next((page for page in pages if page.key == key), None)
