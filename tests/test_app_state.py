"""Every page under AppTest: both languages, URL state both ways, hostile links, filters a page does
not apply, chart tabs from their links, presentation mode, and pages that come from data alone."""

from __future__ import annotations

import html
import re
from dataclasses import replace
from urllib.parse import parse_qs

import pytest
from apptest_pages import (
    chart_specs,
    drawn_ids,
    every_tab_specs,
    open_page,
    open_site_page,
    points_by_id,
    site,
    source_line,
    tab_ids,
)
from streamlit.testing.v1 import AppTest

from cenfigures.app import present, widgets
from cenfigures.charts import types
from cenfigures.tables.dataset import load_dataset
from cenfigures.view import filters, share
from cenfigures.view.filters import state_of
from cenfigures.view.labels import text
from cenfigures.view.model import View
from cenfigures.view.model import chart_specs as declared_charts
from cenfigures.view.site import GENERIC_TOPIC_FILE
from cenfigures.view.translate import Translator

TABLES = load_dataset().all_tables()
FIGURES = TABLES["figures"]
SOURCE = TABLES["sources"].iloc[0].to_dict()
SITE = site(TABLES)
BY_KEY = {page.key: page for page in SITE}
# A topic with a page file of its own opens at /topic?id=<topic> too, so a link made from its id works.
GENERIC = replace(BY_KEY["digitization"], path=GENERIC_TOPIC_FILE, query={"id": "digitization"})
PAGES = [*SITE, GENERIC]
PAGE_IDS = [page.key for page in SITE] + ["topic?id=digitization"]
TABBED = [page for page in SITE if tab_ids(page)]


def run(page, **params: str | list[str]) -> AppTest:
    at = open_site_page(page, **params)
    assert not at.exception, [e.value for e in at.exception]
    return at


def url_values(at: AppTest, key: str) -> list[str]:
    """The URL's values for `key` as a list (AppTest keeps single values as plain strings)."""
    value = at.query_params.get(key, [])
    return [value] if isinstance(value, str) else list(value)


def has_cjk(value: str) -> bool:
    return bool(re.search(r"[\u4e00-\u9fff]", value))


def menu_links(at: AppTest) -> list:
    """The sidebar's menu: its first page links, one per page of the site."""
    return at.sidebar.get("page_link")[: len(SITE)]


def link_query(link) -> dict[str, list[str]]:
    return parse_qs(link.proto.query_string)


def plain(spec: dict) -> str:
    return share.plain_title(spec["layout"]["title"]["text"])


def cards(at: AppTest) -> list[str]:
    """The overview's headline cards: each value is a heading that wraps."""
    return [str(m.value) for m in at.main.markdown if str(m.value).startswith("### ")]


def expected_title(page, lang: str) -> str:
    return text("app.title", lang) if page.key == "overview" else page.label(Translator(lang))


# ---------------------------------------------------------------- every page, both languages


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page", PAGES, ids=PAGE_IDS)
def test_every_page_runs_in_both_languages(page, lang):
    at = run(page, lang=lang)
    t = Translator(lang)
    heading = at.title[0].value
    assert heading == expected_title(page, lang)
    assert has_cjk(heading) == (lang == "zh")
    assert [link.proto.label for link in menu_links(at)] == [p.label(t) for p in SITE]
    assert not at.warning and not at.error, ([w.value for w in at.warning], [e.value for e in at.error])
    publisher = SOURCE["publisher" if lang == "zh" else "publisher_en"]
    for spec in chart_specs(at):
        title = plain(spec)
        assert has_cjk(title) == (lang == "zh"), title
        assert publisher in source_line(spec), f"chart {title!r} does not cite its article"
    # What each page draws on a clean link: the open tab's chart only, the cards, the table, the text.
    if page.charts or page.key == "indicators":  # once per width band its title needs (issue 25 item 9)
        _one_chart_per_width_band(at, widgets.title_bands)
    if page.key == "overview":
        headline = [s for s in declared_charts(TABLES["charts"], "overview") if s.type == "headline"]
        assert len(cards(at)) == len(headline) > 0
    if page.key == "explorer":
        assert len(at.dataframe) == 1 and len(at.dataframe[0].value) == len(FIGURES)
    if page.key == "source":
        assert at.get("html") and SOURCE["title" if lang == "zh" else "title_en"] in " ".join(
            str(c.value) for c in at.caption
        ).replace("\\", "")
    own = BY_KEY[page.key]  # a topic opened by /topic?id= is shared by its own page's link
    assert [c.value for c in at.sidebar.code][0].startswith(f"/{own.url_path}")  # the share link of this view


