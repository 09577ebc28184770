"""The ranks and the 5G uplink charts of a corpus on many regions (issue 23): the ranks chart draws
a few regions' lines in colour and the rest as one grey trace, counted under the plot; the uplink
chart gives every bar a row of its own, named by region and period, and grows with its bars. Both
build their plotly figure in one call per kind of thing (traces, annotations, lines), so the
build does not grow with plotly's per-call cost. The corpus is bench/prep_scale.py's "mix" (a third
of the copies on other provinces, a third on later years)."""

from __future__ import annotations

import functools
import html
import tempfile
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import pytest

from bench.prep_scale import make_corpus
from cenfigures.charts import types
from cenfigures.charts.kit import marks
from cenfigures.charts.types.capacity import HEIGHT_PX
from cenfigures.charts.types.ranks import coloured_regions, label_sides, labelled
from cenfigures.prep.build import build
from cenfigures.tables.dataset import load_dataset
from cenfigures.view.colors import NEUTRAL
from cenfigures.view.filters import state_of
from cenfigures.view.labels import text
from cenfigures.view.model import View, chart_specs

COPIES = 9  # copies 2, 5 and 8 are on three other provinces
LANGS = ("zh", "en")


@functools.cache
def tables(copies: int) -> dict[str, pd.DataFrame]:
    folder = Path(tempfile.mkdtemp(prefix=f"cenfigures-mix-{copies}-"))
    make_corpus(copies, folder / "seeds", mix="mix")
    build(folder / "seeds", folder / "data", use_cache=False)
    return dict(load_dataset(folder / "data").all_tables())


def spec(chart_id: str, copies: int = COPIES):
    return next(s for s in chart_specs(tables(copies)["charts"]) if s.id == chart_id)


def chart(chart_id: str, lang: str = "zh", copies: int = COPIES, **filters):
    return types.build(View(tables(copies), state_of(lang, **filters)), spec(chart_id, copies))


# ---------------------------------------------------------------- the rules, as tables


@pytest.mark.parametrize(
    "lines, most, first, expected",
    [
        # every line fits: every region in colour, whatever else
        ([("a", 1), ("a", 1), ("b", 9)], 3, "", {"a": True, "b": True}),
        # past the limit: the regions stated by the most articles, while their lines fit
        ([("a", 1), ("a", 1), ("b", 5), ("b", 5), ("c", 5)], 3, "", {"a": False, "b": True, "c": True}),
        # the declared region (the page's own) first, however few articles state it
        ([("a", 1), ("a", 1), ("b", 5), ("b", 5), ("c", 5)], 3, "a", {"a": True, "b": False, "c": False}),
        # the first region in colour even when its lines alone are past the limit
        ([("a", 9)] * 5 + [("b", 1)], 3, "", {"a": True, "b": False}),
        # a region that does not fit ends the colours: a smaller one after it stays grey
        ([("a", 9)] * 3 + [("b", 5)] * 2 + [("c", 1)], 4, "", {"a": True, "b": False, "c": False}),
        # ties: the order the regions first appear
        ([("c", 3), ("a", 3), ("b", 3)], 2, "", {"c": True, "a": True, "b": False}),
        # a declared region the chart does not draw changes nothing
        ([("a", 1), ("b", 5), ("c", 3)], 2, "zz", {"a": False, "b": True, "c": True}),
    ],
)
def test_which_regions_are_drawn_in_colour(lines, most, first, expected):
    frame = pd.DataFrame(lines, columns=["region_id", "articles"])
    assert coloured_regions(frame, most, first).to_dict() == expected


@pytest.mark.parametrize(
    "position, size, offset, side, shown",
    [
        (0, 1, 0.0, "middle right", True),  # a lone point: its label on the right
        (0, 1, -0.25, "middle left", True),  # moved left of its year: on the left
        (0, 2, 0.0, "middle left", True),  # a line's first point: off the line, on the left
        (1, 2, 0.0, "middle right", True),  # its last: on the right
        (1, 3, 0.0, "top center", True),  # a short line's point between: above
        (0, 5, 0.25, "middle right", False),  # a long line's first point moved right: the other's label
        (0, 5, -0.25, "middle left", True),  # ... moved left: labelled, on the left
        (4, 5, -0.25, "middle left", False),  # its last point moved left: the other's label
        (4, 5, 0.25, "middle right", True),  # ... moved right: labelled, on the right
        (0, 2, 0.25, "middle right", True),  # a short line: every point labelled, wherever moved
        (2, 5, 0.0, "top center", False),  # a long line's points between: not labelled
        (4, 5, 0.0, "middle right", True),  # its last: labelled
        (3, 4, 0.0, "middle right", True),  # a line of four: every point labelled
        (1, 4, 0.0, "top center", True),
    ],
)
def test_where_a_rank_point_is_labelled(position, size, offset, side, shown):
    position, size, offset = pd.Series([position]), pd.Series([size]), pd.Series([offset])
    assert label_sides(position, size, offset).tolist() == [side]
    assert labelled(position, size, offset).tolist() == [shown]


# ---------------------------------------------------------------- the ranks chart of many regions


