"""`comparison`: bars per indicator, observed solid, target hollow, derived hatched.

With `options.outcomes`, each target is joined by the observed (or derived) values of the same
indicator and region from any article, so a plan's target stands beside what was reached. With
`options.panels = "unit"` the chart splits into one panel per unit (yuan, households, percent...),
since bars of different units on one axis would compare nothing.

Each indicator is a block: its values in bold and its name above its bars, across the whole
width. Names beside the bars would leave a phone too little room for the bars, and values at the
end of a bar run off the edge.
"""

from __future__ import annotations

import html

import pandas as pd
from plotly.subplots import make_subplots

from cenfigures.charts.kit import (
    Chart,
    bar_marker,
    by_period,
    chart,
    concat,
    hover_texts,
    indicator_name,
    items,
    panel_titles_left,
    series_key,
    value_label,
)
from cenfigures.view.colors import TEXT, region_color
from cenfigures.view.linebreak import wrap
from cenfigures.view.model import ChartSpec, View

LINE_PX = 17  # a line of the label above a block
BAR_PX = 24
GAP_PX = 16
LABEL_UNITS = 44


def outcomes_of(view: View, targets: pd.DataFrame) -> pd.DataFrame:
    """Observed or derived figures of the indicators and regions of `targets`, from any article."""
    if targets.empty:
        return targets
    wanted = {(series_key(row), row["region_id"]) for _, row in targets.iterrows()}
    others = view.figures[view.figures["kind"].isin(("observed", "derived"))]
    keep = [(series_key(row), row["region_id"]) in wanted for _, row in others.iterrows()]
    return others[keep] if any(keep) else others.iloc[0:0]


def series_name(view: View, row) -> str:
    """ "2025年目标" / "Target, 2025": what one bar of a block is."""
    return view.t("chart.series", kind=view.t.kind(row["kind"]), period=row["period"])


def _block_label(view: View, block: pd.DataFrame, several_regions: bool) -> list[str]:
    """Lines above a block: the values (with what each is when there are several), then the name."""
    first = block.iloc[0]
    name = indicator_name(view, first)
    if several_regions:
        name = view.t("chart.category_region", region=view.region_name(first["region_id"]), indicator=name)
    if len(block) == 1:
        values = f"<b>{html.escape(value_label(view, first))}</b>"
    else:
        values = " · ".join(
            f"{html.escape(series_name(view, r))} <b>{html.escape(value_label(view, r))}</b>"
            for _, r in block.iterrows()
        )
    return [values, *(html.escape(line) for line in wrap(name, LABEL_UNITS))]


def _blocks(rows: pd.DataFrame) -> list[pd.DataFrame]:
    """One block per indicator and region, in the order they first appear."""
    keys = list(dict.fromkeys((series_key(r), r["region_id"]) for _, r in rows.iterrows()))
    return [rows[[(series_key(r), r["region_id"]) == key for _, r in rows.iterrows()]] for key in keys]


def build(view: View, spec: ChartSpec) -> Chart:
    selected = view.select(spec.select)
    extra = outcomes_of(view, selected) if spec.options.get("outcomes") else selected.iloc[0:0]
    rows = by_period(concat(selected, extra))
    several_regions = rows["region_id"].nunique() > 1 if not rows.empty else False
    units = list(dict.fromkeys(rows["unit"])) if not rows.empty else []
    panels: list[str | None] = units if spec.options.get("panels") == "unit" and len(units) > 1 else [None]
    layout = []  # per panel: (blocks with their label lines and pixel positions, panel height in px)
    for unit in panels:
        part = rows if unit is None else rows[rows["unit"] == unit]
        placed, y = [], 0
        for block in _blocks(part):
            lines = _block_label(view, block, several_regions)
            top = y
            y += LINE_PX * len(lines) + 4
            centers = [y + BAR_PX * (i + 0.5) for i in range(len(block))]
            y += BAR_PX * len(block) + GAP_PX
            placed.append((block, lines, top, centers))
        layout.append((placed, max(y, 40)))
    titles = [view.t("chart.panel_unit", unit=view.t.unit(u)) for u in panels] if panels != [None] else None
    total_px = sum(height for _, height in layout)
    in_legend: set[str] = set()
    fig = make_subplots(
        rows=len(panels),
        cols=1,
        row_heights=[height / total_px for _, height in layout],
        vertical_spacing=min(0.06, 0.3 / len(panels)) if len(panels) > 1 else 0.02,
        subplot_titles=titles,
    )
    for panel, (placed, height) in enumerate(layout, start=1):
        top_value = max((float(b["value"].max()) for b, _, _, _ in placed), default=1.0) or 1.0
        series: dict[tuple, dict[str, list]] = {}  # one trace per kind, period and region: a corpus has many bars
        for block, lines, top, centers in placed:
            fig.add_annotation(
                x=0,
                y=top,
                xref=f"x{panel if panel > 1 else ''} domain",
                yref=f"y{panel if panel > 1 else ''}",
                text="<br>".join(lines),
                showarrow=False,
                xanchor="left",
                yanchor="top",
                align="left",
                font={"size": 13, "color": TEXT},
            )
            hovers = hover_texts(view, block)
            for (_, row), center, hover in zip(block.iterrows(), centers, hovers):
                bars = series.setdefault(
                    (row["kind"], row["period"], row["region_id"]),
                    {"x": [], "y": [], "ids": [], "hover": [], "row": row},
                )
                bars["x"].append(row["value"])
                bars["y"].append(center)
                bars["ids"].append(row["figure_id"])
                bars["hover"].append(hover)
        for (kind, _, region), bars in series.items():
            name = series_name(view, bars["row"])
            fig.add_bar(
                x=bars["x"],
                y=bars["y"],
                width=BAR_PX * 0.72,
                orientation="h",
                name=name,
                legendgroup=name,
                showlegend=name not in in_legend,
                marker=bar_marker(kind, region_color(region)),
                customdata=bars["ids"],
                hovertext=bars["hover"],
                hoverinfo="text",
                row=panel,
                col=1,
            )
            in_legend.add(name)
        fig.update_yaxes(range=[height, 0], visible=False, row=panel, col=1)
        # Shares are drawn against their whole (100%), other units against the largest value.
        percent = all(b.iloc[0]["unit"] == "percent" for b, _, _, _ in placed)
        fig.update_xaxes(
            range=[0, max(top_value, 100.0) if percent else top_value * 1.05], visible=False, row=panel, col=1
        )
    fig.update_layout(barmode="overlay")
    values = {"items": items(view, selected) if not selected.empty else ""}
    extra_px = 30 * (len(panels) - 1)
    return chart(view, spec, fig, rows, values, height=110 + total_px + extra_px, top_extra=panel_titles_left(fig))
