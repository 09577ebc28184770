"""The data explorer's content: the figures table as people read it, and the CSV of the rows shown.

`display_table` is for the screen: values formatted per language, labels instead of codes,
translated headers. `csv_bytes` is for machines: the raw columns of data/figures.csv, written the
way prep writes that file, so a download of every row is byte-for-byte the published file.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from cenfigures.tables.schema import FIGURES
from cenfigures.view.downloads import table_csv
from cenfigures.view.formatting import format_figure
from cenfigures.view.labels import (
    column,
    kind_label,
    region_column,
    text,
    topic_label,
    unit_name,
)

# Display columns, in reading order (what and how much first, beside each other even on a phone;
# then where, when, what sort; the id last, for citing);
# each header is the label "explorer.col.<name>".
COLUMNS = ("indicator", "value", "region", "period", "kind", "topic", "unit", "stated", "quote", "formula", "note", "figure_id")
# Column widths on screen in pixels. The indicator is pinned and kept narrow enough that on a
# phone (~360 px) the value still shows beside it; long texts get room, codes fit their content.
WIDTHS: dict[str, int | str] = {
    "indicator": 230, "region": 110, "period": 85, "value": 110, "quote": "large", "formula": "large",
    "note": "large", "figure_id": "medium", "topic": "medium",
}
PINNED = ("indicator",)
FIGURE_COLUMNS = FIGURES.column_names


def header(name: str, lang: str) -> str:
    return text(f"explorer.col.{name}", lang)


def column_layout(lang: str) -> dict[str, dict[str, object]]:
    """Translated header -> {"width", "pinned"} for st.column_config."""
    return {header(name, lang): {"width": WIDTHS.get(name, "small"), "pinned": name in PINNED} for name in COLUMNS}


def _formula(row: pd.Series) -> str:
    """The recipe of a derived figure: "rank_2015 - rank_2020 (rank_2015 = hebei-…-2015; …)"."""
    formula = str(row.get("formula") or "")
    if not formula:
        return ""
    inputs = "; ".join(part.replace("=", " = ", 1) for part in str(row.get("inputs") or "").split(";") if part)
    return f"{formula} ({inputs})" if inputs else formula


def display_table(figures: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One row per figure, as a reader of `lang` reads it, with translated column headers."""
    rows = []
    for _, row in figures.iterrows():
        rows.append(
            {
                "figure_id": row["figure_id"],
                "region": row[region_column(lang)],
                "topic": topic_label(row["topic"], lang),
                "indicator": row[column("indicator", lang)],
                "period": row["period"],
                "value": format_figure(row, lang),
                "unit": unit_name(row["unit"], lang),
                "kind": kind_label(row["kind"], lang),
                "stated": row["value_as_stated"] or "",
                "quote": row["quote"] or "",
                "formula": _formula(row),
                "note": row[column("note", lang)] or "",
            }
        )
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    return frame.rename(columns={name: header(name, lang) for name in COLUMNS})


def csv_bytes(rows: pd.DataFrame) -> bytes:
    """`rows` (figures as loaded from data/) as CSV with the columns of data/figures.csv, in
    UTF-8 with a BOM so that Excel shows the Chinese text: the same writer as every download."""
    return table_csv(rows, FIGURES)


def file_name(lang: str, today: dt.date, filtered: bool) -> str:
    """figures_zh_2026-11-26.csv; figures_filtered_en_… when the filters leave rows out."""
    part = "figures_filtered" if filtered else "figures"
    return f"{part}_{lang}_{today.isoformat()}.csv"
