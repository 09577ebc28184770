"""Every page under AppTest: both languages, URL state both ways, hostile links, charts = data."""

from __future__ import annotations

import re

import pytest
from apptest_pages import chart_specs, every_tab_specs, open_page, plotly_numbers
from streamlit.testing.v1 import AppTest

from cenfigures.charts import catalog
from cenfigures.tables.dataset import load_dataset
from cenfigures.view import filters
from cenfigures.view.labels import text
from cenfigures.view.site import PAGES, PAGES_BY_KEY

TABLES = load_dataset().all_tables()
FIGURES = TABLES["figures"]
SOURCE = TABLES["sources"].iloc[0].to_dict()
OPTIONS = filters.FilterOptions.from_figures(FIGURES)


def run_page(page_key: str, **params: str | list[str]) -> AppTest:
    at = open_page(PAGES_BY_KEY[page_key].path, **params)
    assert not at.exception, [e.value for e in at.exception]
    return at


def source_ids(spec: dict) -> list[str]:
    """Figure ids named in the chart's source line (the last annotation, inside the figure)."""
    for annotation in spec["layout"].get("annotations", []):
        match = re.search(r"(?:数据编号：|figures: )(.*)$", annotation.get("text", "").replace("<br>", " "))
        if match:
            return [part.strip() for part in match.group(1).split(",") if part.strip()]
    return []


def url_values(at: AppTest, key: str) -> list[str]:
    """The URL's values for `key` as a list (AppTest keeps single values as plain strings)."""
    value = at.query_params.get(key, [])
    return [value] if isinstance(value, str) else list(value)


def has_cjk(value: str) -> bool:
    return bool(re.search(r"[\u4e00-\u9fff]", value))


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page", PAGES, ids=[p.key for p in PAGES])
def test_every_page_runs_in_both_languages(page, lang):
    at = run_page(page.key, lang=lang)
    heading = at.title[0].value
    expected = text("app.title" if page.key == "overview" else f"page.{page.key}", lang)
    assert heading == expected
    assert has_cjk(heading) == (lang == "zh")
    menu = [link.proto.label for link in at.sidebar.get("page_link")]
    assert menu[: len(PAGES)] == [text(f"page.{p.key}", lang) for p in PAGES]
    for spec in chart_specs(at):
        title = spec["layout"]["title"]["text"]
        assert has_cjk(title) == (lang == "zh"), title
        assert source_ids(spec), f"chart {title!r} has no source line"


@pytest.mark.parametrize("page", [p for p in PAGES if p.key != "overview"], ids=lambda p: p.key)
def test_menu_links_carry_the_state(page):
    tabs = catalog.tab_names(page.key)
    at = run_page(page.key, lang="en", kind="target", **({"chart": tabs[-1]} if tabs else {}))
    for link in at.sidebar.get("page_link"):
        query = dict(link.proto.query_string and [pair.split("=") for pair in link.proto.query_string.split("&")] or [])
        assert query.get("lang") == "en"
        if link.proto.page != page.path:  # the open tab is this page's own: other pages open on their first
            assert "chart" not in query


@pytest.mark.parametrize("page", [p for p in PAGES if catalog.tab_names(p.key)], ids=lambda p: p.key)
def test_a_chart_link_opens_that_tab_and_only_its_chart_is_drawn(page):
    for name in catalog.tab_names(page.key):
        at = run_page(page.key, lang="en", chart=name)
        specs = chart_specs(at)
        builder = next(b for b in catalog.builders(page.key) if b.__name__ == name)
        expected = catalog.build(builder, FIGURES, "en", SOURCE, catalog.page_tables(page, TABLES, filters.ViewState(lang="en")))
        assert [spec["layout"]["title"]["text"] for spec in specs] == [expected.figure.layout.title.text]
        assert [tab.label for tab in at.tabs] == [text(f"tab.{page.key}.{n}", "en") for n in catalog.tab_names(page.key)]
        assert url_values(at, "chart") == ([] if name == catalog.tab_names(page.key)[0] else [name])


def test_filters_in_the_url_reach_the_widgets_and_stay_in_the_url():
    at = run_page("digitization", lang="en", kind=["target", "rank"], years="2015-2020")
    assert at.sidebar.multiselect(key="url_kind").value == ["target", "rank"]
    assert at.sidebar.select_slider(key="url_years").value == (2015, 2020)
    assert url_values(at, "kind") == ["target", "rank"]
    assert url_values(at, "lang") == ["en"]


