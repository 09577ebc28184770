"""The closed vocabularies of the tables: units, qualifiers, kinds, region levels, selector attributes.
Labels live in cenfigures.view.labels. Topics are not here: they are data (seeds/topics.toml). Chart
types and filter names are declared with the input contract (cenfigures.tables.contract).
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
LIST_SEPARATOR = ";"  # list cells (filters, aliases_zh): items joined by ";"
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
