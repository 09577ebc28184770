"""Regions page: the map, the study-meeting chart and the region cards, against data/."""
import json

import pandas as pd
import pytest
from apptest_pages import every_tab_specs, open_page, plotly_numbers

from cenfigures.charts import regions as charts
from cenfigures.charts.export import EMPTY_TOPOJSON_URL
from cenfigures.tables.dataset import load_dataset
from cenfigures.view.filters import ViewState


@pytest.fixture(scope="module")
def data():
    """Figures, the regions the article writes about (registry rows with their notes), the source."""
    tables = load_dataset().tables
    regions = charts.noted_regions(tables["regions"], tables["region_notes"])
    return tables["figures"], regions, tables["sources"].iloc[0].to_dict()


def test_noted_regions_are_the_articles_regions_in_its_order():
    tables = load_dataset().tables
    regions = charts.noted_regions(tables["regions"], tables["region_notes"])
    assert list(regions["region_id"]) == list(tables["region_notes"]["region_id"])
    assert len(tables["regions"]) > len(regions)  # the registry holds every province
    assert {"headline", "summary", "name_zh", "map_zh", "level"} <= set(regions.columns)
    # The builders join them themselves when given the registry and the notes.
    chart = charts.region_map(tables["figures"], "en", {}, regions=tables["regions"], region_notes=tables["region_notes"])
    assert coloured(_map_trace(chart)) == [m for m in regions["map_zh"] if m]
    cards = charts.region_cards(tables["figures"], "en", regions=tables["regions"], region_notes=tables["region_notes"])
    assert [c.region_id for c in cards] == list(regions.sort_values("headline_start", kind="stable")["region_id"])


def coloured(trace) -> list[str]:
    """Provinces filled in a region's colour, in the order of the regions: one choropleth holds
    every province, and a z above the grey step (0.5) picks a region's colour."""
    z = plotly_numbers(trace["z"] if isinstance(trace, dict) else trace.z)
    locations = list(trace["locations"] if isinstance(trace, dict) else trace.locations)
    return [location for value, location in sorted(zip(z, locations)) if value > 1]


def _map_trace(chart):
    return next(t for t in chart.figure.data if t.type == "choropleth")


@pytest.mark.parametrize("lang, word", [("zh", "地区"), ("en", "regions")])
def test_map_locations_are_the_regions_with_a_map_name(data, lang, word):
    figures, regions, source = data
    chart = charts.region_map(figures, lang, source, regions=regions)
    expected = [m for m in regions["map_zh"] if m]
    assert coloured(_map_trace(chart)) == expected
    assert word in chart.figure.layout.title.text
    assert len(_map_trace(chart).locations) == len(charts.load_provinces()["features"])
    assert word in chart.takeaway or word[:2] in chart.takeaway


def test_map_hover_counts_each_regions_figures(data):
    figures, regions, source = data
    chart = charts.region_map(figures, "en", source, regions=regions)
    trace = _map_trace(chart)
    where = {location: i for i, location in enumerate(trace.locations)}
    for _, region in regions[regions["map_zh"] != ""].iterrows():
        count = int((figures["region_id"] == region["region_id"]).sum())
        i = where[region["map_zh"]]
        assert f"{count} figure(s)" in trace.hovertext[i]
        assert trace.marker.opacity[i] == (1.0 if count else charts.EMPTY_OPACITY)


def test_map_follows_the_region_filter(data):
    figures, regions, source = data
    picked = charts.apply_regions(regions, ViewState(regions=("hebei",)))
    chart = charts.region_map(figures, "zh", source, regions=picked)
    assert coloured(_map_trace(chart)) == list(regions.loc[regions["region_id"] == "hebei", "map_zh"])
    assert set(chart.rows["region_id"]) == {"hebei"}


def test_map_without_regions_is_empty(data):
    figures, _, source = data
    chart = charts.region_map(figures, "en", source)
    assert chart.rows.empty and not coloured(_map_trace(chart))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_study_meeting_figure_is_charted(data, lang):
    figures, _, source = data
    chart = charts.meeting_figures(figures, lang, source)
    meetings = figures[figures["topic"] == "study_meetings"]
    assert set(chart.figure_ids) == set(meetings["figure_id"])
    values = sorted(v for t in chart.figure.data for v in t.x)
    assert values == sorted(meetings["value"])
    assert ("study meetings" in chart.figure.layout.title.text) == (lang == "en")


def test_meeting_bars_coloured_per_region(data):
    figures, _, source = data
    chart = charts.meeting_figures(figures, "en", source)
    colors = {t.name: t.marker.color for t in chart.figure.data}
    assert len(colors) == figures.loc[figures["topic"] == "study_meetings", "region_id"].nunique()
    assert len(set(colors.values())) == len(colors)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_region_cards_one_per_region_hubei_without_figures(data, lang):
    figures, regions, _ = data
    cards = charts.region_cards(figures, lang, regions=regions)
    assert sorted(c.region_id for c in cards) == sorted(regions["region_id"])
    hubei = next(c for c in cards if c.region_id == "hubei")
    row = regions[regions["region_id"] == "hubei"].iloc[0]
    assert hubei.figure_count == int((figures["region_id"] == "hubei").sum()) == 0
    assert hubei.headline == row["headline"] and hubei.summary_en == row["summary_en"]
    assert hubei.name == row["name_en" if lang == "en" else "name_zh"]
    for card in cards:
        assert card.figure_count == int((figures["region_id"] == card.region_id).sum())
        assert len(card.top_figures) == min(card.figure_count, charts.TOP_FIGURES)


def test_empty_regions_give_no_cards(data):
    figures, _, _ = data
    assert charts.region_cards(figures, "en", regions=pd.DataFrame()) == []


def _page(lang, region=None):
    return open_page("pages/4_regions.py", lang=lang, **({"region": region} if region else {}))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_page_renders_map_and_meeting_chart(lang, data):
    figures, _, source = data
    at = _page(lang)
    assert not at.exception
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    assert len(specs) == 1  # the map's tab is open; the meeting chart is on the second tab
    assert any(t["type"] == "choropleth" for t in specs[0]["data"])
    assert json.loads(at.get("plotly_chart")[0].proto.config)["topojsonURL"] == EMPTY_TOPOJSON_URL
    meetings = every_tab_specs("pages/4_regions.py", lang=lang)[1]
    assert meetings["layout"]["title"]["text"] == charts.meeting_figures(figures, lang, source).figure.layout.title.text


def test_page_region_filter_changes_map():
    map_of = lambda at: next(t for t in json.loads(at.get("plotly_chart")[0].proto.spec)["data"] if t["type"] == "choropleth")  # noqa: E731
    every = coloured(map_of(_page("en")))
    at = _page("en", region="guangzhou")
    assert not at.exception
    narrowed = coloured(map_of(at))
    assert narrowed == ["广东省"] and len(every) > len(narrowed)
