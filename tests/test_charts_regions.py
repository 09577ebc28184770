"""The regions page: the map of China (cenfigures/charts/types/region_map.py), the study-meeting
chart and the region cards (cenfigures/view/regions.py), against data/.

The map: every province is grey unless the articles name it; a named province is coloured by how
many figures it has under the filters (a sequential scale with a legend), one without figures is
white (not grey); a city is a marker at its place, never its whole province; the South China Sea
islands are in an inset; hovers count each region's figures; the takeaway names the white regions.
"""

from __future__ import annotations

import html

import pandas as pd
import pytest
from chart_reading import (
    LANGS,
    SEED_TABLES,
    build,
    corpus_tables,
    find_spec,
    flat,
    points,
)

from cenfigures.charts import types
from cenfigures.charts.geo_shapes import load_provinces
from cenfigures.charts.types.region_map import BASE_FILL, INSET_PROVINCE, MAINLAND_LAT, MAINLAND_LON, inset_frame
from cenfigures.view.colors import NAMED_NO_FIGURES, figure_count_color
from cenfigures.view.filters import state_of
from cenfigures.view.model import View
from cenfigures.view.regions import TOP_FIGURES, region_cards, region_notes
from cenfigures.view.site import FIXED_AFTER

PAGE = next(page for page in FIXED_AFTER if page.key == "regions")
FIGURES = SEED_TABLES["figures"]
REGIONS = SEED_TABLES["regions"].set_index("region_id", drop=False)
MAP = find_spec("regions", "region_map")


def page_view(lang: str = "en", tables=SEED_TABLES, **filters) -> View:
    """The view the regions page builds its charts from: only the filters it shows apply."""
    return View(tables, state_of(lang, **filters).only(PAGE.uses), PAGE.uses)


def map_of(lang: str = "en", tables=SEED_TABLES, **filters):
    return types.build(page_view(lang, tables, **filters), MAP)


def fills(trace) -> dict[str, str]:
    """Province -> the colour its z picks from the stepped colour scale (one choropleth holds every
    province; z = the colour's step + 0.5)."""
    scale = [(float(stop), color) for stop, color in trace.colorscale]
    found = {}
    for location, z in zip(trace.locations, trace.z):
        where = (z - trace.zmin) / (trace.zmax - trace.zmin)
        found[location] = next(color for (low, color), (high, _) in zip(scale, scale[1:]) if low <= where <= high)
    return found


def main_map(chart):
    return next(
        t for t in chart.figure.data if t.type == "choropleth" and t.locations is not None and len(t.locations) > 1
    )


def inset(chart):
    return next(t for t in chart.figure.data if t.type == "choropleth" and list(t.locations) == [INSET_PROVINCE])


def trace_named(chart, name: str):
    return next(t for t in chart.figure.data if t.type == "scattergeo" and t.name == name)


def markers(chart) -> dict[str, dict]:
    """Region name -> its marker (place, size, colour, hover) and where its label is drawn."""
    places = trace_named(chart, "places")
    labels = [t for t in chart.figure.data if t.type == "scattergeo" and t.name == "labels"]  # dark and white ones
    spots = {text: (lon, lat) for trace in labels for text, lon, lat in zip(trace.text, trace.lon, trace.lat)}
    return {
        text: {"lon": lon, "lat": lat, "size": size, "color": color, "hover": hover, "label": spots[text]}
        for text, lon, lat, size, color, hover in zip(
            places.text, places.lon, places.lat, places.marker.size, places.marker.color, places.hovertext
        )
    }


def named_regions(tables=SEED_TABLES) -> set[str]:
    """Regions the articles write about: with figures or with the article's notes."""
    return set(tables["figures"]["region_id"]) | set(tables["region_notes"]["region_id"])


def expected_fills(view: View) -> dict[str, str]:
    """What every province should be filled with under the view's filters."""
    counts = view.figures["region_id"].value_counts()
    expected = {f["properties"]["name_zh"]: BASE_FILL for f in load_provinces()["features"]}
    for region_id in named_regions(view.tables):
        region = view.tables["regions"].set_index("region_id").loc[region_id]
        if region["level"] != "province":
            continue  # the national level is no place; a city is a marker
        expected[region["map_zh"]] = figure_count_color(int(counts.get(region_id, 0)))
    return expected