def test_a_widget_change_is_written_to_the_url_and_changes_the_charts():
    at = run_page("digitization", lang="en", chart="penetration")  # observed, derived and change figures
    before = chart_specs(at)
    at.sidebar.multiselect(key="url_kind").set_value(["observed"]).run()
    assert not at.exception
    assert url_values(at, "kind") == ["observed"]
    assert url_values(at, "chart") == ["penetration"]  # the open tab stays open
    after = chart_specs(at)
    assert after != before
    shown = {figure_id for spec in after for figure_id in source_ids(spec)}
    assert shown and all(FIGURES.set_index("figure_id").loc[i, "kind"] == "observed" for i in shown)


def test_language_switch_changes_the_page_and_the_url():
    at = run_page("digitization")
    at.sidebar.radio(key="url_lang").set_value("en").run()
    assert url_values(at, "lang") == ["en"]
    assert at.title[0].value == text("page.digitization", "en")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_digitization_charts_show_the_filtered_rows(lang):
    specs = every_tab_specs(PAGES_BY_KEY["digitization"].path, lang=lang, kind=["observed", "derived"])
    allowed = FIGURES[(FIGURES["kind"].isin(["observed", "derived"]))]
    by_id = allowed.set_index("figure_id")
    assert len(specs) >= 3  # the tabs whose charts have observed or derived figures
    for spec in specs:
        ids = source_ids(spec)
        assert set(ids) <= set(by_id.index), spec["layout"]["title"]["text"]
        plotted = {round(float(v), 6) for trace in spec["data"] for axis in ("x", "y") for v in plotly_numbers(trace.get(axis)) if isinstance(v, (int, float))}
        stated = {round(float(by_id.loc[i, "value"]), 6) for i in ids}
        # every figure of the chart is drawn (or is a derived figure given in its hover/takeaway)
        drawn = {i for i in ids if round(float(by_id.loc[i, "value"]), 6) in plotted}
        assert drawn, (spec["layout"]["title"]["text"], plotted, stated)
        # and nothing is drawn that is not a figure of the chart (years on the x axis aside)
        assert plotted - stated <= set(range(2010, 2031)), (spec["layout"]["title"]["text"], plotted - stated)


HOSTILE_LINKS = [
    {"region": "<script>alert('x')</script>"},
    {"kind": ["target", "x" * 10_000]},
    {"lang": ["en", "zh"]},
    {"years": "abc"},
    {"slide": "-3"},
    {"<b>bold</b>": "1"},
    {"q": "\x00\x01" + "y" * 5000},
    {"chart": "<script>alert('x')</script>"},
]


@pytest.mark.parametrize("params", HOSTILE_LINKS, ids=[str(i) for i in range(len(HOSTILE_LINKS))])
@pytest.mark.parametrize("page", PAGES, ids=[p.key for p in PAGES])
def test_hostile_links_are_dropped_with_a_notice(page, params):
    at = run_page(page.key, **params)
    notices = [warning.value for warning in at.warning]
    assert any("ignored" in n or "忽略" in n for n in notices), notices
    for notice in notices:
        assert "<script" not in notice and "alert" not in notice and "bold" not in notice and "yyyy" not in notice
    for key in at.query_params:
        assert key in filters.MULTI_KEYS + filters.SINGLE_KEYS
        assert all(len(v) <= filters.MAX_SEARCH_LENGTH for v in url_values(at, key))


def test_clean_links_show_no_notice():
    at = run_page("digitization", lang="en", kind="target")
    assert not at.warning


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_presentation_mode_shows_one_chart_per_slide(lang):
    first = run_page("overview", lang=lang, present="1")
    assert len(first.get("plotly_chart")) == 1
    buttons = {b.proto.label: b for b in first.button}
    assert buttons[text("present.prev", lang)].proto.disabled
    assert not buttons[text("present.next", lang)].proto.disabled
    second = run_page("overview", lang=lang, present="1", slide="2")
    assert chart_specs(second)[0] != chart_specs(first)[0]
    buttons[text("present.next", lang)].click().run()  # next writes the slide into the URL
    assert url_values(first, "slide") == ["2"]
    assert chart_specs(first)[0]["layout"]["title"] == chart_specs(second)[0]["layout"]["title"]


def test_presentation_mode_keeps_the_slide_number_in_range():
    last = run_page("overview", lang="en", present="1", slide="999")
    buttons = {b.proto.label: b for b in last.button}
    assert buttons[text("present.next", "en")].proto.disabled
    assert len(last.get("plotly_chart")) == 1