@pytest.mark.parametrize("lang", LANGS)
def test_ranks_of_many_regions_draw_the_declared_region_in_colour_and_the_rest_grey(lang):
    made = chart("ranks", lang)
    view = View(tables(COPIES), state_of(lang))
    drawn = marks(view, spec("ranks").select)
    declared = spec("ranks").options
    coloured = [t for t in made.figure.data if t.showlegend is not False]
    grey = [t for t in made.figure.data if t.showlegend is False]
    own = drawn[drawn["region_id"] == declared["region"]]
    own_lines = own["series"].nunique()
    assert drawn["region_id"].nunique() > 1 and len(drawn.drop_duplicates(["series", "region_id"])) > declared["lines"]
    assert len(coloured) == own_lines <= declared["lines"]
    assert all(t.name.startswith(view.region_name(declared["region"])) for t in coloured)
    assert len(grey) == 1 and grey[0].text is None and grey[0].mode == "lines+markers"
    # Every rank fact is drawn, in colour or grey.
    assert {i for t in made.figure.data for i in t.customdata if i is not None} == set(drawn["figure_id"])
    others = drawn[drawn["region_id"] != declared["region"]]
    expected = text(
        "chart.ranks.grey_pick",
        lang,
        count=len(others.drop_duplicates(["series", "region_id"])),
        regions=text("count.regions", lang, count=others["region_id"].nunique()),
        filter=text("filter.region", lang),
    )
    note = next(a.text for a in made.figure.layout.annotations if a.name == "note-line")
    assert "".join(html.unescape(note.replace("<br>", "")).split()) == "".join(expected.split())
    assert made.figure.layout.meta["finish"]["height"] == 420 + 10 * own_lines  # grows with the coloured lines


def test_ranks_of_the_regions_a_reader_picks_are_all_in_colour():
    regions = marks(View(tables(COPIES), state_of("zh")), spec("ranks").select)["region_id"]
    picked = ("hebei", *sorted(set(regions) - {"hebei"})[:2])
    made = chart("ranks", region=picked)
    view = View(tables(COPIES), state_of("zh"))
    assert all(t.showlegend is not False for t in made.figure.data)  # no grey trace
    assert {t.name.split(" · ")[0] for t in made.figure.data} == {view.region_name(r) for r in picked}
    assert not any(a.name == "note-line" for a in made.figure.layout.annotations)


# ---------------------------------------------------------------- the uplink chart of many regions


@pytest.mark.parametrize("lang", LANGS)
def test_uplink_bars_each_have_a_row_named_by_region_and_period(lang):
    made = chart("uplink", lang)
    view = View(tables(COPIES), state_of(lang))
    drawn = marks(view, spec("uplink").select).set_index("figure_id")
    bars = made.figure.data[0]
    assert len(bars.y) == len(set(bars.y)) == len(drawn)  # no two bars in one row
    shown = drawn.loc[list(bars.customdata)]
    for label, region, period in zip(bars.y, shown["region_name"], shown["period"]):
        assert label.replace("<br>", "").startswith(text("chart.region_period", lang, region=region, period=period))
    # Needs grey, capacities in their region's colour.
    need = (shown["indicator_id"] == spec("uplink").options["need"]).to_numpy()
    colors = pd.Series(list(bars.marker.color))
    assert need.any() and set(colors[need]) == {NEUTRAL} and NEUTRAL not in set(colors[~need])
    assert len([a for a in made.figure.layout.annotations if a.name == "bar-value"]) == len(bars.y)
    # A row of at least 40 px a bar: the chart grows with its bars.
    assert made.figure.layout.meta["finish"]["height"] >= 40 * len(bars.y) > HEIGHT_PX


def test_uplink_of_one_article_keeps_its_height_and_plain_names():
    made = chart("uplink", copies=1)
    assert made.figure.layout.meta["finish"]["height"] == HEIGHT_PX
    assert all("（" not in label and "·" not in label for label in made.figure.data[0].y)


# ---------------------------------------------------------------- built in one call per kind


@pytest.mark.parametrize("chart_id", ["ranks", "uplink"])
def test_plotly_calls_do_not_grow_with_the_corpus(chart_id, monkeypatch):
    """plotly's add_annotation copies every annotation before it, add_vline every shape, and each
    add_scatter validates the figure again: a chart of many marks built with one call per mark
    took seconds (issue 23). A build of many marks makes as few calls as one of a few (the frame
    around the chart adds its source line, and a note under the plot when there is one)."""
    counted = ("add_annotation", "add_vline", "add_shape", "add_scatter", "add_trace", "add_traces", "add_bar")

    def calls(copies: int) -> dict[str, int]:
        seen = dict.fromkeys(counted, 0)
        for name in counted:
            original = getattr(go.Figure, name)

            def counting(self, *args, _name=name, _original=original, **kwargs):
                seen[_name] += 1
                return _original(self, *args, **kwargs)

            monkeypatch.setattr(go.Figure, name, counting)
        chart(chart_id, copies=copies)
        monkeypatch.undo()
        return seen

    one, many = calls(1), calls(COPIES)
    marks_drawn = sum(len(trace.x) for trace in chart(chart_id).figure.data)
    assert marks_drawn > 10 and all(count <= 2 for count in [*one.values(), *many.values()]), (one, many)