STATES = {
    "none": {},
    "hebei": {"region": ("hebei",)},
    "guangzhou": {"region": ("guangzhou",)},
    "uhd-topic": {"topic": ("uhd_video",)},
    "study-meetings": {"topic": ("study_meetings",)},
    "targets": {"kind": ("target",)},
    "nothing": {"region": ("hubei",)},
}


@pytest.mark.parametrize("state", list(STATES))
def test_provinces_are_filled_by_what_the_filters_leave(state):
    view = page_view("en", **STATES[state])
    chart = types.build(view, MAP)
    drawn = fills(main_map(chart))
    assert set(drawn) == {f["properties"]["name_zh"] for f in load_provinces()["features"]}, (
        "one trace holds every province"
    )
    assert drawn == expected_fills(view)


def test_a_named_region_without_figures_is_white_not_grey():
    """Hubei's study meeting is in the article, but no figure: white (with a dark outline), which
    reads "named, no data", unlike grey ("not in the articles")."""
    drawn = fills(main_map(map_of()))
    hubei = drawn[REGIONS.loc["hubei", "map_zh"]]
    assert hubei == NAMED_NO_FIGURES != BASE_FILL
    hebei_count = int((FIGURES["region_id"] == "hebei").sum())
    assert drawn[REGIONS.loc["hebei", "map_zh"]] == figure_count_color(hebei_count)
    assert all(colour.upper() != "#000000" for colour in drawn.values()), "no black province (Xinjiang was)"


@pytest.mark.parametrize("lang", LANGS)
def test_the_takeaway_names_exactly_the_pale_regions(lang):
    view = page_view(lang, topic=("uhd_video",))
    chart = types.build(view, MAP)
    drawn = fills(main_map(chart))
    pale_provinces = {
        REGIONS.loc[r, "region_id"]
        for r in named_regions()
        if REGIONS.loc[r, "level"] == "province" and drawn[REGIONS.loc[r, "map_zh"]] == NAMED_NO_FIGURES
    }
    pale_cities = {
        r
        for r in named_regions()
        if REGIONS.loc[r, "level"] == "city" and markers(chart)[view.region_name(r)]["color"] == NAMED_NO_FIGURES
    }
    pale_ones = pale_provinces | pale_cities
    assert pale_ones, "with ?topic=uhd_video, Hebei and the study-meeting provinces have no figures"
    starts = [
        chart.takeaway.find(view.t(key, names="|").split("|")[0])
        for key in ("regions.map_no_figure", "regions.map_empty")
    ]
    said = chart.takeaway[min(start for start in starts if start >= 0) :]
    for region_id in named_regions():
        if region_id == "national":
            continue
        assert (view.region_name(region_id) in said) == (region_id in pale_ones), region_id


def test_a_city_is_a_marker_at_its_place_never_its_province():
    chart = map_of()
    guangzhou = markers(chart)["Guangzhou"]
    assert (guangzhou["lon"], guangzhou["lat"]) == (REGIONS.loc["guangzhou", "lon"], REGIONS.loc["guangzhou", "lat"])
    count = int((FIGURES["region_id"] == "guangzhou").sum())
    assert guangzhou["size"] > 0 and guangzhou["color"] == figure_count_color(count)
    assert fills(main_map(chart))[REGIONS.loc["guangzhou", "map_zh"]] == BASE_FILL, "Guangdong is not Guangzhou"
    for region_id in ("hebei", "beijing", "zhejiang"):  # a province is its fill, with its name as a label
        assert markers(chart)[REGIONS.loc[region_id, "name_en"]]["size"] == 0


def test_a_city_the_filters_leave_without_figures_is_a_white_marker():
    chart = map_of(region=("hebei",))
    assert markers(chart)["Guangzhou"]["color"] == NAMED_NO_FIGURES


def test_a_city_of_another_article_is_a_marker_in_its_own_province():
    tables = corpus_tables()
    chart = map_of(tables=tables)
    suzhou = markers(chart)["Suzhou"]
    assert (suzhou["lon"], suzhou["lat"]) == (120.62, 31.30) and suzhou["size"] > 0
    assert fills(main_map(chart))["江苏省"] == BASE_FILL


