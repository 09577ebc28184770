"""What every declared chart keeps (cenfigures/charts/kit.py and the chart types), table-driven over
the charts of seeds/topics.toml, both languages, and two datasets: data/ (the seed article) and the
seed built together with the two fixture articles (tests/fixtures/corpus/, written for tests).

- the points drawn are exactly the figures the chart's selectors pick, each at its value (read from
  plotly's traces point by point, customdata -> figure id); a figure not drawn is written in words;
- observed, target and derived figures are drawn differently;
- every point's hover states the value as stated, the quote (or formula), the article and the id,
  escaped;
- the source line names the articles, never a list of ids;
- titles and takeaways are in the page's language with no unfilled `{placeholder}`, under filters;
- filters that leave nothing give an empty chart, not an error; a figure taken out leaves the chart;
- a sealed chart makes its dict once and sends the same figure.
"""

from __future__ import annotations

import html
import json
import math

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pytest
from chart_reading import (
    CJK,
    DATASETS,
    LANGS,
    PLACEHOLDER,
    SEED_TABLES,
    build,
    corpus_tables,
    declared,
    find_spec,
    flat,
    points,
    related_rows,
    source_annotation,
    source_line,
    spec_id,
    view_of,
    with_figures,
    without,
    written,
)

from cenfigures.app.present import SLIDE_TEXT_SCALE
from cenfigures.charts import indicator_series, types
from cenfigures.charts.kit import (
    LEGEND_UNITS,
    PHONE_CHART_PX,
    SealedFigure,
    enlarge,
    fill,
    nice_ticks,
    seal,
    takeaway,
    value_axis,
    value_label,
)
from cenfigures.charts.types.levels import rounded_rate
from cenfigures.view import facts
from cenfigures.view.linebreak import display_units
from cenfigures.view.model import ChartSpec, source_ids

SPECS = declared()
# Charts whose points are figures (the map counts figures per region; the timeline draws events).
FIGURE_SPECS = [spec for spec in SPECS if spec.type not in ("map", "timeline")]

# How each kind is drawn: (a bar's fill, a point's marker symbol). Observed is solid, a target
# hollow (an aim, not a measurement), a derived value hatched or an open dot (computed, not stated).
DRAWN_AS = {
    "observed": ("solid", "circle"),
    "rank": ("solid", "circle"),
    "cagr": ("solid", "circle"),
    "change": ("solid", "triangle-up"),
    "target": ("hollow", "diamond-open"),
    "derived": ("hatched", "circle-open-dot"),
}

# Filter states a page may be in (by the filter registry's keys).
STATES = {
    "none": {},
    "targets": {"kind": ("target",)},
    "observed": {"kind": ("observed",)},
    "derived": {"kind": ("derived",)},
    "hebei": {"region": ("hebei",)},
    "guangzhou": {"region": ("guangzhou",)},
    "year-2020": {"years": (2020, 2020)},
    "uhd-topic": {"topic": ("uhd_video",)},
}
# Filters that leave no figure and no event on any chart.
NOTHING = {"hubei": {"region": ("hubei",)}, "year-1990": {"years": (1990, 1990)}}

HOSTILE = "<img src=x onerror=alert(1)>&<b>"


def tables_of(dataset: str):
    return DATASETS[dataset]()


def spec_in(dataset: str, spec: ChartSpec) -> ChartSpec:
    return find_spec(spec.page, spec.id, tables_of(dataset))


def figure_ids_of(chart, tables=SEED_TABLES) -> list[str]:
    known = set(tables["figures"]["figure_id"])
    return [i for i in chart.figure_ids if i in known]


