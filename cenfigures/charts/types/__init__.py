"""The chart types a chart declaration names (seeds/topics.toml `type = ...`), by name.

Each type is `build(view, spec) -> Chart`. A bespoke chart is one more module registered here under
its type name (and its name added to cenfigures.tables.vocab.CHART_TYPES, which prep checks
declarations against; tests/test_chart_types.py keeps both lists equal).
"""

from __future__ import annotations

from collections.abc import Callable

from cenfigures.charts.kit import Chart
from cenfigures.charts.types import (
    capacity,
    comparison,
    counts,
    events_strip,
    growth,
    hours,
    levels,
    ranks,
    reference,
    region_map,
    timeline,
)
from cenfigures.view.model import ChartSpec, View

Builder = Callable[[View, ChartSpec], Chart]

CHART_TYPES: dict[str, Builder] = {
    "comparison": comparison.build,
    "rank_over_time": ranks.build,
    "versus_reference": reference.build,
    "before_after": levels.build,
    "cagr_multiple": growth.build,
    "counts": counts.build,
    "daily_hours": hours.build,
    "capacity": capacity.build,
    "speed_and_events": events_strip.build,
    "map": region_map.build,
    "timeline": timeline.build,
}


def build(view: View, spec: ChartSpec) -> Chart:
    """The chart `spec` declares, drawn from `view`."""
    return CHART_TYPES[spec.type](view, spec)