@pytest.mark.parametrize("lang", LANGS)
def test_hovers_count_each_regions_figures_and_quote_its_headline(lang):
    view = page_view(lang)
    chart = types.build(view, MAP)
    trace = main_map(chart)
    hovers = dict(zip(trace.locations, trace.hovertext))
    notes = region_notes(view)
    for region_id in named_regions() - {"national"}:
        region = REGIONS.loc[region_id]
        count = int((FIGURES["region_id"] == region_id).sum())
        hover = (
            hovers[region["map_zh"]]
            if region["level"] == "province"
            else markers(chart)[view.region_name(region_id)]["hover"]
        )
        assert view.t("regions.figure_count", count=count) in html.unescape(hover), region_id
        if region_id in notes:
            assert html.escape(notes[region_id]["headline"]) in hover


def test_every_place_has_its_label_and_a_moved_one_a_leader_line():
    """Each named place is labelled once; a label not on its place has a line back to it (Beijing
    inside Hebei cannot both sit on their centres)."""
    chart = map_of()
    placed = markers(chart)
    moved = {
        name
        for name, m in placed.items()
        if (round(m["lon"], 3), round(m["lat"], 3)) != tuple(round(v, 3) for v in m["label"]) and m["size"] == 0
    }
    assert {"Beijing", "Hebei"} & moved, "Beijing and Hebei cannot both be labelled on their centres"
    leaders = trace_named(chart, "leaders")
    starts = {
        (lon, lat)
        for lon, lat, before in zip(leaders.lon, leaders.lat, (None, *leaders.lon))
        if lon is not None and before is None
    }
    assert {(placed[name]["lon"], placed[name]["lat"]) for name in moved} <= starts


def test_south_china_sea_islands_in_an_inset_inside_the_map():
    """The islands are drawn scaled down in a framed box in the lower right of the map itself (one
    geo: the box stays beside the mainland at any width), in the province's colour."""
    chart = map_of()
    layout = chart.figure.layout
    assert INSET_PROVINCE == "海南省"
    islands = inset(chart)
    assert fills(islands)[INSET_PROVINCE] == fills(main_map(chart))[INSET_PROVINCE]
    assert "geo2" not in layout.to_plotly_json()
    frame_lon, frame_lat = inset_frame()
    points = [
        p
        for f in islands.geojson["features"]
        for polygon in f["geometry"]["coordinates"]
        for ring in polygon
        for p in ring
    ]
    assert len(points) > 50, "Hainan and the islands down to the Nansha islands"
    assert all(
        min(frame_lon) <= lon <= max(frame_lon) and min(frame_lat) <= lat <= max(frame_lat) for lon, lat in points
    )
    lon0, lon1 = layout.geo.lonaxis.range
    lat0, lat1 = layout.geo.lataxis.range
    assert (lon0, lat0) == (MAINLAND_LON[0], MAINLAND_LAT[0]) and lat0 > 10, (
        "the main map spans the mainland, not the sea"
    )
    assert lon0 + 0.75 * (lon1 - lon0) <= min(frame_lon) and max(frame_lon) <= lon1, "in the right quarter"
    assert lat0 <= min(frame_lat) and max(frame_lat) <= lat0 + 0.35 * (lat1 - lat0), "at the bottom"


def test_the_map_draws_the_simplified_outlines():
    assert main_map(map_of()).geojson == load_provinces()


def test_without_regions_the_map_has_nothing_to_colour():
    tables = {**SEED_TABLES, "regions": SEED_TABLES["regions"].iloc[0:0]}
    chart = types.build(page_view("en", tables), MAP)
    assert chart.rows.empty
    assert set(fills(main_map(chart)).values()) == {BASE_FILL}


# ---------------------------------------------------------------- the study-meeting chart


@pytest.mark.parametrize("lang", LANGS)
def test_every_study_meeting_figure_is_a_bar_at_its_value(lang):
    chart = build(find_spec("regions", "meeting_figures"), lang)
    meetings = FIGURES[FIGURES["topic"] == "study_meetings"]
    drawn = points(chart.figure)
    assert sorted(p.figure_id for p in drawn) == sorted(meetings["figure_id"])
    assert sorted(p.value for p in drawn) == sorted(meetings["value"])
    assert {p.trace.type for p in drawn} == {"bar"}, "counts of one magnitude: bars on a linear axis"


