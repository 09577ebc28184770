"""Numbers as each language writes them."""

from __future__ import annotations

import pytest

from cenfigures.view.formatting import format_change, format_figure, format_value


@pytest.mark.parametrize(
    "value, unit, lang, qualifier, expected",
    [
        (23000, "count", "zh", "exact", "2.3万个"),
        (23000, "count", "en", "exact", "23,000"),
        (250_000_000_000, "yuan", "zh", "more_than", "超过2500亿元"),
        (250_000_000_000, "yuan", "en", "more_than", "more than 250 billion yuan"),
        (10_000_000, "device", "zh", "more_than", "超过1000万台"),
        (3_000_000, "household", "en", "exact", "3,000,000 households"),
        (30000, "hour", "zh", "more_than", "超过3万小时"),
        (10.5, "percent", "zh", "exact", "10.5%"),
        (183, "percent", "en", "about", "about 183%"),
        (13.4, "percentage_point", "zh", "exact", "13.4个百分点"),
        (13.4, "percentage_point", "en", "exact", "13.4 pp"),
        (19, "rank", "zh", "exact", "第19位"),
        (19, "rank", "en", "exact", "19th"),
        (1, "rank", "en", "exact", "1st"),
        (2, "rank", "en", "exact", "2nd"),
        (3, "rank", "en", "exact", "3rd"),
        (11, "rank", "en", "exact", "11th"),
        (73.5, "index", "zh", "exact", "73.5"),
        (154, "mbps", "zh", "exact", "154Mbps"),
        (40, "mbps", "en", "about", "about 40 Mbps"),
        (350, "km_per_hour", "en", "exact", "350 km/h"),
        (1.5061, "multiple", "zh", "exact", "1.51倍"),
        (8.0089, "multiple", "en", "exact", "8.01×"),
        (float("nan"), "count", "en", "exact", "–"),
    ],
)
def test_format_value(value, unit, lang, qualifier, expected):
    assert format_value(value, unit, lang, qualifier) == expected


@pytest.mark.parametrize(
    "value, unit, lang, expected",
    [
        (40.2, "percentage_point", "zh", "+40.2个百分点"),
        (40.2, "percentage_point", "en", "+40.2 pp"),
        (5, "rank", "en", "+5 places"),
        (5, "rank", "zh", "+5位"),
        (-3, "count", "en", "-3"),
    ],
)
def test_format_change(value, unit, lang, expected):
    assert format_change(value, unit, lang) == expected


@pytest.mark.parametrize(
    "kind, lang, expected",
    [("rank", "en", "5th"), ("change", "en", "+5 places"), ("derived", "zh", "+5位"), ("rank", "zh", "第5位")],
)
def test_a_rank_change_reads_as_places_gained(kind, lang, expected):
    row = {"value": 5.0, "unit": "rank", "qualifier": "exact", "kind": kind}
    assert format_figure(row, lang) == expected
