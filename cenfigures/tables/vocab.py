"""The closed vocabularies of the tables: units, qualifiers, kinds, region levels, chart types.
Labels live in cenfigures.view.labels. Topics are not here: they are data (seeds/topics.toml).
"""

from __future__ import annotations

UNITS = (
    "percent",
    "percentage_point",
    "yuan",
    "count",
    "device",
    "household",
    "hour",
    "rank",
    "index",
    "mbps",
    "km_per_hour",
    "multiple",
    "usd",
    "tonne",
    "kilowatt",
    "kilowatt_hour",
    "square_metre",
    "square_kilometre",
    "kilometre",
)
QUALIFIERS = ("exact", "more_than", "about", "less_than")
# What an indicator measures (seeds/indicators.toml `measure`): a stock standing at a moment, a flow
# over a period, a rate (share, ratio, index, speed, growth rate) or a rank. One indicator joins
# figures of one measure only: a national total of 5G stations is no count of stations built.
MEASURES = ("stock", "flow", "rate", "rank")
KINDS = ("observed", "target", "rank", "change", "cagr", "derived")
REGION_LEVELS = ("country", "province", "city")
# Filters a topic page may declare (seeds/topics.toml `filters`); the filter registry
# (cenfigures/view/filters.py) declares each of them.
FILTER_KEYS = ("source", "region", "topic", "kind", "years", "q")
# Chart types a chart declaration (seeds/topics.toml) may name; implemented in cenfigures/charts/types/.
CHART_TYPES = (
    "comparison",
    "rank_over_time",
    "versus_reference",
    "before_after",
    "cagr_multiple",
    "counts",
    "daily_hours",
    "capacity",
    "speed_and_events",
    "map",
    "timeline",
    "headline",  # not a chart: a card of the overview page (cenfigures/view/overview.py)
)
# Attributes a chart's selector may name, and the figures.csv column each one reads.
SELECTOR_COLUMNS = {
    "topic": "topic",
    "indicator": "indicator_id",
    "kind": "kind",
    "unit": "unit",
    "region": "region_id",
    "source": "source_id",
    "period": "period",
}