def test_meeting_bars_coloured_per_region():
    chart = build(find_spec("regions", "meeting_figures"), "en")
    colours: dict[str, set[str]] = {}
    for point in points(chart.figure):
        colours.setdefault(FIGURES.set_index("figure_id").loc[point.figure_id, "region_id"], set()).add(point.fill)
    assert all(len(found) == 1 for found in colours.values())
    assert len({c for found in colours.values() for c in found}) == len(colours) == 3
    assert sum(bool(t.showlegend) for t in chart.figure.data) == len(colours), "one legend entry per region"


# ---------------------------------------------------------------- the region cards


@pytest.mark.parametrize("lang", LANGS)
def test_one_card_per_region_the_articles_write_about(lang):
    view = page_view(lang)
    cards = region_cards(view)
    notes = SEED_TABLES["region_notes"]
    assert [c.region_id for c in cards] == list(dict.fromkeys(notes.sort_values("headline_start")["region_id"]))
    for card in cards:
        note = notes[notes["region_id"] == card.region_id].iloc[0]
        assert card.headline_zh == note["headline"] and card.summary_zh == note["summary"]
        assert card.headline == note["headline" if lang == "zh" else "headline_en"]
        assert card.name == view.region_name(card.region_id)
        assert card.figure_count == int((FIGURES["region_id"] == card.region_id).sum())
        assert len(card.top_figures) == min(card.figure_count, TOP_FIGURES)
    hubei = next(c for c in cards if c.region_id == "hubei")
    assert hubei.figure_count == 0 and hubei.top_figures == ()


def test_cards_follow_the_filters():
    cards = region_cards(page_view("en", region=("hebei",)))
    assert [c.region_id for c in cards] == ["hebei"]
    counted = {c.region_id: c.figure_count for c in region_cards(page_view("en", topic=("uhd_video",)))}
    assert counted["hebei"] == 0 and counted["guangzhou"] == int(
        ((FIGURES["region_id"] == "guangzhou") & (FIGURES["topic"] == "uhd_video")).sum()
    )


def test_no_notes_give_no_cards():
    tables = {**SEED_TABLES, "region_notes": SEED_TABLES["region_notes"].iloc[0:0], "regions": pd.DataFrame()}
    assert region_cards(page_view("en", tables)) == []


def test_a_region_two_articles_write_about_has_one_card_with_all_its_figures():
    tables = corpus_tables()
    cards = region_cards(page_view("zh", tables))
    hebei = [c for c in cards if c.region_id == "hebei"]
    assert len(hebei) == 1
    seed_regions = list(dict.fromkeys(SEED_TABLES["region_notes"].sort_values("headline_start")["region_id"]))
    assert [c.region_id for c in cards] == [*seed_regions, "suzhou"], "articles in order, each in its own order"
    assert hebei[0].figure_count == int((tables["figures"]["region_id"] == "hebei").sum())
    assert flat(hebei[0].headline_zh) == flat(
        SEED_TABLES["region_notes"].set_index("region_id").loc["hebei", "headline"]
    )


@pytest.mark.parametrize("lang", LANGS)
def test_a_card_lists_a_line_once_when_other_years_say_the_same_words(lang):
    # A report restated a year later gives the same value under the same name: two facts (counted),
    # one line (three identical lines read as a mistake).
    figures = SEED_TABLES["figures"]
    zhejiang = figures[figures["region_id"] == "zhejiang"]
    later = zhejiang.assign(
        figure_id=zhejiang["figure_id"] + "-later",
        period=(zhejiang["period_end"].astype(int) + 1).astype(str),
        period_start=zhejiang["period_start"] + 1,
        period_end=zhejiang["period_end"] + 1,
    )
    tables = {**SEED_TABLES, "figures": pd.concat([figures, later], ignore_index=True)}
    card = next(c for c in region_cards(page_view(lang, tables)) if c.region_id == "zhejiang")
    assert card.figure_count == 2 * len(zhejiang)
    assert len(card.top_figures) == len(set(card.top_figures)) == min(len(zhejiang), TOP_FIGURES)
