"""Every declared chart (seeds/topics.toml -> data/charts.csv) builds from the data with the figures
its selectors pick, in both languages; the chart types keep what issue 15 asked of them."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from cenfigures.charts import kit, types
from cenfigures.charts.kit import Chart
from cenfigures.tables.contract import CHART_TYPE_NAMES, CHART_TYPES_BY_NAME, COMMON_VALUES
from cenfigures.tables.dataset import load_dataset
from cenfigures.view.colors import PALETTE, REGION_COLORS, pale
from cenfigures.view.filters import state_of
from cenfigures.view.model import View, chart_specs, select

ROOT = Path(__file__).resolve().parent.parent
TABLES = load_dataset().all_tables()
SPECS = [spec for spec in chart_specs(TABLES["charts"]) if spec.type != "headline"]
LANGS = ("zh", "en")


def build(spec, lang: str = "zh", **filters) -> Chart:
    return types.build(View(TABLES, state_of(lang, **filters)), spec)


def spec_of(page: str, chart_id: str):
    return next(s for s in SPECS if s.page == page and s.id == chart_id)


def test_every_type_name_prep_accepts_has_a_builder():
    assert set(CHART_TYPE_NAMES) == set(types.CHART_TYPES)


def test_selectors_never_name_a_figure_id():
    declared = (ROOT / "seeds" / "topics.toml").read_text(encoding="utf-8")
    ids = set(TABLES["figures"]["figure_id"])
    assert not [i for i in ids if f'"{i}"' in declared]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("spec", SPECS, ids=lambda s: f"{s.page}-{s.id}")
def test_every_declared_chart_builds_with_its_figures(spec, lang):
    chart = build(spec, lang)
    assert chart.name == spec.id
    assert not chart.rows.empty, "the seed data has figures for every declared chart"
    assert chart.title and "{" not in chart.title
    assert chart.takeaway and "{" not in chart.takeaway
    if spec.type not in ("timeline", "map"):
        picked = set(select(TABLES["figures"], spec.select)["figure_id"])
        assert picked <= set(chart.figure_ids), "every figure the selector picks is behind the chart"
    source_line = chart.figure.layout.annotations[-1].text
    assert re.search(r"中国电子报|China Electronics News", source_line)
    assert not any(i in source_line for i in chart.figure_ids), "ids belong in the CSV, not the source line"


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: f"{s.page}-{s.id}")
def test_no_bar_chart_has_a_log_axis(spec):
    figure = build(spec).figure
    bars = any(trace.type == "bar" for trace in figure.data)
    logs = any(axis.type == "log" for axis in figure.select_xaxes()) or any(
        axis.type == "log" for axis in figure.select_yaxes()
    )
    assert not (bars and logs), "a bar's length on a log scale means nothing"


def test_no_black_and_no_yellow_in_the_palettes():
    for color in (*PALETTE, *REGION_COLORS.values()):
        assert color.upper() not in ("#000000", "#F0E442")
    assert pale("#0072B2") != "#0072B2" and pale("#0072B2").startswith("#")


def test_ranks_that_coincide_are_spread_and_labelled():
    chart = build(spec_of("digitization", "ranks"))
    points = [(x, y, text) for trace in chart.figure.data for x, y, text in zip(trace.x, trace.y, trace.text)]
    positions = [(round(x, 3), y) for x, y, _ in points]
    assert len(positions) == len(set(positions)), "no two points on top of each other"
    assert all(text for _, _, text in points), "every point carries its label"


def test_a_rank_line_is_labelled_off_its_own_segments():
    # The 2015 label "第19位" sat on the line leaving it to the right.
    chart = build(spec_of("digitization", "ranks"))
    lines = [trace for trace in chart.figure.data if len(trace.x) > 1]
    assert lines
    for trace in lines:
        sides = list(trace.textposition)
        assert sides[0] == "middle left" and sides[-1] == "middle right", sides
        assert all(side == "top center" for side in sides[1:-1]), sides


def test_indices_put_each_indicator_in_its_own_panel():
    chart = build(spec_of("digitization", "indices"))
    axes = {trace.yaxis for trace in chart.figure.data}
    drawn = chart.rows[(chart.rows["unit"] == "index") & (chart.rows["kind"] == "observed")]
    indicators = drawn["indicator_id"].nunique()
    assert len(axes) == indicators >= 2


def test_targets_show_outcomes_of_the_same_indicator_from_any_article():
    figures = TABLES["figures"]
    target = figures[(figures["kind"] == "target") & (figures["topic"] == "digitization")].iloc[0]
    outcome = target.copy()
    outcome[["figure_id", "source_id", "kind", "period", "period_start", "period_end", "value"]] = [
        "x-outcome",
        "another-article",
        "observed",
        "2022",
        2022,
        2022,
        40.0,
    ]
    tables = {**TABLES, "figures": pd.concat([figures, outcome.to_frame().T], ignore_index=True)}
    tables["figures"]["value"] = tables["figures"]["value"].astype(float)
    tables["figures"]["period_end"] = tables["figures"]["period_end"].astype(int)
    tables["figures"]["period_start"] = tables["figures"]["period_start"].astype(int)
    chart = types.build(View(tables, state_of("en")), spec_of("digitization", "targets"))
    assert "x-outcome" in chart.figure_ids
    assert "(Figures from 2 articles.)" in chart.takeaway


def test_a_filter_that_leaves_nothing_gives_an_empty_chart_not_an_error():
    chart = build(spec_of("uhd_video", "penetration_4k"), region=("hebei",))
    assert chart.rows.empty


def test_no_language_branches_outside_the_label_and_formatting_modules():
    allowed = {"labels.py", "formatting.py"}
    pattern = re.compile(r"""lang\s*[!=]=\s*["'](en|zh)["']|["'](en|zh)["']\s*[!=]=\s*\w*lang""")
    offenders = []
    for path in [*(ROOT / "cenfigures").rglob("*.py"), ROOT / "dashboard.py", *(ROOT / "pages").glob("*.py")]:
        if path.name in allowed:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if pattern.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}")
    assert not offenders, f"language branches outside labels.csv / formatting.py: {offenders}"


