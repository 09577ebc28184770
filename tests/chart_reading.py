"""Shared by the chart tests: build a declared chart from data/ (or from the seed plus the two
fixture articles), and read what plotly will draw, point by point.

A point is one entry of a trace that carries a figure id in `customdata`; its value is read from
the trace's value axis (x of a horizontal bar or of dots along categories, y otherwise), so a test
compares what is drawn with the row of data/figures.csv that the id names.
"""

from __future__ import annotations

import atexit
import functools
import html
import re
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from cenfigures.charts import types
from cenfigures.charts.kit import Chart
from cenfigures.tables.dataset import load_dataset
from cenfigures.view.filters import state_of
from cenfigures.view.model import ChartSpec, View, chart_specs, select

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_CORPUS = ROOT / "tests" / "fixtures" / "corpus"
LANGS = ("zh", "en")
CJK = re.compile(r"[\u3400-\u9fff]")
PLACEHOLDER = re.compile(r"\{[^{}]*\}")

SEED_TABLES = load_dataset().all_tables()


@functools.cache
def corpus_tables() -> dict[str, pd.DataFrame]:
    """The seed article and the two fixture articles (tests/fixtures/corpus/) built together by
    prep into a temporary folder, as the app would read them."""
    from cenfigures.prep.build import (  # tests may use prep; the app never does
        build_tables,
        write_tables,
    )

    folder = Path(tempfile.mkdtemp(prefix="cenfigures-corpus-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    seeds = folder / "seeds"
    shutil.copytree(ROOT / "seeds", seeds)
    for path in FIXTURE_CORPUS.iterdir():
        shutil.copy(path, seeds / path.name)
    write_tables(build_tables(seeds), folder / "data")
    dataset = load_dataset(folder / "data")
    assert not dataset.errors, dataset.errors
    return dataset.all_tables()


DATASETS = {"seed": lambda: SEED_TABLES, "corpus": corpus_tables}


def declared(tables: Mapping[str, pd.DataFrame] = SEED_TABLES) -> list[ChartSpec]:
    """Every declared chart that draws a figure (headline cards are not charts)."""
    return [spec for spec in chart_specs(tables["charts"]) if spec.type != "headline"]


def spec_id(spec: ChartSpec) -> str:
    return f"{spec.page}.{spec.id}"


def find_spec(page: str, chart_id: str, tables: Mapping[str, pd.DataFrame] = SEED_TABLES) -> ChartSpec:
    return next(spec for spec in declared(tables) if spec.page == page and spec.id == chart_id)


def view_of(tables: Mapping[str, pd.DataFrame] = SEED_TABLES, lang: str = "zh", **filters) -> View:
    return View(tables, state_of(lang, **filters))


def build(spec: ChartSpec, lang: str = "zh", tables: Mapping[str, pd.DataFrame] = SEED_TABLES, **filters) -> Chart:
    return types.build(view_of(tables, lang, **filters), spec)


def without(tables: Mapping[str, pd.DataFrame], figure_ids) -> dict[str, pd.DataFrame]:
    figures = tables["figures"]
    return {**tables, "figures": figures[~figures["figure_id"].isin(set(figure_ids))]}


def with_figures(tables: Mapping[str, pd.DataFrame], rows: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """`tables` with `rows` added to the figures (same columns and types)."""
    figures = pd.concat([tables["figures"], rows], ignore_index=True).astype(tables["figures"].dtypes.to_dict())
    return {**tables, "figures": figures}


def related_rows(view: View, spec: ChartSpec) -> pd.DataFrame:
    """Every figure the chart's selectors pick (`select` and each `related` selection), plus, for a
    comparison with `options.outcomes`, the observed or derived figures of the same indicator and
    region as a selected one (from any article)."""
    figures = view.figures
    parts = [select(figures, spec.select), *(select(figures, sel) for sel in spec.related.values())]
    if spec.options.get("outcomes"):
        picked = parts[0]
        wanted = set(zip(picked["indicator_id"], picked["region_id"]))
        done = figures[figures["kind"].isin(("observed", "derived"))]
        parts.append(done[[pair in wanted for pair in zip(done["indicator_id"], done["region_id"])]])
    return pd.concat(parts).drop_duplicates("figure_id")


# ---------------------------------------------------------------- reading a plotly figure


def _as_list(value) -> list:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return list(value)


def _numbers(values) -> list[float | None]:
    numbers = []
    for value in _as_list(values):
        try:
            numbers.append(float(value))
        except (TypeError, ValueError):
            numbers.append(None)
    return numbers


def _categorical(values) -> bool:
    listed = _as_list(values)
    return bool(listed) and all(isinstance(v, str) for v in listed)


def value_axis(trace) -> str:
    """Which of x and y holds the values: a horizontal bar's x, dots along categories' x, else y."""
    if trace.type == "bar":
        return "x" if trace.orientation == "h" else "y"
    return "x" if _categorical(trace.y) and not _categorical(trace.x) else "y"


def _item(value, i: int):
    """The i-th entry of a per-point property, or the property itself when it is one for all."""
    if isinstance(value, (list, tuple)):
        return value[i] if i < len(value) else None
    return value


@dataclass(frozen=True)
class Point:
    figure_id: str
    value: float | None
    trace: object
    index: int

    @property
    def hover(self) -> str:
        return str(_item(self.trace.hovertext, self.index) or "")

    @property
    def fill(self) -> str:
        return str(_item(self.trace.marker.color, self.index) or "")

    @property
    def symbol(self) -> str:
        return str(_item(self.trace.marker.symbol, self.index) or "") if self.trace.type != "bar" else ""

    @property
    def pattern(self) -> str:
        pattern = getattr(self.trace.marker, "pattern", None)
        return str(_item(pattern.shape, self.index) or "") if pattern is not None else ""

    @property
    def style(self) -> tuple[str, str]:
        """How the point is drawn, apart from its colour: ("bar", "solid" | "hollow" | "hatched")
        or ("scatter", marker symbol)."""
        if self.trace.type == "bar":
            if self.pattern:
                return "bar", "hatched"
            return "bar", "hollow" if self.fill == "rgba(255,255,255,0)" else "solid"
        return self.trace.type, self.symbol


# A map's places carry region ids in customdata (what a click selects), not figure ids.
MAP_TRACES = ("choropleth", "scattergeo")


def points(figure: go.Figure) -> list[Point]:
    found = []
    for trace in figure.data:
        ids = _as_list(getattr(trace, "customdata", None))
        if not ids or trace.type in MAP_TRACES:
            continue
        values = _numbers(getattr(trace, value_axis(trace)))
        for i, figure_id in enumerate(ids):
            found.append(Point(str(figure_id), values[i] if i < len(values) else None, trace, i))
    return found


def source_annotation(figure: go.Figure):
    return next(a for a in figure.layout.annotations if a.name == "source-line")


def source_line(figure: go.Figure) -> str:
    """The source line as read on the chart (its lines joined)."""
    return html.unescape(source_annotation(figure).text.replace("<br>", " "))


def written(figure: go.Figure) -> str:
    """Every word the chart writes on itself (annotations but the source line, trace labels, axis
    titles, tick labels), unescaped, lines joined."""
    parts = [str(a.text) for a in figure.layout.annotations if a.name != "source-line"]
    for trace in figure.data:
        parts += [str(t) for t in _as_list(getattr(trace, "text", None))]
    for axis in (*figure.select_xaxes(), *figure.select_yaxes()):
        parts += [str(axis.title.text or "")] + [str(t) for t in _as_list(axis.ticktext)]
    return html.unescape(re.sub(r"<[^>]+>", "", " ".join(parts).replace("<br>", " ")))


def flat(text: str) -> str:
    """`text` without line breaks, tags and white space: wrapped hover text compared with the data."""
    return re.sub(r"\s+", "", re.sub(r"<[^>]+>", "", str(text)))
