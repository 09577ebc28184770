"""The pages of the dashboard: file, icon and which filters apply. Labels are in labels.py."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    key: str
    path: str  # relative to the repository root, as st.page_link wants it
    icon: str
    uses: tuple[str, ...]  # filters shown on the page: region, topic, kind, years, q


PAGES: tuple[Page, ...] = (
    Page("overview", "dashboard.py", ":material/dashboard:", ()),
    Page("digitization", "pages/1_digitization.py", ":material/factory:", ("kind", "years")),
    Page("uhd_video", "pages/2_uhd_video.py", ":material/tv:", ("region", "kind", "years")),
    Page("olympics_5g", "pages/3_olympics_5g.py", ":material/cell_tower:", ("kind",)),
    Page("regions", "pages/4_regions.py", ":material/map:", ("region", "topic", "kind", "years")),
    Page("timeline", "pages/5_timeline.py", ":material/timeline:", ("region", "topic", "years")),
    Page("explorer", "pages/6_explorer.py", ":material/table:", ("region", "topic", "kind", "years", "q")),
    Page("source", "pages/7_source.py", ":material/article:", ("region", "topic", "kind")),
)
PAGES_BY_KEY = {page.key: page for page in PAGES}
