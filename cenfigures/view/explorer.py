"""The data explorer's content: the figures table as people read it, and the CSV of the rows shown.

`display_table` is for the screen: values formatted per language, labels instead of codes,
translated headers. `csv_bytes` is for machines: the raw columns of data/figures.csv, written the
way prep writes that file, so a download of every row is byte-for-byte the published file.
"""

from __future__ import annotations

import math

import pandas as pd

from cenfigures.tables.schema import FIGURES
from cenfigures.tables.vocab import UNITS
from cenfigures.view.downloads import table_csv
from cenfigures.view.linebreak import display_units, widest
from cenfigures.view.model import View
from cenfigures.view.translate import Translator
from cenfigures.view.words import (
    indicator_names,
    region_names,
    source_names,
    text_column,
    unreviewed,
    value_labels,
)

# Display columns, in reading order (what and how much first, beside each other even on a phone;
# then where, when, what sort; the article and the id last, for citing);
# each header is the label "explorer.col.<name>".
COLUMNS = (
    "indicator",
    "value",
    "region",
    "period",
    "kind",
    "topic",
    "unit",
    "stated",
    "quote",
    "formula",
    "note",
    "source",
    "reviewed",
    "figure_id",
)
# Rows tall enough for three lines: Streamlit's grid wraps a cell's text only when rows are taller
# than 4rem (64 px), and a long indicator ("National rank of the industrial-internet economic-growth
# index") then reads whole in a column narrow enough for a phone.
ROW_HEIGHT = 70
LINES = 3
# Widths in pixels, fitted to what the table holds in the page's language (`column_widths`): a
# column is as wide as its header and its longest cell, within
# [MIN_WIDTH, the column's cap] (a longer cell wraps, up to LINES lines). The indicator is pinned; its cap keeps the
# value beside it on a
# 390 px phone (the grid is about 358 px wide there).
MIN_WIDTH = 56
CAPS: dict[str, int] = {"indicator": 218, "value": 140, "quote": 380, "formula": 380, "note": 380, "figure_id": 280}
CAP = 170  # the other label columns (region, topic, source, ...)
PADDING = 26  # the cell's padding and a little air
PX_PER_UNIT = 7.3  # a Latin character of the grid's 14 px font; a Chinese character counts two
PINNED = ("indicator",)
ROWS_IN_VIEW = 300  # the table is as tall as its rows up to this many; longer ones scroll inside
FIGURE_COLUMNS = FIGURES.column_names


def header(name: str, t: Translator) -> str:
    return t(f"explorer.col.{name}")


def text_px(value: str) -> float:
    """About how wide `value` shows in the grid's font."""
    return display_units(value) * PX_PER_UNIT


def _widest_px(cells: pd.Series) -> float:
    """text_px of the widest cell (linebreak.widest: only the cells that could be it are measured)."""
    return float(widest(cells.astype(str), text_px))


def column_widths(table: pd.DataFrame, t: Translator) -> dict[str, int]:
    """Translated header -> width in pixels for `table` (display_table's): each column fits its header
    and its longest cell on one line, within its cap; past the cap the cell wraps."""
    widths = {}
    for name in COLUMNS:
        title = header(name, t)
        longest = _widest_px(table[title]) if title in table else 0.0
        wanted = max(text_px(title) + PADDING + 14, longest + PADDING)  # 14: the sort arrow; past the cap, cells wrap
        widths[title] = math.ceil(min(max(wanted, MIN_WIDTH), CAPS.get(name, CAP)))
    return widths


def column_layout(t: Translator, table: pd.DataFrame | None = None) -> dict[str, dict[str, object]]:
    """Translated header -> {"width", "pinned"} for st.column_config (widths fitted to `table`)."""
    widths = column_widths(table if table is not None else pd.DataFrame(), t)
    return {header(name, t): {"width": widths[header(name, t)], "pinned": name in PINNED} for name in COLUMNS}


