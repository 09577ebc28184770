"""A view's figures as an Excel workbook (.xlsx, openpyxl), for one chart or a whole view:

- the figures sheet: the labels the screen shows (chart, measure, region, kind, the value as
  written) and the raw columns, numbers as numbers with their unit in a column of its own, periods
  as text; a frozen header, filters on, widths that fit Chinese text;
- an events sheet when the view draws dated events (the timeline);
- the sources sheet: each article, its publisher, date, file and sha256;
- the about sheet: which view and filters made it, its link and date, and what each column means.

Pure: tables and words in, bytes out.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping, Sequence
from copy import copy
from dataclasses import dataclass

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from cenfigures.view.downloads import column_header, shown_values
from cenfigures.view.labels import text
from cenfigures.view.linebreak import display_units, widest
from cenfigures.view.model import names_of
from cenfigures.view.translate import Translator

HEADER_FILL = PatternFill("solid", fgColor="E8EEF4")
MAX_WIDTH = 60  # characters (a CJK character counts two): longer text wraps in its cell
# Widths in Excel's units (one Latin digit); a CJK character takes about two.

# The figures sheet: (column, label key of its header); "raw:<name>" columns are figures.csv's own.
FIGURE_COLUMNS = (
    "chart",
    "measure",
    "region_name",
    "period",
    "kind_name",
    "value_shown",
    "value",
    "unit_name",
    "value_as_stated",
    "quote",
    "formula",
    "article",
    "figure_id",
    "source_id",
    "indicator_id",
    "region_id",
    "kind",
    "unit",
    "qualifier",
    "reviewed",
)
EVENT_COLUMNS = (
    "chart",
    "date",
    "date_end",
    "title",
    "region_name",
    "precision",
    "quote",
    "article",
    "event_id",
    "source_id",
)
SOURCE_COLUMNS = ("title", "title_zh", "publisher", "published", "authors", "file", "sha256", "source_id")


@dataclass(frozen=True)
class Part:
    """One chart (or table) of the view: its title and the figures and events behind it."""

    title: str
    figures: pd.DataFrame
    events: pd.DataFrame


def part(title: str, rows: pd.DataFrame, events: pd.DataFrame | None = None) -> Part:
    """The part of a chart whose `rows` are figures, or events (the timeline's)."""
    events = events if events is not None else pd.DataFrame()
    if "event_id" in rows and "indicator_zh" not in rows:
        return Part(title, rows.iloc[0:0], pd.concat([rows, events]) if not events.empty else rows)
    return Part(title, rows, events)


def _header(name: str, t: Translator) -> str:
    key = f"xlsx.col.{name}"
    return t(key) if t.has(key) else column_header(name, t)


def _figure_frame(part: Part, tables: Mapping[str, pd.DataFrame], t: Translator) -> pd.DataFrame:
    rows = part.figures
    if rows.empty or "value" not in rows:
        return pd.DataFrame(columns=FIGURE_COLUMNS)
    names = names_of(tables)
    lang = t.lang
    indicator = rows["indicator_id"].astype(str)
    known = indicator.map(lambda i: names.name("indicator", i, lang) if i in names.entries.get("indicator", {}) else "")
    own = rows[f"indicator_{lang}"].astype(str) if f"indicator_{lang}" in rows else rows["indicator_zh"].astype(str)
    drafts = rows["reviewed"].astype(str).str.lower().eq("false") if "reviewed" in rows else False
    shown = shown_values(rows, t)
    frame = pd.DataFrame(
        {
            "chart": part.title,
            "measure": known.where(known.ne(""), own),
            "region_name": rows["region_id"].astype(str).map(lambda r: names.name("region", r, lang)),
            "period": rows["period"].astype(str),
            "kind_name": rows["kind"].astype(str).map(t.kind),
            "value_shown": shown.where(~drafts, shown.map(lambda v: t("review.marked", value=v))),
            "value": pd.to_numeric(rows["value"], errors="coerce"),
            "unit_name": rows["unit"].astype(str).map(t.unit),
            "article": rows["source_id"].astype(str).map(lambda s: names.name("source", s, lang)),
        },
        index=rows.index,
    )
    for raw in ("value_as_stated", "quote", "formula", "figure_id", "source_id", "indicator_id", "region_id"):
        frame[raw] = rows[raw].fillna("").astype(str) if raw in rows else ""
    for raw in ("kind", "unit", "qualifier", "reviewed"):
        frame[raw] = rows[raw].fillna("").astype(str) if raw in rows else ""
    return frame[list(FIGURE_COLUMNS)]


def _event_frame(part: Part, tables: Mapping[str, pd.DataFrame], t: Translator) -> pd.DataFrame:
    rows = part.events
    if rows.empty or "event_id" not in rows:
        return pd.DataFrame(columns=EVENT_COLUMNS)
    names = names_of(tables)
    frame = pd.DataFrame(
        {
            "chart": part.title,
            "date": rows["date"].astype(str),
            "date_end": rows["date_end"].fillna("").astype(str),
            "title": rows[f"title_{t.lang}"].fillna("").astype(str),
            "region_name": rows["region_id"].astype(str).map(lambda r: names.name("region", r, t.lang)),
            "precision": rows["precision"].astype(str).map(t.precision),
            "quote": rows["quote"].fillna("").astype(str),
            "article": rows["source_id"].astype(str).map(lambda s: names.name("source", s, t.lang)),
            "event_id": rows["event_id"].astype(str),
            "source_id": rows["source_id"].astype(str),
        },
        index=rows.index,
    )
    return frame[list(EVENT_COLUMNS)]


def _source_frame(source_ids: Sequence[str], tables: Mapping[str, pd.DataFrame], t: Translator) -> pd.DataFrame:
    sources = tables.get("sources")
    if sources is None or sources.empty:
        return pd.DataFrame(columns=SOURCE_COLUMNS)
    chosen = sources[sources["source_id"].astype(str).isin(source_ids)].fillna("")
    return pd.DataFrame(
        {
            "title": chosen[t.column("title", chosen.columns)],
            "title_zh": chosen["title"],
            "publisher": chosen[t.column("publisher", chosen.columns)],
            "published": chosen["published"].astype(str),
            "authors": chosen["authors"],
            "file": "data/articles/" + chosen["file"].astype(str),
            "sha256": chosen["sha256"],
            "source_id": chosen["source_id"],
        }
    )[list(SOURCE_COLUMNS)]


def _sheet(book: Workbook, title: str, frame: pd.DataFrame, headers: Sequence[str], lang: str, first: bool = False):
    sheet = book.active if first else book.create_sheet()
    sheet.title = title[:31]
    sheet.append(list(headers))
    for record in zip(*(frame[column].tolist() for column in frame.columns)):
        sheet.append([None if isinstance(v, float) and pd.isna(v) else v for v in record])
    font = text("office.latin_font", lang)
    for cell in sheet[1]:
        cell.font = Font(bold=True, name=font)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="top", wrap_text=True)
    for number, header in enumerate(headers, start=1):
        units = max(display_units(str(header)), int(widest(frame.iloc[:, number - 1].dropna().astype(str))))
        sheet.column_dimensions[get_column_letter(number)].width = min(max(units + 2, 8), MAX_WIDTH)
        cells = [cell for (cell,) in sheet.iter_rows(min_row=2, min_col=number, max_col=number)]
        if cells:
            # Styled once, then the style's index copied: setting a Font and an Alignment on each cell
            # made openpyxl hash and look them up cell by cell (17 s for a chart of 500 articles).
            cells[0].font = Font(name=font)
            cells[0].alignment = Alignment(vertical="top", wrap_text=units > MAX_WIDTH)
            for cell in cells[1:]:
                cell._style = copy(cells[0]._style)
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"  # printed: the header on every page, the page landscape
    sheet.page_setup.orientation = "landscape"
    if len(frame):
        sheet.auto_filter.ref = sheet.dimensions
    return sheet


