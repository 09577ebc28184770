"""The chart types a chart declaration names (seeds/topics.toml `type = ...`), by name.

Each type is `build(view, spec) -> Chart`. A bespoke chart is one more module registered here under
its type name, and declared in cenfigures/tables/contract.py (CHART_TYPES: what it draws, its
options, the related selections it reads, its template values), which prep checks declarations
against; this registry refuses to load when the two name different types, and
tests/test_chart_types.py checks each module reads only what its declaration names.
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
from cenfigures.tables.contract import CHART_TYPE_NAMES
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


if set(CHART_TYPES) != set(CHART_TYPE_NAMES):
    raise ImportError(
        f"chart types registered here {sorted(CHART_TYPES)} differ from those declared in "
        f"cenfigures/tables/contract.py {sorted(CHART_TYPE_NAMES)}: declare a new type in both"
    )


def build(view: View, spec: ChartSpec) -> Chart:
    """The chart `spec` declares, drawn from `view`."""
    return CHART_TYPES[spec.type](view, spec)