# ---------------------------------------------------------------- the types' declarations (tables/contract.py)


def _type_of_module() -> dict[str, str]:
    return {builder.__module__.rsplit(".", 1)[-1]: name for name, builder in types.CHART_TYPES.items()}


@pytest.mark.parametrize("module", sorted(_type_of_module()))
def test_each_type_reads_only_the_options_and_related_selections_it_declares(module):
    declared = CHART_TYPES_BY_NAME[_type_of_module()[module]]
    code = (ROOT / "cenfigures" / "charts" / "types" / f"{module}.py").read_text(encoding="utf-8")
    options = set(re.findall(r"""options\.get\(["'](\w+)["']""", code))
    options |= {f"{prefix}{lang}" for prefix in re.findall(r"""options\.get\(f["'](\w+)\{""", code) for lang in LANGS}
    related = set(re.findall(r"""related(?:\.get\(|\[)["'](\w+)["']""", code))
    assert options <= set(declared.option_names), f"{module}.py reads options it does not declare"
    assert related <= set(declared.related), f"{module}.py reads related selections it does not declare"
    assert set(declared.option_names) <= options and set(declared.related) <= related, "declared but never read"


def test_each_type_fills_only_the_template_values_it_declares(monkeypatch):
    filled: dict[str, set[str]] = {}

    def capture(view, values, counted=kit.counted):
        filled.setdefault(current[0], set()).update(values)
        return counted(view, values)

    monkeypatch.setattr(kit, "counted", capture)
    current = [""]
    for spec in SPECS:
        current[0] = spec.type
        for lang in LANGS:
            build(spec, lang)
    assert set(filled) == {spec.type for spec in SPECS}  # every declared chart was built and seen
    for type_name, names in filled.items():
        declared = CHART_TYPES_BY_NAME[type_name]
        base = {v.name for v in (*COMMON_VALUES, *declared.values)}
        assert names <= base, f"{type_name} fills {sorted(names - base)}, not declared in tables/contract.py"
        assert {v.name for v in declared.values} <= names, f"{type_name} declares values it never fills"