def workbook_bytes(
    parts: Sequence[Part],
    tables: Mapping[str, pd.DataFrame],
    lang: str,
    *,
    heading: str,
    scope: str,
    url: str,
    today: dt.date | None = None,
) -> bytes:
    """The workbook of `parts` (one chart, or every chart of a view): figures, events (when any),
    sources and about sheets, in `lang`. `scope` says the view's filters in words."""
    t = Translator(lang)
    figures = pd.concat([_figure_frame(p, tables, t) for p in parts] or [pd.DataFrame(columns=FIGURE_COLUMNS)])
    figures = figures.drop_duplicates(subset=["chart", "figure_id"]) if not figures.empty else figures
    events = pd.concat([_event_frame(p, tables, t) for p in parts] or [pd.DataFrame(columns=EVENT_COLUMNS)])
    used = [*figures.get("source_id", ()), *events.get("source_id", ())]
    sources = _source_frame(list(dict.fromkeys(used)), tables, t)
    book = Workbook()
    _sheet(book, t("xlsx.sheet.figures"), figures, [_header(c, t) for c in FIGURE_COLUMNS], lang, first=True)
    if not events.empty:
        _sheet(book, t("xlsx.sheet.events"), events, [_header(c, t) for c in EVENT_COLUMNS], lang)
    _sheet(book, t("xlsx.sheet.sources"), sources, [_header(f"source.{c}", t) for c in SOURCE_COLUMNS], lang)
    about = [
        (t("xlsx.about.view"), heading),
        (t("xlsx.about.filters"), scope),
        (t("xlsx.about.link"), url),
        (t("xlsx.about.date"), (today or dt.date.today()).isoformat()),
        (t("xlsx.about.charts"), t.join(p.title for p in parts)),
        ("", ""),
    ]
    meaning = [(_header(c, t), t(f"xlsx.means.{c}")) for c in FIGURE_COLUMNS]
    if not events.empty:
        meaning += [
            (_header(c, t), t(f"xlsx.means.event.{c}")) for c in EVENT_COLUMNS if t.has(f"xlsx.means.event.{c}")
        ]
    frame = pd.DataFrame(about + [(t("xlsx.about.column"), t("xlsx.about.means"))] + meaning)
    _sheet(book, t("xlsx.sheet.about"), frame, [t("xlsx.about.what"), t("xlsx.about.value")], lang)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