# ---------------------------------------------------------------- the numbers drawn


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("spec", FIGURE_SPECS, ids=spec_id)
@pytest.mark.parametrize("dataset", list(DATASETS))
def test_points_are_the_figures_the_selectors_pick_at_their_values(dataset, spec, lang):
    tables = tables_of(dataset)
    spec = spec_in(dataset, spec)
    view = view_of(tables, lang)
    chart = types.build(view, spec)
    expected = related_rows(view, spec).set_index("figure_id")
    charted = figure_ids_of(chart, tables)
    assert len(charted) == len(set(charted))
    assert set(charted) <= set(expected.index), "the chart's figures are ones its selectors pick"
    assert set(view.select(spec.select)["figure_id"]) <= set(charted), "every figure its main selector picks"
    drawn = points(chart.figure)
    assert drawn, "a chart with figures draws points"
    for point in drawn:
        assert point.figure_id in expected.index, point.figure_id
        value = float(expected.loc[point.figure_id, "value"])
        assert point.value is not None and math.isclose(point.value, value, rel_tol=1e-9), (
            point.figure_id,
            point.value,
            value,
        )
    words = flat(written(chart.figure) + chart.takeaway)
    for figure_id in charted:
        if figure_id not in {p.figure_id for p in drawn}:  # a rate beside a level, a gap: stated in words
            row = expected.loc[figure_id]
            stated = {flat(value_label(view, {**row.to_dict(), "figure_id": figure_id}))}
            if row["unit"] == "percent":  # a compound rate is said to the precision its inputs support
                stated.add(flat(f"{rounded_rate(float(row['value']))}%"))
            assert any(words_for in words for words_for in stated), figure_id


@pytest.mark.parametrize("spec", FIGURE_SPECS, ids=spec_id)
@pytest.mark.parametrize("dataset", list(DATASETS))
def test_each_kind_is_drawn_as_itself(dataset, spec):
    tables = tables_of(dataset)
    chart = build(spec_in(dataset, spec), "en", tables)
    kinds = tables["figures"].set_index("figure_id")["kind"]
    for point in points(chart.figure):
        kind = kinds[point.figure_id]
        fill_, symbol = DRAWN_AS[kind]
        assert point.style[1] == (fill_ if point.trace.type == "bar" else symbol), (point.figure_id, kind, point.style)


def test_observed_target_and_derived_never_look_alike():
    fills = {DRAWN_AS[kind][0] for kind in ("observed", "target", "derived")}
    symbols = {DRAWN_AS[kind][1] for kind in ("observed", "target", "derived")}
    assert len(fills) == len(symbols) == 3
    seen: dict[str, set] = {}
    kinds = SEED_TABLES["figures"].set_index("figure_id")["kind"]
    for spec in FIGURE_SPECS:
        for point in points(build(spec, "en").figure):
            seen.setdefault(kinds[point.figure_id], set()).add(point.style)
    assert {"observed", "target", "derived"} <= set(seen), "the seed's charts draw all three kinds"
    assert (
        not seen["observed"] & seen["target"]
        and not seen["observed"] & seen["derived"]
        and not seen["target"] & seen["derived"]
    )


@pytest.mark.parametrize("spec", FIGURE_SPECS, ids=spec_id)
@pytest.mark.parametrize("dataset", list(DATASETS))
def test_no_point_hides_another(dataset, spec):
    """Two figures at the same place (two indicators both 8th in 2020; two articles stating the
    same 71% for 2020) are drawn side by side, each with its own hover."""
    chart = build(spec_in(dataset, spec), "en", tables_of(dataset))
    places = [
        (p.trace.type, p.trace.orientation, str(p.trace.x[p.index]), str(p.trace.y[p.index]))
        for p in points(chart.figure)
        if p.trace.type == "scatter"
    ]
    assert len(places) == len(set(places)), places


def _twin(row: pd.Series, kind: str) -> pd.DataFrame:
    twin = row.copy()
    twin["figure_id"] = f"{row['figure_id']}-as-{kind}"
    twin["kind"] = kind
    twin["value"] = float(row["value"]) * 1.5
    twin["value_as_stated"] = ""
    return twin.to_frame().T


# Charts whose selectors let any kind through: a target or derived figure of the same attributes
# lands on them and must be drawn as a target or a derived value, not as data.
KIND_OPEN = [spec for spec in FIGURE_SPECS if "kind" not in spec.select]
ONE_FIGURE_TYPES = ("cagr_multiple", "speed_and_events")  # one figure drawn big