@pytest.mark.parametrize("page", SITE, ids=lambda p: p.key)
def test_menu_links_carry_language_and_filters_but_never_the_open_tab(page):
    tabs = tab_ids(page)
    at = run(page, lang="en", source=SOURCE["source_id"], **({"chart": tabs[-1]} if tabs else {}))
    assert not at.warning
    links = menu_links(at)
    assert [link.proto.page for link in links] == [p.url_path for p in SITE]
    for link, target in zip(links, SITE):
        query = link_query(link)
        assert query.get("lang") == ["en"]
        assert query.get("source") == [SOURCE["source_id"]]  # kept onward, whether or not this page applies it
        assert "chart" not in query and "present" not in query
        assert {k: v[0] for k, v in query.items() if k == "id"} == dict(target.query)


# ---------------------------------------------------------------- chart tabs


@pytest.mark.parametrize("page", TABBED, ids=lambda p: p.key)
def test_a_chart_link_opens_that_tab_and_only_its_chart_is_drawn(page):
    specs = declared_charts(TABLES["charts"], page.charts)
    assert [s.id for s in specs] == list(tab_ids(page))
    for spec in specs:
        at = run(page, lang="en", chart=spec.id)
        expected = types.build(View(TABLES, state_of("en"), page.uses), spec)
        drawn = {plain(s) for s in chart_specs(at)}  # once per width band of its title, in the same words
        assert drawn == {share.plain_title(expected.figure.layout.title.text)}
        _one_chart_per_width_band(at, widgets.title_bands)
        assert [tab.label for tab in at.tabs] == [s.tab["en"] for s in specs]
        assert url_values(at, "chart") == ([] if spec.id == specs[0].id else [spec.id])
        assert not at.warning
        assert all("chart" not in link_query(link) for link in menu_links(at))  # the menu drops it


def test_a_chart_of_another_page_is_dropped_with_a_notice():
    at = run(BY_KEY["digitization"], lang="en", chart="uplink")
    assert any("chart" in w.value for w in at.warning)
    assert url_values(at, "chart") == []
    assert plain(chart_specs(at)[0]) == plain(chart_specs(run(BY_KEY["digitization"], lang="en"))[0])  # the first tab


# ---------------------------------------------------------------- URL <-> widgets


def test_filters_in_the_url_reach_the_widgets_and_stay_in_the_url():
    at = run(BY_KEY["digitization"], lang="en", kind=["target", "rank"], years="2015-2020")
    assert at.sidebar.multiselect(key="url_kind").value == ["target", "rank"]
    assert at.sidebar.select_slider(key="url_years").value == (2015, 2020)
    assert url_values(at, "kind") == ["target", "rank"]
    assert url_values(at, "years") == ["2015-2020"]
    assert url_values(at, "lang") == ["en"]


def test_a_widget_change_is_written_to_the_url_and_changes_the_charts():
    at = run(BY_KEY["digitization"], lang="en", chart="penetration")  # observed, derived and change figures
    before = chart_specs(at)
    at.sidebar.multiselect(key="url_kind").set_value(["observed"]).run()
    assert not at.exception
    assert url_values(at, "kind") == ["observed"]
    assert url_values(at, "chart") == ["penetration"]  # the open tab stays open
    after = chart_specs(at)
    assert after and after != before
    shown = drawn_ids(after[0])
    kinds = FIGURES.set_index("figure_id")["kind"]
    assert shown and {kinds[i] for i in shown} == {"observed"}
    assert drawn_ids(before[0]) > shown


def test_language_switch_changes_the_page_and_the_url():
    at = run(BY_KEY["digitization"])
    at.sidebar.radio(key="url_lang").set_value("en").run()
    assert url_values(at, "lang") == ["en"]
    assert at.title[0].value == BY_KEY["digitization"].label(Translator("en"))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_digitization_charts_draw_exactly_the_filtered_figures(lang):
    specs = every_tab_specs(BY_KEY["digitization"].path, lang=lang, kind=["observed", "derived"])
    allowed = FIGURES[FIGURES["kind"].isin(["observed", "derived"])].set_index("figure_id")
    assert len(specs) >= 3  # the tabs whose charts have observed or derived figures
    for spec in specs:
        points = points_by_id(spec["data"])
        assert points and set(points) <= set(allowed.index), (plain(spec), set(points) - set(allowed.index))
        # each figure is drawn at its own value (a chart may draw years or a change beside it)
        for figure_id, drawn in points.items():
            value = round(float(allowed.loc[figure_id, "value"]), 6)
            assert any(value in {round(v, 6) for v in numbers} for _, numbers in drawn), (plain(spec), figure_id, drawn)


