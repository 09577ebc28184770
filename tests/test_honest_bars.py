"""Bars compare only what is comparable (issue 25, item 2): in every declared chart, a bar stands
on a value axis that holds at least one other value of the same unit, and that axis shows its scale;
a value alone in its unit is written or listed, never a bar of its own length (Guangzhou's 1个 was
as long as 超过4000亿元)."""

from __future__ import annotations

import pytest
from chart_reading import DATASETS, LANGS, SEED_TABLES, build, declared, spec_id, view_of

from cenfigures.charts.kit import comparable, value_label
from cenfigures.tables.dataset import load_dataset

SPECS = [spec for spec in declared() if spec.type not in ("timeline", "map", "daily_hours")]  # bars of time


def _values_by_axis(figure) -> dict[str, dict[str, int]]:
    """Per value axis: how many bars, and how many values (bars and points) it carries."""
    found: dict[str, dict[str, int]] = {}
    for trace in figure.data:
        if trace.type not in ("bar", "scatter"):
            continue
        horizontal = trace.orientation == "h" if trace.type == "bar" else trace.mode == "text"
        axis = (trace.xaxis or "x") if horizontal else (trace.yaxis or "y")
        values = trace.x if horizontal else trace.y
        count = len([v for v in (list(values) if values is not None else []) if v is not None])
        entry = found.setdefault(axis, {"bars": 0, "values": 0, "figures": 0})
        entry["values"] += count
        entry["bars"] += count if trace.type == "bar" else 0
        entry["figures"] += count if trace.customdata is not None else 0
    return found


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("dataset", list(DATASETS))
@pytest.mark.parametrize("spec", SPECS, ids=spec_id)
def test_a_bar_shares_its_scale_with_another_value_and_shows_it(spec, dataset, lang):
    figure = build(spec, lang, DATASETS[dataset]()).figure
    for axis, counts in _values_by_axis(figure).items():
        if not counts["bars"] or not counts["figures"]:
            continue
        assert counts["values"] >= 2, (spec.page, spec.id, axis, "a bar alone on its scale")
        layout_axis = figure.layout[axis.replace("x", "xaxis").replace("y", "yaxis")]
        assert layout_axis.visible is not False, (spec.page, spec.id, axis, "bars without their scale")
        assert layout_axis.showticklabels is not False, (spec.page, spec.id, axis, "bars without their scale")


def test_guangzhou_lists_the_values_alone_in_their_unit():
    spec = next(s for s in declared() if s.page == "uhd_video" and s.id == "guangzhou_targets")
    chart = build(spec, "zh")
    rows = chart.rows
    alone = rows[~comparable(rows)]
    assert len(alone) == 5 and len(rows) - len(alone) == 2  # 台, 个, %, 小时, 户 alone; two 元 values
    drawn = {i for trace in chart.figure.data if trace.type == "bar" for i in trace.customdata}
    assert drawn == set(rows[comparable(rows)]["figure_id"])
    text = " ".join(a.text for a in chart.figure.layout.annotations)
    for _, row in alone.iterrows():
        assert value_label(view_of(SEED_TABLES, "zh"), row) in text.replace("<b>", "").replace("</b>", "")


@pytest.mark.parametrize(
    ("units", "expected"),
    [(["yuan", "yuan", "count"], [True, True, False]), (["percent"], [False]), ([], [])],
)
def test_comparable_is_a_shared_unit(units, expected):
    import pandas as pd

    rows = pd.DataFrame({"unit": units, "value": range(len(units))}, dtype=object)
    assert list(comparable(rows)) == expected


def test_the_data_has_a_unit_alone():
    """The seed holds the case the rule is for (else the tests above would pass vacuously)."""
    figures = load_dataset().tables["figures"]
    targets = figures[(figures["topic"] == "uhd_video") & (figures["kind"] == "target")]
    assert (~comparable(targets)).any()
