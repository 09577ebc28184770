"""The closed vocabularies of the tables: units, qualifiers, kinds. Labels live in cenfigures.view.labels."""

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
KINDS = ("observed", "target", "rank", "change", "cagr", "derived")
TOPICS = ("study_meetings", "digitization", "uhd_video", "olympics_5g")
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