@pytest.mark.parametrize("kind", ["target", "derived"])
@pytest.mark.parametrize("spec", KIND_OPEN, ids=spec_id)
def test_a_target_or_derived_figure_that_lands_on_a_chart_is_drawn_as_such(spec, kind):
    """...or, on a chart that draws one figure big (the CAGR, the train's speed), left out
    entirely: a figure cited but not drawn would be in the CSV and the source line, unseen."""
    twin = _twin(view_of().select(spec.select).iloc[-1], kind)
    twin_id = twin.iloc[0]["figure_id"]
    chart = types.build(view_of(with_figures(SEED_TABLES, twin), "en"), spec)
    mine = [p for p in points(chart.figure) if p.figure_id == twin_id]
    fill_, symbol = DRAWN_AS[kind]
    for point in mine:
        assert point.style[1] == (fill_ if point.trace.type == "bar" else symbol), (kind, point.style)
    assert bool(mine) == (twin_id in chart.figure_ids) == (spec.type not in ONE_FIGURE_TYPES)


# ---------------------------------------------------------------- hover text


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("spec", FIGURE_SPECS, ids=spec_id)
@pytest.mark.parametrize("dataset", list(DATASETS))
def test_every_point_hovers_with_value_as_stated_quote_article_and_id(dataset, spec, lang):
    tables = tables_of(dataset)
    view = view_of(tables, lang)
    chart = types.build(view, spec_in(dataset, spec))
    rows = tables["figures"].set_index("figure_id", drop=False)
    for point in points(chart.figure):
        row = rows.loc[point.figure_id]
        hover = flat(point.hover)
        assert flat(html.escape(view.t.value(row))) in hover, point.figure_id
        if row["value_as_stated"]:
            assert flat(html.escape(view.t.labelled(view.t("chart.hover.stated"), row["value_as_stated"]))) in hover, (
                point.figure_id
            )
        if row["quote"]:
            assert flat(html.escape(row["quote"])) in hover, point.figure_id
        else:
            assert flat(html.escape(row["formula"])) in hover, point.figure_id
        assert flat(html.escape(view.source_name(row["source_id"]))) in hover, point.figure_id
        assert flat(html.escape(point.figure_id)) in hover


@pytest.mark.parametrize("spec", FIGURE_SPECS, ids=spec_id)
def test_hover_text_escapes_the_articles_words(spec):
    """Quotes, stated values, labels and notes are the articles' text: plotly would render their
    markup, so the hover escapes them."""
    figures = SEED_TABLES["figures"].copy()
    hostile = {
        column: figures[column].astype(str) + HOSTILE
        for column in ("quote", "value_as_stated", "note_zh", "note_en", "formula")
    }
    figures = figures.assign(**hostile)
    for lang in LANGS:
        chart = types.build(view_of({**SEED_TABLES, "figures": figures}, lang), spec)
        drawn = points(chart.figure)
        assert drawn
        for point in drawn:
            assert "<img" not in point.hover and "&lt;img src=x onerror=alert(1)&gt;&amp;&lt;b&gt;" in point.hover, (
                point.figure_id
            )


# ---------------------------------------------------------------- the source line


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("spec", SPECS, ids=spec_id)
@pytest.mark.parametrize("dataset", list(DATASETS))
def test_source_line_names_the_articles_never_ids(dataset, spec, lang):
    tables = tables_of(dataset)
    view = view_of(tables, lang)
    chart = types.build(view, spec_in(dataset, spec))
    articles = chart.sources
    assert articles and set(source_ids(chart.rows)) <= set(articles)
    expected = view.t("chart.source", sources=view.t.listing(view.source_name(s) for s in articles))
    drafts = set(tables["figures"].loc[tables["figures"]["reviewed"].astype(str) == "false", "figure_id"])
    drafts |= set(tables["events"].loc[tables["events"]["reviewed"].astype(str) == "false", "event_id"])
    if drafts & set(chart.figure_ids):  # what the star on a draft's value means, in the exported image too
        expected += view.t("review.footnote")
    assert flat(source_line(chart.figure)) == flat(expected)
    lines = source_annotation(chart.figure).text.split("<br>")
    for article in articles:  # a name is never broken over two lines
        assert any(html.escape(view.source_name(article), quote=False) in line for line in lines), (article, lines)
    every_id = set(tables["figures"]["figure_id"]) | set(tables["events"]["event_id"])
    assert not [i for i in every_id if i in source_line(chart.figure)], "ids belong in the CSV, not the source line"