# ---------------------------------------------------------------- hostile links, ignored filters

HOSTILE_LINKS = [
    {"region": "<script>alert('x')</script>"},
    {"kind": ["target", "x" * 10_000]},
    {"lang": ["en", "zh"]},
    {"years": "abc"},
    {"slide": "-3"},
    {"<b>bold</b>": "1"},
    {"q": "\x00\x01" + "y" * 5000},
    {"chart": "<script>alert('x')</script>"},
    {"source": "<img src=x onerror=alert(1)>"},
    {"indicator": "alert('x')"},
]
OURS = set(filters.FILTER_KEYS) | set(filters.PAGE_KEYS) | filters.STREAMLIT_KEYS


@pytest.mark.parametrize("params", HOSTILE_LINKS, ids=[str(i) for i in range(len(HOSTILE_LINKS))])
@pytest.mark.parametrize("page", PAGES, ids=PAGE_IDS)
def test_hostile_links_are_dropped_with_a_notice_that_never_echoes_them(page, params):
    at = run(page, **params)
    notices = [warning.value for warning in at.warning]
    assert any("ignored" in n or "忽略" in n for n in notices), notices
    shown = " ".join(notices + [str(c.value) for c in at.caption] + [str(m.value) for m in at.markdown])
    for echoed in ("<script", "alert", "bold", "yyyy", "<img", "xxxxxxxx"):
        assert echoed not in shown
    for key in at.query_params:
        assert key in OURS
        assert all(len(v) <= filters.MAX_SEARCH_LENGTH for v in url_values(at, key))


@pytest.mark.parametrize("page", PAGES, ids=PAGE_IDS)
def test_clean_links_show_no_notice(page):
    at = run(page, lang="en", source=SOURCE["source_id"])
    assert not at.warning
    ignored = text("filter.ignored", "en", conditions="")[:20]
    assert any(ignored in str(c.value).replace("\\", "") for c in at.caption) == ("source" not in page.uses)


# One valid value per filter, and a word of how a page names it when it does not apply it.
LINK_FILTERS = {
    "source": (SOURCE["source_id"], SOURCE["publisher_en"]),
    "region": ("hebei", "Hebei"),
    "topic": ("uhd_video", "Ultra-HD video and TV"),
    "kind": ("target", text("kind.target", "en")),
    "years": ("2016-2020", "2016–2020"),
    "q": ("5G", "“5G”"),
}
NOT_APPLIED = [(page, key) for page in SITE for key in filters.FILTER_KEYS if key not in page.uses]


def _what_it_shows(at: AppTest) -> tuple:
    return (
        [plain(s) for s in chart_specs(at)],
        [drawn_ids(s) for s in chart_specs(at)],
        cards(at),
        [str(m.value) for m in at.main.markdown if "“" in str(m.value)],  # cards quote their words
    )


@pytest.mark.parametrize("page, key", NOT_APPLIED, ids=[f"{p.key}-{k}" for p, k in NOT_APPLIED])
def test_a_filter_the_page_does_not_apply_is_named_kept_and_changes_nothing(page, key):
    value, word = LINK_FILTERS[key]
    at = run(page, lang="en", **{key: value})
    assert not at.warning, [w.value for w in at.warning]  # a valid value is not "invalid"
    captions = [str(c.value).replace("\\", "") for c in at.caption]
    said = [c for c in captions if c.startswith(text("filter.ignored", "en", conditions="")[:30])]
    assert len(said) == 1 and word in said[0], captions
    assert url_values(at, key) == [value]  # the link keeps it for the pages that apply it
    assert _what_it_shows(at) == _what_it_shows(run(page, lang="en"))


