"""Honest numbers on the charts (issue 25): what a derived mark is, said in the legend; a compound
rate of a share said as the share's growth, rounded to what its inputs support."""

from __future__ import annotations

import re

import pytest
from chart_reading import LANGS, build, declared, spec_id

from cenfigures.charts.types.levels import rounded_rate, yearly_factor
from cenfigures.view.translate import Translator

SPECS = declared()


def _hatched(trace) -> bool:
    pattern = getattr(getattr(trace, "marker", None), "pattern", None)
    shape = pattern.shape if pattern is not None else None
    return any(shape) if isinstance(shape, tuple | list) else bool(shape)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("spec", SPECS, ids=spec_id)
def test_every_hatched_mark_has_a_legend_entry(spec, lang):
    """Item 3: hatching (derived) is said in the legend: by the hatched trace itself, or by the kit's
    legend entry for hatching (the 8K multiple, the uplink's derived bar had none)."""
    figure = build(spec, lang).figure
    hatched = [trace for trace in figure.data if _hatched(trace)]
    if hatched:
        in_legend = [trace for trace in hatched if trace.showlegend is not False]
        assert in_legend, (spec.page, spec.id)
        t = Translator(lang)
        names = [re.sub(r"<br>\s*", " " if lang == "en" else "", trace.name or "") for trace in in_legend]
        assert any(t.kind("derived") in name or name == t("chart.hatched_legend") for name in names), names


@pytest.mark.parametrize("lang", LANGS)
def test_4k_penetration_says_what_each_number_is(lang):
    """Item 3: '+40.2个百分点 / 年均18.18%' read as 18 points a year. The rate is the share's growth, to
    two significant figures, with the multiple it means; the change stays in points."""
    spec = next(s for s in SPECS if s.page == "uhd_video" and s.id == "penetration_4k")
    chart = build(spec, lang)
    t = Translator(lang)
    notes = [a.text for a in chart.figure.layout.annotations if a.name == "change-note"]
    assert len(notes) == 1
    note = notes[0]
    assert "18.18" not in note and "18.2" not in note
    assert t("chart.cagr_note", cagr="18%") in note
    assert t("chart.cagr_factor_note", factor="1.18") in note
    assert t.change(40.2, "percentage_point") in note
    assert "18.18" not in chart.takeaway and "1.18" in chart.takeaway
    hatched = [trace for trace in chart.figure.data if _hatched(trace)]
    assert len(hatched) == 1 and hatched[0].showlegend is True
    assert hatched[0].name.endswith(t.kind("derived"))


@pytest.mark.parametrize(
    ("percent", "rounded", "factor"),
    [
        (18.1793, "18", "1.18"),
        (183.0, "183", "2.83"),
        (6.44, "6.4", "1.06"),
        (0.512, "0.51", "1.01"),
        (-5.8, "-5.8", "0.94"),
    ],
)
def test_rates_are_rounded_to_two_significant_figures(percent, rounded, factor):
    assert rounded_rate(percent) == rounded
    assert yearly_factor(percent) == factor


# ---------------------------------------------------------------- item 4: the map


def _map(lang: str, **filters):
    from chart_reading import SEED_TABLES, view_of

    from cenfigures.charts import types

    spec = next(s for s in SPECS if s.type == "map")
    view = view_of(SEED_TABLES, lang, **filters)
    return view, types.build(view, spec)


@pytest.mark.parametrize("lang", LANGS)
def test_map_colour_is_the_number_of_figures_with_a_legend(lang):
    """Item 4: the fill is the count of figures on a sequential scale (not a colour per region), the
    legend says so; a named region without figures is white, the others grey."""
    from cenfigures.view.colors import FIGURE_COUNT_COLORS, NAMED_NO_FIGURES, figure_count_color

    view, chart = _map(lang)
    figure = chart.figure
    provinces = figure.data[0]
    palette = [color for index, (_, color) in enumerate(provinces.colorscale) if index % 2 == 0]
    counts = view.figures.groupby("region_id").size()
    regions = view.table("regions").set_index("region_id")
    seen = set()
    for location, z, region in zip(provinces.locations, provinces.z, provinces.customdata):
        fill = palette[int(z - 0.5)]
        if region:
            assert regions.loc[region, "map_zh"] == location
            assert fill == figure_count_color(int(counts.get(region, 0))), (region, fill)
            seen.add(fill)
        else:
            assert fill not in FIGURE_COUNT_COLORS and fill != NAMED_NO_FIGURES
    assert NAMED_NO_FIGURES in seen and len(seen & set(FIGURE_COUNT_COLORS)) >= 3
    legend = [trace.name for trace in figure.data if trace.showlegend]
    t = Translator(lang)
    assert t("regions.legend.one", first=1) in legend and t("regions.legend.not_named") in legend
    assert t("regions.legend.no_figure") in legend
    assert figure.layout.legend.title.text == t("regions.legend.title")


@pytest.mark.parametrize("lang", LANGS)
def test_map_labels_meet_aa_on_their_fill(lang):
    """Item 4: a label on its province's fill is dark or white, whichever meets 4.5:1 (新疆 was dark on maroon)."""
    from cenfigures.view.colors import contrast_ratio, figure_count_color

    view, chart = _map(lang)
    counts = view.figures.groupby("region_id").size()
    places = {trace.name for trace in chart.figure.data}
    assert "labels" in places
    regions = view.table("regions").set_index("region_id")
    for trace in chart.figure.data:
        if trace.name != "labels":
            continue
        for region in trace.customdata:
            if regions.loc[region, "level"] == "city":
                continue
            fill = figure_count_color(int(counts.get(region, 0)))
            ratio = contrast_ratio(trace.textfont.color, fill)
            moved = ratio < 4.5  # a label moved off its province (leader line) sits on grey or the sea
            assert not moved or contrast_ratio(trace.textfont.color, "#EEEEEE") >= 4.5, (region, ratio)


@pytest.mark.parametrize("lang", LANGS)
def test_map_takeaway_says_named_without_figures_when_no_filter_is_set(lang):
    """Item 4: with no filter, Hubei is 'named, no figure', not 'no data under the current filters'."""
    view, chart = _map(lang)
    t = Translator(lang)
    hubei = view.region_name("hubei")
    assert t("regions.map_no_figure", names=hubei) in chart.takeaway
    assert t("regions.map_empty", names=hubei) not in chart.takeaway
    _, filtered = _map(lang, region=("xinjiang",))
    assert t("regions.map_empty", names=view.region_name("hebei")).split("{")[0][:6] in filtered.takeaway
    assert chart.selects == "region"