# Charts that draw figures of two articles once the fixture articles are in: their source line names
# both, and the takeaway says the figures come from two articles.
TWO_ARTICLES = [
    ("digitization", "targets"),
    ("digitization", "ranks"),
    ("uhd_video", "penetration_4k"),
    ("uhd_video", "guangzhou_targets"),
]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page, chart_id", TWO_ARTICLES)
def test_a_chart_of_two_articles_cites_both(page, chart_id, lang):
    tables = corpus_tables()
    view = view_of(tables, lang)
    chart = types.build(view, find_spec(page, chart_id, tables))
    assert len(chart.sources) == 2
    for source in chart.sources:
        assert flat(view.source_name(source)) in flat(source_line(chart.figure))
    assert view.t("chart.several_sources", count=2) in chart.takeaway


# ---------------------------------------------------------------- words of a chart


@pytest.mark.parametrize("state", list(STATES))
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("spec", SPECS, ids=spec_id)
def test_titles_and_takeaways_speak_the_language_filled(spec, lang, state):
    chart = build(spec, lang, **STATES[state])
    title = chart.figure.layout.title.text
    for words in (chart.title, title, chart.takeaway):
        assert words and not PLACEHOLDER.search(words), words
        assert bool(CJK.search(words)) == (lang == "zh"), words
    assert flat(html.escape(chart.title, quote=False)) == flat(title)


# The figures whose values each chart's takeaway states, computed from the rows (as the reader
# sees them: "about 183%", "+5 places", "超过2500亿元").
TAKEAWAY_STATES = {
    "digitization.targets": ["hebei-digitized-business-share-2025", "hebei-nc-rate-2025"],
    "digitization.ranks": [
        "hebei-integration-rank-2015",
        "hebei-integration-rank-2020",
        "hebei-integration-rank-change-2015-2020",
    ],
    "digitization.indices": [
        "hebei-ii-growth-index-2020",
        "national-ii-growth-index-2020",
        "hebei-ii-growth-index-gap-2020",
        "hebei-ii-growth-index-ratio-2020",
    ],
    "digitization.counts": [
        "hebei-5g-base-stations-2016-2020",
        "hebei-industrial-internet-platforms-2016-2020",
        "hebei-innovation-pilot-projects-2016-2020",
        "hebei-internet-plus-manufacturing-pilots-2016-2020",
        "hebei-smart-manufacturing-benchmarks-2016-2020",
        "hebei-digital-workshops-2016-2020",
    ],
    "digitization.penetration": [
        "hebei-rd-tool-penetration-2016",
        "hebei-rd-tool-penetration-2020",
        "hebei-rd-tool-penetration-change-2016-2020",
    ],
    "uhd_video.penetration_4k": [
        "tv-4k-penetration-2015",
        "tv-4k-penetration-2020",
        "tv-4k-penetration-gain-2015-2020",
        "tv-4k-penetration-cagr-2015-2020",
    ],
    "uhd_video.retail_8k": ["tv-8k-retail-volume-cagr-2019-2021", "tv-8k-retail-volume-multiple-2019-2021"],
    "uhd_video.guangzhou_targets": [
        "guangzhou-uhd-display-output-2023",
        "guangzhou-uhd-content-industry-2023",
        "guangzhou-av-device-output-2023",
        "guangzhou-innovation-centres-2023",
        "guangzhou-rd-intensity-2023",
        "guangzhou-uhd-program-hours-2023",
        "guangzhou-uhd-households-2023",
    ],
    "uhd_video.plans": [
        "guangzhou-plan-goals-2021-2023",
        "guangzhou-plan-task-areas-2021-2023",
        "guangzhou-plan-tasks-2021-2023",
        "bai-cheng-qian-ping-ministries",
    ],
    "uhd_video.broadcast_hours": [
        "cctv16-daily-broadcast-hours",
        "btv-8k-channel-daily-hours",
        "btv-8k-original-programming-hours",
    ],
    "olympics_5g.uplink": ["olympics-4k-uplink-required", "olympics-venue-5g-rate"],
    "olympics_5g.streams": ["olympics-4k-streams-stated", "olympics-4k-streams-derived"],
    "olympics_5g.train_studio": ["olympics-train-studio-speed"],
    "regions.meeting_figures": ["xinjiang-key-industries"],
}