def _formulas(figures: pd.DataFrame) -> pd.Series:
    """The recipe of each derived figure: "rank_2015 - rank_2020 (rank_2015 = hebei-…-2015; …)"."""
    formula = figures["formula"].fillna("").astype(str) if "formula" in figures else pd.Series("", index=figures.index)
    inputs = figures["inputs"].fillna("").astype(str) if "inputs" in figures else formula.map(lambda _: "")
    said = {
        text: "; ".join(part.replace("=", " = ", 1) for part in text.split(";") if part) for text in inputs.unique()
    }  # once per distinct list of inputs
    listed = inputs.map(said)
    with_inputs = formula + " (" + listed + ")"
    return formula.where(listed == "", with_inputs).where(formula != "", "")


def display_table(view: View, figures: pd.DataFrame) -> pd.DataFrame:
    """One row per figure, as a reader of the view's language reads it, with translated headers;
    made a column at a time (a name once per indicator, a value once per distinct value)."""
    t = view.t
    if figures.empty:
        return pd.DataFrame(columns=[header(name, t) for name in COLUMNS])
    columns = {
        "figure_id": figures["figure_id"].astype(str),
        "region": region_names(view, figures["region_id"]),
        "topic": figures["topic"].astype(str).map(lambda topic: view.topic_name(topic)),
        "indicator": indicator_names(view, figures),
        "period": figures["period"].astype(str),
        "value": value_labels(view, figures),
        "unit": figures["unit"].astype(str).map(t.unit),
        "kind": figures["kind"].astype(str).map(t.kind),
        "stated": figures["value_as_stated"].fillna("").astype(str),
        "quote": figures["quote"].fillna("").astype(str),
        "formula": _formulas(figures),
        "note": text_column(figures, "note", t.lang),
        "source": source_names(view, figures["source_id"]),
        "reviewed": unreviewed(figures).map({True: t("review.no"), False: t("review.yes")}),
    }
    frame = pd.DataFrame({name: columns[name].to_numpy() for name in COLUMNS})
    return frame.rename(columns={name: header(name, t) for name in COLUMNS})


def sorted_figures(figures: pd.DataFrame, sort: str) -> pd.DataFrame:
    """The rows in the order `sort` asks for (filters.SORTS): by value as a number within each unit,
    the units grouped in the vocabulary's order (percent, percentage points, yuan, ...), ties and
    "" in the articles' order. Text would put 1个, 3个, 50%, 63%, 超过1000万台 in a row."""
    if not sort or figures.empty:
        return figures
    unit_order = pd.Categorical(figures["unit"], categories=list(dict.fromkeys([*UNITS, *figures["unit"]])))
    keys = pd.DataFrame(
        {"unit": unit_order.codes, "value": pd.to_numeric(figures["value"], errors="coerce")}, index=figures.index
    )
    order = keys.sort_values(["unit", "value"], ascending=[True, sort == "value"], kind="stable", na_position="last")
    return figures.loc[order.index]


ROWS_PER_PAGE = 500  # the table shows this many rows a page: a corpus may hold hundreds of thousands
CSV_WITH_THE_PAGE = 20_000  # up to this many rows the CSV comes with the page; more are made on request


def page_count(rows: int, per_page: int = ROWS_PER_PAGE) -> int:
    """How many pages of `per_page` rows `rows` take (at least one)."""
    return max(1, -(-rows // per_page))


def page_of(figures: pd.DataFrame | list, page: int, per_page: int = ROWS_PER_PAGE) -> pd.DataFrame | list:
    """The rows (or items of a list) of page `page` (from 1; a page past the end is the last)."""
    page = min(max(page, 1), page_count(len(figures), per_page))
    part = slice((page - 1) * per_page, page * per_page)
    return figures.iloc[part] if isinstance(figures, pd.DataFrame) else figures[part]


def csv_bytes(view: View, rows: pd.DataFrame) -> bytes:
    """`rows` (figures as loaded from data/) as CSV with the columns of data/figures.csv, then the
    labels the screen shows, in UTF-8 with a BOM so that Excel shows the Chinese text."""
    return table_csv(rows, FIGURES, lang=view.t.lang, names=view.names)
