"""A corpus of N copies of the seed draws every chart as one copy does: one mark per fact, however
many articles state it (view/facts.py, charts/kit.py `marks`). The copies are bench/prep_scale.py's
(every id prefixed, every figure restated); the plotly figures are compared trace by trace, and
annotation by annotation, leaving out only what counts the articles (the hover names them, the
source line counts them)."""

from __future__ import annotations

import functools
import json
import tempfile
from pathlib import Path

import pandas as pd
import pytest

from bench.prep_scale import make_corpus
from cenfigures.charts import indicator_series, office, types
from cenfigures.prep.build import build
from cenfigures.tables.dataset import load_dataset
from cenfigures.view.filters import state_of
from cenfigures.view.model import View, chart_specs
from cenfigures.view.timeline import event_cards

COPIES = 4
LANGS = ("zh", "en")
COUNTED = {"zh": f"等{COPIES}篇报道", "en": f"and {COPIES - 2} more articles"}  # two named, the rest counted
# What a trace draws; its hover (the articles behind a mark) is left out.
DRAWN = ("type", "name", "x", "y", "base", "text", "customdata", "marker", "orientation", "mode", "lon", "lat", "z")


@functools.cache
def tables(copies: int) -> dict[str, pd.DataFrame]:
    folder = Path(tempfile.mkdtemp(prefix=f"cenfigures-copies-{copies}-"))
    make_corpus(copies, folder / "seeds")
    build(folder / "seeds", folder / "data", use_cache=False)
    return dict(load_dataset(folder / "data").all_tables())


def drawn(figure) -> tuple[list[dict], list[dict]]:
    """The traces (what they draw) and the annotations (but the source line) of a plotly figure."""
    data = json.loads(figure.to_json())  # plain lists and typed arrays: comparable
    traces = [{key: trace.get(key) for key in DRAWN} for trace in data["data"]]
    notes = [
        {key: value for key, value in a.items() if key != "hovertext"}
        for a in data["layout"].get("annotations", [])
        if a.get("name") != "source-line"
    ]
    return traces, notes


def declared() -> list:
    return [spec for spec in chart_specs(tables(1)["charts"]) if spec.type != "headline"]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("spec", declared(), ids=lambda spec: f"{spec.page}.{spec.id}")
def test_n_copies_draw_the_marks_of_one(spec, lang):
    one = types.build(View(tables(1), state_of(lang)), spec)
    many = types.build(View(tables(COPIES), state_of(lang)), spec)
    assert drawn(many.figure) == drawn(one.figure)
    assert many.title == one.title
    # Every figure behind the marks is cited and downloaded, from every copy.
    assert len(many.figure_ids) == COPIES * len(one.figure_ids)
    assert len(many.sources) == COPIES and len(one.sources) == 1


@pytest.mark.parametrize("lang", LANGS)
def test_the_source_line_counts_the_articles_and_the_hover_names_them(lang):
    spec = next(s for s in declared() if s.id == "targets")
    chart = types.build(View(tables(COPIES), state_of(lang)), spec)
    line = next(a.text for a in chart.figure.layout.annotations if a.name == "source-line").replace("<br>", "")
    assert COUNTED[lang] in line and line.count("2022-01") == 2, line
    assert COUNTED[lang] in chart.figure.data[0].hovertext[0]


@pytest.mark.parametrize("lang", LANGS)
def test_the_indicators_chart_and_the_event_cards_too(lang):
    one, many = View(tables(1), state_of(lang)), View(tables(COPIES), state_of(lang))
    for indicator in ("tv_4k_penetration", "nc_rate", "integration_index_rank"):
        assert drawn(indicator_series.build(many, indicator).figure) == drawn(
            indicator_series.build(one, indicator).figure
        )
    cards_one, cards_many = event_cards(one), event_cards(many)
    assert [(c.date, c.title) for c in cards_many] == [(c.date, c.title) for c in cards_one]
    assert all(COUNTED[lang] in c.cite for c in cards_many)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("spec", declared(), ids=lambda spec: f"{spec.page}.{spec.id}")
def test_a_slides_native_chart_holds_a_fact_once_however_many_articles_state_it(spec, lang):
    # The PowerPoint slide's chart and its data sheet draw what the page draws: a fact, not one
    # category per article (at 500 articles the deck failed: a label numbered past 99 was dropped).
    def native(copies: int) -> tuple:
        view = View(tables(copies), state_of(lang))
        charts, single = office.native_charts(view, types.build(view, spec).rows, spec.type)
        return [(c.categories, c.series) for c in charts], len(single)

    assert native(COPIES) == native(1)