def test_every_chart_with_figures_has_a_takeaway_row():
    assert set(TAKEAWAY_STATES) == {spec_id(spec) for spec in FIGURE_SPECS}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("spec", FIGURE_SPECS, ids=spec_id)
def test_takeaway_states_the_values_and_follows_them(spec, lang):
    view = view_of(lang=lang)
    chart = types.build(view, spec)
    rows = SEED_TABLES["figures"].set_index("figure_id", drop=False)
    for figure_id in TAKEAWAY_STATES[spec_id(spec)]:
        row = rows.loc[figure_id]
        stated = [value_label(view, row)]
        if str(row["indicator_id"]).endswith("_cagr"):  # a compound rate: to two significant figures
            stated.append(f"{rounded_rate(float(row['value']))}%")
        assert any(words in chart.takeaway for words in stated), (figure_id, chart.takeaway)
    # a different number in the data gives a different sentence
    changed = SEED_TABLES["figures"].copy()
    changed.loc[changed["figure_id"] == TAKEAWAY_STATES[spec_id(spec)][0], "value"] *= 2
    assert types.build(view_of({**SEED_TABLES, "figures": changed}, lang), spec).takeaway != chart.takeaway


# ---------------------------------------------------------------- filters


@pytest.mark.parametrize("state", list(NOTHING))
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("spec", SPECS, ids=spec_id)
def test_filters_that_leave_nothing_give_an_empty_chart(spec, lang, state):
    view = view_of(lang=lang, **NOTHING[state])
    assert view.figures.empty and view.events.empty
    chart = types.build(view, spec)
    assert chart.rows.empty and chart.figure_ids == () and chart.sources == ()
    assert not points(chart.figure)
    assert chart.takeaway == view.t("app.no_rows")
    assert chart.title and not PLACEHOLDER.search(chart.title)


def test_empty_tables_give_an_empty_chart():
    empty = {name: frame.iloc[0:0] for name, frame in SEED_TABLES.items() if name != "charts"}
    for spec in SPECS:
        chart = types.build(view_of({**empty, "charts": SEED_TABLES["charts"]}), spec)
        assert chart.rows.empty and chart.figure_ids == (), spec_id(spec)


@pytest.mark.parametrize("spec", FIGURE_SPECS, ids=spec_id)
def test_a_figure_taken_out_leaves_the_chart(spec):
    chart = build(spec, "en")
    for figure_id in figure_ids_of(chart):
        part = types.build(view_of(without(SEED_TABLES, [figure_id]), "en"), spec)
        assert figure_id not in part.figure_ids
        assert figure_id not in {p.figure_id for p in points(part.figure)}


@pytest.mark.parametrize("state", ["targets", "observed", "derived", "hebei", "guangzhou", "year-2020"])
@pytest.mark.parametrize("spec", FIGURE_SPECS, ids=spec_id)
def test_filters_narrow_the_points_to_the_figures_they_let_through(spec, state):
    view = view_of(lang="en", **STATES[state])
    chart = types.build(view, spec)
    allowed = set(view.figures["figure_id"])
    assert set(figure_ids_of(chart)) <= allowed
    assert {p.figure_id for p in points(chart.figure)} <= allowed


