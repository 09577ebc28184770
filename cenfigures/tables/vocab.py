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
)
QUALIFIERS = ("exact", "more_than", "about")
KINDS = ("observed", "target", "rank", "change", "cagr", "derived")
TOPICS = ("study_meetings", "digitization", "uhd_video", "olympics_5g")