def test_a_region_from_another_page_leaves_the_timeline_its_events():
    """Issue 15 item 2: /timeline with region=hebei from the digitization page listed no events."""
    at = run(BY_KEY["timeline"], lang="en", region="hebei", kind="target")
    assert not any(text("app.no_rows", "en") in i.value or text("timeline.no_events", "en") in i.value for i in at.info)
    assert chart_specs(at)


# ---------------------------------------------------------------- presentation mode


def _one_chart_per_width_band(script, bands=present.title_bands) -> None:
    """A slide (or a page's chart) draws its chart once per width band where the title wraps
    differently (the browser shows one of them: tests/browser/test_present_layout_e2e.py,
    test_chart_layout_e2e.py): the same chart, title in the same words, as many times as it has bands."""
    specs = chart_specs(script)
    titles = [_title_words(spec["layout"]["title"]["text"]) for spec in specs]
    assert len(set(titles)) == 1, titles
    assert len(specs) == len(bands(titles[0])), titles
    drawn = [[(d["type"], d.get("x"), d.get("y"), d.get("customdata")) for d in spec["data"]] for spec in specs]
    assert all(values == drawn[0] for values in drawn)  # the same points, laid out for another width


def _title_words(drawn: str) -> str:
    """A drawn title as written: its lines joined (with a space between Latin words only)."""
    words = ""
    for line in html.unescape(drawn).split("<br>"):
        words += " " + line if words and words[-1].isascii() and line[:1].isascii() else line
    return words


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_presentation_mode_shows_one_chart_per_slide(lang):
    first = run(BY_KEY["overview"], lang=lang, present="1")
    _one_chart_per_width_band(first)
    buttons = {b.proto.label: b for b in first.button}
    assert buttons[text("present.prev", lang)].proto.disabled
    assert not buttons[text("present.next", lang)].proto.disabled
    second = run(BY_KEY["overview"], lang=lang, present="1", slide="2")
    assert chart_specs(second)[0] != chart_specs(first)[0]
    buttons[text("present.next", lang)].click().run()  # next writes the slide into the URL
    assert url_values(first, "slide") == ["2"]
    assert chart_specs(first)[0]["layout"]["title"] == chart_specs(second)[0]["layout"]["title"]


def test_presentation_mode_keeps_the_slide_number_in_range():
    last = run(BY_KEY["overview"], lang="en", present="1", slide="999")
    buttons = {b.proto.label: b for b in last.button}
    assert buttons[text("present.next", "en")].proto.disabled
    _one_chart_per_width_band(last)


# ---------------------------------------------------------------- pages from data alone


def test_a_topic_declared_in_an_article_gets_a_menu_entry_and_a_page(corpus_data, use_data):
    use_data(corpus_data)
    tables = load_dataset(corpus_data).all_tables()
    pages = site(tables)
    new = next(p for p in pages if p.key == "smart_manufacturing")
    assert new.path == GENERIC_TOPIC_FILE and dict(new.query) == {"id": "smart_manufacturing"}
    for lang in ("zh", "en"):
        home = open_page("dashboard.py", lang=lang)
        assert not home.exception
        links = home.sidebar.get("page_link")[: len(pages)]
        entry = [link for link in home.sidebar.get("page_link") if link.proto.label == new.label(Translator(lang))]
        assert len(entry) == 1 and link_query(entry[0]).get("id") == ["smart_manufacturing"]
        assert [link.proto.label for link in links] == [p.label(Translator(lang)) for p in pages]
        at = open_site_page(new, lang=lang)
        assert not at.exception and not at.warning
        assert at.title[0].value == new.label(Translator(lang))
        _one_chart_per_width_band(at, widgets.title_bands)  # drawn once per width band of its title
        spec = chart_specs(at)[0]
        assert drawn_ids(spec) == set(tables["figures"].query("topic == 'smart_manufacturing'")["figure_id"])


@pytest.mark.parametrize(
    "query", [{}, {"id": "<script>alert(1)</script>"}, {"id": "overview"}], ids=["none", "hostile", "not-a-topic"]
)
def test_the_generic_page_without_a_known_topic_says_so(query):
    at = open_page(GENERIC_TOPIC_FILE, lang="en", **query)
    assert not at.exception
    assert at.title[0].value == text("page.topic_unknown", "en")
    assert not at.get("plotly_chart")
    shown = " ".join(str(e.value) for kind in ("info", "warning", "caption", "markdown") for e in at.get(kind))
    assert "<script" not in shown and "alert" not in shown