# ---------------------------------------------------------------- every figure has a chart


def _topics_with_charts() -> list[str]:
    return list(dict.fromkeys(spec.page for spec in SPECS if spec.page in set(SEED_TABLES["topics"]["topic_id"])))


@pytest.mark.parametrize("topic", _topics_with_charts())
def test_every_figure_of_a_topic_is_on_its_page(topic):
    charted = set().union(*(figure_ids_of(build(spec)) for spec in SPECS if spec.page == topic))
    figures = SEED_TABLES["figures"]
    assert charted == set(figures.loc[figures["topic"] == topic, "figure_id"])


def test_study_meeting_figures_are_on_the_regions_page():
    figures = SEED_TABLES["figures"]
    charted = set().union(*(figure_ids_of(build(spec)) for spec in SPECS if spec.page == "regions"))
    assert set(figures.loc[figures["topic"] == "study_meetings", "figure_id"]) <= charted


# ---------------------------------------------------------------- the sealed figure


@pytest.mark.parametrize("spec", SPECS, ids=spec_id)
def test_a_sealed_chart_sends_the_same_figure_and_makes_its_dict_once(spec):
    chart = build(spec, "en")
    before = json.loads(pio.to_json(go.Figure(chart.figure), validate=False))
    sealed = seal(chart)
    assert isinstance(sealed.figure, SealedFigure)
    first = sealed.figure.to_dict()
    assert sealed.figure.to_dict() is first  # no deep copy on later reruns
    assert json.loads(pio.to_json(first, validate=False)) == before
    assert json.loads(sealed.figure.to_json()) == before


@pytest.mark.parametrize("spec", SPECS[:3], ids=spec_id)
def test_the_json_streamlit_sends_for_a_sealed_chart_is_kept_and_is_plotlys_own(spec):
    import plotly.tools

    chart = build(spec, "en")
    before = json.loads(pio.to_json(go.Figure(chart.figure), validate=False))
    figure = seal(chart).figure
    # What st.plotly_chart does (Streamlit 1.67): the figure's dict, then plotly.io.to_json(validate=False).
    sent = plotly.tools.return_figure_from_figure_or_data(figure, validate_figure=True)
    kept = pio.to_json(sent, validate=False)
    assert pio.to_json(sent, validate=False) is kept  # kept, not encoded again
    plain = pio.to_json(dict(sent), validate=False)  # another dict, the same content: encoded by plotly
    assert plain is not kept and plain == kept and json.loads(kept) == before
    assert pio.to_json(sent, validate=False, pretty=True) != kept  # other requests are plotly's


# ---------------------------------------------------------------- the kit's pieces


@pytest.mark.parametrize(
    "template, values, expected",
    [
        ("{region}{last_year}年目标", {"region": "河北", "last_year": 2025}, "河北2025年目标"),
        (
            "{region}'s {last_year} targets",
            {"region": "Hebei", "last_year": None},
            None,
        ),  # a value the data cannot supply
        ("{region} and {gap}", {"region": "Hebei"}, None),
        ("no values", {}, "no values"),
        ("", {"region": "Hebei"}, None),
    ],
)
def test_fill_gives_none_when_a_value_is_missing(template, values, expected):
    assert fill(template, values) == expected


@pytest.mark.parametrize("lang", LANGS)
def test_a_takeaway_whose_values_are_missing_falls_back_to_the_listing(lang):
    spec = find_spec("digitization", "indices")
    view = view_of(lang=lang)
    rows = view.select(spec.select)
    words = takeaway(view, spec, rows, {"items": "A；B" if lang == "zh" else "A; B"})  # no {value}, {gap}, ...
    assert words == view.t.sentence("A；B" if lang == "zh" else "A; B")
    assert takeaway(view, spec, rows.iloc[0:0], {}) == view.t("app.no_rows")


@pytest.mark.parametrize(
    "top, expected",
    [(0, [0.0]), (1, [0.0, 0.25, 0.5, 0.75, 1.0, 1.25]), (60, [0, 20, 40, 60, 80]), (23000, [0, 10000, 20000, 30000])],
)
def test_nice_ticks_are_round_and_reach_the_top(top, expected):
    ticks = nice_ticks(top)
    assert ticks == pytest.approx(expected)
    assert ticks[-1] >= top


@pytest.mark.parametrize("lang, expected", [("zh", "2万"), ("en", "20,000")])
def test_value_axis_writes_numbers_as_the_language_does(lang, expected):
    figure = go.Figure(go.Bar(x=[23000], y=["a"], orientation="h"))
    value_axis(figure, view_of(lang=lang), 23000)
    assert expected in figure.layout.xaxis.ticktext
    assert not any(str(text).endswith("k") for text in figure.layout.xaxis.ticktext)


# ---------------------------------------------------------------- the indicators page's chart


def _indicators(tables) -> list[str]:
    return sorted(i for i in set(tables["figures"]["indicator_id"]) if i)


@pytest.mark.parametrize("indicator", _indicators(corpus_tables()))
def test_an_indicator_over_the_articles_draws_each_of_its_facts_once_apart(indicator):
    """One indicator across articles (cenfigures/charts/indicator_series.py): every fact at its value
    (a value several articles give is one point, its hover naming each of them), none on another;
    every figure is cited."""
    tables = corpus_tables()
    view = view_of(tables, "en")
    chart = indicator_series.build(view, indicator)
    figures = tables["figures"][tables["figures"]["indicator_id"] == indicator]
    drawn = points(chart.figure)
    assert sorted(p.figure_id for p in drawn) == sorted(facts.facts(figures)["figure_id"])
    assert sorted(chart.figure_ids) == sorted(figures["figure_id"])
    stated = facts.keyed(figures).set_index("figure_id")
    figures = figures.set_index("figure_id")
    for point in drawn:
        assert math.isclose(point.value, float(figures.loc[point.figure_id, "value"]))
        statement = stated["statement"] == stated.loc[point.figure_id, "statement"]
        for source in set(figures.loc[statement, "source_id"]):
            assert flat(html.escape(view.source_name(source))) in flat(point.hover)
    # what two articles give differently for one region and year (30.8% and 31.2%) stands apart
    places = [(figures.loc[p.figure_id, "region_id"], round(float(p.trace.x[p.index]), 6)) for p in drawn]
    assert len(places) == len(set(places))


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("spec", SPECS, ids=spec_id)
def test_a_slide_wraps_legend_and_axis_titles_shorter_for_its_larger_text(spec, lang):
    """Presentation mode enlarges a chart's text (kit.enlarge): its legend entries are wrapped shorter
    by as much and its axis titles to the plot's width on a phone, or they ran off a phone's screen
    (the ranks slide's legend cut at the right, the train studio's axis title at the left, the counts
    slide's log-scale title at the right)."""
    chart = build(spec, lang)
    if chart is None:
        return
    big = enlarge(chart.figure, SLIDE_TEXT_SCALE)
    for trace in big.data:
        if trace.name and getattr(trace, "showlegend", None) is not False:
            for line in html.unescape(trace.name).split("<br>"):
                assert display_units(line) <= max(
                    int(LEGEND_UNITS / SLIDE_TEXT_SCALE**2), max(map(display_units, line.split()), default=0)
                ), line
    # Axis titles fit the plot's width on a phone at the slide's type (centred on the plot, a wider one
    # ran off the phone's edge), at a CJK character's width per two units.
    for figure in (chart.figure, big):
        margin, size = figure.layout.margin, figure.layout.font.size
        room = int((PHONE_CHART_PX - margin.l - margin.r) / (size / 2))
        for axis in figure.select_xaxes():
            for line in html.unescape(axis.title.text or "").split("<br>"):
                assert display_units(line) <= max(room, max(map(display_units, line.split()), default=0)), (line, room)
    assert "  " not in " ".join(str(t.name) for t in big.data if t.name)  # a rewrap adds no double space
